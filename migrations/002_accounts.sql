-- Accounts, their grants, sessions, login throttling, API tokens; plans can be
-- published to anonymous readers; audit entries name their plan and project so
-- that a plan's secretariat can read its own.

CREATE TABLE app_user (
    id @ID@,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    service INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- A role in a scope: admin (none), secretariat and viewer (a plan), reviewer
-- (a bureau or ward), editor (a section).
CREATE TABLE user_grant (
    id @ID@,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'reviewer', 'editor', 'viewer')),
    plan_id INTEGER REFERENCES plan (id),
    unit_id INTEGER REFERENCES org_unit (id),
    created_at TEXT NOT NULL,
    CHECK ((role = 'admin' AND plan_id IS NULL AND unit_id IS NULL)
        OR (role IN ('secretariat', 'viewer') AND plan_id IS NOT NULL AND unit_id IS NULL)
        OR (role IN ('reviewer', 'editor') AND unit_id IS NOT NULL AND plan_id IS NULL))
);
CREATE INDEX user_grant_user ON user_grant (user_id);
-- Only a hash of the session id is kept: a copy of the database logs no one in.
CREATE TABLE user_session (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX user_session_user ON user_session (user_id);
-- Failed logins, by account and by address, for throttling.
CREATE TABLE login_failure (
    id @ID@,
    login TEXT NOT NULL,
    address TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failure_login ON login_failure (login, at);
CREATE INDEX login_failure_address ON login_failure (address, at);
CREATE TABLE api_token (
    id @ID@,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at TEXT,
    last_used_at TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

ALTER TABLE plan ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN plan_id INTEGER;
ALTER TABLE audit_log ADD COLUMN project_id INTEGER;
CREATE INDEX audit_log_plan ON audit_log (plan_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
