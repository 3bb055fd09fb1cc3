/* The PDF table's measuring and page planning (see pdf_table.h). Rules of the
 * plan, in order: a row is never cut when it fits on a page; an initiative
 * that fits on a page is not split; a split initiative repeats its
 * per-initiative cells on every page it reaches; a row taller than a page is
 * cut between lines and continued. */
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "export/pdf_table.h"

/* Below this, two heights are the same: they are sums of pango's units. */
#define EPS 0.01

static double from_pango(int v)
{
    return (double)v / PANGO_SCALE;
}

void pdf_text_make(PdfTable *t, PdfText *out, const char *s, double width,
                   const PangoFontDescription *font, PangoAlignment align)
{
    memset(out, 0, sizeof(*out));
    /* An empty cell has no line at all, so that it needs no height. */
    if (!*s) {
        out->top = ARENA_NEW(t->arena, double);
        return;
    }
    PangoLayout *layout = pango_layout_new(t->pango);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, (int)(width > 1 ? width * PANGO_SCALE : PANGO_SCALE));
    /* Japanese breaks between characters; a long Latin word must break too
     * rather than overflow its column. */
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_line_spacing(layout, 1.2f);
    pango_layout_set_text(layout, s, -1);

    int n = pango_layout_get_line_count(layout);
    out->layout = layout;
    out->nlines = n;
    out->top = ARENA_ARRAY(t->arena, double, (size_t)n + 1);
    out->base = ARENA_ARRAY(t->arena, double, (size_t)n);
    out->left = ARENA_ARRAY(t->arena, double, (size_t)n);
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    int i = 0, bottom = 0;
    do {
        int y0, y1;
        PangoRectangle logical;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        out->top[i] = from_pango(y0);
        out->base[i] = from_pango(pango_layout_iter_get_baseline(it));
        out->left[i] = from_pango(logical.x);
        bottom = y1;
        i++;
    } while (i < n && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    out->nlines = i;
    out->top[i] = from_pango(bottom);
}

void pdf_text_free(PdfText *text)
{
    if (text->layout)
        g_object_unref(text->layout);
    text->layout = NULL;
}

static double text_h(const PdfText *x)
{
    return x->top[x->nlines];
}

static void measure_header(PdfTable *t)
{
    const SheetLayout *l = t->l;
    t->head_top = ARENA_ARRAY(t->arena, PdfText, (size_t)l->ntop);
    t->head_mid = ARENA_ARRAY(t->arena, PdfText, (size_t)l->nmid);
    t->head_col = ARENA_ARRAY(t->arena, PdfText, (size_t)l->ncols);
    double a = 0, b = 0, c = 0, two_rows = 0;
    for (int i = 0; i < l->ntop; i++) {
        const SheetGroup *g = &l->top[i];
        const char *s = g->text2 ? arena_printf(t->arena, "%s\n%s", g->text, g->text2) : g->text;
        double w = t->x[g->first + g->count - 1] + t->w[g->first + g->count - 1] - t->x[g->first];
        pdf_text_make(t, &t->head_top[i], s, w - 2 * t->pad, t->head_font, PANGO_ALIGN_CENTER);
        double h = text_h(&t->head_top[i]) + 2 * t->pad;
        if (g->rows == 2)
            two_rows = h > two_rows ? h : two_rows;
        else
            a = h > a ? h : a;
    }
    for (int i = 0; i < l->nmid; i++) {
        const SheetGroup *g = &l->mid[i];
        double w = t->x[g->first + g->count - 1] + t->w[g->first + g->count - 1] - t->x[g->first];
        pdf_text_make(t, &t->head_mid[i], g->text, w - 2 * t->pad, t->head_font,
                      PANGO_ALIGN_CENTER);
        double h = text_h(&t->head_mid[i]) + 2 * t->pad;
        b = h > b ? h : b;
    }
    for (int i = 0; i < l->ncols; i++) {
        const SheetColumn *col = &l->cols[i];
        const char *s = col->checkpoint
                            ? arena_printf(t->arena, "%s\n%s", col->heading, col->checkpoint)
                            : col->heading;
        pdf_text_make(t, &t->head_col[i], s, t->w[i] - 2 * t->pad, t->head_font,
                      PANGO_ALIGN_CENTER);
        double h = text_h(&t->head_col[i]) + 2 * t->pad;
        c = h > c ? h : c;
    }
    /* Empty heading rows still show as a thin band, like the page's table. */
    double min = t->line_h + 2 * t->pad;
    a = a > min ? a : min;
    b = b > min ? b : min;
    c = c > min ? c : min;
    /* A heading over two rows that needs more than both gets it from the second. */
    if (two_rows > a + b)
        b = two_rows - a;
    t->head_h[0] = a;
    t->head_h[1] = b;
    t->head_h[2] = c;
}

static void measure_block(PdfTable *t, PdfBlock *k, const SheetInitiative *in)
{
    const SheetLayout *l = t->l;
    k->in = in;
    k->nrows = in->nprojects > 0 ? in->nprojects : 1;
    k->cells = ARENA_ARRAY(t->arena, PdfText, (size_t)k->nrows * (size_t)l->ncols);
    k->row_h = ARENA_ARRAY(t->arena, double, (size_t)k->nrows);
    for (int r = 0; r < k->nrows; r++) {
        const SheetProject *p = in->nprojects > 0 ? &in->projects[r] : NULL;
        double h = t->line_h;
        for (int c = 0; c < l->ncols; c++) {
            const SheetColumn *col = &l->cols[c];
            PdfText *cell = &k->cells[r * l->ncols + c];
            if (col->per_initiative && r > 0) {
                pdf_text_make(t, cell, "", 0, t->body_font, PANGO_ALIGN_LEFT);
                continue;
            }
            const char *s = sheet_file_cell(l, col, in, p, t->arena);
            pdf_text_make(t, cell, s, t->w[c] - 2 * t->pad, t->body_font,
                          col->kind == COL_NUMBER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
            if (col->per_initiative)
                k->shared_h = text_h(cell) > k->shared_h ? text_h(cell) : k->shared_h;
            else if (text_h(cell) > h)
                h = text_h(cell);
        }
        k->row_h[r] = h + 2 * t->pad;
    }
    k->shared_h += 2 * t->pad;
}

/* The width of s in font on one line. */
static double natural_width(PdfTable *t, const char *s, const PangoFontDescription *font)
{
    if (!*s)
        return 0;
    PangoLayout *layout = pango_layout_new(t->pango);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, s, -1);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    g_object_unref(layout);
    return from_pango(logical.width);
}

/* Column edges: the suggested widths scaled to fill the table's width, except
 * that a number (番号) is never broken, as people cite initiatives by it: its
 * column gets at least its widest number and the others share the rest. */
static void size_columns(PdfTable *t)
{
    const SheetLayout *l = t->l;
    const Sheet *s = l->sheet;
    int n = l->ncols;
    t->x = ARENA_ARRAY(t->arena, double, (size_t)n + 1);
    t->w = ARENA_ARRAY(t->arena, double, (size_t)n + 1);
    double *least = ARENA_ARRAY(t->arena, double, (size_t)n + 1);
    bool *fixed = ARENA_ARRAY(t->arena, bool, (size_t)n + 1);
    for (int c = 0; c < n; c++) {
        if (l->cols[c].kind != COL_NUMBER)
            continue;
        for (int i = 0; i < s->ninitiatives; i++) {
            double w =
                natural_width(t, sheet_cell(l, &l->cols[c], &s->initiatives[i], NULL, t->arena),
                              t->body_font) +
                2 * t->pad + 0.5;
            least[c] = w > least[c] ? w : least[c];
        }
    }
    /* Each round fixes the columns that came out below their floor. */
    for (bool again = true; again;) {
        again = false;
        double free_sum = 0, room = t->width;
        for (int c = 0; c < n; c++) {
            if (fixed[c])
                room -= least[c];
            else
                free_sum += l->cols[c].width > 0 ? l->cols[c].width : 1;
        }
        double x = 0;
        for (int c = 0; c < n; c++) {
            double w = fixed[c] ? least[c]
                                : (l->cols[c].width > 0 ? l->cols[c].width : 1) * room / free_sum;
            if (!fixed[c] && w < least[c]) {
                fixed[c] = again = true;
                w = least[c];
            }
            t->x[c] = x;
            t->w[c] = w;
            x += w;
        }
    }
}

void pdf_table_measure(PdfTable *t)
{
    size_columns(t);
    PdfText probe;
    const char *glyph = "あ"; /* catalogue: not text, a glyph to measure a line */
    pdf_text_make(t, &probe, glyph, 100, t->body_font, PANGO_ALIGN_LEFT);
    t->line_h = text_h(&probe);
    pdf_text_free(&probe);
    measure_header(t);
    const Sheet *s = t->l->sheet;
    t->nblocks = s->ninitiatives;
    t->blocks = ARENA_ARRAY(t->arena, PdfBlock, (size_t)s->ninitiatives + 1);
    for (int i = 0; i < s->ninitiatives; i++)
        measure_block(t, &t->blocks[i], &s->initiatives[i]);
}

static void free_texts(PdfText *texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pdf_text_free(&texts[i]);
}

void pdf_table_free(PdfTable *t)
{
    const SheetLayout *l = t->l;
    if (t->head_top)
        free_texts(t->head_top, (size_t)l->ntop);
    if (t->head_mid)
        free_texts(t->head_mid, (size_t)l->nmid);
    if (t->head_col)
        free_texts(t->head_col, (size_t)l->ncols);
    for (int i = 0; i < t->nblocks; i++)
        if (t->blocks[i].cells)
            free_texts(t->blocks[i].cells, (size_t)t->blocks[i].nrows * (size_t)l->ncols);
    free(t->pieces);
    t->pieces = NULL;
}

/* ---- the page plan ---- */

static double page_avail(const PdfTable *t)
{
    return t->npages == 1 ? t->avail_first : t->avail;
}

static void new_page(PdfTable *t)
{
    t->npages++;
    t->y = 0;
}

/* Appends a piece at the cursor; returns its index (pieces move as they grow). */
static int add_piece(PdfTable *t, int block, int row, double h)
{
    if (t->npieces == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->pieces = xrealloc(t->pieces, sizeof(PdfPiece) * (size_t)t->cap);
    }
    int ncols = t->l->ncols;
    PdfPiece *p = &t->pieces[t->npieces];
    *p = (PdfPiece){.page = t->npages - 1, .block = block, .row = row, .y = t->y, .h = h};
    p->first = ARENA_ARRAY(t->arena, int, (size_t)ncols);
    p->end = ARENA_ARRAY(t->arena, int, (size_t)ncols);
    t->y += h;
    return t->npieces++;
}

/* The end of the lines of x from first that fit in room; at least one more
 * line when force, so that a cut always moves on. */
static int fit_lines(const PdfText *x, int first, double room, bool force)
{
    int e = first;
    while (e < x->nlines && x->top[e + 1] - x->top[first] <= room + EPS)
        e++;
    if (force && e == first && e < x->nlines)
        e++;
    return e;
}

/* A whole row: every line of its own cells. */
static void add_row(PdfTable *t, int b, int r)
{
    const PdfBlock *k = &t->blocks[b];
    int i = add_piece(t, b, r, k->row_h[r]);
    for (int c = 0; c < t->l->ncols; c++)
        if (!t->l->cols[c].per_initiative)
            t->pieces[i].end[c] = k->cells[r * t->l->ncols + c].nlines;
}

/* Where the per-initiative cells of a split initiative stand: the line each
 * column starts from on the next page. */
typedef struct Shared {
    int *first;
    bool first_part; /* nothing of the initiative is on an earlier page */
} Shared;

/* What the per-initiative cells still need from line first on. */
static double shared_need(const PdfTable *t, const PdfBlock *k, const Shared *s)
{
    double need = 0;
    for (int c = 0; c < t->l->ncols; c++) {
        const PdfText *x = &k->cells[c];
        if (t->l->cols[c].per_initiative && x->nlines > 0) {
            double h = text_h(x) - x->top[s->first[c]];
            need = h > need ? h : need;
        }
    }
    return need;
}

/* Sets the lines of the per-initiative cells of piece p that fit in room;
 * returns whether they all did. */
static bool fit_shared(PdfTable *t, const PdfBlock *k, const Shared *s, PdfPiece *p, double room,
                       bool force)
{
    bool all = true;
    for (int c = 0; c < t->l->ncols; c++) {
        if (!t->l->cols[c].per_initiative)
            continue;
        const PdfText *x = &k->cells[c];
        p->first[c] = s->first[c];
        p->end[c] = fit_lines(x, s->first[c], room, force);
        all = all && p->end[c] == x->nlines;
    }
    return all;
}

/* Ends the part of initiative b on this page, which began at top: its
 * per-initiative cells span the rows placed since, grown (by the last row)
 * to hold their text when the page has room. Returns whether all of that
 * text is shown now. */
static bool close_part(PdfTable *t, int b, double top, Shared *s, bool more_rows)
{
    const PdfBlock *k = &t->blocks[b];
    /* Room for the marks: above when the initiative began on an earlier
     * page, below when it goes on. */
    double above = s->first_part ? 0 : t->mark, below = more_rows ? t->mark : 0;
    double h = t->y - top, need = shared_need(t, k, s);
    need = need > 0 ? need + 2 * t->pad + above + below : 0;
    if (need > h + EPS && t->npieces > 0) {
        double grown = need < page_avail(t) - top ? need : page_avail(t) - top;
        if (grown > h) {
            t->pieces[t->npieces - 1].h += grown - h;
            t->y += grown - h;
            h = grown;
        }
    }
    double y = t->y;
    t->y = top;
    int i = add_piece(t, b, -1, h);
    t->y = y;
    PdfPiece *p = &t->pieces[i];
    /* With the rest of the page taken, nothing better comes later: show a
     * line even if it does not fit, so that the plan always moves on. */
    bool force = h >= page_avail(t) - top - EPS;
    double room = h - 2 * t->pad - above - below;
    bool all = fit_shared(t, k, s, p, room, force);
    if (!all && !more_rows)
        fit_shared(t, k, s, p, room - t->mark, force);
    for (int c = 0; c < t->l->ncols; c++) {
        /* Shown whole: the next page repeats it from its start. */
        if (t->l->cols[c].per_initiative)
            s->first[c] = p->end[c] < k->cells[c].nlines ? p->end[c] : 0;
    }
    p->cont_above = !s->first_part;
    p->cont_below = more_rows || !all;
    s->first_part = false;
    return all;
}

/* Sets the lines of row r's own cells in piece p, from from[], that fit in
 * room; returns whether every line is out, and in *used the height taken. */
static bool fit_row(PdfTable *t, const PdfBlock *k, int r, PdfPiece *p, const int *from,
                    double room, double *used)
{
    int ncols = t->l->ncols;
    bool done = true;
    *used = t->line_h;
    for (int c = 0; c < ncols; c++) {
        if (t->l->cols[c].per_initiative)
            continue;
        const PdfText *x = &k->cells[r * ncols + c];
        p->first[c] = from[c];
        p->end[c] = fit_lines(x, from[c], room, true);
        double h = x->top[p->end[c]] - x->top[from[c]];
        *used = h > *used ? h : *used;
        done = done && p->end[c] == x->nlines;
    }
    return done;
}

/* The least room a row taller than a page starts in, so that a page does
 * not end on a sliver of it. */
static double slice_start(const PdfTable *t)
{
    return t->avail / 4;
}

/* Row r of block b is taller than a page; its part of the initiative on this
 * page began at top. Its cells are cut between lines, page after page, until
 * every line is out. */
static void slice_row(PdfTable *t, int b, int r, double top, Shared *s)
{
    const PdfBlock *k = &t->blocks[b];
    int ncols = t->l->ncols;
    int *from = ARENA_ARRAY(t->arena, int, (size_t)ncols);
    for (bool first_slice = true;; first_slice = false) {
        double room = page_avail(t) - t->y - 2 * t->pad - (first_slice ? 0 : t->mark), used;
        int i = add_piece(t, b, r, 0);
        PdfPiece *p = &t->pieces[i];
        bool done = fit_row(t, k, r, p, from, room, &used);
        if (!done) /* it goes on: room for the mark below */
            fit_row(t, k, r, p, from, room - t->mark, &used);
        p->h = done ? used + 2 * t->pad + (first_slice ? 0 : t->mark) : page_avail(t) - t->y;
        p->cont_above = !first_slice;
        p->cont_below = !done;
        t->y += p->h;
        if (done)
            return;
        memcpy(from, p->end, sizeof(int) * (size_t)ncols);
        close_part(t, b, top, s, true);
        new_page(t);
        top = 0;
    }
}

static void place_block(PdfTable *t, int b)
{
    const PdfBlock *k = &t->blocks[b];
    double sum = 0;
    for (int r = 0; r < k->nrows; r++)
        sum += k->row_h[r];
    double total = sum > k->shared_h ? sum : k->shared_h;
    double room = page_avail(t) - t->y;
    if (total > room + EPS && t->y > EPS) {
        /* Keep the initiative together on the next page when it fits there;
         * split here only when this page holds its first row and its
         * per-initiative text (or nothing could). A first row taller than
         * any page is cut wherever it starts: it only needs a fair share
         * of this page. */
        double start = k->shared_h > k->row_h[0] ? k->shared_h : k->row_h[0];
        start = start < t->avail ? start : t->avail;
        if (k->row_h[0] > t->avail + EPS)
            start = k->shared_h > slice_start(t) ? k->shared_h : slice_start(t);
        if (total <= t->avail + EPS || room + EPS < start)
            new_page(t);
    }
    Shared s = {ARENA_ARRAY(t->arena, int, (size_t)t->l->ncols), true};
    double top = t->y;
    for (int r = 0; r < k->nrows;) {
        double h = k->row_h[r];
        if (t->y + h <= page_avail(t) + EPS) {
            add_row(t, b, r++);
        } else if (h > t->avail + EPS && page_avail(t) - t->y + EPS >= slice_start(t)) {
            /* Taller than any page: cut it from here on. */
            slice_row(t, b, r++, top, &s);
            top = 0;
        } else if (t->y > top + EPS) {
            close_part(t, b, top, &s, true);
            new_page(t);
            top = 0;
        } else if (t->y > EPS) {
            new_page(t); /* not reached: place_block's start leaves room */
            top = 0;
        } else {
            slice_row(t, b, r++, top, &s);
            top = 0;
        }
    }
    /* Per-initiative text longer than a whole page goes on under empty
     * continuations of the last row. */
    while (!close_part(t, b, top, &s, false)) {
        new_page(t);
        top = 0;
        int i = add_piece(t, b, k->nrows - 1, 0);
        for (int c = 0; c < t->l->ncols; c++) {
            int n = k->cells[(k->nrows - 1) * t->l->ncols + c].nlines;
            t->pieces[i].first[c] = t->pieces[i].end[c] = t->l->cols[c].per_initiative ? 0 : n;
        }
        t->pieces[i].cont_above = true;
    }
}

void pdf_table_paginate(PdfTable *t)
{
    t->npieces = 0;
    t->npages = 1;
    t->y = 0;
    for (int b = 0; b < t->nblocks; b++)
        place_block(t, b);
}
