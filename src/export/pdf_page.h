/* The PDF's pages end here: each gets "k / N" at its foot, N the pages of
 * the whole document (the sheet's, the summary's, the indicators'), so that
 * a printed bundle can be put back in order. */
#ifndef EXPORT_PDF_PAGE_H
#define EXPORT_PDF_PAGE_H
#include <pango/pangocairo.h>
#include "export/layout.h"

typedef struct PdfPages {
    cairo_t *cr;
    PangoContext *pango;
    PangoFontDescription *font; /* the page number's */
    double w, h, margin;        /* the page and its margin (pt) */
    double band;                /* the number's band above the bottom margin (pt) */
    int done;                   /* pages ended so far */
    int total;                  /* the pages of the whole document */
    const SheetLayout *l;       /* its progress callback hears of each page */
} PdfPages;

/* Draws "k / N" centred in the band at the foot of the page being drawn,
 * ends the page and reports the progress. */
void pdf_page_end(PdfPages *p);

#endif
