-- Issue 16 item 6: key rollover and TLS between nodes.
-- A partner's past signing certificates: kept when it rolls its key over (accepted for new signatures until accepted_until,
-- the overlap it announced) or when an administrator re-pins it (accepted_until = that moment), so that what the old key
-- signed (envelopes kept as evidence, receipts, held audit heads) still verifies. Never deleted.
CREATE TABLE exchange_partner_key (
    partner_code TEXT NOT NULL, key_id TEXT NOT NULL, certificate_pem TEXT NOT NULL,
    accepted_until TEXT NOT NULL, recorded_at TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (partner_code, key_id));
-- How the partner's HTTPS endpoint is authenticated: a pinned TLS certificate other than its signing one, or an
-- administration CA it must chain to; both NULL pins the signing certificates.
ALTER TABLE exchange_partner ADD COLUMN tls_certificate_pem TEXT;
ALTER TABLE exchange_partner ADD COLUMN tls_ca_pem TEXT;
