/* The program as a person runs it: subcommands and their errors, the stdin
 * mode, and a real `serve` on loopback answering concurrent clients and
 * stopping cleanly on SIGTERM. argv[1] is the built binary. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include "base/log.h"
#include "testdb.h"
#include "testlib.h"
#include "testnet.h"

extern char **environ;
static const char *bin;

/* Runs the binary with args, stdin from in_path (or /dev/null), stdout and
 * stderr to files; returns the exit code and the output. */
static int run(const char *const *args, const char *in_path, char **out, char **err)
{
    const char *out_path = test_path("out.txt"), *err_path;
    char outp[512], errp[512];
    snprintf(outp, sizeof(outp), "%s", out_path);
    err_path = test_path("err.txt");
    snprintf(errp, sizeof(errp), "%s", err_path);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)bin;
    for (; args[n - 1] && n < 15; n++)
        argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    pid_t pid;
    int status = -1;
    if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) == 0)
        waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    char *files[2] = {outp, errp};
    char **dst[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "r");
        char *s = calloc(1, 1 << 20);
        if (f) {
            size_t got = fread(s, 1, (1 << 20) - 1, f);
            s[got] = '\0';
            fclose(f);
        }
        *dst[i] = s;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_usage_errors_exit_2(void)
{
    char *out, *err;
    const char *bogus[] = {"bogus", NULL};
    CHECK_INT(run(bogus, NULL, &out, &err), 2);
    CHECK_HAS(err, "'bogus' is not a command");
    free(out), free(err);
    const char *none[] = {NULL};
    CHECK_INT(run(none, NULL, &out, &err), 2);
    CHECK_HAS(err, "usage:");
    free(out), free(err);
    const char *badport[] = {"serve", "--db", "x.db", "--port", "http", NULL};
    CHECK_INT(run(badport, NULL, &out, &err), 2);
    CHECK_HAS(err, "--port takes a number from 1 to 65535");
    free(out), free(err);
    const char *bigport[] = {"demo", "--port", "70000", NULL};
    CHECK_INT(run(bigport, NULL, &out, &err), 2);
    free(out), free(err);
    const char *badopt[] = {"init", "--frobnicate", NULL};
    CHECK_INT(run(badopt, NULL, &out, &err), 2);
    CHECK_HAS(err, "unknown option '--frobnicate'");
    free(out), free(err);
    const char *nodb[] = {"serve", NULL};
    CHECK_INT(run(nodb, NULL, &out, &err), 2);
    CHECK_HAS(err, "--db FILE is required");
    free(out), free(err);
    const char *noval[] = {"init", "--db", NULL};
    CHECK_INT(run(noval, NULL, &out, &err), 2);
    CHECK_HAS(err, "needs a value");
    free(out), free(err);
    const char *extra[] = {"version", NULL};
    CHECK_INT(run(extra, NULL, &out, &err), 0);
    CHECK_HAS(out, "shinchoku 0.");
    free(out), free(err);
}

static void test_every_subcommand_has_help(void)
{
    const char *cmds[] = {"demo", "init", "serve", "http"};
    for (int i = 0; i < 4; i++) {
        char *out, *err;
        const char *args[] = {cmds[i], "--help", NULL};
        CHECK_INT(run(args, NULL, &out, &err), 0);
        CHECK_HAS(out, "usage: shinchoku ");
        CHECK_HAS(out, cmds[i]);
        free(out), free(err);
    }
    char *out, *err;
    const char *top[] = {"--help", NULL};
    CHECK_INT(run(top, NULL, &out, &err), 0);
    CHECK_HAS(out, "serve");
    free(out), free(err);
}

static void test_serve_refuses_missing_database(void)
{
    char *out, *err;
    const char *args[] = {"serve", "--db", test_path("missing.db"), NULL};
    CHECK_INT(run(args, NULL, &out, &err), 1);
    CHECK_HAS(err, "database file not found");
    CHECK_HAS(err, "shinchoku init --db");
    free(out), free(err);
}

static void test_init_then_http_on_stdin(void)
{
    char *out, *err;
    char db[512];
    snprintf(db, sizeof(db), "%s", test_path("init.db"));
    const char *init[] = {"init", "--db", db, NULL};
    CHECK_INT(run(init, NULL, &out, &err), 0);
    free(out), free(err);
    /* An empty database: the plan list says so. */
    const char *req_path = test_path("req.txt");
    char rp[512];
    snprintf(rp, sizeof(rp), "%s", req_path);
    FILE *f = fopen(rp, "w");
    fputs("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", f);
    fclose(f);
    const char *http[] = {"http", "--db", db, NULL};
    CHECK_INT(run(http, rp, &out, &err), 0);
    CHECK_HAS(out, "HTTP/1.1 200 OK\r\n");
    CHECK_HAS(out, "登録されている計画はありません。");
    free(out), free(err);
    /* init again is harmless: the schema is already there. */
    CHECK_INT(run(init, NULL, &out, &err), 0);
    free(out), free(err);
}

/* One GET over a real socket (tests/testnet.h); returns the status and
 * fills body (malloc'd, never NULL). */
static int socket_get(int port, const char *target, char **body)
{
    NetReply r = net_get(port, target, NULL);
    *body = r.text ? r.text : strdup("");
    return r.status;
}

typedef struct Client {
    int port; /* the server's */
    int ok;   /* requests answered 200 with the sheet */
} Client;

static void *client(void *arg)
{
    Client *c = arg;
    for (int i = 0; i < 20; i++) {
        char *body;
        if (socket_get(c->port, "/plans/1/sheet", &body) == 200 &&
            strstr(body, "学校支援地域本部事業"))
            c->ok++;
        free(body);
    }
    return NULL;
}

static void test_demo_serves_on_loopback(void)
{
    char db[512], port_text[16];
    snprintf(db, sizeof(db), "%s", test_path("served.db"));
    int port = 20000 + (int)(getpid() % 30000);
    snprintf(port_text, sizeof(port_text), "%d", port);
    char *argv[] = {(char *)bin, "demo", "--db", db, "--port", port_text, "--threads", "4", NULL};
    pid_t pid;
    CHECK_INT(posix_spawn(&pid, bin, NULL, NULL, argv, environ), 0);
    char *body = NULL;
    int status = -1;
    for (int i = 0; i < 100 && status < 0; i++) { /* up to 10 s for a slow sanitizer build */
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        free(body);
        status = socket_get(port, "/", &body);
    }
    CHECK_INT(status, 200);
    CHECK_HAS(body, "仙台市自殺対策計画");
    free(body);
    CHECK_INT(socket_get(port, "/plans/1/sheet?years=2019", &body), 200);
    CHECK_HAS(body, "令和元年９月１１日");
    CHECK_HAS(body, "Content-Security-Policy: default-src 'none'");
    free(body);
    CHECK_INT(socket_get(port, "/plans/2/sheet", &body), 404);
    free(body);
    CHECK_INT(socket_get(port, "/plans/1/sheet?years=1800", &body), 400);
    free(body);
    CHECK_INT(socket_get(port, "/?q=%E4%BB%A4+%E5%92%8C", &body), 200);
    free(body);
    CHECK_INT(socket_get(port, "/?q=%C3%28", &body), 400); /* not UTF-8 */
    free(body);
    /* Four clients at once: each worker thread has its own connection. */
    Client clients[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        clients[i] = (Client){port, 0};
        pthread_create(&threads[i], NULL, client, &clients[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        CHECK_INT(clients[i].ok, 20);
    }
    kill(pid, SIGTERM);
    int ws = 0;
    waitpid(pid, &ws, 0);
    CHECK(WIFEXITED(ws));
    CHECK_INT(WEXITSTATUS(ws), 0);
    /* Stopped: nothing listens any more. */
    CHECK_INT(socket_get(port, "/", &body), -1);
    free(body);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_cli PATH-TO-shinchoku\n");
        return 2;
    }
    bin = argv[1];
    signal(SIGPIPE, SIG_IGN);
    log_set_quiet(1);
    TEST_RUN(test_usage_errors_exit_2);
    TEST_RUN(test_every_subcommand_has_help);
    TEST_RUN(test_serve_refuses_missing_database);
    TEST_RUN(test_init_then_http_on_stdin);
    TEST_RUN(test_demo_serves_on_loopback);
    test_cleanup();
    return TEST_DONE("cli");
}
