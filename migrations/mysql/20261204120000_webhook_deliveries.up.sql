-- Not Hanko's: the outbox of webhook deliveries. An event is written here in the transaction of the
-- change that caused it, once per hook it is for, and delivered after the commit, with retries.
CREATE TABLE webhook_deliveries (
    id CHAR(36) NOT NULL,
    webhook_id CHAR(36) NULL,
    callback TEXT NOT NULL,
    event VARCHAR(255) NOT NULL,
    data MEDIUMTEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL,
    lease_until DATETIME(6) NULL,
    lease_token CHAR(36) NULL,
    last_status INT NULL,
    last_error VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_id_idx ON webhook_deliveries (webhook_id, created_at);
