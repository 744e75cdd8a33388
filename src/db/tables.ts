// Kysely table types for Hanko's schema (migrations/*/20260204151021_hanko_schema.up.sql).
// These are the values the application sees: uuid -> string, timestamp -> Date, bool -> boolean,
// integer -> number. MySQL and SQLite store booleans as 0/1 and SQLite stores timestamps as ISO-8601
// text, so the database layer has to convert those on the way in and out.
// Columns with a database default are Generated<>, so inserts may omit them.

import type { Generated, Selectable } from "kysely";

export interface UsersTable {
  id: string;
  created_at: Date;
  updated_at: Date;
  name: string | null;
  family_name: string | null;
  given_name: string | null;
  /** http(s) URL */
  picture: string | null;
}

export interface EmailsTable {
  id: string;
  /** NULL: address known but not owned by a user */
  user_id: string | null;
  /** lower-case, unique */
  address: string;
  verified: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface PrimaryEmailsTable {
  id: string;
  /** unique; ON DELETE RESTRICT, so this row must go before the email */
  email_id: string;
  /** unique */
  user_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface UsernamesTable {
  id: string;
  /** unique */
  user_id: string;
  /** unique */
  username: string;
  created_at: Date;
  updated_at: Date;
}

export interface PasswordCredentialsTable {
  id: string;
  /** unique */
  user_id: string;
  /** bcrypt hash or imported `$fbscrypt$…` string */
  password: string;
  created_at: Date;
  updated_at: Date;
}

export interface WebauthnCredentialsTable {
  /** credential ID, base64url without padding */
  id: string;
  user_id: string;
  /** COSE key, base64url without padding */
  public_key: string;
  attestation_type: string;
  aaguid: string;
  sign_count: number;
  created_at: Date;
  updated_at: Date;
  name: string | null;
  backup_eligible: Generated<boolean>;
  backup_state: Generated<boolean>;
  last_used_at: Date | null;
  /** true: security key for MFA only, false: passkey */
  mfa_only: Generated<boolean>;
  /** must belong to the same user_id (composite FK) */
  user_handle_id: string | null;
}

/** No timestamps. */
export interface WebauthnCredentialTransportsTable {
  /** a UUID string */
  id: string;
  name: string;
  webauthn_credential_id: string;
}

export interface WebauthnCredentialUserHandlesTable {
  id: string;
  user_id: string;
  /** unique */
  handle: string;
  created_at: Date;
  updated_at: Date;
}

export interface WebauthnSessionDataTable {
  id: string;
  /** unique */
  challenge: string;
  /** no FK; zero UUID for discoverable login */
  user_id: string;
  user_verification: string;
  /** "registration" | "authentication" */
  operation: string;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

export interface WebauthnSessionDataAllowedCredentialsTable {
  id: string;
  credential_id: string;
  webauthn_session_data_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface PasscodesTable {
  id: string;
  user_id: string | null;
  /** seconds */
  ttl: number;
  /** bcrypt hash of the code */
  code: string;
  try_count: number;
  created_at: Date;
  updated_at: Date;
  email_id: string | null;
}

export interface OtpSecretsTable {
  id: string;
  /** unique */
  user_id: string;
  /** plaintext base32 TOTP secret */
  secret: string;
  created_at: Date;
  updated_at: Date;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  user_agent: string | null;
  ip_address: string | null;
  expires_at: Date | null;
  last_used: Date;
  created_at: Date;
  updated_at: Date;
}

export interface TrustedDevicesTable {
  id: string;
  user_id: string;
  /** indexed, not unique */
  device_token: string;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface IdentitiesTable {
  id: string;
  /** subject at the provider; unique together with provider_id */
  provider_user_id: string;
  /** provider name, or the SAML IdP issuer */
  provider_id: string;
  /** JSON of the normalised claims */
  data: string | null;
  email_id: string | null;
  created_at: Date;
  updated_at: Date;
  user_id: string | null;
}

export interface SamlIdentitiesTable {
  id: string;
  identity_id: string;
  domain: string;
  created_at: Date;
  updated_at: Date;
}

export interface TokensTable {
  id: string;
  user_id: string;
  /** unique */
  value: string;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
  identity_id: string | null;
  is_flow: Generated<boolean>;
  user_created: Generated<boolean>;
  code_verifier: string | null;
  link_user: Generated<boolean>;
}

export interface FlowsTable {
  id: string;
  /** optimistic locking */
  version: number;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
  csrf_token: string;
  /** JSON flow state */
  data: string;
}

/** No updated_at. */
export interface JwksTable {
  id: Generated<number>;
  /** AES-GCM encrypted private JWK */
  key_data: string;
  created_at: Date;
}

export interface AuditLogsTable {
  id: string;
  type: string;
  error: string | null;
  meta_http_request_id: string;
  meta_source_ip: string;
  meta_user_agent: string;
  /** no FK, survives user deletion */
  actor_user_id: string | null;
  actor_email: string | null;
  created_at: Date;
  updated_at: Date;
  /** JSON object */
  details: string | null;
}

export interface WebhooksTable {
  id: string;
  callback: string;
  enabled: Generated<boolean>;
  failures: Generated<number>;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface WebhookEventsTable {
  id: string;
  webhook_id: string;
  event: string;
  created_at: Date;
  updated_at: Date;
}

/** Ours, not Hanko's: the webhook outbox, one row per event and hook. */
export interface WebhookDeliveriesTable {
  id: string;
  /** The database hook; null for a hook from the config, known by its callback. */
  webhook_id: string | null;
  callback: string;
  event: string;
  /** The event's `data`, JSON. */
  data: string;
  status: "pending" | "delivered" | "failed";
  attempts: Generated<number>;
  next_attempt_at: Date;
  /** While a worker delivers it: until when, and which worker. */
  lease_until: Date | null;
  lease_token: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface UserMetadataTable {
  id: string;
  /** unique */
  user_id: string;
  /** JSON object text, at most 3000 characters (likewise the other two) */
  public_metadata: string | null;
  private_metadata: string | null;
  unsafe_metadata: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SamlStatesTable {
  id: string;
  /** unique */
  nonce: string;
  /** AES-GCM encrypted, at most 500 characters */
  state: string;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface SamlCertificatesTable {
  id: string;
  /** PEM certificate */
  cert_data: string;
  /** PEM private key, AES-GCM encrypted under encryption_key */
  cert_key: string;
  encryption_key: string;
  created_at: Date;
  updated_at: Date;
}

/** No updated_at. */
export interface SamlIdpInitiatedRequestsTable {
  id: string;
  /** unique together with issuer */
  response_id: string;
  issuer: string;
  expires_at: Date;
  created_at: Date;
}

export interface Database {
  users: UsersTable;
  emails: EmailsTable;
  primary_emails: PrimaryEmailsTable;
  usernames: UsernamesTable;
  password_credentials: PasswordCredentialsTable;
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_credential_transports: WebauthnCredentialTransportsTable;
  webauthn_credential_user_handles: WebauthnCredentialUserHandlesTable;
  webauthn_session_data: WebauthnSessionDataTable;
  webauthn_session_data_allowed_credentials: WebauthnSessionDataAllowedCredentialsTable;
  passcodes: PasscodesTable;
  otp_secrets: OtpSecretsTable;
  sessions: SessionsTable;
  trusted_devices: TrustedDevicesTable;
  identities: IdentitiesTable;
  saml_identities: SamlIdentitiesTable;
  tokens: TokensTable;
  flows: FlowsTable;
  jwks: JwksTable;
  audit_logs: AuditLogsTable;
  webhooks: WebhooksTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  user_metadata: UserMetadataTable;
  saml_states: SamlStatesTable;
  saml_certificates: SamlCertificatesTable;
  saml_idp_initiated_requests: SamlIdpInitiatedRequestsTable;
}

/** Every table name, e.g. for checks and test clean-up. */
export type TableName = keyof Database;

/** A selected row of the given table. */
export type Row<T extends TableName> = Selectable<Database[T]>;
