-- Issue 17 item 3: the audit head row carries the node's signature over "<node code>:<seq>:<hash>" (the checkpoints' form),
-- written with every head update, so that `landsea audit verify --cert` catches a log cut off or re-hashed with its head
-- row changed to match. NULL until the first append after this script.
ALTER TABLE exchange_audit_head ADD COLUMN signed_head TEXT;
