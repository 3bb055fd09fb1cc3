/* The engine-independent half of the store: picks the engine by url and
 * dispatches to it. */
#include <stdio.h>
#include <string.h>
#include "base/mem.h"
#include "store/db_backend.h"

static const DbOps *engine_for(const char *url)
{
    if (db_pg_ops.accepts(url))
        return &db_pg_ops;
    if (db_sqlite_ops.accepts(url))
        return &db_sqlite_ops;
    return NULL;
}

Db *db_open(const char *url, DbOpenMode mode, char **err)
{
    const DbOps *ops = engine_for(url);
    if (!ops) {
        *err = xstrdup("not a database file or PostgreSQL connection string");
        return NULL;
    }
    return ops->open(url, mode, err);
}

bool db_exists(const char *url)
{
    const DbOps *ops = engine_for(url);
    return ops && ops->exists(url);
}

void db_close(Db *db)
{
    if (db)
        db->ops->close(db);
}

const char *db_errmsg(Db *db)
{
    return db->ops->errmsg(db);
}

const char *db_engine(Db *db)
{
    return db->ops->name;
}

DbStmt *db_prepare_literal(Db *db, const char *sql, int ncols)
{
    return db->ops->prepare(db, sql, ncols);
}

void db_bind_int64(DbStmt *st, int n, int64_t v)
{
    st->db->ops->bind_int64(st, n, v);
}

void db_bind_text(DbStmt *st, int n, const char *v)
{
    if (v)
        st->db->ops->bind_text(st, n, v);
    else
        st->db->ops->bind_null(st, n);
}

void db_bind_null(DbStmt *st, int n)
{
    st->db->ops->bind_null(st, n);
}

int db_step(DbStmt *st)
{
    return st->db->ops->step(st);
}

int64_t db_col_int64(DbStmt *st, int i)
{
    return st->db->ops->col_int64(st, i);
}

const char *db_col_text(DbStmt *st, int i)
{
    return st->db->ops->col_text(st, i);
}

bool db_col_null(DbStmt *st, int i)
{
    return st->db->ops->col_null(st, i);
}

const char *db_col_dup(Arena *a, DbStmt *st, int i)
{
    const char *s = db_col_text(st, i);
    return arena_strdup(a, s ? s : "");
}

void db_done(DbStmt *st)
{
    if (st)
        st->db->ops->done(st);
}

int db_exec1_literal(Db *db, const char *sql)
{
    DbStmt *st = db_prepare_literal(db, sql, 0);
    int rc = db_step(st);
    db_done(st);
    return rc == DB_ROW ? DB_DONE : rc;
}

int db_exec_script(Db *db, const char *sql)
{
    return db->ops->exec_script(db, sql);
}

int db_begin(Db *db)
{
    return db_exec_script(db, db->ops->begin_sql);
}

int db_commit(Db *db)
{
    return db_exec_script(db, "COMMIT");
}

void db_rollback(Db *db)
{
    db_exec_script(db, "ROLLBACK");
}

int db_backup(Db *db, const char *path, char **err)
{
    if (!db->ops->backup) {
        *err = xstrdup("this engine is backed up with its own tools (pg_dump for PostgreSQL)");
        return DB_ERROR;
    }
    return db->ops->backup(db, path, err);
}
