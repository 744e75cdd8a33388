import type { Kysely } from "kysely";
import type { Database } from "../../db/tables.ts";
import { otpSecretStore } from "../../store/otp-secrets.ts";
import { passwordStore } from "../../store/passwords.ts";
import { userMetadataStore } from "../../store/user-metadata.ts";
import { userStore } from "../../store/users.ts";
import { webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import type { ValidUser } from "./validate-entries.ts";

/**
 * Writes the users through their stores' bulk inserts, in an order that satisfies the foreign keys;
 * run it inside the import's transaction. Metadata carries the user's times: the file has none of its own.
 */
export async function writeImportedUsers(db: Kysely<Database>, users: readonly ValidUser[]): Promise<void> {
  await userStore(db).insertImported(users);
  await passwordStore(db).insertMany(users.flatMap((user) => (user.password ? [{ userId: user.id, ...user.password }] : [])));
  await webauthnCredentialStore(db).insertMany(
    users.flatMap((user) => user.credentials.map((credential) => ({ ...credential, userId: user.id }))),
  );
  await otpSecretStore(db).insertMany(users.flatMap((user) => (user.otpSecret ? [{ userId: user.id, ...user.otpSecret }] : [])));
  await userMetadataStore(db).insertMany(
    users.flatMap((user) =>
      user.metadata ? [{ userId: user.id, metadata: user.metadata, createdAt: user.createdAt, updatedAt: user.updatedAt }] : [],
    ),
  );
}
