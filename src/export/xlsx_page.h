/* What every workbook we write shares: the font city offices make such
 * sheets in, and the print setup of a worksheet the council receives. */
#ifndef EXPORT_XLSX_PAGE_H
#define EXPORT_XLSX_PAGE_H
#include <xlsxwriter.h>

/* ＭＳ Ｐゴシック is on every Windows that runs Excel in a city office and is
 * the font such sheets were made in; its compact lines are what our row
 * heights assume. Other readers substitute a Japanese gothic for it. */
#define XLSX_FONT_NAME "ＭＳ Ｐゴシック"

enum {
    XLSX_PAPER_A3 = 8, /* Excel's paper codes */
    XLSX_PAPER_A4 = 9,
};

/* How many lines text takes in a column width full-width characters wide,
 * wrapped anywhere as Japanese is: a half-width character (ASCII, ｶﾅ) takes
 * half a place, and a newline starts a line. Excel does not fit the height
 * of a wrapped row it did not edit itself, so we size rows by this. */
int xlsx_text_lines(const char *text, double width);

/* Excel's width units (about one half-width character each) for a column
 * chars full-width characters wide. */
double xlsx_width_units(double chars);

/* Sets ws to print A3 landscape, one page wide and as many pages down as it
 * takes, with narrow margins and "k / N" at the foot of each page, as the
 * council's documents are. Returns libxlsxwriter's error, or
 * LXW_NO_ERROR. */
lxw_error xlsx_page_a3_landscape(lxw_worksheet *ws);

#endif
