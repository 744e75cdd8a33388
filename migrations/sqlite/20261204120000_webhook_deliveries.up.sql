-- Not Hanko's: the outbox of webhook deliveries. An event is written here in the transaction of the
-- change that caused it, once per hook it is for, and delivered after the commit, with retries.
CREATE TABLE webhook_deliveries (
    id TEXT NOT NULL,
    webhook_id TEXT NULL,
    callback TEXT NOT NULL,
    event TEXT NOT NULL,
    data TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP NULL,
    lease_token TEXT NULL,
    last_status INTEGER NULL,
    last_error TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id),
    CONSTRAINT webhook_deliveries_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_id_idx ON webhook_deliveries (webhook_id, created_at);
