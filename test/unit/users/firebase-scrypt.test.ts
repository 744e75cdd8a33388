import { describe, expect, test } from "bun:test";
import { createCipheriv, scryptSync } from "node:crypto";
import { parseFirebaseScrypt, verifyFirebaseScrypt } from "../../../src/services/password/firebase-scrypt.ts";
import { PasswordHasher } from "../../../src/services/password/password-hasher.ts";

// Firebase's own example (github.com/firebase/scrypt, README): project parameters and one account.
const PUBLISHED = {
  signerKey: "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
  saltSeparator: "Bw==",
  salt: "42xEC+ixf3L2lw==",
  hash: "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
};
const PUBLISHED_HASH = `$fbscrypt$v=1,n=14,r=8,p=1,ss=${PUBLISHED.saltSeparator},sk=${PUBLISHED.signerKey}$${PUBLISHED.salt}$${PUBLISHED.hash}`;

/** Builds a hash step by step from the algorithm of Hanko's backend/cmd/user/firebase.go and backend/flow_api/services/password.go, with cheap parameters. */
function constructHash(password: string, salt: Buffer, saltSeparator: Buffer, signerKey: Buffer): string {
  const derived = scryptSync(password, Buffer.concat([salt, saltSeparator]), 32, { N: 2 ** 4, r: 2, p: 1 });
  const cipher = createCipheriv("aes-256-ctr", derived, Buffer.alloc(16));
  const hash = Buffer.concat([cipher.update(signerKey), cipher.final()]);
  const b64 = (bytes: Buffer) => bytes.toString("base64");
  return `$fbscrypt$v=1,n=4,r=2,p=1,ss=${b64(saltSeparator)},sk=${b64(signerKey)}$${b64(salt)}$${b64(hash)}`;
}

const hasher = new PasswordHasher();

describe("Firebase scrypt hashes", () => {
  test("Firebase's published example verifies with its password", async () => {
    expect(await verifyFirebaseScrypt("user1password", parseFirebaseScrypt(PUBLISHED_HASH)!)).toBe(true);
  });

  test("Firebase's published example rejects another password", async () => {
    expect(await verifyFirebaseScrypt("user1password ", parseFirebaseScrypt(PUBLISHED_HASH)!)).toBe(false);
  });

  test("a hash constructed from the algorithm verifies with its password and no other", async () => {
    const stored = parseFirebaseScrypt(constructHash("pässword", Buffer.from("salt-1"), Buffer.from([7]), Buffer.alloc(64, 0xab)))!;
    expect(await verifyFirebaseScrypt("pässword", stored)).toBe(true);
    expect(await verifyFirebaseScrypt("password", stored)).toBe(false);
  });

  test("the salt separator takes part in the derivation", async () => {
    const hash = constructHash("pw", Buffer.from("salt"), Buffer.from([7]), Buffer.alloc(32, 1));
    const otherSeparator = hash.replace("ss=Bw==", "ss=CA==");
    expect(await verifyFirebaseScrypt("pw", parseFirebaseScrypt(otherSeparator)!)).toBe(false);
  });

  test("PasswordHasher verifies a Firebase scrypt hash and asks for it to be replaced", async () => {
    expect(await hasher.verify("user1password", PUBLISHED_HASH)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify("wrong", PUBLISHED_HASH)).toEqual({ ok: false, needsRehash: false });
  });

  test.each([
    ["another version", PUBLISHED_HASH.replace("v=1", "v=2")],
    ["a missing parameter", PUBLISHED_HASH.replace(",p=1", "")],
    ["a repeated parameter", PUBLISHED_HASH.replace("p=1", "p=1,p=1")],
    ["an unknown parameter", PUBLISHED_HASH.replace("p=1", "p=1,x=1")],
    ["a memory cost of 63", PUBLISHED_HASH.replace("n=14", "n=63")],
    ["a memory cost of 0", PUBLISHED_HASH.replace("n=14", "n=0")],
    ["unpadded base64", PUBLISHED_HASH.replace("$42xEC+ixf3L2lw==$", "$42xEC+ixf3L2lw$")],
    ["a hash shorter than the signer key", PUBLISHED_HASH.replace(PUBLISHED.hash, "AAAA")],
    ["a missing salt", PUBLISHED_HASH.replace(`$${PUBLISHED.salt}`, "")],
  ])("a string with %s is not a Firebase scrypt hash", (_, text) => {
    expect(parseFirebaseScrypt(text)).toBeUndefined();
  });
});
