/* The PDF export read back with poppler: the demo sheet on one A3 landscape
 * page with every answer, project and heading as text and the font embedded;
 * a plan of the seed repeated until it runs over many pages, with the header
 * rows and "k / N" on each and no row cut; and the hard cases of the page
 * plan (an initiative longer than a page, a row and a per-initiative text
 * taller than a page), where nothing may be lost or shown twice; the
 * summary's and the indicators' pages after the sheet, every page numbered
 * over the whole document, and a shared project marked 共通.
 * argv[2] is the source directory. The PDFs and a PNG of the demo's page
 * stay in artifacts/ (under the build directory, where ctest runs). */
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include "base/arena.h"
#include "base/log.h"
#include "export/export.h"
#include "model/plan_json.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"
#include "testtables.h"

static const char *source_dir;
static char seed_path[1024];

/* Runs a poppler tool on args and returns what it printed (free it). */
static char *poppler(char *const argv[])
{
    const char *out = test_path("poppler.txt");
    char path[512];
    snprintf(path, sizeof(path), "%s", out);
    int rc = test_spawn(argv, NULL, path, NULL);
    if (rc != 0)
        fprintf(stderr, "  %s exited %d\n", argv[0], rc);
    return test_slurp(path, NULL);
}

/* pdftotext of pages first..last (0: the whole document). In -raw mode,
 * because the default reading-order analysis joins the lines of two
 * neighbouring cells that share a baseline (4 pt apart) into one line; raw
 * keeps the order the writer draws in, cell by cell. */
static char *pdf_text(const char *pdf, int first, int last)
{
    char f[16], l[16];
    snprintf(f, sizeof(f), "%d", first);
    snprintf(l, sizeof(l), "%d", last);
    char *whole[] = {"pdftotext", "-raw", "-enc", "UTF-8", (char *)pdf, "-", NULL};
    char *pages[] = {"pdftotext", "-raw", "-enc",      "UTF-8", "-f", f,
                     "-l",        l,      (char *)pdf, "-",     NULL};
    return poppler(first ? pages : whole);
}

/* s without ASCII white space: pdftotext breaks lines where a cell wraps. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (!strchr(" \t\r\n\f\v", *s))
            *o++ = *s;
    *o = '\0';
    return out;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    size_t len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

/* Whether text has a line that is exactly line. */
static bool has_line(const char *text, const char *line)
{
    size_t len = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p += len) {
        bool starts = p == text || p[-1] == '\n' || p[-1] == '\f';
        bool ends = p[len] == '\n' || p[len] == '\f' || p[len] == '\0';
        if (starts && ends)
            return true;
    }
    return false;
}

/* The value of a "Name:   value" line of pdfinfo (free it), or NULL. */
static char *info_field(const char *info, const char *name)
{
    char key[64];
    snprintf(key, sizeof(key), "%s:", name);
    for (const char *p = info; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, strlen(key)) != 0)
            continue;
        p += strlen(key);
        p += strspn(p, " ");
        return strndup(p, strcspn(p, "\n"));
    }
    return NULL;
}

static int pdf_pages(const char *info)
{
    const char *p = strstr(info, "Pages:");
    return p ? atoi(p + 6) : 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Exports plan plan_id of db (default years) to artifacts/name; returns the
 * milliseconds export_pdf took, or -1. */
static double export_to(Db *db, int64_t plan_id, const char *name)
{
    Arena arena;
    arena_init(&arena);
    SheetQuery q = {0};
    Sheet sheet;
    const char *bad = NULL;
    Err e = sheet_load(db, &arena, plan_id, &q, &sheet, &bad);
    CHECK_INT(e, ERR_OK);
    double ms = -1;
    if (e == ERR_OK) {
        SheetLayout layout;
        ExportOptions o = {.era = ERA_JAPANESE, .lang = LANG_JA};
        sheet_layout(&sheet, &o, &arena, &layout);
        Buf out = BUF_INIT;
        char *err = NULL;
        double t0 = now_ms();
        e = export_pdf(&layout, &out, &err);
        ms = now_ms() - t0;
        CHECK_INT(e, ERR_OK);
        if (err)
            fprintf(stderr, "  export_pdf: %s\n", err);
        CHECK(out.len > 1000 && memcmp(out.data, "%PDF-", 5) == 0);
        char path[256];
        snprintf(path, sizeof(path), "artifacts/%s", name);
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL);
        if (f) {
            CHECK_INT(fwrite(out.data, 1, out.len, f), out.len);
            fclose(f);
        }
        buf_free(&out);
        free(err);
    }
    arena_free(&arena);
    return ms;
}

/* A new database holding the plan seed (JSON, consumed); returns its id. */
static Db *load_plan(const char *db_name, json_t *seed, int64_t *id)
{
    char *text = json_dumps(seed, 0);
    json_decref(seed);
    Db *db = cli_open_db(test_db_url(db_name), true, false);
    char *err = NULL;
    if (!db || plan_json_load(db, text, strlen(text), "test", id, &err) != ERR_OK) {
        fprintf(stderr, "cannot load %s: %s\n", db_name, err ? err : "no database");
        exit(2);
    }
    free(text);
    return db;
}

/* Every string the demo's sheet must show: the 2019 answers and project
 * names from the seed file itself, so that the test follows the data. */
static void seed_strings(json_t *seed, json_t *answers, json_t *names)
{
    json_t *in, *p, *v;
    size_t i, j;
    const char *key;
    json_array_foreach(json_object_get(seed, "initiatives"), i, in)
    {
        json_array_foreach(json_object_get(in, "projects"), j, p)
        {
            json_array_append(names, json_object_get(p, "name"));
            json_t *y = json_object_get(json_object_get(p, "answers"), "2019");
            json_object_foreach(y, key, v) json_array_append(answers, v);
        }
    }
}

static void test_demo(void)
{
    Db *db = test_db("demo.db", true);
    double ms = export_to(db, 1, "sheet.pdf");
    db_close(db);
    printf("pdf: demo sheet exported in %.1f ms\n", ms);
    fflush(stdout);

    char *info_argv[] = {"pdfinfo", "artifacts/sheet.pdf", NULL};
    char *info = poppler(info_argv);
    CHECK_HAS(info, "pts (A3)");
    double w = 0, h = 0;
    const char *size = strstr(info, "Page size:");
    if (size)
        sscanf(size, "Page size: %lf x %lf", &w, &h);
    CHECK(w > 1190 && w < 1191 && h > 841 && h < 842.5);
    CHECK_INT(pdf_pages(info), 1);
    char *title = info_field(info, "Title");
    CHECK_STR(title, "進捗管理シート（記入例） 仙台市自殺対策計画 平成31年度～令和5年度");
    free(title);
    free(info);

    char *raw = pdf_text("artifacts/sheet.pdf", 0, 0);
    char *text = squeeze(raw);
    json_t *seed = json_load_file(seed_path, 0, NULL);
    json_t *answers = json_array(), *names = json_array(), *v;
    seed_strings(seed, answers, names);
    CHECK_INT(json_array_size(answers), 16);
    CHECK_INT(json_array_size(names), 7);
    size_t i;
    json_array_foreach(answers, i, v)
    {
        char *want = squeeze(json_string_value(v));
        CHECK_HAS(text, want);
        free(want);
    }
    json_array_foreach(names, i, v) CHECK_HAS(text, json_string_value(v));
    json_decref(answers);
    json_decref(names);
    json_decref(seed);
    static const char *const fixed[] = {
        "進捗管理シート（記入例）",
        "仙台市自殺対策計画平成31年度～令和5年度",
        "第1回仙台市自殺対策連絡協議会",
        "資料２－１",
        "令和元年９月１１日",
        "計画（第5章）記載内容",
        "平成30年度照会時の回答（計画策定の際に確認した内容）",
        "左記の取組みに関連する事業・取組み",
        "計画期間の取組み状況の確認①令和2年度時点で把握",
        "計画期間の取組み状況の確認②令和3年度時点で把握",
        "令和元年度",
        "令和2年度",
        "事業名・取組名",
        "取組みの実施状況[年度当初確認]",
        "今後の取組みの方向性[年度末確認]",
    };
    for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
        CHECK_HAS(text, fixed[k]);
    /* The footer is numbers only. */
    CHECK(has_line(raw, "1 / 1"));
    free(text);
    free(raw);

    /* Every font embedded, and the Japanese one is a gothic we asked for. */
    char *fonts_argv[] = {"pdffonts", "artifacts/sheet.pdf", NULL};
    char *fonts = poppler(fonts_argv);
    int nfonts = 0, embedded = 0, japanese = 0;
    const char *line = strstr(fonts, "\n---");
    line = line ? strchr(line + 1, '\n') : NULL;
    while (line && line[1]) {
        line++;
        char name[256], *tok[16];
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char copy[512];
        snprintf(copy, sizeof(copy), "%.*s", (int)len, line);
        int n = 0;
        for (char *s = strtok(copy, " "); s && n < 16; s = strtok(NULL, " "))
            tok[n++] = s;
        if (n >= 6) {
            nfonts++;
            snprintf(name, sizeof(name), "%s", tok[0]);
            embedded += strcmp(tok[n - 5], "yes") == 0;
            japanese += strstr(name, "IPAexGothic") || strstr(name, "NotoSansCJK");
        }
        line = eol;
    }
    CHECK(nfonts >= 1);
    CHECK_INT(embedded, nfonts);
    CHECK(japanese >= 1);
    free(fonts);

    /* The first page as a person sees it, kept for review. */
    unlink("artifacts/sheet-page1.png");
    char *ppm[] = {"pdftoppm",
                   "-png",
                   "-r",
                   "60",
                   "-f",
                   "1",
                   "-l",
                   "1",
                   "-singlefile",
                   "artifacts/sheet.pdf",
                   "artifacts/sheet-page1",
                   NULL};
    CHECK_INT(test_spawn(ppm, NULL, NULL, NULL), 0);
    char *png = test_slurp("artifacts/sheet-page1.png", NULL);
    struct stat st;
    CHECK(stat("artifacts/sheet-page1.png", &st) == 0 && st.st_size > 10000);
    /* The PNG's IHDR: width and height, big-endian, at bytes 16 and 20. */
    if (st.st_size > 24) {
        const unsigned char *u = (const unsigned char *)png;
        long pw = (long)u[16] << 24 | u[17] << 16 | u[18] << 8 | u[19];
        long ph = (long)u[20] << 24 | u[21] << 16 | u[22] << 8 | u[23];
        CHECK(pw >= 990 && pw <= 994 && ph >= 700 && ph <= 703);
    }
    free(png);
}

/* The seed with its initiatives repeated n times under new numbers (the
 * idea of tests/http/test_print.c). */
static json_t *repeated_seed(int n)
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
    return seed;
}

enum { REPEAT = 15 };

static void test_big_plan(void)
{
    int64_t id;
    Db *db = load_plan("big.db", repeated_seed(REPEAT), &id);
    double ms = export_to(db, id, "sheet-big.pdf");
    db_close(db);
    printf("pdf: seed x %d (%d initiatives) exported in %.1f ms\n", REPEAT, 4 * REPEAT, ms);

    char *info_argv[] = {"pdfinfo", "artifacts/sheet-big.pdf", NULL};
    char *info = poppler(info_argv);
    int pages = pdf_pages(info);
    CHECK(pages >= 3);
    CHECK_HAS(info, "pts (A3)");
    free(info);
    printf("pdf: seed x %d is %d pages\n", REPEAT, pages);
    fflush(stdout);

    for (int k = 1; k <= pages; k++) {
        char *raw = pdf_text("artifacts/sheet-big.pdf", k, k);
        char *text = squeeze(raw);
        CHECK_HAS(text, "事業名・取組名");
        CHECK_HAS(text, "計画（第5章）記載内容");
        char foot[32];
        snprintf(foot, sizeof(foot), "%d / %d", k, pages);
        CHECK(has_line(raw, foot));
        /* The document header is the first page's only. */
        if (k > 1)
            CHECK_HASNT(text, "資料２－１");
        free(text);
        free(raw);
    }

    /* No row cut in two: each project's name appears as often as the cells
     * hold it (労働相談の実施 is also its initiative's title), once per
     * repetition. Cells are counted one by one, as the sheet holds them. */
    json_t *seed = json_load_file(seed_path, 0, NULL);
    char *raw = pdf_text("artifacts/sheet-big.pdf", 0, 0);
    char *text = squeeze(raw);
    json_t *in, *p;
    size_t i, j;
    json_array_foreach(json_object_get(seed, "initiatives"), i, in)
    {
        json_array_foreach(json_object_get(in, "projects"), j, p)
        {
            const char *name = json_string_value(json_object_get(p, "name"));
            int want = 0;
            json_t *in2, *p2;
            size_t i2, j2;
            json_array_foreach(json_object_get(seed, "initiatives"), i2, in2)
            {
                want += count(json_string_value(json_object_get(in2, "title")), name);
                json_array_foreach(json_object_get(in2, "projects"), j2, p2)
                {
                    want += count(json_string_value(json_object_get(p2, "name")), name);
                }
            }
            int got = count(text, name);
            if (got != want * REPEAT)
                fprintf(stderr, "  %s: %d times, want %d\n", name, got, want * REPEAT);
            CHECK_INT(got, want * REPEAT);
        }
    }
    free(text);
    free(raw);
    json_decref(seed);
}

/* "〔001〕\n〔002〕\n..." : one short line each, so that a cut between lines
 * keeps every marker whole, and each can be counted. */
static json_t *numbered_lines(const char *open, const char *close, int n)
{
    Buf b = BUF_INIT;
    for (int i = 1; i <= n; i++)
        buf_printf(&b, "%s%s%03d%s", i > 1 ? "\n" : "", open, i, close);
    json_t *s = json_string(b.data);
    buf_free(&b);
    return s;
}

enum { LONG_PROJECTS = 70, TALL_LINES = 160, CONTENT_LINES = 110 };

static void test_hard_cases(void)
{
    json_t *seed = json_load_file(seed_path, 0, NULL);
    json_t *inits = json_object_get(seed, "initiatives");
    /* Initiative 1 with many projects: longer than a page. */
    json_t *first = json_array_get(inits, 0);
    json_t *projects = json_object_get(first, "projects"), *many = json_array();
    for (int i = 1; i <= LONG_PROJECTS; i++) {
        json_t *copy = json_deep_copy(json_array_get(projects, (size_t)(i % 3)));
        char name[64];
        snprintf(name, sizeof(name), "長い取組みの事業%03d", i);
        json_object_set_new(copy, "name", json_string(name));
        json_array_append_new(many, copy);
    }
    json_object_set_new(first, "projects", many);
    /* Initiative 130: one answer of more lines than a page holds. */
    json_t *tall = json_array_get(json_object_get(json_array_get(inits, 2), "projects"), 0);
    json_object_set_new(json_object_get(json_object_get(tall, "answers"), "2019"), "implementation",
                        numbered_lines("〔", "〕", TALL_LINES));
    /* Initiative 210: its 内容 (per initiative) longer than a page. */
    json_object_set_new(json_array_get(inits, 3), "content",
                        numbered_lines("〈", "〉", CONTENT_LINES));
    int64_t id;
    Db *db = load_plan("hard.db", seed, &id);
    export_to(db, id, "sheet-hard.pdf");
    db_close(db);

    char *info_argv[] = {"pdfinfo", "artifacts/sheet-hard.pdf", NULL};
    char *info = poppler(info_argv);
    int pages = pdf_pages(info);
    free(info);
    CHECK(pages >= 6);

    const char *title1 = "児童、高齢者、障害者に向けた虐待相談窓口の周知";
    int title_pages = 0, project_pages = 0, tall_pages = 0, content_pages = 0;
    int tall_title = 0;
    char *all = malloc(1), marker[64];
    all[0] = '\0';
    for (int k = 1; k <= pages; k++) {
        char *raw = pdf_text("artifacts/sheet-hard.pdf", k, k);
        char *text = squeeze(raw);
        bool has_projects = strstr(text, "長い取組みの事業") != NULL;
        project_pages += has_projects;
        /* A split initiative shows its own cells on every page it reaches. */
        if (has_projects)
            CHECK_HAS(text, title1);
        title_pages += count(text, title1);
        if (strstr(text, "〔")) {
            tall_pages++;
            /* 労働相談の実施 is the title (repeated) and the project (once). */
            tall_title += count(text, "労働相談の実施");
        }
        content_pages += strstr(text, "〈") != NULL;
        size_t n = strlen(all), m = strlen(text);
        all = realloc(all, n + m + 1);
        memcpy(all + n, text, m + 1);
        free(text);
        free(raw);
    }
    CHECK(project_pages >= 2);
    CHECK_INT(title_pages, project_pages);
    for (int i = 1; i <= LONG_PROJECTS; i++) {
        snprintf(marker, sizeof(marker), "長い取組みの事業%03d", i);
        CHECK_INT(count(all, marker), 1);
    }
    /* The tall row and the long 内容 go on over pages, every line once. */
    CHECK(tall_pages >= 2);
    CHECK_INT(tall_title, tall_pages + 1);
    CHECK(content_pages >= 2);
    int lost = 0;
    for (int i = 1; i <= TALL_LINES; i++) {
        snprintf(marker, sizeof(marker), "〔%03d〕", i);
        lost += count(all, marker) != 1;
    }
    for (int i = 1; i <= CONTENT_LINES; i++) {
        snprintf(marker, sizeof(marker), "〈%03d〉", i);
        lost += count(all, marker) != 1;
    }
    CHECK_INT(lost, 0);
    free(all);
}

enum { INDICATORS = 7 }; /* six charts to a page: two pages */

static void test_tables_numbered_over_the_document(void)
{
    Db *db = test_db("tables.db", true);
    test_share_project(db, 1);
    Arena arena;
    arena_init(&arena);
    SheetQuery q = {0};
    Sheet sheet;
    const char *bad = NULL;
    CHECK_INT(sheet_load(db, &arena, 1, &q, &sheet, &bad), ERR_OK);
    SheetLayout l;
    sheet_layout(&sheet, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &arena, &l);
    Summary sum;
    IndicatorSet ind;
    test_summary(&sheet, &arena, &sum);
    test_indicators(&sheet, &arena, INDICATORS, &ind);
    l.summary = &sum;
    l.indicators = &ind;
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(export_pdf(&l, &out, &err), ERR_OK);
    FILE *f = fopen("artifacts/sheet-tables.pdf", "wb");
    if (f) {
        fwrite(out.data, 1, out.len, f);
        fclose(f);
    }
    free(err);
    buf_free(&out);
    arena_free(&arena);
    db_close(db);

    char *info_argv[] = {"pdfinfo", "artifacts/sheet-tables.pdf", NULL};
    char *info = poppler(info_argv);
    int pages = pdf_pages(info);
    free(info);
    CHECK_INT(pages, 4); /* the sheet, the summary, two of charts */
    static const char *const heading[] = {"事業名・取組名", "集計", "評価指標", "評価指標"};
    for (int k = 1; k <= pages && k <= 4; k++) {
        char *raw = pdf_text("artifacts/sheet-tables.pdf", k, k);
        char *text = squeeze(raw);
        char foot[32];
        snprintf(foot, sizeof(foot), "%d / %d", k, pages);
        if (!has_line(raw, foot))
            fprintf(stderr, "  page %d has no \"%s\"\n", k, foot);
        CHECK(has_line(raw, foot));
        CHECK_HAS(text, heading[k - 1]);
        if (k == 1)
            CHECK_HAS(text, "障害者に対する虐待相談窓口の周知【共通】");
        if (k == 2)
            CHECK_HAS(text, "令和元年度取組みの実施状況");
        if (k == 4)
            CHECK_HAS(text, "指標07");
        free(text);
        free(raw);
    }
}

/* Without the fonts, an error that names the fonts tried, and no PDF. Run
 * first, in a child process: fontconfig reads its configuration once per
 * process, here an empty one (no font directories). */
static void test_no_font(void)
{
    char conf[512];
    snprintf(conf, sizeof(conf), "%s", test_path("fonts.conf"));
    FILE *f = fopen(conf, "w");
    if (!f)
        return;
    fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", f);
    fclose(f);
    Db *db = test_db("nofont.db", true);
    Arena arena;
    arena_init(&arena);
    SheetQuery q = {0};
    Sheet sheet;
    const char *bad = NULL;
    CHECK_INT(sheet_load(db, &arena, 1, &q, &sheet, &bad), ERR_OK);
    SheetLayout layout;
    ExportOptions o = {.era = ERA_JAPANESE, .lang = LANG_JA};
    sheet_layout(&sheet, &o, &arena, &layout);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("FONTCONFIG_FILE", conf, 1);
        Buf out = BUF_INIT;
        char *err = NULL;
        Err e = export_pdf(&layout, &out, &err);
        int rc = e != ERR_IO                           ? 1
                 : !err || !strstr(err, "IPAexGothic") ? 2
                 : !strstr(err, "Noto Sans CJK JP")    ? 3
                 : out.len != 0                        ? 4
                                                       : 0;
        if (rc)
            fprintf(stderr, "  export_pdf without fonts: %d, \"%s\"\n", e, err ? err : "");
        /* _exit: the child's copy of the parent's memory is no leak. */
        _exit(rc);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK_INT(WEXITSTATUS(status), 0);
    arena_free(&arena);
    db_close(db);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_pdf PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    source_dir = argv[2];
    snprintf(seed_path, sizeof(seed_path), "%s/data/demo/sendai.json", source_dir);
    log_set_quiet(1);
    mkdir("artifacts", 0755);
    TEST_RUN(test_no_font);
    TEST_RUN(test_demo);
    TEST_RUN(test_big_plan);
    TEST_RUN(test_hard_cases);
    TEST_RUN(test_tables_numbered_over_the_document);
    test_cleanup();
    return TEST_DONE("pdf");
}
