/* The demo sheet as an XLSX file, read back by two readers that share nothing
 * with libxlsxwriter: LibreOffice (every cell's text, through its CSV export)
 * and exceljs (page setup, merges, panes, footer, formulas, look, sizes).
 * A value such as "=1+1" must stay text, a plan title become a valid tab name,
 * an initiative without projects one row. The summary (集計) and the
 * indicators (評価指標) on worksheets of their own, printed like the sheet, and
 * a shared project marked 共通. argv[1] is the built binary, argv[2]
 * the source directory. The files are kept in artifacts/ of the working
 * directory (the build directory under ctest). */
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include "base/log.h"
#include "export/export.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"
#include "testtables.h"

enum { MAX_ROWS = 64, MAX_COLS = 64, NCOLS = 17, BODY = 7 };

/* A table of texts: a CSV file read back, or what it must hold. */
typedef struct Grid {
    int nrows;                      /* rows read */
    int ncols[MAX_ROWS];            /* fields of each row */
    char *cell[MAX_ROWS][MAX_COLS]; /* malloc'd; NULL where none */
} Grid;

static const char *source_dir;
static json_t *seed;            /* data/demo/sendai.json */
static json_t *summary;         /* xlsx_check.mjs on sheet.xlsx */
static json_t *formula_summary; /* ... on formula.xlsx */
static Grid sheet_csv, formula_csv, want;
static double export_ms;

static void grid_set(Grid *g, int r, int c, const char *text)
{
    if (r >= MAX_ROWS || c >= MAX_COLS)
        return;
    free(g->cell[r][c]);
    g->cell[r][c] = strdup(text);
    if (g->nrows <= r)
        g->nrows = r + 1;
    if (g->ncols[r] <= c)
        g->ncols[r] = c + 1;
}

static void grid_free(Grid *g)
{
    for (int r = 0; r < MAX_ROWS; r++)
        for (int c = 0; c < MAX_COLS; c++)
            free(g->cell[r][c]);
    memset(g, 0, sizeof(*g));
}

static const char *grid_get(const Grid *g, int r, int c)
{
    return r < MAX_ROWS && c < MAX_COLS && g->cell[r][c] ? g->cell[r][c] : "";
}

/* RFC 4180: quoted fields may hold commas, doubled quotes and newlines. */
static void parse_csv(const char *s, Grid *g)
{
    Buf field = BUF_INIT;
    int r = 0, c = 0;
    while (*s) {
        buf_reset(&field);
        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                if (*s == '"')
                    s++;
                buf_putc(&field, *s);
            }
            if (*s == '"')
                s++;
        } else {
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                buf_putc(&field, *s++);
        }
        grid_set(g, r, c, field.data);
        if (*s == ',') {
            s++;
            c++;
        } else {
            s += s[0] == '\r' && s[1] == '\n' ? 2 : *s ? 1 : 0;
            r++;
            c = 0;
        }
    }
    buf_free(&field);
}

static void grid_from_json(json_t *rows, Grid *g)
{
    json_t *row, *v;
    size_t r, c;
    json_array_foreach(rows, r, row)
    {
        json_array_foreach(row, c, v) grid_set(g, (int)r, (int)c, json_string_value(v));
        if (json_array_size(row) == 0 && (int)r < MAX_ROWS)
            g->nrows = (int)r + 1;
    }
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* What the sheet must show, built from the seed alone (not from the layout
 * code): the seed's column order, the initiative's cells in its first row. */
static void expected_grid(Grid *g)
{
    json_t *doc = json_object_get(seed, "document"), *plan = json_object_get(seed, "plan");
    json_t *checks = json_object_get(seed, "checks"), *fields = json_object_get(seed, "fields");
    char text[1024];
    for (int r = 0; r < BODY; r++)
        grid_set(g, r, NCOLS - 1, "");
    grid_set(g, 0, 0, jstr(doc, "title"));
    grid_set(g, 0, NCOLS - 1, jstr(doc, "meeting"));
    snprintf(text, sizeof(text), "%s %s", jstr(plan, "title"),
             jstr(json_object_get(plan, "period"), "label"));
    grid_set(g, 1, 0, text);
    grid_set(g, 1, NCOLS - 1, jstr(doc, "material_no"));
    grid_set(g, 2, NCOLS - 1, jstr(doc, "date"));
    grid_set(g, 4, 0, jstr(plan, "chapter_label"));
    grid_set(g, 4, 5, jstr(plan, "baseline_label"));
    grid_set(g, 5, 5, jstr(plan, "related_label"));
    const char *heads[] = {"方向性", "番号", "取組み",         "内容",    "局区等",
                           "局区",   "課",   "事業名・取組名", "事業概要"};
    for (int c = 0; c < 9; c++)
        grid_set(g, 6, c, heads[c]);
    for (int y = 0; y < 2; y++) {
        json_t *ck = json_array_get(checks, (size_t)y);
        snprintf(text, sizeof(text), "%s\n%s", jstr(ck, "label"), jstr(ck, "grasped"));
        grid_set(g, 4, 9 + 4 * y, text);
        grid_set(g, 5, 9 + 4 * y, jstr(ck, "fiscal_year"));
        for (int f = 0; f < 4; f++) {
            json_t *fd = json_array_get(fields, (size_t)f);
            snprintf(text, sizeof(text), "%s\n[%s]", jstr(fd, "label"), jstr(fd, "checkpoint"));
            grid_set(g, 6, 9 + 4 * y + f, text);
        }
    }
    int r = BODY;
    json_t *in;
    size_t i;
    json_array_foreach(json_object_get(seed, "initiatives"), i, in)
    {
        json_t *projects = json_object_get(in, "projects"), *b, *p;
        int n = json_array_size(projects) > 0 ? (int)json_array_size(projects) : 1;
        for (int k = 0; k < n; k++)
            grid_set(g, r + k, NCOLS - 1, "");
        grid_set(g, r, 0, jstr(in, "direction"));
        snprintf(text, sizeof(text), "%lld",
                 (long long)json_integer_value(json_object_get(in, "number")));
        grid_set(g, r, 1, text);
        grid_set(g, r, 2, jstr(in, "title"));
        grid_set(g, r, 3, jstr(in, "content"));
        Buf bureaus = BUF_INIT;
        size_t j;
        json_array_foreach(json_object_get(in, "bureaus"), j, b)
        {
            buf_puts(&bureaus, j ? "\n" : "");
            buf_puts(&bureaus, json_string_value(b));
        }
        grid_set(g, r, 4, bureaus.data);
        buf_free(&bureaus);
        json_array_foreach(projects, j, p)
        {
            const char *cols[] = {"bureau", "section", "name", "summary"};
            for (int c = 0; c < 4; c++)
                grid_set(g, r + (int)j, 5 + c, jstr(p, cols[c]));
            for (int y = 0; y < 2; y++) {
                json_t *a = json_object_get(json_object_get(p, "answers"), y ? "2020" : "2019");
                for (int f = 0; f < 4 && a; f++)
                    grid_set(g, r + (int)j, 9 + 4 * y + f,
                             jstr(a, jstr(json_array_get(fields, (size_t)f), "key")));
            }
        }
        r += n;
    }
}

/* Exports plan 1 of db to path; returns the result, the bytes in *out. */
static Err export_to(Db *db, const char *path, Buf *out, char **err)
{
    Arena arena;
    arena_init(&arena);
    SheetQuery q = {0};
    Sheet sheet;
    const char *bad = NULL;
    Err rc = sheet_load(db, &arena, 1, &q, &sheet, &bad);
    if (rc == ERR_OK) {
        SheetLayout l;
        ExportOptions o = {.era = ERA_JAPANESE, .lang = LANG_JA};
        sheet_layout(&sheet, &o, &arena, &l);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = export_xlsx(&l, out, err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        export_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    if (rc == ERR_OK && path) {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(out->data, 1, out->len, f) != out->len)
            rc = ERR_IO;
        if (f)
            fclose(f);
    }
    arena_free(&arena);
    return rc;
}

/* What xlsx_check.mjs reads of worksheet (NULL: the first) of xlsx. */
static json_t *exceljs_sheet(const char *xlsx, const char *worksheet)
{
    char script[1024], out[512];
    snprintf(script, sizeof(script), "%s/tests/export/xlsx_check.mjs", source_dir);
    snprintf(out, sizeof(out), "%s", test_path("summary.json"));
    char *node[] = {"node", script, (char *)xlsx, (char *)worksheet, NULL};
    int rc = test_spawn(node, NULL, out, NULL);
    json_t *j = json_load_file(out, 0, NULL);
    if (rc != 0 || !j)
        fprintf(stderr, "  node %s %s failed (%d): npm ci in the source directory?\n", script, xlsx,
                rc);
    return j ? j : json_object();
}

static json_t *exceljs_summary(const char *xlsx)
{
    return exceljs_sheet(xlsx, NULL);
}

/* Two exports (the demo, and the demo with formula-like names), one
 * LibreOffice start converting both, exceljs reading both. */
static void prepare(void)
{
    char seed_path[1024], sheet[] = "artifacts/sheet.xlsx", formula[] = "artifacts/formula.xlsx";
    snprintf(seed_path, sizeof(seed_path), "%s/data/demo/sendai.json", source_dir);
    seed = json_load_file(seed_path, 0, NULL);
    mkdir("artifacts", 0755);
    Buf out = BUF_INIT;
    char *err = NULL;
    Db *db = test_db("xlsx.db", true);
    if (export_to(db, sheet, &out, &err) != ERR_OK)
        fprintf(stderr, "export failed: %s\n", err ? err : "");
    db_close(db);
    buf_reset(&out);
    db = test_db("formula.db", true);
    db_exec1(db, "UPDATE project SET name = '=1+1' WHERE id = 1");
    db_exec1(db, "UPDATE project SET name = '+1', summary = '@SUM(A1)' WHERE id = 2");
    db_exec1(db, "UPDATE project SET name = '-1' WHERE id = 3");
    /* Initiative 210 without its one project: still one row. */
    db_exec1(db, "DELETE FROM initiative_project WHERE project_id ="
                 " (SELECT MAX(project_id) FROM initiative_project)");
    /* What Excel refuses in a tab's name, and a name over its 31 units. */
    DbStmt *st = db_prepare(db, "UPDATE plan SET title = $1 WHERE id = 1", 0);
    db_bind_text(st, 1,
                 "'[仙台市]:自殺*対策?計画/第2期\\𠮷ああああああああああああああああああああ'");
    db_step(st);
    db_done(st);
    if (export_to(db, formula, &out, &err) != ERR_OK)
        fprintf(stderr, "export failed: %s\n", err ? err : "");
    db_close(db);
    buf_free(&out);

    char dir[512], profile[600];
    snprintf(dir, sizeof(dir), "%s", test_path("csv"));
    snprintf(profile, sizeof(profile), "-env:UserInstallation=file://%s", test_path("lo"));
    char *soffice[] = {"soffice",
                       "--headless",
                       "--norestore",
                       profile,
                       "--convert-to",
                       "csv:Text - txt - csv (StarCalc):44,34,76,1",
                       "--outdir",
                       dir,
                       sheet,
                       formula,
                       NULL};
    if (test_spawn(soffice, NULL, NULL, NULL) != 0)
        fprintf(stderr, "  soffice failed\n");
    char path[600];
    snprintf(path, sizeof(path), "%s/sheet.csv", dir);
    char *text = test_slurp(path, NULL);
    parse_csv(text, &sheet_csv);
    free(text);
    snprintf(path, sizeof(path), "%s/formula.csv", dir);
    text = test_slurp(path, NULL);
    parse_csv(text, &formula_csv);
    free(text);
    summary = exceljs_summary(sheet);
    formula_summary = exceljs_summary(formula);
    expected_grid(&want);
}

/* Every cell, compared with what the seed says it must be. */
static void check_grid(const Grid *got, const char *reader)
{
    CHECK_INT(got->nrows, want.nrows);
    int wrong = 0;
    for (int r = 0; r < want.nrows; r++) {
        CHECK_INT(got->ncols[r], NCOLS);
        for (int c = 0; c < NCOLS; c++)
            if (strcmp(grid_get(got, r, c), grid_get(&want, r, c)) != 0 && wrong++ < 10)
                fprintf(stderr, "  %s row %d col %d: \"%s\", want \"%s\"\n", reader, r + 1, c + 1,
                        grid_get(got, r, c), grid_get(&want, r, c));
    }
    CHECK_INT(wrong, 0);
}

static void test_export_leaves_nothing_behind(void)
{
    char tmp[512];
    snprintf(tmp, sizeof(tmp), "%s", test_path("tmp"));
    mkdir(tmp, 0700);
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", tmp, 1);
    Buf out = BUF_INIT;
    char *err = NULL;
    Db *db = test_db("again.db", true);
    CHECK_INT(export_to(db, NULL, &out, &err), ERR_OK);
    CHECK(err == NULL);
    CHECK(out.len > 5000 && memcmp(out.data, "PK\3\4", 4) == 0);
    DIR *d = opendir(tmp);
    int left = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        left += e->d_name[0] != '.';
    if (d)
        closedir(d);
    CHECK_INT(left, 0);
    /* A temporary directory that does not exist: ERR_IO, a message, no bytes. */
    setenv("TMPDIR", "/nonexistent/shinchoku", 1);
    buf_reset(&out);
    CHECK_INT(export_to(db, NULL, &out, &err), ERR_IO);
    CHECK_HAS(err, "/nonexistent/shinchoku");
    CHECK_INT(out.len, 0);
    free(err);
    buf_free(&out);
    db_close(db);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

static void test_every_cell_in_libreoffice(void)
{
    check_grid(&sheet_csv, "LibreOffice");
    CHECK_INT(want.nrows, BODY + 7); /* 7 projects, every seed row */
}

static void test_every_cell_in_exceljs(void)
{
    Grid g = {0};
    grid_from_json(json_object_get(summary, "cells"), &g);
    check_grid(&g, "exceljs");
    json_t *names = json_object_get(summary, "sheets");
    CHECK_INT(json_array_size(names), 1);
    CHECK_STR(json_string_value(json_array_get(names, 0)), "仙台市自殺対策計画");
    grid_free(&g);
}

static void test_page_setup(void)
{
    CHECK_INT(json_integer_value(json_object_get(summary, "paperSize")), 8); /* A3 */
    CHECK_STR(jstr(summary, "orientation"), "landscape");
    CHECK(json_is_true(json_object_get(summary, "fitToPage")));
    CHECK_INT(json_integer_value(json_object_get(summary, "fitToWidth")), 1);
    CHECK_INT(json_integer_value(json_object_get(summary, "fitToHeight")), 0);
    CHECK_STR(jstr(summary, "printArea"), "A1:Q14");
    CHECK_STR(jstr(summary, "printTitlesRow"), "5:7");
    json_t *view = json_object_get(summary, "view");
    CHECK_STR(jstr(view, "state"), "frozen");
    CHECK_INT(json_integer_value(json_object_get(view, "ySplit")), 7);
    CHECK_INT(json_integer_value(json_object_get(view, "xSplit")), 0);
    CHECK_STR(jstr(summary, "footer"), "&C&P / &N");
    CHECK_INT(json_integer_value(json_object_get(summary, "formulas")), 0);
}

static void test_merges(void)
{
    /* Header groups; initiative 1 (3 projects) and 67 (2); 130 and 210 have one. */
    const char *exact[] = {
        "A5:E6",   "A8:A10", "A11:A12", "B8:B10", "B11:B12", "C8:C10",
        "C11:C12", "D8:D10", "D11:D12", "E8:E10", "E11:E12", "F5:I5",
        "F6:I6",   "J5:M5",  "J6:M6",   "N5:Q5",  "N6:Q6",
    };
    json_t *merges = json_object_get(summary, "merges");
    size_t n = sizeof(exact) / sizeof(exact[0]);
    CHECK_INT(json_array_size(merges), n);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        json_t *m;
        size_t k;
        json_array_foreach(merges, k, m) found |= strcmp(json_string_value(m), exact[i]) == 0;
        if (!found)
            fprintf(stderr, "  merge %s missing\n", exact[i]);
        CHECK(found);
    }
}

static void check_style(const char *cell, const char *key, const char *want_value)
{
    json_t *s = json_object_get(json_object_get(summary, "styles"), cell);
    json_t *v = json_object_get(s, key);
    char got[64];
    if (json_is_string(v))
        snprintf(got, sizeof(got), "%s", json_string_value(v));
    else if (json_is_number(v))
        snprintf(got, sizeof(got), "%g", json_number_value(v));
    else
        snprintf(got, sizeof(got), "%s",
                 json_is_true(v)    ? "true"
                 : json_is_false(v) ? "false"
                                    : "null");
    if (strcmp(got, want_value) != 0)
        fprintf(stderr, "  %s %s: %s, want %s\n", cell, key, got, want_value);
    CHECK_STR(got, want_value);
}

static bool near(double a, double b)
{
    return a - b < 0.01 && b - a < 0.01;
}

static void test_look(void)
{
    check_style("A1", "bold", "true");
    check_style("A1", "size", "16");
    check_style("Q1", "horizontal", "right");
    check_style("Q2", "border", "thin,thin,thin,thin"); /* 資料２－１ in its box */
    check_style("Q3", "horizontal", "right");
    const char *heads[] = {"A5", "F5", "J5", "F6", "J6", "A7", "H7", "Q7"};
    for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        check_style(heads[i], "bold", "true");
        check_style(heads[i], "wrap", "true");
        check_style(heads[i], "horizontal", "center");
        check_style(heads[i], "fill", "FFDCE6F1");
        check_style(heads[i], "border", "thin,thin,thin,thin");
    }
    const char *body[] = {"A8", "E8", "H8", "J8", "Q14", "A14"};
    for (size_t i = 0; i < sizeof(body) / sizeof(body[0]); i++) {
        check_style(body[i], "font", "ＭＳ Ｐゴシック");
        check_style(body[i], "size", "10");
        check_style(body[i], "bold", "false");
        check_style(body[i], "wrap", "true");
        check_style(body[i], "vertical", "top");
        check_style(body[i], "border", "thin,thin,thin,thin");
    }
    json_t *w = json_object_get(summary, "widths");
    CHECK_INT(json_array_size(w), NCOLS);
    /* Widths as stored: the characters asked for (5 * 2.1 + 1 = 11.5 for 方向性,
     * 22 for a value) plus Excel's 5 pixels of padding, in 7-pixel units. */
    CHECK(near(json_number_value(json_array_get(w, 0)), 12.28515625));
    CHECK(near(json_number_value(json_array_get(w, 9)), 22.7109375));
}

/* Lines of text in a column that holds width full-width characters. */
static int lines_in(const char *text, double width)
{
    int lines = 1;
    double used = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        double cw = *p < 0x80 ? 0.5 : 1;
        if (*p == '\n' || (used > 0 && used + cw > width)) {
            lines++;
            used = 0;
        }
        if (*p != '\n')
            used += cw;
    }
    return lines;
}

/* No text is cut off: each body cell's lines, at 10pt (13pt a line at
 * least), fit the rows it spans, in the column width Excel was given (one
 * unit per half-width character). */
static void test_rows_high_enough(void)
{
    json_t *w = json_object_get(summary, "widths"), *h = json_object_get(summary, "heights");
    for (int r = BODY; r < want.nrows; r++) {
        for (int c = 0; c < NCOLS; c++) {
            const char *text = grid_get(&want, r, c);
            if (!*text)
                continue;
            int span = 1; /* rows of a merged cell: the empty ones below it */
            while (c < 5 && r + span < want.nrows && !*grid_get(&want, r + span, 0))
                span++;
            double have = 0;
            for (int k = 0; k < span; k++)
                have += json_number_value(json_array_get(h, (size_t)(r + k)));
            int lines = lines_in(text, json_number_value(json_array_get(w, (size_t)c)) / 2);
            if (have < 13.0 * lines)
                fprintf(stderr, "  row %d col %d: %.1fpt for %d lines\n", r + 1, c + 1, have,
                        lines);
            CHECK(have >= 13.0 * lines);
        }
    }
    CHECK(json_number_value(json_array_get(h, 4)) >= 26); /* 確認① and 時点で把握 */
}

static void test_formulas_tab_name_and_empty_initiative(void)
{
    CHECK_STR(grid_get(&formula_csv, BODY, 7), "=1+1");
    CHECK_STR(grid_get(&formula_csv, BODY + 1, 7), "+1");
    CHECK_STR(grid_get(&formula_csv, BODY + 1, 8), "@SUM(A1)");
    CHECK_STR(grid_get(&formula_csv, BODY + 2, 7), "-1");
    /* The initiative without projects: its own cells, empty project cells. */
    CHECK_INT(formula_csv.nrows, BODY + 7);
    CHECK_STR(grid_get(&formula_csv, BODY + 6, 1), "210");
    CHECK_STR(grid_get(&formula_csv, BODY + 6, 2), grid_get(&want, BODY + 6, 2));
    for (int c = 5; c < NCOLS; c++)
        CHECK_STR(grid_get(&formula_csv, BODY + 6, c), "");
    Grid g = {0};
    grid_from_json(json_object_get(formula_summary, "cells"), &g);
    CHECK_STR(grid_get(&g, BODY, 7), "=1+1");
    CHECK_STR(grid_get(&g, BODY + 2, 7), "-1");
    grid_free(&g);
    CHECK_INT(json_integer_value(json_object_get(formula_summary, "formulas")), 0);
    /* 𠮷 takes two of the tab name's 31 UTF-16 units. */
    CHECK_STR(json_string_value(json_array_get(json_object_get(formula_summary, "sheets"), 0)),
              "仙台市自殺対策計画第2期𠮷あああああああああああああああああ");
    json_t *types = json_object_get(formula_summary, "types");
    CHECK(json_object_get(types, "Formula") == NULL);
    CHECK(json_object_get(types, "Number") == NULL); /* "-1" and 67 stay text */
}

/* Row r of an exceljs grid as one line, its cells joined by '|' (static). */
static const char *grid_row(const Grid *g, int r)
{
    static char line[4096];
    size_t n = 0;
    line[0] = '\0';
    for (int c = 0; c < g->ncols[r] && c < MAX_COLS; c++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s", c ? "|" : "", grid_get(g, r, c));
    return line;
}

/* Printed as the sheet: A3 landscape, one page wide, "k / N" at the foot. */
static void check_printed_like_the_sheet(json_t *ws)
{
    CHECK_INT(json_integer_value(json_object_get(ws, "paperSize")), 8);
    CHECK_STR(jstr(ws, "orientation"), "landscape");
    CHECK(json_is_true(json_object_get(ws, "fitToPage")));
    CHECK_INT(json_integer_value(json_object_get(ws, "fitToWidth")), 1);
    CHECK_INT(json_integer_value(json_object_get(ws, "fitToHeight")), 0);
    CHECK_STR(jstr(ws, "footer"), "&C&P / &N");
}

/* The demo with project 1 shared with a second plan, a summary and two
 * indicators, as artifacts/tables.xlsx. */
static void export_tables(const char *path)
{
    Db *db = test_db("tables.db", true);
    test_share_project(db, 1);
    Arena a;
    arena_init(&a);
    SheetQuery q = {0};
    Sheet s;
    const char *bad = NULL;
    CHECK_INT(sheet_load(db, &a, 1, &q, &s, &bad), ERR_OK);
    SheetLayout l;
    sheet_layout(&s, &(ExportOptions){.era = ERA_JAPANESE, .lang = LANG_JA}, &a, &l);
    Summary sum;
    IndicatorSet ind;
    test_summary(&s, &a, &sum);
    test_indicators(&s, &a, 2, &ind);
    l.summary = &sum;
    l.indicators = &ind;
    Buf out = BUF_INIT;
    char *err = NULL;
    CHECK_INT(export_xlsx(&l, &out, &err), ERR_OK);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(out.data, 1, out.len, f);
        fclose(f);
    }
    free(err);
    buf_free(&out);
    arena_free(&a);
    db_close(db);
}

static void test_tables_and_shared_mark(void)
{
    const char *path = "artifacts/tables.xlsx";
    export_tables(path);
    json_t *first = exceljs_sheet(path, NULL);
    json_t *names = json_object_get(first, "sheets");
    CHECK_INT(json_array_size(names), 3);
    CHECK_STR(json_string_value(json_array_get(names, 1)), "集計");
    CHECK_STR(json_string_value(json_array_get(names, 2)), "評価指標");
    Grid g = {0};
    grid_from_json(json_object_get(first, "cells"), &g);
    CHECK_STR(grid_get(&g, BODY, 7), "障害者に対する虐待相談窓口の周知【共通】");
    CHECK_STR(grid_get(&g, BODY + 1, 7), grid_get(&want, BODY + 1, 7)); /* not shared */
    grid_free(&g);
    json_decref(first);

    json_t *sum = exceljs_sheet(path, "集計");
    check_printed_like_the_sheet(sum);
    grid_from_json(json_object_get(sum, "cells"), &g);
    CHECK_STR(grid_get(&g, 0, 0), "令和元年度 取組みの実施状況");
    CHECK_STR(grid_row(&g, 1), "方向性|A 達成|B 概ね達成|C 未達成|回答数|平均点");
    CHECK_STR(grid_row(&g, 2),
              "方向性1 一人ひとりの気づきと見守りの推進|2|1|0|3|2.666666666666667");
    CHECK_STR(grid_row(&g, 3), "方向性2 人材の確保と育成|0|0|0|0|－");
    CHECK_STR(grid_get(&g, 6, 0), "令和2年度 実施状況に対する評価");
    CHECK_STR(grid_row(&g, 7), "方向性|◎|○|回答数||");
    grid_free(&g);
    json_decref(sum);

    json_t *ind = exceljs_sheet(path, "評価指標");
    check_printed_like_the_sheet(ind);
    CHECK_STR(jstr(ind, "printArea"), "A1:M5");
    CHECK_STR(jstr(ind, "printTitlesRow"), "3:3");
    json_t *view = json_object_get(ind, "view");
    CHECK_STR(jstr(view, "state"), "frozen");
    CHECK_INT(json_integer_value(json_object_get(view, "ySplit")), 3);
    grid_from_json(json_object_get(ind, "cells"), &g);
    CHECK_STR(grid_get(&g, 0, 0), "評価指標 仙台市自殺対策計画 平成31年度～令和5年度");
    CHECK_STR(grid_row(&g, 2), "指標名|単位|基準値|基準年度|目標値|目標年度|望ましい方向"
                               "|令和元年度\n実績値|令和元年度\n達成率（%）|令和2年度\n実績値"
                               "|令和2年度\n達成率（%）|取組み|実績値の出典");
    CHECK_STR(grid_row(&g, 3), "自殺死亡率|人|16.6|平成27年度|13.3|令和5年度|低いほど良い|15.2|42.4"
                               "|－|－|計画全体|相談件数（障害者に対する虐待相談窓口の周知）");
    CHECK_STR(grid_row(&g, 4), "収支差||-2.5|平成27年度|10|令和5年度|高いほど良い|5|60|7.5|80"
                               "|1 児童、高齢者、障害者に向けた虐待相談窓口の周知"
                               "|相談件数（すべての事業の合計）");
    /* Values and rates are numbers, to compute with: 4 + 6 of them. */
    CHECK_INT(json_integer_value(json_object_get(json_object_get(ind, "types"), "Number")), 10);
    /* The headings' two lines fit their row. */
    CHECK(json_number_value(json_array_get(json_object_get(ind, "heights"), 2)) >= 30);
    grid_free(&g);
    json_decref(ind);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_xlsx PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    source_dir = argv[2];
    log_set_quiet(1);
    prepare();
    fprintf(stderr, "  export_xlsx took %.1f ms for the demo\n", export_ms);
    TEST_RUN(test_export_leaves_nothing_behind);
    TEST_RUN(test_every_cell_in_libreoffice);
    TEST_RUN(test_every_cell_in_exceljs);
    TEST_RUN(test_page_setup);
    TEST_RUN(test_merges);
    TEST_RUN(test_look);
    TEST_RUN(test_rows_high_enough);
    TEST_RUN(test_formulas_tab_name_and_empty_initiative);
    TEST_RUN(test_tables_and_shared_mark);
    grid_free(&sheet_csv);
    grid_free(&formula_csv);
    grid_free(&want);
    json_decref(seed);
    json_decref(summary);
    json_decref(formula_summary);
    test_cleanup();
    return TEST_DONE("xlsx");
}
