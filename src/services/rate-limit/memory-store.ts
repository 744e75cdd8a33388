import type { BucketStore } from "./bucket-store.ts";

const SWEEP_EVERY_MS = 60_000;

type Bucket = { resetAt: number; remaining: number };

/** One process: buckets in a Map, those whose window has ended dropped at most once a minute. */
export function inMemoryBucketStore(): BucketStore {
  const buckets = new Map<string, Bucket>();
  let nextSweep = -Infinity;
  return {
    async takeToken(key, tokens, intervalMs, now) {
      if (now >= nextSweep) {
        for (const [k, b] of buckets) if (now >= b.resetAt) buckets.delete(k);
        nextSweep = now + SWEEP_EVERY_MS;
      }
      let bucket = buckets.get(key);
      if (bucket === undefined || now >= bucket.resetAt) {
        bucket = { resetAt: now + intervalMs, remaining: tokens };
        buckets.set(key, bucket);
      }
      const allowed = bucket.remaining > 0;
      if (allowed) bucket.remaining--;
      return { allowed, resetAt: bucket.resetAt };
    },
    close: () => buckets.clear(),
  };
}
