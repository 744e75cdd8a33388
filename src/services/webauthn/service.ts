import type { Kysely } from "kysely";
import type { Config } from "../../config/schema.ts";
import type { Database } from "../../db/tables.ts";
import type { NewCredential } from "../../store/webauthn-credentials.ts";
import { NIL_UUID, webauthnSessionDataStore } from "../../store/webauthn-session-data.ts";
import { type AssertionExpectation, requestOptions, type VerifiedAssertion, verifyAssertionAgainst } from "./authentication.ts";
import { newChallenge } from "./challenge.ts";
import {
  type CredentialReference,
  creationOptions,
  type RegistrationExpectation,
  type RegistrationUser,
  verifyRegistrationAgainst,
} from "./registration.ts";
import { type CredentialKind, ceremonyTimeoutMs, userVerificationFor, type WebauthnSettings, webauthnSettingsOf } from "./relying-party.ts";
import type { Ceremony, CredentialCreationOptionsJSON, CredentialRequestOptionsJSON, WebauthnResult } from "./types.ts";

/**
 * WebAuthn ceremonies for the flows: starts store a single-use challenge (`webauthn_session_data`) and
 * return its id for the flow's stash; verifies consume that challenge whatever their outcome and report
 * client-caused failures as values. Construct it over a transaction to make a flow step atomic.
 */
export class WebauthnService {
  constructor(
    private readonly db: Kysely<Database>,
    readonly settings: WebauthnSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static fromConfig(db: Kysely<Database>, config: Config, now?: () => Date): WebauthnService {
    return new WebauthnService(db, webauthnSettingsOf(config), now);
  }

  private sessions() {
    return webauthnSessionDataStore(this.db, { now: this.now });
  }

  private expiry(operation: "registration" | "authentication", userVerification: Parameters<typeof ceremonyTimeoutMs>[2]): Date {
    return new Date(this.now().getTime() + ceremonyTimeoutMs(this.settings, operation, userVerification));
  }

  /**
   * Creation options for a passkey or a security key of `user`. `excludeCredentials` are the user's
   * stored credentials when the user already exists (Hanko: none during registration).
   */
  async generateCreationOptions(
    user: RegistrationUser,
    kind: CredentialKind,
    excludeCredentials: readonly CredentialReference[] = [],
  ): Promise<Ceremony<CredentialCreationOptionsJSON>> {
    const options = creationOptions(this.settings, user, kind, excludeCredentials, newChallenge());
    const userVerification = options.publicKey.authenticatorSelection.userVerification;
    const session = await this.sessions().create({
      challenge: options.publicKey.challenge,
      userId: user.id,
      userVerification,
      operation: "registration",
      expiresAt: this.expiry("registration", userVerification),
      allowedCredentialIds: [],
    });
    return { sessionDataId: session.id, options };
  }

  /** Verifies an attestation for the ceremony `sessionDataId`; on success the credential row to store. */
  async verifyRegistration(
    response: unknown,
    expected: RegistrationExpectation & { sessionDataId: string },
  ): Promise<WebauthnResult<NewCredential>> {
    const session = await this.sessions().take(expected.sessionDataId);
    return verifyRegistrationAgainst(this.db, this.settings, this.now(), session, response, expected);
  }

  /**
   * Request options. Without `user`: a discoverable login (conditional UI, passkey button). With `user`:
   * restricted to `user.credentials` (the user's passkeys, or for `security_key` MFA all their credentials).
   */
  async generateRequestOptions(
    kind: CredentialKind,
    user?: { id: string; credentials: readonly CredentialReference[] },
  ): Promise<Ceremony<CredentialRequestOptionsJSON>> {
    if (kind === "security_key" && !user) throw new Error("security-key request options need the user");
    if (user && user.credentials.length === 0) throw new Error("found no credentials for user");
    const options = requestOptions(this.settings, kind, newChallenge(), user?.credentials ?? []);
    const userVerification = userVerificationFor(this.settings, kind);
    const session = await this.sessions().create({
      challenge: options.publicKey.challenge,
      userId: user?.id ?? NIL_UUID,
      userVerification,
      operation: "authentication",
      expiresAt: this.expiry("authentication", userVerification),
      allowedCredentialIds: (options.publicKey.allowCredentials ?? []).map((c) => c.id),
    });
    return { sessionDataId: session.id, options };
  }

  /** Verifies an assertion for the ceremony `sessionDataId`; on success records the use on the credential. */
  async verifyAssertion(
    response: unknown,
    expected: AssertionExpectation & { sessionDataId: string },
  ): Promise<WebauthnResult<VerifiedAssertion>> {
    const session = await this.sessions().take(expected.sessionDataId);
    return verifyAssertionAgainst(this.db, this.settings, this.now(), session, response, expected);
  }

  /** Housekeeping: removes expired challenges. */
  deleteExpiredSessionData(): Promise<number> {
    return this.sessions().deleteExpired();
  }
}
