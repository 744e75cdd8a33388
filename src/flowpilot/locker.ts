import { RedisClient } from "bun";

/** Serialises requests on one flow. Fail-fast, as Hanko: a second concurrent request is refused, not queued. */
export interface FlowLocker {
  /** Resolves to a release function, or undefined when the flow is locked already. */
  acquire(flowId: string): Promise<(() => Promise<void>) | undefined>;
  close(): void;
}

/** One node: a set of flow ids in memory. */
export function inMemoryLocker(): FlowLocker {
  const held = new Set<string>();
  return {
    async acquire(flowId) {
      if (held.has(flowId)) return undefined;
      held.add(flowId);
      return async () => void held.delete(flowId);
    },
    close: () => held.clear(),
  };
}

/** Several nodes sharing a database: `SET flow:lock:<id> <token> NX PX <ttl>`, released only by its holder. */
export function redisLocker(options: { address: string; password: string; ttlMs: number }): FlowLocker {
  const auth = options.password === "" ? "" : `:${encodeURIComponent(options.password)}@`;
  const client = new RedisClient(`redis://${auth}${options.address}`);
  const release = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
  return {
    async acquire(flowId) {
      const key = `flow:lock:${flowId}`;
      const token = crypto.randomUUID();
      const ok = await client.send("SET", [key, token, "NX", "PX", String(options.ttlMs)]);
      if (ok !== "OK") return undefined;
      return async () => void (await client.send("EVAL", [release, "1", key, token]));
    },
    close: () => client.close(),
  };
}

/** Only to satisfy `flow_locker.enabled: false`: every acquire succeeds. */
export function noLocker(): FlowLocker {
  return { acquire: async () => async () => {}, close: () => {} };
}
