/* The plan's indicators (評価指標) under the sheet: for each, a table of its
 * baseline, target and the shown years' actuals and 達成率, and its chart as
 * an SVG (export/indicator_svg.c). Nothing when the plan has none. */
#include <stdlib.h>
#include "base/html.h"
#include "export/indicator_svg.h"
#include "export/layout.h"
#include "model/indicator.h"
#include "pages/auth.h"
#include "pages/layout.h"
#include "pages/pages.h"

static const char *or_dash(Request *req, const char *s)
{
    return s && *s ? s : msg(req->lang, M_IND_NO_VALUE);
}

/* "相談件数（すべての事業の合計）" or "相談件数（事業名）". */
static const char *source_text(Request *req, const Indicator *x)
{
    const char *args[] = {x->field, *x->project ? x->project : msg(req->lang, M_IND_PROJECT_SUM)};
    char *s = msg_fill(req->lang, M_IND_SUM_OF, args, 2);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

static void write_caption(Request *req, Buf *b, const Indicator *x)
{
    Lang L = req->lang;
    html_printf(b, "<caption>%s", x->name);
    if (*x->unit) {
        const char *args[] = {x->unit};
        char *unit = msg_fill(L, M_IND_UNIT_LABEL, args, 1);
        html_printf(b, "%s", unit);
        free(unit);
    }
    html_printf(b, "<span class=\"muted\"> %s %s",
                msg(L, x->higher_is_better ? M_IND_HIGHER : M_IND_LOWER),
                page_fill2(req, M_FMT_LABELLED, msg(L, M_IND_SOURCE), source_text(req, x)));
    if (*x->initiative)
        html_printf(b, " %s",
                    page_fill2(req, M_FMT_LABELLED, msg(L, M_IND_INITIATIVE), x->initiative));
    HRAW(b, "</span></caption>");
}

static void write_table(Request *req, Buf *b, const Indicator *x, EraStyle era)
{
    Lang L = req->lang;
    Arena *a = req->arena;
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table indicator-table\""
                " id=\"indicator-%lld\">",
                (long long)x->id);
    write_caption(req, b, x);
    html_printf(b,
                "<thead><tr><td></td><th scope=\"col\">%s<br>%s</th>"
                "<th scope=\"col\">%s<br>%s</th>",
                msg(L, M_IND_BASELINE), sheet_fy_name(x->baseline_fy, era, a), msg(L, M_IND_TARGET),
                sheet_fy_name(x->target_fy, era, a));
    for (int i = 0; i < x->nyears; i++)
        html_printf(b, "<th scope=\"col\">%s</th>", sheet_fy_name(x->years[i].fy, era, a));
    html_printf(b,
                "</tr></thead><tbody><tr><th scope=\"row\">%s</th><td class=\"num\">%s</td>"
                "<td class=\"num\">%s</td>",
                msg(L, M_IND_ACTUAL), x->baseline, x->target);
    for (int i = 0; i < x->nyears; i++)
        html_printf(b, "<td class=\"num\">%s</td>", or_dash(req, x->years[i].actual_text));
    html_printf(b, "</tr><tr><th scope=\"row\">%s</th><td></td><td></td>", msg(L, M_IND_RATE));
    for (int i = 0; i < x->nyears; i++)
        html_printf(b, "<td class=\"num\">%s%s</td>", or_dash(req, x->years[i].rate_text),
                    x->years[i].has_rate ? "%" : "");
    HRAW(b, "</tr></tbody></table></div>\n");
}

void sheet_indicators_write(Request *req, Buf *b, const struct Sheet *s, EraStyle era)
{
    IndicatorSet set;
    if (indicators_load(req->db, req->arena, page_user(req), s->plan_id, s->years, s->nyears,
                        &set) != ERR_OK ||
        set.n == 0)
        return;
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"sheet-indicators\" aria-labelledby=\"indicators-title\">"
                "<h2 id=\"indicators-title\">%s</h2>\n",
                msg(L, M_IND_HEADING));
    for (int i = 0; i < set.n; i++) {
        const Indicator *x = &set.items[i];
        HRAW(b, "<div class=\"indicator\">");
        write_table(req, b, x, era);
        indicator_svg_write(b, x, era, L, arena_printf(req->arena, "ind-%lld", (long long)x->id),
                            req->arena);
        HRAW(b, "</div>\n");
    }
    HRAW(b, "</section>\n");
}
