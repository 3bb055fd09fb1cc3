-- Rounds as a cycle: which projects a round asks (fixed when it opens), the
-- answers' versions (history), and what happened to each answer (saved,
-- submitted, sent back with a comment, confirmed, entered on a section's
-- behalf).

ALTER TABLE round ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE round ADD COLUMN opened_at TEXT;
ALTER TABLE round ADD COLUMN closed_at TEXT;

CREATE TABLE round_project (
    round_id INTEGER NOT NULL REFERENCES round (id),
    project_id INTEGER NOT NULL REFERENCES project (id),
    section_id INTEGER NOT NULL REFERENCES org_unit (id),
    PRIMARY KEY (round_id, project_id)
);
CREATE INDEX round_project_section ON round_project (section_id);

ALTER TABLE response ADD COLUMN comment TEXT NOT NULL DEFAULT '';
ALTER TABLE response ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;

-- Every version of every answer: the history page and "no lost work".
CREATE TABLE response_value_version (
    id @ID@,
    response_id INTEGER NOT NULL REFERENCES response (id),
    field_id INTEGER NOT NULL REFERENCES field_def (id),
    version INTEGER NOT NULL,
    text_value TEXT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX response_value_version_response ON response_value_version (response_id, field_id);

CREATE TABLE response_event (
    id @ID@,
    response_id INTEGER NOT NULL REFERENCES response (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('save', 'submit', 'return', 'confirm', 'reopen')),
    version INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    on_behalf INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX response_event_response ON response_event (response_id, at);
