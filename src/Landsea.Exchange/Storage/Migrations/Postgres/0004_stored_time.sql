-- One stored-time encoding with the node's tables (StoredTime.Iso): every time column of every exchange table becomes ISO-8601
-- UTC text with 7 fractional digits, converted in place from Unix milliseconds, rows kept. A millisecond value converts exactly
-- (1700000000123 -> 2023-11-14T22:13:20.1230000Z): whole seconds by to_timestamp, the millisecond digits by integer arithmetic.
-- ALTER COLUMN ... TYPE rewrites each table once and rebuilds its indexes (partial ones included) from their definitions.
CREATE FUNCTION pg_temp.exchange_stored_time(ms BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT to_char(to_timestamp(ms / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '.' || lpad((ms % 1000)::text, 3, '0') || '0000Z'
$$;
ALTER TABLE exchange_partner
    ALTER COLUMN updated_at TYPE TEXT USING pg_temp.exchange_stored_time(updated_at);
ALTER TABLE exchange_agreement
    ALTER COLUMN recorded_at TYPE TEXT USING pg_temp.exchange_stored_time(recorded_at);
ALTER TABLE exchange_outbox
    ALTER COLUMN created_at TYPE TEXT USING pg_temp.exchange_stored_time(created_at),
    ALTER COLUMN next_attempt_at TYPE TEXT USING pg_temp.exchange_stored_time(next_attempt_at),
    ALTER COLUMN delivered_at TYPE TEXT USING pg_temp.exchange_stored_time(delivered_at);
ALTER TABLE exchange_dead_letter
    ALTER COLUMN created_at TYPE TEXT USING pg_temp.exchange_stored_time(created_at),
    ALTER COLUMN dead_at TYPE TEXT USING pg_temp.exchange_stored_time(dead_at);
ALTER TABLE exchange_withdrawn
    ALTER COLUMN withdrawn_at TYPE TEXT USING pg_temp.exchange_stored_time(withdrawn_at);
ALTER TABLE exchange_inbox
    ALTER COLUMN created_at TYPE TEXT USING pg_temp.exchange_stored_time(created_at),
    ALTER COLUMN received_at TYPE TEXT USING pg_temp.exchange_stored_time(received_at),
    ALTER COLUMN handed_over_at TYPE TEXT USING pg_temp.exchange_stored_time(handed_over_at);
ALTER TABLE exchange_audit
    ALTER COLUMN recorded_at TYPE TEXT USING pg_temp.exchange_stored_time(recorded_at);
ALTER TABLE exchange_audit_checkpoint
    ALTER COLUMN recorded_at TYPE TEXT USING pg_temp.exchange_stored_time(recorded_at);
ALTER TABLE exchange_audit_pending
    ALTER COLUMN recorded_at TYPE TEXT USING pg_temp.exchange_stored_time(recorded_at);
ALTER TABLE exchange_record
    ALTER COLUMN at TYPE TEXT USING pg_temp.exchange_stored_time(at);
ALTER TABLE exchange_raw_sink
    ALTER COLUMN at TYPE TEXT USING pg_temp.exchange_stored_time(at);
DROP FUNCTION pg_temp.exchange_stored_time(BIGINT);
-- A database adopted from the start-up schema never ran 0001, so its inbox and outbox lack 0001's vacuum settings; set them
-- again (a no-op where 0001 ran), so every database has the same tables after this script.
ALTER TABLE exchange_inbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE exchange_outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.02);
