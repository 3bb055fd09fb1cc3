/* The print setup shared by the progress sheet's worksheets and the section
 * workbooks, so that every printed page of ours looks alike. */
#include <stdbool.h>
#include "export/xlsx_page.h"

int xlsx_text_lines(const char *text, double width)
{
    int lines = 1;
    double used = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            lines++;
            used = 0;
            continue;
        }
        if ((*p & 0xC0) == 0x80 || *p == '\r')
            continue;
        /* U+FF61..U+FF9F, half-width katakana: EF BD A1..EF BE 9F. */
        bool half = *p < 0x80 || (p[0] == 0xEF && ((p[1] == 0xBD && p[2] >= 0xA1) ||
                                                   (p[1] == 0xBE && p[2] && p[2] <= 0x9F)));
        double w = half ? 0.5 : 1;
        if (used > 0 && used + w > width) {
            lines++;
            used = 0;
        }
        used += w;
    }
    return lines;
}

double xlsx_width_units(double chars)
{
    return chars * 2.1 + 1;
}

lxw_error xlsx_page_a3_landscape(lxw_worksheet *ws)
{
    worksheet_set_paper(ws, XLSX_PAPER_A3);
    worksheet_set_landscape(ws);
    /* 0 pages down: as many as the rows need; only the width is fitted. */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
    lxw_header_footer_options footer = {.margin = 0.25};
    return worksheet_set_footer_opt(ws, "&C&P / &N", &footer);
}
