/* The PostgreSQL engine, on libpq: connections and transactions here,
 * statements in db_pg_stmt.c.
 *
 * Two behaviours of SQLite the program relies on are kept here:
 * - A write transaction holds the database's one write lock from its start
 *   (BEGIN IMMEDIATE): begin_sql takes a transaction-scoped advisory lock, so
 *   writers run one at a time under READ COMMITTED. Every read-check-write
 *   the program does (an answer's version, a free number) then sees the last
 *   committed state and cannot be overtaken before it commits; SERIALIZABLE
 *   would instead fail a writer half-way (40001), which no caller retries.
 * - A failed statement inside a transaction undoes only itself: in
 *   PostgreSQL it would abort the whole transaction, so a writing statement
 *   inside one runs under a savepoint that is rolled back on its error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/log.h"
#include "base/mem.h"
#include "store/db_pg.h"

static bool pg_accepts(const char *url)
{
    return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0 ||
           strchr(url, '=') != NULL;
}

void pg_set_err(PgDb *p, const char *msg)
{
    snprintf(p->err, sizeof(p->err), "%s", msg ? msg : "error");
    size_t n = strlen(p->err);
    while (n > 0 && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
        p->err[--n] = '\0';
}

bool pg_run(PgDb *p, const char *sql)
{
    PGresult *r = PQexec(p->c, sql);
    ExecStatusType s = PQresultStatus(r);
    bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok)
        pg_set_err(p, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

/* Notices (such as "relation already exists, skipping") are not errors. */
static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *connect_to(const char *url, char **err)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        *err = xstrdup(PQerrorMessage(c));
        size_t n = strlen(*err);
        while (n > 0 && (*err)[n - 1] == '\n')
            (*err)[--n] = '\0';
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, quiet_notice, NULL);
    return c;
}

/* The program's database is one whose schema has been started. */
static bool has_schema(PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT to_regclass('schema_migrations') IS NOT NULL");
    bool yes = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
               strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    return yes;
}

static bool pg_exists(const char *url)
{
    char *err = NULL;
    PGconn *c = connect_to(url, &err);
    free(err);
    bool yes = c && has_schema(c);
    PQfinish(c);
    return yes;
}

void pg_free_stmt(PgStmt *s)
{
    PQclear(s->res);
    for (int k = 0; k < s->cap; k++)
        free(s->params[k]);
    free(s->params);
    free(s->types);
    for (int k = 0; k < s->nprep; k++)
        free(s->prep[k].types);
    free(s->prep);
    free(s->sql);
    free(s);
}

static void pg_close(Db *db)
{
    PgDb *p = (PgDb *)db;
    for (int i = 0; i < p->nstmts; i++)
        pg_free_stmt(p->stmts[i]);
    free(p->stmts);
    PQfinish(p->c);
    free(p);
}

/* The session's settings: UTF-8, and a writer waits for the write lock as
 * long as for SQLite's busy timeout. */
static bool set_up(PgDb *p)
{
    return PQsetClientEncoding(p->c, "UTF8") == 0 &&
           pg_run(p, "SET lock_timeout = '10s'; SET TIME ZONE 'UTC'");
}

static Db *pg_open(const char *url, DbOpenMode mode, char **err)
{
    PGconn *c = connect_to(url, err);
    if (!c)
        return NULL;
    PgDb *p = xcalloc(1, sizeof(*p));
    p->base.ops = &db_pg_ops;
    p->c = c;
    if (!set_up(p)) {
        *err = xstrdup(p->err[0] ? p->err : "cannot set up the connection");
        pg_close(&p->base);
        return NULL;
    }
    if (mode == DB_OPEN_EXISTING && !has_schema(c)) {
        *err = xstrdup("the PostgreSQL database has no shinchoku schema yet");
        pg_close(&p->base);
        return NULL;
    }
    return &p->base;
}

static const char *pg_errmsg(Db *db)
{
    PgDb *p = (PgDb *)db;
    return p->err[0] ? p->err : PQerrorMessage(p->c);
}

/* Half a transaction must not go on on a new connection: within one, a lost
 * connection fails every statement until the caller's rollback. */
void pg_reconnect_if_lost(PgDb *p)
{
    if (PQstatus(p->c) != CONNECTION_BAD || p->in_tx)
        return;
    PQreset(p->c);
    if (PQstatus(p->c) != CONNECTION_OK || !set_up(p))
        return;
    log_info("postgresql: connected again");
    p->savepoint = false;
    for (int i = 0; i < p->nstmts; i++) {
        PgStmt *s = p->stmts[i];
        for (int k = 0; k < s->nprep; k++)
            free(s->prep[k].types);
        s->nprep = 0;
    }
}

/* The previous statement's savepoint is released first, so that they do not
 * pile up. */
bool pg_mark_savepoint(PgDb *p)
{
    if (PQtransactionStatus(p->c) != PQTRANS_INTRANS) {
        p->savepoint = false;
        return true;
    }
    bool ok = pg_run(p, p->savepoint ? "RELEASE SAVEPOINT db_stmt; SAVEPOINT db_stmt"
                                     : "SAVEPOINT db_stmt");
    p->savepoint = ok;
    return ok;
}

/* Scripts are migrations and the transaction commands. A COMMIT of a
 * transaction that an error aborted is answered "ROLLBACK" without an error:
 * that must not pass for a commit. */
static int pg_exec_script(Db *db, const char *sql)
{
    PgDb *p = (PgDb *)db;
    pg_reconnect_if_lost(p);
    PGresult *r = PQexec(p->c, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        pg_set_err(p, PQresultErrorMessage(r));
        log_error("postgresql: %s", p->err);
        rc = DB_ERROR;
    } else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        pg_set_err(p, "the transaction was aborted by an earlier error and rolled back");
        log_error("postgresql: %s", p->err);
        rc = DB_ERROR;
    }
    PQclear(r);
    PGTransactionStatusType tx = PQtransactionStatus(p->c);
    p->in_tx = tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR;
    if (!p->in_tx)
        p->savepoint = false;
    return rc;
}

const DbOps db_pg_ops = {
    .name = "postgresql",
    .id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .integer_type = "BIGINT",
    /* 1397246286 is "SHIN": the database's one write lock (see the top). */
    .begin_sql = "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(1397246286)",
    .accepts = pg_accepts,
    .exists = pg_exists,
    .open = pg_open,
    .close = pg_close,
    .errmsg = pg_errmsg,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int64 = pg_col_int64,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .done = pg_done,
    .exec_script = pg_exec_script,
};
