/* Plan structure: the plan row, directions and initiatives, their order and
 * retirement, and copies into a new period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/buf.h"
#include "base/clock.h"
#include "base/era.h"
#include "base/utf8.h"
#include "model/answer.h"
#include "model/audit.h"
#include "model/edit.h"
#include "model/plan_edit.h"

/* ---------- Checks ---------- */

/* A text a person typed, as a plan's problem. */
static PlanProblem check_text(const char *s, int max, bool optional)
{
    static const PlanProblem as[] = {[TEXT_OK] = PLAN_OK,
                                     [TEXT_MISSING] = PLAN_TITLE_MISSING,
                                     [TEXT_TOO_LONG] = PLAN_TOO_LONG,
                                     [TEXT_BAD] = PLAN_BAD_TEXT};
    return as[edit_check_text(s, max, optional)];
}

static bool valid_fy(int fy)
{
    return fy >= 1900 && fy <= 2999;
}

static Err audit(Db *db, const Actor *by, const char *action, const char *entity, int64_t id,
                 int64_t plan_id, json_t *after)
{
    return edit_audit(db, by, action, entity, id, plan_id, 0, after);
}

int64_t direction_plan(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT plan_id FROM direction WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    return edit_one_id(st);
}

int64_t initiative_plan(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT plan_id FROM initiative WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    return edit_one_id(st);
}

static PlanProblem check_plan(const PlanInput *in)
{
    PlanProblem p = check_text(in->title, PLAN_TITLE_MAX, false);
    const char *labels[] = {in->subtitle,       in->period_label,  in->chapter_label,
                            in->baseline_label, in->related_label, in->progress_label};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]) && !p; i++)
        p = check_text(labels[i], PLAN_TITLE_MAX, true);
    if (!p)
        p = check_text(in->level1, PLAN_LABEL_MAX, false);
    if (!p)
        p = check_text(in->level2, PLAN_LABEL_MAX, false);
    if (!p && (!valid_fy(in->from_fy) || !valid_fy(in->to_fy) || in->from_fy > in->to_fy))
        p = PLAN_BAD_PERIOD;
    return p;
}

/* "令和3年度～令和7年度", as the seed writes a period. */
static char *period_label(int from, int to)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, from, ERA_JAPANESE, 0);
    buf_puts(&b, "～");
    era_format_fiscal_year(&b, to, ERA_JAPANESE, 0);
    return buf_take(&b);
}

static Err write_levels(Db *db, int64_t plan_id, const PlanInput *in)
{
    const char *names[] = {in->level1, in->level2};
    Err e = ERR_OK;
    for (int depth = 0; depth < 2 && e == ERR_OK; depth++) {
        DbStmt *st = db_prepare(db,
                                "INSERT INTO plan_level (plan_id, depth, name) VALUES ($1, $2, $3)"
                                " ON CONFLICT (plan_id, depth) DO UPDATE SET name = excluded.name",
                                0);
        db_bind_int64(st, 1, plan_id);
        db_bind_int64(st, 2, depth);
        db_bind_text(st, 3, names[depth]);
        e = edit_step(st);
    }
    return e;
}

static json_t *plan_json(const PlanInput *in)
{
    return json_pack("{s:s, s:i, s:i, s:s, s:s}", "title", in->title, "from_fy", in->from_fy,
                     "to_fy", in->to_fy, "level1", in->level1, "level2", in->level2);
}

/* ---------- The plan ---------- */

Err plan_create(Db *db, const Actor *by, const Principal *who, const PlanInput *in,
                int64_t *plan_id, PlanProblem *problem)
{
    if (!principal_is_admin(who))
        return ERR_FORBIDDEN;
    if ((*problem = check_plan(in)) != PLAN_OK)
        return ERR_INVALID;
    char now[21];
    clock_now_iso(now);
    char *label =
        in->period_label && *in->period_label ? NULL : period_label(in->from_fy, in->to_fy);
    if (db_begin(db) != 0) {
        free(label);
        return ERR_DB;
    }
    DbStmt *st = db_prepare(db,
                            "INSERT INTO plan (title, subtitle, from_fy, to_fy, period_label,"
                            " chapter_label, baseline_label, related_label, progress_label,"
                            " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                            " $10, $10) RETURNING id",
                            1);
    db_bind_text(st, 1, in->title);
    db_bind_text(st, 2, in->subtitle ? in->subtitle : "");
    db_bind_int64(st, 3, in->from_fy);
    db_bind_int64(st, 4, in->to_fy);
    db_bind_text(st, 5, label ? label : in->period_label);
    db_bind_text(st, 6, in->chapter_label ? in->chapter_label : "");
    db_bind_text(st, 7, in->baseline_label ? in->baseline_label : "");
    db_bind_text(st, 8, in->related_label ? in->related_label : "");
    db_bind_text(st, 9, in->progress_label ? in->progress_label : "");
    db_bind_text(st, 10, now);
    *plan_id = edit_one_id(st);
    free(label);
    Err e = *plan_id ? write_levels(db, *plan_id, in) : ERR_DB;
    if (e == ERR_OK)
        e = audit(db, by, "plan.create", "plan", *plan_id, *plan_id, plan_json(in));
    return edit_finish(db, e);
}

/* Would the period from..to leave out a year in which the plan has rounds? */
static bool rounds_outside(Db *db, int64_t plan_id, int from, int to)
{
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM round WHERE plan_id = $1 AND"
                            " (fiscal_year < $2 OR fiscal_year > $3)",
                            1);
    db_bind_int64(st, 1, plan_id);
    db_bind_int64(st, 2, from);
    db_bind_int64(st, 3, to);
    return edit_one_id(st) > 0;
}

Err plan_update(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const PlanInput *in,
                PlanProblem *problem)
{
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_plan(in)) != PLAN_OK)
        return ERR_INVALID;
    if (rounds_outside(db, plan_id, in->from_fy, in->to_fy)) {
        *problem = PLAN_PERIOD_HAS_ROUNDS;
        return ERR_INVALID;
    }
    char now[21];
    clock_now_iso(now);
    char *label =
        in->period_label && *in->period_label ? NULL : period_label(in->from_fy, in->to_fy);
    if (db_begin(db) != 0) {
        free(label);
        return ERR_DB;
    }
    DbStmt *st = db_prepare(db,
                            "UPDATE plan SET title = $2, subtitle = $3, from_fy = $4, to_fy = $5,"
                            " period_label = $6, chapter_label = $7, baseline_label = $8,"
                            " related_label = $9, progress_label = $10, updated_at = $11"
                            " WHERE id = $1",
                            0);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, in->title);
    db_bind_text(st, 3, in->subtitle ? in->subtitle : "");
    db_bind_int64(st, 4, in->from_fy);
    db_bind_int64(st, 5, in->to_fy);
    db_bind_text(st, 6, label ? label : in->period_label);
    db_bind_text(st, 7, in->chapter_label ? in->chapter_label : "");
    db_bind_text(st, 8, in->baseline_label ? in->baseline_label : "");
    db_bind_text(st, 9, in->related_label ? in->related_label : "");
    db_bind_text(st, 10, in->progress_label ? in->progress_label : "");
    db_bind_text(st, 11, now);
    free(label);
    e = edit_step(st);
    if (e == ERR_OK)
        e = write_levels(db, plan_id, in);
    if (e == ERR_OK)
        e = audit(db, by, "plan.update", "plan", plan_id, plan_id, plan_json(in));
    return edit_finish(db, e);
}

/* ---------- Directions ---------- */

static PlanProblem check_direction(const char *label, const char *title)
{
    PlanProblem p = check_text(label, PLAN_LABEL_MAX, false);
    return p ? p : check_text(title, PLAN_TEXT_MAX, true);
}

Err direction_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const char *label,
                  const char *title, int64_t *id, PlanProblem *problem)
{
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_direction(label, title)) != PLAN_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "INSERT INTO direction (plan_id, label, title, sort_order)"
                            " SELECT $1, $2, $3, COALESCE(MAX(sort_order), 0) + 1 FROM direction"
                            " WHERE plan_id = $1 RETURNING id",
                            1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, label);
    db_bind_text(st, 3, title ? title : "");
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    if (rc == DB_CONSTRAINT) {
        db_rollback(db);
        *problem = PLAN_LABEL_TAKEN;
        return ERR_INVALID;
    }
    e = *id ? audit(db, by, "direction.add", "direction", *id, plan_id,
                    json_pack("{s:s}", "label", label))
            : ERR_DB;
    return edit_finish(db, e);
}

Err direction_update(Db *db, const Actor *by, const Principal *who, int64_t id, const char *label,
                     const char *title, PlanProblem *problem)
{
    int64_t plan_id = direction_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_direction(label, title)) != PLAN_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE direction SET label = $2, title = $3 WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, label);
    db_bind_text(st, 3, title ? title : "");
    e = edit_step(st);
    if (e == ERR_CONFLICT) {
        db_rollback(db);
        *problem = PLAN_LABEL_TAKEN;
        return ERR_INVALID;
    }
    if (e == ERR_OK)
        e = audit(db, by, "direction.update", "direction", id, plan_id,
                  json_pack("{s:s, s:s}", "label", label, "title", title ? title : ""));
    return edit_finish(db, e);
}

/* ---------- Initiatives ---------- */

static PlanProblem check_initiative(Db *db, int64_t plan_id, const InitiativeInput *in)
{
    PlanProblem p = check_text(in->number, PLAN_NUMBER_MAX, false);
    if (!p)
        p = check_text(in->title, PLAN_TEXT_MAX, false);
    if (!p)
        p = check_text(in->content, PLAN_TEXT_MAX, true);
    if (!p && direction_plan(db, in->direction_id) != plan_id)
        p = PLAN_BAD_DIRECTION;
    if (!p && (in->nbureaus < 0 || in->nbureaus > PLAN_MAX_BUREAUS))
        p = PLAN_BAD_BUREAU;
    for (int i = 0; !p && i < in->nbureaus; i++) {
        DbStmt *st = db_prepare(db,
                                "SELECT COUNT(*) FROM org_unit WHERE id = $1"
                                " AND kind IN ('bureau', 'ward')",
                                1);
        db_bind_int64(st, 1, in->bureaus[i]);
        if (edit_one_id(st) != 1)
            p = PLAN_BAD_BUREAU;
    }
    return p;
}

static Err write_bureaus(Db *db, int64_t id, const InitiativeInput *in)
{
    DbStmt *st = db_prepare(db, "DELETE FROM initiative_bureau WHERE initiative_id = $1", 0);
    db_bind_int64(st, 1, id);
    Err e = edit_step(st);
    for (int i = 0; i < in->nbureaus && e == ERR_OK; i++) {
        st = db_prepare(db,
                        "INSERT INTO initiative_bureau (initiative_id, unit_id, sort_order)"
                        " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                        0);
        db_bind_int64(st, 1, id);
        db_bind_int64(st, 2, in->bureaus[i]);
        db_bind_int64(st, 3, i + 1);
        e = edit_step(st);
    }
    return e;
}

static json_t *initiative_json(const InitiativeInput *in)
{
    return json_pack("{s:I, s:s, s:s}", "direction_id", (json_int_t)in->direction_id, "number",
                     in->number, "title", in->title);
}

Err initiative_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id,
                   const InitiativeInput *in, int64_t *id, PlanProblem *problem)
{
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_initiative(db, plan_id, in)) != PLAN_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    /* The sheet orders by direction, then by sort_order within it: last in it. */
    DbStmt *st = db_prepare(db,
                            "INSERT INTO initiative (plan_id, direction_id, number, title, content,"
                            " sort_order) SELECT $1, $2, $3, $4, $5, COALESCE(MAX(i.sort_order), 0)"
                            " + 1 FROM initiative i WHERE i.direction_id = $2 RETURNING id",
                            1);
    db_bind_int64(st, 1, plan_id);
    db_bind_int64(st, 2, in->direction_id);
    db_bind_text(st, 3, in->number);
    db_bind_text(st, 4, in->title);
    db_bind_text(st, 5, in->content ? in->content : "");
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    if (rc == DB_CONSTRAINT) {
        db_rollback(db);
        *problem = PLAN_NUMBER_TAKEN;
        return ERR_INVALID;
    }
    e = *id ? write_bureaus(db, *id, in) : ERR_DB;
    if (e == ERR_OK)
        e = audit(db, by, "initiative.add", "initiative", *id, plan_id, initiative_json(in));
    return edit_finish(db, e);
}

/* An initiative moved to another direction goes to the end of it. */
static Err place_in_direction(Db *db, int64_t id, int64_t direction_id)
{
    DbStmt *st = db_prepare(db,
                            "UPDATE initiative SET direction_id = $2, sort_order ="
                            " (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM initiative"
                            " WHERE direction_id = $2) WHERE id = $1 AND direction_id <> $2",
                            0);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, direction_id);
    return edit_step(st);
}

Err initiative_update(Db *db, const Actor *by, const Principal *who, int64_t id,
                      const InitiativeInput *in, PlanProblem *problem)
{
    int64_t plan_id = initiative_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_initiative(db, plan_id, in)) != PLAN_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "UPDATE initiative SET number = $2, title = $3, content = $4"
                            " WHERE id = $1",
                            0);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->number);
    db_bind_text(st, 3, in->title);
    db_bind_text(st, 4, in->content ? in->content : "");
    e = edit_step(st);
    if (e == ERR_CONFLICT) {
        db_rollback(db);
        *problem = PLAN_NUMBER_TAKEN;
        return ERR_INVALID;
    }
    if (e == ERR_OK)
        e = place_in_direction(db, id, in->direction_id);
    if (e == ERR_OK)
        e = write_bureaus(db, id, in);
    if (e == ERR_OK)
        e = audit(db, by, "initiative.update", "initiative", id, plan_id, initiative_json(in));
    return edit_finish(db, e);
}

/* The direction of this label, made at the end of the plan when missing. */
static int64_t direction_for(Db *db, int64_t plan_id, const char *label, int *made)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM direction WHERE plan_id = $1 AND label = $2", 1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, label);
    int64_t id = edit_one_id(st);
    if (id)
        return id;
    st = db_prepare(db,
                    "INSERT INTO direction (plan_id, label, title, sort_order)"
                    " SELECT $1, $2, '', COALESCE(MAX(sort_order), 0) + 1 FROM direction"
                    " WHERE plan_id = $1 RETURNING id",
                    1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, label);
    id = edit_one_id(st);
    *made += id != 0;
    return id;
}

Err initiatives_add_bulk(Db *db, const Actor *by, const Principal *who, int64_t plan_id,
                         const BulkInitiative *rows, int n, int *bad_row, PlanProblem *problem,
                         int *directions)
{
    *bad_row = -1;
    *directions = 0;
    *problem = PLAN_OK;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    /* Every line checked before anything is written. */
    for (int i = 0; i < n && !*problem; i++) {
        *problem = check_text(rows[i].direction, PLAN_LABEL_MAX, false);
        if (!*problem)
            *problem = check_text(rows[i].number, PLAN_NUMBER_MAX, false);
        if (!*problem)
            *problem = check_text(rows[i].title, PLAN_TEXT_MAX, false);
        if (!*problem)
            *problem = check_text(rows[i].content, PLAN_TEXT_MAX, true);
        if (*problem)
            *bad_row = i;
    }
    if (*problem)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    for (int i = 0; i < n && e == ERR_OK; i++) {
        int64_t dir = direction_for(db, plan_id, rows[i].direction, directions);
        DbStmt *st = db_prepare(db,
                                "INSERT INTO initiative (plan_id, direction_id, number, title,"
                                " content, sort_order) SELECT $1, $2, $3, $4, $5,"
                                " COALESCE(MAX(i.sort_order), 0) + 1 FROM initiative i"
                                " WHERE i.direction_id = $2",
                                0);
        db_bind_int64(st, 1, plan_id);
        db_bind_int64(st, 2, dir);
        db_bind_text(st, 3, rows[i].number);
        db_bind_text(st, 4, rows[i].title);
        db_bind_text(st, 5, rows[i].content ? rows[i].content : "");
        e = dir ? edit_step(st) : ERR_DB;
        if (!dir)
            db_done(st);
        if (e == ERR_CONFLICT) {
            db_rollback(db);
            *bad_row = i;
            *problem = PLAN_NUMBER_TAKEN;
            return ERR_INVALID;
        }
    }
    if (e == ERR_OK)
        e = audit(db, by, "initiative.add_bulk", "plan", plan_id, plan_id,
                  json_pack("{s:i, s:i}", "initiatives", n, "directions", *directions));
    return edit_finish(db, e);
}

/* ---------- Order, retirement, numbers ---------- */

/* Swaps the sort_order of row id with its neighbour in the same group
 * (the plan for directions, the direction for initiatives). */
static Err swap_with_neighbour(Db *db, bool initiative, int64_t id, int delta, bool *moved)
{
    DbStmt *st = initiative ? db_prepare(db,
                                         "SELECT o.id FROM initiative t JOIN initiative o ON"
                                         " o.direction_id = t.direction_id WHERE t.id = $1 AND"
                                         " ((($2 < 0) AND o.sort_order < t.sort_order) OR"
                                         " (($2 > 0) AND o.sort_order > t.sort_order))"
                                         " ORDER BY CASE WHEN $2 < 0 THEN -o.sort_order"
                                         " ELSE o.sort_order END LIMIT 1",
                                         1)
                            : db_prepare(db,
                                         "SELECT o.id FROM direction t JOIN direction o ON"
                                         " o.plan_id = t.plan_id WHERE t.id = $1 AND"
                                         " ((($2 < 0) AND o.sort_order < t.sort_order) OR"
                                         " (($2 > 0) AND o.sort_order > t.sort_order))"
                                         " ORDER BY CASE WHEN $2 < 0 THEN -o.sort_order"
                                         " ELSE o.sort_order END LIMIT 1",
                                         1);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, delta);
    int64_t other = edit_one_id(st);
    *moved = other != 0;
    if (!other)
        return ERR_OK; /* first or last already */
    /* Each row's place read first: an UPDATE that read one row's place from
     * the table would see the other already moved. */
    int64_t place[2] = {0, 0}, ids[2] = {id, other};
    for (int i = 0; i < 2; i++) {
        st = initiative ? db_prepare(db, "SELECT sort_order FROM initiative WHERE id = $1", 1)
                        : db_prepare(db, "SELECT sort_order FROM direction WHERE id = $1", 1);
        db_bind_int64(st, 1, ids[i]);
        place[i] = edit_one_id(st);
    }
    Err e = ERR_OK;
    for (int i = 0; i < 2 && e == ERR_OK; i++) {
        st = initiative ? db_prepare(db, "UPDATE initiative SET sort_order = $2 WHERE id = $1", 0)
                        : db_prepare(db, "UPDATE direction SET sort_order = $2 WHERE id = $1", 0);
        db_bind_int64(st, 1, ids[i]);
        db_bind_int64(st, 2, place[1 - i]);
        e = edit_step(st);
    }
    return e;
}

static Err move(Db *db, const Actor *by, const Principal *who, bool initiative, int64_t id,
                int delta)
{
    int64_t plan_id = initiative ? initiative_plan(db, id) : direction_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    bool moved = false;
    e = swap_with_neighbour(db, initiative, id, delta < 0 ? -1 : 1, &moved);
    if (e == ERR_OK && moved)
        e = audit(db, by, initiative ? "initiative.move" : "direction.move",
                  initiative ? "initiative" : "direction", id, plan_id,
                  json_pack("{s:i}", "delta", delta < 0 ? -1 : 1));
    return edit_finish(db, e);
}

Err direction_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta)
{
    return move(db, by, who, false, id, delta);
}

Err initiative_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta)
{
    return move(db, by, who, true, id, delta);
}

static Err retire(Db *db, const Actor *by, const Principal *who, bool initiative, int64_t id,
                  int fy, PlanProblem *problem)
{
    int64_t plan_id = initiative ? initiative_plan(db, id) : direction_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    DbStmt *st = db_prepare(db, "SELECT from_fy, to_fy FROM plan WHERE id = $1", 2);
    db_bind_int64(st, 1, plan_id);
    int from = 0, to = 0;
    if (db_step(st) == DB_ROW) {
        from = (int)db_col_int64(st, 0);
        to = (int)db_col_int64(st, 1);
    }
    db_done(st);
    if (fy < 0 || (fy && (fy < from || fy > to + 1))) { /* -1: not a year */
        *problem = PLAN_BAD_YEAR;
        return ERR_INVALID;
    }
    if (db_begin(db) != 0)
        return ERR_DB;
    st = initiative ? db_prepare(db, "UPDATE initiative SET retired_fy = $2 WHERE id = $1", 0)
                    : db_prepare(db, "UPDATE direction SET retired_fy = $2 WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    if (fy)
        db_bind_int64(st, 2, fy);
    else
        db_bind_null(st, 2);
    e = edit_step(st);
    if (e == ERR_OK)
        e = audit(db, by, initiative ? "initiative.retire" : "direction.retire",
                  initiative ? "initiative" : "direction", id, plan_id,
                  json_pack("{s:i}", "retired_fy", fy));
    return edit_finish(db, e);
}

Err direction_retire(Db *db, const Actor *by, const Principal *who, int64_t id, int fy,
                     PlanProblem *problem)
{
    return retire(db, by, who, false, id, fy, problem);
}

Err initiative_retire(Db *db, const Actor *by, const Principal *who, int64_t id, int fy,
                      PlanProblem *problem)
{
    return retire(db, by, who, true, id, fy, problem);
}

Err plan_renumber(Db *db, const Actor *by, const Principal *who, int64_t plan_id)
{
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    /* Two steps, since numbers are unique in a plan: out of the way first. */
    DbStmt *st = db_prepare(db, "UPDATE initiative SET number = '#' || id WHERE plan_id = $1", 0);
    db_bind_int64(st, 1, plan_id);
    e = edit_step(st);
    if (e == ERR_OK) {
        st = db_prepare(db,
                        "UPDATE initiative SET number = CAST((SELECT COUNT(*) FROM initiative j"
                        " JOIN direction dj ON dj.id = j.direction_id, direction di"
                        " WHERE j.plan_id = $1 AND di.id = initiative.direction_id AND"
                        " (dj.sort_order < di.sort_order OR (dj.sort_order = di.sort_order AND"
                        " (j.sort_order < initiative.sort_order OR (j.sort_order ="
                        " initiative.sort_order AND j.id <= initiative.id))))) AS TEXT)"
                        " WHERE plan_id = $1",
                        0);
        db_bind_int64(st, 1, plan_id);
        e = edit_step(st);
    }
    if (e == ERR_OK)
        e = audit(db, by, "plan.renumber", "plan", plan_id, plan_id, NULL);
    return edit_finish(db, e);
}

/* ---------- Copy into a new period ---------- */

/* Runs one INSERT ... SELECT of the copy, binding the old and new plan ids. */
static Err copy_step(DbStmt *st, int64_t from, int64_t to)
{
    db_bind_int64(st, 1, from);
    db_bind_int64(st, 2, to);
    return edit_step(st);
}

Err plan_copy(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const char *title,
              int from_fy, int to_fy, int64_t *new_id, PlanProblem *problem)
{
    if (!principal_is_admin(who))
        return ERR_FORBIDDEN;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_text(title, PLAN_TITLE_MAX, false)) != PLAN_OK)
        return ERR_INVALID;
    if (!valid_fy(from_fy) || !valid_fy(to_fy) || from_fy > to_fy) {
        *problem = PLAN_BAD_PERIOD;
        return ERR_INVALID;
    }
    char now[21];
    clock_now_iso(now);
    char *label = period_label(from_fy, to_fy);
    if (db_begin(db) != 0) {
        free(label);
        return ERR_DB;
    }
    DbStmt *st = db_prepare(db,
                            "INSERT INTO plan (title, subtitle, from_fy, to_fy, period_label,"
                            " chapter_label, chapter_title, baseline_label, related_label,"
                            " progress_label, term_note, created_at, updated_at)"
                            " SELECT $2, subtitle, $3, $4, $5, chapter_label, chapter_title,"
                            " baseline_label, related_label, progress_label, term_note, $6, $6"
                            " FROM plan WHERE id = $1 RETURNING id",
                            1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, title);
    db_bind_int64(st, 3, from_fy);
    db_bind_int64(st, 4, to_fy);
    db_bind_text(st, 5, label);
    db_bind_text(st, 6, now);
    int64_t to = edit_one_id(st);
    free(label);
    e = to ? ERR_OK : ERR_DB;
    /* Each statement copies one table; the ids of copied rows are found
     * again through what identifies them in a plan (a direction's label, an
     * initiative's number, a field's key, a scale's name). */
    static const char *const steps[] = {
        "INSERT INTO plan_level (plan_id, depth, name) SELECT $2, depth, name FROM plan_level"
        " WHERE plan_id = $1",
        "INSERT INTO direction (plan_id, label, title, sort_order) SELECT $2, label, title,"
        " sort_order FROM direction WHERE plan_id = $1 AND retired_fy IS NULL",
        "INSERT INTO initiative (plan_id, direction_id, number, title, content, sort_order)"
        " SELECT $2, nd.id, i.number, i.title, i.content, i.sort_order FROM initiative i"
        " JOIN direction od ON od.id = i.direction_id JOIN direction nd ON nd.plan_id = $2"
        " AND nd.label = od.label WHERE i.plan_id = $1 AND i.retired_fy IS NULL",
        "INSERT INTO initiative_bureau (initiative_id, unit_id, sort_order) SELECT ni.id,"
        " ib.unit_id, ib.sort_order FROM initiative_bureau ib JOIN initiative oi ON oi.id ="
        " ib.initiative_id JOIN initiative ni ON ni.plan_id = $2 AND ni.number = oi.number"
        " WHERE oi.plan_id = $1",
        "INSERT INTO initiative_project (initiative_id, project_id, baseline_text, sort_order)"
        " SELECT ni.id, ip.project_id, ip.baseline_text, ip.sort_order FROM initiative_project"
        " ip JOIN initiative oi ON oi.id = ip.initiative_id JOIN initiative ni ON ni.plan_id ="
        " $2 AND ni.number = oi.number WHERE oi.plan_id = $1",
        "INSERT INTO rating_scale (plan_id, name) SELECT $2, name FROM rating_scale"
        " WHERE plan_id = $1",
        "INSERT INTO rating_grade (scale_id, code, label, points, description, sort_order)"
        " SELECT ns.id, g.code, g.label, g.points, g.description, g.sort_order FROM rating_grade"
        " g JOIN rating_scale os ON os.id = g.scale_id JOIN rating_scale ns ON ns.plan_id = $2"
        " AND ns.name = os.name WHERE os.plan_id = $1",
        "INSERT INTO field_def (plan_id, key, label, kind, max_chars, unit, scale_id,"
        " checkpoint, required, example, sort_order) SELECT $2, f.key, f.label, f.kind,"
        " f.max_chars, f.unit, (SELECT ns.id FROM rating_scale os JOIN rating_scale ns ON"
        " ns.plan_id = $2 AND ns.name = os.name WHERE os.id = f.scale_id), f.checkpoint,"
        " f.required, f.example, f.sort_order FROM field_def f WHERE f.plan_id = $1"
        " AND f.retired = 0",
        /* Indicators follow their field (by key) and initiative (by number);
         * one whose field or initiative stays behind stays behind too. */
        "INSERT INTO indicator (plan_id, initiative_id, name, unit, baseline_value, baseline_fy,"
        " target_value, target_fy, higher_is_better, field_id, project_id, sort_order)"
        " SELECT $2, ni.id, x.name, x.unit, x.baseline_value, x.baseline_fy, x.target_value,"
        " x.target_fy, x.higher_is_better, nf.id, x.project_id, x.sort_order FROM indicator x"
        " JOIN field_def of ON of.id = x.field_id JOIN field_def nf ON nf.plan_id = $2"
        " AND nf.key = of.key LEFT JOIN initiative oi ON oi.id = x.initiative_id"
        " LEFT JOIN initiative ni ON ni.plan_id = $2 AND ni.number = oi.number"
        " WHERE x.plan_id = $1 AND (x.initiative_id IS NULL OR ni.id IS NOT NULL)",
        "INSERT INTO tag_group (plan_id, label, sort_order) SELECT $2, label, sort_order"
        " FROM tag_group WHERE plan_id = $1",
        "INSERT INTO tag (group_id, label, sort_order) SELECT ng.id, t.label, t.sort_order"
        " FROM tag t JOIN tag_group og ON og.id = t.group_id JOIN tag_group ng ON ng.plan_id"
        " = $2 AND ng.label = og.label WHERE og.plan_id = $1",
        "INSERT INTO initiative_tag (initiative_id, tag_id) SELECT ni.id, nt.id FROM"
        " initiative_tag it JOIN initiative oi ON oi.id = it.initiative_id JOIN initiative ni"
        " ON ni.plan_id = $2 AND ni.number = oi.number JOIN tag ot ON ot.id = it.tag_id JOIN"
        " tag_group og ON og.id = ot.group_id JOIN tag_group ng ON ng.plan_id = $2 AND"
        " ng.label = og.label JOIN tag nt ON nt.group_id = ng.id AND nt.label = ot.label"
        " WHERE oi.plan_id = $1",
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && e == ERR_OK; i++)
        e = copy_step(db_prepare_literal(db, steps[i], 0), plan_id, to);
    if (e == ERR_OK)
        e = audit(db, by, "plan.copy", "plan", to, to,
                  json_pack("{s:I, s:i, s:i}", "from_plan", (json_int_t)plan_id, "from_fy", from_fy,
                            "to_fy", to_fy));
    e = edit_finish(db, e);
    if (e == ERR_OK)
        *new_id = to;
    return e;
}

/* ---------- Reading ---------- */

static Err read_plan_row(Db *db, Arena *a, PlanStructure *out)
{
    enum { P_TITLE, P_SUB, P_FROM, P_TO, P_PERIOD, P_CHAPTER, P_BASE, P_REL, P_PROG, P_PUB, P_N };
    DbStmt *st = db_prepare(db,
                            "SELECT title, subtitle, from_fy, to_fy, period_label, chapter_label,"
                            " baseline_label, related_label, progress_label, published"
                            " FROM plan WHERE id = $1",
                            P_N);
    db_bind_int64(st, 1, out->id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        PlanInput *p = &out->plan;
        p->title = db_col_dup(a, st, P_TITLE);
        p->subtitle = db_col_dup(a, st, P_SUB);
        p->from_fy = (int)db_col_int64(st, P_FROM);
        p->to_fy = (int)db_col_int64(st, P_TO);
        p->period_label = db_col_dup(a, st, P_PERIOD);
        p->chapter_label = db_col_dup(a, st, P_CHAPTER);
        p->baseline_label = db_col_dup(a, st, P_BASE);
        p->related_label = db_col_dup(a, st, P_REL);
        p->progress_label = db_col_dup(a, st, P_PROG);
        out->published = db_col_int64(st, P_PUB) != 0;
    }
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    st = db_prepare(db, "SELECT depth, name FROM plan_level WHERE plan_id = $1 ORDER BY depth", 2);
    db_bind_int64(st, 1, out->id);
    out->plan.level1 = out->plan.level2 = "";
    while ((rc = db_step(st)) == DB_ROW) {
        if (db_col_int64(st, 0) == 0)
            out->plan.level1 = db_col_dup(a, st, 1);
        else if (db_col_int64(st, 0) == 1)
            out->plan.level2 = db_col_dup(a, st, 1);
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static StructDirection *direction_of(PlanStructure *out, int64_t id)
{
    for (int i = 0; i < out->ndirections; i++)
        if (out->directions[i].id == id)
            return &out->directions[i];
    return NULL;
}

Err plan_structure(Db *db, Arena *a, const Principal *who, int64_t plan_id, PlanStructure *out)
{
    memset(out, 0, sizeof(*out));
    out->id = plan_id;
    if (!principal_may_read_plan(db, who, plan_id))
        return ERR_NOT_FOUND;
    Err e = read_plan_row(db, a, out);
    if (e != ERR_OK)
        return e;
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM direction WHERE plan_id = $1", 1);
    db_bind_int64(st, 1, plan_id);
    int nd = (int)edit_one_id(st);
    out->directions = ARENA_ARRAY(a, StructDirection, nd + 1);
    st = db_prepare(db,
                    "SELECT id, label, title, COALESCE(retired_fy, 0) FROM direction"
                    " WHERE plan_id = $1 ORDER BY sort_order, id",
                    4);
    db_bind_int64(st, 1, plan_id);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && out->ndirections < nd)
        out->directions[out->ndirections++] = (StructDirection){db_col_int64(st, 0),
                                                                db_col_dup(a, st, 1),
                                                                db_col_dup(a, st, 2),
                                                                (int)db_col_int64(st, 3),
                                                                NULL,
                                                                0};
    db_done(st);
    /* Initiatives, counted per direction first so that each gets its array. */
    st = db_prepare(db,
                    "SELECT direction_id, COUNT(*) FROM initiative WHERE plan_id = $1"
                    " GROUP BY direction_id",
                    2);
    db_bind_int64(st, 1, plan_id);
    while (db_step(st) == DB_ROW) {
        StructDirection *d = direction_of(out, db_col_int64(st, 0));
        if (d)
            d->initiatives = ARENA_ARRAY(a, StructInitiative, (size_t)db_col_int64(st, 1) + 1);
    }
    db_done(st);
    st = db_prepare(db,
                    "SELECT id, direction_id, number, title, content, COALESCE(retired_fy, 0)"
                    " FROM initiative WHERE plan_id = $1 ORDER BY sort_order, id",
                    6);
    db_bind_int64(st, 1, plan_id);
    while (db_step(st) == DB_ROW) {
        StructDirection *d = direction_of(out, db_col_int64(st, 1));
        if (d && d->initiatives)
            d->initiatives[d->ninitiatives++] = (StructInitiative){db_col_int64(st, 0),
                                                                   d->id,
                                                                   db_col_dup(a, st, 2),
                                                                   db_col_dup(a, st, 3),
                                                                   db_col_dup(a, st, 4),
                                                                   (int)db_col_int64(st, 5),
                                                                   NULL,
                                                                   NULL,
                                                                   0};
    }
    db_done(st);
    /* Bureaus: named as in the plan's last year. */
    st = db_prepare(db,
                    "SELECT ib.initiative_id, ib.unit_id, COALESCE((SELECT u.name FROM"
                    " org_unit_period u WHERE u.unit_id = ib.unit_id ORDER BY"
                    " (u.from_fy <= $2 AND u.to_fy >= $2) DESC, u.to_fy DESC"
                    " LIMIT 1), '') FROM initiative_bureau ib JOIN initiative i ON i.id ="
                    " ib.initiative_id WHERE i.plan_id = $1"
                    " ORDER BY ib.initiative_id, ib.sort_order",
                    3);
    db_bind_int64(st, 1, plan_id);
    db_bind_int64(st, 2, out->plan.to_fy);
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t iid = db_col_int64(st, 0);
        for (int i = 0; i < out->ndirections; i++)
            for (int j = 0; j < out->directions[i].ninitiatives; j++) {
                StructInitiative *in = &out->directions[i].initiatives[j];
                if (in->id != iid || in->nbureaus >= PLAN_MAX_BUREAUS)
                    continue;
                if (!in->bureaus) {
                    in->bureaus = ARENA_ARRAY(a, int64_t, PLAN_MAX_BUREAUS);
                    in->bureau_names = ARENA_ARRAY(a, const char *, PLAN_MAX_BUREAUS);
                }
                in->bureaus[in->nbureaus] = db_col_int64(st, 1);
                in->bureau_names[in->nbureaus++] = db_col_dup(a, st, 2);
            }
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}
