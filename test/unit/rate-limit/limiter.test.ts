import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rateLimiterFor } from "../../../src/services/rate-limit/limiter.ts";
import { manualClock, rateLimiterConfig } from "./contract.ts";

describe("rateLimiterFor", () => {
  test("a disabled rate limiter admits every take", async () => {
    const limiter = rateLimiterFor(rateLimiterConfig({ enabled: false, password_limits: { tokens: 1, interval: "1h" } }));
    for (let i = 0; i < 20; i++) expect(await limiter.take("password", "password/10.0.0.1/a@example.com")).toEqual({ allowed: true });
    limiter.close();
  });

  test("each limit set applies its own tokens and interval", async () => {
    const config = rateLimiterConfig({ passcode_limits: { tokens: 1, interval: "30s" }, otp_limits: { tokens: 2, interval: "2m" } });
    const limiter = rateLimiterFor(config, manualClock().now);
    expect(await limiter.take("passcode", "k1")).toEqual({ allowed: true });
    expect(await limiter.take("passcode", "k1")).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await limiter.take("otp", "k2")).toEqual({ allowed: true });
    expect(await limiter.take("otp", "k2")).toEqual({ allowed: true });
    expect(await limiter.take("otp", "k2")).toEqual({ allowed: false, retryAfterSeconds: 120 });
    limiter.close();
  });

  test("a refusal by a per-address limit is logged once per address and window, naming the setting; Hanko's are not", async () => {
    const clock = manualClock();
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const log = {
      debug() {},
      info() {},
      error() {},
      warn: (message: string, fields?: Record<string, unknown>) => void warnings.push({ message, fields }),
    };
    const config = rateLimiterConfig({ email_limits: { tokens: 1, interval: "10m" }, passcode_limits: { tokens: 1, interval: "1m" } });
    const limiter = rateLimiterFor(config, clock.now, log);
    for (let i = 0; i < 3; i++) await limiter.take("email", "email/10.0.0.1");
    for (let i = 0; i < 3; i++) await limiter.take("passcode", "passcode/10.0.0.1/a@example.com");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("rate_limiter.email_limits");
    expect(warnings[0]!.message).toContain("server.ip");
    expect(warnings[0]!.fields).toMatchObject({ key: "email/10.0.0.1" });
    clock.at += 10 * 60 * 1000;
    for (let i = 0; i < 2; i++) await limiter.take("email", "email/10.0.0.1");
    expect(warnings).toHaveLength(2);
    limiter.close();
  });

  test("zero tokens and a zero interval mean one token per second, as in go-limiter", async () => {
    const clock = manualClock();
    const limiter = rateLimiterFor(rateLimiterConfig({ token_limits: { tokens: 0, interval: "0s" } }), clock.now);
    expect(await limiter.take("token", "token_exchange/10.0.0.1")).toEqual({ allowed: true });
    expect(await limiter.take("token", "token_exchange/10.0.0.1")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.at += 1000;
    expect(await limiter.take("token", "token_exchange/10.0.0.1")).toEqual({ allowed: true });
    limiter.close();
  });

  test("the in_memory store keeps its counts to the one limiter", async () => {
    const config = rateLimiterConfig({ store: "in_memory", password_limits: { tokens: 1, interval: "1m" } });
    const [first, second] = [rateLimiterFor(config), rateLimiterFor(config)];
    expect((await first.take("password", "k")).allowed).toBe(true);
    expect((await first.take("password", "k")).allowed).toBe(false);
    expect((await second.take("password", "k")).allowed).toBe(true);
    first.close();
    second.close();
  });

  test("the sqlite store keeps its counts in the file at sqlite_path", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "hanko-ratelimit-")), "buckets.sqlite");
    const config = rateLimiterConfig({ store: "sqlite", sqlite_path: path, password_limits: { tokens: 1, interval: "1m" } });
    const first = rateLimiterFor(config);
    expect(existsSync(path)).toBe(true);
    expect((await first.take("password", "k")).allowed).toBe(true);
    const second = rateLimiterFor(config);
    expect((await second.take("password", "k")).allowed).toBe(false);
    first.close();
    second.close();
  });
});
