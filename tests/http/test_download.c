/* The sheet as files: download links on the page, the four formats over HTTP
 * with their types and names, their refusals, and `shinchoku export` writing
 * the same bytes from the command line. argv[1] is the built binary. */
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include "base/log.h"
#include "testdb.h"
#include "testhttp.h"
#include "pages/page_cache.h"
#include "pages/pages.h"
#include "testlib.h"

extern char **environ;
static const char *bin;
static Db *db;
static char db_path[512];

static void test_page_links_to_each_format(void)
{
    Reply r = http_get(db, "/plans/1/sheet?years=2019&era=western");
    CHECK_HAS(r.body, "href=\"/plans/1/sheet.xlsx?years=2019&amp;era=western\"");
    CHECK_HAS(r.body, "href=\"/plans/1/sheet.pdf?years=2019&amp;era=western\"");
    CHECK_HAS(r.body, "href=\"/plans/1/sheet.csv?years=2019&amp;era=western\"");
    CHECK_HAS(r.body, "sheet.csv?years=2019&amp;era=western&amp;encoding=cp932");
    CHECK_HAS(r.body, "Excel（XLSX）");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet?examples=1");
    CHECK_HAS(r.body, "href=\"/plans/1/sheet.pdf?years=2019,2020&amp;examples=1\"");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.csv?examples=1");
    CHECK_HAS(r.body, "\r\n,,記入例,,,,,,,令和元年度,（例）相談窓口に関する");
    reply_free(&r);
}

static void test_each_format_over_http(void)
{
    struct {
        const char *target, *type, *magic;
    } cases[] = {
        {"/plans/1/sheet.xlsx",
         "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
        {"/plans/1/sheet.pdf", "Content-Type: application/pdf", "%PDF-"},
        {"/plans/1/sheet.csv", "Content-Type: text/csv; charset=utf-8", "\xEF\xBB\xBF方向性"},
        {"/plans/1/sheet.csv?encoding=cp932", "Content-Type: text/csv; charset=Shift_JIS",
         "\x95\xfb\x8c\xfc\x90\xab"}, /* 方向性 in CP932 */
        {"/plans/1/sheet.html", "Content-Type: text/html; charset=utf-8", "<!DOCTYPE html>"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Reply r = http_get(db, cases[i].target);
        if (r.status != 200)
            fprintf(stderr, "  %s gave %d\n", cases[i].target, r.status);
        CHECK_INT(r.status, 200);
        CHECK_HAS(r.headers, cases[i].type);
        CHECK(strncmp(r.body, cases[i].magic, strlen(cases[i].magic)) == 0);
        CHECK_HAS(r.headers, "Content-Disposition: attachment; filename=\"shinchoku-plan-1.");
        /* 進捗管理シート（記入例）_仙台市..., percent-encoded as RFC 5987 asks. */
        CHECK_HAS(r.headers, "filename*=UTF-8''%E9%80%B2%E6%8D%97%E7%AE%A1%E7%90%86");
        reply_free(&r);
    }
    Reply r = http_get(db, "/plans/1/sheet.html");
    CHECK_HAS(r.body, "<style>");
    CHECK_HAS(r.body, "学校支援地域本部事業");
    CHECK_HASNT(r.body, "表示条件"); /* the document only, no filters */
    reply_free(&r);
}

static void test_refusals(void)
{
    struct {
        const char *target;
        int status;
    } cases[] = {
        {"/plans/999/sheet.pdf", 404},
        {"/plans/1/sheet.doc", 404},
        {"/plans/x/sheet.csv", 404},
        {"/plans/1/sheet.csv?years=1999", 400},
        {"/plans/1/sheet.csv?encoding=latin1", 400},
        {"/plans/1/sheet.csv?what=everything", 400},
        {"/plans/1/sheet.xlsx?what=summary", 400},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Reply r = http_get(db, cases[i].target);
        if (r.status != cases[i].status)
            fprintf(stderr, "  %s gave %d\n", cases[i].target, r.status);
        CHECK_INT(r.status, cases[i].status);
        reply_free(&r);
    }
    Reply r = http_get(db, "/plans/1/sheet.csv?encoding=latin1");
    CHECK_HAS(r.body, "文字コードは「utf-8」か「cp932」を指定してください。");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.pdf?what=summary&lang=en");
    CHECK_HAS(r.body, "(CSV only)");
    reply_free(&r);
    /* The demo asks no rating and has no indicator: their CSVs are not
     * offered, and asked for, they are the heading row alone. */
    r = http_get(db, "/plans/1/sheet");
    CHECK_HASNT(r.body, "what=summary");
    CHECK_HASNT(r.body, "what=indicators");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.csv?what=indicators");
    CHECK_INT(r.status, 200);
    CHECK_INT(occurrences(r.body, "\r\n"), 1);
    CHECK_HAS(r.headers, "filename=\"shinchoku-plan-1-indicators.csv\"");
    reply_free(&r);
}

static void test_busy_exports_answer_503(void)
{
    page_cache_clear();    /* a kept PDF would be served however busy */
    download_set_slots(0); /* as if every slot were taken */
    Reply r = http_get(db, "/plans/1/sheet.pdf");
    CHECK_INT(r.status, 503);
    CHECK_HAS(r.headers, "Retry-After: 10");
    CHECK_HAS(r.body, "<h1>混み合っています</h1>");
    CHECK_HAS(r.body, "10秒ほどしてから");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.csv"); /* light formats are not limited */
    CHECK_INT(r.status, 200);
    reply_free(&r);
    download_set_slots(1);
    r = http_get(db, "/plans/1/sheet.pdf");
    CHECK_INT(r.status, 200);
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.xlsx?era=western"); /* the slot was given back */
    CHECK_INT(r.status, 200);
    reply_free(&r);
    /* Made once, the same PDF is served from memory, without a slot. */
    download_set_slots(0);
    r = http_get(db, "/plans/1/sheet.pdf");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "%PDF-");
    reply_free(&r);
    download_set_slots(1);
}

static void test_cp932_error_names_the_place(void)
{
    DbStmt *st = db_prepare(db, "UPDATE project SET name = '𠮷田の事業' WHERE id = 7", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    Reply r = http_get(db, "/plans/1/sheet.csv?encoding=cp932");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "14行目「事業名・取組名」の文字「𠮷」（U+20BB7）");
    CHECK_HAS(r.body, "Row 14, column &quot;事業名・取組名&quot;");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.csv?encoding=cp932&replace=%3F");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "?\x93\x63\x82\xcc\x8e\x96\x8b\xc6"); /* ?田の事業 */
    reply_free(&r);
    st = db_prepare(db, "UPDATE project SET name = '学校支援地域本部事業' WHERE id = 7", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
}

/* Runs the binary; stdout to out_path; returns the exit code; stderr in *err. */
static int run(char *const *args, const char *out_path, char **err)
{
    char err_path[600];
    snprintf(err_path, sizeof(err_path), "%s", test_path("stderr.txt"));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    char *argv[24];
    int n = 0;
    argv[n++] = (char *)bin;
    for (; args[n - 1] && n < 23; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid;
    int status = -1;
    if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) == 0)
        waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    FILE *f = fopen(err_path, "r");
    *err = calloc(1, 65536);
    if (f) {
        size_t got = fread(*err, 1, 65535, f);
        (*err)[got] = '\0';
        fclose(f);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = calloc(1, 1 << 22);
    *len = f ? fread(s, 1, (1 << 22) - 1, f) : 0;
    if (f)
        fclose(f);
    return s;
}

static void test_export_command_writes_the_same_bytes(void)
{
    char out[600], *err;
    snprintf(out, sizeof(out), "%s", test_path("export.csv"));
    char *args[] = {"export", "--db", db_path, "--plan", "1", "--format", "csv", "-o", out, NULL};
    CHECK_INT(run(args, "/dev/null", &err), 0);
    CHECK_HAS(err, "4 initiatives, 7 project rows, 2 years");
    CHECK_HAS(err, "wrote ");
    free(err);
    size_t len;
    char *file = slurp(out, &len);
    Reply r = http_get(db, "/plans/1/sheet.csv");
    CHECK_INT(len, strlen(r.body));
    CHECK(memcmp(file, r.body, len) == 0);
    reply_free(&r);
    free(file);

    char *pdf[] = {"export", "--db", db_path, "--plan", "1", "--format", "pdf", "-o", "-", NULL};
    snprintf(out, sizeof(out), "%s", test_path("stdout.pdf"));
    CHECK_INT(run(pdf, out, &err), 0);
    free(err);
    file = slurp(out, &len);
    CHECK(len > 1000 && memcmp(file, "%PDF-", 5) == 0);
    free(file);

    /* Filters by name, years in any form. */
    snprintf(out, sizeof(out), "%s", test_path("bureau.csv"));
    char *bureau[] = {"export",   "--db",   db_path,   "--plan",     "1",  "--format", "csv",
                      "--bureau", "市民局", "--years", "令和元年度", "-o", out,        NULL};
    CHECK_INT(run(bureau, "/dev/null", &err), 0);
    free(err);
    file = slurp(out, &len);
    CHECK_HAS(file, "労働相談の実施");
    CHECK_HASNT(file, "学校支援地域本部事業");
    CHECK_HASNT(file, "令和2年度");
    free(file);
    char *examples[] = {"export", "--db",       db_path, "--plan", "1", "--format",
                        "csv",    "--examples", "-o",    out,      NULL};
    CHECK_INT(run(examples, "/dev/null", &err), 0);
    free(err);
    file = slurp(out, &len);
    CHECK_HAS(file, ",,記入例,");
    free(file);
}

static void test_export_command_refusals(void)
{
    char *err;
    char *nobureau[] = {"export",   "--db", db_path,    "--plan", "1",
                        "--format", "csv",  "--bureau", "宇宙局", NULL};
    CHECK_INT(run(nobureau, "/dev/null", &err), 2);
    CHECK_HAS(err, "no project of this plan is in bureau '宇宙局'");
    free(err);
    char *noplan[] = {"export", "--db", db_path, "--plan", "99", "--format", "csv", NULL};
    CHECK_INT(run(noplan, "/dev/null", &err), 1);
    CHECK_HAS(err, "there is no plan 99");
    free(err);
    char *badfmt[] = {"export", "--db", db_path, "--plan", "1", "--format", "doc", NULL};
    CHECK_INT(run(badfmt, "/dev/null", &err), 2);
    CHECK_HAS(err, "--format is xlsx, pdf, csv or html");
    free(err);
    char *badyear[] = {"export",   "--db", db_path,   "--plan", "1",
                       "--format", "csv",  "--years", "1999",   NULL};
    CHECK_INT(run(badyear, "/dev/null", &err), 2);
    CHECK_HAS(err, "--years is not valid for this plan");
    free(err);
    char *missing[] = {"export", "--db", db_path, NULL};
    CHECK_INT(run(missing, "/dev/null", &err), 2);
    CHECK_HAS(err, "--db, --plan and --format are required");
    free(err);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_download PATH-TO-shinchoku\n");
        return 2;
    }
    bin = argv[1];
    log_set_quiet(1);
    db = test_db("download.db", true);
    snprintf(db_path, sizeof(db_path), "%s", test_url("download.db"));
    TEST_RUN(test_page_links_to_each_format);
    TEST_RUN(test_each_format_over_http);
    TEST_RUN(test_refusals);
    TEST_RUN(test_busy_exports_answer_503);
    TEST_RUN(test_cp932_error_names_the_place);
    TEST_RUN(test_export_command_writes_the_same_bytes);
    TEST_RUN(test_export_command_refusals);
    db_close(db);
    test_cleanup();
    return TEST_DONE("download");
}
