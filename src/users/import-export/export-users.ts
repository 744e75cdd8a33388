import type { Kysely } from "kysely";
import type { Database, Row } from "../../db/tables.ts";
import { userViews } from "../../store/user-views.ts";
import type { CredentialEntry, MetadataEntry, UserEntry } from "./entry-format.ts";

/**
 * Every user in the import format, with what it takes to sign in again after an import elsewhere:
 * password hashes, usernames, WebAuthn credentials with transports and user handles, OTP secrets and
 * metadata. Hanko exports only the addresses. Users come oldest first.
 */
export async function exportUsers(db: Kysely<Database>): Promise<UserEntry[]> {
  const { users, emails, primaries, usernames, passwords, credentials, transports, handles, otpSecrets, metadata } =
    await userViews(db).exportRows();
  const primaryIds = new Set(primaries.map((p) => p.email_id));
  const emailsOf = groupBy(emails, (e) => e.user_id ?? "");
  const usernameOf = new Map(usernames.map((u) => [u.user_id, u.username]));
  const passwordOf = new Map(passwords.map((p) => [p.user_id, p]));
  const credentialsOf = groupBy(credentials, (c) => c.user_id);
  const transportsOf = groupBy(transports, (t) => t.webauthn_credential_id);
  const handleOf = new Map(handles.map((h) => [h.id, h.handle]));
  const otpSecretOf = new Map(otpSecrets.map((o) => [o.user_id, o]));
  const metadataOf = new Map(metadata.map((m) => [m.user_id, m]));

  return users.map((user) => {
    const userEmails = emailsOf.get(user.id) ?? [];
    const password = passwordOf.get(user.id);
    const otpSecret = otpSecretOf.get(user.id);
    const userMetadata = metadataOf.get(user.id);
    return {
      user_id: user.id,
      // Primary first, as people write the file; the rest in the order they were added.
      emails:
        userEmails.length === 0
          ? null
          : [...userEmails]
              .sort((a, b) => Number(primaryIds.has(b.id)) - Number(primaryIds.has(a.id)))
              .map((e) => ({ address: e.address, is_primary: primaryIds.has(e.id), is_verified: e.verified })),
      username: usernameOf.get(user.id) ?? null,
      webauthn_credentials: (credentialsOf.get(user.id) ?? []).map((c) =>
        credentialEntry(
          c,
          (transportsOf.get(c.id) ?? []).map((t) => t.name),
          c.user_handle_id === null ? null : (handleOf.get(c.user_handle_id) ?? null),
        ),
      ),
      password: password
        ? { password: password.password, created_at: password.created_at.toISOString(), updated_at: password.updated_at.toISOString() }
        : null,
      otp_secret: otpSecret
        ? { secret: otpSecret.secret, created_at: otpSecret.created_at.toISOString(), updated_at: otpSecret.updated_at.toISOString() }
        : null,
      metadata: userMetadata ? metadataEntry(userMetadata) : null,
      created_at: user.created_at.toISOString(),
      updated_at: user.updated_at.toISOString(),
    };
  });
}

function credentialEntry(row: Row<"webauthn_credentials">, transports: string[], userHandle: string | null): CredentialEntry {
  return {
    id: row.id,
    name: row.name,
    public_key: row.public_key,
    attestation_type: row.attestation_type,
    aaguid: row.aaguid,
    sign_count: row.sign_count,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    transports,
    backup_eligible: row.backup_eligible,
    backup_state: row.backup_state,
    mfa_only: row.mfa_only,
    user_handle: userHandle,
  };
}

function metadataEntry(row: Row<"user_metadata">): MetadataEntry {
  const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));
  return { public: parse(row.public_metadata), private: parse(row.private_metadata), unsafe: parse(row.unsafe_metadata) };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
