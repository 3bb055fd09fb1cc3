/* The PDF writer's table (private to pdf.c and pdf_table.c): every cell's text
 * wrapped in its column by pango, and the page plan that says which rows, or
 * slices of a row, go on which page and how high. Planning and drawing are
 * apart so that the page count is known before the first footer is drawn. */
#ifndef EXPORT_PDF_TABLE_H
#define EXPORT_PDF_TABLE_H
#include <stdbool.h>
#include <pango/pangocairo.h>
#include "base/arena.h"
#include "export/layout.h"

/* One cell's text, wrapped. Lines are kept apart so that a cell can be cut
 * between two lines, never through one. */
typedef struct PdfText {
    PangoLayout *layout; /* NULL when the cell is empty */
    int nlines;
    double *top;  /* nlines + 1: each line's top, then the text's bottom (pt) */
    double *base; /* nlines: each line's baseline (pt) */
    double *left; /* nlines: each line's offset from the layout's left (alignment) */
} PdfText;

/* One initiative: its project rows (or one row when it has none). */
typedef struct PdfBlock {
    const SheetInitiative *in;
    int nrows;
    PdfText *cells;  /* nrows * ncols; per-initiative columns only in row 0 */
    double *row_h;   /* each row's own height, padding included */
    double shared_h; /* what the per-initiative cells need, padding included */
} PdfBlock;

/* A band of the table on one page: a row (whole or a slice), or the
 * per-initiative cells spanning the rows of one initiative on that page. */
typedef struct PdfPiece {
    int page;
    int block;
    int row;          /* -1 for the per-initiative cells */
    double y, h;      /* from the top of the body (under the header rows); height */
    int *first, *end; /* ncols: the lines shown in each column, [first, end) */
    bool cont_above;  /* continued from the page before */
    bool cont_below;  /* continued on the next page */
} PdfPiece;

typedef struct PdfTable {
    const SheetLayout *l;
    Arena *arena;
    PangoContext *pango;
    PangoFontDescription *body_font, *head_font;
    double width;  /* the table's width (pt) */
    double *x, *w; /* each column's left edge (from the table's left) and width */
    double pad;    /* cell padding */
    double mark;   /* what a continuation mark takes from a cut cell's height */
    double line_h; /* one line of body text */

    PdfText *head_top, *head_mid, *head_col; /* header rows A, B, C */
    double head_h[3];                        /* their heights */

    PdfBlock *blocks; /* one per initiative */
    int nblocks;

    PdfPiece *pieces; /* in page order */
    int npieces, cap;
    int npages;
    double y;                  /* where the next piece goes on the last page */
    double avail_first, avail; /* body height on the first page, on the others */
} PdfTable;

/* Wraps s in width (pt) with font and alignment into *out; s may be "". */
void pdf_text_make(PdfTable *t, PdfText *out, const char *s, double width,
                   const PangoFontDescription *font, PangoAlignment align);
/* Releases the pango layout of a text made by pdf_text_make. */
void pdf_text_free(PdfText *text);
/* Sizes the columns to t->width, wraps the header rows and every cell of t->l
 * in them, and measures the rows. t->l, arena, pango, the fonts, width, pad
 * and mark must be set. */
void pdf_table_measure(PdfTable *t);
/* Plans the pages: fills t->pieces and t->npages from t->avail_first and
 * t->avail (the body's height on the first and the other pages). */
void pdf_table_paginate(PdfTable *t);
/* Releases the layouts and the plan (the arena keeps the rest). */
void pdf_table_free(PdfTable *t);

#endif
