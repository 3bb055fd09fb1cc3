#include "base/clock.h"
#include "model/audit.h"

Err audit_write(Db *db, const char *actor, const char *address, const char *action,
                const char *entity, int64_t entity_id, int64_t plan_id, int64_t project_id,
                const char *before_json, const char *after_json)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO audit_log (at, actor, address, action, entity, entity_id,"
                            " before_json, after_json, plan_id, project_id)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            0);
    db_bind_text(st, 1, now);
    db_bind_text(st, 2, actor);
    db_bind_text(st, 3, address ? address : "");
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, entity);
    db_bind_int64(st, 6, entity_id);
    db_bind_text(st, 7, before_json);
    db_bind_text(st, 8, after_json);
    if (plan_id > 0)
        db_bind_int64(st, 9, plan_id);
    else
        db_bind_null(st, 9);
    if (project_id > 0)
        db_bind_int64(st, 10, project_id);
    else
        db_bind_null(st, 10);
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Who may read which entries, then the filters. $1: 1 for an administrator;
 * $2: the reader, whose secretariat grants name the plans they may read. An
 * entry without a plan is for administrators only. */
#define AUDIT_WHERE                                                                                \
    " WHERE ($1 = 1 OR a.plan_id IN (SELECT g.plan_id FROM user_grant g"                           \
    "   WHERE g.user_id = $2 AND g.role = 'secretariat' AND g.plan_id IS NOT NULL))"               \
    " AND ($3 = '' OR a.actor = $3) AND ($4 = 0 OR a.plan_id = $4)"                                \
    " AND ($5 = 0 OR a.project_id = $5) AND ($6 = '' OR a.at >= $6)"                               \
    " AND ($7 = '' OR a.at < $7)"

static void bind_filter(DbStmt *st, const Principal *who, const AuditFilter *f)
{
    db_bind_int64(st, 1, principal_is_admin(who) ? 1 : 0);
    db_bind_int64(st, 2, who->user_id);
    db_bind_text(st, 3, f->actor ? f->actor : "");
    db_bind_int64(st, 4, f->plan_id);
    db_bind_int64(st, 5, f->project_id);
    db_bind_text(st, 6, f->at_from ? f->at_from : "");
    db_bind_text(st, 7, f->at_before ? f->at_before : "");
}

static const char *text_or_null(Arena *a, DbStmt *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

Err audit_list(Db *db, Arena *a, const Principal *who, const AuditFilter *f, AuditEntry **out,
               int *count, int64_t *total)
{
    *out = NULL;
    *count = 0;
    *total = 0;
    if (!who || !principal_may_audit(who))
        return ERR_FORBIDDEN;
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM audit_log a" AUDIT_WHERE, 1);
    bind_filter(st, who, f);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *total = db_col_int64(st, 0);
    db_done(st);
    if (rc != DB_ROW)
        return ERR_DB;
    enum {
        C_ID,
        C_AT,
        C_ACTOR,
        C_ADDRESS,
        C_ACTION,
        C_ENTITY,
        C_ENTITY_ID,
        C_BEFORE,
        C_AFTER,
        C_PLAN,
        C_PROJECT,
        C_N
    };
    st = db_prepare(db,
                    "SELECT a.id, a.at, a.actor, a.address, a.action, a.entity, a.entity_id,"
                    " a.before_json, a.after_json, a.plan_id, a.project_id"
                    " FROM audit_log a" AUDIT_WHERE
                    " ORDER BY a.at DESC, a.id DESC LIMIT $8 OFFSET $9",
                    C_N);
    bind_filter(st, who, f);
    int page = f->page > 0 ? f->page : 1;
    db_bind_int64(st, 8, AUDIT_PAGE_ROWS);
    db_bind_int64(st, 9, (int64_t)(page - 1) * AUDIT_PAGE_ROWS);
    AuditEntry *rows = ARENA_ARRAY(a, AuditEntry, AUDIT_PAGE_ROWS);
    int n = 0;
    while ((rc = db_step(st)) == DB_ROW && n < AUDIT_PAGE_ROWS) {
        int64_t plan_id = db_col_int64(st, C_PLAN);
        /* The query decided the scope; this only makes sure of it. */
        if (!principal_is_admin(who) && (plan_id <= 0 || !principal_runs_plan(who, plan_id)))
            continue;
        AuditEntry *e = &rows[n++];
        e->id = db_col_int64(st, C_ID);
        e->at = arena_strdup(a, db_col_text(st, C_AT));
        e->actor = arena_strdup(a, db_col_text(st, C_ACTOR));
        e->address = arena_strdup(a, db_col_text(st, C_ADDRESS));
        e->action = arena_strdup(a, db_col_text(st, C_ACTION));
        e->entity = arena_strdup(a, db_col_text(st, C_ENTITY));
        e->entity_id = db_col_int64(st, C_ENTITY_ID);
        e->before_json = text_or_null(a, st, C_BEFORE);
        e->after_json = text_or_null(a, st, C_AFTER);
        e->plan_id = plan_id;
        e->project_id = db_col_int64(st, C_PROJECT);
    }
    db_done(st);
    if (rc != DB_DONE && rc != DB_ROW)
        return ERR_DB;
    *out = rows;
    *count = n;
    return ERR_OK;
}
