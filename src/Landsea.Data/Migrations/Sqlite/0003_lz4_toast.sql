-- PostgreSQL-only change (lz4 compression of large columns); SQLite keeps the schema version in step.
SELECT 1;
