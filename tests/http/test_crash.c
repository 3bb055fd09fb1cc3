/* Crash safety: `shinchoku serve` killed with SIGKILL at random moments
 * while two clients stream saves, again and again. After each restart every
 * acknowledged save is there (the version is the one acknowledged, or one
 * more for a save the kill cut off after its commit), the text is the one
 * that version saved, and at the end the database passes its integrity
 * check. argv[1] is the built binary. */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include "base/log.h"
#include "testdb.h"
#include "testlib.h"
#include "testnet.h"

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

static void test_kill_during_saves(void)
{
    Saver savers[SAVERS];
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id FROM response rs JOIN round r ON r.id = rs.round_id"
                            " WHERE r.status = 'open' ORDER BY rs.id LIMIT 2",
                            1);
    for (int i = 0; i < SAVERS; i++) {
        CHECK_INT(db_step(st), DB_ROW);
        savers[i] = (Saver){db_col_int64(st, 0), 0, 0};
    }
    db_done(st);
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
        st = db_prepare(db, "PRAGMA integrity_check", 1);
        CHECK_INT(db_step(st), DB_ROW);
        CHECK_STR(db_col_text(st, 0), "ok");
        db_done(st);
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
    db_close(db);
    test_cleanup();
    return TEST_DONE("crash");
}
