import type { Config } from "../../config/schema.ts";
import type { Logger } from "../../log/logger.ts";
import { parseDuration } from "../../gocompat/duration.ts";
import type { BucketStore } from "./bucket-store.ts";
import { inProcessClaims } from "./claims.ts";
import { inMemoryBucketStore } from "./memory-store.ts";
import { redisBucketStore } from "./redis-store.ts";
import { sqliteBucketStore } from "./sqlite-store.ts";

export type RateLimit = "passcode" | "password" | "otp" | "token" | "flow_creation" | "email" | "password_ip";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one token from `key`'s bucket under the limit set `limit`. */
  take(limit: RateLimit, key: string): Promise<RateLimitResult>;
  /**
   * Claims `key` for one piece of work at a time on this node, waiting behind a few others: how to let
   * go, or undefined when too many wait. For work whose cost is this node's CPU (hashing), which no
   * count shared by nodes bounds.
   */
  claim(key: string): Promise<(() => void) | undefined>;
  close(): void;
}

type RateLimiterSettings = Config["rate_limiter"];
type Window = { tokens: number; intervalMs: number };

/**
 * Our limits that count per client address alone. Behind a proxy that `server.ip` does not see
 * through, every client has the proxy's address, and one of these would throttle the whole site, so
 * a refusal is logged for the operator: once per address and window.
 */
const PER_ADDRESS: Partial<Record<RateLimit, string>> = {
  flow_creation: "rate_limiter.flow_creation_limits",
  email: "rate_limiter.email_limits",
  password_ip: "rate_limiter.password_ip_limits",
};
const MAX_WARNED_KEYS = 10_000;

/** The limiter `rate_limiter` describes; `now` (epoch ms) is injectable for tests. */
export function rateLimiterFor(config: Config, now: () => number = Date.now, log?: Logger): RateLimiter {
  const settings = config.rate_limiter;
  if (!settings.enabled) return { take: async () => ({ allowed: true }), claim: async () => () => {}, close: () => {} };
  const windows: Record<RateLimit, Window> = {
    passcode: windowOf(settings.passcode_limits),
    password: windowOf(settings.password_limits),
    otp: windowOf(settings.otp_limits),
    token: windowOf(settings.token_limits),
    flow_creation: windowOf(settings.flow_creation_limits),
    email: windowOf(settings.email_limits),
    password_ip: windowOf(settings.password_ip_limits),
  };
  const store = storeFor(settings);
  const claims = inProcessClaims();
  const warned = new Map<string, number>();
  const warn = (limit: RateLimit, key: string, resetAt: number) => {
    const setting = PER_ADDRESS[limit];
    if (!setting || !log || warned.get(key) === resetAt) return;
    if (warned.size >= MAX_WARNED_KEYS) warned.clear();
    warned.set(key, resetAt);
    log.warn(
      `${setting} refused a client address; if all clients reach this server through a proxy, set server.ip so that each is counted by its own address`,
      {
        key,
        tokens: windows[limit].tokens,
        interval_ms: windows[limit].intervalMs,
      },
    );
  };
  return {
    async take(limit, key) {
      const { tokens, intervalMs } = windows[limit];
      const at = Math.floor(now());
      const { allowed, resetAt } = await store.takeToken(key, tokens, intervalMs, at);
      if (allowed) return { allowed };
      warn(limit, key, resetAt);
      return { allowed, retryAfterSeconds: Math.floor((resetAt - at) / 1000) };
    },
    claim: (key) => claims.claim(key),
    close: () => store.close(),
  };
}

// go-limiter replaces zero tokens by 1 and a zero interval by 1s; whole milliseconds keep all stores exact.
function windowOf(limits: RateLimiterSettings["passcode_limits"]): Window {
  const intervalMs = Math.ceil(parseDuration(limits.interval));
  return { tokens: Math.max(limits.tokens, 1), intervalMs: intervalMs > 0 ? intervalMs : 1000 };
}

function storeFor(settings: RateLimiterSettings): BucketStore {
  switch (settings.store) {
    case "in_memory":
      return inMemoryBucketStore();
    case "sqlite":
      return sqliteBucketStore(settings.sqlite_path);
    case "redis":
      return redisBucketStore(settings.redis_config);
  }
}
