/* The CSV writer: every column named, one row per project and year, RFC 4180
 * quoting, a BOM for Excel, CP932 that iconv decodes back to the same text,
 * a clear error naming row, column and character, and formulas made inert. */
#include <iconv.h>
#include "base/log.h"
#include "export/export.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;

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

int main(void)
{
    log_set_quiet(1);
    db = test_db("csv.db", true);
    TEST_RUN(test_utf8_with_bom_and_named_columns);
    TEST_RUN(test_cp932_decodes_to_the_same_text);
    TEST_RUN(test_cp932_names_row_column_and_character);
    TEST_RUN(test_formulas_inert_and_quotes_doubled);
    db_close(db);
    test_cleanup();
    return TEST_DONE("csv");
}
