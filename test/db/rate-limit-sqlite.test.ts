import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { rateLimiterFor } from "../../src/services/rate-limit/limiter.ts";
import { sqliteBucketStore } from "../../src/services/rate-limit/sqlite-store.ts";
import { manualClock, rateLimiterConfig, rateLimiterContract } from "../unit/rate-limit/contract.ts";

const freshPath = () => join(mkdtempSync(join(tmpdir(), "hanko-ratelimit-")), "buckets.sqlite");
const STORE_MODULE = resolve(import.meta.dir, "../../src/services/rate-limit/sqlite-store.ts");
const NOW = 1_700_000_000_000;

/** Another `bun` process taking `count` tokens at once from `key` (5 per minute); resolves to how many it got. */
async function takeInOtherProcess(path: string, key: string, count: number): Promise<number> {
  const script = `
    const { sqliteBucketStore } = await import(${JSON.stringify(STORE_MODULE)});
    const store = sqliteBucketStore(${JSON.stringify(path)});
    const takes = await Promise.all(Array.from({ length: ${count} }, () => store.takeToken(${JSON.stringify(key)}, 5, 60000, ${NOW})));
    store.close();
    console.log(takes.filter((take) => take.allowed).length);`;
  const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const [output, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  expect(exitCode).toBe(0);
  return Number(output.trim());
}

describe("the sqlite rate limiter", () => {
  rateLimiterContract(() => rateLimiterConfig({ store: "sqlite", sqlite_path: freshPath() }));

  test("a second process on the same file sees the tokens this one took", async () => {
    const path = freshPath();
    const store = sqliteBucketStore(path);
    for (let i = 0; i < 3; i++) expect((await store.takeToken("k", 5, 60_000, NOW)).allowed).toBe(true);
    expect(await takeInOtherProcess(path, "k", 5)).toBe(2);
    expect((await store.takeToken("k", 5, 60_000, NOW)).allowed).toBe(false);
    store.close();
  });

  test("processes racing on the same file admit exactly the limit between them", async () => {
    const path = freshPath();
    sqliteBucketStore(path).close();
    const admitted = await Promise.all([1, 2, 3, 4].map(() => takeInOtherProcess(path, "k", 25)));
    expect(admitted.reduce((sum, n) => sum + n, 0)).toBe(5);
  });

  test("counts survive closing and reopening the file", async () => {
    const config = rateLimiterConfig({ store: "sqlite", sqlite_path: freshPath() });
    const clock = manualClock();
    const before = rateLimiterFor(config, clock.now);
    for (let i = 0; i < 5; i++) await before.take("password", "k");
    before.close();
    clock.at += 30_000;
    const after = rateLimiterFor(config, clock.now);
    expect(await after.take("password", "k")).toEqual({ allowed: false, retryAfterSeconds: 30 });
    after.close();
  });
});
