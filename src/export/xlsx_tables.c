/* The summary (集計) and the indicators (評価指標) as worksheets after the
 * sheet. Counts, averages, values and rates are numbers, so that the
 * council's staff can compute with them; both print as the sheet does. */
#include <string.h>
#include "export/table_text.h"
#include "export/xlsx_page.h"
#include "export/xlsx_tables.h"

enum {
    SUMMARY_COLS = 24, /* 集計: grades, answers and average, sized alike */
    IND_HEAD_ROW = 2,  /* 評価指標: the caption, a gap, then the headings */
    IND_FIXED = 7,     /* name, unit, baseline and its year, target and its year, better */
};

static const double LINE_PT = 15.0, PAD_PT = 3.0, MAX_ROW_PT = 409;

/* Column widths of 評価指標, in full-width characters. */
static const double IND_NAME_W = 22, IND_UNIT_W = 6, IND_VALUE_W = 8, IND_YEAR_W = 7,
                    IND_BETTER_W = 8, IND_INITIATIVE_W = 20, IND_SOURCE_W = 24;

static void check(XlsxTables *t, lxw_error e)
{
    if (e != LXW_NO_ERROR && t->error == LXW_NO_ERROR)
        t->error = e;
}

/* A body cell for a number: bordered like the text cells, in num_format. */
static lxw_format *number_format(XlsxTables *t, const char *num_format)
{
    lxw_format *f = workbook_add_format(t->wb);
    format_set_font_name(f, XLSX_FONT_NAME);
    format_set_font_size(f, 10);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(f, num_format);
    return f;
}

static lxw_worksheet *add_sheet(XlsxTables *t, MsgId name)
{
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, msg(t->l->lang, name));
    if (!ws)
        check(t, LXW_ERROR_PARAMETER_VALIDATION);
    else
        check(t, xlsx_page_a3_landscape(ws));
    return ws;
}

/* ---------- 集計 ---------- */

/* One table of the summary from row: its caption, a heading row, a row per
 * direction and the whole plan's. Returns the next free row. */
static int write_summary_table(XlsxTables *t, lxw_worksheet *ws, const SummaryTable *st, int row,
                               lxw_format *average)
{
    const SheetLayout *l = t->l;
    const char *caption = arena_printf(t->arena, "%s %s", sheet_fy_name(st->year, l->era, t->arena),
                                       st->field->label);
    check(t, worksheet_write_string(ws, (lxw_row_t)row++, 0, caption, t->caption));
    lxw_col_t c = 0;
    const char *level = l->sheet->nlevels ? l->sheet->levels[0] : "";
    check(t, worksheet_write_string(ws, (lxw_row_t)row, c++, level, t->head));
    for (int g = 0; g < st->ngrades; g++)
        check(t, worksheet_write_string(ws, (lxw_row_t)row, c++,
                                        table_grade_heading(&st->grades[g], t->arena), t->head));
    check(t, worksheet_write_string(ws, (lxw_row_t)row, c++, msg(l->lang, M_SUM_ANSWERS), t->head));
    if (st->has_points)
        check(t,
              worksheet_write_string(ws, (lxw_row_t)row, c, msg(l->lang, M_SUM_AVERAGE), t->head));
    row++;
    for (int r = 0; r < st->nrows; r++, row++) {
        const SummaryRow *sr = &st->rows[r];
        c = 0;
        check(t, worksheet_write_string(ws, (lxw_row_t)row, c++, table_summary_row(l, sr, t->arena),
                                        t->cell));
        for (int g = 0; g < st->ngrades; g++)
            check(t, worksheet_write_number(ws, (lxw_row_t)row, c++, sr->counts[g], t->cell));
        check(t, worksheet_write_number(ws, (lxw_row_t)row, c++, sr->answers, t->cell));
        double avg;
        if (st->has_points && summary_average(sr, &avg))
            check(t, worksheet_write_number(ws, (lxw_row_t)row, c, avg, average));
        else if (st->has_points)
            check(t,
                  worksheet_write_string(ws, (lxw_row_t)row, c, msg(l->lang, M_SUM_NONE), t->cell));
    }
    return row + 1; /* a blank row between tables */
}

void xlsx_summary_sheet(XlsxTables *t)
{
    const Summary *sum = t->l->summary;
    if (!sum || sum->ntables == 0)
        return;
    lxw_worksheet *ws = add_sheet(t, M_SUM_TITLE);
    if (!ws)
        return;
    lxw_format *average = number_format(t, "0.00");
    check(t, worksheet_set_column(ws, 0, 0, 40, NULL));
    check(t, worksheet_set_column(ws, 1, SUMMARY_COLS, 12, NULL));
    int row = 0;
    for (int i = 0; i < sum->ntables; i++)
        row = write_summary_table(t, ws, &sum->tables[i], row, average);
}

/* ---------- 評価指標 ---------- */

typedef struct IndWriter {
    XlsxTables *t;
    lxw_worksheet *ws;
    lxw_format *number, *rate; /* values as they are; 達成率 to one decimal */
    const double *widths;      /* each column's width in full-width characters */
    int ncols;
} IndWriter;

/* Writes text at row, col and returns the lines it takes in its column. */
static int put_text(IndWriter *w, int row, int col, const char *text, lxw_format *f)
{
    check(w->t, worksheet_write_string(w->ws, (lxw_row_t)row, (lxw_col_t)col, text, f));
    return xlsx_text_lines(text, w->widths[col]);
}

static void put_number(IndWriter *w, int row, int col, double v, lxw_format *f)
{
    check(w->t, worksheet_write_number(w->ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
}

/* A row as high as its tallest cell: Excel does not fit rows it did not
 * edit itself. */
static void set_height(IndWriter *w, int row, int lines)
{
    double h = lines * LINE_PT + PAD_PT;
    check(w->t, worksheet_set_row(w->ws, (lxw_row_t)row, h < MAX_ROW_PT ? h : MAX_ROW_PT, NULL));
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static void write_ind_head(IndWriter *w, const Indicator *first)
{
    const SheetLayout *l = w->t->l;
    static const MsgId fixed[IND_FIXED] = {M_IND_NAME,        M_IND_UNIT,   M_IND_BASELINE,
                                           M_IND_BASELINE_FY, M_IND_TARGET, M_IND_TARGET_FY,
                                           M_IND_BETTER};
    int lines = 1, c = 0;
    for (; c < IND_FIXED; c++)
        lines = max_int(lines, put_text(w, IND_HEAD_ROW, c, msg(l->lang, fixed[c]), w->t->head));
    for (int y = 0; y < first->nyears; y++)
        for (int rate = 0; rate < 2; rate++, c++)
            lines = max_int(
                lines, put_text(w, IND_HEAD_ROW, c,
                                table_year_heading(l, first->years[y].fy, rate, "\n", w->t->arena),
                                w->t->head));
    lines =
        max_int(lines, put_text(w, IND_HEAD_ROW, c++, msg(l->lang, M_IND_INITIATIVE), w->t->head));
    lines = max_int(lines, put_text(w, IND_HEAD_ROW, c, msg(l->lang, M_IND_SOURCE), w->t->head));
    set_height(w, IND_HEAD_ROW, lines);
}

/* One indicator's row; a year without an actual (or without a rate, when
 * the target is the baseline) shows a dash, as the sheet does. */
static void write_ind_row(IndWriter *w, int row, const Indicator *x)
{
    const SheetLayout *l = w->t->l;
    Arena *a = w->t->arena;
    lxw_format *cell = w->t->cell;
    const char *dash = msg(l->lang, M_IND_NO_VALUE);
    int lines = put_text(w, row, 0, x->name, cell);
    lines = max_int(lines, put_text(w, row, 1, x->unit, cell));
    put_number(w, row, 2, x->baseline_value, w->number);
    put_text(w, row, 3, sheet_fy_name(x->baseline_fy, l->era, a), cell);
    put_number(w, row, 4, x->target_value, w->number);
    put_text(w, row, 5, sheet_fy_name(x->target_fy, l->era, a), cell);
    put_text(w, row, 6, msg(l->lang, x->higher_is_better ? M_IND_HIGHER : M_IND_LOWER), cell);
    int c = IND_FIXED;
    for (int y = 0; y < x->nyears; y++, c += 2) {
        const IndicatorYear *iy = &x->years[y];
        if (iy->has_actual)
            put_number(w, row, c, iy->actual, w->number);
        else
            put_text(w, row, c, dash, cell);
        if (iy->has_rate)
            put_number(w, row, c + 1, iy->rate, w->rate);
        else
            put_text(w, row, c + 1, dash, cell);
    }
    lines = max_int(lines, put_text(w, row, c, table_indicator_initiative(l, x), cell));
    lines = max_int(lines, put_text(w, row, c + 1, table_indicator_source(l, x, a), cell));
    set_height(w, row, lines);
}

static void size_ind_columns(IndWriter *w, double *widths, int nyears)
{
    const double fixed[IND_FIXED] = {IND_NAME_W,  IND_UNIT_W, IND_VALUE_W, IND_YEAR_W,
                                     IND_VALUE_W, IND_YEAR_W, IND_BETTER_W};
    int c = 0;
    for (; c < IND_FIXED; c++)
        widths[c] = fixed[c];
    for (; c < IND_FIXED + 2 * nyears; c++)
        widths[c] = IND_VALUE_W;
    widths[c++] = IND_INITIATIVE_W;
    widths[c++] = IND_SOURCE_W;
    w->ncols = c;
    for (c = 0; c < w->ncols; c++)
        check(w->t, worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c,
                                         xlsx_width_units(widths[c]), NULL));
}

void xlsx_indicator_sheet(XlsxTables *t)
{
    const IndicatorSet *set = t->l->indicators;
    if (!set || set->n == 0)
        return;
    IndWriter w = {.t = t, .ws = add_sheet(t, M_IND_HEADING)};
    if (!w.ws)
        return;
    w.number = number_format(t, "General");
    w.rate = number_format(t, "0.0");
    int nyears = set->items[0].nyears; /* every indicator has the years asked */
    double *widths = ARENA_ARRAY(t->arena, double, (size_t)(IND_FIXED + 2 * nyears + 2));
    w.widths = widths;
    size_ind_columns(&w, widths, nyears);
    const char *caption =
        arena_printf(t->arena, "%s %s", msg(t->l->lang, M_IND_HEADING), t->l->plan_line);
    check(t, worksheet_write_string(w.ws, 0, 0, caption, t->caption));
    write_ind_head(&w, &set->items[0]);
    for (int i = 0; i < set->n; i++)
        write_ind_row(&w, IND_HEAD_ROW + 1 + i, &set->items[i]);
    /* The headings on every printed page and kept in view on screen. */
    int last_row = IND_HEAD_ROW + set->n;
    check(t, worksheet_print_area(w.ws, 0, 0, (lxw_row_t)last_row, (lxw_col_t)(w.ncols - 1)));
    check(t, worksheet_repeat_rows(w.ws, IND_HEAD_ROW, IND_HEAD_ROW));
    worksheet_freeze_panes(w.ws, IND_HEAD_ROW + 1, 1);
    worksheet_gridlines(w.ws, LXW_HIDE_ALL_GRIDLINES);
}
