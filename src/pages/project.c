/* GET /projects/{id}: a project's own rows, in every state, for those who
 * answer for it (its section, its bureau, the plan's secretariat). */
#include <string.h>
#include <time.h>
#include "base/era.h"
#include "base/html.h"
#include "export/layout.h"
#include "model/project.h"
#include "pages/auth.h"
#include "pages/labels.h"
#include "pages/layout.h"
#include "pages/pages.h"

static int current_fy(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return era_fiscal_year_of_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void page_project(Request *req, Response *res)
{
    Lang L = req->lang;
    Project p;
    Err e = project_load(req->db, req->arena, page_user(req), req->ids[0], current_fy(), &p);
    if (e != ERR_OK) {
        page_error(req, res, e == ERR_NOT_FOUND ? 404 : 500,
                   e == ERR_NOT_FOUND ? M_ERR_BODY_404 : M_ERR_BODY_500, NULL);
        return;
    }
    page_begin(req, res, p.name);
    Buf *b = &res->body;
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s</h1>\n"
                "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd></dl>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/"), msg(L, M_PLAN_LIST_TITLE), p.name, p.name,
                msg(L, M_COL_BUREAU), p.bureau, msg(L, M_COL_SECTION), p.section,
                msg(L, M_COL_SUMMARY), p.summary);
    html_printf(b, "<h2>%s</h2>\n<ul class=\"links\">", msg(L, M_PROJECT_PLANS));
    for (int i = 0; i < p.nlinks; i++) {
        const ProjectLink *k = &p.links[i];
        html_printf(
            b, "<li><a href=\"%s\">%s</a> %s %s %s</li>",
            page_url(req, arena_printf(req->arena, "/plans/%lld/sheet", (long long)k->plan_id)),
            k->plan_title, k->direction, k->number, k->initiative);
    }
    html_printf(b, "</ul>\n<h2>%s</h2>\n", msg(L, M_PROJECT_ROUNDS));
    if (p.nresponses == 0)
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_PROJECT_NO_RESPONSES));
    for (int i = 0; i < p.nresponses; i++) {
        const ProjectResponse *r = &p.responses[i];
        html_printf(
            b,
            "<section class=\"panel response\"><h3>%s <span class=\"checkpoint\">[%s]</span>"
            " <span class=\"status status-%s\">%s</span></h3><dl class=\"facts\">",
            sheet_fy_name(r->fiscal_year, ERA_JAPANESE, req->arena),
            msg(L, r->at_year_end ? M_CHECK_END : M_CHECK_START), r->status,
            msg(L, status_label(r->status)));
        for (int v = 0; v < r->nvalues; v++)
            html_printf(b, "<dt>%s</dt><dd class=\"answer\">%s</dd>", r->values[v].label,
                        r->values[v].text);
        HRAW(b, "</dl></section>\n");
    }
    page_end(req, res);
}
