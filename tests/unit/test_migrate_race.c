/* Several processes bringing one fresh database to the latest schema at the
 * same moment (servers started together on a new database): every one
 * succeeds and every migration is applied exactly once, on either engine.
 * argv[1] is the built binary. */
#include <spawn.h>
#include <sys/wait.h>
#include "base/log.h"
#include "store/migrate.h"
#include "testdb.h"
#include "testlib.h"

extern char **environ;
static const char *bin;

enum { PROCESSES = 4, ATTEMPTS = 3 };

static void test_concurrent_migrations(void)
{
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        char url[2048];
        snprintf(url, sizeof(url), "%s", test_db_url("race.db"));
        pid_t pids[PROCESSES];
        char *argv[] = {(char *)bin, "migrate", "--db", url, NULL};
        for (int i = 0; i < PROCESSES; i++)
            CHECK_INT(posix_spawn(&pids[i], bin, NULL, NULL, argv, environ), 0);
        for (int i = 0; i < PROCESSES; i++) {
            int ws = 0;
            waitpid(pids[i], &ws, 0);
            CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
        }
        char *err = NULL;
        Db *db = db_open(url, DB_OPEN_EXISTING, &err);
        CHECK(db != NULL);
        free(err);
        if (!db)
            return;
        CHECK_INT(migrate_version(db), migrate_latest());
        DbStmt *st =
            db_prepare(db, "SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations", 2);
        CHECK_INT(db_step(st), DB_ROW);
        CHECK_INT(db_col_int64(st, 0), migrate_latest());
        CHECK_INT(db_col_int64(st, 1), migrate_latest());
        db_done(st);
        db_close(db);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    bin = argv[1];
    log_set_quiet(1);
    TEST_RUN(test_concurrent_migrations);
    test_cleanup();
    return TEST_DONE("migrate_race");
}
