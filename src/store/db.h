/* The store: one interface in front of the database engines. SQL text is
 * always a literal with $1..$n placeholders; values go through typed binders.
 * The engine is chosen by the url: PostgreSQL for a postgresql:// or
 * postgres:// URL or a key=value connection string, SQLite for a file path. */
#ifndef STORE_DB_H
#define STORE_DB_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"

typedef struct Db Db;
typedef struct DbStmt DbStmt;

/* What db_step returns. */
enum {
    DB_ROW = 1,         /* a row is ready */
    DB_DONE = 0,        /* no more rows; the statement ran */
    DB_ERROR = -1,      /* an engine error; db_errmsg tells */
    DB_CONSTRAINT = -2, /* a unique, foreign key or check constraint refused it */
};

/* How db_open opens. */
typedef enum DbOpenMode {
    DB_OPEN_EXISTING = 0, /* the database must exist */
    DB_OPEN_CREATE = 1,   /* create it if missing */
} DbOpenMode;

/* Opens the database named by url (a file path for SQLite). Returns NULL and a
 * malloc'd message in *err on failure. The connection is for one thread.
 * PostgreSQL databases are made by their administrator, never here: "create"
 * only means that one without the program's schema may be opened. */
Db *db_open(const char *url, DbOpenMode mode, char **err);
void db_close(Db *db);
/* True if url names an existing database (a file for SQLite; for PostgreSQL a
 * database with the program's schema). */
bool db_exists(const char *url);
/* The last engine error of this connection, for logs. */
const char *db_errmsg(Db *db);
/* The engine's name: "sqlite" or "postgresql". */
const char *db_engine(Db *db);

/* Prepares sql, which must be a literal; ncols is the number of result columns
 * the caller's enum declares (0 for statements without rows), checked here.
 * Statements are cached per connection; db_done hands one back. Aborts on
 * invalid SQL: that is a programmer error, found by any test. */
#define db_prepare(db, sql, ncols) db_prepare_literal((db), "" sql, (ncols))
DbStmt *db_prepare_literal(Db *db, const char *sql, int ncols);
/* Binds $n (1-based) of st. Text is copied. */
void db_bind_int64(DbStmt *st, int n, int64_t v);
void db_bind_text(DbStmt *st, int n, const char *v); /* NULL binds SQL NULL */
void db_bind_null(DbStmt *st, int n);
/* Runs st one step: DB_ROW, DB_DONE, DB_ERROR or DB_CONSTRAINT. */
int db_step(DbStmt *st);
/* Column i (0-based) of the current row. Text is valid until the next step;
 * NULL reads as NULL (text) or 0 (integer). */
int64_t db_col_int64(DbStmt *st, int i);
const char *db_col_text(DbStmt *st, int i);
bool db_col_null(DbStmt *st, int i);
/* Column i as text copied into the arena, "" for NULL: what a row read into
 * a struct keeps after the statement moves on. */
const char *db_col_dup(Arena *a, DbStmt *st, int i);
/* Resets st and returns it to the connection's cache. */
void db_done(DbStmt *st);

/* Runs a statement without rows or results in one call: 0 or a DB_ error. */
#define db_exec1(db, sql) db_exec1_literal((db), "" sql)
int db_exec1_literal(Db *db, const char *sql);
/* Runs a script of several statements (migrations only): 0 or DB_ERROR. */
int db_exec_script(Db *db, const char *sql);

/* Copies the whole database, as one consistent snapshot taken while others
 * may go on writing, into a new SQLite file at path (which must not exist;
 * it appears complete or not at all). 0, or DB_ERROR with a malloc'd *err;
 * PostgreSQL answers DB_ERROR: pg_dump is its backup. */
int db_backup(Db *db, const char *path, char **err);

/* Transactions. db_begin takes the write lock at once (BEGIN IMMEDIATE in
 * SQLite, an advisory lock in PostgreSQL) so that a writer never fails
 * half-way for want of it. A statement that fails inside a transaction undoes
 * only itself in both engines. */
int db_begin(Db *db);
int db_commit(Db *db);
void db_rollback(Db *db);

#endif
