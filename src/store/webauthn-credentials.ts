import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import { insertInBatches } from "../db/batch-insert.ts";
import type { Database, Row } from "../db/tables.ts";

/** The transports of each credential, sorted by name. */
export async function transportsOf(db: Kysely<Database>, credentialIds: readonly string[]): Promise<Map<string, string[]>> {
  const byCredential = new Map<string, string[]>();
  if (credentialIds.length === 0) return byCredential;
  const rows = await db
    .selectFrom("webauthn_credential_transports")
    .select(["webauthn_credential_id", "name"])
    .where("webauthn_credential_id", "in", credentialIds)
    .orderBy("name")
    .execute();
  for (const row of rows) byCredential.set(row.webauthn_credential_id, [...(byCredential.get(row.webauthn_credential_id) ?? []), row.name]);
  return byCredential;
}

export type CredentialRow = Row<"webauthn_credentials"> & { transports: string[] };

export interface NewCredential {
  /** base64url without padding */
  id: string;
  userId: string;
  publicKey: string;
  attestationType: string;
  aaguid: string;
  signCount: number;
  name: string | null;
  backupEligible: boolean;
  backupState: boolean;
  mfaOnly: boolean;
  transports: string[];
  createdAt: Date;
  /** Hanko sets it to the creation time; absent means NULL. */
  lastUsedAt?: Date | null;
}

/** The `webauthn_credentials` row of a new credential, with the times and handle its caller decides. */
function credentialRow(
  credential: Omit<NewCredential, "lastUsedAt" | "transports">,
  rest: { updatedAt: Date; lastUsedAt: Date | null; userHandleId: string | null },
) {
  return {
    id: credential.id,
    user_id: credential.userId,
    public_key: credential.publicKey,
    attestation_type: credential.attestationType,
    aaguid: credential.aaguid,
    sign_count: credential.signCount,
    name: credential.name,
    backup_eligible: credential.backupEligible,
    backup_state: credential.backupState,
    mfa_only: credential.mfaOnly,
    last_used_at: rest.lastUsedAt,
    user_handle_id: rest.userHandleId,
    created_at: credential.createdAt,
    updated_at: rest.updatedAt,
  };
}

/** A credential as an import brings it: its own times, and the custom user handle it may carry. */
export type ImportedCredential = Omit<NewCredential, "lastUsedAt"> & {
  updatedAt: Date;
  lastUsedAt: Date | null;
  userHandle: string | null;
};

/** A credential with the custom WebAuthn user handle it may carry (imported credentials). */
export type CredentialWithUserHandle = CredentialRow & { user_handle: string | null };

export interface CredentialUse {
  signCount: number;
  backupEligible: boolean;
  backupState: boolean;
  usedAt: Date;
}

/** WebAuthn credentials (passkeys and security keys) with their transports. */
export function webauthnCredentialStore(db: Kysely<Database>, clock: Clock = systemClock) {
  return {
    async ofUser(userId: string): Promise<CredentialRow[]> {
      const credentials = await db
        .selectFrom("webauthn_credentials")
        .selectAll()
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      const transports = await transportsOf(
        db,
        credentials.map((c) => c.id),
      );
      return credentials.map((c) => ({ ...c, transports: transports.get(c.id) ?? [] }));
    },

    /** Whether each of the user's credentials is a security key (MFA only): one query, however many there are. */
    async mfaOnlyFlagsOf(userId: string): Promise<boolean[]> {
      const rows = await db.selectFrom("webauthn_credentials").select("mfa_only").where("user_id", "=", userId).execute();
      return rows.map((r) => Boolean(r.mfa_only));
    },

    async rename(id: string, name: string): Promise<void> {
      await db.updateTable("webauthn_credentials").set({ name, updated_at: clock.now() }).where("id", "=", id).execute();
    },

    /** Deletes one of the user's credentials, its transports with it; false when the user has no such credential. */
    async delete(userId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom("webauthn_credentials").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async create(credential: NewCredential): Promise<void> {
      await db
        .insertInto("webauthn_credentials")
        .values(
          credentialRow(credential, { updatedAt: credential.createdAt, lastUsedAt: credential.lastUsedAt ?? null, userHandleId: null }),
        )
        .execute();
      for (const name of credential.transports) {
        await db
          .insertInto("webauthn_credential_transports")
          .values({ id: crypto.randomUUID(), name, webauthn_credential_id: credential.id })
          .execute();
      }
    },

    /**
     * Inserts many credentials with their transports, in batches; for an import, whose credentials
     * are new. Credentials of one user naming the same user handle share one handle row, which
     * takes the times of the first of them.
     */
    async insertMany(credentials: readonly ImportedCredential[]): Promise<void> {
      const handleIds = new Map<string, string>();
      const handleKey = (credential: ImportedCredential) => `${credential.userId}\u0000${credential.userHandle}`;
      const handles = [];
      for (const credential of credentials) {
        const key = handleKey(credential);
        if (credential.userHandle === null || handleIds.has(key)) continue;
        const id = crypto.randomUUID();
        handleIds.set(key, id);
        handles.push({
          id,
          user_id: credential.userId,
          handle: credential.userHandle,
          created_at: credential.createdAt,
          updated_at: credential.updatedAt,
        });
      }
      await insertInBatches(db, "webauthn_credential_user_handles", handles);
      await insertInBatches(
        db,
        "webauthn_credentials",
        credentials.map((credential) =>
          credentialRow(credential, {
            updatedAt: credential.updatedAt,
            lastUsedAt: credential.lastUsedAt,
            userHandleId: credential.userHandle === null ? null : (handleIds.get(handleKey(credential)) ?? null),
          }),
        ),
      );
      await insertInBatches(
        db,
        "webauthn_credential_transports",
        credentials.flatMap((credential) =>
          credential.transports.map((name) => ({ id: crypto.randomUUID(), name, webauthn_credential_id: credential.id })),
        ),
      );
    },

    /** The credential with this id (base64url, exact match), its transports and custom user handle. */
    async byId(id: string): Promise<CredentialWithUserHandle | undefined> {
      const credential = await db.selectFrom("webauthn_credentials").selectAll().where("id", "=", id).executeTakeFirst();
      if (!credential) return undefined;
      const transports = await db
        .selectFrom("webauthn_credential_transports")
        .select("name")
        .where("webauthn_credential_id", "=", id)
        .orderBy("name")
        .execute();
      const handle =
        credential.user_handle_id === null
          ? undefined
          : await db
              .selectFrom("webauthn_credential_user_handles")
              .select("handle")
              .where("id", "=", credential.user_handle_id)
              .executeTakeFirst();
      return { ...credential, transports: transports.map((t) => t.name), user_handle: handle?.handle ?? null };
    },

    /** Records a successful assertion: new sign count, backup flags and last use. */
    async recordUse(id: string, use: CredentialUse): Promise<void> {
      await db
        .updateTable("webauthn_credentials")
        .set({
          sign_count: use.signCount,
          backup_eligible: use.backupEligible,
          backup_state: use.backupState,
          last_used_at: use.usedAt,
          updated_at: use.usedAt,
        })
        .where("id", "=", id)
        .execute();
    },
  };
}
