/* The PDF's pages of indicator charts, after the sheet's pages: drawn with
 * cairo on the same surface, six charts to an A3 landscape page. */
#ifndef EXPORT_PDF_INDICATORS_H
#define EXPORT_PDF_INDICATORS_H
#include "export/layout.h"
#include "export/pdf_page.h"

/* How many pages pdf_indicator_pages takes: 0 when l->indicators is NULL or
 * empty. */
int pdf_indicator_page_count(const SheetLayout *l);

/* Draws l->indicators (nothing when NULL or empty) on pages of pg's size in
 * the font family, each ended by pdf_page_end. */
void pdf_indicator_pages(PdfPages *pg, const char *family, const SheetLayout *l);

#endif
