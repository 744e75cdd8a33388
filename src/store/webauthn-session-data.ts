import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import type { Database } from "../db/tables.ts";

/** The user id of a discoverable (username-less) ceremony. */
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export type WebauthnOperation = "registration" | "authentication";

export interface NewWebauthnSessionData {
  /** base64url challenge as sent to the client */
  challenge: string;
  /** the ceremony's user, or NIL_UUID for a discoverable login */
  userId: string;
  userVerification: string;
  operation: WebauthnOperation;
  expiresAt: Date | null;
  /** base64url credential ids of the allow-list (empty: any credential) */
  allowedCredentialIds: readonly string[];
}

export interface WebauthnSessionData {
  id: string;
  challenge: string;
  userId: string;
  userVerification: string;
  operation: string;
  expiresAt: Date | null;
  createdAt: Date;
  allowedCredentialIds: string[];
}

/**
 * Server-side challenge storage for WebAuthn ceremonies (`webauthn_session_data` and its allow-list).
 * A stored challenge is meant to be consumed exactly once, with `take`.
 */
export function webauthnSessionDataStore(db: Kysely<Database>, clock: Clock = systemClock) {
  async function load(id: string): Promise<WebauthnSessionData | undefined> {
    const row = await db.selectFrom("webauthn_session_data").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) return undefined;
    const allowed = await db
      .selectFrom("webauthn_session_data_allowed_credentials")
      .select(["credential_id"])
      .where("webauthn_session_data_id", "=", id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return {
      id: row.id,
      challenge: row.challenge,
      userId: row.user_id,
      userVerification: row.user_verification,
      operation: row.operation,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      allowedCredentialIds: allowed.map((a) => a.credential_id),
    };
  }

  return {
    /** Stores a new challenge with its allow-list; returns it with its new id. */
    async create(data: NewWebauthnSessionData): Promise<WebauthnSessionData> {
      const at = clock.now();
      const id = crypto.randomUUID();
      await db
        .insertInto("webauthn_session_data")
        .values({
          id,
          challenge: data.challenge,
          user_id: data.userId,
          user_verification: data.userVerification,
          operation: data.operation,
          created_at: at,
          updated_at: at,
          expires_at: data.expiresAt,
        })
        .execute();
      if (data.allowedCredentialIds.length > 0) {
        await db
          .insertInto("webauthn_session_data_allowed_credentials")
          .values(
            data.allowedCredentialIds.map((credentialId) => ({
              id: crypto.randomUUID(),
              credential_id: credentialId,
              webauthn_session_data_id: id,
              created_at: at,
              updated_at: at,
            })),
          )
          .execute();
      }
      return {
        id,
        challenge: data.challenge,
        userId: data.userId,
        userVerification: data.userVerification,
        operation: data.operation,
        expiresAt: data.expiresAt,
        createdAt: at,
        allowedCredentialIds: [...data.allowedCredentialIds],
      };
    },

    /** Reads without consuming (inspection only; ceremonies use `take`). */
    byId: load,

    /**
     * Reads and deletes the session data. Of concurrent callers only the one whose DELETE removed the
     * row gets it; every later call gets `undefined`. Expired rows are returned too (the caller decides).
     */
    async take(id: string): Promise<WebauthnSessionData | undefined> {
      const data = await load(id);
      if (!data) return undefined;
      await db.deleteFrom("webauthn_session_data_allowed_credentials").where("webauthn_session_data_id", "=", id).execute();
      const deleted = await db.deleteFrom("webauthn_session_data").where("id", "=", id).executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1 ? data : undefined;
    },

    /** Deletes every session data whose expiry has passed; returns how many. */
    async deleteExpired(): Promise<number> {
      const at = clock.now();
      const expired = await db.selectFrom("webauthn_session_data").select("id").where("expires_at", "<", at).execute();
      if (expired.length === 0) return 0;
      const ids = expired.map((e) => e.id);
      await db.deleteFrom("webauthn_session_data_allowed_credentials").where("webauthn_session_data_id", "in", ids).execute();
      const deleted = await db.deleteFrom("webauthn_session_data").where("id", "in", ids).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    },
  };
}

export type WebauthnSessionDataStore = ReturnType<typeof webauthnSessionDataStore>;
