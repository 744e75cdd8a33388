import type { Insertable } from "kysely";
import type { Database } from "../../db/tables.ts";
import type { ValidUser } from "./validate-entries.ts";

/** The tables an import writes, in an order that satisfies their foreign keys. */
export const IMPORT_TABLES = [
  "users",
  "emails",
  "primary_emails",
  "usernames",
  "password_credentials",
  "webauthn_credential_user_handles",
  "webauthn_credentials",
  "webauthn_credential_transports",
  "otp_secrets",
  "user_metadata",
] as const;

export type ImportTable = (typeof IMPORT_TABLES)[number];
export type ImportRows = { [T in ImportTable]: Insertable<Database[T]>[] };

/**
 * The rows that store the users. Emails and the username carry the user's timestamps: the file has
 * none of their own. Credentials of one user that name the same user handle share one handle row.
 */
export function importRows(users: readonly ValidUser[]): ImportRows {
  const rows: ImportRows = Object.fromEntries(IMPORT_TABLES.map((table) => [table, []])) as unknown as ImportRows;
  for (const user of users) {
    const stamps = { created_at: user.createdAt, updated_at: user.updatedAt };
    rows.users.push({ id: user.id, ...stamps, name: null, family_name: null, given_name: null, picture: null });
    for (const email of user.emails) {
      const emailId = crypto.randomUUID();
      rows.emails.push({ id: emailId, user_id: user.id, address: email.address, verified: email.verified, ...stamps });
      if (email.isPrimary) rows.primary_emails.push({ id: crypto.randomUUID(), email_id: emailId, user_id: user.id, ...stamps });
    }
    if (user.username !== null) rows.usernames.push({ id: crypto.randomUUID(), user_id: user.id, username: user.username, ...stamps });
    if (user.password) {
      rows.password_credentials.push({
        id: crypto.randomUUID(),
        user_id: user.id,
        password: user.password.hash,
        created_at: user.password.createdAt,
        updated_at: user.password.updatedAt,
      });
    }
    const handles = new Map<string, string>();
    for (const credential of user.credentials) {
      let handleId: string | null = null;
      if (credential.userHandle !== null) {
        handleId = handles.get(credential.userHandle) ?? crypto.randomUUID();
        if (!handles.has(credential.userHandle)) {
          handles.set(credential.userHandle, handleId);
          rows.webauthn_credential_user_handles.push({ id: handleId, user_id: user.id, handle: credential.userHandle, ...stamps });
        }
      }
      rows.webauthn_credentials.push({
        id: credential.id,
        user_id: user.id,
        public_key: credential.publicKey,
        attestation_type: credential.attestationType,
        aaguid: credential.aaguid,
        sign_count: credential.signCount,
        name: credential.name,
        backup_eligible: credential.backupEligible,
        backup_state: credential.backupState,
        mfa_only: credential.mfaOnly,
        last_used_at: credential.lastUsedAt,
        user_handle_id: handleId,
        created_at: credential.createdAt,
        updated_at: credential.updatedAt,
      });
      for (const name of credential.transports) {
        rows.webauthn_credential_transports.push({ id: crypto.randomUUID(), name, webauthn_credential_id: credential.id });
      }
    }
    if (user.otpSecret) {
      rows.otp_secrets.push({
        id: crypto.randomUUID(),
        user_id: user.id,
        secret: user.otpSecret.secret,
        created_at: user.otpSecret.createdAt,
        updated_at: user.otpSecret.updatedAt,
      });
    }
    if (user.metadata) {
      rows.user_metadata.push({
        id: crypto.randomUUID(),
        user_id: user.id,
        public_metadata: user.metadata.public,
        private_metadata: user.metadata.private,
        unsafe_metadata: user.metadata.unsafe,
        ...stamps,
      });
    }
  }
  return rows;
}
