/* Crash safety: `shinchoku serve` killed with SIGKILL at random moments
 * while two clients stream saves, again and again. After each restart every
 * acknowledged save is there (the version is the one acknowledged, or one
 * more for a save the kill cut off after its commit), the text is the one
 * that version saved, and at the end the database passes its integrity
 * check. Then `shinchoku backup` taken while the server goes on saving,
 * restored by serving the copy: every save acknowledged before the backup
 * began is in it, none it holds is torn, and it passes the integrity check.
 * argv[1] is the built binary. */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include "base/log.h"
#include "testdb.h"
#include "testlib.h"
#include "testnet.h"
#include "testproc.h"

enum { CYCLES = 8, SAVERS = 2 };

static const char *bin;
static Db *db;
static int port;
static char cookie[160], csrf[64];

typedef struct Saver {
    int64_t answer;
    int version; /* the version the next save is based on */
    int acked;   /* the version the last acknowledged save made */
} Saver;

/* Saves until the server stops answering: each acknowledged save moves
 * acked and version on. */
static void *save_until_killed(void *arg)
{
    Saver *s = arg;
    char target[64], body[256];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)s->answer);
    for (;;) {
        snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=SAVE-%d&f2=crash&f3=test",
                 csrf, s->version, s->version + 1);
        NetReply r = net_send(port, "POST", target, cookie, body);
        free(r.text);
        if (r.status != 303)
            return NULL;
        s->version++;
        s->acked = s->version;
    }
}

static int stored_version(int64_t answer, char *text, size_t n)
{
    DbStmt *st =
        db_prepare(db,
                   "SELECT rs.version, COALESCE(v.text_value, '') FROM response rs"
                   " LEFT JOIN response_value v ON v.response_id = rs.id AND v.field_id = 1"
                   " WHERE rs.id = $1",
                   2);
    db_bind_int64(st, 1, answer);
    int v = -1;
    if (db_step(st) == DB_ROW) {
        v = (int)db_col_int64(st, 0);
        snprintf(text, n, "%s", db_col_text(st, 1));
    }
    db_done(st);
    return v;
}

/* The first answers of the open round, one per saver, and their versions. */
static void open_answers(Saver savers[SAVERS], int versions[SAVERS])
{
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id, rs.version FROM response rs JOIN round r ON"
                            " r.id = rs.round_id WHERE r.status = 'open' ORDER BY rs.id LIMIT 2",
                            2);
    for (int i = 0; i < SAVERS; i++) {
        CHECK_INT(db_step(st), DB_ROW);
        savers[i].answer = db_col_int64(st, 0);
        versions[i] = (int)db_col_int64(st, 1);
    }
    db_done(st);
}

static void test_kill_during_saves(void)
{
    Saver savers[SAVERS];
    int versions[SAVERS];
    open_answers(savers, versions);
    for (int i = 0; i < SAVERS; i++)
        savers[i].version = savers[i].acked = 0;
    srand((unsigned)getpid());
    int total = 0;
    for (int cycle = 0; cycle < CYCLES; cycle++) {
        pid_t pid = net_start_server(bin, test_url("crash.db"), port);
        CHECK(pid > 0);
        if (cycle == 0) /* the session lives in the database: one sign-in */
            CHECK(net_login(port, "jimukyoku", cookie, sizeof(cookie), csrf, sizeof(csrf)));
        pthread_t threads[SAVERS];
        for (int i = 0; i < SAVERS; i++)
            pthread_create(&threads[i], NULL, save_until_killed, &savers[i]);
        struct timespec ts = {0, (100 + rand() % 500) * 1000 * 1000};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        for (int i = 0; i < SAVERS; i++) {
            pthread_join(threads[i], NULL);
            char text[64] = "", want[64];
            int v = stored_version(savers[i].answer, text, sizeof(text));
            /* Acknowledged means stored; one more may have committed. */
            CHECK(v == savers[i].acked || v == savers[i].acked + 1);
            snprintf(want, sizeof(want), "SAVE-%d", v);
            if (v > 0)
                CHECK_STR(text, want);
            savers[i].version = savers[i].acked = v;
        }
    }
    for (int i = 0; i < SAVERS; i++)
        total += savers[i].version; /* every version is one save */
    CHECK(total > CYCLES);          /* saves did happen between the kills */
    fprintf(stderr, "  %d acknowledged saves across %d kills\n", total, CYCLES);
    if (strcmp(db_engine(db), "sqlite") == 0) {
        DbStmt *st = db_prepare(db, "PRAGMA integrity_check", 1);
        CHECK_INT(db_step(st), DB_ROW);
        CHECK_STR(db_col_text(st, 0), "ok");
        db_done(st);
    }
}

/* The version and text of answer as a server on port shows them to the
 * secretariat; the text is the first field's. */
static int served_version(int on_port, int64_t answer, char *text, size_t n)
{
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)answer);
    NetReply r = net_get(on_port, target, cookie);
    const char *v = r.text ? strstr(r.text, "name=\"version\" value=\"") : NULL;
    int version = v ? atoi(v + 22) : -1;
    const char *t = r.text ? strstr(r.text, "SAVE-") : NULL;
    snprintf(text, n, "%.*s", t ? (int)strspn(t, "SAVE-0123456789") : 0, t ? t : "");
    free(r.text);
    return version;
}

static void test_backup_while_serving(void)
{
    if (strcmp(db_engine(db), "sqlite") != 0) {
        fprintf(stderr, "  (PostgreSQL: its backup is pg_dump, not this command)\n");
        return;
    }
    Saver savers[SAVERS];
    int versions[SAVERS];
    open_answers(savers, versions);
    for (int i = 0; i < SAVERS; i++) /* as the kills above left them */
        savers[i].version = savers[i].acked = versions[i];
    pid_t pid = net_start_server(bin, test_url("crash.db"), port);
    CHECK(pid > 0);
    pthread_t threads[SAVERS];
    for (int i = 0; i < SAVERS; i++)
        pthread_create(&threads[i], NULL, save_until_killed, &savers[i]);
    struct timespec ts = {0, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
    int before[SAVERS];
    for (int i = 0; i < SAVERS; i++)
        before[i] = savers[i].acked;
    char copy[512];
    snprintf(copy, sizeof(copy), "%s.copy", test_url("crash.db"));
    char *argv[] = {(char *)bin, "backup", "--db", (char *)test_url("crash.db"), "-o", copy, NULL};
    CHECK_INT(test_spawn(argv, NULL, NULL, NULL), 0);
    int after[SAVERS];
    for (int i = 0; i < SAVERS; i++)
        after[i] = savers[i].acked;
    nanosleep(&ts, NULL);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    for (int i = 0; i < SAVERS; i++)
        pthread_join(threads[i], NULL);

    /* Restored: the copy is served as the database. */
    pid_t restored = net_start_server(bin, copy, port + 1);
    /* Still running: it listens, and the port is not someone else's. */
    CHECK(restored > 0 && waitpid(restored, NULL, WNOHANG) == 0);
    for (int i = 0; i < SAVERS; i++) {
        char text[64] = "", want[64];
        int v = served_version(port + 1, savers[i].answer, text, sizeof(text));
        fprintf(stderr,
                "  answer %lld: version %d acknowledged before the backup, %d in the copy,"
                " %d when it was done, %d in the end\n",
                (long long)savers[i].answer, before[i], v, after[i], savers[i].acked);
        /* Taken while saves went on: at least what was acknowledged before,
         * at most one more than what was acknowledged when it was done. */
        CHECK(v >= before[i] && v <= after[i] + 1);
        snprintf(want, sizeof(want), "SAVE-%d", v);
        CHECK_STR(text, want);
    }
    CHECK(savers[0].acked > after[0]); /* the server did go on saving */
    kill(restored, SIGTERM);
    waitpid(restored, NULL, 0);
    Db *c = db_open(copy, DB_OPEN_EXISTING, NULL);
    CHECK(c != NULL);
    if (c) {
        DbStmt *st = db_prepare(c, "PRAGMA integrity_check", 1);
        CHECK_INT(db_step(st), DB_ROW);
        CHECK_STR(db_col_text(st, 0), "ok");
        db_done(st);
        db_close(c);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    bin = argv[1];
    signal(SIGPIPE, SIG_IGN);
    log_set_quiet(1);
    db = test_db("crash.db", true);
    port = 23000 + (int)(getpid() % 20000);
    TEST_RUN(test_kill_during_saves);
    TEST_RUN(test_backup_while_serving);
    db_close(db);
    test_cleanup();
    return TEST_DONE("crash");
}
