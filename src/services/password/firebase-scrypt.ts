import { createCipheriv, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Firebase's modified scrypt, as Hanko imports it (Hanko's backend/cmd/user/firebase.go writes the
 * string, backend/flow_api/services/password.go reads and verifies it, at @teamhanko/hanko-elements@2.7.0):
 * `$fbscrypt$v=1,n=<mem_cost>,r=<rounds>,p=<parallelism>,ss=<salt separator>,sk=<signer key>$<salt>$<hash>`,
 * every binary part in standard base64 with padding.
 */
export interface FirebaseScryptHash {
  /** log2 of scrypt's N */
  memCost: number;
  rounds: number;
  parallelism: number;
  saltSeparator: Buffer;
  signerKey: Buffer;
  salt: Buffer;
  hash: Buffer;
}

export const FIREBASE_SCRYPT_PREFIX = "$fbscrypt$";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PARAMETERS = ["v", "n", "r", "p", "ss", "sk"] as const;
/** AES-256 wants a 32-byte key, and Firebase derives exactly that. */
const DERIVED_KEY_BYTES = 32;

/** The hash's parts, or undefined when the string is not a well-formed version-1 `$fbscrypt$` hash. */
export function parseFirebaseScrypt(text: string): FirebaseScryptHash | undefined {
  const parts = text.split("$");
  if (parts.length !== 5 || parts[0] !== "" || parts[1] !== "fbscrypt") return undefined;
  const [, , parameterText = "", saltText = "", hashText = ""] = parts;
  const parameters = new Map<string, string>();
  for (const pair of parameterText.split(",")) {
    const at = pair.indexOf("=");
    const key = pair.slice(0, at);
    if (at < 1 || parameters.has(key) || !(PARAMETERS as readonly string[]).includes(key)) return undefined;
    parameters.set(key, pair.slice(at + 1));
  }
  if (parameters.size !== PARAMETERS.length || parameters.get("v") !== "1") return undefined;
  const memCost = positiveInteger(parameters.get("n"));
  const rounds = positiveInteger(parameters.get("r"));
  const parallelism = positiveInteger(parameters.get("p"));
  const saltSeparator = base64(parameters.get("ss"), true);
  const signerKey = base64(parameters.get("sk"), false);
  const salt = base64(saltText, false);
  const hash = base64(hashText, false);
  if (memCost === undefined || memCost >= 63 || rounds === undefined || parallelism === undefined) return undefined;
  if (!saltSeparator || !signerKey || !salt || !hash) return undefined;
  // The hash is the signer key encrypted in CTR mode, so it has the key's length or cannot match.
  if (hash.length !== signerKey.length) return undefined;
  return { memCost, rounds, parallelism, saltSeparator, signerKey, salt, hash };
}

export async function verifyFirebaseScrypt(password: string, stored: FirebaseScryptHash): Promise<boolean> {
  const N = 2 ** stored.memCost;
  let derived: Buffer;
  try {
    derived = await new Promise<Buffer>((resolve, reject) =>
      scrypt(
        Buffer.from(password, "utf8"),
        Buffer.concat([stored.salt, stored.saltSeparator]),
        DERIVED_KEY_BYTES,
        // Node refuses more than 32 MiB unless told; scrypt needs 128·r·(N + p) bytes.
        { N, r: stored.rounds, p: stored.parallelism, maxmem: 128 * stored.rounds * (N + stored.parallelism) + 1024 * 1024 },
        (error, key) => (error ? reject(error) : resolve(key)),
      ),
    );
  } catch {
    // Parameters scrypt cannot run with (too much memory, r·p too large) match no password.
    return false;
  }
  const cipher = createCipheriv("aes-256-ctr", derived, Buffer.alloc(16));
  const encrypted = Buffer.concat([cipher.update(stored.signerKey), cipher.final()]);
  return timingSafeEqual(encrypted, stored.hash);
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
  return Number(text);
}

function base64(text: string | undefined, emptyAllowed: boolean): Buffer | undefined {
  if (text === undefined || !BASE64.test(text) || (text === "" && !emptyAllowed)) return undefined;
  return Buffer.from(text, "base64");
}
