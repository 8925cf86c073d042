-- Sign-in attempts (issue 16 item 4): every failed sign-in (form or HTTP Basic), every form sign-in that succeeded and
-- every attempt refused while locked out, with the user name given, the source address and the time. Repeated failures
-- for a user name or from an address lock sign-in for a while (Landsea.Data.Access.SignInAttempts). Rows older than
-- 90 days are removed.
CREATE TABLE sign_in_attempts (
    username TEXT NOT NULL,
    source_address TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX sign_in_attempts_user ON sign_in_attempts (username, attempted_at);
CREATE INDEX sign_in_attempts_source ON sign_in_attempts (source_address, attempted_at);
CREATE INDEX sign_in_attempts_time ON sign_in_attempts (attempted_at);
