import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { SignJWT, jwtVerify } from "jose";
import { encryptWithSecret } from "../../src/crypto/aes-gcm-envelope.ts";
import { generateRsaJwk, keyObjectsOf } from "../../src/crypto/rsa-jwk.ts";
import type { Db } from "../../src/db/connect.ts";
import { KeyRing } from "../../src/keys/key-ring.ts";
import { provisionKeys } from "../../src/keys/provision.ts";
import { createLogger } from "../../src/log/logger.ts";
import { jwkStore } from "../../src/store/jwks.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

const OLD = "the-first-secret-0000";
const NEW = "the-second-secret-1111";
const log = createLogger(() => {});
const options = { refreshEveryMs: 3_600_000, unknownKidRefreshMs: 0, log };
const now = () => new Date();

async function signsAndVerifies(ring: KeyRing): Promise<boolean> {
  const { kid, privateKey } = ring.signingKey();
  const token = await new SignJWT({ sub: "x" }).setProtectedHeader({ alg: "RS256", kid }).sign(privateKey);
  const key = await ring.verificationKey(kid);
  return key !== undefined && (await jwtVerify(token, key)).payload.sub === "x";
}

describe.each(await testDatabases())("signing keys on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });
  afterAll(() => dispose());
  beforeEach(async () => {
    await db.kysely.deleteFrom("jwks").execute();
  });

  test("one key per configured secret is generated once, as RSA-2048, and published", async () => {
    const store = jwkStore(db.kysely);
    expect(await provisionKeys(store, [OLD], now)).toBe(1);
    expect(await provisionKeys(store, [OLD], now)).toBe(0);
    const ring = await KeyRing.open(store, [OLD], options);
    const [published] = ring.jwks().keys;
    expect(ring.jwks().keys).toHaveLength(1);
    expect(published).toMatchObject({ alg: "RS256", kty: "RSA", use: "sig", e: "AQAB" });
    expect(Object.keys(published ?? {}).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(Buffer.from(published?.n ?? "", "base64url").length * 8).toBe(2048);
    expect(await signsAndVerifies(ring)).toBe(true);
    ring.close();
  });

  test("prepending a secret adds one key that signs from then on; the old key stays published", async () => {
    const store = jwkStore(db.kysely);
    await provisionKeys(store, [OLD], now);
    const before = await KeyRing.open(store, [OLD], options);
    const oldKid = before.signingKey().kid;
    before.close();
    await Bun.sleep(5);
    expect(await provisionKeys(store, [NEW, OLD], now)).toBe(1);
    const after = await KeyRing.open(store, [NEW, OLD], options);
    expect(after.signingKey().kid).not.toBe(oldKid);
    expect(after.jwks().keys.map((k) => k.kid)).toContain(oldKid);
    expect(await after.verificationKey(oldKid)).toBeDefined();
    after.close();
  });

  test("a key another node adds is used after a refresh, and an unknown kid looks at once", async () => {
    const store = jwkStore(db.kysely);
    await provisionKeys(store, [OLD], now);
    const ring = await KeyRing.open(store, [OLD], options);
    const foreign = generateRsaJwk();
    await Bun.sleep(5);
    await store.insert(encryptWithSecret(OLD, JSON.stringify(foreign)), new Date());
    expect(await ring.verificationKey(foreign.kid)).toBeDefined();
    expect(ring.signingKey().kid).toBe(foreign.kid);
    ring.close();
  });

  test("Hanko's own 4096-bit keys, stored in its format, sign and verify", async () => {
    const store = jwkStore(db.kysely);
    const hankoKey = generateRsaJwk(crypto.randomUUID(), 4096);
    await store.insert(encryptWithSecret(OLD, JSON.stringify(hankoKey)), new Date());
    const ring = await KeyRing.open(store, [OLD], options);
    expect(ring.signingKey().kid).toBe(hankoKey.kid);
    expect(await signsAndVerifies(ring)).toBe(true);
    const { publicKey } = keyObjectsOf(hankoKey);
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    ring.close();
  });

  test("a key no configured secret opens stops start-up with a message naming the row", async () => {
    const store = jwkStore(db.kysely);
    await store.insert(encryptWithSecret("a-secret-nobody-configured", JSON.stringify(generateRsaJwk())), new Date());
    await expect(KeyRing.open(store, [OLD], options)).rejects.toThrow(/signing key \d+ in the jwks table cannot be decrypted/);
  });
});
