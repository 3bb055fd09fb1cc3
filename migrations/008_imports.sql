-- Files uploaded to be imported, kept until the person confirms them, so that
-- the mapping of their columns can be changed and the preview seen again
-- (by any of the program's processes). The bytes are kept as base64 text,
-- which both database engines store alike.
CREATE TABLE import_upload (
    id @ID@,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    filename TEXT NOT NULL,
    data TEXT NOT NULL,
    size INTEGER NOT NULL,
    plan_id INTEGER REFERENCES plan (id),
    title TEXT NOT NULL DEFAULT '',
    mapping TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done')),
    result_plan_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX import_upload_user ON import_upload (user_id);

-- Mappings of columns kept under a name, for next year's file of the same
-- shape.
CREATE TABLE import_mapping (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    mapping TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
