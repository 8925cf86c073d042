-- Issue 16 item 1: accounts that can be disabled and whose role can be revoked, and the record of every change to an
-- account (owned by Data/Access: UserStore, AccountEvents). users.role becomes optional (a revoked account keeps its name
-- and history but holds no role, so it cannot sign in); disabled_at is the instant it was disabled (NULL: enabled).
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt; nothing references it.
CREATE TABLE users_0013 (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NULL,
    office_code TEXT NULL,
    trader_id TEXT NULL,
    display_name TEXT NOT NULL,
    disabled_at TEXT NULL
);
INSERT INTO users_0013 (username, password_hash, role, office_code, trader_id, display_name)
    SELECT username, password_hash, role, office_code, trader_id, display_name FROM users;
DROP TABLE users;
ALTER TABLE users_0013 RENAME TO users;

-- One row per change, never updated or deleted: who (by_user: the --by name, the operating-system user, or the signed-in
-- administrator), when (at, StoredTime text), what (action) and the non-secret detail (role and scope before and after;
-- never a password or its hash).
CREATE TABLE account_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    by_user TEXT NOT NULL,
    detail TEXT NULL
);
CREATE INDEX account_events_user ON account_events (username, id);
