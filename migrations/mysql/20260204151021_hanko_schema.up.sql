-- Final Hanko schema (hanko-elements 2.7.0), named after Hanko's last migration so that a database
-- migrated by Hanko counts as up to date. Index and named-FK names match what Hanko's migrations leave.
-- FKs that Hanko declares inside its CREATE TABLE are left unnamed on purpose: InnoDB then names them
-- <table>_ibfk_<n> (and their helper indexes after the column), exactly as in a Hanko-created database.
-- utf8mb4_bin keeps tokens, challenges and credential IDs case-sensitive, as on PostgreSQL and SQLite.

CREATE TABLE users (
    id CHAR(36) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    name VARCHAR(255) NULL,
    family_name VARCHAR(255) NULL,
    given_name VARCHAR(255) NULL,
    picture TEXT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE emails (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NULL,
    address VARCHAR(255) NOT NULL,
    verified BOOLEAN NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX emails_address_idx ON emails (address);

CREATE TABLE primary_emails (
    id CHAR(36) NOT NULL,
    email_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (email_id) REFERENCES emails (id) ON UPDATE CASCADE ON DELETE RESTRICT,
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX primary_emails_email_id_idx ON primary_emails (email_id);
CREATE UNIQUE INDEX primary_emails_user_id_idx ON primary_emails (user_id);

CREATE TABLE usernames (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    username VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX usernames_username_idx ON usernames (username);
CREATE UNIQUE INDEX usernames_user_id_idx ON usernames (user_id);

CREATE TABLE password_credentials (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    password VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX password_credentials_user_id_idx ON password_credentials (user_id);

-- Created before webauthn_credentials, which references it (twice).
CREATE TABLE webauthn_credential_user_handles (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    handle VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX webauthn_credential_user_handles_handle_idx ON webauthn_credential_user_handles (handle);
-- Target of the composite foreign key from webauthn_credentials.
CREATE UNIQUE INDEX webauthn_credential_user_handles_id_user_id_idx ON webauthn_credential_user_handles (id, user_id);

CREATE TABLE webauthn_credentials (
    id VARCHAR(255) NOT NULL,
    user_id CHAR(36) NOT NULL,
    public_key TEXT NOT NULL,
    attestation_type VARCHAR(255) NOT NULL,
    aaguid CHAR(36) NOT NULL,
    sign_count INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    name VARCHAR(255) NULL,
    backup_eligible BOOLEAN NOT NULL DEFAULT FALSE,
    backup_state BOOLEAN NOT NULL DEFAULT FALSE,
    last_used_at DATETIME(6) NULL,
    mfa_only BOOLEAN NOT NULL DEFAULT FALSE,
    user_handle_id CHAR(36) NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT webauthn_credentials_webauthn_credential_user_handles_id_fk FOREIGN KEY (user_handle_id) REFERENCES webauthn_credential_user_handles (id) ON UPDATE CASCADE ON DELETE SET NULL,
    -- Ensures a credential only uses a handle that belongs to the same user.
    CONSTRAINT webauthn_credential_user_handle_fkey FOREIGN KEY (user_handle_id, user_id) REFERENCES webauthn_credential_user_handles (id, user_id) ON UPDATE CASCADE ON DELETE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webauthn_credential_transports (
    id VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    webauthn_credential_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (webauthn_credential_id) REFERENCES webauthn_credentials (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX webauthn_credential_transports_name_webauthn_credential_id_idx ON webauthn_credential_transports (name, webauthn_credential_id);

CREATE TABLE webauthn_session_data (
    id CHAR(36) NOT NULL,
    challenge VARCHAR(255) NOT NULL,
    user_id CHAR(36) NOT NULL,
    user_verification VARCHAR(255) NOT NULL,
    operation VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX webauthn_session_data_challenge_idx ON webauthn_session_data (challenge);

CREATE TABLE webauthn_session_data_allowed_credentials (
    id CHAR(36) NOT NULL,
    credential_id VARCHAR(255) NOT NULL,
    webauthn_session_data_id CHAR(36) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (webauthn_session_data_id) REFERENCES webauthn_session_data (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE passcodes (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NULL,
    ttl INT NOT NULL,
    code VARCHAR(255) NOT NULL,
    try_count INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    email_id CHAR(36) NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT passcodes_emails_id_fk FOREIGN KEY (email_id) REFERENCES emails (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE otp_secrets (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    secret VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX otp_secrets_user_id_idx ON otp_secrets (user_id);

CREATE TABLE sessions (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    user_agent VARCHAR(255) NULL,
    ip_address VARCHAR(255) NULL,
    expires_at DATETIME(6) NULL,
    last_used DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE trusted_devices (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    device_token VARCHAR(128) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX trusted_devices_device_token_idx ON trusted_devices (device_token);

CREATE TABLE identities (
    id CHAR(36) NOT NULL,
    provider_user_id VARCHAR(255) NOT NULL,
    provider_id VARCHAR(255) NOT NULL,
    data TEXT NULL,
    email_id CHAR(36) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    user_id CHAR(36) NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (email_id) REFERENCES emails (id) ON DELETE CASCADE,
    CONSTRAINT identities_users_id_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX identities_provider_user_id_provider_id_idx ON identities (provider_user_id, provider_id);

CREATE TABLE saml_identities (
    id CHAR(36) NOT NULL,
    identity_id CHAR(36) NOT NULL,
    domain VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (identity_id) REFERENCES identities (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX saml_identities_identity_id_domain_idx ON saml_identities (identity_id, domain);

CREATE TABLE tokens (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    value VARCHAR(255) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    identity_id CHAR(36) NULL,
    is_flow BOOLEAN NOT NULL DEFAULT FALSE,
    user_created BOOLEAN NOT NULL DEFAULT FALSE,
    code_verifier VARCHAR(255) NULL,
    link_user BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT tokens_identities_id_fk FOREIGN KEY (identity_id) REFERENCES identities (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX tokens_value_idx ON tokens (value);

CREATE TABLE flows (
    id CHAR(36) NOT NULL,
    version INT NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    csrf_token VARCHAR(32) NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE jwks (
    id INT NOT NULL AUTO_INCREMENT,
    key_data TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_logs (
    id CHAR(36) NOT NULL,
    type VARCHAR(255) NOT NULL,
    error VARCHAR(255) NULL,
    meta_http_request_id VARCHAR(255) NOT NULL,
    meta_source_ip VARCHAR(255) NOT NULL,
    meta_user_agent VARCHAR(255) NOT NULL,
    actor_user_id CHAR(36) NULL,
    actor_email VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    details TEXT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX audit_logs_type_idx ON audit_logs (type);
CREATE INDEX audit_logs_actor_user_id_idx ON audit_logs (actor_user_id);
CREATE INDEX audit_logs_actor_email_idx ON audit_logs (actor_email);
CREATE INDEX audit_logs_meta_http_request_id_idx ON audit_logs (meta_http_request_id);
CREATE INDEX audit_logs_meta_source_ip_idx ON audit_logs (meta_source_ip);

CREATE TABLE webhooks (
    id CHAR(36) NOT NULL,
    callback VARCHAR(255) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    failures INT NOT NULL DEFAULT 0,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_events (
    id CHAR(36) NOT NULL,
    webhook_id CHAR(36) NOT NULL,
    event VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX webhook_events_webhook_id_event_idx ON webhook_events (webhook_id, event);

CREATE TABLE user_metadata (
    id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    public_metadata VARCHAR(3000) NULL,
    private_metadata VARCHAR(3000) NULL,
    unsafe_metadata VARCHAR(3000) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX user_metadata_user_id_idx ON user_metadata (user_id);

CREATE TABLE saml_states (
    id CHAR(36) NOT NULL,
    nonce VARCHAR(255) NOT NULL,
    state VARCHAR(500) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX saml_states_nonce_idx ON saml_states (nonce);

CREATE TABLE saml_certificates (
    id CHAR(36) NOT NULL,
    cert_data TEXT NOT NULL,
    cert_key TEXT NOT NULL,
    encryption_key VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE saml_idp_initiated_requests (
    id CHAR(36) NOT NULL,
    response_id VARCHAR(255) NOT NULL,
    issuer VARCHAR(255) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE UNIQUE INDEX saml_idp_initiated_requests_response_id_issuer_idx ON saml_idp_initiated_requests (response_id, issuer);
