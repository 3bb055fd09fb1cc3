/* The CSV reader: rows and columns as a spreadsheet numbers them, RFC 4180
 * quoting, UTF-8 and CP932 told apart, errors naming the row, and our own
 * writer's files read back cell for cell. */
#include <iconv.h>
#include <stdlib.h>
#include "base/log.h"
#include "export/export.h"
#include "import/csv_read.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Arena arena;

/* Reads s (strlen bytes) with enc; the sheet, or NULL with *err set. */
static const TableSheet *read_csv(const char *s, size_t len, CsvReadEncoding enc,
                                  CsvReadEncoding *detected, char **err)
{
    Table t;
    *err = NULL;
    if (csv_read(s, len, enc, &arena, &t, detected, err) != ERR_OK)
        return NULL;
    CHECK_INT(t.nsheets, 1);
    CHECK_STR(t.sheets[0].name, "");
    return &t.sheets[0];
}

static const TableSheet *read_str(const char *s)
{
    char *err = NULL;
    const TableSheet *t = read_csv(s, strlen(s), CSV_ENC_AUTO, NULL, &err);
    if (err)
        fprintf(stderr, "  unexpected error: %s\n", err);
    free(err);
    return t;
}

/* UTF-8 to CP932 (malloc'd, its length in *len), as Excel would save it. */
static char *to_cp932(const char *s, size_t *len)
{
    iconv_t cd = iconv_open("CP932", "UTF-8");
    size_t left = strlen(s), cap = left + 1, room = cap;
    char *out = calloc(1, cap + 1), *o = out, *in = (char *)s;
    size_t rc = iconv(cd, &in, &left, &o, &room);
    iconv_close(cd);
    CHECK(rc != (size_t)-1);
    *len = cap - room;
    return out;
}

static void test_simple_rows(void)
{
    const TableSheet *s = read_str("a,b,c\n1,,3\n");
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(s->ncells, 5); /* the empty field is skipped */
    CHECK_STR(table_cell(s, 1, 1), "a");
    CHECK_STR(table_cell(s, 1, 3), "c");
    CHECK_STR(table_cell(s, 2, 1), "1");
    CHECK(table_cell(s, 2, 2) == NULL);
    CHECK_STR(table_cell(s, 2, 3), "3");
    CHECK_INT(s->nrows, 2);
    CHECK_INT(s->ncols, 3);
    /* Without a final line break, and with spaces kept as typed. */
    s = read_str("x, y \nz");
    CHECK_STR(table_cell(s, 1, 2), " y ");
    CHECK_STR(table_cell(s, 2, 1), "z");
    /* A blank line is a row, as in a spreadsheet. */
    s = read_str("a\n\nb\n");
    CHECK_STR(table_cell(s, 3, 1), "b");
}

static void test_quotes_commas_and_line_breaks(void)
{
    const TableSheet *s =
        read_str("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"\",x\n\"crlf\r\ninside\",y\r\n");
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_STR(table_cell(s, 1, 1), "a,b");
    CHECK_STR(table_cell(s, 1, 2), "say \"hi\"");
    CHECK_STR(table_cell(s, 1, 3), "two\nlines");
    /* The line break inside quotes does not start a row. */
    CHECK(table_cell(s, 2, 1) == NULL);
    CHECK_STR(table_cell(s, 2, 2), "x");
    CHECK_STR(table_cell(s, 3, 1), "crlf\ninside");
    CHECK_STR(table_cell(s, 3, 2), "y");
    CHECK_INT(s->ncells, 6);
}

static void test_crlf_and_lf_alike(void)
{
    const TableSheet *a = read_str("a,b\r\nc,d\r\n\r\ne\r\n");
    const TableSheet *b = read_str("a,b\nc,d\n\ne\n");
    CHECK(a && b);
    if (!a || !b)
        return;
    CHECK_INT(a->ncells, b->ncells);
    for (int i = 0; i < a->ncells && i < b->ncells; i++) {
        CHECK_INT(a->cells[i].row, b->cells[i].row);
        CHECK_INT(a->cells[i].col, b->cells[i].col);
        CHECK_STR(a->cells[i].text, b->cells[i].text);
    }
    CHECK_STR(table_cell(a, 2, 2), "d");
    CHECK_STR(table_cell(a, 4, 1), "e");
}

static void test_bom_stripped(void)
{
    char *err;
    CsvReadEncoding enc = CSV_ENC_CP932;
    const char *in = "\xEF\xBB\xBFid,名前\n";
    const TableSheet *s = read_csv(in, strlen(in), CSV_ENC_AUTO, &enc, &err);
    CHECK(s != NULL);
    CHECK_INT(enc, CSV_ENC_UTF8);
    if (s)
        CHECK_STR(table_cell(s, 1, 1), "id");
    s = read_csv(in, strlen(in), CSV_ENC_UTF8, NULL, &err);
    if (s)
        CHECK_STR(table_cell(s, 1, 1), "id");
}

static const char japanese[] = "番号,内容,備考\r\n"
                               "1,\"①相談窓口～周知－髙橋、計画\",仙台市\r\n"
                               "2,ｶﾀｶﾅ半角,\"複数行\r\nの値\"\r\n";

static void check_japanese(const TableSheet *s)
{
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(s->ncells, 9);
    CHECK_STR(table_cell(s, 1, 2), "内容");
    CHECK_STR(table_cell(s, 2, 2), "①相談窓口～周知－髙橋、計画");
    CHECK_STR(table_cell(s, 2, 3), "仙台市");
    CHECK_STR(table_cell(s, 3, 2), "ｶﾀｶﾅ半角");
    CHECK_STR(table_cell(s, 3, 3), "複数行\nの値");
}

static void test_utf8_japanese(void)
{
    char *err;
    CsvReadEncoding enc = CSV_ENC_CP932;
    check_japanese(read_csv(japanese, strlen(japanese), CSV_ENC_AUTO, &enc, &err));
    CHECK_INT(enc, CSV_ENC_UTF8);
}

static void test_cp932_detected_and_decoded(void)
{
    size_t len;
    char *sjis = to_cp932(japanese, &len);
    CHECK(len < strlen(japanese));
    char *err;
    CsvReadEncoding enc = CSV_ENC_UTF8;
    check_japanese(read_csv(sjis, len, CSV_ENC_AUTO, &enc, &err));
    CHECK_INT(enc, CSV_ENC_CP932);
    check_japanese(read_csv(sjis, len, CSV_ENC_CP932, &enc, &err));
    CHECK_INT(enc, CSV_ENC_CP932);
    /* The NEC-selected IBM form of 髙 (EEE0) and the IBM one (FBFC) both decode. */
    const char both[] = "\xEE\xE0,\xFB\xFC,\x87\x40,\x81\x60,\x81\x7C\n";
    const TableSheet *s = read_csv(both, strlen(both), CSV_ENC_AUTO, &enc, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(table_cell(s, 1, 1), "髙");
        CHECK_STR(table_cell(s, 1, 2), "髙");
        CHECK_STR(table_cell(s, 1, 3), "①");
        CHECK_STR(table_cell(s, 1, 4), "～");
        CHECK_STR(table_cell(s, 1, 5), "－");
    }
    /* CP932 given for a UTF-8 file is refused where it stops being CP932. */
    const char *utf8 = "a,b\nc,あ\n";
    s = read_csv(utf8, strlen(utf8), CSV_ENC_CP932, NULL, &err);
    CHECK(s == NULL);
    CHECK_HAS(err, "row 2: not Shift_JIS (CP932)");
    free(err);
    /* And UTF-8 given for a CP932 file. */
    s = read_csv(sjis, len, CSV_ENC_UTF8, NULL, &err);
    CHECK(s == NULL);
    CHECK_HAS(err, "row 1: not UTF-8 at byte 0");
    free(err);
    free(sjis);
}

static void test_invalid_bytes(void)
{
    char *err;
    const char *in = "x,y\nz,\x81,w\n";
    CHECK(read_csv(in, strlen(in), CSV_ENC_AUTO, NULL, &err) == NULL);
    CHECK_HAS(err, "row 2: not UTF-8 or Shift_JIS (CP932) at byte 6");
    free(err);
    /* A quoted line break does not count as a row. */
    in = "\"a\nb\",c\n\n\xFF\n";
    CHECK(read_csv(in, strlen(in), CSV_ENC_AUTO, NULL, &err) == NULL);
    CHECK_HAS(err, "row 3: not UTF-8 or Shift_JIS (CP932)");
    free(err);
    /* A NUL byte cannot be in a cell. */
    CHECK(read_csv("a\0b\n", 4, CSV_ENC_AUTO, NULL, &err) == NULL);
    CHECK_HAS(err, "row 1:");
    free(err);
}

static void test_apostrophe(void)
{
    const TableSheet *s = read_str("\"'=1+1\",'abc,\"'+1\",'-2,'@SUM(A1),',''\n");
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_STR(table_cell(s, 1, 1), "=1+1");
    CHECK_STR(table_cell(s, 1, 2), "'abc");
    CHECK_STR(table_cell(s, 1, 3), "+1");
    CHECK_STR(table_cell(s, 1, 4), "-2");
    CHECK_STR(table_cell(s, 1, 5), "@SUM(A1)");
    CHECK_STR(table_cell(s, 1, 6), "'");
    CHECK_STR(table_cell(s, 1, 7), "''");
}

static void test_errors_and_empty(void)
{
    char *err;
    const char *in = "a,b\n1,2\n3,\"never closed\n4,5\n";
    CHECK(read_csv(in, strlen(in), CSV_ENC_AUTO, NULL, &err) == NULL);
    CHECK_HAS(err, "row 3: a quoted field is not closed");
    free(err);
    in = "a,b\nx\"y\",z\n";
    CHECK(read_csv(in, strlen(in), CSV_ENC_AUTO, NULL, &err) == NULL);
    CHECK_HAS(err, "row 2:");
    free(err);
    const TableSheet *s = read_csv(NULL, 0, CSV_ENC_AUTO, NULL, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(s->ncells, 0);
        CHECK_INT(s->nrows, 0);
    }
    s = read_str("\xEF\xBB\xBF");
    CHECK(s && s->ncells == 0);
    Table t;
    CHECK_INT(csv_read("", (size_t)CSV_READ_MAX_BYTES + 1, CSV_ENC_AUTO, &arena, &t, NULL, &err),
              ERR_TOO_BIG);
    CHECK_HAS(err, "64 MiB");
    free(err);
}

static void test_cell_limit(void)
{
    /* 1,000,001 one-character cells: "1," a cell. */
    size_t n = (size_t)CSV_READ_MAX_CELLS + 1;
    char *big = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) {
        big[2 * i] = '1';
        big[2 * i + 1] = i % 1000 == 999 ? '\n' : ',';
    }
    char *err;
    Table t;
    CHECK_INT(csv_read(big, n * 2, CSV_ENC_AUTO, &arena, &t, NULL, &err), ERR_TOO_BIG);
    CHECK_HAS(err, "more than 1000000 cells");
    free(err);
    /* Exactly the limit is fine. */
    CHECK_INT(csv_read(big, (n - 1) * 2, CSV_ENC_AUTO, &arena, &t, NULL, &err), ERR_OK);
    CHECK_INT(t.sheets[0].ncells, CSV_READ_MAX_CELLS);
    free(big);
}

static void set_summary(const char *text)
{
    DbStmt *st = db_prepare(db, "UPDATE project SET summary = $1 WHERE id = 2", 0);
    db_bind_text(st, 1, text);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
}

/* Compares one cell with what the writer was given ("" is no cell). */
static void check_cell(const TableSheet *s, int row, int col, const char *want)
{
    const char *got = table_cell(s, row, col);
    if (!want[0] ? got != NULL : !got || strcmp(got, want) != 0) {
        fprintf(stderr, "  row %d col %d: \"%s\", want \"%s\"\n", row, col, got ? got : "(none)",
                want);
        test_check_failed++;
    }
}

/* Writes the demo sheet with export_csv in enc and reads it back: every cell
 * is what the writer took from the layout. */
static void round_trip(CsvEncoding enc)
{
    Arena a;
    arena_init(&a);
    Sheet sh;
    SheetQuery q = {0};
    const char *bad;
    SheetLayout l;
    CHECK_INT(sheet_load(db, &a, 1, &q, &sh, &bad), ERR_OK);
    sheet_layout(&sh, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &a, &l);
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(export_csv(&l, &(CsvOptions){enc, NULL}, &out, &err), ERR_OK);
    CsvReadEncoding detected;
    const TableSheet *s = read_csv(out.data, out.len, CSV_ENC_AUTO, &detected, &err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "  %s\n", err);
        free(err);
        buf_free(&out);
        arena_free(&a);
        return;
    }
    CHECK_INT(detected, enc == CSV_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
    int i = 0;
    for (; i < l.ncols && l.cols[i].kind != COL_VALUE; i++)
        check_cell(s, 1, i + 1, l.cols[i].heading);
    int year_col = i + 1;
    check_cell(s, 1, year_col, msg(LANG_JA, M_COL_FISCAL_YEAR));
    for (int f = 0; f < sh.nfields; f++)
        check_cell(s, 1, year_col + 1 + f, sh.fields[f].label);
    int row = 2, ncells = 0;
    for (int n = 0; n < sh.ninitiatives; n++) {
        const SheetInitiative *in = &sh.initiatives[n];
        for (int j = 0; j < (in->nprojects ? in->nprojects : 1); j++) {
            const SheetProject *p = in->nprojects ? &in->projects[j] : NULL;
            for (int y = 0; y < sh.nyears; y++, row++) {
                for (int c = 0; c < year_col - 1; c++)
                    check_cell(s, row, c + 1, sheet_cell(&l, &l.cols[c], in, p, &a));
                check_cell(s, row, year_col, sheet_fy_name(sh.years[y], l.era, &a));
                int col = year_col + 1;
                for (int c = year_col - 1; c < l.ncols; c++) {
                    if (l.cols[c].year != y)
                        continue;
                    const char *want = sheet_cell(&l, &l.cols[c], in, p, &a);
                    check_cell(s, row, col++, want);
                    ncells += want[0] != '\0';
                }
            }
        }
    }
    CHECK_INT(s->nrows, row - 1);
    CHECK(ncells > 0); /* the seed's answers were there to compare */
    CHECK_HAS(table_cell(s, 2, year_col + 1), "相談窓口に関するリーフレット");
    buf_free(&out);
    arena_free(&a);
}

static void test_round_trip_of_our_writer(void)
{
    round_trip(CSV_UTF8_BOM);
    round_trip(CSV_CP932);
    /* Formula-like values come back without the writer's apostrophe. */
    set_summary("=HYPERLINK(\"http://x\",\"y\")\n-1");
    round_trip(CSV_UTF8_BOM);
    round_trip(CSV_CP932);
    set_summary("市民全体を対象とし、リーフレットを用いた、高齢者虐待に関する各種相談機関の周知");
}

int main(void)
{
    log_set_quiet(1);
    arena_init(&arena);
    db = test_db("x.db", true);
    TEST_RUN(test_simple_rows);
    TEST_RUN(test_quotes_commas_and_line_breaks);
    TEST_RUN(test_crlf_and_lf_alike);
    TEST_RUN(test_bom_stripped);
    TEST_RUN(test_utf8_japanese);
    TEST_RUN(test_cp932_detected_and_decoded);
    TEST_RUN(test_invalid_bytes);
    TEST_RUN(test_apostrophe);
    TEST_RUN(test_errors_and_empty);
    TEST_RUN(test_cell_limit);
    TEST_RUN(test_round_trip_of_our_writer);
    db_close(db);
    test_cleanup();
    arena_free(&arena);
    return TEST_DONE("csv_read");
}
