// The file format of `hanko user import` and `hanko user export` (Hanko's ImportOrExportEntry in
// backend/cmd/user/format.go at @teamhanko/hanko-elements@2.7.0): a JSON array of these entries.
// Hanko's format plus `metadata`; export fills every field so that importing its file into an empty
// database recreates the same users. Timestamps are RFC 3339 strings.

export interface EmailEntry {
  address: string;
  is_primary: boolean;
  is_verified: boolean;
}

export interface CredentialEntry {
  /** base64url without padding */
  id: string;
  name: string | null;
  /** COSE key, base64url without padding */
  public_key: string;
  attestation_type: string;
  aaguid: string;
  sign_count: number;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
  transports: string[];
  backup_eligible: boolean;
  backup_state: boolean;
  mfa_only: boolean;
  user_handle: string | null;
}

export interface PasswordEntry {
  /** `$2a$`/`$2b$`/`$2y$` bcrypt, `$fbscrypt$` Firebase scrypt or `$argon2id$` */
  password: string;
  created_at: string;
  updated_at: string;
}

export interface OtpSecretEntry {
  secret: string;
  created_at: string;
  updated_at: string;
}

/** Each kind is a JSON object, or null when it was never set. */
export interface MetadataEntry {
  public: Record<string, unknown> | null;
  private: Record<string, unknown> | null;
  unsafe: Record<string, unknown> | null;
}

export interface UserEntry {
  user_id: string;
  /** null for a user without addresses, as Hanko exports one */
  emails: EmailEntry[] | null;
  username: string | null;
  webauthn_credentials: CredentialEntry[];
  password: PasswordEntry | null;
  otp_secret: OtpSecretEntry | null;
  metadata: MetadataEntry | null;
  created_at: string;
  updated_at: string;
}
