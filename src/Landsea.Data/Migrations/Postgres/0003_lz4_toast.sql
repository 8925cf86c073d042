-- Submitted documents and stored models are large text: lz4 compresses them far faster than the default pglz,
-- which otherwise costs PostgreSQL more CPU than the rest of a lodgement.
ALTER TABLE submissions ALTER COLUMN bytes SET COMPRESSION lz4;
ALTER TABLE declarations ALTER COLUMN model_json SET COMPRESSION lz4;
ALTER TABLE submissions ALTER COLUMN answer_json SET COMPRESSION lz4;
