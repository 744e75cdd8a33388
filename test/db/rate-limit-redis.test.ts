import { afterAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { rateLimiterFor } from "../../src/services/rate-limit/limiter.ts";
import { REDIS_KEY_PREFIX } from "../../src/services/rate-limit/redis-store.ts";
import { REDIS, redisReachable } from "../support/redis.ts";
import { manualClock, rateLimiterConfig, rateLimiterContract } from "../unit/rate-limit/contract.ts";

// Skipped only when Redis is away and nobody asked for it; with TEST_REQUIRE_REDIS the suite runs and fails.
const skip = !(await redisReachable()) && !process.env.TEST_REQUIRE_REDIS;
const config = (settings: Parameters<typeof rateLimiterConfig>[0] = {}) =>
  rateLimiterConfig({ store: "redis", redis_config: { address: REDIS, password: "" }, ...settings });

describe.skipIf(skip)("the redis rate limiter", () => {
  const inspector = new RedisClient(`redis://${REDIS}`);
  afterAll(() => inspector.close());

  rateLimiterContract(() => config());

  test("two nodes share one count: 5 taken on one leave nothing for the other", async () => {
    const [first, second] = [rateLimiterFor(config()), rateLimiterFor(config())];
    const key = `password/10.0.0.1/${crypto.randomUUID()}`;
    const fromFirst = await Promise.all(Array.from({ length: 5 }, () => first.take("password", key)));
    const fromSecond = await Promise.all(Array.from({ length: 10 }, () => second.take("password", key)));
    expect([...fromFirst, ...fromSecond].filter((result) => result.allowed)).toHaveLength(5);
    first.close();
    second.close();
  });

  test("buckets live under the hanko:ratelimit: prefix and expire with their window", async () => {
    const limiter = rateLimiterFor(config(), manualClock().now);
    const key = `token_exchange/${crypto.randomUUID()}`;
    await limiter.take("password", key);
    const ttl = (await inspector.send("PTTL", [REDIS_KEY_PREFIX + key])) as number;
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    limiter.close();
  });
});

describe.skipIf(!Bun.which("redis-server"))("the redis rate limiter against a server with a password", () => {
  test("authenticates with redis_config.password, without which the server refuses", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const password = "s3cret:/@pass";
    const server = Bun.spawn(["redis-server", "--port", String(port), "--requirepass", password, "--save", "", "--appendonly", "no"], {
      stdout: "ignore",
      stderr: "ignore",
    });
    try {
      const address = `127.0.0.1:${port}`;
      for (let i = 0; i < 100 && !(await redisReachable(address, password)); i++) await Bun.sleep(50);
      const limiter = rateLimiterFor(config({ redis_config: { address, password } }));
      expect(await limiter.take("password", "k")).toEqual({ allowed: true });
      limiter.close();
      const anonymous = rateLimiterFor(config({ redis_config: { address, password: "" } }));
      await expect(anonymous.take("password", "k")).rejects.toThrow(/NOAUTH/);
      anonymous.close();
    } finally {
      server.kill();
      await server.exited;
    }
  });
});
