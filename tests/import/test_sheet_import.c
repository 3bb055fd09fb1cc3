/* shinchoku import: the demo sheet exported as CSV and XLSX, imported into a
 * fresh database (through the module and through the binary), exported again
 * and compared cell by cell; a project shared with another plan, marked 共通
 * in our files, imported back as itself in either language; and the
 * refusals, which write nothing. */
#include "base/log.h"
#include "export/export.h"
#include "import/csv_read.h"
#include "import/sheet_import.h"
#include "import/xlsx_read.h"
#include "model/generate.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"
#include "../export/testtables.h"

static const char *binary;
static int years[SHEET_MAX_YEARS], nyears; /* the first export's years */

/* Exports plan_id (the default years when want_years is false, else the
 * first export's years) as CSV or XLSX. */
static Err export_of(Db *db, int64_t plan_id, bool want_years, bool xlsx, Buf *out)
{
    Arena a;
    arena_init(&a);
    Sheet s;
    SheetQuery q = {0};
    if (want_years) {
        memcpy(q.years, years, sizeof(years));
        q.nyears = nyears;
    }
    const char *bad = NULL;
    char *err = NULL;
    Err e = sheet_load(db, &a, plan_id, &q, &s, &bad);
    if (e == ERR_OK) {
        if (!want_years) {
            memcpy(years, s.years, sizeof(years));
            nyears = s.nyears;
        }
        SheetLayout l;
        sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &a, &l);
        CsvOptions o = {CSV_UTF8_BOM, NULL};
        e = xlsx ? export_xlsx(&l, out, &err) : export_csv(&l, &o, out, &err);
    }
    if (err)
        fprintf(stderr, "export: %s\n", err);
    free(err);
    arena_free(&a);
    return e;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len)
        fprintf(stderr, "cannot write %s\n", path);
    if (f)
        fclose(f);
}

static int count_plans(Db *db)
{
    DbStmt *st = db_prepare(db, "SELECT count(*) FROM plan", 1);
    int n = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

/* Cells of the first sheet from row first_row on must be equal. */
static void check_same_cells(const Buf *a, const Buf *b, bool xlsx, int first_row)
{
    Arena arena;
    arena_init(&arena);
    Table ta, tb;
    char *err = NULL;
    Err ea = xlsx ? xlsx_read(a->data, a->len, &arena, &ta, &err)
                  : csv_read(a->data, a->len, CSV_ENC_AUTO, &arena, &ta, NULL, &err);
    Err eb = xlsx ? xlsx_read(b->data, b->len, &arena, &tb, &err)
                  : csv_read(b->data, b->len, CSV_ENC_AUTO, &arena, &tb, NULL, &err);
    CHECK_INT(ea, ERR_OK);
    CHECK_INT(eb, ERR_OK);
    free(err);
    if (ea != ERR_OK || eb != ERR_OK) {
        arena_free(&arena);
        return;
    }
    const TableSheet *sa = &ta.sheets[0], *sb = &tb.sheets[0];
    CHECK_INT(sb->nrows, sa->nrows);
    CHECK_INT(sb->ncols, sa->ncols);
    int compared = 0;
    for (int r = first_row; r <= sa->nrows; r++)
        for (int c = 1; c <= sa->ncols; c++) {
            const char *x = table_cell(sa, r, c), *y = table_cell(sb, r, c);
            if (!x && !y)
                continue;
            compared++;
            char name[8];
            table_col_name(c, name);
            if (!x || !y || strcmp(x, y) != 0) {
                fprintf(stderr, "  %s%d: '%s' became '%s'\n", name, r, x ? x : "(none)",
                        y ? y : "(none)");
                CHECK(false);
            }
        }
    CHECK(compared > 50);
    if (xlsx) { /* the same merged ranges below the title block */
        int ma = 0, mb = 0;
        for (int i = 0; i < sa->nmerges; i++)
            ma += sa->merges[i].row1 >= first_row;
        for (int i = 0; i < sb->nmerges; i++)
            mb += sb->merges[i].row1 >= first_row;
        CHECK_INT(mb, ma);
    }
    arena_free(&arena);
}

/* Problem i of r as text in lang (a static buffer). */
static const char *problem_at(const ImportResult *r, int i, Lang lang)
{
    static char out[1024];
    char *t = import_problem_text(&r->problems[i], lang);
    snprintf(out, sizeof(out), "%s", t);
    free(t);
    return out;
}

static void round_trip(bool xlsx)
{
    Db *demo = test_db("x.db", true);
    Buf first = BUF_INIT, second = BUF_INIT;
    CHECK_INT(export_of(demo, 1, false, xlsx, &first), ERR_OK);
    db_close(demo);
    const char *name = xlsx ? "sheet.xlsx" : "sheet.csv";
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path(name));
    write_file(path, first.data, first.len);

    Db *db = test_db(xlsx ? "xlsx.db" : "csv.db", false);
    ImportResult r;
    int64_t plan_id = 0;
    ImportOptions o = {.title = "仙台市自殺対策計画"};
    PlanLoadCounts c;
    Err e = sheet_import_file(db, path, NULL, &o, false, &r, &c, &plan_id);
    for (int i = 0; i < r.nproblems; i++)
        fprintf(stderr, "  problem: %s\n", problem_at(&r, i, LANG_EN));
    CHECK_INT(c.created[PL_DIRECTIONS], 4);
    CHECK_INT(c.created[PL_PROJECTS], 7);
    CHECK_INT(c.created[PL_ANSWERS], r.nanswers);
    CHECK_INT(c.updated[PL_ANSWERS], 0);
    CHECK_INT(e, ERR_OK);
    CHECK_INT(r.ndirections, 4);
    CHECK_INT(r.nprojects, 7);
    CHECK(r.nanswers > 0);
    CHECK(plan_id > 0);
    import_result_free(&r);
    if (e == ERR_OK) {
        CHECK_INT(export_of(db, plan_id, true, xlsx, &second), ERR_OK);
        /* Every cell, the XLSX's title block (document, meeting, material,
         * date, period) included. */
        check_same_cells(&first, &second, xlsx, 1);
    }
    db_close(db);
    buf_free(&first);
    buf_free(&second);
}

static void test_csv_round_trip(void)
{
    round_trip(false);
}

static void test_xlsx_round_trip(void)
{
    round_trip(true);
}

/* Through the binary: --dry-run prints the counts and writes nothing, then the
 * real import prints the plan's id. */
static void test_binary(void)
{
    Db *db = test_db("bin.db", false);
    db_close(db);
    char dbp[512], out[512], err[512];
    snprintf(dbp, sizeof(dbp), "%s", test_url("bin.db"));
    snprintf(out, sizeof(out), "%s", test_path("out.txt"));
    snprintf(err, sizeof(err), "%s", test_path("err.txt"));
    const char *files[] = {"sheet.csv", "sheet.xlsx"};
    long last_id = 0;
    for (int i = 0; i < 2; i++) {
        char file[512];
        snprintf(file, sizeof(file), "%s", test_path(files[i]));
        char *dry[] = {(char *)binary, "import", "--db",      dbp, "--new-plan",
                       "取り込み",     file,     "--dry-run", NULL};
        CHECK_INT(test_spawn(dry, NULL, out, err), 0);
        char *text = test_slurp(out, NULL);
        CHECK_HAS(text, "4 directions, ");
        CHECK_HAS(text, "7 projects");
        CHECK_HAS(text, "nothing written");
        free(text);
        db = cli_open_db(dbp, false, false);
        CHECK_INT(count_plans(db), i);
        db_close(db);
        char *real[] = {(char *)binary, "import",   "--db", dbp,
                        "--new-plan",   "取り込み", file,   NULL};
        CHECK_INT(test_spawn(real, NULL, out, err), 0);
        text = test_slurp(out, NULL);
        /* The new plan's id: on PostgreSQL the dry run's rolled-back insert
         * has used one, so it is read rather than assumed. */
        const char *created = text ? strstr(text, "created plan ") : NULL;
        CHECK(created != NULL);
        long id = created ? strtol(created + strlen("created plan "), NULL, 10) : 0;
        CHECK(id > last_id);
        last_id = id;
        free(text);
        db = cli_open_db(dbp, false, false);
        CHECK_INT(count_plans(db), i + 1);
        db_close(db);
    }
    /* The suggested mapping of a workbook, as JSON to edit. */
    char book[512];
    snprintf(book, sizeof(book), "%s", test_path("sheet.xlsx"));
    char *show[] = {(char *)binary, "import", "--show-map", book, NULL};
    CHECK_INT(test_spawn(show, NULL, out, err), 0);
    char *shown = test_slurp(out, NULL);
    CHECK_HAS(shown, "\"role\": \"section\"");
    CHECK_HAS(shown, "\"fiscal_year\": 2019");
    free(shown);
    char *usage[] = {(char *)binary, "import", "--db", dbp, NULL};
    CHECK_INT(test_spawn(usage, NULL, out, err), 2);
    char file[512];
    snprintf(file, sizeof(file), "%s", test_path("sheet.txt"));
    write_file(file, "a,b\r\n", 5);
    char *bad[] = {(char *)binary, "import", "--db", dbp, "--new-plan", "x", file, NULL};
    CHECK_INT(test_spawn(bad, NULL, out, err), 1);
    char *text = test_slurp(err, NULL);
    CHECK_HAS(text, "neither .xlsx nor .csv");
    free(text);
}

static Err import_text(Db *db, const char *name, const char *csv, ImportResult *r)
{
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path(name));
    write_file(path, csv, strlen(csv));
    int64_t id = 0;
    return sheet_import_file(db, path, NULL, &(ImportOptions){.title = "x"}, false, r, NULL, &id);
}

static void test_no_header_refused(void)
{
    Db *db = test_db("refuse.db", false);
    ImportResult r;
    CHECK_INT(import_text(db, "plain.csv", "名前,値\r\nあ,1\r\n", &r), ERR_INVALID);
    CHECK_INT(r.nproblems, 1);
    if (r.nproblems) {
        CHECK_HAS(problem_at(&r, 0, LANG_EN), "No header row found");
        CHECK_HAS(problem_at(&r, 0, LANG_JA), "見出しの行が見つかりません");
        CHECK_HAS(problem_at(&r, 0, LANG_JA), "「事業名・取組名」と「課」");
    }
    CHECK(r.json == NULL);
    import_result_free(&r);
    CHECK_INT(count_plans(db), 0);
    db_close(db);
}

static const char head[] =
    "方向性,番号,取組み,内容,局区等,局区,課,事業名・取組名,事業概要,年度,実施状況\r\n";

static void test_bad_year_refused(void)
{
    Db *db = test_db("year.db", false);
    ImportResult r;
    Buf csv = BUF_INIT;
    buf_printf(&csv, "%s%s%s", head,
               "方向性1,1,取組,内容,健康福祉局,健康福祉局,課A,事業A,概要,令和元年度,済\r\n",
               "方向性1,1,取組,内容,健康福祉局,健康福祉局,課A,事業A,概要,来年度,未\r\n");
    CHECK_INT(import_text(db, "year.csv", csv.data, &r), ERR_INVALID);
    CHECK_INT(r.nproblems, 1);
    if (r.nproblems) {
        CHECK_STR(problem_at(&r, 0, LANG_EN), "year.csv!J3: cannot read the fiscal year '来年度'");
        CHECK_STR(problem_at(&r, 0, LANG_JA), "year.csv!J3: 年度「来年度」を読み取れません。");
    }
    import_result_free(&r);
    CHECK_INT(count_plans(db), 0);
    buf_free(&csv);

    /* An initiative row without a number. */
    buf_printf(&csv, "%s%s", head,
               "方向性1,,取組,内容,健康福祉局,健康福祉局,課A,事業A,概要,2019,済\r\n");
    CHECK_INT(import_text(db, "nonum.csv", csv.data, &r), ERR_INVALID);
    CHECK(r.nproblems >= 1);
    if (r.nproblems)
        CHECK_STR(problem_at(&r, 0, LANG_EN), "nonum.csv!B2: an initiative row without a number");
    import_result_free(&r);
    CHECK_INT(count_plans(db), 0);
    buf_free(&csv);

    /* The same rows, right, are accepted: a project's years fill one project. */
    buf_printf(&csv, "%s%s%s", head,
               "方向性1,1,取組,内容,健康福祉局,健康福祉局,課A,事業A,概要,令和元年度,済\r\n",
               "方向性1,1,取組,内容,健康福祉局,健康福祉局,課A,事業A,概要,令和2年度,未\r\n");
    CHECK_INT(import_text(db, "good.csv", csv.data, &r), ERR_OK);
    CHECK_INT(r.ninitiatives, 1);
    CHECK_INT(r.nprojects, 1);
    CHECK_INT(r.nanswers, 2);
    import_result_free(&r);
    CHECK_INT(count_plans(db), 1);
    buf_free(&csv);
    db_close(db);
}

/* Rows of the demo plan's first initiative, in a city's own plain layout: one
 * row per project, the answers' year given by the mapping, not the file. */
static const char plain[] =
    "方向性,番号,担当課,局,事業名,取組みの実施状況,課題\r\n"
    "方向性1,1,障害企画課,健康福祉局,障害者に対する虐待相談窓口の周知,窓口を周知した,"
    "周知の継続\r\n"
    "方向性1,1,障害企画課,健康福祉局,新しい見守り事業,見守りを始めた,\r\n";

static void test_merge_into_a_plan(void)
{
    Db *db = test_db("merge.db", true);
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path("plain.csv"));
    write_file(path, plain, strlen(plain));
    ImportResult r;
    PlanLoadCounts c;
    int64_t id = 0;
    ImportOptions o = {.into_plan = 1};

    /* The suggestion: the columns are found, but the answers have no year. */
    CHECK_INT(sheet_import_file(db, path, NULL, &o, true, &r, &c, &id), ERR_INVALID);
    CHECK_INT(r.nproblems, 2);
    if (r.nproblems)
        CHECK_STR(problem_at(&r, 0, LANG_JA),
                  "plain.csv!F1: 列「取組みの実施状況」の年度がわかりません。年度の列を対応づけ"
                  "るか、この列に年度を指定してください。");
    import_result_free(&r);

    /* The mapping, edited as a person would: both answer columns are of
     * 2019, and 課題 is the plan's field of that name. */
    Table t;
    ImportMapping m;
    import_result_init(&r);
    CHECK_INT(sheet_import_read(path, plain, strlen(plain), &t, &r), ERR_OK);
    CHECK(import_mapping_suggest(&t, &m, &r));
    CHECK_INT(m.header_row, 1);
    CHECK_INT(m.ncols, 7);
    static const ImportRole want[] = {IMP_DIRECTION, IMP_NUMBER, IMP_SECTION, IMP_BUREAU,
                                      IMP_PROJECT,   IMP_FIELD,  IMP_FIELD};
    for (int i = 0; i < m.ncols && i < 7; i++)
        CHECK_INT(m.cols[i].role, want[i]);
    m.cols[5].fiscal_year = m.cols[6].fiscal_year = 2019;
    char *json = import_mapping_to_json(&t, &m);
    CHECK_HAS(json, "\"role\": \"section\"");
    import_result_free(&r);

    /* A dry run counts; nothing is written. */
    CHECK_INT(sheet_import_file(db, path, json, &o, true, &r, &c, &id), ERR_OK);
    CHECK_INT(c.unchanged[PL_DIRECTIONS], 1);
    CHECK_INT(c.unchanged[PL_INITIATIVES], 1);
    CHECK_INT(c.unchanged[PL_PROJECTS], 1);
    CHECK_INT(c.created[PL_PROJECTS], 1);
    CHECK_INT(c.created[PL_ANSWERS], 1); /* the new project's */
    CHECK_INT(c.updated[PL_ANSWERS], 2); /* two texts of the known one */
    import_result_free(&r);
    DbStmt *st = db_prepare_literal(db, "SELECT COUNT(*) FROM project", 1);
    CHECK(db_step(st) == DB_ROW);
    int projects = (int)db_col_int64(st, 0);
    db_done(st);

    /* For real: the changed answer is a new version, saved by the import. */
    CHECK_INT(sheet_import_file(db, path, json, &o, false, &r, &c, &id), ERR_OK);
    import_result_free(&r);
    st = db_prepare_literal(db, "SELECT COUNT(*) FROM project", 1);
    CHECK(db_step(st) == DB_ROW);
    CHECK_INT(db_col_int64(st, 0), projects + 1);
    db_done(st);
    st = db_prepare_literal(db,
                            "SELECT v.text_value, r.version, r.updated_by FROM response_value v"
                            " JOIN response r ON r.id = v.response_id JOIN project p"
                            " ON p.id = r.project_id JOIN field_def f ON f.id = v.field_id"
                            " JOIN round o ON o.id = r.round_id WHERE p.name ="
                            " '障害者に対する虐待相談窓口の周知' AND f.label = '取組みの実施状況'"
                            " AND o.fiscal_year = 2019",
                            3);
    CHECK(db_step(st) == DB_ROW);
    CHECK_STR(db_col_text(st, 0), "窓口を周知した");
    CHECK(db_col_int64(st, 1) >= 2);
    CHECK_STR(db_col_text(st, 2), "import");
    db_done(st);

    /* Again: everything is as the file says. */
    CHECK_INT(sheet_import_file(db, path, json, &o, true, &r, &c, &id), ERR_OK);
    CHECK_INT(c.created[PL_PROJECTS] + c.updated[PL_PROJECTS], 0);
    CHECK_INT(c.created[PL_ANSWERS] + c.updated[PL_ANSWERS], 0);
    CHECK_INT(c.unchanged[PL_ANSWERS], 3);
    import_result_free(&r);

    /* Answers of FY2020, whose round is open, belong to the sections. */
    char *json2020 = strdup(json);
    for (char *p = strstr(json2020, "2019"); p; p = strstr(p, "2019"))
        memcpy(p, "2020", 4);
    CHECK_INT(sheet_import_file(db, path, json2020, &o, false, &r, &c, &id), ERR_INVALID);
    CHECK(r.nproblems == 1);
    if (r.nproblems)
        CHECK_HAS(problem_at(&r, 0, LANG_JA), "何も書き込んでいません");
    import_result_free(&r);
    st = db_prepare_literal(db, "SELECT COUNT(*) FROM project", 1);
    CHECK(db_step(st) == DB_ROW);
    CHECK_INT(db_col_int64(st, 0), projects + 1);
    db_done(st);
    /* A round of 2019 opened again beside the closed one: 2019 is the
     * sections' now, whatever the closed round holds. */
    db_exec1(db, "INSERT INTO round (plan_id, fiscal_year, checkpoint, status, created_at,"
                 " updated_at) VALUES (1, 2019, 'start', 'open', '2026-01-01T00:00:00Z',"
                 " '2026-01-01T00:00:00Z')");
    CHECK_INT(sheet_import_file(db, path, json, &o, true, &r, &c, &id), ERR_INVALID);
    import_result_free(&r);
    free(json);
    free(json2020);
    db_close(db);
}

/* A mapping read back names the file's cells; a wrong one is refused. */
static void test_mapping_json(void)
{
    ImportResult r;
    import_result_init(&r);
    Table t;
    ImportMapping m;
    CHECK_INT(sheet_import_read("a.csv", plain, strlen(plain), &t, &r), ERR_OK);
    CHECK_INT(import_mapping_from_json("{\"sheet\":\"a.csv\",\"header_row\":1,\"columns\":["
                                       "{\"column\":\"A\",\"role\":\"direction\"},"
                                       "{\"column\":\"F\",\"role\":\"field\",\"field\":\"実施\","
                                       "\"fiscal_year\":2021,\"at_end\":true}]}",
                                       &t, &m, &r),
              ERR_OK);
    CHECK_INT(m.ncols, 2);
    CHECK_INT(m.cols[1].col, 6);
    CHECK_STR(m.cols[1].field, "実施");
    CHECK_INT(m.cols[1].fiscal_year, 2021);
    CHECK(m.cols[1].at_end);
    CHECK_STR(m.cols[1].heading, "取組みの実施状況");
    CHECK_INT(import_mapping_from_json("{\"sheet\":\"a.csv\",\"header_row\":1,\"columns\":["
                                       "{\"column\":\"Z\",\"role\":\"direction\"}]}",
                                       &t, &m, &r),
              ERR_INVALID);
    CHECK_INT(import_mapping_from_json("[1]", &t, &m, &r), ERR_INVALID);
    CHECK_INT(import_mapping_from_json("{\"sheet\":\"a.csv\",\"header_row\":1,\"columns\":["
                                       "{\"column\":\"A\",\"role\":\"boss\"}]}",
                                       &t, &m, &r),
              ERR_INVALID);
    CHECK_INT(r.nproblems, 3);
    if (r.nproblems == 3) {
        CHECK_STR(problem_at(&r, 0, LANG_JA), "対応づけの列 Z がファイルにありません。");
        CHECK_HAS(problem_at(&r, 2, LANG_EN), "The column mapping cannot be read");
    }
    import_result_free(&r);
}

/* A generated plan of five years, exported as XLSX and merged back into
 * itself: every answer is found as it is (nothing created, nothing updated),
 * through merged initiative cells, five year groups and the org units. */
static void test_own_export_merges_as_unchanged(void)
{
    Db *db = test_db("own.db", false);
    char *json = plan_generate_json(30, 7), *err = NULL;
    int64_t plan_id = 0;
    CHECK_INT(plan_json_load(db, json, strlen(json), "test", &plan_id, &err), ERR_OK);
    free(json);
    free(err);
    Buf x = BUF_INIT;
    nyears = 0;
    for (int fy = 2019; fy <= 2023; fy++)
        years[nyears++] = fy;
    CHECK_INT(export_of(db, plan_id, true, true, &x), ERR_OK);
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path("own.xlsx"));
    write_file(path, x.data, x.len);
    ImportResult r;
    PlanLoadCounts c;
    int64_t id = 0;
    CHECK_INT(sheet_import_file(db, path, NULL, &(ImportOptions){.into_plan = plan_id}, true, &r,
                                &c, &id),
              ERR_OK);
    for (int i = 0; i < r.nproblems; i++)
        fprintf(stderr, "  problem: %s\n", problem_at(&r, i, LANG_EN));
    CHECK(r.nanswers > 1000);
    for (int k = 0; k < PL_KINDS; k++) {
        CHECK_INT(c.created[k], 0);
        CHECK_INT(c.updated[k], 0);
    }
    CHECK_INT(c.unchanged[PL_ANSWERS], r.nanswers);
    CHECK_INT(c.unchanged[PL_INITIATIVES], 30);
    import_result_free(&r);
    buf_free(&x);
    db_close(db);
}

/* Plan 1 of db as CSV or XLSX in lang; the XLSX with the summary's and the
 * indicators' worksheets after the sheet, which the import must pass by. */
static Err export_lang(Db *db, bool xlsx, Lang lang, Buf *out)
{
    Arena a;
    arena_init(&a);
    Sheet s;
    SheetQuery q = {0};
    const char *bad = NULL;
    char *err = NULL;
    Err e = sheet_load(db, &a, 1, &q, &s, &bad);
    if (e == ERR_OK) {
        SheetLayout l;
        sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = lang}, &a, &l);
        Summary sum;
        IndicatorSet ind;
        test_summary(&s, &a, &sum);
        test_indicators(&s, &a, 2, &ind);
        l.summary = &sum;
        l.indicators = &ind;
        e = xlsx ? export_xlsx(&l, out, &err)
                 : export_csv(&l, &(CsvOptions){CSV_UTF8_BOM, NULL}, out, &err);
    }
    if (err)
        fprintf(stderr, "export: %s\n", err);
    free(err);
    arena_free(&a);
    return e;
}

/* The cells of the file's first sheet holding text. */
static int cells_with(const Buf *file, bool xlsx, const char *text)
{
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    Err e = xlsx ? xlsx_read(file->data, file->len, &arena, &t, &err)
                 : csv_read(file->data, file->len, CSV_ENC_AUTO, &arena, &t, NULL, &err);
    free(err);
    int n = 0;
    for (int r = 1; e == ERR_OK && r <= t.sheets[0].nrows; r++)
        for (int c = 1; c <= t.sheets[0].ncols; c++) {
            const char *v = table_cell(&t.sheets[0], r, c);
            n += v && strcmp(v, text) == 0;
        }
    arena_free(&arena);
    return n;
}

static int projects_named(Db *db, const char *pattern)
{
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM project WHERE name LIKE $1", 1);
    db_bind_text(st, 1, pattern);
    int n = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

/* Project 1 serves a second plan too: our files mark it 共通 (Shared), and
 * each, in either language, merges back into plan 1 with nothing new or
 * changed, and makes a new plan whose project has its own name. */
static void test_shared_project_comes_back(void)
{
    Db *db = test_db("shared.db", true);
    test_share_project(db, 1);
    static const char *const marked[] = {"障害者に対する虐待相談窓口の周知【共通】",
                                         "障害者に対する虐待相談窓口の周知 [Shared]"};
    for (int k = 0; k < 4; k++) {
        bool xlsx = k >= 2;
        Lang lang = k % 2 ? LANG_EN : LANG_JA;
        Buf file = BUF_INIT;
        CHECK_INT(export_lang(db, xlsx, lang, &file), ERR_OK);
        /* Two rows of the project (2019 and 2020) in the CSV, one in the XLSX. */
        CHECK_INT(cells_with(&file, xlsx, marked[lang]), xlsx ? 1 : 2);
        char path[512];
        snprintf(path, sizeof(path), "%s", test_path(xlsx ? "shared.xlsx" : "shared.csv"));
        write_file(path, file.data, file.len);
        buf_free(&file);

        ImportResult r;
        PlanLoadCounts c;
        int64_t id = 0;
        CHECK_INT(
            sheet_import_file(db, path, NULL, &(ImportOptions){.into_plan = 1}, true, &r, &c, &id),
            ERR_OK);
        for (int i = 0; i < r.nproblems; i++)
            fprintf(stderr, "  problem: %s\n", problem_at(&r, i, LANG_EN));
        for (int kind = 0; kind < PL_KINDS; kind++) {
            CHECK_INT(c.created[kind], 0);
            CHECK_INT(c.updated[kind], 0);
        }
        CHECK_INT(c.unchanged[PL_PROJECTS], 7);
        import_result_free(&r);

        Db *fresh = test_db("shared-new.db", false);
        CHECK_INT(sheet_import_file(fresh, path, NULL, &(ImportOptions){.title = "共通の取込み"},
                                    false, &r, &c, &id),
                  ERR_OK);
        CHECK_INT(c.created[PL_PROJECTS], 7);
        CHECK_INT(projects_named(fresh, "障害者に対する虐待相談窓口の周知"), 1);
        CHECK_INT(projects_named(fresh, "%共通%"), 0);
        CHECK_INT(projects_named(fresh, "%Shared%"), 0);
        import_result_free(&r);
        db_close(fresh);
    }
    db_close(db);
}

int main(int argc, char **argv)
{
    binary = argc > 1 ? argv[1] : "shinchoku";
    log_set_quiet(1);
    TEST_RUN(test_csv_round_trip);
    TEST_RUN(test_xlsx_round_trip);
    TEST_RUN(test_binary);
    TEST_RUN(test_no_header_refused);
    TEST_RUN(test_bad_year_refused);
    TEST_RUN(test_merge_into_a_plan);
    TEST_RUN(test_mapping_json);
    TEST_RUN(test_own_export_merges_as_unchanged);
    TEST_RUN(test_shared_project_comes_back);
    test_cleanup();
    return TEST_DONE("test_sheet_import");
}
