/* The PDF's page(s) of the summary (集計) of the rating fields, after the
 * sheet's pages: the same tables as the sheet page and the XLSX's 集計
 * worksheet, drawn with cairo and pango on the same surface. */
#ifndef EXPORT_PDF_SUMMARY_H
#define EXPORT_PDF_SUMMARY_H
#include <pango/pangocairo.h>
#include "export/layout.h"

/* Draws l->summary (nothing when NULL or empty) on pages of w x h points
 * with the margin, in the font family, each page shown. */
void pdf_summary_pages(cairo_t *cr, PangoContext *pango, const char *family, const SheetLayout *l,
                       double w, double h, double margin);

#endif
