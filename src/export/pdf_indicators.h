/* The PDF's pages of indicator charts, after the sheet's pages: drawn with
 * cairo on the same surface, six charts to an A3 landscape page. */
#ifndef EXPORT_PDF_INDICATORS_H
#define EXPORT_PDF_INDICATORS_H
#include <pango/pangocairo.h>
#include "export/layout.h"

/* Draws l->indicators (nothing when NULL or empty) on pages of w x h points
 * with the margin, in the font family, each page shown. */
void pdf_indicator_pages(cairo_t *cr, PangoContext *pango, const char *family, const SheetLayout *l,
                         double w, double h, double margin);

#endif
