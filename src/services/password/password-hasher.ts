import { FIREBASE_SCRYPT_PREFIX, parseFirebaseScrypt, verifyFirebaseScrypt } from "./firebase-scrypt.ts";

/**
 * Passwords: new hashes are argon2id, OWASP's first recommended setting (19 MiB, two passes, one
 * lane), about 60 ms per hash on the 2-core machine this was measured on (`make bench` prints it).
 * Hanko's bcrypt hashes (imported or adopted) and imported Firebase scrypt hashes still verify and are
 * replaced by argon2id on the next successful sign-in.
 */
export const ARGON2ID = { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 } as const;

/** Hanko refuses to set longer passwords: bcrypt reads only the first 72 bytes. */
export const MAX_PASSWORD_BYTES = 72;

export interface PasswordCheck {
  ok: boolean;
  /** The hash is not current argon2id: replace it after this successful check. */
  needsRehash: boolean;
}

const BCRYPT = /^\$2[abxy]?\$/;

export class PasswordHasher {
  #dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return Bun.password.hash(password, ARGON2ID);
  }

  async verify(password: string, stored: string): Promise<PasswordCheck> {
    if (BCRYPT.test(stored)) {
      // Go's bcrypt, which made these hashes, uses the first 72 bytes; Bun would pre-hash a longer one.
      const bytes = new TextEncoder().encode(password).subarray(0, MAX_PASSWORD_BYTES);
      const ok = await Bun.password.verify(bytes, stored, "bcrypt").catch(() => false);
      return { ok, needsRehash: ok };
    }
    if (stored.startsWith("$argon2")) {
      const ok = await Bun.password.verify(password, stored).catch(() => false);
      return { ok, needsRehash: ok && !stored.startsWith(`$argon2id$v=19$m=${ARGON2ID.memoryCost},t=${ARGON2ID.timeCost},p=1$`) };
    }
    if (stored.startsWith(FIREBASE_SCRYPT_PREFIX)) {
      const parsed = parseFirebaseScrypt(stored);
      const ok = parsed !== undefined && (await verifyFirebaseScrypt(password, parsed));
      return { ok, needsRehash: ok };
    }
    return { ok: false, needsRehash: false };
  }

  /**
   * Costs what checking a real argon2id hash costs, for identifiers without an account, so the time
   * of a sign-in does not tell whether the account exists.
   */
  async verifyNobody(password: string): Promise<false> {
    this.#dummy ??= this.hash(crypto.randomUUID());
    await Bun.password.verify(password, await this.#dummy).catch(() => false);
    return false;
  }
}
