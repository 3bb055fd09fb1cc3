/* GET /: the plans, each with a link to its sheet. */
#include "base/era.h"
#include "base/html.h"
#include "base/log.h"
#include "model/plan.h"
#include "model/project.h"
#include "pages/auth.h"
#include "pages/layout.h"
#include "pages/pages.h"

/* The projects a section's editor or a bureau's reviewer answers for. */
static void write_my_projects(Request *req, Buf *b)
{
    ProjectSummary *mine;
    int n;
    if (project_list_mine(req->db, req->arena, page_user(req), &mine, &n) != ERR_OK || n == 0)
        return;
    html_printf(b, "<h2>%s</h2>\n<ul class=\"links\">", msg(req->lang, M_MY_PROJECTS));
    for (int i = 0; i < n; i++)
        html_printf(
            b, "<li><a href=\"%s\">%s</a> <span class=\"section\">%s</span></li>",
            page_url(req, arena_printf(req->arena, "/projects/%lld", (long long)mine[i].id)),
            mine[i].name, mine[i].section);
    HRAW(b, "</ul>\n");
}

void page_home(Request *req, Response *res)
{
    Lang L = req->lang;
    PlanSummary *plans;
    int n;
    if (plan_list(req->db, req->arena, req->user, &plans, &n) != ERR_OK) {
        log_error("plan list: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    page_begin(req, res, msg(L, M_PLAN_LIST_TITLE));
    Buf *b = &res->body;
    html_printf(b, "<h1>%s</h1>\n", msg(L, M_PLAN_LIST_TITLE));
    if (principal_is_admin(page_user(req)))
        html_printf(b, "<p><a class=\"button secondary\" href=\"%s\">%s</a></p>\n",
                    page_url(req, "/plans/new"), msg(L, M_PLAN_NEW));
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_PLAN_LIST_EMPTY));
        page_end(req, res);
        return;
    }
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"plan-list\">\n<thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                msg(L, M_PLAN_COL_TITLE), msg(L, M_PLAN_COL_PERIOD), msg(L, M_PLAN_COL_INITIATIVES),
                msg(L, M_PLAN_COL_PROJECTS), msg(L, M_PLAN_COL_SHEET));
    for (int i = 0; i < n; i++) {
        const PlanSummary *p = &plans[i];
        Buf from = BUF_INIT, to = BUF_INIT;
        era_format_fiscal_year(&from, p->from_fy, ERA_JAPANESE, 0);
        era_format_fiscal_year(&to, p->to_fy, ERA_JAPANESE, 0);
        const char *href =
            page_url(req, arena_printf(req->arena, "/plans/%lld/sheet", (long long)p->id));
        html_printf(b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a>", href, p->title);
        if (*p->subtitle)
            html_printf(b, "<span class=\"plan-subtitle\">%s</span>", p->subtitle);
        html_printf(b,
                    "</th><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                    "<td><a class=\"button-link\" href=\"%s\">%s</a>",
                    *p->period_label ? p->period_label
                                     : arena_printf(req->arena, "%s - %s", from.data, to.data),
                    p->initiatives, p->projects, href, msg(L, M_OPEN_SHEET));
        /* Those who run the plan set it up from here. */
        if (principal_runs_plan(page_user(req), p->id))
            html_printf(
                b, " <a class=\"button-link\" href=\"%s\">%s</a>",
                page_url(req, arena_printf(req->arena, "/plans/%lld/structure", (long long)p->id)),
                msg(L, M_PLAN_EDIT_LINK));
        HRAW(b, "</td></tr>\n");
        buf_free(&from);
        buf_free(&to);
    }
    HRAW(b, "</tbody></table></div>\n");
    write_my_projects(req, b);
    page_end(req, res);
}
