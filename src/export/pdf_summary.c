/* The summary's tables in the PDF, one under the other, a new page when the
 * next table does not fit above the page number. */
#include <stdio.h>
#include "base/buf.h"
#include "export/pdf_summary.h"
#include "export/table_text.h"
#include "model/summary.h"

#define HEADING_PT 14.0
#define CELL_PT    8.0
#define ROW_H      14.0  /* points per table row */
#define NAME_W     200.0 /* the first column: the direction */
#define COL_W      60.0  /* each grade, the answers and the average */
#define TABLE_GAP  16.0

typedef struct Draw {
    PdfPages *pages;
    cairo_t *cr;
    PangoContext *pango;
    PangoFontDescription *heading, *cell;
    const SheetLayout *l;
    Arena *arena;
} Draw;

/* Writes s in the cell (x, y, width ROW_H high), anchored left (0) or right
 * (1), clipped to one line. */
static void cell(Draw *d, PangoFontDescription *f, const char *s, double x, double y, double w,
                 double anchor)
{
    PangoLayout *layout = pango_layout_new(d->pango);
    pango_layout_set_font_description(layout, f);
    pango_layout_set_width(layout, (int)((w - 6) * PANGO_SCALE));
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(layout, anchor > 0.5 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, s, -1);
    PangoRectangle r;
    pango_layout_get_extents(layout, NULL, &r);
    cairo_move_to(d->cr, x + 3, y + (ROW_H - (double)r.height / PANGO_SCALE) / 2);
    pango_cairo_show_layout(d->cr, layout);
    g_object_unref(layout);
}

static void box(Draw *d, double x, double y, double w, bool head)
{
    if (head) {
        cairo_set_source_rgb(d->cr, 0.91, 0.945, 0.996);
        cairo_rectangle(d->cr, x, y, w, ROW_H);
        cairo_fill(d->cr);
    }
    cairo_set_source_rgb(d->cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(d->cr, 0.4);
    cairo_rectangle(d->cr, x, y, w, ROW_H);
    cairo_stroke(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static double table_height(const SummaryTable *t)
{
    return ROW_H * (t->nrows + 2) + TABLE_GAP; /* caption, heading, rows */
}

/* One table at y: its caption (year and field), a heading row, a row per
 * direction and the whole plan's. */
static void draw_table(Draw *d, const SummaryTable *t, double x, double y)
{
    const SheetLayout *l = d->l;
    cell(d, d->heading,
         arena_printf(d->arena, "%s %s", sheet_fy_name(t->year, l->era, d->arena), t->field->label),
         x, y, NAME_W + COL_W * (t->ngrades + 2), 0);
    y += ROW_H;
    double cx = x;
    box(d, cx, y, NAME_W, true);
    cell(d, d->cell, l->sheet->nlevels ? l->sheet->levels[0] : "", cx, y, NAME_W, 0);
    cx += NAME_W;
    for (int g = 0; g < t->ngrades; g++, cx += COL_W) {
        box(d, cx, y, COL_W, true);
        cell(d, d->cell, t->grades[g].label, cx, y, COL_W, 1);
    }
    box(d, cx, y, COL_W, true);
    cell(d, d->cell, msg(l->lang, M_SUM_ANSWERS), cx, y, COL_W, 1);
    if (t->has_points) {
        box(d, cx + COL_W, y, COL_W, true);
        cell(d, d->cell, msg(l->lang, M_SUM_AVERAGE), cx + COL_W, y, COL_W, 1);
    }
    for (int r = 0; r < t->nrows; r++) {
        const SummaryRow *sr = &t->rows[r];
        y += ROW_H;
        cx = x;
        box(d, cx, y, NAME_W, false);
        cell(d, d->cell, table_summary_row(l, sr, d->arena), cx, y, NAME_W, 0);
        cx += NAME_W;
        for (int g = 0; g < t->ngrades; g++, cx += COL_W) {
            box(d, cx, y, COL_W, false);
            cell(d, d->cell, arena_printf(d->arena, "%d", sr->counts[g]), cx, y, COL_W, 1);
        }
        box(d, cx, y, COL_W, false);
        cell(d, d->cell, arena_printf(d->arena, "%d", sr->answers), cx, y, COL_W, 1);
        if (t->has_points) {
            double avg;
            box(d, cx + COL_W, y, COL_W, false);
            cell(d, d->cell,
                 summary_average(sr, &avg) ? arena_printf(d->arena, "%.2f", avg)
                                           : msg(l->lang, M_SUM_NONE),
                 cx + COL_W, y, COL_W, 1);
        }
    }
}

/* Places the tables on pages: a table goes on the next page when it does
 * not fit above the page number. Draws them when d is not NULL; returns
 * the pages taken either way, so that counting and drawing agree. */
static int lay_out(const PdfPages *pg, const SheetLayout *l, Draw *d)
{
    const Summary *sum = l->summary;
    double y = pg->margin, bottom = pg->h - pg->margin - pg->band;
    int pages = 0;
    bool page_open = false;
    for (int i = 0; sum && i < sum->ntables; i++) {
        const SummaryTable *t = &sum->tables[i];
        if (page_open && y + table_height(t) > bottom) {
            if (d)
                pdf_page_end(d->pages);
            page_open = false;
        }
        if (!page_open) {
            y = pg->margin;
            if (d)
                cell(d, d->heading,
                     arena_printf(d->arena, "%s %s", msg(l->lang, M_SUM_TITLE), l->plan_line),
                     pg->margin, y, pg->w - 2 * pg->margin, 0);
            y += ROW_H * 2;
            page_open = true;
            pages++;
        }
        if (d)
            draw_table(d, t, pg->margin, y);
        y += table_height(t);
    }
    if (page_open && d)
        pdf_page_end(d->pages);
    return pages;
}

int pdf_summary_page_count(const PdfPages *pg, const SheetLayout *l)
{
    return lay_out(pg, l, NULL);
}

void pdf_summary_pages(PdfPages *pg, const char *family, const SheetLayout *l)
{
    const Summary *sum = l->summary;
    if (!sum || sum->ntables == 0)
        return;
    Arena arena;
    arena_init(&arena);
    Draw d = {.pages = pg,
              .cr = pg->cr,
              .pango = pg->pango,
              .heading = pango_font_description_new(),
              .cell = pango_font_description_new(),
              .l = l,
              .arena = &arena};
    pango_font_description_set_family(d.heading, family);
    pango_font_description_set_absolute_size(d.heading, HEADING_PT * PANGO_SCALE);
    pango_font_description_set_weight(d.heading, PANGO_WEIGHT_BOLD);
    pango_font_description_set_family(d.cell, family);
    pango_font_description_set_absolute_size(d.cell, CELL_PT * PANGO_SCALE);
    lay_out(pg, l, &d);
    pango_font_description_free(d.heading);
    pango_font_description_free(d.cell);
    arena_free(&arena);
}
