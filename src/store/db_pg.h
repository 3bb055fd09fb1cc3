/* Inside the PostgreSQL engine: its connection and statement, shared by
 * db_pg.c (connections, transactions) and db_pg_stmt.c (statements). Only
 * those two include this. */
#ifndef STORE_DB_PG_H
#define STORE_DB_PG_H
#include <libpq-fe.h>
#include "store/db_backend.h"

/* pg_type.oid values, fixed since the first releases. */
enum { BOOL_OID = 16, INT8_OID = 20 };

/* The server's statement for one SQL text and one set of parameter types. */
typedef struct PgPrepared {
    char *types;   /* per parameter: 'i' (bound as an integer) or 'u' (left to the server) */
    char name[16]; /* its name on the connection */
    int nparams;   /* $1..$nparams, as the server counted them */
} PgPrepared;

typedef struct PgStmt {
    DbStmt base;      /* must be first */
    char *sql;        /* the text: the cache key */
    uint32_t hash;    /* of sql, to compare cheaply */
    int ncols;        /* the result columns the caller declared */
    bool writes;      /* not a SELECT: runs under a savepoint in a transaction */
    bool in_use;      /* handed out and not yet done */
    bool ran;         /* executed since the last done */
    char **params;    /* bound values as text (NULL: SQL NULL) */
    Oid *types;       /* their types: int8, or 0 for the server to infer */
    int nbound, cap;  /* the highest $n bound; entries allocated */
    PgPrepared *prep; /* prepared forms, by parameter types */
    int nprep;        /* entries in prep */
    PGresult *res;    /* the whole result of the run */
    int row, nrows;   /* the current row of res, and how many there are */
} PgStmt;

typedef struct PgDb {
    Db base;         /* must be first */
    PGconn *c;       /* the connection */
    PgStmt **stmts;  /* every statement handed out on it, kept for reuse */
    int nstmts, cap; /* entries used and allocated */
    int nprepared;   /* server statements made: names them */
    bool in_tx;      /* a transaction is open (as the last script left it) */
    bool savepoint;  /* db_stmt exists in the open transaction */
    char err[512];   /* the last error */
} PgDb;

/* db_pg.c */
void pg_set_err(PgDb *p, const char *msg);
/* Runs a command without parameters; true if it succeeded. */
bool pg_run(PgDb *p, const char *sql);
/* Before a statement: a connection lost outside a transaction is made again
 * (a restarted server), its prepared statements forgotten. */
void pg_reconnect_if_lost(PgDb *p);
/* Marks the point a failing write is rolled back to (in a transaction). */
bool pg_mark_savepoint(PgDb *p);
void pg_free_stmt(PgStmt *s);

/* db_pg_stmt.c */
DbStmt *pg_prepare(Db *db, const char *sql, int ncols);
void pg_bind_int64(DbStmt *st, int n, int64_t v);
void pg_bind_text(DbStmt *st, int n, const char *v);
void pg_bind_null(DbStmt *st, int n);
int pg_step(DbStmt *st);
int64_t pg_col_int64(DbStmt *st, int i);
const char *pg_col_text(DbStmt *st, int i);
bool pg_col_null(DbStmt *st, int i);
void pg_done(DbStmt *st);

#endif
