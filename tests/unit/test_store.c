/* The store on fresh databases (SQLite files, or PostgreSQL databases when
 * SHINCHOKU_TEST_PG names a server: tests/testdb.h): migrations, binding by
 * name, constraints, transactions, and the demo plan loaded whole or not at
 * all. */
#include <pthread.h>
#include <stdatomic.h>
#include "base/embed.h"
#include "base/log.h"
#include "model/generate.h"
#include "model/plan_json.h"
#include "store/migrate.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static int64_t count(Db *db, const char *what)
{
    /* Only fixed table names, chosen by the test: each query is a literal. */
    enum { C_N = 1 };
    DbStmt *st = NULL;
    if (strcmp(what, "plan") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM plan", C_N);
    else if (strcmp(what, "initiative") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM initiative", C_N);
    else if (strcmp(what, "project") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM project", C_N);
    else if (strcmp(what, "response_value") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM response_value", C_N);
    else if (strcmp(what, "org_unit") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM org_unit", C_N);
    else if (strcmp(what, "audit_log") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM audit_log", C_N);
    else if (strcmp(what, "field_def") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM field_def", C_N);
    else if (strcmp(what, "round") == 0)
        st = db_prepare(db, "SELECT COUNT(*) FROM round", C_N);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

static void test_migrations_apply_once(void)
{
    Db *db = test_db("migrate.db", false);
    CHECK_INT(migrate_version(db), migrate_latest());
    CHECK(migrate_latest() >= 1);
    CHECK_INT(migrate_apply(db), 0); /* nothing left to apply */
    enum { C_NAME, C_N };
    DbStmt *st = db_prepare(db, "SELECT name FROM schema_migrations WHERE version = 1", C_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, C_NAME), "001_schema.sql");
    db_done(st);
    db_close(db);
}

static void test_engine_settings(void)
{
    Db *db = test_db("settings.db", false);
    enum { C_VALUE, C_N };
    if (test_pg()) {
        CHECK_STR(db_engine(db), "postgresql");
        DbStmt *st = db_prepare(db, "SELECT current_setting('lock_timeout')", C_N);
        CHECK_INT(db_step(st), DB_ROW);
        CHECK_STR(db_col_text(st, C_VALUE), "10s");
        db_done(st);
        db_close(db);
        return;
    }
    DbStmt *st = db_prepare(db, "PRAGMA journal_mode", C_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, C_VALUE), "wal");
    db_done(st);
    st = db_prepare(db, "PRAGMA foreign_keys", C_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, C_VALUE), 1);
    db_done(st);
    CHECK_STR(db_engine(db), "sqlite");
    db_close(db);
}

static void test_values_read_alike(void)
{
    Db *db = test_db("values.db", false);
    /* A comparison reads as 1 or 0, an integer bound where nothing says its
     * type stays one, and integers are 64-bit in every column. */
    enum { C_TRUE, C_FALSE, C_BOUND, C_N };
    DbStmt *st = db_prepare(db, "SELECT 1 = 1, 1 = 2, $1", C_N);
    db_bind_int64(st, 1, 42);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, C_TRUE), 1);
    CHECK_STR(db_col_text(st, C_TRUE), "1");
    CHECK_INT(db_col_int64(st, C_FALSE), 0);
    CHECK_INT(db_col_int64(st, C_BOUND), 42);
    CHECK_STR(db_col_text(st, C_BOUND), "42");
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(db, "INSERT INTO login_failure (login, address, at) VALUES ('a', 'b', $1)", 0);
    db_bind_int64(st, 1, INT64_C(1) << 40);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    enum { A_AT, A_NULL, A_N };
    st = db_prepare(db, "SELECT at, NULL FROM login_failure WHERE at > $1", A_N);
    db_bind_int64(st, 1, INT64_C(1) << 39);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, A_AT), INT64_C(1) << 40);
    CHECK(db_col_null(st, A_NULL));
    CHECK(db_col_text(st, A_NULL) == NULL);
    CHECK_INT(db_col_int64(st, A_NULL), 0);
    db_done(st);
    db_close(db);
}

/* A refused statement inside a transaction undoes only itself: the
 * transaction goes on and commits what else it wrote (SQLite does so; in
 * PostgreSQL the store puts each write under a savepoint). */
static void test_constraint_keeps_the_transaction(void)
{
    Db *db = test_db("keep.db", false);
    CHECK_INT(db_begin(db), 0);
    DbStmt *st =
        db_prepare(db, "INSERT INTO org_unit (kind, code, created_at) VALUES ($1, 'a', 't')", 0);
    db_bind_text(st, 1, "bureau");
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(db, "INSERT INTO org_unit (kind, code, created_at) VALUES ($1, 'a', 't')", 0);
    db_bind_text(st, 1, "section"); /* the same code */
    CHECK_INT(db_step(st), DB_CONSTRAINT);
    db_done(st);
    st = db_prepare(db, "INSERT INTO org_unit (kind, code, created_at) VALUES ($1, 'b', 't')", 0);
    db_bind_text(st, 1, "ward");
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    CHECK_INT(db_commit(db), 0);
    CHECK_INT(count(db, "org_unit"), 2);
    db_close(db);
}

typedef struct Writer {
    Db *db;
    atomic_int began; /* db_begin returned */
    int64_t seen;     /* org units it saw once it could write */
} Writer;

static void *second_writer(void *arg)
{
    Writer *w = arg;
    db_begin(w->db);
    atomic_store(&w->began, 1);
    w->seen = count(w->db, "org_unit");
    db_rollback(w->db);
    return NULL;
}

/* A second writer waits at db_begin until the first commits, then sees what
 * it wrote: the check-then-write of an answer's version relies on it. */
static void test_writers_take_turns(void)
{
    Db *a = test_db("turns.db", false);
    Writer w = {.db = cli_open_db(test_url("turns.db"), false, false)};
    CHECK(a && w.db);
    if (!a || !w.db)
        return;
    CHECK_INT(db_begin(a), 0);
    DbStmt *st = db_prepare(a, "INSERT INTO org_unit (kind, created_at) VALUES ('bureau', 't')", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    pthread_t t;
    pthread_create(&t, NULL, second_writer, &w);
    usleep(300 * 1000);
    CHECK_INT(atomic_load(&w.began), 0); /* still waiting */
    CHECK_INT(db_commit(a), 0);
    pthread_join(t, NULL);
    CHECK_INT(atomic_load(&w.began), 1);
    CHECK_INT(w.seen, 1);
    db_close(a);
    db_close(w.db);
}

static void test_binds_by_name_in_any_order(void)
{
    Db *db = test_db("bind.db", false);
    /* $2 appears before $1: SQLite numbers named parameters by first
     * appearance, so binding by position would swap them. */
    enum { C_A, C_B, C_N };
    DbStmt *st = db_prepare(db, "SELECT $2 || '', $1 || ''", C_N);
    db_bind_text(st, 1, "first");
    db_bind_text(st, 2, "second");
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, C_A), "second");
    CHECK_STR(db_col_text(st, C_B), "first");
    db_done(st);
    /* The statement is cached and comes back reset. */
    st = db_prepare(db, "SELECT $2 || '', $1 || ''", C_N);
    db_bind_text(st, 1, "x");
    db_bind_null(st, 2);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK(db_col_null(st, C_A));
    CHECK_STR(db_col_text(st, C_B), "x");
    db_done(st);
    db_close(db);
}

static void test_constraints_and_foreign_keys(void)
{
    Db *db = test_db("fk.db", false);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO project (section_id, name, created_at, updated_at)"
                            " VALUES ($1, 'x', 't', 't')",
                            0);
    db_bind_int64(st, 1, 12345); /* no such org unit */
    CHECK_INT(db_step(st), DB_CONSTRAINT);
    db_done(st);
    st = db_prepare(db, "INSERT INTO org_unit (kind, created_at) VALUES ($1, 't')", 0);
    db_bind_text(st, 1, "galaxy"); /* not a kind */
    CHECK_INT(db_step(st), DB_CONSTRAINT);
    db_done(st);
    db_close(db);
}

static void test_rollback_leaves_nothing(void)
{
    Db *db = test_db("tx.db", false);
    CHECK_INT(db_begin(db), 0);
    DbStmt *st =
        db_prepare(db, "INSERT INTO org_unit (kind, created_at) VALUES ('bureau', 't')", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    CHECK_INT(count(db, "org_unit"), 1);
    db_rollback(db);
    CHECK_INT(count(db, "org_unit"), 0);
    db_close(db);
}

static void test_demo_plan_loads_whole(void)
{
    Db *db = test_db("demo.db", true);
    CHECK_INT(count(db, "plan"), 1);
    CHECK_INT(count(db, "initiative"), 4);
    CHECK_INT(count(db, "project"), 7);
    CHECK_INT(count(db, "field_def"), 4);
    CHECK_INT(count(db, "response_value"), 16);
    /* 4 bureaus and 6 sections, each made once. */
    CHECK_INT(count(db, "org_unit"), 10);
    /* 2019 asked at two checkpoints: 年度当初 and 年度末 (imported, closed);
     * and the demo's open round of 2020 at 年度当初 (cli/common.c). */
    CHECK_INT(count(db, "round"), 2 + 1);
    /* The import, its publication, six demo accounts and their grants, and
     * the opening of the demo's round. */
    CHECK_INT(count(db, "audit_log"), 1 + 1 + 6 + 6 + 1);
    enum { C_DATE, C_MATERIAL, C_N };
    DbStmt *st = db_prepare(db, "SELECT doc_date, material_no FROM plan_document", C_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, C_DATE), "2019-09-11");
    CHECK_STR(db_col_text(st, C_MATERIAL), "資料２－１");
    db_done(st);
    enum { K_CP, K_N };
    st = db_prepare(db, "SELECT checkpoint FROM field_def WHERE key = 'direction'", K_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, K_CP), "end");
    db_done(st);
    /* A section renamed from FY2021 keeps its identity: a second period. */
    db_close(db);
}

static void test_bad_plan_json_writes_nothing(void)
{
    Db *db = test_db("bad.db", false);
    const EmbeddedFile *f = embed_find(demo_files, "sendai.json");
    /* The demo with its last project's section removed: the error is found
     * after most rows were written, and all of them must go. */
    char *json = strdup((const char *)f->data);
    char *last = NULL;
    for (char *p = strstr(json, "\"section\": \"学びの連携推進室\""); p; p = NULL)
        last = p;
    CHECK(last != NULL);
    if (last)
        memcpy(last, "\"sectiox\"", 9);
    int64_t id = 0;
    char *err = NULL;
    log_set_quiet(1);
    CHECK_INT(plan_json_load(db, json, strlen(json), "test", &id, &err), ERR_INVALID);
    CHECK_HAS(err, "initiatives[3].projects[0].section: missing");
    CHECK_INT(count(db, "plan"), 0);
    CHECK_INT(count(db, "initiative"), 0);
    CHECK_INT(count(db, "project"), 0);
    CHECK_INT(count(db, "org_unit"), 0);
    /* Only the first administrator's creation and grant: nothing of the plan. */
    CHECK_INT(count(db, "audit_log"), 2);
    free(err);
    err = NULL;
    CHECK_INT(plan_json_load(db, "{\"plan\": ", 9, "test", &id, &err), ERR_INVALID);
    CHECK_HAS(err, "line 1");
    free(err);
    free(json);
    db_close(db);
}

static void test_generated_plan_is_deterministic_and_loads(void)
{
    char *a = plan_generate_json(40, 7), *b = plan_generate_json(40, 7);
    char *c = plan_generate_json(40, 8);
    CHECK_STR(a, b);
    CHECK(strcmp(a, c) != 0);
    Db *db = test_db("generated.db", false);
    int64_t id = 0;
    char *err = NULL;
    CHECK_INT(plan_json_load(db, a, strlen(a), "test", &id, &err), ERR_OK);
    CHECK_INT(count(db, "initiative"), 40);
    int64_t projects = count(db, "project");
    CHECK(projects >= 40 && projects <= 120);
    /* Five fiscal years, four fields each, for every project. */
    CHECK_INT(count(db, "response_value"), projects * 5 * 4);
    CHECK_INT(count(db, "round"), 10);
    free(err);
    free(a);
    free(b);
    free(c);
    db_close(db);
}

/* A server that dropped the connection (restarted, or the session ended by
 * its administrator) fails the statement that finds out; the next one runs
 * on a new connection. PostgreSQL only: a SQLite file is never lost. */
static void test_reconnects_after_a_lost_connection(void)
{
    if (!test_pg())
        return;
    Db *a = test_db("lost.db", false);
    Db *b = cli_open_db(test_url("lost.db"), false, false);
    CHECK(b != NULL);
    enum { C_PID, C_N };
    DbStmt *st = db_prepare(a, "SELECT pg_backend_pid()", C_N);
    CHECK_INT(db_step(st), DB_ROW);
    int64_t pid = db_col_int64(st, C_PID);
    db_done(st);
    st = db_prepare(b, "SELECT pg_terminate_backend(CAST($1 AS INTEGER))", C_N);
    db_bind_int64(st, 1, pid);
    CHECK_INT(db_step(st), DB_ROW);
    db_done(st);
    usleep(100 * 1000);
    CHECK_INT(count(a, "org_unit"), -1); /* the one that finds out */
    CHECK_INT(count(a, "org_unit"), 0);
    CHECK_INT(db_begin(a), 0);
    CHECK_INT(db_commit(a), 0);
    db_close(a);
    db_close(b);
}

static const char *binary; /* the program, from ctest */

/* `shinchoku migrate` brings a new database to the latest schema, then finds
 * nothing to do. */
static void test_migrate_command(void)
{
    char url[2048], out[512], expect[64];
    snprintf(url, sizeof(url), "%s", test_db_url("command.db"));
    snprintf(out, sizeof(out), "%s", test_path("migrate.txt"));
    char *argv[] = {(char *)binary, "migrate", "--db", url, NULL};
    CHECK_INT(test_spawn(argv, NULL, out, NULL), 0);
    char *text = test_slurp(out, NULL);
    snprintf(expect, sizeof(expect), "schema version %d (%d migrations applied)", migrate_latest(),
             migrate_latest());
    CHECK_HAS(text, expect);
    free(text);
    CHECK_INT(test_spawn(argv, NULL, out, NULL), 0);
    text = test_slurp(out, NULL);
    CHECK_HAS(text, "(0 migrations applied)");
    free(text);
    char *usage[] = {(char *)binary, "migrate", NULL};
    CHECK_INT(test_spawn(usage, NULL, NULL, NULL), 2);
}

int main(int argc, char **argv)
{
    binary = argc > 1 ? argv[1] : "shinchoku";
    log_set_quiet(1);
    TEST_RUN(test_migrations_apply_once);
    TEST_RUN(test_engine_settings);
    TEST_RUN(test_values_read_alike);
    TEST_RUN(test_constraint_keeps_the_transaction);
    TEST_RUN(test_writers_take_turns);
    TEST_RUN(test_migrate_command);
    TEST_RUN(test_reconnects_after_a_lost_connection);
    TEST_RUN(test_binds_by_name_in_any_order);
    TEST_RUN(test_constraints_and_foreign_keys);
    TEST_RUN(test_rollback_leaves_nothing);
    TEST_RUN(test_demo_plan_loads_whole);
    TEST_RUN(test_bad_plan_json_writes_nothing);
    TEST_RUN(test_generated_plan_is_deterministic_and_loads);
    test_cleanup();
    return TEST_DONE("store");
}
