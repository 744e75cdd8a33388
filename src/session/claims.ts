import type { Logger } from "../log/logger.ts";
import { renderClaims } from "./custom-claims.ts";
import type { SessionSubject } from "./subject.ts";

export interface ClaimOptions {
  sessionId: string;
  issuedAt: Date;
  lifespanSeconds: number;
  /** `session.audience`, or the relying party id when that is empty. */
  audience: readonly string[];
  /** `session.issuer`; no `iss` claim when empty. */
  issuer: string;
  /** `session.jwt_template.claims`, if configured. */
  template?: Record<string, unknown>;
  /** Authentication methods of the login (`pwd`, `passkey`, `otp`, ...). */
  amr?: readonly string[];
  log: Logger;
}

/**
 * The claims of a session token in Hanko's order of precedence: custom template claims first, so the
 * registered claims and the session id always overwrite them; `email`, `username` and `iss` only
 * where Hanko sets them, so a template's `iss` survives an empty `session.issuer`.
 */
export function sessionClaims(subject: SessionSubject, options: ClaimOptions): Record<string, unknown> {
  const claims: Record<string, unknown> = options.template
    ? renderClaims(options.template, subject.template, (message, fields) => options.log.warn(message, fields))
    : {};
  const iat = Math.floor(options.issuedAt.getTime() / 1000);
  claims.sub = subject.userId;
  claims.iat = iat;
  claims.exp = iat + options.lifespanSeconds;
  claims.aud = [...options.audience];
  claims.session_id = options.sessionId;
  if (subject.primaryEmail) {
    claims.email = { address: subject.primaryEmail.address, is_primary: true, is_verified: subject.primaryEmail.isVerified };
  }
  if (subject.username) claims.username = subject.username;
  if (options.amr) claims.amr = [...options.amr];
  if (options.issuer !== "") claims.iss = options.issuer;
  return claims;
}
