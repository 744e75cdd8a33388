import type { KeyObject } from "node:crypto";
import { decryptWithSecrets } from "../crypto/aes-gcm-envelope.ts";
import { keyObjectsOf, parsePrivateRsaJwk, type PublicRsaJwk, publicJwkOf } from "../crypto/rsa-jwk.ts";
import type { Logger } from "../log/logger.ts";
import type { JwkStore, StoredJwk } from "../store/jwks.ts";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

interface Loaded {
  signing: SigningKey;
  verifying: Map<string, KeyObject>;
  jwks: { keys: PublicRsaJwk[] };
  version: string;
}

export interface KeyRingOptions {
  /** How often to look for keys another node added. */
  refreshEveryMs: number;
  /** An unknown kid triggers an early look, at most this often. */
  unknownKidRefreshMs: number;
  log: Logger;
}

/**
 * The signing keys, decrypted once and held in memory (Hanko decrypts them on every request). The
 * table is polled so that a key another node added is used here within `refreshEveryMs`, and a
 * token signed with a key we have not seen yet prompts an early look.
 */
export class KeyRing {
  #loaded: Loaded;
  #lastRefresh = Date.now();
  #timer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    private readonly store: JwkStore,
    private readonly secrets: readonly string[],
    private readonly options: KeyRingOptions,
    loaded: Loaded,
  ) {
    this.#loaded = loaded;
  }

  /** Loads every key; throws, naming the row, when one cannot be decrypted with any configured secret. */
  static async open(store: JwkStore, secrets: readonly string[], options: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(store, secrets, options, await load(store, secrets));
    ring.#timer = setInterval(() => void ring.refresh().catch((error) => ring.#refreshFailed(error)), options.refreshEveryMs);
    ring.#timer.unref?.();
    return ring;
  }

  signingKey(): SigningKey {
    return this.#loaded.signing;
  }

  /** The public JWK set, as published at /.well-known/jwks.json. */
  jwks(): { keys: PublicRsaJwk[] } {
    return this.#loaded.jwks;
  }

  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    const known = this.#loaded.verifying.get(kid);
    if (known || Date.now() - this.#lastRefresh < this.options.unknownKidRefreshMs) return known;
    await this.refresh().catch((error) => this.#refreshFailed(error));
    return this.#loaded.verifying.get(kid);
  }

  /** Re-reads the table when it changed; keeps the keys in use when the new state cannot be read. */
  async refresh(): Promise<void> {
    this.#lastRefresh = Date.now();
    if ((await this.store.version()) === this.#loaded.version) return;
    this.#loaded = await load(this.store, this.secrets);
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #refreshFailed(error: unknown): void {
    this.options.log.error("signing keys could not be refreshed; the keys loaded before stay in use", {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

async function load(store: JwkStore, secrets: readonly string[]): Promise<Loaded> {
  const version = await store.version();
  const rows = await store.all();
  if (rows.length === 0) throw new Error("the jwks table holds no signing key");
  const verifying = new Map<string, KeyObject>();
  const keys: PublicRsaJwk[] = [];
  let signing: SigningKey | undefined;
  for (const row of rows) {
    const jwk = parsePrivateRsaJwk(open(row, secrets));
    const { privateKey, publicKey } = keyObjectsOf(jwk);
    verifying.set(jwk.kid, publicKey);
    keys.push(publicJwkOf(jwk));
    // Rows come oldest first, so the last one is the newest: it signs.
    signing = { kid: jwk.kid, privateKey };
  }
  return { signing: signing as SigningKey, verifying, jwks: { keys }, version };
}

function open(row: StoredJwk, secrets: readonly string[]): string {
  const plaintext = decryptWithSecrets(secrets, row.keyData);
  if (!plaintext) {
    throw new Error(
      `signing key ${row.id} in the jwks table cannot be decrypted with any secret in secrets.keys; add the secret it was sealed with, or delete the row`,
    );
  }
  return plaintext.toString("utf8");
}
