-- Final Hanko schema (hanko-elements 2.7.0) for SQLite, which Hanko itself does not support.
-- Names follow the PostgreSQL variant. UUIDs and timestamps are TEXT values written by the application
-- (timestamps as ISO-8601 UTC), booleans are 0/1. The connection must enable foreign key enforcement.

CREATE TABLE users (
    id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    name TEXT NULL,
    family_name TEXT NULL,
    given_name TEXT NULL,
    picture TEXT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE TABLE emails (
    id TEXT NOT NULL,
    user_id TEXT NULL,
    address TEXT NOT NULL,
    verified INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT emails_pkey PRIMARY KEY (id),
    CONSTRAINT emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX emails_address_idx ON emails (address);

CREATE TABLE primary_emails (
    id TEXT NOT NULL,
    email_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT primary_emails_pkey PRIMARY KEY (id),
    CONSTRAINT primary_emails_email_id_fkey FOREIGN KEY (email_id) REFERENCES emails (id) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT primary_emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX primary_emails_email_id_idx ON primary_emails (email_id);
CREATE UNIQUE INDEX primary_emails_user_id_idx ON primary_emails (user_id);

CREATE TABLE usernames (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    username TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT usernames_pkey PRIMARY KEY (id),
    CONSTRAINT usernames_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX usernames_username_idx ON usernames (username);
CREATE UNIQUE INDEX usernames_user_id_idx ON usernames (user_id);

CREATE TABLE password_credentials (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    password TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT password_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT password_credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX password_credentials_user_id_idx ON password_credentials (user_id);

-- Created before webauthn_credentials, which references it (twice).
CREATE TABLE webauthn_credential_user_handles (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    handle TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webauthn_credential_user_handles_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_credential_user_handles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX webauthn_credential_user_handles_handle_idx ON webauthn_credential_user_handles (handle);
-- Target of the composite foreign key from webauthn_credentials.
CREATE UNIQUE INDEX webauthn_credential_user_handles_id_user_id_idx ON webauthn_credential_user_handles (id, user_id);

CREATE TABLE webauthn_credentials (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    attestation_type TEXT NOT NULL,
    aaguid TEXT NOT NULL,
    sign_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    name TEXT NULL,
    backup_eligible INTEGER NOT NULL DEFAULT 0,
    backup_state INTEGER NOT NULL DEFAULT 0,
    last_used_at TIMESTAMP NULL,
    mfa_only INTEGER NOT NULL DEFAULT 0,
    user_handle_id TEXT NULL,
    CONSTRAINT webauthn_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT webauthn_credentials_webauthn_credential_user_handles_id_fk FOREIGN KEY (user_handle_id) REFERENCES webauthn_credential_user_handles (id) ON UPDATE CASCADE ON DELETE SET NULL,
    -- Ensures a credential only uses a handle that belongs to the same user.
    CONSTRAINT webauthn_credential_user_handle_fkey FOREIGN KEY (user_handle_id, user_id) REFERENCES webauthn_credential_user_handles (id, user_id) ON UPDATE CASCADE ON DELETE NO ACTION
);

CREATE TABLE webauthn_credential_transports (
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    webauthn_credential_id TEXT NOT NULL,
    CONSTRAINT webauthn_credential_transports_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_credential_transports_webauthn_credential_id_fkey FOREIGN KEY (webauthn_credential_id) REFERENCES webauthn_credentials (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX webauthn_credential_transports_name_webauthn_credential_id_idx ON webauthn_credential_transports (name, webauthn_credential_id);

CREATE TABLE webauthn_session_data (
    id TEXT NOT NULL,
    challenge TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_verification TEXT NOT NULL,
    operation TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NULL,
    CONSTRAINT webauthn_session_data_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX webauthn_session_data_challenge_idx ON webauthn_session_data (challenge);

CREATE TABLE webauthn_session_data_allowed_credentials (
    id TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    webauthn_session_data_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webauthn_session_data_allowed_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_session_data_allowed_cre_webauthn_session_data_id_fkey FOREIGN KEY (webauthn_session_data_id) REFERENCES webauthn_session_data (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE passcodes (
    id TEXT NOT NULL,
    user_id TEXT NULL,
    ttl INTEGER NOT NULL,
    code TEXT NOT NULL,
    try_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    email_id TEXT NULL,
    CONSTRAINT passcodes_pkey PRIMARY KEY (id),
    CONSTRAINT passcodes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT passcodes_emails_id_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE otp_secrets (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT otp_secrets_pkey PRIMARY KEY (id),
    CONSTRAINT otp_secrets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX otp_secrets_user_id_idx ON otp_secrets (user_id);

CREATE TABLE sessions (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_agent TEXT NULL,
    ip_address TEXT NULL,
    expires_at TIMESTAMP NULL,
    last_used TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE trusted_devices (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    device_token TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT trusted_devices_pkey PRIMARY KEY (id),
    CONSTRAINT trusted_devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX trusted_devices_device_token_idx ON trusted_devices (device_token);

CREATE TABLE identities (
    id TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    data TEXT NULL,
    email_id TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    user_id TEXT NULL,
    CONSTRAINT identities_pkey PRIMARY KEY (id),
    CONSTRAINT identities_email_id_fkey FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE,
    CONSTRAINT identities_users_id_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX identities_provider_user_id_provider_id_idx ON identities (provider_user_id, provider_id);

CREATE TABLE saml_identities (
    id TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_identities_pkey PRIMARY KEY (id),
    CONSTRAINT saml_identities_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES identities (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX saml_identities_identity_id_domain_idx ON saml_identities (identity_id, domain);

CREATE TABLE tokens (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    identity_id TEXT NULL,
    is_flow INTEGER NOT NULL DEFAULT 0,
    user_created INTEGER NOT NULL DEFAULT 0,
    code_verifier TEXT NULL,
    link_user INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT tokens_pkey PRIMARY KEY (id),
    CONSTRAINT tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT tokens_identities_id_fk FOREIGN KEY (identity_id) REFERENCES identities (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX tokens_value_idx ON tokens (value);

CREATE TABLE flows (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    csrf_token TEXT NOT NULL,
    data TEXT NOT NULL,
    CONSTRAINT flows_pkey PRIMARY KEY (id)
);

CREATE TABLE jwks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key_data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_logs (
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    error TEXT NULL,
    meta_http_request_id TEXT NOT NULL,
    meta_source_ip TEXT NOT NULL,
    meta_user_agent TEXT NOT NULL,
    actor_user_id TEXT NULL,
    actor_email TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    details TEXT NULL,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id)
);
CREATE INDEX audit_logs_type_idx ON audit_logs (type);
CREATE INDEX audit_logs_actor_user_id_idx ON audit_logs (actor_user_id);
CREATE INDEX audit_logs_actor_email_idx ON audit_logs (actor_email);
CREATE INDEX audit_logs_meta_http_request_id_idx ON audit_logs (meta_http_request_id);
CREATE INDEX audit_logs_meta_source_ip_idx ON audit_logs (meta_source_ip);

CREATE TABLE webhooks (
    id TEXT NOT NULL,
    callback TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    failures INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webhooks_pkey PRIMARY KEY (id)
);

CREATE TABLE webhook_events (
    id TEXT NOT NULL,
    webhook_id TEXT NOT NULL,
    event TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webhook_events_pkey PRIMARY KEY (id),
    CONSTRAINT webhook_events_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX webhook_events_webhook_id_event_idx ON webhook_events (webhook_id, event);

CREATE TABLE user_metadata (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    public_metadata TEXT NULL,
    private_metadata TEXT NULL,
    unsafe_metadata TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT user_metadata_pkey PRIMARY KEY (id),
    CONSTRAINT user_metadata_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX user_metadata_user_id_idx ON user_metadata (user_id);

CREATE TABLE saml_states (
    id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_states_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX saml_states_nonce_idx ON saml_states (nonce);

CREATE TABLE saml_certificates (
    id TEXT NOT NULL,
    cert_data TEXT NOT NULL,
    cert_key TEXT NOT NULL,
    encryption_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_certificates_pkey PRIMARY KEY (id)
);

CREATE TABLE saml_idp_initiated_requests (
    id TEXT NOT NULL,
    response_id TEXT NOT NULL,
    issuer TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_idp_initiated_requests_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX saml_idp_initiated_requests_response_id_issuer_idx ON saml_idp_initiated_requests (response_id, issuer);
