-- Final Hanko schema (hanko-elements 2.7.0), named after Hanko's last migration so that a database
-- migrated by Hanko counts as up to date. Constraint and index names match what Hanko's migrations leave.

CREATE TABLE users (
    id UUID NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    name VARCHAR(255) NULL,
    family_name VARCHAR(255) NULL,
    given_name VARCHAR(255) NULL,
    picture TEXT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE TABLE emails (
    id UUID NOT NULL,
    user_id UUID NULL,
    address VARCHAR(255) NOT NULL,
    verified BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT emails_pkey PRIMARY KEY (id),
    CONSTRAINT emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX emails_address_idx ON emails (address);

CREATE TABLE primary_emails (
    id UUID NOT NULL,
    email_id UUID NOT NULL,
    user_id UUID NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT primary_emails_pkey PRIMARY KEY (id),
    CONSTRAINT primary_emails_email_id_fkey FOREIGN KEY (email_id) REFERENCES emails (id) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT primary_emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX primary_emails_email_id_idx ON primary_emails (email_id);
CREATE UNIQUE INDEX primary_emails_user_id_idx ON primary_emails (user_id);

CREATE TABLE usernames (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    username VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT usernames_pkey PRIMARY KEY (id),
    CONSTRAINT usernames_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX usernames_username_idx ON usernames (username);
CREATE UNIQUE INDEX usernames_user_id_idx ON usernames (user_id);

CREATE TABLE password_credentials (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    password VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT password_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT password_credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX password_credentials_user_id_idx ON password_credentials (user_id);

-- Created before webauthn_credentials, which references it (twice).
CREATE TABLE webauthn_credential_user_handles (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    handle VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webauthn_credential_user_handles_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_credential_user_handles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX webauthn_credential_user_handles_handle_idx ON webauthn_credential_user_handles (handle);
-- Target of the composite foreign key from webauthn_credentials.
CREATE UNIQUE INDEX webauthn_credential_user_handles_id_user_id_idx ON webauthn_credential_user_handles (id, user_id);

CREATE TABLE webauthn_credentials (
    id VARCHAR(255) NOT NULL,
    user_id UUID NOT NULL,
    public_key TEXT NOT NULL,
    attestation_type VARCHAR(255) NOT NULL,
    aaguid UUID NOT NULL,
    sign_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    name VARCHAR(255) NULL,
    backup_eligible BOOLEAN NOT NULL DEFAULT FALSE,
    backup_state BOOLEAN NOT NULL DEFAULT FALSE,
    last_used_at TIMESTAMP NULL,
    mfa_only BOOLEAN NOT NULL DEFAULT FALSE,
    user_handle_id UUID NULL,
    CONSTRAINT webauthn_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_credentials_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT webauthn_credentials_webauthn_credential_user_handles_id_fk FOREIGN KEY (user_handle_id) REFERENCES webauthn_credential_user_handles (id) ON UPDATE CASCADE ON DELETE SET NULL,
    -- Ensures a credential only uses a handle that belongs to the same user.
    CONSTRAINT webauthn_credential_user_handle_fkey FOREIGN KEY (user_handle_id, user_id) REFERENCES webauthn_credential_user_handles (id, user_id) ON UPDATE CASCADE ON DELETE NO ACTION
);

CREATE TABLE webauthn_credential_transports (
    id VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    webauthn_credential_id VARCHAR(255) NOT NULL,
    CONSTRAINT webauthn_credential_transports_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_credential_transports_webauthn_credential_id_fkey FOREIGN KEY (webauthn_credential_id) REFERENCES webauthn_credentials (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX webauthn_credential_transports_name_webauthn_credential_id_idx ON webauthn_credential_transports (name, webauthn_credential_id);

CREATE TABLE webauthn_session_data (
    id UUID NOT NULL,
    challenge VARCHAR(255) NOT NULL,
    user_id UUID NOT NULL,
    user_verification VARCHAR(255) NOT NULL,
    operation VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NULL,
    CONSTRAINT webauthn_session_data_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX webauthn_session_data_challenge_idx ON webauthn_session_data (challenge);

-- The FK name is PostgreSQL's own truncation of <table>_<column>_fkey to 63 characters.
CREATE TABLE webauthn_session_data_allowed_credentials (
    id UUID NOT NULL,
    credential_id VARCHAR(255) NOT NULL,
    webauthn_session_data_id UUID NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webauthn_session_data_allowed_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT webauthn_session_data_allowed_cre_webauthn_session_data_id_fkey FOREIGN KEY (webauthn_session_data_id) REFERENCES webauthn_session_data (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE passcodes (
    id UUID NOT NULL,
    user_id UUID NULL,
    ttl INTEGER NOT NULL,
    code VARCHAR(255) NOT NULL,
    try_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    email_id UUID NULL,
    CONSTRAINT passcodes_pkey PRIMARY KEY (id),
    CONSTRAINT passcodes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT passcodes_emails_id_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE otp_secrets (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    secret VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT otp_secrets_pkey PRIMARY KEY (id),
    CONSTRAINT otp_secrets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX otp_secrets_user_id_idx ON otp_secrets (user_id);

CREATE TABLE sessions (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    user_agent VARCHAR(255) NULL,
    ip_address VARCHAR(255) NULL,
    expires_at TIMESTAMP NULL,
    last_used TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE trusted_devices (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    device_token VARCHAR(128) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT trusted_devices_pkey PRIMARY KEY (id),
    CONSTRAINT trusted_devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX trusted_devices_device_token_idx ON trusted_devices (device_token);

CREATE TABLE identities (
    id UUID NOT NULL,
    provider_user_id VARCHAR(255) NOT NULL,
    provider_id VARCHAR(255) NOT NULL,
    data TEXT NULL,
    email_id UUID NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    user_id UUID NULL,
    CONSTRAINT identities_pkey PRIMARY KEY (id),
    CONSTRAINT identities_email_id_fkey FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE,
    CONSTRAINT identities_users_id_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX identities_provider_user_id_provider_id_idx ON identities (provider_user_id, provider_id);

CREATE TABLE saml_identities (
    id UUID NOT NULL,
    identity_id UUID NOT NULL,
    domain VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_identities_pkey PRIMARY KEY (id),
    CONSTRAINT saml_identities_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES identities (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX saml_identities_identity_id_domain_idx ON saml_identities (identity_id, domain);

CREATE TABLE tokens (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    value VARCHAR(255) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    identity_id UUID NULL,
    is_flow BOOLEAN NOT NULL DEFAULT FALSE,
    user_created BOOLEAN NOT NULL DEFAULT FALSE,
    code_verifier VARCHAR(255) NULL,
    link_user BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT tokens_pkey PRIMARY KEY (id),
    CONSTRAINT tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT tokens_identities_id_fk FOREIGN KEY (identity_id) REFERENCES identities (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX tokens_value_idx ON tokens (value);

CREATE TABLE flows (
    id UUID NOT NULL,
    version INTEGER NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    csrf_token VARCHAR(32) NOT NULL,
    data TEXT NOT NULL,
    CONSTRAINT flows_pkey PRIMARY KEY (id)
);

CREATE TABLE jwks (
    id SERIAL NOT NULL,
    key_data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT jwks_pkey PRIMARY KEY (id)
);

CREATE TABLE audit_logs (
    id UUID NOT NULL,
    type VARCHAR(255) NOT NULL,
    error VARCHAR(255) NULL,
    meta_http_request_id VARCHAR(255) NOT NULL,
    meta_source_ip VARCHAR(255) NOT NULL,
    meta_user_agent VARCHAR(255) NOT NULL,
    actor_user_id UUID NULL,
    actor_email VARCHAR(255) NULL,
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
    id UUID NOT NULL,
    callback VARCHAR(255) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    failures INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webhooks_pkey PRIMARY KEY (id)
);

CREATE TABLE webhook_events (
    id UUID NOT NULL,
    webhook_id UUID NOT NULL,
    event VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webhook_events_pkey PRIMARY KEY (id),
    CONSTRAINT webhook_events_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE UNIQUE INDEX webhook_events_webhook_id_event_idx ON webhook_events (webhook_id, event);

CREATE TABLE user_metadata (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    public_metadata VARCHAR(3000) NULL,
    private_metadata VARCHAR(3000) NULL,
    unsafe_metadata VARCHAR(3000) NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT user_metadata_pkey PRIMARY KEY (id),
    CONSTRAINT user_metadata_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX user_metadata_user_id_idx ON user_metadata (user_id);

CREATE TABLE saml_states (
    id UUID NOT NULL,
    nonce VARCHAR(255) NOT NULL,
    state VARCHAR(500) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_states_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX saml_states_nonce_idx ON saml_states (nonce);

CREATE TABLE saml_certificates (
    id UUID NOT NULL,
    cert_data TEXT NOT NULL,
    cert_key TEXT NOT NULL,
    encryption_key VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_certificates_pkey PRIMARY KEY (id)
);

CREATE TABLE saml_idp_initiated_requests (
    id UUID NOT NULL,
    response_id VARCHAR(255) NOT NULL,
    issuer VARCHAR(255) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT saml_idp_initiated_requests_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX saml_idp_initiated_requests_response_id_issuer_idx ON saml_idp_initiated_requests (response_id, issuer);
