import { encryptWithSecret } from "../crypto/aes-gcm-envelope.ts";
import { generateRsaJwk } from "../crypto/rsa-jwk.ts";
import type { JwkStore } from "../store/jwks.ts";

/**
 * Hanko's provisioning rule, kept so that a shared or adopted database behaves the same: for the
 * i-th configured secret the row with id i+1 must exist; each missing one gets a fresh key sealed
 * with the first secret. Prepending a secret therefore adds exactly one key, which then signs.
 */
export async function provisionKeys(store: JwkStore, secrets: readonly string[], now: () => Date): Promise<number> {
  const [sealWith] = secrets;
  if (sealWith === undefined) throw new Error("at least one secret is needed to seal signing keys");
  let generated = 0;
  for (let i = 0; i < secrets.length; i++) {
    if (await store.exists(i + 1)) continue;
    await store.insert(encryptWithSecret(sealWith, JSON.stringify(generateRsaJwk())), now());
    generated++;
  }
  return generated;
}
