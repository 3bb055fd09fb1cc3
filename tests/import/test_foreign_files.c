/* The importer on files that other programs wrote: exceljs writing the demo
 * sheet in the seed's layout (foreign_xlsx_write.mjs), and LibreOffice
 * turning our CSV export into an XLSX file and into a CP932 CSV file, as a
 * city would after opening it in a spreadsheet. Each must import into the
 * same counts as our own export. LibreOffice and node are installed by
 * scripts/install-deps: missing, the test fails rather than skip.
 * argv[2] is the source directory. */
#include "base/log.h"
#include "export/export.h"
#include "import/csv_read.h"
#include "import/sheet_import.h"
#include "import/xlsx_read.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

/* Seconds LibreOffice may take for one conversion before it is killed. */
#define SOFFICE_TIMEOUT "180"

static const char *source_dir;
static char own_xlsx[512], own_csv[512]; /* our exports of the demo plan */

typedef struct Counts {
    int ndirections, ninitiatives, nprojects, nanswers;
} Counts;

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len)
        fprintf(stderr, "cannot write %s\n", path);
    if (f)
        fclose(f);
}

/* The demo plan exported as XLSX or as CSV (UTF-8 with a BOM) into path. */
static void export_demo(Db *db, bool xlsx, const char *path)
{
    Arena a;
    arena_init(&a);
    Sheet s;
    SheetQuery q = {0};
    const char *bad = NULL;
    char *err = NULL;
    Buf out = BUF_INIT;
    Err e = sheet_load(db, &a, 1, &q, &s, &bad);
    if (e == ERR_OK) {
        SheetLayout l;
        sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &a, &l);
        CsvOptions o = {CSV_UTF8_BOM, NULL};
        e = xlsx ? export_xlsx(&l, &out, &err) : export_csv(&l, &o, &out, &err);
    }
    if (e != ERR_OK)
        fprintf(stderr, "export: %s\n", err ? err : "failed");
    write_file(path, out.data, out.len);
    free(err);
    buf_free(&out);
    arena_free(&a);
}

/* Imports the file at path (without writing anything): its counts, and its
 * plan JSON in *json if asked (malloc'd). False, with the problems counted
 * on stderr, when refused. */
static bool import_counts(const char *path, Counts *c, char **json)
{
    size_t len;
    char *data = test_slurp(path, &len);
    ImportResult r;
    memset(&r, 0, sizeof(r));
    Err e =
        sheet_import_build(path, data, len, &(ImportOptions){.title = "仙台市自殺対策計画"}, &r);
    if (e != ERR_OK)
        fprintf(stderr, "  %s: refused with %d problems\n", path, r.nproblems);
    *c = (Counts){r.ndirections, r.ninitiatives, r.nprojects, r.nanswers};
    if (json)
        *json = e == ERR_OK && r.json ? strdup(r.json) : NULL;
    import_result_free(&r);
    free(data);
    return e == ERR_OK && len > 0;
}

static void check_same_counts(const Counts *got, const Counts *want)
{
    CHECK_INT(got->ndirections, want->ndirections);
    CHECK_INT(got->ninitiatives, want->ninitiatives);
    CHECK_INT(got->nprojects, want->nprojects);
    CHECK_INT(got->nanswers, want->nanswers);
}

/* The cells of the first sheets of two XLSX files, from row first_row on,
 * must be the same, and so must the number of merged ranges there. */
static void check_same_cells(const char *a_path, const char *b_path, int first_row)
{
    size_t alen, blen;
    char *a = test_slurp(a_path, &alen), *b = test_slurp(b_path, &blen);
    Arena arena;
    arena_init(&arena);
    Table ta, tb;
    char *err = NULL;
    CHECK_INT(xlsx_read(a, alen, &arena, &ta, &err), ERR_OK);
    free(err);
    err = NULL;
    CHECK_INT(xlsx_read(b, blen, &arena, &tb, &err), ERR_OK);
    free(err);
    if (ta.nsheets >= 1 && tb.nsheets >= 1) {
        const TableSheet *sa = &ta.sheets[0], *sb = &tb.sheets[0];
        CHECK_INT(sb->nrows, sa->nrows);
        int compared = 0, wrong = 0;
        int ncols = sa->ncols > sb->ncols ? sa->ncols : sb->ncols;
        for (int r = first_row; r <= sa->nrows; r++)
            for (int c = 1; c <= ncols; c++) {
                const char *x = table_cell(sa, r, c), *y = table_cell(sb, r, c);
                if (!x && !y)
                    continue;
                compared++;
                if ((!x || !y || strcmp(x, y) != 0) && wrong++ < 10) {
                    char name[8];
                    table_col_name(c, name);
                    fprintf(stderr, "  %s%d: '%s' in ours, '%s' in theirs\n", name, r,
                            x ? x : "(none)", y ? y : "(none)");
                }
            }
        CHECK_INT(wrong, 0);
        CHECK(compared > 50);
        int ma = 0, mb = 0;
        for (int i = 0; i < sa->nmerges; i++)
            ma += sa->merges[i].row1 >= first_row;
        for (int i = 0; i < sb->nmerges; i++)
            mb += sb->merges[i].row1 >= first_row;
        CHECK_INT(mb, ma);
    }
    arena_free(&arena);
    free(a);
    free(b);
}

/* exceljs writes the sheet from the seed: it imports into the same counts,
 * and shows the same cells, as our own export. */
static void test_exceljs(void)
{
    char script[1024], seed[1024], out[512], log[512];
    snprintf(script, sizeof(script), "%s/tests/import/foreign_xlsx_write.mjs", source_dir);
    snprintf(seed, sizeof(seed), "%s/data/demo/sendai.json", source_dir);
    snprintf(out, sizeof(out), "%s", test_path("exceljs.xlsx"));
    snprintf(log, sizeof(log), "%s", test_path("node.log"));
    char *node[] = {"node", script, seed, out, NULL};
    int rc = test_spawn(node, NULL, log, log);
    if (rc != 0) {
        char *text = test_slurp(log, NULL);
        fprintf(stderr, "  node %s failed (%d): %s\n  (npm ci in the source directory?)\n", script,
                rc, text);
        free(text);
    }
    CHECK_INT(rc, 0);
    Counts ours, theirs;
    CHECK(import_counts(own_xlsx, &ours, NULL));
    CHECK(import_counts(out, &theirs, NULL));
    CHECK_INT(ours.nprojects, 7);
    check_same_counts(&theirs, &ours);
    printf("  exceljs: %d directions, %d initiatives, %d projects, %d answers\n",
           theirs.ndirections, theirs.ninitiatives, theirs.nprojects, theirs.nanswers);
    /* The title block differs (the plan's period label is ours alone). */
    check_same_cells(own_xlsx, out, 5);
}

/* Converts input (our CSV export, or an XLSX) with LibreOffice to the filter
 * given, into outdir;
 * a private profile, so that runs side by side do not share one, and a
 * timeout, so that a hung LibreOffice fails the test instead of holding
 * it. The converted file's path goes to out. */
static int soffice_convert(const char *input, const char *filter, const char *outdir,
                           const char *ext, char *out, size_t outsz)
{
    bool csv = strstr(input, ".csv") != NULL;
    char profile[600], log[512];
    snprintf(profile, sizeof(profile), "-env:UserInstallation=file://%s", test_path("lo-profile"));
    snprintf(log, sizeof(log), "%s", test_path("soffice.log"));
    char *argv[] = {"timeout", "-k", "10", SOFFICE_TIMEOUT, "soffice", "--headless", "--norestore",
                    profile,
                    /* comma, quote, UTF-8, from line 1 (ignored for an XLSX) */
                    csv ? "--infilter=CSV:44,34,76,1" : "--norestore", "--convert-to",
                    (char *)filter, "--outdir", (char *)outdir, (char *)input, NULL};
    int rc = test_spawn(argv, NULL, log, log);
    if (rc != 0) {
        char *text = test_slurp(log, NULL);
        fprintf(stderr, "  soffice --convert-to %s failed (%d%s): %s\n", filter, rc,
                rc == 124   ? ", timed out"
                : rc == 127 ? ", not installed: scripts/install-deps"
                            : "",
                text);
        free(text);
    }
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    snprintf(out, outsz, "%s/%.*s.%s", outdir, (int)(strrchr(base, '.') - base), base, ext);
    return rc;
}

static void test_libreoffice_xlsx(void)
{
    char dir[512], out[600];
    snprintf(dir, sizeof(dir), "%s", test_path("lo-xlsx"));
    CHECK_INT(soffice_convert(own_csv, "xlsx", dir, "xlsx", out, sizeof(out)), 0);
    Counts ours, theirs;
    char *our_json = NULL, *their_json = NULL;
    CHECK(import_counts(own_csv, &ours, &our_json));
    CHECK(import_counts(out, &theirs, &their_json));
    CHECK_INT(ours.nprojects, 7);
    check_same_counts(&theirs, &ours);
    printf("  LibreOffice XLSX: %d directions, %d initiatives, %d projects, %d answers\n",
           theirs.ndirections, theirs.ninitiatives, theirs.nprojects, theirs.nanswers);
    /* The same plan, to the letter. */
    CHECK(our_json && their_json && strcmp(our_json, their_json) == 0);
    free(our_json);
    free(their_json);
}

static void test_libreoffice_cp932(void)
{
    char dir[512], out[600];
    snprintf(dir, sizeof(dir), "%s", test_path("lo-csv"));
    /* 64 is LibreOffice's number for Shift_JIS, which it writes as CP932
     * (with NEC's ①); the name "SJIS" is not understood and gives UTF-8. */
    CHECK_INT(soffice_convert(own_csv, "csv:Text - txt - csv (StarCalc):44,34,64", dir, "csv", out,
                              sizeof(out)),
              0);
    /* Really CP932: not UTF-8, and read as CP932 when guessed. */
    size_t len;
    char *data = test_slurp(out, &len);
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    CsvReadEncoding used = CSV_ENC_AUTO;
    CHECK_INT(csv_read(data, len, CSV_ENC_AUTO, &arena, &t, &used, &err), ERR_OK);
    CHECK_INT(used, CSV_ENC_CP932);
    free(err);
    err = NULL;
    CHECK_INT(csv_read(data, len, CSV_ENC_UTF8, &arena, &t, NULL, &err), ERR_INVALID);
    free(err);
    arena_free(&arena);
    free(data);
    Counts ours, theirs;
    char *our_json = NULL, *their_json = NULL;
    CHECK(import_counts(own_csv, &ours, &our_json));
    CHECK(import_counts(out, &theirs, &their_json));
    check_same_counts(&theirs, &ours);
    printf("  LibreOffice CP932 CSV: %d directions, %d initiatives, %d projects, %d answers\n",
           theirs.ndirections, theirs.ninitiatives, theirs.nprojects, theirs.nanswers);
    CHECK(our_json && their_json && strcmp(our_json, their_json) == 0);
    free(our_json);
    free(their_json);
}

/* The plan's JSON from the file at path with the mapping given as JSON (or
 * NULL: suggested), malloc'd; NULL when refused (the problems on stderr). */
static char *import_mapped(const char *path, const char *mapping, ImportResult *r)
{
    size_t len;
    char *data = test_slurp(path, &len);
    import_result_init(r);
    Table t;
    ImportMapping m;
    Err e = sheet_import_read(path, data, len, &t, r);
    if (e == ERR_OK)
        e = mapping ? import_mapping_from_json(mapping, &t, &m, r)
                    : (import_mapping_suggest(&t, &m, r) ? ERR_OK : ERR_INVALID);
    if (e == ERR_OK)
        e = sheet_import_build_with(&t, &m, &(ImportOptions){.title = "一覧から"}, r);
    for (int i = 0; e != ERR_OK && i < r->nproblems && i < 3; i++) {
        char *text = import_problem_text(&r->problems[i], LANG_EN);
        fprintf(stderr, "  %s: %s\n", path, text);
        free(text);
    }
    free(data);
    return e == ERR_OK ? strdup(r->json) : NULL;
}

/* A city's own plain list (exceljs), then the same list as LibreOffice
 * saves it in CP932: the headings are suggested, the mapping adds what they
 * cannot say (the answers' year, which field is asked at the year's end, a
 * column to leave out), and both files give the same plan, with every
 * answer the seed has. */
static void test_plain_layout(void)
{
    char script[1024], seed[1024], out[512], log[512];
    snprintf(script, sizeof(script), "%s/tests/import/plain_xlsx_write.mjs", source_dir);
    snprintf(seed, sizeof(seed), "%s/data/demo/sendai.json", source_dir);
    snprintf(out, sizeof(out), "%s", test_path("plain.xlsx"));
    snprintf(log, sizeof(log), "%s", test_path("node.log"));
    char *node[] = {"node", script, seed, out, NULL};
    CHECK_INT(test_spawn(node, NULL, log, log), 0);

    /* As suggested: every column understood but the year of the answers. */
    ImportResult r;
    char *json = import_mapped(out, NULL, &r);
    CHECK(json == NULL);
    CHECK_INT(r.nproblems, 5); /* four fields and 備考, all without a year */
    if (r.nproblems) {
        char *text = import_problem_text(&r.problems[0], LANG_JA);
        CHECK_STR(text,
                  "事業一覧!G1: 列「取組みの実施状況」の年度がわかりません。年度の列を対応づけ"
                  "るか、この列に年度を指定してください。");
        free(text);
    }
    import_result_free(&r);

    static const char mapping[] =
        "{\"sheet\": \"事業一覧\", \"header_row\": 1, \"columns\": ["
        "{\"column\": \"A\", \"role\": \"direction\"}, {\"column\": \"B\", \"role\": \"number\"},"
        "{\"column\": \"C\", \"role\": \"title\"}, {\"column\": \"D\", \"role\": \"bureau\"},"
        "{\"column\": \"E\", \"role\": \"section\"}, {\"column\": \"F\", \"role\": \"project\"},"
        "{\"column\": \"G\", \"role\": \"field\", \"fiscal_year\": 2019},"
        "{\"column\": \"H\", \"role\": \"field\", \"fiscal_year\": 2019},"
        "{\"column\": \"I\", \"role\": \"field\", \"fiscal_year\": 2019},"
        "{\"column\": \"J\", \"role\": \"field\", \"fiscal_year\": 2019, \"at_end\": true},"
        "{\"column\": \"K\", \"role\": \"ignore\"}]}";
    char *from_xlsx = import_mapped(out, mapping, &r);
    CHECK(from_xlsx != NULL);
    Counts ours;
    CHECK(import_counts(own_csv, &ours, NULL));
    CHECK_INT(r.ndirections, ours.ndirections);
    CHECK_INT(r.ninitiatives, ours.ninitiatives);
    CHECK_INT(r.nprojects, ours.nprojects);
    CHECK_INT(r.nanswers, ours.nanswers);
    CHECK(from_xlsx && strstr(from_xlsx, "\"checkpoint\":\"年度末確認\""));
    CHECK(from_xlsx && !strstr(from_xlsx, "庁内限り"));
    import_result_free(&r);

    char dir[512], csv[600];
    snprintf(dir, sizeof(dir), "%s", test_path("lo-plain"));
    CHECK_INT(soffice_convert(out, "csv:Text - txt - csv (StarCalc):44,34,64", dir, "csv", csv,
                              sizeof(csv)),
              0);
    char *from_csv = import_mapped(csv, mapping, &r);
    CHECK(from_csv != NULL);
    CHECK(from_xlsx && from_csv && strcmp(from_xlsx, from_csv) == 0);
    printf("  plain list: %d initiatives, %d projects, %d answers, from XLSX and CP932 CSV\n",
           r.ninitiatives, r.nprojects, r.nanswers);
    import_result_free(&r);
    free(from_xlsx);
    free(from_csv);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_foreign_files PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    source_dir = argv[2];
    log_set_quiet(1);
    Db *db = test_db("demo.db", true);
    snprintf(own_xlsx, sizeof(own_xlsx), "%s", test_path("demo.xlsx"));
    snprintf(own_csv, sizeof(own_csv), "%s", test_path("demo.csv"));
    export_demo(db, true, own_xlsx);
    export_demo(db, false, own_csv);
    db_close(db);
    TEST_RUN(test_exceljs);
    TEST_RUN(test_libreoffice_xlsx);
    TEST_RUN(test_libreoffice_cp932);
    TEST_RUN(test_plain_layout);
    test_cleanup();
    return TEST_DONE("foreign_files");
}
