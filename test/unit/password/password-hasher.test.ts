import { describe, expect, test } from "bun:test";
import { PasswordHasher } from "../../../src/services/password/password-hasher.ts";

const hasher = new PasswordHasher();

describe("password hashing", () => {
  test("new hashes are argon2id with OWASP's 19 MiB, two-pass setting, and verify", async () => {
    const hash = await hasher.hash("correct horse battery staple");
    expect(hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
    expect(await hasher.verify("correct horse battery staple", hash)).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify("wrong", hash)).toEqual({ ok: false, needsRehash: false });
  });

  test("a bcrypt hash such as Hanko stores verifies and asks to be replaced", async () => {
    const bcrypt = await Bun.password.hash("hunter22", { algorithm: "bcrypt", cost: 4 });
    expect(await hasher.verify("hunter22", bcrypt)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify("hunter23", bcrypt)).toEqual({ ok: false, needsRehash: false });
  });

  test("against a bcrypt hash only the first 72 bytes of a password count, as with Go's bcrypt", async () => {
    const first72 = "ä".repeat(36);
    const bcrypt = await Bun.password.hash(new TextEncoder().encode(first72), { algorithm: "bcrypt", cost: 4 });
    expect((await hasher.verify(`${first72}and more`, bcrypt)).ok).toBe(true);
    expect((await hasher.verify(`${"ä".repeat(35)}ö`, bcrypt)).ok).toBe(false);
  });

  test("an argon2id hash with weaker parameters verifies and asks to be replaced", async () => {
    const weak = await Bun.password.hash("pw", { algorithm: "argon2id", memoryCost: 8192, timeCost: 1 });
    expect(await hasher.verify("pw", weak)).toEqual({ ok: true, needsRehash: true });
  });

  test("an unknown hash format never verifies", async () => {
    expect(await hasher.verify("pw", "$fbscrypt$v=1,n=14$x$y")).toEqual({ ok: false, needsRehash: false });
    expect(await hasher.verify("pw", "plaintext")).toEqual({ ok: false, needsRehash: false });
  });

  test("checking a password for nobody takes about as long as checking a real hash", async () => {
    const real = await hasher.hash("pw");
    await hasher.verifyNobody("warm-up");
    const time = async (work: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) await work();
      return performance.now() - start;
    };
    const known = await time(() => hasher.verify("pw", real));
    const unknown = await time(() => hasher.verifyNobody("pw"));
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });
});
