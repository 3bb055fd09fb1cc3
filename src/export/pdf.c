/* The sheet as a PDF for the council: A3 landscape, the look of the printed
 * page (black text, thin black borders, light grey headings), a Japanese
 * gothic found through fontconfig and embedded by cairo as a subset, so the
 * text stays selectable. pdf_table.c wraps the cells and plans the pages;
 * this file draws them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include "base/buf.h"
#include "base/mem.h"
#include "export/export.h"
#include "export/pdf_indicators.h"
#include "export/pdf_page.h"
#include "export/pdf_summary.h"
#include "export/pdf_table.h"

/* A3 landscape in points, and 10 mm margins. */
#define PAGE_W   1190.55
#define PAGE_H   841.89
#define MARGIN   28.35
#define FOOTER_H 16.0 /* the page number's band above the bottom margin */
#define DOC_GAP  8.0  /* between the document header and the table */

#define BODY_PT   8.0
#define SMALL_PT  7.0 /* four or more years: the print stylesheet's smaller text */
#define FOOT_PT   8.0
#define TITLE_PT  16.0
#define PLAN_PT   11.0
#define META_PT   10.0
#define PAD       2.0
#define MARK_H    4.0 /* room a continuation mark takes in a cell's corner */
#define THIN      0.5
#define THICK     1.0 /* under the headings, between initiatives */
#define YEAR_LINE 1.5 /* before each fiscal year's columns */
#define HEAD_GREY 0.9 /* #e6e6e6 */

/* In order of preference: both are Debian packages (fonts-ipaexfont,
 * fonts-noto-cjk). */
static const char *const font_families[] = {"IPAexGothic", "Noto Sans CJK JP"};

typedef struct Pdf {
    PdfTable t;
    PdfPages pages; /* ends each page with its number */
    cairo_t *cr;
    double table_top; /* the table's top on the first page */
    PdfText title, plan, meeting, material, date;
    PangoFontDescription *title_font, *plan_font, *meta_font, *meta_bold, *foot_font;
} Pdf;

/* The first family of font_families that fontconfig has, or NULL. */
static const char *find_family(void)
{
    for (size_t i = 0; i < sizeof(font_families) / sizeof(font_families[0]); i++) {
        /* FcFontList matches the family name itself, where FcFontMatch would
         * answer with whatever font is closest. */
        FcPattern *pat = FcPatternCreate();
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)font_families[i]);
        FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
        FcFontSet *set = FcFontList(NULL, pat, os);
        bool found = set && set->nfont > 0;
        if (set)
            FcFontSetDestroy(set);
        FcObjectSetDestroy(os);
        FcPatternDestroy(pat);
        if (found)
            return font_families[i];
    }
    return NULL;
}

static PangoFontDescription *font(const char *family, double pt, bool bold)
{
    PangoFontDescription *f = pango_font_description_new();
    pango_font_description_set_family(f, family);
    pango_font_description_set_absolute_size(f, pt * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
    return f;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* Lines [first, end) of x with the top of line first at (left, top). */
static void draw_lines(cairo_t *cr, const PdfText *x, int first, int end, double left, double top)
{
    for (int i = first; i < end; i++) {
        cairo_move_to(cr, left + x->left[i], top + x->base[i] - x->top[first]);
        pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(x->layout, i));
    }
}

static void draw_text(cairo_t *cr, const PdfText *x, double left, double top)
{
    draw_lines(cr, x, 0, x->nlines, left, top);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

/* A cell's borders; a dashed bottom says the cell goes on on the next page. */
static void borders(cairo_t *cr, double x, double y, double w, double h, bool dashed_bottom)
{
    cairo_set_line_width(cr, THIN);
    cairo_move_to(cr, x, y + h);
    cairo_line_to(cr, x, y);
    cairo_line_to(cr, x + w, y);
    cairo_line_to(cr, x + w, y + h);
    cairo_stroke(cr);
    if (dashed_bottom) {
        static const double dash[] = {2.0, 1.5};
        cairo_set_dash(cr, dash, 2, 0);
    }
    line(cr, x, y + h, x + w, y + h, THIN);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* A small grey triangle in a cell's right corner: pointing down at the bottom
 * when its text goes on on the next page, up at the top when it comes from
 * the page before. A shape, not a character, so that copied text stays the
 * cell's own. */
static void continuation_mark(cairo_t *cr, double right, double y, bool down)
{
    double x = right - PAD - 5, h = 3.5;
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    if (down) {
        cairo_move_to(cr, x, y - h - 0.75);
        cairo_line_to(cr, x + 5, y - h - 0.75);
        cairo_line_to(cr, x + 2.5, y - 0.75);
    } else {
        cairo_move_to(cr, x, y + h + 0.75);
        cairo_line_to(cr, x + 5, y + h + 0.75);
        cairo_line_to(cr, x + 2.5, y + 0.75);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
}

/* A heading cell, its text centred both ways (draw_header fills the grey). */
static void head_cell(Pdf *d, const PdfText *x, double left, double top, double w, double h)
{
    cairo_t *cr = d->cr;
    if (x && x->nlines > 0) {
        double text_h = x->top[x->nlines];
        draw_text(cr, x, left + PAD, top + (h - text_h) / 2);
    }
    borders(cr, left, top, w, h, false);
}

static double group_width(const PdfTable *t, const SheetGroup *g)
{
    int last = g->first + g->count - 1;
    return t->x[last] + t->w[last] - t->x[g->first];
}

/* The three heading rows at top; returns their height. */
static double draw_header(Pdf *d, double top)
{
    const PdfTable *t = &d->t;
    const SheetLayout *l = t->l;
    double a = t->head_h[0], b = t->head_h[1], c = t->head_h[2];
    /* One grey band under all the cells: a fill per cell would cover half
     * of the border its neighbour has drawn. */
    cairo_set_source_rgb(d->cr, HEAD_GREY, HEAD_GREY, HEAD_GREY);
    cairo_rectangle(d->cr, MARGIN, top, t->width, a + b + c);
    cairo_fill(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    /* Columns no group covers still get their cells. */
    bool *in_a = xcalloc((size_t)l->ncols + 1, sizeof(bool));
    bool *in_b = xcalloc((size_t)l->ncols + 1, sizeof(bool));
    for (int i = 0; i < l->ntop; i++) {
        const SheetGroup *g = &l->top[i];
        double h = g->rows == 2 ? a + b : a;
        head_cell(d, &t->head_top[i], MARGIN + t->x[g->first], top, group_width(t, g), h);
        for (int k = g->first; k < g->first + g->count; k++) {
            in_a[k] = true;
            in_b[k] = in_b[k] || g->rows == 2;
        }
    }
    for (int i = 0; i < l->nmid; i++) {
        const SheetGroup *g = &l->mid[i];
        head_cell(d, &t->head_mid[i], MARGIN + t->x[g->first], top + a, group_width(t, g), b);
        for (int k = g->first; k < g->first + g->count; k++)
            in_b[k] = true;
    }
    for (int k = 0; k < l->ncols; k++) {
        if (!in_a[k])
            head_cell(d, NULL, MARGIN + t->x[k], top, t->w[k], a);
        if (!in_b[k])
            head_cell(d, NULL, MARGIN + t->x[k], top + a, t->w[k], b);
        head_cell(d, &t->head_col[k], MARGIN + t->x[k], top + a + b, t->w[k], c);
    }
    free(in_a);
    free(in_b);
    line(d->cr, MARGIN, top + a + b + c, PAGE_W - MARGIN, top + a + b + c, THICK);
    return a + b + c;
}

/* One piece of the plan, its top at body_top + p->y. */
static void draw_piece(Pdf *d, const PdfPiece *p, double body_top)
{
    const PdfTable *t = &d->t;
    const SheetLayout *l = t->l;
    const PdfBlock *k = &t->blocks[p->block];
    cairo_t *cr = d->cr;
    double y = body_top + p->y;
    for (int c = 0; c < l->ncols; c++) {
        if (l->cols[c].per_initiative != (p->row < 0))
            continue;
        const PdfText *x = &k->cells[(p->row < 0 ? 0 : p->row) * l->ncols + c];
        double left = MARGIN + t->x[c], right = left + t->w[c];
        /* A cell continued from the page before leaves its corner to the mark. */
        if (x->nlines > 0)
            draw_lines(cr, x, p->first[c], p->end[c], left + PAD,
                       y + PAD + (p->cont_above ? t->mark : 0));
        /* The per-initiative cells mark every page the initiative reaches;
         * a cut row marks only the cells whose text is cut. */
        bool more = p->row < 0 ? p->cont_below : p->end[c] < x->nlines;
        bool before = p->row < 0 ? p->cont_above
                                 : p->cont_above && p->first[c] > 0 && p->first[c] < x->nlines;
        if (x->nlines > 0 && more)
            continuation_mark(cr, right, y + p->h, true);
        if (x->nlines > 0 && before)
            continuation_mark(cr, right, y, false);
        borders(cr, left, y, t->w[c], p->h, p->cont_below);
    }
    if (p->row == 0 && !p->cont_above && p->y > 0)
        line(cr, MARGIN, y, PAGE_W - MARGIN, y, THICK);
}

/* Title and plan at the top left; meeting, material number (boxed) and date
 * at the top right. */
static void draw_doc_header(Pdf *d)
{
    cairo_t *cr = d->cr;
    draw_text(cr, &d->title, MARGIN, MARGIN);
    draw_text(cr, &d->plan, MARGIN, MARGIN + d->title.top[d->title.nlines] + 2);
    double y = MARGIN, right = PAGE_W - MARGIN;
    const PdfText *meta[] = {&d->meeting, &d->material, &d->date};
    for (int i = 0; i < 3; i++) {
        const PdfText *x = meta[i];
        if (x->nlines == 0)
            continue;
        bool box = x == &d->material;
        PangoRectangle logical;
        pango_layout_get_extents(x->layout, NULL, &logical);
        double w = (double)logical.width / PANGO_SCALE, h = x->top[x->nlines];
        double inset = box ? 5 : 0;
        draw_lines(cr, x, 0, x->nlines, right - inset - w - (double)logical.x / PANGO_SCALE,
                   y + (box ? 1.5 : 0));
        if (box) {
            cairo_set_line_width(cr, THIN);
            cairo_rectangle(cr, right - w - 2 * inset, y, w + 2 * inset, h + 3);
            cairo_stroke(cr);
            h += 3;
        }
        y += h + 2;
    }
}

static double doc_header_height(const Pdf *d)
{
    double left = d->title.top[d->title.nlines] + 2 + d->plan.top[d->plan.nlines];
    double right = 0;
    const PdfText *meta[] = {&d->meeting, &d->material, &d->date};
    for (int i = 0; i < 3; i++)
        if (meta[i]->nlines > 0)
            right += meta[i]->top[meta[i]->nlines] + 2 + (meta[i] == &d->material ? 3 : 0);
    return left > right ? left : right;
}

static void draw_pages(Pdf *d)
{
    const PdfTable *t = &d->t;
    cairo_t *cr = d->cr;
    int i = 0;
    for (int page = 0; page < t->npages; page++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        double top = MARGIN;
        if (page == 0) {
            draw_doc_header(d);
            top = d->table_top;
        }
        double body_top = top + draw_header(d, top), bottom = body_top;
        for (; i < t->npieces && t->pieces[i].page == page; i++) {
            draw_piece(d, &t->pieces[i], body_top);
            double b = body_top + t->pieces[i].y + t->pieces[i].h;
            bottom = b > bottom ? b : bottom;
        }
        for (int c = 0; c < t->l->ncols; c++)
            if (t->l->cols[c].year_start)
                line(cr, MARGIN + t->x[c], top, MARGIN + t->x[c], bottom, YEAR_LINE);
        pdf_page_end(&d->pages);
    }
}

static void make_doc_header(Pdf *d, const char *family)
{
    const SheetLayout *l = d->t.l;
    double w = PAGE_W - 2 * MARGIN;
    d->title_font = font(family, TITLE_PT, true);
    d->plan_font = font(family, PLAN_PT, false);
    d->meta_font = font(family, META_PT, false);
    d->meta_bold = font(family, META_PT, true);
    d->foot_font = font(family, FOOT_PT, false);
    pdf_text_make(&d->t, &d->title, l->title, w * 0.6, d->title_font, PANGO_ALIGN_LEFT);
    pdf_text_make(&d->t, &d->plan, l->plan_line, w * 0.6, d->plan_font, PANGO_ALIGN_LEFT);
    pdf_text_make(&d->t, &d->meeting, l->meeting, w * 0.35, d->meta_font, PANGO_ALIGN_LEFT);
    pdf_text_make(&d->t, &d->material, l->material, w * 0.35, d->meta_bold, PANGO_ALIGN_LEFT);
    pdf_text_make(&d->t, &d->date, l->date, w * 0.35, d->meta_font, PANGO_ALIGN_LEFT);
}

static void free_pdf(Pdf *d)
{
    PdfText *texts[] = {&d->title, &d->plan, &d->meeting, &d->material, &d->date};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        pdf_text_free(texts[i]);
    pdf_table_free(&d->t);
    PangoFontDescription *fonts[] = {d->t.body_font, d->t.head_font, d->title_font, d->plan_font,
                                     d->meta_font,   d->meta_bold,   d->foot_font};
    for (size_t i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++)
        if (fonts[i])
            pango_font_description_free(fonts[i]);
}

Err export_pdf(const SheetLayout *l, Buf *out, char **err)
{
    const char *family = find_family();
    if (!family) {
        Buf m = BUF_INIT;
        buf_puts(&m, "PDF: no Japanese font found through fontconfig; tried");
        for (size_t i = 0; i < sizeof(font_families) / sizeof(font_families[0]); i++)
            buf_printf(&m, "%s \"%s\"", i ? "," : "", font_families[i]);
        *err = buf_take(&m);
        return ERR_IO;
    }
    size_t start = out->len;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
    Arena arena;
    arena_init(&arena);
    cairo_pdf_surface_set_metadata(
        surface, CAIRO_PDF_METADATA_TITLE,
        *l->plan_line ? arena_printf(&arena, "%s %s", l->title, l->plan_line) : l->title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "shinchoku " SHINCHOKU_VERSION);
    cairo_t *cr = cairo_create(surface);

    /* A font map of our own, released at the end, so that no font cache
     * outlives the export and threads never share one. */
    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *pango = pango_font_map_create_context(map);
    pango_cairo_update_context(cr, pango);
    /* Points, not pixels: a 96 dpi context would make 8 pt text 10.7 pt. */
    pango_cairo_context_set_resolution(pango, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango, fo);
    cairo_font_options_destroy(fo);
    /* Japanese line breaking and the Japanese forms of shared CJK glyphs. */
    pango_context_set_language(pango, pango_language_from_string("ja"));

    Pdf d = {.cr = cr};
    d.t.l = l;
    d.t.arena = &arena;
    d.t.pango = pango;
    d.t.pad = PAD;
    d.t.mark = MARK_H;
    d.t.width = PAGE_W - 2 * MARGIN;
    double pt = l->sheet->nyears >= 4 ? SMALL_PT : BODY_PT;
    d.t.body_font = font(family, pt, false);
    d.t.head_font = font(family, pt, true);
    make_doc_header(&d, family);
    pdf_table_measure(&d.t);

    double head = d.t.head_h[0] + d.t.head_h[1] + d.t.head_h[2];
    d.table_top = MARGIN + doc_header_height(&d) + DOC_GAP;
    d.t.avail = PAGE_H - 2 * MARGIN - FOOTER_H - head;
    d.t.avail_first = d.t.avail - (d.table_top - MARGIN);
    pdf_table_paginate(&d.t);
    /* Every page is numbered over the whole document, so the pages after
     * the sheet are counted before the first number is drawn. */
    d.pages = (PdfPages){.cr = cr,
                         .pango = pango,
                         .font = d.foot_font,
                         .w = PAGE_W,
                         .h = PAGE_H,
                         .margin = MARGIN,
                         .band = FOOTER_H,
                         .l = l};
    d.pages.total = d.t.npages + pdf_summary_page_count(&d.pages, l) + pdf_indicator_page_count(l);
    draw_pages(&d);
    pdf_summary_pages(&d.pages, family, l);
    pdf_indicator_pages(&d.pages, family, l);

    free_pdf(&d);
    g_object_unref(pango);
    g_object_unref(map);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    arena_free(&arena);
    if (status != CAIRO_STATUS_SUCCESS) {
        Buf m = BUF_INIT;
        buf_printf(&m, "PDF: %s", cairo_status_to_string(status));
        *err = buf_take(&m);
        /* No half-written document for the caller. */
        if (out->cap) {
            out->len = start;
            out->data[start] = '\0';
        }
        return ERR_IO;
    }
    return ERR_OK;
}
