/* The PDF's page(s) of the summary (集計) of the rating fields, after the
 * sheet's pages: the same tables as the sheet page and the XLSX's 集計
 * worksheet, drawn with cairo and pango on the same surface. */
#ifndef EXPORT_PDF_SUMMARY_H
#define EXPORT_PDF_SUMMARY_H
#include "export/layout.h"
#include "export/pdf_page.h"

/* How many pages pdf_summary_pages takes on pages of pg's size: 0 when
 * l->summary is NULL or empty. */
int pdf_summary_page_count(const PdfPages *pg, const SheetLayout *l);

/* Draws l->summary (nothing when NULL or empty) on pages of pg's size in
 * the font family, each ended by pdf_page_end. */
void pdf_summary_pages(PdfPages *pg, const char *family, const SheetLayout *l);

#endif
