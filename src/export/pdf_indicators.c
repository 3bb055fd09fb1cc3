/* Indicator charts in the PDF: the same axes as the page's SVG
 * (indicator_chart_scale), drawn with cairo; text through pango so that
 * Japanese labels use the embedded font and stay selectable. */
#include <stdlib.h>
#include "base/decimal.h"
#include "export/indicator_svg.h"
#include "export/pdf_indicators.h"
#include "model/indicator.h"

enum { COLS = 3, ROWS = 2 };
#define HEADING_PT 14.0
#define TITLE_PT   10.0
#define LABEL_PT   7.0
#define GAP        18.0 /* between charts */

typedef struct Draw {
    cairo_t *cr;
    PangoContext *pango;
    PangoFontDescription *heading, *title, *label;
    const SheetLayout *l;
    Arena *arena;
} Draw;

/* Writes s at (x, y) (its top), anchored left (0), centre (0.5) or right
 * (1) of x, at most width wide (wrapping); returns its height. */
static double text(Draw *d, PangoFontDescription *f, const char *s, double x, double y,
                   double anchor, double width)
{
    PangoLayout *layout = pango_layout_new(d->pango);
    pango_layout_set_font_description(layout, f);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, s, -1);
    PangoRectangle r;
    pango_layout_get_extents(layout, NULL, &r);
    double tw = (double)r.width / PANGO_SCALE, th = (double)r.height / PANGO_SCALE;
    cairo_move_to(d->cr, x - tw * anchor - (double)r.x / PANGO_SCALE, y);
    pango_cairo_show_layout(d->cr, layout);
    g_object_unref(layout);
    return th;
}

static const char *number(Arena *a, double v, int scale)
{
    Buf b = BUF_INIT;
    decimal_format(&b, v, scale);
    const char *s = arena_strdup(a, b.data);
    buf_free(&b);
    return s;
}

/* The plot area of one chart and the mapping into it. */
typedef struct Box {
    double left, top, w, h;
    IndicatorChart c;
} Box;

static double bx(const Box *b, int fy)
{
    return b->left + 10 +
           (b->w - 20) * (fy - b->c.first_fy) / (double)(b->c.last_fy - b->c.first_fy);
}

static double by(const Box *b, double v)
{
    return b->top + b->h - b->h * (v - b->c.lo) / (b->c.hi - b->c.lo);
}

static void draw_axes(Draw *d, const Box *b)
{
    cairo_t *cr = d->cr;
    cairo_set_line_width(cr, 0.3);
    for (double v = b->c.lo; v <= b->c.hi + b->c.step / 2; v += b->c.step) {
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_move_to(cr, b->left, by(b, v));
        cairo_line_to(cr, b->left + b->w, by(b, v));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text(d, d->label, number(d->arena, v, b->c.scale), b->left - 4, by(b, v) - 4, 1, 60);
    }
    for (int fy = b->c.first_fy; fy <= b->c.last_fy; fy++)
        text(d, d->label, sheet_fy_name(fy, d->l->era, d->arena), bx(b, fy), b->top + b->h + 4, 0.5,
             60);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, b->left, b->top);
    cairo_line_to(cr, b->left, b->top + b->h);
    cairo_line_to(cr, b->left + b->w, b->top + b->h);
    cairo_stroke(cr);
}

static void draw_plan_line(Draw *d, const Box *b, const Indicator *x)
{
    cairo_t *cr = d->cr;
    static const double dash[] = {5.0, 3.0};
    double x0 = bx(b, x->baseline_fy), y0 = by(b, x->baseline_value);
    double x1 = bx(b, x->target_fy), y1 = by(b, x->target_value);
    cairo_set_source_rgb(cr, 0.33, 0.33, 0.33);
    cairo_set_line_width(cr, 1.0);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_rectangle(cr, x0 - 2.5, y0 - 2.5, 5, 5);
    cairo_rectangle(cr, x1 - 2.5, y1 - 2.5, 5, 5);
    cairo_fill(cr);
    Lang L = d->l->lang;
    text(d, d->label, arena_printf(d->arena, "%s %s", msg(L, M_IND_BASELINE), x->baseline), x0 + 4,
         y0 - 12, 0, 80);
    text(d, d->label, arena_printf(d->arena, "%s %s", msg(L, M_IND_TARGET), x->target), x1 - 4,
         y1 - 12, 1, 80);
}

static void draw_actuals(Draw *d, const Box *b, const Indicator *x)
{
    cairo_t *cr = d->cr;
    cairo_set_source_rgb(cr, 0.12, 0.37, 0.66);
    cairo_set_line_width(cr, 1.8);
    bool first = true;
    for (int i = 0; i < x->nyears; i++)
        if (x->years[i].has_actual) {
            double px = bx(b, x->years[i].fy), py = by(b, x->years[i].actual);
            if (first)
                cairo_move_to(cr, px, py);
            else
                cairo_line_to(cr, px, py);
            first = false;
        }
    cairo_stroke(cr);
    for (int i = 0; i < x->nyears; i++) {
        const IndicatorYear *y = &x->years[i];
        if (!y->has_actual)
            continue;
        double px = bx(b, y->fy), py = by(b, y->actual);
        cairo_new_sub_path(cr);
        cairo_arc(cr, px, py, 2.8, 0, 6.283185307179586);
        cairo_fill(cr);
        text(d, d->label, y->actual_text, px, py - 13, 0.5, 80);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
}

/* One chart in the cell at (left, top), w x h: its title, then the plot. */
static void draw_chart(Draw *d, const Indicator *x, double left, double top, double w, double h)
{
    const char *title = x->name;
    if (*x->unit) {
        const char *args[] = {x->name, x->unit};
        char *s = msg_fill(d->l->lang, M_FMT_PAREN, args, 2);
        title = arena_strdup(d->arena, s);
        free(s);
    }
    double th = text(d, d->title, title, left, top, 0, w) + 4;
    Box b = {.left = left + 48, .top = top + th + 14, .w = w - 48 - 16, .h = h - th - 14 - 24};
    indicator_chart_scale(x, &b.c);
    draw_axes(d, &b);
    draw_plan_line(d, &b, x);
    draw_actuals(d, &b, x);
}

int pdf_indicator_page_count(const SheetLayout *l)
{
    const IndicatorSet *set = l->indicators;
    return set ? (set->n + COLS * ROWS - 1) / (COLS * ROWS) : 0;
}

void pdf_indicator_pages(PdfPages *pg, const char *family, const SheetLayout *l)
{
    const IndicatorSet *set = l->indicators;
    if (!set || set->n == 0)
        return;
    Arena arena;
    arena_init(&arena);
    cairo_t *cr = pg->cr;
    Draw d = {cr,
              pg->pango,
              pango_font_description_new(),
              pango_font_description_new(),
              pango_font_description_new(),
              l,
              &arena};
    PangoFontDescription *fonts[] = {d.heading, d.title, d.label};
    double sizes[] = {HEADING_PT, TITLE_PT, LABEL_PT};
    for (int i = 0; i < 3; i++) {
        pango_font_description_set_family(fonts[i], family);
        pango_font_description_set_absolute_size(fonts[i], sizes[i] * PANGO_SCALE);
    }
    pango_font_description_set_weight(d.heading, PANGO_WEIGHT_BOLD);
    pango_font_description_set_weight(d.title, PANGO_WEIGHT_BOLD);
    double w = pg->w, margin = pg->margin;
    /* The charts stop above the page number's band. */
    double bottom = pg->h - margin - pg->band;
    double cell_w = (w - 2 * margin - (COLS - 1) * GAP) / COLS;
    for (int first = 0; first < set->n; first += COLS * ROWS) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        double head = text(&d, d.heading,
                           arena_printf(&arena, "%s %s", msg(l->lang, M_IND_HEADING), l->plan_line),
                           margin, margin, 0, w - 2 * margin) +
                      GAP;
        double cell_h = (bottom - margin - head - (ROWS - 1) * GAP) / ROWS;
        for (int k = 0; k < COLS * ROWS && first + k < set->n; k++)
            draw_chart(&d, &set->items[first + k], margin + (k % COLS) * (cell_w + GAP),
                       margin + head + (double)(k / COLS) * (cell_h + GAP), cell_w, cell_h);
        pdf_page_end(pg);
    }
    for (int i = 0; i < 3; i++)
        pango_font_description_free(fonts[i]);
    arena_free(&arena);
}
