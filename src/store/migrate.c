#include <stdbool.h>
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

static bool ident_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* One kept line with its tokens replaced: @ID@ by the engine's auto-numbered
 * key, and the word INTEGER by its 64-bit integer type where INTEGER is
 * narrower (SQLite's integers are 64-bit, PostgreSQL's INTEGER is not, and
 * the program reads every integer as int64_t). */
static void dialect_line(Buf *out, Db *db, const char *line, const char *end)
{
    const char *int_type = db->ops->integer_type;
    const char *run = line; /* copied as it is, up to p */
    for (const char *p = line; p < end;) {
        const char *with = NULL;
        size_t len = 0;
        if (end - p >= 4 && memcmp(p, "@ID@", 4) == 0) {
            with = db->ops->id_column;
            len = 4;
        } else if (int_type && end - p >= 7 && memcmp(p, "INTEGER", 7) == 0 &&
                   (p == line || !ident_char(p[-1])) && (end - p == 7 || !ident_char(p[7]))) {
            with = int_type;
            len = 7;
        }
        if (!with) {
            p++;
            continue;
        }
        buf_append(out, run, (size_t)(p - run));
        buf_puts(out, with);
        p += len;
        run = p;
    }
    buf_append(out, run, (size_t)(end - run));
}

/* Replaces the portable tokens of a migration with the engine's dialect. The
 * few statements that cannot be written for both engines stand between a
 * line "-- @only ENGINE" (sqlite or postgresql) and a line "-- @end"; the
 * other engine skips them. */
static void dialect(Buf *out, Db *db, const char *sql)
{
    bool skip = false;
    for (const char *p = sql; *p;) {
        const char *nl = strchr(p, '\n');
        const char *end = nl ? nl + 1 : p + strlen(p);
        if (strncmp(p, "-- @only ", 9) == 0) {
            size_t n = strlen(db->ops->name);
            char after = strncmp(p + 9, db->ops->name, n) == 0 ? p[9 + n] : 'x';
            skip = !(after == '\n' || after == '\r' || after == '\0');
        } else if (strncmp(p, "-- @end", 7) == 0) {
            skip = false;
        } else if (!skip) {
            dialect_line(out, db, p, end);
        }
        p = end;
    }
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
    int applied = 0;
    /* The embedded table is in file-name order, which is version order. Each
     * migration reads the version under the write lock: of two processes
     * migrating at once, the second finds the first's work done. */
    for (const EmbeddedFile *f = migrations_files; f->name; f++) {
        int v = version_of(f->name);
        if (db_begin(db) != 0)
            return -1;
        int have = migrate_version(db);
        if (have < 0 || v <= have) {
            if (have < 0 || db_commit(db) != 0) {
                db_rollback(db);
                return -1;
            }
            continue;
        }
        Buf sql = BUF_INIT;
        dialect(&sql, db, (const char *)f->data);
        char now[21];
        clock_now_iso(now);
        int rc = db_exec_script(db, sql.data);
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
