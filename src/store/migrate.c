#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/log.h"
#include "store/db_backend.h"
#include "store/migrate.h"

/* Migration files are named NNN_what.sql; NNN is the version. */
static int version_of(const char *name)
{
    return atoi(name);
}

/* Replaces the portable tokens of a migration with the engine's dialect. */
static void dialect(Buf *out, Db *db, const char *sql)
{
    const char *p = sql, *tok;
    while ((tok = strstr(p, "@ID@")) != NULL) {
        buf_append(out, p, (size_t)(tok - p));
        buf_puts(out, db->ops->id_column);
        p = tok + 4;
    }
    buf_puts(out, p);
}

static int ensure_table(Db *db)
{
    return db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                              " applied_at TEXT NOT NULL)");
}

int migrate_version(Db *db)
{
    if (ensure_table(db) != 0)
        return -1;
    enum { C_VERSION, C_N };
    DbStmt *st = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", C_N);
    int v = db_step(st) == DB_ROW ? (int)db_col_int64(st, C_VERSION) : -1;
    db_done(st);
    return v;
}

int migrate_latest(void)
{
    int latest = 0;
    for (const EmbeddedFile *f = migrations_files; f->name; f++)
        if (version_of(f->name) > latest)
            latest = version_of(f->name);
    return latest;
}

int migrate_apply(Db *db)
{
    int have = migrate_version(db);
    if (have < 0)
        return -1;
    int applied = 0;
    /* The embedded table is in file-name order, which is version order. */
    for (const EmbeddedFile *f = migrations_files; f->name; f++) {
        int v = version_of(f->name);
        if (v <= have)
            continue;
        Buf sql = BUF_INIT;
        dialect(&sql, db, (const char *)f->data);
        char now[21];
        clock_now_iso(now);
        int rc = db_begin(db);
        if (rc == 0)
            rc = db_exec_script(db, sql.data);
        if (rc == 0) {
            DbStmt *st = db_prepare(
                db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                0);
            db_bind_int64(st, 1, v);
            db_bind_text(st, 2, f->name);
            db_bind_text(st, 3, now);
            rc = db_step(st) == DB_DONE ? 0 : -1;
            db_done(st);
        }
        if (rc == 0)
            rc = db_commit(db);
        buf_free(&sql);
        if (rc != 0) {
            db_rollback(db);
            log_error("migration %s failed", f->name);
            return -1;
        }
        log_info("applied migration %s", f->name);
        applied++;
    }
    return applied;
}
