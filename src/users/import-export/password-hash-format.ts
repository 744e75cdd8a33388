import { FIREBASE_SCRYPT_PREFIX, parseFirebaseScrypt } from "../../services/password/firebase-scrypt.ts";

const BCRYPT = /^\$2[aby]\$(?:0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const ARGON2ID = /^\$argon2id\$v=19\$m=\d{1,10},t=\d{1,10},p=\d{1,3}\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * Why an imported password hash cannot be stored, or undefined when PasswordHasher can verify it.
 * Checked in full here, so that a broken hash fails the import instead of every later sign-in.
 */
export function passwordHashProblem(hash: string): string | undefined {
  if (hash.startsWith(FIREBASE_SCRYPT_PREFIX)) {
    return parseFirebaseScrypt(hash)
      ? undefined
      : "is not a well-formed $fbscrypt$v=1,n=…,r=…,p=…,ss=…,sk=…$<salt>$<hash> string (base64 with padding)";
  }
  if (hash.startsWith("$2")) return BCRYPT.test(hash) ? undefined : "is not a well-formed bcrypt hash";
  if (hash.startsWith("$argon2id$")) return ARGON2ID.test(hash) ? undefined : "is not a well-formed argon2id hash";
  return "is not a bcrypt ($2a$, $2b$, $2y$), Firebase scrypt ($fbscrypt$) or argon2id ($argon2id$) hash";
}
