-- Bounded application attempts (issue 17): each received envelope counts its failed applications, keeps the last error (an
-- exception type and message, never logged) and when the next attempt is due; after the configured number it is quarantined
-- (quarantined_at) and its conversation goes on without it. out_of_line marks an envelope an operator put back after
-- quarantine: it is ready again whatever the conversation's cursor says (the cursor has moved past it).
ALTER TABLE exchange_inbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE exchange_inbox ADD COLUMN last_error TEXT;
ALTER TABLE exchange_inbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE exchange_inbox ADD COLUMN quarantined_at TEXT;
ALTER TABLE exchange_inbox ADD COLUMN out_of_line BIGINT NOT NULL DEFAULT 0;
-- The receiving side's dead letters: one row per quarantined envelope with the reason and the notice sent back to its sender;
-- an operator's retry removes the row, a discard keeps it, marked (the inbox row stays, so a resent copy is still a duplicate).
CREATE TABLE exchange_quarantine (
    envelope_id TEXT PRIMARY KEY, sender TEXT NOT NULL, conversation TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL,
    attempts BIGINT NOT NULL, reason TEXT NOT NULL, quarantined_at TEXT NOT NULL, notice_id TEXT,
    discarded_at TEXT, discard_reason TEXT);
CREATE INDEX exchange_quarantine_conversation ON exchange_quarantine (conversation);
