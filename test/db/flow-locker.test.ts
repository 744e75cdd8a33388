import { describe, expect, test } from "bun:test";
import { type FlowLocker, inMemoryLocker, redisLocker } from "../../src/flowpilot/locker.ts";

const REDIS = process.env.TEST_REDIS_ADDRESS ?? "127.0.0.1:6379";

async function redisReachable(): Promise<boolean> {
  try {
    const probe = redisLocker({ address: REDIS, password: "", ttlMs: 1000 });
    const release = await probe.acquire(crypto.randomUUID());
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
  test("refuses a second holder at once and admits one after the release", async () => {
    const locker = make();
    const flowId = crypto.randomUUID();
    const release = await locker.acquire(flowId);
    expect(release).toBeDefined();
    expect(await locker.acquire(flowId)).toBeUndefined();
    expect(await locker.acquire(crypto.randomUUID())).toBeDefined();
    await release!();
    expect(await locker.acquire(flowId)).toBeDefined();
    locker.close();
  });

  test("of twenty concurrent requests on one flow exactly one gets the lock", async () => {
    const locker = make();
    const flowId = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => locker.acquire(flowId)));
    expect(results.filter(Boolean)).toHaveLength(1);
    locker.close();
  });
});

describe.skipIf(lockers.length < 2)("the redis flow locker across nodes", () => {
  test("a lock taken by one node is seen by another, and expires when its holder dies", async () => {
    const first = redisLocker({ address: REDIS, password: "", ttlMs: 300 });
    const second = redisLocker({ address: REDIS, password: "", ttlMs: 300 });
    const flowId = crypto.randomUUID();
    expect(await first.acquire(flowId)).toBeDefined();
    expect(await second.acquire(flowId)).toBeUndefined();
    await Bun.sleep(400);
    const release = await second.acquire(flowId);
    expect(release).toBeDefined();
    first.close();
    second.close();
  });

  test("a holder whose lock expired cannot release the next holder's lock", async () => {
    const first = redisLocker({ address: REDIS, password: "", ttlMs: 200 });
    const second = redisLocker({ address: REDIS, password: "", ttlMs: 5000 });
    const flowId = crypto.randomUUID();
    const stale = await first.acquire(flowId);
    await Bun.sleep(300);
    expect(await second.acquire(flowId)).toBeDefined();
    await stale!();
    expect(await first.acquire(flowId)).toBeUndefined();
    first.close();
    second.close();
  });
});
