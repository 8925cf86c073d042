-- Idempotency-Key on lodging (issue 15, draft-ietf-httpapi-idempotency-key-header): the first request an account sent
-- with a key, by the SHA-256 of its body, and the submission that answered it. A repeat with the same body gets that
-- answer again; the same key with another body is refused. Keys older than a day are forgotten.
CREATE TABLE idempotency_keys (
    account TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    submission_id BIGINT NOT NULL,
    status_code INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (account, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
