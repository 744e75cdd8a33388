import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/** An RSA private key in JWK form as Hanko stores it (the plaintext inside `jwks.key_data`). */
export interface PrivateRsaJwk {
  kty: "RSA";
  kid: string;
  alg?: string;
  use?: string;
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

export interface PublicRsaJwk {
  alg: "RS256";
  e: string;
  kid: string;
  kty: "RSA";
  n: string;
  use: "sig";
}

/**
 * New keys are RSA-2048, the size Google and Auth0 sign RS256 with: signing is about seven times
 * faster than with Hanko's 4096-bit keys. Hanko's 4096-bit keys keep working when read.
 */
export const NEW_KEY_BITS = 2048;

export function generateRsaJwk(kid: string = crypto.randomUUID(), bits = NEW_KEY_BITS): PrivateRsaJwk {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 0x10001 });
  const jwk = privateKey.export({ format: "jwk" });
  return { ...(jwk as Omit<PrivateRsaJwk, "kid">), kty: "RSA", kid, alg: "RS256", use: "sig" };
}

export function publicJwkOf(jwk: PrivateRsaJwk): PublicRsaJwk {
  return { alg: "RS256", e: jwk.e, kid: jwk.kid, kty: "RSA", n: jwk.n, use: "sig" };
}

export function keyObjectsOf(jwk: PrivateRsaJwk): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({ key: { ...jwk }, format: "jwk" });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** Parses the plaintext of a `jwks` row; throws when it is not an RSA private JWK with a kid. */
export function parsePrivateRsaJwk(text: string): PrivateRsaJwk {
  const value = JSON.parse(text) as Partial<PrivateRsaJwk>;
  for (const field of ["kid", "n", "e", "d", "p", "q", "dp", "dq", "qi"] as const) {
    if (typeof value[field] !== "string") throw new Error(`stored key lacks "${field}"`);
  }
  if (value.kty !== "RSA") throw new Error(`stored key has kty "${String(value.kty)}", expected RSA`);
  return value as PrivateRsaJwk;
}
