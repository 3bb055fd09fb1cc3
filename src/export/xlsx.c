/* The sheet as an XLSX workbook (libxlsxwriter) in the seed's layout: the
 * document header, three header rows, one row per project with the
 * initiative's cells merged over its projects, set up to print on A3; then
 * the summary and the indicators on worksheets of their own (xlsx_tables.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "base/mem.h"
#include "export/export.h"
#include "export/xlsx_file.h"
#include "export/xlsx_page.h"
#include "export/xlsx_tables.h"

enum {
    DOC_ROWS = 4,                    /* title, plan line, date, a gap */
    HEAD_ROWS = 3,                   /* groups, fiscal years, column headings */
    BODY_ROW = DOC_ROWS + HEAD_ROWS, /* the first project's row */
    SHEET_NAME_UNITS = 31,           /* Excel's limit, in UTF-16 units */
    HEAD_FILL = 0xDCE6F1,            /* light grey-blue */
};

static const double LINE_PT = 15.0;   /* one line of 10pt text with its leading */
static const double PAD_PT = 3.0;     /* above and below the text of a cell */
static const double MAX_ROW_PT = 409; /* Excel's highest row */

typedef struct Formats {
    lxw_format *title;    /* 進捗管理シート（記入例）: large and bold */
    lxw_format *plan;     /* the plan line */
    lxw_format *meta;     /* the meeting and the date, right-aligned */
    lxw_format *material; /* 資料２－１ in a thin box */
    lxw_format *head;     /* header cells: bold, centred, wrapped, filled */
    lxw_format *cell;     /* body cells: wrapped, top-aligned */
} Formats;

typedef struct Writer {
    const SheetLayout *l; /* what is written */
    lxw_workbook *wb;     /* the workbook, closed (written) at the end */
    lxw_worksheet *ws;    /* its one worksheet */
    Formats f;            /* owned by wb */
    Arena arena;          /* the cells' texts */
    double *heights;      /* each row's height in points, grown to fit its cells */
    int nrows;            /* rows of the worksheet */
    lxw_error error;      /* the first failure; LXW_NO_ERROR while none */
} Writer;

static void check(Writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->error == LXW_NO_ERROR)
        w->error = e;
}

/* The tab's name: the plan's title, so that the tab says which plan it is,
 * without what Excel refuses in a name ([]:*?/\, control characters, an
 * apostrophe at either end) and cut to 31 UTF-16 units; 進捗管理シート when
 * nothing is left. */
static void sheet_name(const char *title, const char *fallback, char *out, size_t size)
{
    size_t n = 0;
    int units = 0;
    for (const unsigned char *p = (const unsigned char *)title; *p;) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        int u = len == 4 ? 2 : 1; /* outside the BMP: a surrogate pair */
        if (strnlen((const char *)p, len) < len || units + u > SHEET_NAME_UNITS || n + len >= size)
            break;
        if (len > 1 || (*p >= 0x20 && !strchr("[]:*?/\\", *p) && !(n == 0 && *p == '\''))) {
            memcpy(out + n, p, len);
            n += len;
            units += u;
        }
        p += len;
    }
    while (n > 0 && out[n - 1] == '\'')
        n--;
    out[n] = '\0';
    if (!*out || strcasecmp(out, "History") == 0) /* Excel reserves History */
        snprintf(out, size, "%s", fallback);
}

/* The width of n columns from first, in full-width characters. */
static double span_width(const SheetLayout *l, int first, int n)
{
    double w = 0;
    for (int c = first; c < first + n && c < l->ncols; c++)
        w += l->cols[c].width;
    return w;
}

/* Excel neither fits wrapped rows that it did not edit nor merged cells, so
 * grow rows first..first+n-1 evenly until text fits them. */
static void fit(Writer *w, int first, int n, const char *text, double width)
{
    double need = xlsx_text_lines(text, width) * LINE_PT + PAD_PT, have = 0;
    for (int r = first; r < first + n; r++)
        have += w->heights[r];
    for (int r = first; need > have && r < first + n; r++)
        w->heights[r] += (need - have) / n;
}

static lxw_format *new_format(Writer *w, double size, bool bold)
{
    lxw_format *f = workbook_add_format(w->wb);
    format_set_font_name(f, XLSX_FONT_NAME);
    format_set_font_size(f, size);
    if (bold)
        format_set_bold(f);
    return f;
}

static void make_formats(Writer *w)
{
    Formats *f = &w->f;
    f->title = new_format(w, 16, true);
    f->plan = new_format(w, 11, false);
    f->meta = new_format(w, 10, false);
    format_set_align(f->meta, LXW_ALIGN_RIGHT);
    f->material = new_format(w, 10, false);
    format_set_align(f->material, LXW_ALIGN_CENTER);
    format_set_align(f->material, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(f->material, LXW_BORDER_THIN);
    f->head = new_format(w, 10, true);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->head);
    format_set_pattern(f->head, LXW_PATTERN_SOLID);
    format_set_bg_color(f->head, HEAD_FILL);
    format_set_border(f->head, LXW_BORDER_THIN);
    f->cell = new_format(w, 10, false);
    format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f->cell);
    format_set_border(f->cell, LXW_BORDER_THIN);
}

/* Title and plan line at the top left; meeting, material number and date at
 * the top right, in the last column, where the seed has them. */
static void write_doc_header(Writer *w)
{
    const SheetLayout *l = w->l;
    lxw_col_t last = (lxw_col_t)(l->ncols - 1);
    check(w, worksheet_write_string(w->ws, 0, 0, l->title, w->f.title));
    check(w, worksheet_write_string(w->ws, 1, 0, l->plan_line, w->f.plan));
    if (*l->meeting)
        check(w, worksheet_write_string(w->ws, 0, last, l->meeting, w->f.meta));
    if (*l->material)
        check(w, worksheet_write_string(w->ws, 1, last, l->material, w->f.material));
    if (*l->date)
        check(w, worksheet_write_string(w->ws, 2, last, l->date, w->f.meta));
    const double heights[DOC_ROWS] = {24, 19, 16, 6};
    memcpy(w->heights, heights, sizeof(heights));
}

/* A group heading over its columns (and rows), marking the cells it covers. */
static void write_group(Writer *w, int row, const SheetGroup *g, bool *covered)
{
    const char *text = g->text2 ? arena_printf(&w->arena, "%s\n%s", g->text, g->text2) : g->text;
    int last_row = row + g->rows - 1, last_col = g->first + g->count - 1;
    if (last_row > row || last_col > g->first)
        check(w, worksheet_merge_range(w->ws, (lxw_row_t)row, (lxw_col_t)g->first,
                                       (lxw_row_t)last_row, (lxw_col_t)last_col, text, w->f.head));
    else
        check(w,
              worksheet_write_string(w->ws, (lxw_row_t)row, (lxw_col_t)g->first, text, w->f.head));
    for (int r = row; r <= last_row; r++)
        for (int c = g->first; c <= last_col; c++)
            covered[(r - DOC_ROWS) * w->l->ncols + c] = true;
    fit(w, row, g->rows, text, span_width(w->l, g->first, g->count));
}

static void write_head(Writer *w)
{
    const SheetLayout *l = w->l;
    bool *covered = xcalloc((size_t)(2 * l->ncols), sizeof(bool));
    for (int i = 0; i < l->ntop; i++)
        write_group(w, DOC_ROWS, &l->top[i], covered);
    for (int i = 0; i < l->nmid; i++)
        write_group(w, DOC_ROWS + 1, &l->mid[i], covered);
    /* Cells under no group still get the header's fill and borders. */
    for (int i = 0; i < 2 * l->ncols; i++)
        if (!covered[i])
            check(w, worksheet_write_blank(w->ws, (lxw_row_t)(DOC_ROWS + i / l->ncols),
                                           (lxw_col_t)(i % l->ncols), w->f.head));
    free(covered);
    int row = DOC_ROWS + 2;
    for (int c = 0; c < l->ncols; c++) {
        const SheetColumn *col = &l->cols[c];
        const char *text = col->checkpoint
                               ? arena_printf(&w->arena, "%s\n%s", col->heading, col->checkpoint)
                               : col->heading;
        check(w, worksheet_write_string(w->ws, (lxw_row_t)row, (lxw_col_t)c, text, w->f.head));
        fit(w, row, 1, text, col->width);
    }
}

/* One initiative from row: a row per project (or one without projects), its
 * own cells merged over them. Merged cells are fitted last, so that they
 * take only the height the project rows do not already give them. */
static int write_initiative(Writer *w, const SheetInitiative *in, int row)
{
    const SheetLayout *l = w->l;
    int n = in->nprojects > 0 ? in->nprojects : 1;
    for (int k = 0; k < n; k++) {
        const SheetProject *p = in->nprojects > 0 ? &in->projects[k] : NULL;
        for (int c = 0; c < l->ncols; c++) {
            const SheetColumn *col = &l->cols[c];
            if (col->per_initiative && k > 0)
                continue;
            /* Always a string: a value like "=1+1" must stay text. */
            const char *text = sheet_file_cell(l, col, in, p, &w->arena);
            if (col->per_initiative && n > 1)
                check(w, worksheet_merge_range(w->ws, (lxw_row_t)row, (lxw_col_t)c,
                                               (lxw_row_t)(row + n - 1), (lxw_col_t)c, text,
                                               w->f.cell));
            else
                check(w, worksheet_write_string(w->ws, (lxw_row_t)(row + k), (lxw_col_t)c, text,
                                                w->f.cell));
            if (!col->per_initiative || n == 1)
                fit(w, row + k, 1, text, col->width);
        }
    }
    for (int c = 0; c < l->ncols && n > 1; c++)
        if (l->cols[c].per_initiative)
            fit(w, row, n, sheet_file_cell(l, &l->cols[c], in, in->projects, &w->arena),
                l->cols[c].width);
    return row + n;
}

static void set_sizes(Writer *w)
{
    for (int c = 0; c < w->l->ncols; c++) {
        double units = xlsx_width_units(w->l->cols[c].width);
        check(w, worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, units, NULL));
    }
    for (int r = 0; r < w->nrows; r++) {
        double h = w->heights[r] < MAX_ROW_PT ? w->heights[r] : MAX_ROW_PT;
        check(w, worksheet_set_row(w->ws, (lxw_row_t)r, h, NULL));
    }
}

/* A3 landscape, one page wide, the header rows on every page, as the council
 * receives it; on screen, the header rows stay while scrolling. */
static void set_page(Writer *w)
{
    lxw_worksheet *ws = w->ws;
    lxw_col_t last_col = (lxw_col_t)(w->l->ncols - 1);
    check(w, xlsx_page_a3_landscape(ws));
    worksheet_center_horizontally(ws);
    check(w, worksheet_print_area(ws, 0, 0, (lxw_row_t)(w->nrows - 1), last_col));
    check(w, worksheet_repeat_rows(ws, DOC_ROWS, BODY_ROW - 1));
    worksheet_freeze_panes(ws, BODY_ROW, 0);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    /* Numbers such as 67 are text on purpose: no green warning triangles. */
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    lxw_rowcol_to_range(range, 0, 0, (lxw_row_t)(w->nrows - 1), last_col);
    check(w, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
}

/* The summary and the indicators on worksheets of their own, after the
 * sheet, which stays exactly as it is without them (the import reads it). */
static void write_tables(Writer *w)
{
    XlsxTables t = {.l = w->l,
                    .wb = w->wb,
                    .caption = w->f.plan,
                    .head = w->f.head,
                    .cell = w->f.cell,
                    .arena = &w->arena};
    xlsx_summary_sheet(&t);
    xlsx_indicator_sheet(&t);
    check(w, t.error);
}

/* Writes the workbook to path, libxlsxwriter's own temporary files in tmpdir. */
static lxw_error write_workbook(const SheetLayout *l, const char *path, const char *tmpdir)
{
    Writer w = {.l = l, .nrows = BODY_ROW};
    for (int i = 0; i < l->sheet->ninitiatives; i++)
        w.nrows += l->sheet->initiatives[i].nprojects > 0 ? l->sheet->initiatives[i].nprojects : 1;
    char *dir = xstrdup(tmpdir);
    lxw_workbook_options options = {.tmpdir = dir};
    w.wb = workbook_new_opt(path, &options);
    if (!w.wb) {
        free(dir);
        return LXW_ERROR_CREATING_XLSX_FILE;
    }
    char name[4 * SHEET_NAME_UNITS + 1];
    sheet_name(l->sheet->title, msg(l->lang, M_SHEET), name, sizeof(name));
    w.ws = workbook_add_worksheet(w.wb, name);
    if (!w.ws) {
        lxw_workbook_free(w.wb);
        free(dir);
        return LXW_ERROR_PARAMETER_VALIDATION;
    }
    arena_init(&w.arena);
    w.heights = xcalloc((size_t)w.nrows, sizeof(double));
    make_formats(&w);
    write_doc_header(&w);
    write_head(&w);
    int row = BODY_ROW;
    for (int i = 0; i < l->sheet->ninitiatives; i++)
        row = write_initiative(&w, &l->sheet->initiatives[i], row);
    set_sizes(&w);
    set_page(&w);
    write_tables(&w);
    check(&w, workbook_close(w.wb)); /* writes the file even after a failure: it is dropped */
    free(w.heights);
    arena_free(&w.arena);
    free(dir);
    return w.error;
}

/* write_workbook for xlsx_write_via_file. */
static lxw_error write_layout(void *ctx, const char *path, const char *tmpdir)
{
    return write_workbook(ctx, path, tmpdir);
}

Err export_xlsx(const SheetLayout *l, Buf *out, char **err)
{
    return xlsx_write_via_file("shinchoku-xlsx", write_layout, (void *)l, out, err);
}
