-- A bureau review stage a plan may add: a section submits, the bureau's
-- reviewer approves (局承認) or sends the answer back, then the secretariat
-- confirms. Without it (the default) the secretariat confirms directly.

ALTER TABLE plan ADD COLUMN bureau_review INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response ADD COLUMN bureau_approved INTEGER NOT NULL DEFAULT 0;

-- The events' CHECK gains 'approve': SQLite cannot alter a CHECK, so the
-- table is rebuilt with the same columns and its rows copied. PostgreSQL
-- replaces the CHECK in place (named by its rule, table_column_check), which
-- also keeps the ids' sequence where the rows left it.
-- @only postgresql
ALTER TABLE response_event DROP CONSTRAINT response_event_action_check;
ALTER TABLE response_event ADD CONSTRAINT response_event_action_check
    CHECK (action IN ('save', 'submit', 'return', 'confirm', 'reopen', 'approve'));
-- @end
-- @only sqlite
CREATE TABLE response_event_new (
    id @ID@,
    response_id INTEGER NOT NULL REFERENCES response (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('save', 'submit', 'return', 'confirm', 'reopen', 'approve')),
    version INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    on_behalf INTEGER NOT NULL DEFAULT 0
);
INSERT INTO response_event_new (id, response_id, at, actor, action, version, comment, on_behalf)
    SELECT id, response_id, at, actor, action, version, comment, on_behalf FROM response_event;
DROP TABLE response_event;
ALTER TABLE response_event_new RENAME TO response_event;
CREATE INDEX response_event_response ON response_event (response_id, at);
-- @end
