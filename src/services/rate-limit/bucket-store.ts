/** The outcome of one take: whether a token was left, and when the current window ends (epoch ms). */
export type TokenTake = { allowed: boolean; resetAt: number };

/**
 * Where buckets live. Every store implements the same fixed window, atomically per key: the first take of a
 * bucket opens a window of `intervalMs` holding `tokens`; a take at or after the window's end opens a new
 * one. Because a lapsed window is as good as a missing bucket, sweeping or expiring buckets once their window
 * has ended never changes an outcome, so all stores answer alike.
 */
export interface BucketStore {
  takeToken(key: string, tokens: number, intervalMs: number, now: number): Promise<TokenTake>;
  close(): void;
}
