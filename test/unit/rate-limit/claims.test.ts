import { describe, expect, test } from "bun:test";
import { inProcessClaims } from "../../../src/services/rate-limit/claims.ts";

describe("in-process claims", () => {
  test("waiters are served one at a time, in the order they came", async () => {
    const claims = inProcessClaims(2);
    const order: string[] = [];
    const first = await claims.claim("ip");
    const second = claims.claim("ip").then((release) => (order.push("second"), release));
    const third = claims.claim("ip").then((release) => (order.push("third"), release));
    await Bun.sleep(1);
    expect(order).toEqual([]);
    first!();
    (await second)!();
    (await third)!();
    expect(order).toEqual(["second", "third"]);
    // Free again: the next claim is granted at once.
    expect(await claims.claim("ip")).toBeFunction();
  });

  test("beyond the waiting limit a claim is refused at once, and other keys are not affected", async () => {
    const claims = inProcessClaims(1);
    const held = await claims.claim("ip");
    const waiting = claims.claim("ip");
    expect(await claims.claim("ip")).toBeUndefined();
    expect(await claims.claim("other ip")).toBeFunction();
    held!();
    const next = await waiting;
    expect(next).toBeFunction();
    // Letting go twice does not hand the key to two holders.
    next!();
    next!();
    const again = await claims.claim("ip");
    expect(await Promise.race([claims.claim("ip").then(() => "granted"), Bun.sleep(20).then(() => "waiting")])).toBe("waiting");
    again!();
  });
});
