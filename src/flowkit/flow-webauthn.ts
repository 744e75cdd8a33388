import type { Config } from "../config/schema.ts";
import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import type { CredentialKind } from "../services/webauthn/relying-party.ts";
import { WebauthnService } from "../services/webauthn/service.ts";
import type { WebauthnFailureReason } from "../services/webauthn/types.ts";
import { webauthnCredentialStore } from "../store/webauthn-credentials.ts";
import type { PendingCredential } from "./flow-data.ts";

/** The WebAuthn ceremonies as the flows use them; the challenge lives in the database, its id in the stash. */
export interface FlowWebauthn {
  /** Discoverable options (no user) or options restricted to the user's passkeys. */
  requestOptions(tx: Kysely<Database>, userId: string | null): Promise<{ sessionDataId: string; options: unknown }>;
  /** Options for the second factor at login: every WebAuthn credential of the user is allowed. */
  securityKeyRequestOptions(tx: Kysely<Database>, userId: string): Promise<{ sessionDataId: string; options: unknown }>;
  /** `mfa`: the second-factor step, where security keys count. A refusal says why, in the words of Hanko's audit entry. */
  verifyAssertion(
    tx: Kysely<Database>,
    sessionDataId: string,
    response: unknown,
    mfa?: boolean,
  ): Promise<{ ok: true; userId: string; mfaOnly: boolean } | { ok: false; mfaOnly: boolean; error: string }>;
  creationOptions(
    tx: Kysely<Database>,
    user: { id: string; email: string | null; username: string | null },
    exists: boolean,
    kind?: CredentialKind,
  ): Promise<{ sessionDataId: string; options: unknown }>;
  verifyRegistration(
    tx: Kysely<Database>,
    sessionDataId: string,
    userId: string,
    response: unknown,
    kind?: CredentialKind,
  ): Promise<{ ok: true; credential: PendingCredential } | { ok: false }>;
  /** Writes a credential created in a flow for an existing user. */
  save(tx: Kysely<Database>, userId: string, credential: PendingCredential): Promise<void>;
}

/** The flows' view over the WebAuthn service, bound to the request's transaction. */
export function flowWebauthn(config: Config, now: () => Date): FlowWebauthn {
  const service = (tx: Kysely<Database>) => WebauthnService.fromConfig(tx, config, now);
  return {
    async requestOptions(tx, userId) {
      if (userId === null) return service(tx).generateRequestOptions("passkey");
      const passkeys = (await webauthnCredentialStore(tx).ofUser(userId)).filter((c) => !c.mfa_only);
      return service(tx).generateRequestOptions("passkey", { id: userId, credentials: passkeys });
    },
    async securityKeyRequestOptions(tx, userId) {
      const credentials = await webauthnCredentialStore(tx).ofUser(userId);
      return service(tx).generateRequestOptions("security_key", { id: userId, credentials });
    },
    async verifyAssertion(tx, sessionDataId, response, mfa = false) {
      const result = await service(tx).verifyAssertion(response, { sessionDataId, mfa });
      return result.ok
        ? { ok: true, userId: result.value.userId, mfaOnly: result.value.mfaOnly }
        : { ok: false, mfaOnly: result.reason === "mfa_only", error: assertionError(result.reason, result.detail) };
    },
    async creationOptions(tx, user, exists, kind: CredentialKind = "passkey") {
      const exclude = exists ? await webauthnCredentialStore(tx).ofUser(user.id) : [];
      return service(tx).generateCreationOptions(user, kind, exclude);
    },
    async verifyRegistration(tx, sessionDataId, userId, response, kind: CredentialKind = "passkey") {
      const result = await service(tx).verifyRegistration(response, { sessionDataId, userId, kind });
      if (!result.ok) return { ok: false };
      const { id, publicKey, attestationType, aaguid, signCount, backupEligible, backupState, transports, name, mfaOnly } = result.value;
      return {
        ok: true,
        credential: { id, mfaOnly, publicKey, attestationType, aaguid, signCount, backupEligible, backupState, transports, name },
      };
    },
    async save(tx, userId, credential) {
      const at = now();
      // Hanko counts the registration as the first use.
      await webauthnCredentialStore(tx).create({ ...credential, userId, createdAt: at, lastUsedAt: at });
    },
  };
}

/** Hanko's two sentinel errors, the first wrapped behind the cause as Go's `%s: %w` does. */
function assertionError(reason: WebauthnFailureReason, detail: string | undefined): string {
  if (reason === "mfa_only") return "this credential can be used as a second factor security key only";
  if (reason === "unknown_credential") return "this passkey cannot be used anymore";
  return `${detail ?? reason.replaceAll("_", " ")}: this passkey cannot be used anymore`;
}
