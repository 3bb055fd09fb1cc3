/* Shared pieces of the model's setup changes. */
#include <stdlib.h>
#include "base/utf8.h"
#include "model/answer.h"
#include "model/audit.h"
#include "model/edit.h"

TextProblem edit_check_text(const char *s, int max, bool optional)
{
    if (!s || !*s)
        return optional ? TEXT_OK : TEXT_MISSING;
    char *clean = NULL;
    if (answer_clean_text(s, &clean) != FIELD_OK)
        return TEXT_BAD;
    free(clean);
    return utf8_char_count(s) > (size_t)max ? TEXT_TOO_LONG : TEXT_OK;
}

Err edit_finish(Db *db, Err e)
{
    if (e == ERR_OK && db_commit(db) == 0)
        return ERR_OK;
    db_rollback(db);
    return e == ERR_OK ? ERR_DB : e;
}

Err edit_audit(Db *db, const Actor *by, const char *action, const char *entity, int64_t id,
               int64_t plan_id, int64_t project_id, json_t *after)
{
    char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
    Err e =
        audit_write(db, by->name, by->address, action, entity, id, plan_id, project_id, NULL, text);
    free(text);
    json_decref(after);
    return e;
}

Err edit_step(DbStmt *st)
{
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE ? ERR_OK : rc == DB_CONSTRAINT ? ERR_CONFLICT : ERR_DB;
}

int64_t edit_one_id(DbStmt *st)
{
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

Err edit_may_change_plan(Db *db, const Principal *who, int64_t plan_id)
{
    if (!plan_id)
        return ERR_NOT_FOUND;
    DbStmt *st = db_prepare(db, "SELECT id FROM plan WHERE id = $1", 1);
    db_bind_int64(st, 1, plan_id);
    if (!edit_one_id(st))
        return ERR_NOT_FOUND;
    return principal_runs_plan(who, plan_id) ? ERR_OK : ERR_FORBIDDEN;
}
