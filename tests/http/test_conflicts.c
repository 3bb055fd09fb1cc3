/* 100 clients saving one answer at once, each from the version it last
 * read: every save is either taken (303) or refused as a conflict (409),
 * never a 5xx; nothing hangs; and no update is lost: the answer's version
 * is exactly the number of saves taken, its history holds every one of
 * them, and its text is one that a taken save wrote. argv[1] is the built
 * binary. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include "base/log.h"
#include "testdb.h"
#include "testlib.h"
#include "testnet.h"

enum { CLIENTS = 100, TRIES = 5 };

static const char *bin;
static Db *db;
static int port;
static char cookie[160], csrf[64], target[64];
static atomic_int taken, refused, other;

static void *client(void *arg)
{
    int me = (int)(intptr_t)arg;
    for (int t = 0; t < TRIES; t++) {
        int v = net_form_version(port, target, cookie);
        char body[256];
        snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=CLIENT-%d-%d&f2=x&f3=y",
                 csrf, v, me, t);
        NetReply r = net_send(port, "POST", target, cookie, body);
        free(r.text);
        if (r.status == 303)
            atomic_fetch_add(&taken, 1);
        else if (r.status == 409)
            atomic_fetch_add(&refused, 1);
        else
            atomic_fetch_add(&other, 1);
    }
    return NULL;
}

static void test_hundred_clients_one_answer(void)
{
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id FROM response rs JOIN round r ON r.id = rs.round_id"
                            " WHERE r.status = 'open' ORDER BY rs.id LIMIT 1",
                            1);
    CHECK_INT(db_step(st), DB_ROW);
    int64_t answer = db_col_int64(st, 0);
    db_done(st);
    snprintf(target, sizeof(target), "/answers/%lld", (long long)answer);
    pid_t pid = net_start_server(bin, test_url("conflicts.db"), port);
    CHECK(pid > 0);
    CHECK(net_login(port, "jimukyoku", cookie, sizeof(cookie), csrf, sizeof(csrf)));
    pthread_t threads[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        pthread_create(&threads[i], NULL, client, (void *)(intptr_t)i);
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(threads[i], NULL);
    CHECK_INT(atomic_load(&other), 0);
    CHECK_INT(atomic_load(&taken) + atomic_load(&refused), CLIENTS * TRIES);
    CHECK(atomic_load(&taken) > 0 && atomic_load(&refused) > 0);
    st =
        db_prepare(db,
                   "SELECT rs.version, (SELECT COUNT(DISTINCT version) FROM response_value_version"
                   " WHERE response_id = rs.id), (SELECT text_value FROM response_value"
                   " WHERE response_id = rs.id AND field_id = 1) FROM response rs WHERE rs.id = $1",
                   3);
    db_bind_int64(st, 1, answer);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), atomic_load(&taken));
    CHECK_INT(db_col_int64(st, 1), atomic_load(&taken));
    CHECK(strncmp(db_col_text(st, 2), "CLIENT-", 7) == 0);
    db_done(st);
    fprintf(stderr, "  %d saves taken, %d refused as conflicts\n", atomic_load(&taken),
            atomic_load(&refused));
    kill(pid, SIGTERM);
    int ws = 0;
    waitpid(pid, &ws, 0);
    CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

int main(int argc, char **argv)
{
    (void)argc;
    bin = argv[1];
    signal(SIGPIPE, SIG_IGN);
    log_set_quiet(1);
    db = test_db("conflicts.db", true);
    port = 24000 + (int)(getpid() % 20000);
    TEST_RUN(test_hundred_clients_one_answer);
    db_close(db);
    test_cleanup();
    return TEST_DONE("conflicts");
}
