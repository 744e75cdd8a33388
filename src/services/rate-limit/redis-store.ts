import { RedisClient } from "bun";
import type { BucketStore } from "./bucket-store.ts";

export const REDIS_KEY_PREFIX = "hanko:ratelimit:";

// Runs atomically on the server, so any number of nodes share one count. The key expires with its window;
// `now` comes from the caller, as the window's end is compared with it and not with the server's clock.
const TAKE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local bucket = redis.call("HMGET", KEYS[1], "reset_at", "remaining")
local reset_at = tonumber(bucket[1])
local remaining = tonumber(bucket[2])
if reset_at == nil or remaining == nil or now >= reset_at then
  reset_at = now + interval
  remaining = tonumber(ARGV[3])
end
local allowed = 0
if remaining > 0 then
  remaining = remaining - 1
  allowed = 1
end
redis.call("HSET", KEYS[1], "reset_at", reset_at, "remaining", remaining)
redis.call("PEXPIRE", KEYS[1], math.max(reset_at - now, 1))
return { allowed, reset_at }`;

/** Buckets in Redis, for several nodes; `password` is sent when not empty. */
export function redisBucketStore(options: { address: string; password: string }): BucketStore {
  const auth = options.password === "" ? "" : `:${encodeURIComponent(options.password)}@`;
  const client = new RedisClient(`redis://${auth}${options.address}`);
  return {
    async takeToken(key, tokens, intervalMs, now) {
      const args = [TAKE, "1", REDIS_KEY_PREFIX + key, String(now), String(intervalMs), String(tokens)];
      const [allowed, resetAt] = (await client.send("EVAL", args)) as [number, number];
      return { allowed: allowed === 1, resetAt };
    },
    close: () => client.close(),
  };
}
