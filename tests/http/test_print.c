/* The sheet printed as a person prints it: Debian's Chromium prints a real
 * `serve` page to PDF, and poppler reads it back. A plan large enough for
 * several pages must come out A3 landscape, with the header rows on every
 * page and the document header on the first. argv[1] is the built binary. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include "base/log.h"
#include "model/plan_json.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static const char *bin;
static char pdf[512];
static int pages;

/* The seed's plan with its initiatives repeated n times (new numbers), so
 * that the sheet runs over several A3 pages. */
static void make_big_plan(const char *db_path, const char *seed_path, int n)
{
    json_t *seed = json_load_file(seed_path, 0, NULL);
    json_t *inits = json_object_get(seed, "initiatives");
    json_t *more = json_array();
    for (int k = 0; k < n; k++) {
        json_t *in;
        size_t i;
        json_array_foreach(inits, i, in)
        {
            json_t *copy = json_deep_copy(in);
            json_object_set_new(
                copy, "number",
                json_integer(json_integer_value(json_object_get(in, "number")) + 1000 * k));
            json_array_append_new(more, copy);
        }
    }
    json_object_set_new(seed, "initiatives", more);
    char *text = json_dumps(seed, 0);
    Db *db = cli_open_db(db_path, true, false);
    int64_t id;
    char *err = NULL;
    if (plan_json_load(db, text, strlen(text), "test", &id, &err) != ERR_OK) {
        fprintf(stderr, "cannot load the big plan: %s\n", err);
        exit(2);
    }
    DbStmt *st = db_prepare(db, "UPDATE plan SET published = 1", 0);
    db_step(st);
    db_done(st);
    db_close(db);
    free(text);
    json_decref(seed);
}

static bool port_open(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(fd);
    return ok;
}

static void print_sheet(const char *source_dir)
{
    char db[512], seed[1024], port_text[16], url[128], profile[512], out_arg[600];
    snprintf(db, sizeof(db), "%s", test_path("print.db"));
    snprintf(seed, sizeof(seed), "%s/data/demo/sendai.json", source_dir);
    make_big_plan(db, seed, 10);
    int port = 20000 + (int)((getpid() + 7919) % 30000);
    snprintf(port_text, sizeof(port_text), "%d", port);
    char *serve[] = {(char *)bin, "serve", "--db", db, "--port", port_text, NULL};
    pid_t server;
    if (posix_spawn(&server, bin, NULL, NULL, serve, environ) != 0)
        return;
    for (int i = 0; i < 100 && !port_open(port); i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/plans/1/sheet", port);
    snprintf(pdf, sizeof(pdf), "%s", test_path("sheet.pdf"));
    snprintf(profile, sizeof(profile), "--user-data-dir=%s", test_path("chromium"));
    snprintf(out_arg, sizeof(out_arg), "--print-to-pdf=%s", pdf);
    char *chromium[] = {"chromium",
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        profile,
                        "--no-pdf-header-footer",
                        out_arg,
                        url,
                        NULL};
    int rc = test_spawn(chromium, NULL, NULL, NULL);
    if (rc != 0)
        fprintf(stderr, "  chromium exited %d\n", rc);
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
}

static void test_a3_landscape(void)
{
    char info[512];
    snprintf(info, sizeof(info), "%s", test_path("info.txt"));
    char *pdfinfo[] = {"pdfinfo", pdf, NULL};
    CHECK_INT(test_spawn(pdfinfo, NULL, info, NULL), 0);
    char *text = test_slurp(info, NULL);
    /* 420 x 297 mm: poppler names the size; landscape is wider than high. */
    CHECK_HAS(text, "pts (A3)");
    double w = 0, h = 0;
    const char *size = strstr(text, "Page size:");
    if (size)
        sscanf(size, "Page size: %lf x %lf", &w, &h);
    CHECK(w > 1180 && w < 1200 && h > 835 && h < 850);
    const char *p = strstr(text, "Pages:");
    pages = p ? atoi(p + 6) : 0;
    CHECK(pages >= 2);
    free(text);
}

static void test_header_rows_on_every_page(void)
{
    char out[512];
    snprintf(out, sizeof(out), "%s", test_path("page.txt"));
    for (int i = 1; i <= pages; i++) {
        char page[16];
        snprintf(page, sizeof(page), "%d", i);
        char *pdftotext[] = {"pdftotext", "-f", page, "-l", page, pdf, out, NULL};
        CHECK_INT(test_spawn(pdftotext, NULL, NULL, NULL), 0);
        char *text = test_slurp(out, NULL);
        /* pdftotext may break a heading's line: look for its parts. */
        CHECK_HAS(text, "事業名・取組名");
        CHECK_HAS(text, "計画（第5章）記載内容");
        CHECK_HAS(text, "令和元年度");
        if (i == 1) {
            CHECK_HAS(text, "資料２－１");
            CHECK_HAS(text, "第1回仙台市自殺対策連絡協議会");
            CHECK_HAS(text, "令和元年９月１１日");
        }
        /* Only the document: no site navigation or filter form on paper. */
        CHECK_HASNT(text, "表示条件");
        CHECK_HASNT(text, "本文へ移動");
        free(text);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_print PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    bin = argv[1];
    log_set_quiet(1);
    print_sheet(argv[2]);
    TEST_RUN(test_a3_landscape);
    TEST_RUN(test_header_rows_on_every_page);
    test_cleanup();
    return TEST_DONE("print");
}
