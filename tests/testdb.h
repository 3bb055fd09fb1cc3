/* Fresh databases for tests: each test binary works in its own temporary
 * directory, removed at the end. With SHINCHOKU_TEST_PG set to a PostgreSQL
 * URL (scripts/pg url: a server that is only the tests'), test_db makes a
 * fresh database on that server instead of a SQLite file, and test_cleanup
 * drops it. */
#ifndef TESTDB_H
#define TESTDB_H
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libpq-fe.h>
#include "cli/cli.h"

static char test_dir[256];

/* Makes the temporary directory once; returns a path inside it. */
static inline const char *test_path(const char *name)
{
    static char path[512];
    if (!test_dir[0]) {
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(test_dir, sizeof(test_dir), "%s/shinchoku-test-XXXXXX", tmp);
        if (!mkdtemp(test_dir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    snprintf(path, sizeof(path), "%s/%s", test_dir, name);
    return path;
}

/* The server the tests' databases are made on, or NULL for SQLite files. */
static inline const char *test_pg(void)
{
    const char *url = getenv("SHINCHOKU_TEST_PG");
    return url && *url ? url : NULL;
}

static inline void test_pg_no_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Runs one command on the server's database named in SHINCHOKU_TEST_PG. */
static inline void test_pg_exec(const char *sql)
{
    PGconn *c = PQconnectdb(test_pg());
    PQsetNoticeProcessor(c, test_pg_no_notice, NULL); /* "does not exist, skipping" */
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s: %s", sql, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
        exit(2);
    }
    PQclear(r);
    PQfinish(c);
}

/* A key=value connection string: SHINCHOKU_TEST_PG's settings (URL or
 * key=value) with another database. */
static inline const char *test_pg_url(const char *dbname)
{
    static char out[2048];
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(test_pg(), &err);
    if (!opts) {
        fprintf(stderr, "SHINCHOKU_TEST_PG: %s", err ? err : "cannot parse\n");
        exit(2);
    }
    size_t n = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || strcmp(o->keyword, "dbname") == 0)
            continue;
        n += (size_t)snprintf(out + n, sizeof(out) - n, "%s='", o->keyword);
        for (const char *v = o->val; *v && n + 4 < sizeof(out); v++) {
            if (*v == '\'' || *v == '\\')
                out[n++] = '\\';
            out[n++] = *v;
        }
        n += (size_t)snprintf(out + n, sizeof(out) - n, "' ");
    }
    snprintf(out + n, sizeof(out) - n, "dbname='%s'", dbname);
    PQconninfoFree(opts);
    return out;
}

static char test_pg_dbs[64][64]; /* databases made, dropped by test_cleanup */
static int test_pg_ndbs;

/* The PostgreSQL database of name: named after the process and name. */
static inline void test_pg_dbname(const char *name, char db[64])
{
    int n = snprintf(db, 64, "shinchoku_test_%d_", (int)getpid());
    for (const char *p = name; *p && n < 62; p++)
        db[n++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    db[n] = '\0';
}

/* The url of the database test_db or test_db_url made under name, for the
 * program run as a command or a second connection: a file in the test
 * directory, or a connection string to SHINCHOKU_TEST_PG's server. */
static inline const char *test_url(const char *name)
{
    if (!test_pg())
        return test_path(name);
    char db[64];
    test_pg_dbname(name, db);
    return test_pg_url(db);
}

/* The url of a new, empty database called name (see test_url). */
static inline const char *test_db_url(const char *name)
{
    if (!test_pg()) {
        const char *path = test_path(name);
        unlink(path);
        return path;
    }
    char db[64];
    test_pg_dbname(name, db);
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", db);
    test_pg_exec(sql);
    /* UTF-8 and the C collation: text sorts by bytes, as in SQLite. */
    snprintf(sql, sizeof(sql),
             "CREATE DATABASE \"%s\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"
             " LC_CTYPE 'C'",
             db);
    test_pg_exec(sql);
    int i = 0;
    while (i < test_pg_ndbs && strcmp(test_pg_dbs[i], db) != 0)
        i++;
    if (i == test_pg_ndbs && i < 64)
        snprintf(test_pg_dbs[test_pg_ndbs++], sizeof(test_pg_dbs[0]), "%s", db);
    return test_pg_url(db);
}

static inline void test_cleanup(void)
{
    for (int i = 0; i < test_pg_ndbs; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%.63s\" WITH (FORCE)",
                 test_pg_dbs[i]);
        test_pg_exec(sql);
    }
    if (test_dir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", test_dir);
    }
}

/* A new migrated database, with the demo plan if asked. */
static inline Db *test_db(const char *name, bool demo)
{
    const char *url = test_db_url(name);
    Db *db = cli_open_db(url, true, demo);
    if (!db) {
        fprintf(stderr, "cannot create test database %s\n", name);
        exit(2);
    }
    return db;
}

#endif
