import { expect, test } from "bun:test";
import { type Config, defaultConfig } from "../../../src/config/schema.ts";
import { rateLimiterFor } from "../../../src/services/rate-limit/limiter.ts";

/** The default config with `rate_limiter` overridden; password limits are 5 per minute unless said otherwise. */
export function rateLimiterConfig(settings: Partial<Config["rate_limiter"]>): Config {
  const config = defaultConfig();
  config.rate_limiter = { ...config.rate_limiter, password_limits: { tokens: 5, interval: "1m" }, ...settings };
  return config;
}

/** A clock the test moves by hand, starting at an arbitrary epoch millisecond. */
export function manualClock(start = 1_700_000_000_000) {
  const clock = { at: start, now: () => clock.at };
  return clock;
}

/** Behaviour every store must show; `config` builds a fresh config for the store under test. */
export function rateLimiterContract(config: () => Config): void {
  test("tokens are taken until the limit, then refused with the whole seconds left in the window", async () => {
    const clock = manualClock();
    const limiter = rateLimiterFor(config(), clock.now);
    const key = `password/10.0.0.1/${crypto.randomUUID()}`;
    for (let i = 0; i < 5; i++) expect(await limiter.take("password", key)).toEqual({ allowed: true });
    clock.at += 10_500;
    expect(await limiter.take("password", key)).toEqual({ allowed: false, retryAfterSeconds: 49 });
    clock.at += 49_000;
    expect(await limiter.take("password", key)).toEqual({ allowed: false, retryAfterSeconds: 0 });
    limiter.close();
  });

  test("the window refills completely at its boundary, measured from the bucket's first use", async () => {
    const clock = manualClock();
    const limiter = rateLimiterFor(config(), clock.now);
    const key = `password/10.0.0.1/${crypto.randomUUID()}`;
    for (let i = 0; i < 5; i++) await limiter.take("password", key);
    clock.at += 59_999;
    expect(await limiter.take("password", key)).toEqual({ allowed: false, retryAfterSeconds: 0 });
    clock.at += 1;
    for (let i = 0; i < 5; i++) expect(await limiter.take("password", key)).toEqual({ allowed: true });
    expect(await limiter.take("password", key)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    limiter.close();
  });

  test("each key has a bucket of its own", async () => {
    const clock = manualClock();
    const limiter = rateLimiterFor(config(), clock.now);
    const [first, second] = [`password/10.0.0.1/${crypto.randomUUID()}`, `password/10.0.0.2/${crypto.randomUUID()}`];
    for (let i = 0; i < 5; i++) await limiter.take("password", first);
    expect((await limiter.take("password", first)).allowed).toBe(false);
    expect(await limiter.take("password", second)).toEqual({ allowed: true });
    limiter.close();
  });

  test("of 50 concurrent takes against a limit of 5 in one window exactly 5 are admitted", async () => {
    const limiter = rateLimiterFor(config(), manualClock().now);
    const key = `password/10.0.0.1/${crypto.randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter.take("password", key)));
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
    limiter.close();
  });
}
