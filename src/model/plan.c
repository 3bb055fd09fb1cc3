#include <jansson.h>
#include <stdlib.h>
#include "model/audit.h"
#include "model/plan.h"

Err plan_list(Db *db, Arena *arena, const Principal *who, PlanSummary **out, int *count)
{
    enum {
        C_ID,
        C_TITLE,
        C_SUBTITLE,
        C_FROM,
        C_TO,
        C_PERIOD,
        C_INITIATIVES,
        C_PROJECTS,
        C_PUBLISHED,
        C_N
    };
    DbStmt *st =
        db_prepare(db,
                   "SELECT p.id, p.title, p.subtitle, p.from_fy, p.to_fy, p.period_label,"
                   " (SELECT COUNT(*) FROM initiative i WHERE i.plan_id = p.id),"
                   " (SELECT COUNT(DISTINCT ip.project_id) FROM initiative_project ip"
                   "   JOIN initiative i ON i.id = ip.initiative_id WHERE i.plan_id = p.id),"
                   " p.published FROM plan p ORDER BY p.id",
                   C_N);
    int cap = 8, n = 0, rc;
    PlanSummary *plans = ARENA_ARRAY(arena, PlanSummary, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(arena, plans, n, cap, PlanSummary);
        PlanSummary *p = &plans[n++];
        p->id = db_col_int64(st, C_ID);
        p->title = arena_strdup(arena, db_col_text(st, C_TITLE));
        p->subtitle = arena_strdup(arena, db_col_text(st, C_SUBTITLE));
        p->from_fy = (int)db_col_int64(st, C_FROM);
        p->to_fy = (int)db_col_int64(st, C_TO);
        p->period_label = arena_strdup(arena, db_col_text(st, C_PERIOD));
        p->initiatives = (int)db_col_int64(st, C_INITIATIVES);
        p->projects = (int)db_col_int64(st, C_PROJECTS);
        p->published = db_col_int64(st, C_PUBLISHED) != 0;
    }
    db_done(st);
    /* Few plans: asking per plan keeps one rule for reading (principal.c). */
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (!who || principal_may_read_plan(db, who, plans[i].id))
            plans[kept++] = plans[i];
    n = kept;
    *out = plans;
    *count = n;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err plan_set_published(Db *db, const Actor *by, int64_t plan_id, bool published)
{
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE plan SET published = $1 WHERE id = $2 RETURNING id", 1);
    db_bind_int64(st, 1, published);
    db_bind_int64(st, 2, plan_id);
    int rc = db_step(st);
    db_done(st);
    Err e = rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    if (e == ERR_OK) {
        json_t *after = json_pack("{s:b}", "published", published);
        char *text = json_dumps(after, JSON_COMPACT);
        json_decref(after);
        e = audit_write(db, by->name, by->address, published ? "plan.publish" : "plan.unpublish",
                        "plan", plan_id, plan_id, 0, NULL, text);
        free(text);
    }
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return e != ERR_OK ? e : ERR_DB;
    }
    return ERR_OK;
}

Err plan_set_bureau_review(Db *db, const Actor *by, const Principal *who, int64_t plan_id, bool on)
{
    if (who && !principal_runs_plan(who, plan_id))
        return ERR_FORBIDDEN;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE plan SET bureau_review = $1 WHERE id = $2 RETURNING id", 1);
    db_bind_int64(st, 1, on);
    db_bind_int64(st, 2, plan_id);
    int rc = db_step(st);
    db_done(st);
    Err e = rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    if (e == ERR_OK) {
        json_t *after = json_pack("{s:b}", "bureau_review", on);
        char *text = json_dumps(after, JSON_COMPACT);
        json_decref(after);
        e = audit_write(db, by->name, by->address, "plan.bureau_review", "plan", plan_id, plan_id,
                        0, NULL, text);
        free(text);
    }
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return e != ERR_OK ? e : ERR_DB;
    }
    return ERR_OK;
}

bool plan_bureau_review(Db *db, int64_t plan_id)
{
    enum { C_STAGE, C_N };
    DbStmt *st = db_prepare(db, "SELECT bureau_review FROM plan WHERE id = $1", C_N);
    db_bind_int64(st, 1, plan_id);
    bool on = db_step(st) == DB_ROW && db_col_int64(st, C_STAGE) != 0;
    db_done(st);
    return on;
}
