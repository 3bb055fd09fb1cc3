#include "base/clock.h"
#include "model/audit.h"

Err audit_write(Db *db, const char *actor, const char *address, const char *action,
                const char *entity, int64_t entity_id, const char *before_json,
                const char *after_json)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO audit_log (at, actor, address, action, entity, entity_id,"
                            " before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                            0);
    db_bind_text(st, 1, now);
    db_bind_text(st, 2, actor);
    db_bind_text(st, 3, address ? address : "");
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, entity);
    db_bind_int64(st, 6, entity_id);
    db_bind_text(st, 7, before_json);
    db_bind_text(st, 8, after_json);
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}
