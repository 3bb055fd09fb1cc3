/* The SQLite engine: WAL, foreign keys on, a busy timeout, and a per-connection
 * cache of prepared statements keyed by the address of their SQL literal.
 * $1..$n are named parameters in SQLite, so they are bound by name. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "base/mem.h"
#include "base/log.h"
#include "store/db_backend.h"

enum { STMT_CACHE = 128, BUSY_TIMEOUT_MS = 10000 };

typedef struct SqliteStmt {
    DbStmt base;      /* must be first */
    sqlite3_stmt *st; /* the engine's statement */
    const char *sql;  /* the literal it was prepared from: the cache key */
    bool in_use;      /* handed out and not yet done */
    bool cached;      /* lives in the cache (else finalized on done) */
} SqliteStmt;

typedef struct SqliteDb {
    Db base;                       /* must be first */
    sqlite3 *h;                    /* the connection */
    SqliteStmt *cache[STMT_CACHE]; /* prepared statements, by sql address */
    int ncache;                    /* entries used in cache */
} SqliteDb;

static bool sqlite_accepts(const char *url)
{
    return strncmp(url, "postgres://", 11) != 0 && strncmp(url, "postgresql://", 13) != 0 &&
           strchr(url, '=') == NULL;
}

static bool sqlite_exists(const char *url)
{
    struct stat sb;
    return stat(url, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
}

static void sqlite_close(Db *db)
{
    SqliteDb *s = (SqliteDb *)db;
    for (int i = 0; i < s->ncache; i++) {
        sqlite3_finalize(s->cache[i]->st);
        free(s->cache[i]);
    }
    sqlite3_close_v2(s->h);
    free(s);
}

static Db *sqlite_open(const char *url, DbOpenMode mode, char **err)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == DB_OPEN_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    else if (!sqlite_exists(url)) {
        size_t n = strlen(url) + 64;
        *err = xmalloc(n);
        snprintf(*err, n, "database file not found: %s", url);
        return NULL;
    }
    SqliteDb *s = xcalloc(1, sizeof(*s));
    s->base.ops = &db_sqlite_ops;
    if (sqlite3_open_v2(url, &s->h, flags, NULL) != SQLITE_OK) {
        *err = xstrdup(s->h ? sqlite3_errmsg(s->h) : "cannot open database");
        sqlite3_close_v2(s->h);
        free(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->h, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(s->h, 1);
    /* synchronous=FULL: a committed answer survives a power cut, not only a crash. */
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384;"
                        "PRAGMA synchronous=FULL; PRAGMA trusted_schema=OFF;";
    char *msg = NULL;
    int rc;
    /* Turning a new file to WAL needs it to itself, and SQLite answers BUSY
     * at once rather than wait when another process opens it at the same
     * moment (servers started together on a new database): wait as for
     * any other lock. */
    for (int waited = 0; (rc = sqlite3_exec(s->h, setup, NULL, NULL, &msg)) != SQLITE_OK &&
                         (rc & 0xff) == SQLITE_BUSY && waited < BUSY_TIMEOUT_MS;
         waited += 20) {
        sqlite3_free(msg);
        msg = NULL;
        sqlite3_sleep(20);
    }
    if (rc != SQLITE_OK) {
        *err = xstrdup(msg ? msg : "cannot set up database");
        sqlite3_free(msg);
        sqlite_close(&s->base);
        return NULL;
    }
    return &s->base;
}

static const char *sqlite_errmsg(Db *db)
{
    return sqlite3_errmsg(((SqliteDb *)db)->h);
}

static DbStmt *sqlite_prepare(Db *db, const char *sql, int ncols)
{
    SqliteDb *s = (SqliteDb *)db;
    for (int i = 0; i < s->ncache; i++) {
        SqliteStmt *c = s->cache[i];
        if (c->sql == sql && !c->in_use) {
            c->in_use = true;
            return &c->base;
        }
    }
    SqliteStmt *c = xcalloc(1, sizeof(*c));
    c->base.db = db;
    c->sql = sql;
    if (sqlite3_prepare_v3(s->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) != SQLITE_OK) {
        log_error("invalid SQL (%s): %s", sqlite3_errmsg(s->h), sql);
        abort();
    }
    if (sqlite3_column_count(c->st) != ncols) {
        log_error("SQL has %d result columns, its enum says %d: %s", sqlite3_column_count(c->st),
                  ncols, sql);
        abort();
    }
    c->in_use = true;
    if (s->ncache < STMT_CACHE) {
        c->cached = true;
        s->cache[s->ncache++] = c;
    }
    return &c->base;
}

static int param_index(SqliteStmt *c, int n)
{
    char name[16];
    snprintf(name, sizeof(name), "$%d", n);
    int idx = sqlite3_bind_parameter_index(c->st, name);
    if (idx == 0) {
        log_error("no parameter %s in: %s", name, c->sql);
        abort();
    }
    return idx;
}

static void sqlite_bind_int64(DbStmt *st, int n, int64_t v)
{
    SqliteStmt *c = (SqliteStmt *)st;
    sqlite3_bind_int64(c->st, param_index(c, n), v);
}

static void sqlite_bind_text(DbStmt *st, int n, const char *v)
{
    SqliteStmt *c = (SqliteStmt *)st;
    sqlite3_bind_text(c->st, param_index(c, n), v, -1, SQLITE_TRANSIENT);
}

static void sqlite_bind_null(DbStmt *st, int n)
{
    SqliteStmt *c = (SqliteStmt *)st;
    sqlite3_bind_null(c->st, param_index(c, n));
}

static int sqlite_step(DbStmt *st)
{
    SqliteStmt *c = (SqliteStmt *)st;
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return DB_CONSTRAINT;
    log_error("sqlite: %s", sqlite3_errmsg(sqlite3_db_handle(c->st)));
    return DB_ERROR;
}

static int64_t sqlite_col_int64(DbStmt *st, int i)
{
    return sqlite3_column_int64(((SqliteStmt *)st)->st, i);
}

static const char *sqlite_col_text(DbStmt *st, int i)
{
    return (const char *)sqlite3_column_text(((SqliteStmt *)st)->st, i);
}

static bool sqlite_col_null(DbStmt *st, int i)
{
    return sqlite3_column_type(((SqliteStmt *)st)->st, i) == SQLITE_NULL;
}

static void sqlite_done(DbStmt *st)
{
    SqliteStmt *c = (SqliteStmt *)st;
    sqlite3_reset(c->st);
    sqlite3_clear_bindings(c->st);
    c->in_use = false;
    if (!c->cached) {
        sqlite3_finalize(c->st);
        free(c);
    }
}

static int sqlite_exec_script(Db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(((SqliteDb *)db)->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("sqlite: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return DB_ERROR;
    }
    return 0;
}

/* A message "what: why" in *err (malloc'd); DB_ERROR. */
static int backup_failed(char **err, const char *what, const char *why)
{
    size_t n = strlen(what) + strlen(why) + 3;
    *err = xmalloc(n);
    snprintf(*err, n, "%s: %s", what, why);
    return DB_ERROR;
}

/* SQLite's online backup in one step: one read transaction, so the copy is
 * one consistent snapshot, and in WAL mode writers go on meanwhile. Written
 * to path.part, synced, then renamed: path appears whole or not at all. */
static int sqlite_backup(Db *db, const char *path, char **err)
{
    struct stat sb;
    if (stat(path, &sb) == 0)
        return backup_failed(err, path, "exists already");
    size_t n = strlen(path) + 6;
    char *part = xmalloc(n);
    snprintf(part, n, "%s.part", path);
    unlink(part);
    sqlite3 *to = NULL;
    int rc = sqlite3_open_v2(part, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b =
        rc == SQLITE_OK ? sqlite3_backup_init(to, "main", ((SqliteDb *)db)->h, "main") : NULL;
    if (b) {
        while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(10);
        sqlite3_backup_finish(b);
    }
    int result = 0;
    if (!b || rc != SQLITE_DONE)
        result = backup_failed(err, part, to ? sqlite3_errmsg(to) : "cannot open");
    sqlite3_close_v2(to);
    int fd = result == 0 ? open(part, O_RDONLY) : -1;
    if (result == 0 && (fd < 0 || fsync(fd) != 0 || rename(part, path) != 0))
        result = backup_failed(err, path, strerror(errno));
    if (fd >= 0)
        close(fd);
    if (result != 0)
        unlink(part);
    free(part);
    return result;
}

const DbOps db_sqlite_ops = {
    .name = "sqlite",
    .id_column = "INTEGER PRIMARY KEY",
    .begin_sql = "BEGIN IMMEDIATE",
    .accepts = sqlite_accepts,
    .exists = sqlite_exists,
    .open = sqlite_open,
    .close = sqlite_close,
    .errmsg = sqlite_errmsg,
    .prepare = sqlite_prepare,
    .bind_int64 = sqlite_bind_int64,
    .bind_text = sqlite_bind_text,
    .bind_null = sqlite_bind_null,
    .step = sqlite_step,
    .col_int64 = sqlite_col_int64,
    .col_text = sqlite_col_text,
    .col_null = sqlite_col_null,
    .done = sqlite_done,
    .exec_script = sqlite_exec_script,
    .backup = sqlite_backup,
};
