-- Issue 13 item 5: certificates of origin, owned by Data/Origin (CertificateStore). One row per wrapped OpenAttestation v2
-- document: issued by this node (source 'issued', issuer_node = this node's code) or received from a partner over the
-- exchange (source 'received', issuer_node = the partner's code). Times are UTC ISO 8601 text. A certificate number is
-- unique per issuing node; the target hash is unique everywhere (it covers the salted fields). document is the wrapped
-- JSON as issued or received. revoked_at/revoke_reason are set once, by `landsea origin revoke` or a partner's revocation.
CREATE TABLE origin_certificates (
    target_hash TEXT NOT NULL PRIMARY KEY,
    number TEXT NOT NULL,
    issuer_node TEXT NOT NULL,
    source TEXT NOT NULL,
    form TEXT NOT NULL,
    merkle_root TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    office TEXT NULL,
    exporting_country TEXT NOT NULL,
    importing_country TEXT NOT NULL,
    document TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    revoked_at TEXT NULL,
    revoke_reason TEXT NULL,
    UNIQUE (issuer_node, number)
);
CREATE INDEX origin_certificates_number ON origin_certificates (number);
