/* The CSV writer: every column named, one row per project and year, RFC 4180
 * quoting, a BOM for Excel, CP932 that iconv decodes back to the same text,
 * a clear error naming row, column and character, and formulas made inert;
 * the summary and the indicators as CSV files of their own (by the module
 * and by `shinchoku export --what`), and the 共通 mark of a shared project. */
#include <iconv.h>
#include "base/log.h"
#include "export/export.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"
#include "testtables.h"

static Db *db;
static const char *binary;

/* Loads the default demo sheet and writes it as CSV. */
static Err csv_of(const CsvOptions *o, Buf *out, char **err)
{
    Arena a;
    arena_init(&a);
    Sheet s;
    SheetQuery q = {0};
    const char *bad;
    SheetLayout l;
    Err e = sheet_load(db, &a, 1, &q, &s, &bad);
    if (e == ERR_OK) {
        sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &a, &l);
        e = export_csv(&l, o, out, err);
    }
    arena_free(&a);
    return e;
}

/* Splits RFC 4180 text into rows of fields (a tiny reader for the test). */
typedef struct Csv {
    char *cells[64][24]; /* [row][field], malloc'd */
    int nfields[64];
    int nrows;
} Csv;

static void csv_parse(const char *p, Csv *c)
{
    memset(c, 0, sizeof(*c));
    Buf f = BUF_INIT;
    int row = 0, field = 0;
    bool quoted = false;
    for (; *p; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') {
                buf_putc(&f, '"');
                p++;
            } else if (*p == '"') {
                quoted = false;
            } else {
                buf_putc(&f, *p);
            }
        } else if (*p == '"') {
            quoted = true;
        } else if (*p == ',' || (*p == '\r' && p[1] == '\n')) {
            if (row < 64 && field < 24)
                c->cells[row][field] = buf_take(&f);
            buf_reset(&f);
            field++;
            if (*p == '\r') {
                c->nfields[row] = field;
                row++, field = 0, p++;
            }
        } else {
            buf_putc(&f, *p);
        }
    }
    buf_free(&f);
    c->nrows = row;
}

static void csv_free(Csv *c)
{
    for (int r = 0; r < 64; r++)
        for (int f = 0; f < 24; f++)
            free(c->cells[r][f]);
}

static void test_utf8_with_bom_and_named_columns(void)
{
    Buf out = BUF_INIT;
    char *err = NULL;
    CsvOptions o = {CSV_UTF8_BOM, NULL};
    CHECK_INT(csv_of(&o, &out, &err), ERR_OK);
    CHECK(memcmp(out.data, "\xEF\xBB\xBF", 3) == 0);
    Csv c;
    csv_parse(out.data + 3, &c);
    /* A header, then 7 projects x 2 years (2019 and 2020). */
    CHECK_INT(c.nrows, 15);
    const char *want[] = {"方向性",
                          "番号",
                          "取組み",
                          "内容",
                          "局区等",
                          "局区",
                          "課",
                          "事業名・取組名",
                          "事業概要",
                          "年度",
                          "取組みの実施状況",
                          "実施状況に対する評価",
                          "課題",
                          "今後の取組みの方向性"};
    CHECK_INT(c.nfields[0], 14);
    for (int i = 0; i < 14; i++)
        CHECK_STR(c.cells[0][i], want[i]);
    for (int r = 1; r < c.nrows; r++)
        CHECK_INT(c.nfields[r], 14);
    /* The first project, 2019, every value as stored. */
    CHECK_STR(c.cells[1][0], "方向性1");
    CHECK_STR(c.cells[1][1], "1");
    CHECK_STR(c.cells[1][4], "健康福祉局\n子供未来局");
    CHECK_STR(c.cells[1][7], "障害者に対する虐待相談窓口の周知");
    CHECK_STR(c.cells[1][9], "令和元年度");
    CHECK_STR(c.cells[1][10],
              "（例）相談窓口に関するリーフレット等を作成し、区役所等の窓口に設置（〇〇〇〇部）。");
    CHECK_STR(c.cells[1][13],
              "（例）テレビなどのメディアの活用や、関係機関と連携した形での周知を図る。");
    CHECK_STR(c.cells[2][9], "令和2年度");
    CHECK_STR(c.cells[2][10], "");
    /* The last row: 学校支援地域本部事業, 2020. */
    CHECK_STR(c.cells[14][7], "学校支援地域本部事業");
    CHECK_STR(c.cells[14][9], "令和2年度");
    CHECK(strstr(out.data, "\r\n") != NULL);
    csv_free(&c);
    buf_free(&out);
}

static char *iconv_to_utf8(const char *cp932, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    size_t cap = len * 3 + 1, left = len, room = cap;
    char *out = calloc(1, cap + 1), *o = out, *in = (char *)cp932;
    size_t rc = iconv(cd, &in, &left, &o, &room);
    iconv_close(cd);
    if (rc == (size_t)-1) {
        free(out);
        return NULL;
    }
    return out;
}

static void test_cp932_decodes_to_the_same_text(void)
{
    Buf utf8 = BUF_INIT, sjis = BUF_INIT;
    char *err = NULL;
    CHECK_INT(csv_of(&(CsvOptions){CSV_UTF8_BOM, NULL}, &utf8, &err), ERR_OK);
    CHECK_INT(csv_of(&(CsvOptions){CSV_CP932, NULL}, &sjis, &err), ERR_OK);
    CHECK(memcmp(sjis.data, "\xEF\xBB\xBF", 3) != 0); /* no BOM in CP932 */
    CHECK(sjis.len < utf8.len);                       /* two bytes a kanji, not three */
    char *back = iconv_to_utf8(sjis.data, sjis.len);
    CHECK(back != NULL);
    CHECK_STR(back, utf8.data + 3);
    free(back);
    buf_free(&utf8);
    buf_free(&sjis);
}

static void set_summary(const char *text)
{
    DbStmt *st = db_prepare(db, "UPDATE project SET summary = $1 WHERE id = 2", 0);
    db_bind_text(st, 1, text);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
}

static void test_cp932_names_row_column_and_character(void)
{
    set_summary("市民全体を対象とし、𠮷野家ではない");
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(csv_of(&(CsvOptions){CSV_CP932, NULL}, &out, &err), ERR_INVALID);
    /* Project 2 is the second project: CSV rows 4 and 5 (header is row 1). */
    CHECK_HAS(err, "4行目「事業概要」の文字「𠮷」（U+20BB7）はShift_JIS（CP932）で書き出せません");
    CHECK_HAS(err, "Row 4, column \"事業概要\": the character \"𠮷\" (U+20BB7)");
    CHECK_INT(out.len, 0); /* nothing half-written */
    free(err);
    err = NULL;
    /* With a replacement it goes through, and only that character changes. */
    CHECK_INT(csv_of(&(CsvOptions){CSV_CP932, "〓"}, &out, &err), ERR_OK);
    char *back = iconv_to_utf8(out.data, out.len);
    CHECK_HAS(back, "市民全体を対象とし、〓野家ではない");
    free(back);
    buf_free(&out);
    set_summary("市民全体を対象とし、リーフレットを用いた、高齢者虐待に関する各種相談機関の周知");
}

static void test_formulas_inert_and_quotes_doubled(void)
{
    set_summary("=HYPERLINK(\"http://x\",\"y\")");
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(csv_of(&(CsvOptions){CSV_UTF8_BOM, NULL}, &out, &err), ERR_OK);
    CHECK_HAS(out.data, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",");
    Csv c;
    csv_parse(out.data + 3, &c);
    CHECK_STR(c.cells[3][8], "'=HYPERLINK(\"http://x\",\"y\")");
    csv_free(&c);
    const char *starts[] = {"+1", "-1", "@SUM(A1)"};
    for (int i = 0; i < 3; i++) {
        set_summary(starts[i]);
        buf_reset(&out);
        CHECK_INT(csv_of(&(CsvOptions){CSV_UTF8_BOM, NULL}, &out, &err), ERR_OK);
        csv_parse(out.data + 3, &c);
        CHECK(c.cells[3][8] && c.cells[3][8][0] == '\'');
        csv_free(&c);
    }
    buf_free(&out);
}

/* The CSV of what from db's plan 1 in lang, with the hand-made summary and
 * two indicators when with_tables. */
static Err table_csv(Db *from, CsvContent what, Lang lang, bool with_tables, Buf *out, char **err)
{
    Arena a;
    arena_init(&a);
    Sheet s;
    SheetQuery q = {0};
    const char *bad;
    SheetLayout l;
    Summary sum;
    IndicatorSet ind;
    Err e = sheet_load(from, &a, 1, &q, &s, &bad);
    if (e == ERR_OK) {
        sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = lang}, &a, &l);
        if (with_tables) {
            test_summary(&s, &a, &sum);
            test_indicators(&s, &a, 2, &ind);
            l.summary = &sum;
            l.indicators = &ind;
        }
        e = export_csv_of(&l, &(CsvOptions){CSV_UTF8_BOM, NULL}, what, out, err);
    }
    arena_free(&a);
    return e;
}

/* Row r of c as one line, its fields joined by '|' (static). */
static const char *row_of(const Csv *c, int r)
{
    static char line[4096];
    size_t n = 0;
    line[0] = '\0';
    for (int f = 0; f < c->nfields[r] && f < 24; f++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s", f ? "|" : "",
                              c->cells[r][f] ? c->cells[r][f] : "");
    return line;
}

static void test_summary_csv(void)
{
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(table_csv(db, CSV_SUMMARY, LANG_JA, true, &out, &err), ERR_OK);
    CHECK(memcmp(out.data, "\xEF\xBB\xBF", 3) == 0);
    Csv c;
    csv_parse(out.data + 3, &c);
    /* One table: every grade of every scale a column; a row per year,
     * field and direction, then the whole plan's. */
    CHECK_INT(c.nrows, 7);
    CHECK_STR(row_of(&c, 0), "年度|評価項目|方向性|A 達成|B 概ね達成|C 未達成|◎|○|回答数|平均点");
    CHECK_STR(row_of(&c, 1), "令和元年度|取組みの実施状況|方向性1 一人ひとりの気づきと見守りの推進"
                             "|2|1|0|||3|2.67");
    CHECK_HAS(row_of(&c, 2), "|0|0|0|||0|－");
    CHECK_STR(row_of(&c, 3), "令和元年度|取組みの実施状況|計画全体|2|1|0|||3|2.67");
    CHECK_HAS(row_of(&c, 4), "令和2年度|実施状況に対する評価|方向性1 ");
    CHECK_HAS(row_of(&c, 4), "||||2|1|3|");
    for (int r = 0; r < c.nrows; r++)
        CHECK_INT(c.nfields[r], 10);
    csv_free(&c);

    /* In English, and without a summary: the heading row alone. */
    buf_reset(&out);
    CHECK_INT(table_csv(db, CSV_SUMMARY, LANG_EN, false, &out, &err), ERR_OK);
    csv_parse(out.data + 3, &c);
    CHECK_INT(c.nrows, 1);
    CHECK_STR(row_of(&c, 0), "Fiscal year|Rating field|方向性|Answers|Average points");
    csv_free(&c);
    buf_free(&out);
}

static void test_indicators_csv(void)
{
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(table_csv(db, CSV_INDICATORS, LANG_JA, true, &out, &err), ERR_OK);
    Csv c;
    csv_parse(out.data + 3, &c);
    CHECK_INT(c.nrows, 3);
    CHECK_STR(row_of(&c, 0), "指標名|単位|基準値|基準年度|目標値|目標年度|望ましい方向"
                             "|令和元年度 実績値|令和元年度 達成率（%）|令和2年度 実績値"
                             "|令和2年度 達成率（%）|取組み|実績値の出典");
    CHECK_STR(row_of(&c, 1), "自殺死亡率|人|16.6|平成27年度|13.3|令和5年度|低いほど良い|15.2|42.4"
                             "|－|－|計画全体|相談件数（障害者に対する虐待相談窓口の周知）");
    CHECK_STR(row_of(&c, 2), "収支差||-2.5|平成27年度|10|令和5年度|高いほど良い|5|60.0|7.5|80.0"
                             "|1 児童、高齢者、障害者に向けた虐待相談窓口の周知"
                             "|相談件数（すべての事業の合計）");
    /* A negative number stays a number: no apostrophe before it. */
    CHECK_HAS(out.data, ",-2.5,");
    csv_free(&c);
    buf_reset(&out);
    CHECK_INT(table_csv(db, CSV_INDICATORS, LANG_EN, false, &out, &err), ERR_OK);
    CHECK_HAS(out.data, "Indicator,Unit,Baseline,Baseline year,Target,Target year,Better when,"
                        "令和元年度 Actual,令和元年度 Achievement (%),");
    buf_free(&out);
}

static void test_names_and_parse(void)
{
    CsvContent what = CSV_INDICATORS;
    CHECK(export_csv_content_parse(NULL, &what) && what == CSV_SHEET);
    CHECK(export_csv_content_parse("", &what) && what == CSV_SHEET);
    CHECK(export_csv_content_parse("summary", &what) && what == CSV_SUMMARY);
    CHECK(export_csv_content_parse("indicators", &what) && what == CSV_INDICATORS);
    CHECK(!export_csv_content_parse("Summary", &what));
    CHECK(!export_csv_content_parse("all", &what));
    Arena a;
    arena_init(&a);
    Sheet s;
    SheetQuery q = {0};
    const char *bad;
    SheetLayout l;
    CHECK_INT(sheet_load(db, &a, 1, &q, &s, &bad), ERR_OK);
    sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &a, &l);
    const char *sheet = export_file_name(&l, EXPORT_CSV, &a);
    CHECK_STR(export_csv_file_name(&l, CSV_SHEET, &a), sheet);
    CHECK_STR(export_csv_file_name(&l, CSV_SUMMARY, &a),
              "進捗管理シート（記入例）_仙台市自殺対策計画_令和元年度-令和2年度_集計.csv");
    CHECK_STR(export_csv_file_name(&l, CSV_INDICATORS, &a),
              "進捗管理シート（記入例）_仙台市自殺対策計画_令和元年度-令和2年度_評価指標.csv");
    arena_free(&a);
}

/* shinchoku export --what: the summary's CSV under its own name; refused
 * with another format or an unknown table, exit 2. */
static void test_cli_what(void)
{
    char dbp[512], out[512], err[512];
    snprintf(dbp, sizeof(dbp), "%s", test_url("csv.db"));
    snprintf(out, sizeof(out), "%s", test_path("what.csv"));
    snprintf(err, sizeof(err), "%s", test_path("what.err"));
    char *ok[] = {(char *)binary, "export", "--db",    dbp,  "--plan", "1", "--format",
                  "csv",          "--what", "summary", "-o", out,      NULL};
    CHECK_INT(test_spawn(ok, NULL, NULL, err), 0);
    char *text = test_slurp(out, NULL);
    CHECK_STR(text, "\xEF\xBB\xBF年度,評価項目,方向性,回答数,平均点\r\n");
    free(text);
    char *indicators[] = {(char *)binary, "export", "--db",       dbp,  "--plan", "1", "--format",
                          "csv",          "--what", "indicators", "-o", out,      NULL};
    CHECK_INT(test_spawn(indicators, NULL, NULL, err), 0);
    text = test_slurp(out, NULL);
    CHECK_HAS(text, "指標名,単位,基準値");
    free(text);
    char *xlsx[] = {(char *)binary, "export", "--db",    dbp,  "--plan", "1", "--format",
                    "xlsx",         "--what", "summary", "-o", out,      NULL};
    CHECK_INT(test_spawn(xlsx, NULL, NULL, err), 2);
    text = test_slurp(err, NULL);
    CHECK_HAS(text, "--what is sheet, summary or indicators, with --format csv only");
    free(text);
    char *bogus[] = {(char *)binary, "export", "--db",   dbp,  "--plan", "1", "--format",
                     "csv",          "--what", "totals", "-o", out,      NULL};
    CHECK_INT(test_spawn(bogus, NULL, NULL, err), 2);
}

/* A project of two plans is marked after its name, in the sheet's language;
 * the import's strip takes either language's mark off, and nothing else. */
static void test_shared_mark(void)
{
    Db *shared = test_db("shared.db", true);
    test_share_project(shared, 1);
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        Buf out = BUF_INIT;
        char *err = NULL;
        CHECK_INT(table_csv(shared, CSV_SHEET, (Lang)lang, false, &out, &err), ERR_OK);
        Csv c;
        csv_parse(out.data + 3, &c);
        CHECK_STR(c.cells[1][7], lang == LANG_JA ? "障害者に対する虐待相談窓口の周知【共通】"
                                                 : "障害者に対する虐待相談窓口の周知 [Shared]");
        CHECK_STR(c.cells[3][7], "高齢者に対する虐待相談窓口の周知"); /* not shared */
        csv_free(&c);
        buf_free(&out);
    }
    db_close(shared);
    Arena a;
    arena_init(&a);
    CHECK_STR(sheet_strip_shared_mark("事業A【共通】", &a), "事業A");
    CHECK_STR(sheet_strip_shared_mark("事業A [Shared]", &a), "事業A");
    CHECK_STR(sheet_strip_shared_mark("事業A", &a), "事業A");
    CHECK_STR(sheet_strip_shared_mark("【共通】", &a), "【共通】");
    CHECK_STR(sheet_strip_shared_mark("事業【共通】A", &a), "事業【共通】A");
    CHECK_STR(sheet_strip_shared_mark("事業A[Shared]", &a), "事業A[Shared]");
    arena_free(&a);
}

int main(int argc, char **argv)
{
    binary = argc > 1 ? argv[1] : "shinchoku";
    log_set_quiet(1);
    db = test_db("csv.db", true);
    TEST_RUN(test_utf8_with_bom_and_named_columns);
    TEST_RUN(test_cp932_decodes_to_the_same_text);
    TEST_RUN(test_cp932_names_row_column_and_character);
    TEST_RUN(test_formulas_inert_and_quotes_doubled);
    TEST_RUN(test_summary_csv);
    TEST_RUN(test_indicators_csv);
    TEST_RUN(test_names_and_parse);
    TEST_RUN(test_cli_what);
    TEST_RUN(test_shared_mark);
    db_close(db);
    test_cleanup();
    return TEST_DONE("csv");
}
