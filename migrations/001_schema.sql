-- The first schema: organisation, plans and their structure, projects, fields,
-- rounds, responses and the audit log. Portable SQL for SQLite and PostgreSQL;
-- @ID@ becomes each engine's auto-numbered primary key and INTEGER its 64-bit
-- integer; the rare statement of one engine only stands between "-- @only
-- ENGINE" and "-- @end" (store/migrate.c). Times are UTC ISO-8601
-- text written by the program; booleans are 0/1 integers; fiscal years are the
-- western year in which the fiscal year starts (FY2019 = April 2019 - March 2020).

-- Organisation units (局・区, 課・室・センター) form a tree. A unit's name, its
-- parent and its place in the city's order hold for a range of fiscal years,
-- so that a renamed or moved section keeps one identity.
CREATE TABLE org_unit (
    id @ID@,
    kind TEXT NOT NULL CHECK (kind IN ('bureau', 'ward', 'section', 'office')),
    code TEXT UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE org_unit_period (
    id @ID@,
    unit_id INTEGER NOT NULL REFERENCES org_unit (id),
    from_fy INTEGER NOT NULL,
    to_fy INTEGER NOT NULL DEFAULT 9999,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES org_unit (id),
    sort_order INTEGER NOT NULL,
    CHECK (from_fy <= to_fy)
);
CREATE INDEX org_unit_period_unit ON org_unit_period (unit_id, from_fy);
CREATE INDEX org_unit_period_parent ON org_unit_period (parent_id);

CREATE TABLE plan (
    id @ID@,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    from_fy INTEGER NOT NULL,
    to_fy INTEGER NOT NULL,
    period_label TEXT NOT NULL DEFAULT '',
    chapter_label TEXT NOT NULL DEFAULT '',
    chapter_title TEXT NOT NULL DEFAULT '',
    baseline_label TEXT NOT NULL DEFAULT '',
    related_label TEXT NOT NULL DEFAULT '',
    progress_label TEXT NOT NULL DEFAULT '',
    term_note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (from_fy <= to_fy)
);
-- The names of the plan's levels, from the top: 方向性, 取組み ...
CREATE TABLE plan_level (
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    depth INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (plan_id, depth)
);
-- The header of the council document: title, meeting, material number, date.
CREATE TABLE plan_document (
    plan_id INTEGER PRIMARY KEY REFERENCES plan (id),
    title TEXT NOT NULL DEFAULT '',
    meeting TEXT NOT NULL DEFAULT '',
    material_no TEXT NOT NULL DEFAULT '',
    doc_date TEXT
);
CREATE TABLE direction (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    label TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    UNIQUE (plan_id, label)
);
CREATE TABLE initiative (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    direction_id INTEGER NOT NULL REFERENCES direction (id),
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE INDEX initiative_direction ON initiative (direction_id);
-- The bureaus responsible for an initiative (局区等).
CREATE TABLE initiative_bureau (
    initiative_id INTEGER NOT NULL REFERENCES initiative (id),
    unit_id INTEGER NOT NULL REFERENCES org_unit (id),
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, unit_id)
);
-- Tags across directions (重点対象: 若年者, 勤労者 ...), in groups.
CREATE TABLE tag_group (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    label TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE tag (
    id @ID@,
    group_id INTEGER NOT NULL REFERENCES tag_group (id),
    label TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE initiative_tag (
    initiative_id INTEGER NOT NULL REFERENCES initiative (id),
    tag_id INTEGER NOT NULL REFERENCES tag (id),
    PRIMARY KEY (initiative_id, tag_id)
);

-- A project (事業・取組) is run by one section and may serve initiatives of
-- several plans; the link keeps the text answered when the plan was made.
CREATE TABLE project (
    id @ID@,
    section_id INTEGER NOT NULL REFERENCES org_unit (id),
    name TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    from_fy INTEGER NOT NULL DEFAULT 0,
    to_fy INTEGER NOT NULL DEFAULT 9999,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX project_section ON project (section_id);
CREATE TABLE initiative_project (
    initiative_id INTEGER NOT NULL REFERENCES initiative (id),
    project_id INTEGER NOT NULL REFERENCES project (id),
    baseline_text TEXT,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, project_id)
);
CREATE INDEX initiative_project_project ON initiative_project (project_id);

-- What is asked each year: text with a limit, a rating on a scale, a number.
CREATE TABLE rating_scale (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    name TEXT NOT NULL
);
CREATE TABLE rating_grade (
    id @ID@,
    scale_id INTEGER NOT NULL REFERENCES rating_scale (id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    points TEXT,
    description TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    UNIQUE (scale_id, code)
);
CREATE TABLE field_def (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'rating', 'number')),
    max_chars INTEGER,
    unit TEXT,
    scale_id INTEGER REFERENCES rating_scale (id),
    checkpoint TEXT NOT NULL CHECK (checkpoint IN ('start', 'end')),
    required INTEGER NOT NULL DEFAULT 0,
    example TEXT,
    sort_order INTEGER NOT NULL,
    UNIQUE (plan_id, key)
);

-- A round (照会): one collection of answers for a plan, a reviewed fiscal year
-- and a checkpoint (年度当初 / 年度末).
CREATE TABLE round (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    fiscal_year INTEGER NOT NULL,
    checkpoint TEXT NOT NULL CHECK (checkpoint IN ('start', 'end')),
    doc_no TEXT NOT NULL DEFAULT '',
    inquiry_date TEXT,
    deadline TEXT,
    instructions TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX round_plan ON round (plan_id, fiscal_year);
CREATE TABLE round_field (
    round_id INTEGER NOT NULL REFERENCES round (id),
    field_id INTEGER NOT NULL REFERENCES field_def (id),
    PRIMARY KEY (round_id, field_id)
);
-- One response per project and round; version counts its writes, so that a
-- write based on an older version can be refused.
CREATE TABLE response (
    id @ID@,
    round_id INTEGER NOT NULL REFERENCES round (id),
    project_id INTEGER NOT NULL REFERENCES project (id),
    status TEXT NOT NULL CHECK (status IN
        ('not_started', 'draft', 'submitted', 'returned', 'confirmed')),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    UNIQUE (round_id, project_id)
);
CREATE INDEX response_project ON response (project_id);
CREATE TABLE response_value (
    response_id INTEGER NOT NULL REFERENCES response (id),
    field_id INTEGER NOT NULL REFERENCES field_def (id),
    text_value TEXT,
    number_value TEXT,
    grade_id INTEGER REFERENCES rating_grade (id),
    PRIMARY KEY (response_id, field_id)
);

-- Every write: who, when, from where, what, before and after (JSON text).
CREATE TABLE audit_log (
    id @ID@,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
