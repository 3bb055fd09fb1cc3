/* shinchoku backup: while another connection keeps writing, every copy is a
 * consistent snapshot (integrity check, a whole number of the writer's rows,
 * everything else equal); once the writer stops, the copy is row for row the
 * database; an existing target is refused, and PostgreSQL points at pg_dump.
 * argv[1] is the built binary. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include "base/log.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static const char *binary;
static Db *pg_db; /* the test's database when it runs on PostgreSQL */
static atomic_int stop_writing;
static atomic_int rows_written;

/* A second connection adding audit rows, one transaction each, until told. */
static void *writer(void *path)
{
    sqlite3 *h = NULL;
    if (sqlite3_open((const char *)path, &h) != SQLITE_OK)
        return NULL;
    sqlite3_busy_timeout(h, 10000);
    sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    while (!atomic_load(&stop_writing)) {
        if (sqlite3_exec(h,
                         "INSERT INTO audit_log (at, actor, action, entity)"
                         " VALUES ('2026-01-01T00:00:00Z', 'writer', 'test.write', 'test')",
                         NULL, NULL, NULL) == SQLITE_OK)
            atomic_fetch_add(&rows_written, 1);
    }
    sqlite3_close(h);
    return NULL;
}

/* The first column of the first row of sql in the file at path, or -1. */
static long long one_number(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static bool integrity_ok(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return ok;
}

/* Every table of the database at path, every row in rowid order, as text. */
static char *all_rows(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *tables = NULL;
    Buf out = BUF_INIT;
    sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL);
    sqlite3_prepare_v2(h,
                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                       -1, &tables, NULL);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[256];
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid", name);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
            /* WITHOUT ROWID tables have none: their primary key orders them. */
            snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
            sqlite3_prepare_v2(h, sql, -1, &st, NULL);
        }
        buf_printf(&out, "== %s\n", name);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const unsigned char *v = sqlite3_column_text(st, i);
                buf_printf(&out, "%s|", v ? (const char *)v : "NULL");
            }
            buf_putc(&out, '\n');
        }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    sqlite3_close(h);
    return buf_take(&out);
}

static int run_backup(const char *db, const char *copy, const char *out, const char *err)
{
    char *argv[] = {(char *)binary, "backup", "--db", (char *)db, "-o", (char *)copy, NULL};
    return test_spawn(argv, NULL, out, err);
}

static void test_copies_while_writing(void)
{
    char db[512], out[512], err[512];
    snprintf(db, sizeof(db), "%s", test_path("backup.db"));
    snprintf(out, sizeof(out), "%s", test_path("out.txt"));
    snprintf(err, sizeof(err), "%s", test_path("err.txt"));
    long long plans = one_number(db, "SELECT COUNT(*) FROM plan");
    long long answers = one_number(db, "SELECT COUNT(*) FROM response_value");
    CHECK(plans == 1 && answers > 0);
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, writer, db), 0);
    long long last = -1;
    for (int i = 0; i < 4; i++) {
        char copy[512];
        snprintf(copy, sizeof(copy), "%s", test_path(i == 0 ? "copy0.db" : "copyN.db"));
        if (i > 0)
            unlink(copy);
        while (atomic_load(&rows_written) < (i + 1) * 50)
            usleep(1000);
        CHECK_INT(run_backup(db, copy, out, err), 0);
        CHECK(integrity_ok(copy));
        long long written = one_number(copy, "SELECT COUNT(*) FROM audit_log"
                                             " WHERE action = 'test.write'");
        CHECK(written >= (i + 1) * 50 && written >= last);
        last = written;
        CHECK_INT(one_number(copy, "SELECT COUNT(*) FROM plan"), plans);
        CHECK_INT(one_number(copy, "SELECT COUNT(*) FROM response_value"), answers);
        CHECK_INT(one_number(copy, "SELECT MAX(version) FROM schema_migrations"),
                  one_number(db, "SELECT MAX(version) FROM schema_migrations"));
    }
    atomic_store(&stop_writing, 1);
    pthread_join(t, NULL);
    /* The writer stopped: a copy is the database, row for row, and restoring
     * it (a plain file copy back) gives it again. */
    char copy[512];
    snprintf(copy, sizeof(copy), "%s", test_path("final.db"));
    CHECK_INT(run_backup(db, copy, out, err), 0);
    char *a = all_rows(db), *b = all_rows(copy);
    CHECK(strlen(a) > 1000);
    CHECK(strcmp(a, b) == 0);
    free(a);
    free(b);
    char *text = test_slurp(out, NULL);
    CHECK_HAS(text, "backed up ");
    free(text);
    /* An existing target is never overwritten. */
    CHECK_INT(run_backup(db, copy, out, err), 1);
    text = test_slurp(err, NULL);
    CHECK_HAS(text, "exists already");
    free(text);
    char *no_target[] = {(char *)binary, "backup", "--db", db, NULL};
    CHECK_INT(test_spawn(no_target, NULL, out, err), 2);
}

/* PostgreSQL has no file to copy: pg_dump is its backup. */
static void test_postgresql_points_at_pg_dump(void)
{
    char *err = NULL;
    CHECK_INT(db_backup(pg_db, test_path("x.db"), &err), DB_ERROR);
    CHECK(err && strstr(err, "pg_dump"));
    free(err);
}

int main(int argc, char **argv)
{
    (void)argc;
    binary = argv[1];
    log_set_quiet(1);
    Db *db = test_db("backup.db", true);
    if (strcmp(db_engine(db), "sqlite") == 0) {
        db_close(db);
        TEST_RUN(test_copies_while_writing);
    } else {
        pg_db = db;
        TEST_RUN(test_postgresql_points_at_pg_dump);
        db_close(db);
    }
    test_cleanup();
    return TEST_DONE("backup");
}
