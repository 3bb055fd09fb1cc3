#include "model/plan.h"

Err plan_list(Db *db, Arena *arena, PlanSummary **out, int *count)
{
    enum { C_ID, C_TITLE, C_SUBTITLE, C_FROM, C_TO, C_PERIOD, C_INITIATIVES, C_PROJECTS, C_N };
    DbStmt *st =
        db_prepare(db,
                   "SELECT p.id, p.title, p.subtitle, p.from_fy, p.to_fy, p.period_label,"
                   " (SELECT COUNT(*) FROM initiative i WHERE i.plan_id = p.id),"
                   " (SELECT COUNT(DISTINCT ip.project_id) FROM initiative_project ip"
                   "   JOIN initiative i ON i.id = ip.initiative_id WHERE i.plan_id = p.id)"
                   " FROM plan p ORDER BY p.id",
                   C_N);
    int cap = 8, n = 0, rc;
    PlanSummary *plans = ARENA_ARRAY(arena, PlanSummary, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            PlanSummary *more = ARENA_ARRAY(arena, PlanSummary, cap * 2);
            for (int i = 0; i < n; i++)
                more[i] = plans[i];
            plans = more;
            cap *= 2;
        }
        PlanSummary *p = &plans[n++];
        p->id = db_col_int64(st, C_ID);
        p->title = arena_strdup(arena, db_col_text(st, C_TITLE));
        p->subtitle = arena_strdup(arena, db_col_text(st, C_SUBTITLE));
        p->from_fy = (int)db_col_int64(st, C_FROM);
        p->to_fy = (int)db_col_int64(st, C_TO);
        p->period_label = arena_strdup(arena, db_col_text(st, C_PERIOD));
        p->initiatives = (int)db_col_int64(st, C_INITIATIVES);
        p->projects = (int)db_col_int64(st, C_PROJECTS);
    }
    db_done(st);
    *out = plans;
    *count = n;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}
