/* The XLSX reader on files written by the program's own writer, by
 * libxlsxwriter directly and by hand (libzip), and on damaged ones: those
 * must give ERR_INVALID with a message, never a crash (the ASan build runs
 * this too). argv[2] is the source directory. */
#include <jansson.h>
#include <xlsxwriter.h>
#include <zip.h>
#include "base/log.h"
#include "export/export.h"
#include "import/xlsx_read.h"
#include "testdb.h"
#include "testlib.h"

enum { MAX_ROWS = 64, MAX_COLS = 64, NCOLS = 17, BODY = 7 };

static const char *source_dir;
static Buf demo = BUF_INIT; /* the demo sheet as written by export_xlsx */
static Merge demo_merges[64];
static int demo_nmerges;

/* What the demo sheet must show, built from the seed alone (as
 * tests/export/test_xlsx.c does): 0-based rows and columns, NULL where empty. */
static char *want[MAX_ROWS][MAX_COLS];

static void want_set(int r, int c, const char *text)
{
    if (r < MAX_ROWS && c < MAX_COLS && text && text[0]) {
        free(want[r][c]);
        want[r][c] = strdup(text);
    }
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void expected_grid(json_t *seed)
{
    json_t *doc = json_object_get(seed, "document"), *plan = json_object_get(seed, "plan");
    json_t *checks = json_object_get(seed, "checks"), *fields = json_object_get(seed, "fields");
    char text[1024];
    want_set(0, 0, jstr(doc, "title"));
    want_set(0, NCOLS - 1, jstr(doc, "meeting"));
    snprintf(text, sizeof(text), "%s %s", jstr(plan, "title"),
             jstr(json_object_get(plan, "period"), "label"));
    want_set(1, 0, text);
    want_set(1, NCOLS - 1, jstr(doc, "material_no"));
    want_set(2, NCOLS - 1, jstr(doc, "date"));
    want_set(4, 0, jstr(plan, "chapter_label"));
    want_set(4, 5, jstr(plan, "baseline_label"));
    want_set(5, 5, jstr(plan, "related_label"));
    const char *heads[] = {"方向性", "番号", "取組み",         "内容",    "局区等",
                           "局区",   "課",   "事業名・取組名", "事業概要"};
    for (int c = 0; c < 9; c++)
        want_set(6, c, heads[c]);
    for (int y = 0; y < 2; y++) {
        json_t *ck = json_array_get(checks, (size_t)y);
        snprintf(text, sizeof(text), "%s\n%s", jstr(ck, "label"), jstr(ck, "grasped"));
        want_set(4, 9 + 4 * y, text);
        want_set(5, 9 + 4 * y, jstr(ck, "fiscal_year"));
        for (int f = 0; f < 4; f++) {
            json_t *fd = json_array_get(fields, (size_t)f);
            snprintf(text, sizeof(text), "%s\n[%s]", jstr(fd, "label"), jstr(fd, "checkpoint"));
            want_set(6, 9 + 4 * y + f, text);
        }
    }
    int r = BODY;
    json_t *in;
    size_t i;
    json_array_foreach(json_object_get(seed, "initiatives"), i, in)
    {
        json_t *projects = json_object_get(in, "projects"), *b, *p;
        int n = json_array_size(projects) > 0 ? (int)json_array_size(projects) : 1;
        want_set(r, 0, jstr(in, "direction"));
        snprintf(text, sizeof(text), "%lld",
                 (long long)json_integer_value(json_object_get(in, "number")));
        want_set(r, 1, text);
        want_set(r, 2, jstr(in, "title"));
        want_set(r, 3, jstr(in, "content"));
        Buf bureaus = BUF_INIT;
        size_t j;
        json_array_foreach(json_object_get(in, "bureaus"), j, b)
        {
            buf_puts(&bureaus, j ? "\n" : "");
            buf_puts(&bureaus, json_string_value(b));
        }
        want_set(r, 4, bureaus.data);
        buf_free(&bureaus);
        json_array_foreach(projects, j, p)
        {
            const char *cols[] = {"bureau", "section", "name", "summary"};
            for (int c = 0; c < 4; c++)
                want_set(r + (int)j, 5 + c, jstr(p, cols[c]));
            for (int y = 0; y < 2; y++) {
                json_t *a = json_object_get(json_object_get(p, "answers"), y ? "2020" : "2019");
                for (int f = 0; f < 4 && a; f++)
                    want_set(r + (int)j, 9 + 4 * y + f,
                             jstr(a, jstr(json_array_get(fields, (size_t)f), "key")));
            }
        }
        r += n;
    }
}

/* Exports the demo plan into demo, noting the merges of initiatives' own
 * cells over their project rows as the layout asks for them. */
static void prepare(void)
{
    char seed_path[1024];
    snprintf(seed_path, sizeof(seed_path), "%s/data/demo/sendai.json", source_dir);
    json_t *seed = json_load_file(seed_path, 0, NULL);
    if (!seed) {
        fprintf(stderr, "cannot read %s\n", seed_path);
        exit(2);
    }
    expected_grid(seed);
    json_decref(seed);
    Db *db = test_db("x.db", true);
    Arena arena;
    arena_init(&arena);
    SheetQuery q = {0};
    Sheet sheet;
    const char *bad = NULL;
    char *err = NULL;
    Err rc = sheet_load(db, &arena, 1, &q, &sheet, &bad);
    if (rc == ERR_OK) {
        SheetLayout l;
        ExportOptions o = {.era = ERA_JAPANESE, .lang = LANG_JA};
        sheet_layout(&sheet, &o, &arena, &l);
        rc = export_xlsx(&l, &demo, &err);
        int row = BODY + 1;
        for (int i = 0; i < sheet.ninitiatives; i++) {
            int n = sheet.initiatives[i].nprojects;
            for (int c = 0; c < l.ncols && n > 1 && demo_nmerges < 64; c++)
                if (l.cols[c].per_initiative)
                    demo_merges[demo_nmerges++] = (Merge){row, c + 1, row + n - 1, c + 1};
            row += n > 0 ? n : 1;
        }
    }
    if (rc != ERR_OK) {
        fprintf(stderr, "cannot export the demo: %s\n", err ? err : "?");
        exit(2);
    }
    free(err);
    arena_free(&arena);
    db_close(db);
}

static Err read_buf(const void *data, size_t len, Arena *arena, Table *t, char **err)
{
    *err = NULL;
    return xlsx_read(data, len, arena, t, err);
}

static bool has_merge(const TableSheet *s, Merge m)
{
    for (int i = 0; i < s->nmerges; i++)
        if (memcmp(&s->merges[i], &m, sizeof(m)) == 0)
            return true;
    return false;
}

static void test_col_name_and_cell(void)
{
    char name[8];
    int cols[] = {1, 26, 27, 52, 702, 703, 16384};
    const char *names[] = {"A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"};
    for (int i = 0; i < 7; i++) {
        table_col_name(cols[i], name);
        CHECK_STR(name, names[i]);
    }
    Cell cells[] = {{1, 1, "a"}, {1, 3, "c"}, {2, 2, "e"}, {5, 1, "z"}};
    TableSheet s = {.cells = cells, .ncells = 4};
    CHECK_STR(table_cell(&s, 1, 1), "a");
    CHECK_STR(table_cell(&s, 1, 3), "c");
    CHECK_STR(table_cell(&s, 2, 2), "e");
    CHECK_STR(table_cell(&s, 5, 1), "z");
    CHECK(table_cell(&s, 1, 2) == NULL);
    CHECK(table_cell(&s, 6, 1) == NULL);
    CHECK(table_cell(&s, 0, 0) == NULL);
}

/* Every cell of the demo sheet where the seed says, no cell more. */
static void test_demo_sheet(void)
{
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err;
    CHECK_INT(read_buf(demo.data, demo.len, &arena, &t, &err), ERR_OK);
    CHECK(err == NULL);
    CHECK_INT(t.nsheets, 1);
    if (t.nsheets == 1) {
        const TableSheet *s = &t.sheets[0];
        int nwant = 0, nrows = 0;
        for (int r = 0; r < MAX_ROWS; r++)
            for (int c = 0; c < MAX_COLS; c++) {
                const char *got = table_cell(s, r + 1, c + 1);
                if (want[r][c]) {
                    nwant++;
                    nrows = r + 1;
                    if (!got || strcmp(got, want[r][c]) != 0)
                        fprintf(stderr, "  %d,%d: got \"%s\", want \"%s\"\n", r + 1, c + 1,
                                got ? got : "(none)", want[r][c]);
                    CHECK(got && strcmp(got, want[r][c]) == 0);
                } else {
                    CHECK(got == NULL);
                }
            }
        CHECK_INT(s->ncells, nwant);
        CHECK_INT(s->nrows, nrows);
        CHECK_INT(s->ncols, NCOLS);
        for (int i = 1; i < s->ncells; i++)
            CHECK(
                s->cells[i - 1].row < s->cells[i].row ||
                (s->cells[i - 1].row == s->cells[i].row && s->cells[i - 1].col < s->cells[i].col));
        CHECK(demo_nmerges > 0);
        for (int i = 0; i < demo_nmerges; i++)
            CHECK(has_merge(s, demo_merges[i]));
        CHECK(s->nmerges > demo_nmerges); /* the header's groups too */
    }
    arena_free(&arena);
}

static bool slurp(const char *path, Buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
    return true;
}

static void test_libxlsxwriter(void)
{
    const char *path = test_path("lxw.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws1 = workbook_add_worksheet(wb, "進捗状況");
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "集計表");
    lxw_format *iso = workbook_add_format(wb), *ja = workbook_add_format(wb);
    lxw_format *builtin = workbook_add_format(wb), *fixed = workbook_add_format(wb);
    lxw_format *bold = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    format_set_num_format(ja, "yyyy\"年\"m\"月\"d\"日\"");
    format_set_num_format_index(builtin, 14);
    format_set_num_format(fixed, "0.00\"日\"");
    format_set_bold(bold);
    lxw_datetime when = {2019, 9, 11, 0, 0, 0};
    worksheet_write_string(ws1, 0, 0, "仙台市", NULL);
    worksheet_write_number(ws1, 1, 0, 42, NULL);
    worksheet_write_number(ws1, 2, 0, 3.25, NULL);
    worksheet_write_datetime(ws1, 3, 0, &when, iso);
    worksheet_write_boolean(ws1, 4, 0, 1, NULL);
    worksheet_write_boolean(ws1, 4, 1, 0, NULL);
    worksheet_write_string(ws1, 5, 0, "一行目\n二行目", NULL);
    worksheet_write_string(ws1, 6, 0, "  先頭に空白", NULL);
    lxw_rich_string_tuple f1 = {.format = bold, .string = "太字"};
    lxw_rich_string_tuple f2 = {.format = NULL, .string = "と普通"};
    lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
    worksheet_write_rich_string(ws1, 7, 0, rich, NULL);
    worksheet_write_datetime(ws1, 8, 0, &when, ja);
    worksheet_write_datetime(ws1, 9, 0, &when, builtin);
    worksheet_write_number(ws1, 10, 0, 43719, fixed);
    worksheet_write_string(ws1, 11, 0, "", NULL);
    worksheet_write_string(ws1, 12, 0, "a\x01z", NULL); /* written as _x0001_ */
    worksheet_merge_range(ws1, 0, 1, 1, 3, "結合", NULL);
    worksheet_write_string(ws2, 4, 3, "仙台市", NULL); /* the same shared string */
    worksheet_write_formula_str(ws2, 0, 0, "=\"A\"&\"B\"", NULL, "AB");
    CHECK_INT(workbook_close(wb), LXW_NO_ERROR);

    Buf file = BUF_INIT;
    CHECK(slurp(path, &file));
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err;
    CHECK_INT(read_buf(file.data, file.len, &arena, &t, &err), ERR_OK);
    if (err)
        fprintf(stderr, "  %s\n", err);
    CHECK_INT(t.nsheets, 2);
    if (t.nsheets == 2) {
        const TableSheet *s = &t.sheets[0];
        CHECK_STR(s->name, "進捗状況");
        CHECK_STR(t.sheets[1].name, "集計表");
        CHECK_STR(table_cell(s, 1, 1), "仙台市");
        CHECK_STR(table_cell(s, 2, 1), "42");
        CHECK_STR(table_cell(s, 3, 1), "3.25");
        CHECK_STR(table_cell(s, 4, 1), "2019-09-11");
        CHECK_STR(table_cell(s, 5, 1), "TRUE");
        CHECK_STR(table_cell(s, 5, 2), "FALSE");
        CHECK_STR(table_cell(s, 6, 1), "一行目\n二行目");
        CHECK_STR(table_cell(s, 7, 1), "  先頭に空白");
        CHECK_STR(table_cell(s, 8, 1), "太字と普通");
        CHECK_STR(table_cell(s, 9, 1), "2019-09-11");
        CHECK_STR(table_cell(s, 10, 1), "2019-09-11");
        CHECK_STR(table_cell(s, 11, 1), "43719"); /* 0.00"日" is no date */
        CHECK(table_cell(s, 12, 1) == NULL);
        CHECK_STR(table_cell(s, 13, 1), "a\x01z");
        CHECK_STR(table_cell(s, 1, 2), "結合");
        CHECK(table_cell(s, 1, 3) == NULL);
        CHECK_INT(s->nmerges, 1);
        CHECK(has_merge(s, (Merge){1, 2, 2, 4}));
        CHECK_INT(s->nrows, 13);
        CHECK_INT(s->ncols, 4);
        const TableSheet *s2 = &t.sheets[1];
        CHECK_STR(table_cell(s2, 5, 4), "仙台市");
        CHECK_STR(table_cell(s2, 1, 1), "AB");
        CHECK_INT(s2->ncells, 2);
        CHECK_INT(s2->nrows, 5);
        CHECK_INT(s2->ncols, 4);
    }
    arena_free(&arena);
    free(err);
    buf_free(&file);
}

/* constant_memory makes libxlsxwriter write inline strings. */
static void test_inline_strings(void)
{
    const char *path = test_path("inline.xlsx");
    lxw_workbook_options o = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "一覧");
    worksheet_write_string(ws, 0, 0, "インライン", NULL);
    worksheet_write_string(ws, 1, 2, "  空白\n改行", NULL);
    worksheet_write_number(ws, 2, 0, -7.5, NULL);
    CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
    Buf file = BUF_INIT;
    CHECK(slurp(path, &file));
    CHECK(memmem(file.data, file.len, "sharedStrings", 13) == NULL);
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err;
    CHECK_INT(read_buf(file.data, file.len, &arena, &t, &err), ERR_OK);
    if (t.nsheets == 1) {
        CHECK_STR(table_cell(&t.sheets[0], 1, 1), "インライン");
        CHECK_STR(table_cell(&t.sheets[0], 2, 3), "  空白\n改行");
        CHECK_STR(table_cell(&t.sheets[0], 3, 1), "-7.5");
        CHECK_INT(t.sheets[0].ncells, 3);
    }
    arena_free(&arena);
    free(err);
    buf_free(&file);
}

/* A zip of the given parts (name, content pairs, NULL-terminated) into out. */
static void make_zip(const char *const *parts, Buf *out)
{
    const char *path = test_path("hand.zip");
    unlink(path);
    int e;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    for (int i = 0; z && parts[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        if (zip_file_add(z, parts[i], s, 0) < 0)
            zip_source_free(s);
    }
    if (!z || zip_close(z) != 0)
        fprintf(stderr, "  cannot write %s\n", path);
    buf_reset(out);
    slurp(path, out);
}

static const char workbook_xml[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] = "<Relationships><Relationship Id=\"rId1\" "
                               "Target=\"worksheets/sheet1.xml\"/></Relationships>";

/* A one-sheet workbook by hand: sheet1.xml and the shared strings (or NULL). */
static void make_xlsx(const char *sheet, const char *shared, Buf *out)
{
    const char *parts[] = {"xl/workbook.xml",
                           workbook_xml,
                           "xl/_rels/workbook.xml.rels",
                           rels_xml,
                           "xl/worksheets/sheet1.xml",
                           sheet,
                           shared ? "xl/sharedStrings.xml" : NULL,
                           shared,
                           NULL};
    make_zip(parts, out);
}

/* Reads data, which must fail with rc and a message containing needle. */
static void check_fails(const void *data, size_t len, Err rc, const char *needle)
{
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err;
    CHECK_INT(read_buf(data, len, &arena, &t, &err), rc);
    CHECK_HAS(err, needle);
    CHECK_INT(t.nsheets, 0);
    free(err);
    arena_free(&arena);
}

/* Cells without r, a row without r, prefixed names, phonetic guides,
 * _x escapes, 1900's leap-year bug, the same cell twice. */
static const char hand_sheet[] =
    "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData>"
    "<x:row><x:c t=\"inlineStr\"><x:is><x:t>one</x:t></x:is></x:c>"
    "<x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
    "<x:row r=\"4\"><x:c r=\"C4\"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c>"
    "<x:c r=\"C4\"><x:v>3</x:v></x:c></x:row>"
    "<x:row><x:c s=\"1\"><x:v>59</x:v></x:c><x:c s=\"1\"><x:v>60</x:v></x:c>"
    "<x:c s=\"1\"><x:v>61</x:v></x:c><x:c s=\"1\"><x:v>43719.75</x:v></x:c>"
    "<x:c s=\"1\"><x:v>abc</x:v></x:c><x:c s=\"2\"><x:v>43719</x:v></x:c></x:row>"
    "</x:sheetData><x:mergeCells><x:mergeCell ref=\"B2:A1\"/></x:mergeCells>"
    "</x:worksheet>";
static const char hand_shared[] =
    "<sst><si><r><t>仙台</t></r><r><t xml:space=\"preserve\"> 市_x005F_x0041_</t></r>"
    "<rPh><t>センダイ</t></rPh></si></sst>";
/* Style 1 a built-in date format, 2 a custom Japanese one; the xf outside
 * cellXfs does not count. */
static const char hand_styles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"200\" "
    "formatCode=\"[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"200\"/></cellXfs>"
    "</styleSheet>";

static void test_hand_made(void)
{
    Buf f = BUF_INIT;
    make_xlsx(hand_sheet, hand_shared, &f);
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err;
    CHECK_INT(read_buf(f.data, f.len, &arena, &t, &err), ERR_OK);
    if (err)
        fprintf(stderr, "  %s\n", err);
    free(err);
    if (t.nsheets == 1) {
        const TableSheet *s = &t.sheets[0];
        CHECK_STR(table_cell(s, 1, 1), "one");
        CHECK_STR(table_cell(s, 1, 2), "仙台 市_x0041_");
        CHECK_STR(table_cell(s, 1, 3), "#N/A");
        CHECK_STR(table_cell(s, 4, 3), "3");
        CHECK_STR(table_cell(s, 4, 4), "2");
        CHECK_STR(table_cell(s, 5, 1), "59"); /* no styles.xml: numbers */
        CHECK(has_merge(s, (Merge){1, 1, 2, 2}));
        CHECK_INT(s->nrows, 5);
        CHECK_INT(s->ncols, 6);
    }
    arena_free(&arena);

    const char *parts[] = {"xl/workbook.xml",
                           workbook_xml,
                           "xl/_rels/workbook.xml.rels",
                           rels_xml,
                           "xl/worksheets/sheet1.xml",
                           hand_sheet,
                           "xl/sharedStrings.xml",
                           hand_shared,
                           "xl/styles.xml",
                           hand_styles,
                           NULL};
    make_zip(parts, &f);
    arena_init(&arena);
    CHECK_INT(read_buf(f.data, f.len, &arena, &t, &err), ERR_OK);
    if (err)
        fprintf(stderr, "  %s\n", err);
    free(err);
    if (t.nsheets == 1) {
        const TableSheet *s = &t.sheets[0];
        CHECK_STR(table_cell(s, 5, 1), "1900-02-28");
        CHECK_STR(table_cell(s, 5, 2), "60"); /* 1900-02-29 never was */
        CHECK_STR(table_cell(s, 5, 3), "1900-03-01");
        CHECK_STR(table_cell(s, 5, 4), "2019-09-11");
        CHECK_STR(table_cell(s, 5, 5), "abc");
        CHECK_STR(table_cell(s, 5, 6), "2019-09-11");
    }
    arena_free(&arena);
    buf_free(&f);
}

static void test_damaged(void)
{
    check_fails("hello", 5, ERR_INVALID, "not an XLSX file");
    check_fails("", 0, ERR_INVALID, "not an XLSX file");
    Buf f = BUF_INIT;
    const char *no_workbook[] = {"[Content_Types].xml", "<Types/>", NULL};
    make_zip(no_workbook, &f);
    check_fails(f.data, f.len, ERR_INVALID, "xl/workbook.xml: missing");

    make_xlsx("<worksheet><sheetData>\n<row>\n<c><v>1</v></c></row>\n", NULL, &f);
    check_fails(f.data, f.len, ERR_INVALID, "xl/worksheets/sheet1.xml: no element found (line 4)");
    make_xlsx("<worksheet>\n<sheetData>\n<row><c r=\"B3\" t=\"inlineStr\"><is><t>a\xff"
              "b</t></is></c></row></sheetData></worksheet>",
              NULL, &f);
    check_fails(f.data, f.len, ERR_INVALID, "Sheet1!B3");
    check_fails(f.data, f.len, ERR_INVALID, "line 3");
    make_xlsx("<worksheet><sheetData><row><c r=\"B3\" t=\"s\"><v>7</v></c></row></sheetData>"
              "</worksheet>",
              "<sst><si><t>x</t></si></sst>", &f);
    check_fails(f.data, f.len, ERR_INVALID, "Sheet1!B3: shared string \"7\" does not exist");
    make_xlsx("<worksheet><sheetData><row><c r=\"XFE1\"><v>1</v></c></row></sheetData>"
              "</worksheet>",
              NULL, &f);
    check_fails(f.data, f.len, ERR_INVALID, "XFE1");
    make_xlsx("<!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
              "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
              "</sheetData></worksheet>",
              NULL, &f);
    check_fails(f.data, f.len, ERR_INVALID, "document type");
    const char *no_sheet[] = {"xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels",
                              rels_xml, NULL};
    make_zip(no_sheet, &f);
    check_fails(f.data, f.len, ERR_INVALID, "xl/worksheets/sheet1.xml: missing");

    /* Cut short anywhere, or with a byte changed: an answer, never a crash. */
    int invalid = 0;
    for (size_t len = 0; len < demo.len; len += 1 + len / 16) {
        check_fails(demo.data, len, ERR_INVALID, "");
        invalid++;
    }
    char *copy = malloc(demo.len);
    for (size_t at = 0; at < demo.len; at += 97) {
        memcpy(copy, demo.data, demo.len);
        copy[at] ^= 0x5A;
        Arena arena;
        arena_init(&arena);
        Table t;
        char *err;
        Err rc = read_buf(copy, demo.len, &arena, &t, &err);
        CHECK(rc == ERR_OK || (rc == ERR_INVALID && err && err[0]));
        free(err);
        arena_free(&arena);
    }
    free(copy);
    CHECK(invalid > 0);
    buf_free(&f);
}

static void test_limits(void)
{
    /* A part that unpacks to more than 64 MiB is refused before it is read. */
    size_t big = (size_t)XLSX_MAX_PART + 1;
    char *spaces = malloc(big + 1);
    memset(spaces, ' ', big);
    spaces[big] = '\0';
    Buf f = BUF_INIT;
    const char *parts[] = {"xl/workbook.xml", spaces, NULL};
    make_zip(parts, &f);
    free(spaces);
    check_fails(f.data, f.len, ERR_TOO_BIG, "xl/workbook.xml: larger than 64 MiB");

    /* One cell more than allowed. */
    Buf xml = BUF_INIT;
    buf_puts(&xml, "<worksheet><sheetData>");
    for (int r = 0; r < XLSX_MAX_CELLS / 1000 + 1; r++) {
        buf_puts(&xml, "<row>");
        for (int c = 0; c < 1000; c++)
            buf_puts(&xml, "<c><v>1</v></c>");
        buf_puts(&xml, "</row>");
    }
    buf_puts(&xml, "</sheetData></worksheet>");
    make_xlsx(xml.data, NULL, &f);
    check_fails(f.data, f.len, ERR_TOO_BIG, "Sheet1: more than 1000000 cells");
    buf_free(&xml);
    buf_free(&f);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_xlsx_read PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    source_dir = argv[2];
    log_set_quiet(1);
    prepare();
    TEST_RUN(test_col_name_and_cell);
    TEST_RUN(test_demo_sheet);
    TEST_RUN(test_libxlsxwriter);
    TEST_RUN(test_inline_strings);
    TEST_RUN(test_hand_made);
    TEST_RUN(test_damaged);
    TEST_RUN(test_limits);
    for (int r = 0; r < MAX_ROWS; r++)
        for (int c = 0; c < MAX_COLS; c++)
            free(want[r][c]);
    buf_free(&demo);
    test_cleanup();
    return TEST_DONE("xlsx_read");
}
