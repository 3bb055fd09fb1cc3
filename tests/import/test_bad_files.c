/* The readers of outside files on bad ones: zip bombs (real ones, written
 * here by libzip from a generator so that the test never holds them whole),
 * archives that lie about their sizes, too many entries, sheets, rows,
 * strings, broken XML, files that are not what their name says, a sheet of
 * 100,000 rows read in bounded memory, text in the wrong encoding, an
 * unclosed quote. Each must give a clear message, nothing else (the ASan
 * build runs this too), and the importer must build nothing from them.
 * argv[2] is the source directory. */
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>
#include <xlsxwriter.h>
#include <zip.h>
#include "base/log.h"
#include "import/csv_read.h"
#include "import/sheet_import.h"
#include "import/xlsx_read.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

/* ASan's shadow memory and quarantine make a process larger than it is:
 * the memory bounds below are given room for that. */
#if defined(__SANITIZE_ADDRESS__)
enum { RSS_SLACK_MB = 400 };
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
enum { RSS_SLACK_MB = 400 };
#else
enum { RSS_SLACK_MB = 0 };
#endif
#else
enum { RSS_SLACK_MB = 0 };
#endif

static const char workbook_xml[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] = "<Relationships><Relationship Id=\"rId1\" "
                               "Target=\"worksheets/sheet1.xml\"/></Relationships>";

static long maxrss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- archives written by libzip, some parts from a generator ---- */

/* A part's content: head, then size bytes of fill, then tail; produced a
 * chunk at a time as libzip asks for it. */
typedef struct Gen {
    const char *head, *tail;
    char fill;
    uint64_t size, at; /* at: bytes given so far of the whole */
    zip_error_t error; /* never set: generating cannot fail */
} Gen;

static uint64_t gen_total(const Gen *g)
{
    return strlen(g->head) + g->size + strlen(g->tail);
}

static zip_int64_t gen_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    Gen *g = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        g->at = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        uint64_t head = strlen(g->head), total = gen_total(g);
        char *out = data;
        zip_uint64_t n = 0;
        while (n < len && g->at < total) {
            uint64_t i = g->at, k;
            if (i < head) {
                k = head - i < len - n ? head - i : len - n;
                memcpy(out + n, g->head + i, (size_t)k);
            } else if (i < head + g->size) {
                k = head + g->size - i < len - n ? head + g->size - i : len - n;
                memset(out + n, g->fill, (size_t)k);
            } else {
                k = total - i < len - n ? total - i : len - n;
                memcpy(out + n, g->tail + (i - head - g->size), (size_t)k);
            }
            n += k;
            g->at += k;
        }
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = gen_total(g);
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&g->error, data, len);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        return -1;
    }
}

typedef struct Part {
    const char *name;
    const char *text; /* or NULL: gen */
    Gen *gen;
    bool store; /* not compressed */
} Part;

/* The archive of parts (up to a NULL name) into out. */
static void make_zip(const Part *parts, Buf *out)
{
    const char *path = test_path("bad.zip");
    unlink(path);
    int e;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    for (int i = 0; z && parts[i].name; i++) {
        zip_source_t *s = parts[i].text
                              ? zip_source_buffer(z, parts[i].text, strlen(parts[i].text), 0)
                              : zip_source_function(z, gen_cb, parts[i].gen);
        zip_int64_t idx = zip_file_add(z, parts[i].name, s, 0);
        if (idx < 0)
            zip_source_free(s);
        else if (parts[i].store)
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (!z || zip_close(z) != 0)
        fprintf(stderr, "  cannot write %s\n", path);
    buf_reset(out);
    size_t len;
    char *data = test_slurp(path, &len);
    buf_append(out, data, len);
    free(data);
    unlink(path);
}

/* A one-sheet workbook whose sheet1.xml is sheet (text, or gen). */
static void make_xlsx(const char *sheet, Gen *gen, Buf *out)
{
    Part parts[] = {{"xl/workbook.xml", workbook_xml, NULL, false},
                    {"xl/_rels/workbook.xml.rels", rels_xml, NULL, false},
                    {"xl/worksheets/sheet1.xml", sheet, gen, false},
                    {NULL, NULL, NULL, false}};
    make_zip(parts, out);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Makes the archive state size as the uncompressed size of the entry name,
 * in its central directory record and its local header, as a hostile file
 * would. False if the entry is not found (or has ZIP64 sizes). */
static bool lie_about_size(Buf *zip, const char *name, uint32_t size)
{
    unsigned char *z = (unsigned char *)zip->data;
    size_t nlen = strlen(name);
    for (size_t i = 0; i + 46 <= zip->len; i++) {
        if (get32(z + i) != 0x02014b50 || get16(z + i + 28) != nlen || i + 46 + nlen > zip->len ||
            memcmp(z + i + 46, name, nlen) != 0)
            continue;
        if (get32(z + i + 24) == 0xFFFFFFFF)
            return false;
        put32(z + i + 24, size);
        uint32_t local = get32(z + i + 42);
        if (local + 30 > zip->len || get32(z + local) != 0x04034b50)
            return false;
        put32(z + local + 22, size);
        return true;
    }
    return false;
}

/* ---- reading ---- */

/* Reads an XLSX or CSV file (by the name's extension), which must fail with
 * rc and a message containing needle; the message is printed, so that the
 * log shows what a person would read. */
static void check_fails(const char *name, const void *data, size_t len, Err rc, const char *needle)
{
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    bool xlsx = strstr(name, ".xlsx") != NULL;
    Err got = xlsx ? xlsx_read(data, len, &arena, &t, &err)
                   : csv_read(data, len, CSV_ENC_AUTO, &arena, &t, NULL, &err);
    printf("  %s: %s\n", name, err ? err : "(no message)");
    CHECK_INT(got, rc);
    CHECK_HAS(err, needle);
    CHECK_INT(t.nsheets, 0);
    free(err);
    arena_free(&arena);
}

/* The importer refuses the file and builds nothing. */
static void check_import_refused(const char *name, const void *data, size_t len)
{
    ImportResult r;
    memset(&r, 0, sizeof(r));
    Err e = sheet_import_build(name, data, len, &(ImportOptions){.title = "x"}, &r);
    CHECK(e != ERR_OK);
    CHECK(r.json == NULL);
    CHECK(r.nproblems >= 1);
    CHECK_INT(r.nprojects, 0);
    import_result_free(&r);
}

/* ---- the tests ---- */

/* 100,000 rows of five columns, written by libxlsxwriter in its constant
 * memory mode (and the same as CSV), read in bounded memory. First of the
 * tests, so that the high-water mark of memory is this test's own. */
static void test_hundred_thousand_rows(void)
{
    enum { ROWS = 100000, COLS = 5 };
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path("rows.xlsx"));
    char tmpdir[512];
    snprintf(tmpdir, sizeof(tmpdir), "%s", test_path(""));
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "大きい");
    Buf csv = BUF_INIT;
    char text[64];
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLS; c++) {
            if (c == 1) {
                worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, r * 1.5, NULL);
                buf_printf(&csv, ",%g", r * 1.5);
            } else {
                snprintf(text, sizeof(text), "行%d・列%d", r + 1, c + 1);
                worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, text, NULL);
                buf_printf(&csv, "%s%s", c ? "," : "", text);
            }
        }
        buf_puts(&csv, "\r\n");
    }
    CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
    size_t len;
    char *data = test_slurp(path, &len);

    long before = maxrss_mb();
    double t0 = now_s();
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    CHECK_INT(xlsx_read(data, len, &arena, &t, &err), ERR_OK);
    double t1 = now_s();
    if (t.nsheets == 1) {
        CHECK_INT(t.sheets[0].nrows, ROWS);
        CHECK_INT(t.sheets[0].ncols, COLS);
        CHECK_INT(t.sheets[0].ncells, ROWS * COLS);
        CHECK_STR(table_cell(&t.sheets[0], ROWS, 5), "行100000・列5");
        CHECK_STR(table_cell(&t.sheets[0], 3, 2), "3");
    }
    free(err);
    arena_free(&arena);
    free(data);
    long after = maxrss_mb();
    printf("  %d rows from XLSX (%zu KiB): %.2f s, peak memory %ld MB -> %ld MB\n", ROWS,
           len / 1024, t1 - t0, before, after);
    CHECK(after - before < 400 + RSS_SLACK_MB);

    before = after;
    t0 = now_s();
    arena_init(&arena);
    CHECK_INT(csv_read(csv.data, csv.len, CSV_ENC_AUTO, &arena, &t, NULL, &err), ERR_OK);
    t1 = now_s();
    if (t.nsheets == 1) {
        CHECK_INT(t.sheets[0].nrows, ROWS);
        CHECK_INT(t.sheets[0].ncells, ROWS * COLS);
        CHECK_STR(table_cell(&t.sheets[0], ROWS, 1), "行100000・列1");
    }
    arena_free(&arena);
    after = maxrss_mb();
    printf("  %d rows from CSV (%zu KiB): %.2f s, peak memory %ld MB -> %ld MB\n", ROWS,
           csv.len / 1024, t1 - t0, before, after);
    CHECK(after - before < 400 + RSS_SLACK_MB);
    buf_free(&csv);
}

/* A real zip bomb: 300 MiB of zeros in 300 KiB. Refused by the size it
 * states; and when it lies about that size, refused as soon as more comes
 * out than it stated, without inflating the rest or allocating the lie. */
static void test_zip_bomb(void)
{
    Gen zeros = {.head = "", .tail = "", .fill = '\0', .size = 300u << 20};
    Buf f = BUF_INIT;
    double t0 = now_s();
    make_xlsx(NULL, &zeros, &f);
    printf("  the bomb: %zu KiB for 300 MiB (made in %.1f s)\n", f.len / 1024, now_s() - t0);
    CHECK(f.len < 2u << 20);
    long before = maxrss_mb();
    check_fails("bomb.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/worksheets/sheet1.xml: larger than 64 MiB uncompressed");
    check_import_refused("bomb.xlsx", f.data, f.len);

    /* It says 1000 bytes: reading stops at the first chunk past them. */
    CHECK(lie_about_size(&f, "xl/worksheets/sheet1.xml", 1000));
    check_fails("bomb-small-lie.xlsx", f.data, f.len, ERR_INVALID,
                "xl/worksheets/sheet1.xml: damaged (longer than the 1000 bytes it states)");
    check_import_refused("bomb-small-lie.xlsx", f.data, f.len);
    /* It says 64 MiB, just within the limit of a part: the ratio it states
     * (deflate gives at most about 1030:1) gives it away. */
    CHECK(lie_about_size(&f, "xl/worksheets/sheet1.xml", XLSX_MAX_PART));
    check_fails("bomb-ratio-lie.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/worksheets/sheet1.xml: compressed more than 200:1");
    long after = maxrss_mb();
    printf("  peak memory %ld MB -> %ld MB\n", before, after);
    CHECK(after - before < 100 + RSS_SLACK_MB);

    /* A small part that says it is 60 MiB and a ratio that could be true:
     * nothing of the 60 MiB is allocated, the part is short. */
    Gen xml = {.head = "<worksheet><sheetData>",
               .tail = "</sheetData></worksheet>",
               .fill = ' ',
               .size = 1000};
    make_xlsx(NULL, &xml, &f);
    CHECK(lie_about_size(&f, "xl/worksheets/sheet1.xml", 100000));
    check_fails("short-lie.xlsx", f.data, f.len, ERR_INVALID,
                "xl/worksheets/sheet1.xml: damaged (shorter than the 100000 bytes it states)");

    /* 20 MiB of spaces in a sheet: under the limit of a part, over 200:1. */
    Gen spaces = {.head = "<worksheet><sheetData>",
                  .tail = "</sheetData></worksheet>",
                  .fill = ' ',
                  .size = 20u << 20};
    make_xlsx(NULL, &spaces, &f);
    check_fails("ratio.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/worksheets/sheet1.xml: compressed more than 200:1");
    buf_free(&f);
}

/* Many sheets that all point at one 60 MiB part (stored, so no ratio to
 * catch): what is inflated is counted across parts. */
static void test_total_size(void)
{
    Gen big = {.head = "<worksheet><sheetData>",
               .tail = "</sheetData></worksheet>",
               .fill = ' ',
               .size = 60u << 20};
    Buf wb = BUF_INIT;
    buf_puts(&wb, "<workbook><sheets>");
    for (int i = 1; i <= 5; i++)
        buf_printf(&wb, "<sheet name=\"S%d\" sheetId=\"%d\" r:id=\"rId1\"/>", i, i);
    buf_puts(&wb, "</sheets></workbook>");
    Part parts[] = {{"xl/workbook.xml", wb.data, NULL, false},
                    {"xl/_rels/workbook.xml.rels", rels_xml, NULL, false},
                    {"xl/worksheets/sheet1.xml", NULL, &big, true},
                    {NULL, NULL, NULL, false}};
    Buf f = BUF_INIT;
    make_zip(parts, &f);
    check_fails("total.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/worksheets/sheet1.xml: the parts read add up to more than 256 MiB");
    buf_free(&f);
    buf_free(&wb);
}

static void test_many_entries(void)
{
    enum { N = 20000 };
    static char names[N][32];
    Part *parts = calloc(N + 4, sizeof(*parts));
    parts[0] = (Part){"xl/workbook.xml", workbook_xml, NULL, false};
    parts[1] = (Part){"xl/_rels/workbook.xml.rels", rels_xml, NULL, false};
    parts[2] = (Part){"xl/worksheets/sheet1.xml", "<worksheet/>", NULL, false};
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof(names[i]), "xl/media/image%d.png", i);
        parts[3 + i] = (Part){names[i], "x", NULL, true};
    }
    Buf f = BUF_INIT;
    make_zip(parts, &f);
    free(parts);
    check_fails("entries.xlsx", f.data, f.len, ERR_TOO_BIG,
                "the archive has 20003 entries, more than 10000");
    check_import_refused("entries.xlsx", f.data, f.len);
    buf_free(&f);
}

static void test_broken_xml(void)
{
    Buf f = BUF_INIT;
    make_xlsx("<worksheet><sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</c></row>"
              "</sheetData></worksheet>",
              NULL, &f);
    check_fails("mismatched.xlsx", f.data, f.len, ERR_INVALID,
                "Sheet1!A1: mismatched tag (xl/worksheets/sheet1.xml, line 2)");
    check_import_refused("mismatched.xlsx", f.data, f.len);
    make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &bogus; b"
              "</t></is></c></row></sheetData></worksheet>",
              NULL, &f);
    check_fails("entity.xlsx", f.data, f.len, ERR_INVALID, "undefined entity");
    /* A workbook that is not XML at all. */
    Part parts[] = {{"xl/workbook.xml", "\x89PNG not xml", NULL, false}, {NULL, NULL, NULL, false}};
    make_zip(parts, &f);
    check_fails("workbook.xlsx", f.data, f.len, ERR_INVALID, "xl/workbook.xml: not well-formed");
    /* Rows past Excel's last, and out of order. */
    make_xlsx("<worksheet><sheetData><row r=\"1048577\"><c><v>1</v></c></row></sheetData>"
              "</worksheet>",
              NULL, &f);
    check_fails("rows.xlsx", f.data, f.len, ERR_TOO_BIG,
                "Sheet1: row 1048577, past the last row of a sheet (1048576)");
    make_xlsx("<worksheet><sheetData><row r=\"4294967297\"><c><v>1</v></c></row></sheetData>"
              "</worksheet>",
              NULL, &f);
    check_fails("rows-wrap.xlsx", f.data, f.len, ERR_TOO_BIG, "row 4294967297");
    make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>"
              "</sheetData></worksheet>",
              NULL, &f);
    check_fails("cols.xlsx", f.data, f.len, ERR_TOO_BIG, "Sheet1: row 1: more than 16384 columns");
    buf_free(&f);
}

/* Counts over their limits: strings, sheets, styles, merges. */
static void test_counts(void)
{
    Buf xml = BUF_INIT, f = BUF_INIT;
    buf_puts(&xml, "<sst>");
    for (int i = 0; i <= XLSX_MAX_SHARED; i++)
        buf_puts(&xml, "<si/>");
    buf_puts(&xml, "</sst>");
    Part shared[] = {{"xl/workbook.xml", workbook_xml, NULL, false},
                     {"xl/_rels/workbook.xml.rels", rels_xml, NULL, false},
                     {"xl/worksheets/sheet1.xml", "<worksheet/>", NULL, false},
                     {"xl/sharedStrings.xml", xml.data, NULL, false},
                     {NULL, NULL, NULL, false}};
    make_zip(shared, &f);
    check_fails("shared.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/sharedStrings.xml: more than 1000000 shared strings");

    buf_reset(&xml);
    buf_puts(&xml, "<workbook><sheets>");
    for (int i = 0; i <= XLSX_MAX_SHEETS; i++)
        buf_printf(&xml, "<sheet name=\"S%d\" r:id=\"rId1\"/>", i);
    buf_puts(&xml, "</sheets></workbook>");
    Part sheets[] = {{"xl/workbook.xml", xml.data, NULL, false}, {NULL, NULL, NULL, false}};
    make_zip(sheets, &f);
    check_fails("sheets.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/workbook.xml: more than 1000 sheets");

    buf_reset(&xml);
    buf_puts(&xml, "<styleSheet><cellXfs>");
    for (int i = 0; i <= XLSX_MAX_STYLES; i++)
        buf_puts(&xml, "<xf numFmtId=\"14\"/>");
    buf_puts(&xml, "</cellXfs></styleSheet>");
    Part styles[] = {{"xl/workbook.xml", workbook_xml, NULL, false},
                     {"xl/_rels/workbook.xml.rels", rels_xml, NULL, false},
                     {"xl/styles.xml", xml.data, NULL, false},
                     {NULL, NULL, NULL, false}};
    make_zip(styles, &f);
    check_fails("styles.xlsx", f.data, f.len, ERR_TOO_BIG,
                "xl/styles.xml: more than 65536 cell formats");

    buf_reset(&xml);
    buf_puts(&xml, "<worksheet><mergeCells>");
    for (int i = 0; i <= XLSX_MAX_MERGES; i++)
        buf_printf(&xml, "<mergeCell ref=\"A%d:B%d\"/>", i + 1, i + 1);
    buf_puts(&xml, "</mergeCells></worksheet>");
    make_xlsx(xml.data, NULL, &f);
    check_fails("merges.xlsx", f.data, f.len, ERR_TOO_BIG,
                "Sheet1: more than 100000 merged ranges in the workbook");
    buf_free(&xml);
    buf_free(&f);
}

/* Files that are not what their name says. */
static void test_not_xlsx(void)
{
    const char text[] = "方向性,番号,取組み\r\nこれはテキストです\r\n";
    check_fails("text.xlsx", text, strlen(text), ERR_INVALID, "not an XLSX file");
    check_import_refused("text.xlsx", text, strlen(text));
    /* A whole 1x1 PNG. */
    static const unsigned char png[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99,
        0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    check_fails("image.xlsx", png, sizeof(png), ERR_INVALID, "not an XLSX file");
    check_import_refused("image.xlsx", png, sizeof(png));
    /* A PNG named .csv: bytes that are neither UTF-8 nor CP932. */
    check_fails("image.csv", png, sizeof(png), ERR_INVALID,
                "not UTF-8 or Shift_JIS (CP932) at byte");
    check_fails("empty.xlsx", "", 0, ERR_INVALID, "not an XLSX file (the file is empty)");
}

/* CSV text in the wrong encoding, or in none. */
static void test_encodings(void)
{
    /* "課,事業名\r\n健康,相談\r\n" in CP932. */
    const char cp932[] =
        "\x89\xdb,\x8e\x96\x8b\xc6\x96\xbc\r\n\x8c\x92\x8d\x4e,\x91\x8a\x92\x6b\r\n";
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    CHECK_INT(csv_read(cp932, strlen(cp932), CSV_ENC_UTF8, &arena, &t, NULL, &err), ERR_INVALID);
    printf("  cp932 read as UTF-8: %s\n", err ? err : "");
    CHECK_HAS(err, "row 1: not UTF-8 at byte 0 (the file was read as UTF-8)");
    free(err);
    /* A UTF-8 BOM before CP932 text: the BOM is believed. */
    Buf bom = BUF_INIT;
    buf_printf(&bom, "\xEF\xBB\xBF%s", cp932);
    check_fails("bom-cp932.csv", bom.data, bom.len, ERR_INVALID, "as its BOM says");
    buf_free(&bom);
    /* The same guessed: read right. */
    CsvReadEncoding used;
    CHECK_INT(csv_read(cp932, strlen(cp932), CSV_ENC_AUTO, &arena, &t, &used, &err), ERR_OK);
    CHECK_INT(used, CSV_ENC_CP932);
    if (t.nsheets == 1)
        CHECK_STR(table_cell(&t.sheets[0], 2, 2), "相談");
    arena_free(&arena);
    /* UTF-8 with a byte that is neither, on row 3, and a cut character. */
    const char bad[] = "課,事業\r\n健康,相談\r\n福祉,\xff\xfe\r\n";
    check_fails("bad-bytes.csv", bad, strlen(bad), ERR_INVALID,
                "row 3: not UTF-8 or Shift_JIS (CP932)");
    /* A character cut short (as UTF-8; as CP932 it would be a character). */
    const char cut[] = "a,b\r\nc,\xe7\x9b";
    arena_init(&arena);
    CHECK_INT(csv_read(cut, strlen(cut), CSV_ENC_UTF8, &arena, &t, NULL, &err), ERR_INVALID);
    CHECK_HAS(err, "row 2: not UTF-8 at byte 7");
    free(err);
    arena_free(&arena);
    /* Invalid UTF-8 inside an XLSX cell. */
    Buf f = BUF_INIT;
    make_xlsx("<worksheet><sheetData><row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>a\xc3"
              "b</t></is></c></row></sheetData></worksheet>",
              NULL, &f);
    check_fails("utf8.xlsx", f.data, f.len, ERR_INVALID, "Sheet1!C2");
    buf_free(&f);
}

/* Quotes left open, and the CSV limits. */
static void test_csv_quotes_and_limits(void)
{
    const char open[] = "a,b\r\nc,d\r\n\"e,f\r\ng,h\r\n";
    check_fails("open.csv", open, strlen(open), ERR_INVALID,
                "row 3: a quoted field is not closed before the end of the file");
    check_import_refused("open.csv", open, strlen(open));
    /* The same quote before 1 MiB more: the field is refused as soon as it
     * is too long, naming the row where it began. */
    Buf b = BUF_INIT;
    buf_puts(&b, "a,b\r\n\"c");
    for (int i = 0; i < 1 << 20; i++)
        buf_putc(&b, i % 64 == 63 ? '\n' : 'x');
    check_fails("long-open.csv", b.data, b.len, ERR_TOO_BIG,
                "row 2: a field longer than 256 KiB (is a quote left open?)");
    buf_reset(&b);
    for (int i = 0; i < CSV_READ_MAX_ROWS; i++)
        buf_puts(&b, "\r\n");
    buf_puts(&b, "x\r\n");
    check_fails("rows.csv", b.data, b.len, ERR_TOO_BIG, "row 1048577: more than 1048576 rows");
    /* The last row Excel has is fine, even with a line break after it. */
    buf_reset(&b);
    for (int i = 1; i < CSV_READ_MAX_ROWS; i++)
        buf_puts(&b, "\n");
    buf_puts(&b, "x\n");
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    CHECK_INT(csv_read(b.data, b.len, CSV_ENC_AUTO, &arena, &t, NULL, &err), ERR_OK);
    if (t.nsheets == 1)
        CHECK_STR(table_cell(&t.sheets[0], CSV_READ_MAX_ROWS, 1), "x");
    free(err);
    arena_free(&arena);
    buf_reset(&b);
    buf_puts(&b, "a\r\n");
    for (int i = 0; i <= CSV_READ_MAX_COLS; i++)
        buf_puts(&b, "y,");
    check_fails("cols.csv", b.data, b.len, ERR_TOO_BIG, "row 2: more than 16384 fields in the row");
    buf_free(&b);
}

/* A sheet with a header row and many merged ranges (half the reader's limit),
 * each covering an empty cell of a body row: the importer looks a merge up
 * for every empty cell, which must not cost a scan of all of them (that took
 * minutes). Measured, and bounded loosely, so that only the quadratic fails. */
static void test_many_merges(void)
{
    enum { MERGES = XLSX_MAX_MERGES / 2, ROWS = 5000 };
    Buf xml = BUF_INIT, f = BUF_INIT;
    buf_puts(&xml, "<worksheet><sheetData><row r=\"1\">"
                   "<c r=\"A1\" t=\"inlineStr\"><is><t>方向性</t></is></c>"
                   "<c r=\"B1\" t=\"inlineStr\"><is><t>番号</t></is></c>"
                   "<c r=\"C1\" t=\"inlineStr\"><is><t>局区</t></is></c>"
                   "<c r=\"D1\" t=\"inlineStr\"><is><t>課</t></is></c>"
                   "<c r=\"E1\" t=\"inlineStr\"><is><t>事業名・取組名</t></is></c></row>");
    for (int r = 2; r <= ROWS; r++)
        buf_printf(&xml, "<row r=\"%d\"><c r=\"F%d\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
                   r, r);
    buf_puts(&xml, "</sheetData><mergeCells>");
    for (int i = 0; i < MERGES; i++)
        buf_printf(&xml, "<mergeCell ref=\"G%d:H%d\"/>", i + 2, i + 2);
    buf_puts(&xml, "</mergeCells></worksheet>");
    make_xlsx(xml.data, NULL, &f);
    double t0 = now_s();
    ImportResult r;
    Err e = sheet_import_build("merges.xlsx", f.data, f.len, &(ImportOptions){.title = "x"}, &r);
    double took = now_s() - t0;
    printf("  %d merged ranges, %d rows: refused in %.3f s\n", MERGES, ROWS, took);
    CHECK_INT(e, ERR_INVALID);
    CHECK(r.json == NULL);
    CHECK(took < 5.0); /* the quadratic search took 10 s here; this one 0.04 s */
    import_result_free(&r);
    buf_free(&xml);
    buf_free(&f);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_bad_files PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    (void)argv;
    log_set_quiet(1);
    TEST_RUN(test_hundred_thousand_rows);
    TEST_RUN(test_zip_bomb);
    TEST_RUN(test_total_size);
    TEST_RUN(test_many_entries);
    TEST_RUN(test_broken_xml);
    TEST_RUN(test_counts);
    TEST_RUN(test_not_xlsx);
    TEST_RUN(test_encodings);
    TEST_RUN(test_csv_quotes_and_limits);
    TEST_RUN(test_many_merges);
    test_cleanup();
    return TEST_DONE("bad_files");
}
