-- Answers to POST requests sent with an Idempotency-Key, so that a retry gets the first answer.
-- key_hash: SHA-256 of the caller (token or client address) and the key; fingerprint: SHA-256 of
-- the method, path and body; status is NULL while the first request is still running.
CREATE TABLE idempotency_key (
    key_hash    VARCHAR(64)   NOT NULL,
    fingerprint VARCHAR(64)   NOT NULL,
    status      INTEGER,
    location    VARCHAR(2000),
    body        TEXT,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT pk_idempotency_key PRIMARY KEY (key_hash)
) ${options};

CREATE INDEX ix_idempotency_created ON idempotency_key (created_at);
