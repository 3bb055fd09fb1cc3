/* Statements of the PostgreSQL engine. Each SQL text is prepared once per
 * connection and per kind of its bound values (named statements, cached by
 * text): parameters bound as integers are declared int8, the others left to
 * the server. Values travel as text and results come back as text. A result
 * is read whole on the first step, so that callers may run other statements
 * while they walk its rows, as they do with SQLite. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/log.h"
#include "base/mem.h"
#include "store/db_pg.h"

static uint32_t hash_text(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* SELECTs need no savepoint: one that fails leaves the transaction to be
 * rolled back, as every caller does on DB_ERROR. */
static bool is_write(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
        sql++;
    return strncasecmp(sql, "SELECT", 6) != 0;
}

/* SQLSTATE class 42 (syntax error or access rule violation) is a mistake in
 * the program's SQL; anything else (a lost connection, an aborted
 * transaction) is a run-time failure that the step reports. */
static bool programmer_error(PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    return state && strncmp(state, "42", 2) == 0;
}

/* The text is only kept here: the server prepares it at the first step, when
 * the binders have told which parameters are integers. */
DbStmt *pg_prepare(Db *db, const char *sql, int ncols)
{
    PgDb *p = (PgDb *)db;
    uint32_t h = hash_text(sql);
    for (int i = 0; i < p->nstmts; i++) {
        PgStmt *s = p->stmts[i];
        if (s->hash == h && !s->in_use && strcmp(s->sql, sql) == 0) {
            s->in_use = true;
            return &s->base;
        }
    }
    /* New, or in use (a query run again while its rows are walked): a copy. */
    PgStmt *s = xcalloc(1, sizeof(*s));
    s->base.db = db;
    s->sql = xstrdup(sql);
    s->hash = h;
    s->ncols = ncols;
    s->writes = is_write(sql);
    s->in_use = true;
    if (p->nstmts == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->stmts = xrealloc(p->stmts, (size_t)p->cap * sizeof(*p->stmts));
    }
    p->stmts[p->nstmts++] = s;
    return &s->base;
}

/* Room for $1..$n. */
static void reserve(PgStmt *s, int n)
{
    if (n <= s->cap)
        return;
    int cap = s->cap ? s->cap : 4;
    while (cap < n)
        cap *= 2;
    s->params = xrealloc(s->params, (size_t)cap * sizeof(*s->params));
    s->types = xrealloc(s->types, (size_t)cap * sizeof(*s->types));
    for (int k = s->cap; k < cap; k++) {
        s->params[k] = NULL;
        s->types[k] = 0;
    }
    s->cap = cap;
}

static void set_param(PgStmt *s, int n, char *v, Oid type)
{
    if (n < 1 || n > 65535) {
        log_error("no parameter $%d in: %s", n, s->sql);
        abort();
    }
    reserve(s, n);
    free(s->params[n - 1]);
    s->params[n - 1] = v;
    s->types[n - 1] = type;
    if (n > s->nbound)
        s->nbound = n;
}

/* Integers are declared as such, so that "SELECT DISTINCT $1" or "$1 IS NULL"
 * reads as SQLite reads a bound integer; text is left for the server to infer
 * from where it stands, as SQLite's column affinity converts it. */
void pg_bind_int64(DbStmt *st, int n, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%" PRId64, v);
    set_param((PgStmt *)st, n, xstrdup(text), INT8_OID);
}

void pg_bind_text(DbStmt *st, int n, const char *v)
{
    set_param((PgStmt *)st, n, xstrdup(v), 0);
}

void pg_bind_null(DbStmt *st, int n)
{
    set_param((PgStmt *)st, n, NULL, 0);
}

/* The server's statement for the bound types, prepared on first use: NULL if
 * the server refused it for a run-time reason (its message in p->err). */
static const PgPrepared *prepared(PgDb *p, PgStmt *s)
{
    char *types = xmalloc((size_t)s->nbound + 1);
    for (int k = 0; k < s->nbound; k++)
        types[k] = s->types[k] == INT8_OID ? 'i' : 'u';
    types[s->nbound] = '\0';
    for (int k = 0; k < s->nprep; k++)
        if (strcmp(s->prep[k].types, types) == 0) {
            free(types);
            return &s->prep[k];
        }
    PgPrepared pr = {.types = types};
    snprintf(pr.name, sizeof(pr.name), "s%d", p->nprepared++);
    PGresult *r = PQprepare(p->c, pr.name, s->sql, s->nbound, s->types);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        PQclear(r);
        r = PQdescribePrepared(p->c, pr.name);
    }
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_set_err(p, PQresultErrorMessage(r));
        if (programmer_error(r)) {
            log_error("invalid SQL (%s): %s", p->err, s->sql);
            abort();
        }
        PQclear(r);
        free(pr.types);
        return NULL;
    }
    if (PQnfields(r) != s->ncols) {
        log_error("SQL has %d result columns, its enum says %d: %s", PQnfields(r), s->ncols,
                  s->sql);
        abort();
    }
    pr.nparams = PQnparams(r);
    PQclear(r);
    if (s->nbound > pr.nparams) {
        log_error("no parameter $%d in: %s", s->nbound, s->sql);
        abort();
    }
    s->prep = xrealloc(s->prep, (size_t)(s->nprep + 1) * sizeof(*s->prep));
    s->prep[s->nprep] = pr;
    return &s->prep[s->nprep++];
}

static int execute(PgStmt *s)
{
    PgDb *p = (PgDb *)s->base.db;
    s->ran = true;
    pg_reconnect_if_lost(p);
    const PgPrepared *pr = prepared(p, s);
    if (!pr || (s->writes && !pg_mark_savepoint(p))) {
        log_error("postgresql: %s", p->err);
        return DB_ERROR;
    }
    reserve(s, pr->nparams); /* unbound parameters are NULL, as in SQLite */
    s->res =
        PQexecPrepared(p->c, pr->name, pr->nparams, (const char *const *)s->params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(s->res);
    s->row = -1;
    s->nrows = st == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return DB_DONE;
    pg_set_err(p, PQresultErrorMessage(s->res));
    const char *state = PQresultErrorField(s->res, PG_DIAG_SQLSTATE);
    bool constraint = state && strncmp(state, "23", 2) == 0;
    if (s->writes && p->savepoint && !pg_run(p, "ROLLBACK TO SAVEPOINT db_stmt"))
        log_error("postgresql: %s", p->err);
    /* Constraints are the callers' to report, as with SQLite. */
    if (!constraint)
        log_error("postgresql: %s", p->err);
    return constraint ? DB_CONSTRAINT : DB_ERROR;
}

int pg_step(DbStmt *st)
{
    PgStmt *s = (PgStmt *)st;
    if (!s->ran) {
        int rc = execute(s);
        if (rc != DB_DONE)
            return rc;
    }
    if (s->row + 1 < s->nrows) {
        s->row++;
        return DB_ROW;
    }
    return DB_DONE;
}

static bool is_bool(PgStmt *s, int i)
{
    return PQftype(s->res, i) == BOOL_OID;
}

bool pg_col_null(DbStmt *st, int i)
{
    PgStmt *s = (PgStmt *)st;
    return !s->res || s->row < 0 || s->row >= s->nrows || PQgetisnull(s->res, s->row, i);
}

/* Booleans read as SQLite gives comparisons: 1 and 0. */
int64_t pg_col_int64(DbStmt *st, int i)
{
    PgStmt *s = (PgStmt *)st;
    if (pg_col_null(st, i))
        return 0;
    const char *v = PQgetvalue(s->res, s->row, i);
    if (is_bool(s, i))
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

const char *pg_col_text(DbStmt *st, int i)
{
    PgStmt *s = (PgStmt *)st;
    if (pg_col_null(st, i))
        return NULL;
    if (is_bool(s, i))
        return PQgetvalue(s->res, s->row, i)[0] == 't' ? "1" : "0";
    return PQgetvalue(s->res, s->row, i);
}

void pg_done(DbStmt *st)
{
    PgStmt *s = (PgStmt *)st;
    PQclear(s->res);
    s->res = NULL;
    s->ran = false;
    for (int k = 0; k < s->nbound; k++) {
        free(s->params[k]);
        s->params[k] = NULL;
        s->types[k] = 0;
    }
    s->nbound = 0;
    s->in_use = false;
}
