/* The shared projects of a round: asked by another plan's round of the same
 * fiscal year and checkpoint, answered there once. */
#include "model/round_shared.h"
#include "model/org.h"

Err round_shared_list(Db *db, Arena *a, int64_t round_id, SharedAnswer **out, int *n)
{
    enum { S_PROJECT, S_NAME, S_SECTION, S_ANSWER, S_ROUND, S_PLAN, S_STATUS, S_N };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT rp.project_id, pr.name, s.name, rs.id, rs.round_id, pl.title, rs.status"
        " FROM round_project rp JOIN round r ON r.id = rp.round_id"
        " JOIN response rs ON rs.id = rp.shared_response_id"
        " JOIN round r2 ON r2.id = rs.round_id JOIN plan pl ON pl.id = r2.plan_id"
        " JOIN project pr ON pr.id = rp.project_id"
        " LEFT JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("rp.section_id", "r.fiscal_year")
        " LEFT JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("s.parent_id", "r.fiscal_year")
        " WHERE rp.round_id = $1 ORDER BY b.sort_order, s.sort_order, pr.id",
        S_N);
    /* clang-format on */
    db_bind_int64(st, 1, round_id);
    int rc, cap = 4;
    *n = 0;
    *out = ARENA_ARRAY(a, SharedAnswer, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *out, *n, cap, SharedAnswer);
        (*out)[(*n)++] = (SharedAnswer){db_col_int64(st, S_PROJECT),  db_col_dup(a, st, S_NAME),
                                        db_col_dup(a, st, S_SECTION), db_col_int64(st, S_ANSWER),
                                        db_col_int64(st, S_ROUND),    db_col_dup(a, st, S_PLAN),
                                        db_col_dup(a, st, S_STATUS)};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err round_shared_plans(Db *db, Arena *a, int64_t answer_id, const char ***titles, int *n)
{
    DbStmt *st = db_prepare(db,
                            "SELECT DISTINCT pl.title, pl.id FROM round_project rp"
                            " JOIN round r ON r.id = rp.round_id JOIN plan pl ON pl.id = r.plan_id"
                            " WHERE rp.shared_response_id = $1 ORDER BY pl.id",
                            2);
    db_bind_int64(st, 1, answer_id);
    int rc, cap = 0;
    *n = 0;
    *titles = NULL;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *titles, *n, cap, const char *);
        (*titles)[(*n)++] = db_col_dup(a, st, 0);
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}
