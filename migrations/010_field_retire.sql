-- Fields set up by a plan's secretariat (model/field_edit.c).
-- A field that rounds have asked keeps its answers: it cannot be removed,
-- only retired, and new rounds no longer ask a retired field. The kinds stay
-- text, rating and number: a choice list (選択肢) is a rating on a scale
-- whose grades have no points, so field_def's CHECK is unchanged and the
-- table need not be rebuilt.
ALTER TABLE field_def ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
-- A plan's scales are told apart by name (a plan's copy finds its scales
-- again by name).
CREATE UNIQUE INDEX rating_scale_plan_name ON rating_scale (plan_id, name);
