/* Two `shinchoku serve` processes on one database (PostgreSQL with
 * SHINCHOKU_TEST_PG, else one SQLite file), driven alternately over real
 * sockets through a round: a session made on one is valid on the other, a
 * write on one is seen at once on the other, a save based on an answer the
 * other process changed is refused as a conflict, a confirmation on one puts
 * the answer on the other's sheet, and a logout on one ends the session on
 * both. Nothing that matters lives in one process's memory. Then nginx with
 * the deployment's own configuration (deploy/nginx-shinchoku.conf) in front
 * of both: requests reach both processes and a signed-in person works
 * through it. argv[1] is the built binary, argv[2] the sources. */
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "base/buf.h"
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"
#include "testnet.h"
#include "testproc.h"

static const char *bin;
static Db *db;
static const char *source_dir;
static int ports[3]; /* the two processes, then nginx in front of them */
static pid_t pids[2];

typedef NetReply Answer;

/* Server s: 0 or 1 the processes, 2 nginx in front of them. */
static Answer send_to(int s, const char *method, const char *target, const char *cookie,
                      const char *body)
{
    return net_send(ports[s], method, target, cookie, body);
}

static Answer get(int s, const char *target, const char *cookie)
{
    return net_get(ports[s], target, cookie);
}

static bool login(int s, const char *login, char *cookie, size_t ncookie, char *csrf, size_t ncsrf)
{
    return net_login(ports[s], login, cookie, ncookie, csrf, ncsrf);
}

static int form_version(int s, const char *target, const char *cookie)
{
    return net_form_version(ports[s], target, cookie);
}

static int64_t demo_answer(int64_t project)
{
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id FROM response rs JOIN round r ON r.id = rs.round_id"
                            " WHERE r.status = 'open' AND rs.project_id = $1",
                            1);
    db_bind_int64(st, 1, project);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

static void test_a_round_across_two_processes(void)
{
    char section[160], section_csrf[64], jimu[160], jimu_csrf[64];
    /* Signed in on A: the same session works on B. */
    CHECK(login(0, "shogaikikaku", section, sizeof(section), section_csrf, sizeof(section_csrf)));
    Answer a = get(1, "/inbox", section);
    CHECK_INT(a.status, 200);
    CHECK_HAS(a.text, "障害者に対する虐待相談窓口の周知");
    CHECK_HAS(a.text, section_csrf); /* the same session's token */
    free(a.text);
    CHECK(login(1, "jimukyoku", jimu, sizeof(jimu), jimu_csrf, sizeof(jimu_csrf)));

    int64_t answer = demo_answer(1);
    CHECK(answer > 0);
    char target[64], body[512];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)answer);
    /* The section saves on B from the form it read on A; A shows it at once. */
    int v = form_version(0, target, section);
    CHECK(v >= 0);
    snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=B-SAVED&f2=x&f3=y",
             section_csrf, v);
    a = send_to(1, "POST", target, section, body);
    CHECK_INT(a.status, 303);
    free(a.text);
    a = get(0, target, section);
    CHECK_HAS(a.text, ">\nB-SAVED</textarea>");
    free(a.text);

    /* Both read version v + 1; the secretariat saves on B first, so the
     * section's save on A of the same version is a conflict, not a loss. */
    int vs = form_version(0, target, section), vj = form_version(1, target, jimu);
    CHECK_INT(vs, v + 1);
    CHECK_INT(vj, v + 1);
    snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=JIMU-TEXT&f2=x&f3=y", jimu_csrf,
             vj);
    a = send_to(1, "POST", target, jimu, body);
    CHECK_INT(a.status, 303);
    free(a.text);
    snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=LOST-TEXT&f2=x&f3=y",
             section_csrf, vs);
    a = send_to(0, "POST", target, section, body);
    CHECK_INT(a.status, 409);
    CHECK_HAS(a.text, "JIMU-TEXT");
    free(a.text);

    /* The section submits on A; the secretariat confirms on B; A's sheet
     * shows the answer. */
    v = form_version(0, target, section);
    snprintf(body, sizeof(body),
             "csrf=%s&version=%d&action=submit&f1=FINAL-ACROSS-PROCESSES&f2=x&f3=y", section_csrf,
             v);
    a = send_to(0, "POST", target, section, body);
    CHECK_INT(a.status, 303);
    free(a.text);
    DbStmt *st = db_prepare(db, "SELECT round_id FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, answer);
    int64_t round = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    char confirm[64];
    snprintf(confirm, sizeof(confirm), "/rounds/%lld/confirm", (long long)round);
    snprintf(body, sizeof(body), "csrf=%s&answer=%lld", jimu_csrf, (long long)answer);
    a = send_to(1, "POST", confirm, jimu, body);
    CHECK_INT(a.status, 303);
    CHECK_HAS(a.text, "confirmed=1");
    free(a.text);
    a = get(0, "/plans/1/sheet?years=2020", jimu);
    CHECK_INT(a.status, 200);
    CHECK_HAS(a.text, "FINAL-ACROSS-PROCESSES");
    free(a.text);

    /* Signed out on B: the session is gone on A too. */
    snprintf(body, sizeof(body), "csrf=%s", section_csrf);
    a = send_to(1, "POST", "/logout", section, body);
    CHECK_INT(a.status, 303);
    free(a.text);
    a = get(0, "/inbox", section);
    CHECK_INT(a.status, 303); /* to the login page */
    free(a.text);
}

/* Writes nginx's main configuration into dir around the deployment's server
 * block, its ports replaced by the test's; false if it cannot be read. */
static bool write_nginx_conf(const char *dir)
{
    char path[1100];
    snprintf(path, sizeof(path), "%s/deploy/nginx-shinchoku.conf", source_dir);
    char *conf = test_slurp(path, NULL);
    if (!conf)
        return false;
    Buf site = BUF_INIT;
    const struct {
        const char *from;
        int port;
        bool listen;
    } swaps[] = {{"127.0.0.1:8081", ports[0], false},
                 {"127.0.0.1:8082", ports[1], false},
                 {"listen 8080;", ports[2], true}};
    for (const char *p = conf; *p;) {
        size_t i = 0;
        while (i < 3 && strncmp(p, swaps[i].from, strlen(swaps[i].from)) != 0)
            i++;
        if (i == 3) {
            buf_putc(&site, *p++);
            continue;
        }
        buf_printf(&site, swaps[i].listen ? "listen 127.0.0.1:%d;" : "127.0.0.1:%d", swaps[i].port);
        p += strlen(swaps[i].from);
    }
    free(conf);
    snprintf(path, sizeof(path), "%s/tmp", dir);
    mkdir(path, 0777);
    chmod(path, 0777); /* the workers may run as nobody */
    snprintf(path, sizeof(path), "%s/nginx.conf", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        buf_free(&site);
        return false;
    }
    fprintf(f,
            "pid %s/nginx.pid;\nerror_log %s/error.log;\nworker_processes 1;\n"
            "events { worker_connections 64; }\n"
            "http {\n  log_format up '$upstream_addr $status';\n"
            "  access_log %s/access.log up;\n  client_body_temp_path %s/tmp;\n"
            "  proxy_temp_path %s/tmp;\n  proxy_max_temp_file_size 0;\n%s\n}\n",
            dir, dir, dir, dir, dir, site.data);
    fclose(f);
    buf_free(&site);
    return true;
}

static void test_behind_nginx(void)
{
    char dir[512];
    snprintf(dir, sizeof(dir), "%s", test_path("nginx"));
    mkdir(dir, 0755);
    chmod(dir, 0755);
    CHECK(write_nginx_conf(dir));
    char conf[1100];
    snprintf(conf, sizeof(conf), "%s/nginx.conf", dir);
    char *argv[] = {"/usr/sbin/nginx", "-p", dir, "-c", conf, "-g", "daemon off;", NULL};
    pid_t pid = 0;
    CHECK_INT(posix_spawn(&pid, argv[0], NULL, NULL, argv, environ), 0);
    int status = -1;
    for (int i = 0; i < 50 && status != 200; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        Answer a = get(2, "/", NULL);
        status = a.status;
        free(a.text);
    }
    CHECK_INT(status, 200);
    /* Round robin: both processes answer. */
    for (int i = 0; i < 10; i++) {
        Answer a = get(2, "/plans/1/sheet?years=2020", NULL);
        CHECK_INT(a.status, 200);
        free(a.text);
    }
    /* A person signs in, reads and saves through nginx. */
    char cookie[160], csrf[64], body[256];
    CHECK(login(2, "jimukyoku", cookie, sizeof(cookie), csrf, sizeof(csrf)));
    int64_t answer = demo_answer(2);
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)answer);
    int v = form_version(2, target, cookie);
    CHECK(v >= 0);
    snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=VIA-NGINX&f2=x&f3=y", csrf, v);
    Answer a = send_to(2, "POST", target, cookie, body);
    CHECK_INT(a.status, 303);
    free(a.text);
    a = get(0, target, cookie);
    CHECK_HAS(a.text, ">\nVIA-NGINX</textarea>");
    free(a.text);
    kill(pid, SIGQUIT); /* a graceful stop: the log is complete */
    waitpid(pid, NULL, 0);
    char log[1100], want[64];
    snprintf(log, sizeof(log), "%s/access.log", dir);
    char *text = test_slurp(log, NULL);
    for (int i = 0; i < 2; i++) {
        snprintf(want, sizeof(want), "127.0.0.1:%d 200", ports[i]);
        CHECK_HAS(text, want);
    }
    free(text);
}

int main(int argc, char **argv)
{
    bin = argv[1];
    source_dir = argc > 2 ? argv[2] : ".";
    signal(SIGPIPE, SIG_IGN);
    log_set_quiet(1);
    db = test_db("two.db", true);
    ports[0] = 21000 + (int)(getpid() % 20000);
    ports[1] = ports[0] + 1;
    ports[2] = ports[0] + 2;
    pids[0] = net_start_server(bin, test_url("two.db"), ports[0]);
    pids[1] = net_start_server(bin, test_url("two.db"), ports[1]);
    CHECK(pids[0] > 0 && pids[1] > 0);
    TEST_RUN(test_a_round_across_two_processes);
    TEST_RUN(test_behind_nginx);
    for (int i = 0; i < 2; i++) {
        if (pids[i] <= 0)
            continue;
        kill(pids[i], SIGTERM);
        int ws = 0;
        waitpid(pids[i], &ws, 0);
        CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    }
    db_close(db);
    test_cleanup();
    return TEST_DONE("two_servers");
}
