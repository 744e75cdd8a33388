import { RedisClient } from "bun";

/**
 * Serialises requests on one flow. A second concurrent request waits up to `waitMs` for the first
 * to finish and then runs against the state it left (where its stale CSRF token refuses it), so a
 * client racing itself gets a 4xx; Hanko fails it fast with a 500.
 */
export interface FlowLocker {
  /** Resolves to a release function, or undefined when the flow stayed locked for `waitMs`; rejects when the locker cannot be asked. */
  acquire(flowId: string, waitMs: number): Promise<(() => Promise<void>) | undefined>;
  close(): void;
}

/** One node: per flow, a queue of waiting requests in memory. */
export function inMemoryLocker(): FlowLocker {
  const queues = new Map<string, Promise<void>>();
  return {
    async acquire(flowId, waitMs) {
      const ahead = queues.get(flowId) ?? Promise.resolve();
      let done!: () => void;
      const mine = new Promise<void>((resolve) => (done = resolve));
      const tail = ahead.then(() => mine);
      queues.set(flowId, tail);
      const release = async () => {
        done();
        if (queues.get(flowId) === tail) queues.delete(flowId);
      };
      let timer: Timer | undefined;
      const turn = await Promise.race([
        ahead.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
      ]);
      clearTimeout(timer);
      if (turn) return release;
      // Gave up: those queued behind must not wait for a turn that is never taken.
      await release();
      return undefined;
    },
    close: () => queues.clear(),
  };
}

const REDIS_POLL_MS = 20;
/** Redis that does not answer at all is a fault to report, not a lock to wait for: the client would queue commands while it reconnects. */
const REDIS_ANSWER_MS = 2_000;

async function answered<T>(command: Promise<T>): Promise<T> {
  let timer: Timer | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the flow locker's Redis did not answer within ${REDIS_ANSWER_MS} ms`)), REDIS_ANSWER_MS);
  });
  try {
    return await Promise.race([command, silence]);
  } finally {
    clearTimeout(timer);
  }
}

/** Several nodes sharing a database: `SET flow:lock:<id> <token> NX PX <ttl>`, released only by its holder. */
export function redisLocker(options: { address: string; password: string; ttlMs: number }): FlowLocker {
  const auth = options.password === "" ? "" : `:${encodeURIComponent(options.password)}@`;
  const client = new RedisClient(`redis://${auth}${options.address}`);
  const release = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
  return {
    async acquire(flowId, waitMs) {
      const key = `flow:lock:${flowId}`;
      const token = crypto.randomUUID();
      const deadline = Date.now() + waitMs;
      for (;;) {
        const ok = await answered(client.send("SET", [key, token, "NX", "PX", String(options.ttlMs)]));
        if (ok === "OK") return async () => void (await answered(client.send("EVAL", [release, "1", key, token])));
        if (Date.now() >= deadline) return undefined;
        await Bun.sleep(REDIS_POLL_MS);
      }
    },
    close: () => client.close(),
  };
}

/** Only to satisfy `flow_locker.enabled: false`: every acquire succeeds. */
export function noLocker(): FlowLocker {
  return { acquire: async () => async () => {}, close: () => {} };
}
