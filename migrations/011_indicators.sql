-- A plan's numeric indicators (評価指標): a baseline (基準値) and a target
-- (目標値), each with its fiscal year, and yearly actuals (実績値) read from
-- the confirmed answers of one of the plan's number fields: of one project,
-- or summed over the projects of the initiative (or of the whole plan when
-- the indicator stands under no initiative).
-- Values are TEXT holding a canonical decimal ("-12.5", "1200", "0.05":
-- ASCII digits, no grouping, no exponent, no trailing fraction zeros), the
-- same form as response_value.number_value, so both engines store exactly
-- what was typed and no NUMERIC affinity rounds it. The program computes
-- with doubles (model/indicator.c says why).
CREATE TABLE indicator (
    id @ID@,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    initiative_id INTEGER REFERENCES initiative (id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    baseline_value TEXT NOT NULL,
    baseline_fy INTEGER NOT NULL,
    target_value TEXT NOT NULL,
    target_fy INTEGER NOT NULL,
    higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
    field_id INTEGER NOT NULL REFERENCES field_def (id),
    project_id INTEGER REFERENCES project (id),
    sort_order INTEGER NOT NULL,
    CHECK (baseline_fy <= target_fy)
);
CREATE INDEX indicator_plan ON indicator (plan_id, sort_order);
