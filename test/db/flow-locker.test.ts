import { describe, expect, test } from "bun:test";
import { type FlowLocker, inMemoryLocker, redisLocker } from "../../src/flowpilot/locker.ts";

const REDIS = process.env.TEST_REDIS_ADDRESS ?? "127.0.0.1:6379";

async function redisReachable(): Promise<boolean> {
  try {
    const probe = redisLocker({ address: REDIS, password: "", ttlMs: 1000 });
    const release = await probe.acquire(crypto.randomUUID(), 0);
    await release?.();
    probe.close();
    return true;
  } catch {
    return false;
  }
}

const lockers: [string, () => FlowLocker][] = [["in memory", inMemoryLocker]];
if (await redisReachable()) lockers.push(["redis", () => redisLocker({ address: REDIS, password: "", ttlMs: 2000 })]);

describe.each(lockers)("the %s flow locker", (_name, make) => {
  test("a second holder waits for the release, and gives up after its wait", async () => {
    const locker = make();
    const flowId = crypto.randomUUID();
    const release = await locker.acquire(flowId, 0);
    expect(release).toBeDefined();
    expect(await locker.acquire(flowId, 50)).toBeUndefined();
    expect(await locker.acquire(crypto.randomUUID(), 0)).toBeDefined();
    const waiting = locker.acquire(flowId, 2000);
    await Bun.sleep(100);
    await release!();
    expect(await waiting).toBeDefined();
    locker.close();
  });

  test("twenty concurrent requests on one flow hold the lock one after another, never two at once", async () => {
    const locker = make();
    const flowId = crypto.randomUUID();
    let holders = 0;
    let most = 0;
    const granted = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await locker.acquire(flowId, 5000);
        if (!release) return false;
        most = Math.max(most, ++holders);
        await Bun.sleep(5);
        holders--;
        await release();
        return true;
      }),
    );
    expect(granted.every(Boolean)).toBe(true);
    expect(most).toBe(1);
    locker.close();
  });

  test("one that gave up does not hold up those queued behind it", async () => {
    const locker = make();
    const flowId = crypto.randomUUID();
    const release = await locker.acquire(flowId, 0);
    const impatient = locker.acquire(flowId, 30);
    const patient = locker.acquire(flowId, 2000);
    expect(await impatient).toBeUndefined();
    await release!();
    expect(await patient).toBeDefined();
    locker.close();
  });
});

describe.skipIf(lockers.length < 2)("the redis flow locker across nodes", () => {
  test("a lock taken by one node is seen by another, and expires when its holder dies", async () => {
    const first = redisLocker({ address: REDIS, password: "", ttlMs: 300 });
    const second = redisLocker({ address: REDIS, password: "", ttlMs: 300 });
    const flowId = crypto.randomUUID();
    expect(await first.acquire(flowId, 0)).toBeDefined();
    expect(await second.acquire(flowId, 0)).toBeUndefined();
    await Bun.sleep(400);
    const release = await second.acquire(flowId, 0);
    expect(release).toBeDefined();
    first.close();
    second.close();
  });

  test("a holder whose lock expired cannot release the next holder's lock", async () => {
    const first = redisLocker({ address: REDIS, password: "", ttlMs: 200 });
    const second = redisLocker({ address: REDIS, password: "", ttlMs: 5000 });
    const flowId = crypto.randomUUID();
    const stale = await first.acquire(flowId, 0);
    await Bun.sleep(300);
    expect(await second.acquire(flowId, 0)).toBeDefined();
    await stale!();
    expect(await first.acquire(flowId, 0)).toBeUndefined();
    first.close();
    second.close();
  });
});
