/* The summary (集計) under the sheet: for each year shown and each rating
 * field, a table of how many confirmed answers chose each grade and the
 * average of their points, one row per direction and one for the whole
 * plan (model/summary.c counts them). Nothing is written when the sheet has
 * no graded answers. */
#include <stdio.h>
#include <string.h>
#include "base/html.h"
#include "export/layout.h"
#include "model/summary.h"
#include "pages/pages.h"

/* The average as a council reads it (2 decimals), or the dash. */
static const char *average_text(Request *req, const SummaryRow *row)
{
    double avg;
    if (!summary_average(row, &avg))
        return msg(req->lang, M_SUM_NONE);
    return arena_printf(req->arena, "%.2f", avg);
}

static const char *grade_heading(Request *req, const SummaryGrade *g)
{
    if (strcmp(g->code, g->label) == 0)
        return g->label;
    return arena_printf(req->arena, "%s %s", g->code, g->label);
}

static void write_table(Request *req, Buf *b, const Sheet *s, const SummaryTable *t, int n,
                        EraStyle era)
{
    Lang L = req->lang;
    const char *caption =
        arena_printf(req->arena, "%s %s", sheet_fy_name(t->year, era, req->arena), t->field->label);
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table summary-table\""
                " id=\"summary-%d\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>",
                n, caption, s->nlevels ? s->levels[0] : "");
    for (int g = 0; g < t->ngrades; g++)
        html_printf(b, "<th scope=\"col\">%s</th>", grade_heading(req, &t->grades[g]));
    html_printf(b, "<th scope=\"col\">%s</th>", msg(L, M_SUM_ANSWERS));
    if (t->has_points)
        html_printf(b, "<th scope=\"col\">%s</th>", msg(L, M_SUM_AVERAGE));
    HRAW(b, "</tr></thead><tbody>");
    for (int r = 0; r < t->nrows; r++) {
        const SummaryRow *row = &t->rows[r];
        const char *name = row->direction ? arena_printf(req->arena, "%s %s", row->direction->label,
                                                         row->direction->title)
                                          : msg(L, M_SUM_WHOLE);
        if (row->direction)
            HRAW(b, "<tr>");
        else
            HRAW(b, "<tr class=\"total\">");
        html_printf(b, "<th scope=\"row\">%s</th>", name);
        for (int g = 0; g < t->ngrades; g++)
            html_printf(b, "<td class=\"num\">%d</td>", row->counts[g]);
        html_printf(b, "<td class=\"num\">%d</td>", row->answers);
        if (t->has_points)
            html_printf(b, "<td class=\"num\">%s</td>", average_text(req, row));
        HRAW(b, "</tr>");
    }
    HRAW(b, "</tbody></table></div>\n");
}

void sheet_summary_write(Request *req, Buf *b, const struct Sheet *s, EraStyle era)
{
    Summary sum;
    if (summary_load(req->db, req->arena, s, &sum) != ERR_OK || sum.ntables == 0)
        return;
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"sheet-summary\" aria-labelledby=\"summary-title\">"
                "<h2 id=\"summary-title\">%s</h2><p class=\"help\">%s</p>\n",
                msg(L, M_SUM_TITLE), msg(L, M_SUM_HELP));
    for (int i = 0; i < sum.ntables; i++)
        write_table(req, b, s, &sum.tables[i], i + 1, era);
    HRAW(b, "</section>\n");
}
