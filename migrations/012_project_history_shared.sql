-- A project's past sections: until (and including) fiscal year to_fy it was
-- run by section_id. A move from a fiscal year writes the row for the years
-- before it, so a sheet of an earlier year shows the section of that year
-- even where no round asked (round_project keeps the asked years).
CREATE TABLE project_section_past (
    project_id INTEGER NOT NULL REFERENCES project (id),
    to_fy INTEGER NOT NULL,
    section_id INTEGER NOT NULL REFERENCES org_unit (id),
    PRIMARY KEY (project_id, to_fy)
);

-- A project linked to two plans is answered once per round period (fiscal
-- year and checkpoint): the round that opens second does not ask it again
-- but points at the answer of the round that asked it first.
ALTER TABLE round_project ADD COLUMN shared_response_id INTEGER REFERENCES response (id);
CREATE INDEX round_project_shared ON round_project (shared_response_id);

-- Every answer value as a plan sees it: its own rounds' answers, and the
-- answers its rounds take from another plan's round (shared projects), each
-- value put on the plan's own field of the same kind and the same key (a
-- copied plan) or the same label (the same question), and a grade on the
-- plan's own grade of the same code.
CREATE VIEW plan_answer AS
SELECT r.plan_id, r.id AS round_id, r.fiscal_year, r.checkpoint, r.published,
       rs.project_id, rs.id AS response_id, rs.status, rv.field_id,
       rv.text_value, rv.number_value, rv.grade_id, 0 AS shared
FROM round r
JOIN response rs ON rs.round_id = r.id
JOIN response_value rv ON rv.response_id = rs.id
UNION ALL
SELECT r.plan_id, r.id, r.fiscal_year, r.checkpoint, r.published,
       rp.project_id, rs.id, rs.status, f.id,
       CASE WHEN g.id IS NOT NULL THEN g.label ELSE rv.text_value END,
       rv.number_value, g.id, 1
FROM round r
JOIN round_project rp ON rp.round_id = r.id
JOIN response rs ON rs.id = rp.shared_response_id
JOIN response_value rv ON rv.response_id = rs.id
JOIN field_def fa ON fa.id = rv.field_id
JOIN round_field rf ON rf.round_id = r.id
JOIN field_def f ON f.id = rf.field_id AND f.kind = fa.kind
    AND (f.key = fa.key OR f.label = fa.label)
LEFT JOIN rating_grade ga ON ga.id = rv.grade_id
LEFT JOIN rating_grade g ON g.scale_id = f.scale_id AND g.code = ga.code;
