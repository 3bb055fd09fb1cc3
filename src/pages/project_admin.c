/* A plan's projects, set up by its secretariat, in the browser and through
 * the JSON API (one handler per action, as in plan_admin.c):
 *
 *   GET  /plans/{id}/projects                         the projects by initiative
 *   POST /plans/{id}/projects                         a new project, linked to an initiative
 *   POST /projects/{id}/edit                          its section, name, summary, years
 *   POST /initiatives/{id}/links                      link an existing project (shared)
 *   POST /initiatives/{id}/links/{id}/remove          unlink
 * and the same under /api/v1 (GET /api/v1/plans/{id}/projects lists them). */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/html.h"
#include "model/org.h"
#include "model/plan_edit.h"
#include "model/project_edit.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/input.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/setup_form.h"

static const MsgId problem_msgs[] = {
    [PROJECT_OK] = M_PLAN_SAVED,
    [PROJECT_NAME_MISSING] = M_ERR_REQUIRED,
    [PROJECT_TOO_LONG] = M_PLAN_ERR_TOO_LONG,
    [PROJECT_BAD_TEXT] = M_PLAN_ERR_BAD_TEXT,
    [PROJECT_BAD_SECTION] = M_PRJ_ERR_SECTION,
    [PROJECT_BAD_YEARS] = M_PRJ_ERR_YEARS,
    [PROJECT_NAME_TAKEN] = M_PRJ_ERR_NAME_TAKEN,
    [PROJECT_LINKED] = M_PRJ_ERR_LINKED,
    [PROJECT_BAD_INITIATIVE] = M_PRJ_ERR_INITIATIVE,
};

static const char *const problem_codes[] = {
    [PROJECT_OK] = "ok",
    [PROJECT_NAME_MISSING] = "required",
    [PROJECT_TOO_LONG] = "too_long",
    [PROJECT_BAD_TEXT] = "bad_text",
    [PROJECT_BAD_SECTION] = "bad_section",
    [PROJECT_BAD_YEARS] = "bad_years",
    [PROJECT_NAME_TAKEN] = "name_taken",
    [PROJECT_LINKED] = "linked",
    [PROJECT_BAD_INITIATIVE] = "bad_initiative",
};

static void write_projects(Request *req, Response *res, int64_t plan_id, const FormError *err);

static void answer(Request *req, Response *res, Err e, ProjectProblem problem, int64_t plan_id,
                   int64_t id, const char *form)
{
    setup_answer(req, res, e, problem_codes[problem], problem_msgs[problem], write_projects,
                 plan_id, form, id, false,
                 arena_printf(req->arena, "/plans/%lld/projects?saved=1#p-%lld", (long long)plan_id,
                              (long long)id));
}

/* ---------- The page ---------- */

static void section_select(Request *req, Buf *b, const char *form, const OrgUnit *units, int n,
                           int64_t current)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-section\">%s</label><select id=\"%s-"
                "section\" name=\"section_id\">",
                form, msg(req->lang, M_COL_SECTION), form);
    for (int i = 0; i < n; i++) {
        if (!units[i].parent_id)
            continue; /* sections (and offices) only, under their bureau's name */
        html_printf(b, "<option value=\"%lld\"%s>%s %s</option>", (long long)units[i].id,
                    units[i].id == current ? " selected" : "",
                    org_name(units, n, units[i].parent_id) ? org_name(units, n, units[i].parent_id)
                                                           : "",
                    units[i].name);
    }
    HRAW(b, "</select></div>");
}

static void years_fields(Request *req, Buf *b, const char *form, int from, int to)
{
    setup_text_field(req, b, form, "from_fy", M_PRJ_FROM_FY, from ? page_fy_name(req, from) : "",
                     false);
    setup_text_field(req, b, form, "to_fy", M_PRJ_TO_FY,
                     to && to != ORG_FOREVER ? page_fy_name(req, to) : "", false);
}

static void write_project(Request *req, Buf *b, int64_t plan_id, const PlanProject *p,
                          const OrgUnit *units, int nunits, const FormError *err)
{
    Lang L = req->lang;
    const char *form =
        arena_printf(req->arena, "p-%lld-%lld", (long long)p->initiative_id, (long long)p->id);
    html_printf(b, "<li id=\"p-%lld\"><details%s><summary>%s <span class=\"muted\">%s</span>",
                (long long)p->id, setup_form_is(err, form) ? " open" : "", p->name, p->section);
    if (p->nother_plans)
        html_printf(b, " <span class=\"shared-badge\">%s</span>", msg(L, M_SHEET_SHARED));
    HRAW(b, "</summary>");
    if (p->nother_plans) {
        html_printf(b, "<p class=\"help\">%s", msg(L, M_PRJ_SHARED_WITH));
        for (int i = 0; i < p->nother_plans; i++)
            html_printf(b, "%s%s", i ? msg(L, M_WB_LIST_SEPARATOR) : "", p->other_plans[i]);
        HRAW(b, "</p>");
    }
    setup_form_start(req, b, arena_printf(req->arena, "/projects/%lld/edit", (long long)p->id),
                     form, err, "stack");
    html_printf(b, "<input type=\"hidden\" name=\"plan_id\" value=\"%lld\">", (long long)plan_id);
    section_select(req, b, form, units, nunits, p->section_id);
    setup_text_field(req, b, form, "name", M_COL_PROJECT, p->name, true);
    setup_area_field(req, b, form, "summary", M_COL_SUMMARY, p->summary);
    years_fields(req, b, form, p->from_fy, p->to_fy);
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form>",
                msg(L, M_PLAN_SAVE));
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
                page_url(req, arena_printf(req->arena, "/initiatives/%lld/links/%lld/remove",
                                           (long long)p->initiative_id, (long long)p->id)));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<button type=\"submit\" class=\"button secondary small\">%s</button></form>"
                "</details></li>",
                msg(L, M_PRJ_UNLINK));
}

static void write_add_forms(Request *req, Buf *b, int64_t plan_id, const StructInitiative *in,
                            const OrgUnit *units, int nunits, const PlanProject *all, int nall,
                            const FormError *err)
{
    Lang L = req->lang;
    const char *form = arena_printf(req->arena, "new-%lld", (long long)in->id);
    html_printf(b, "<details%s><summary>%s</summary>", setup_form_is(err, form) ? " open" : "",
                msg(L, M_PRJ_ADD_NEW));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/projects", (long long)plan_id),
                     form, err, "stack");
    html_printf(b, "<input type=\"hidden\" name=\"initiative_id\" value=\"%lld\">",
                (long long)in->id);
    section_select(req, b, form, units, nunits, 0);
    setup_text_field(req, b, form, "name", M_COL_PROJECT, NULL, true);
    setup_area_field(req, b, form, "summary", M_COL_SUMMARY, NULL);
    setup_area_field(req, b, form, "baseline", M_PRJ_BASELINE, NULL);
    years_fields(req, b, form, 0, 0);
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></details>",
                msg(L, M_PLAN_ADD));
    /* An existing project of the city (another plan's too): shared. */
    const char *link = arena_printf(req->arena, "link-%lld", (long long)in->id);
    html_printf(b, "<details%s><summary>%s</summary>", setup_form_is(err, link) ? " open" : "",
                msg(L, M_PRJ_ADD_EXISTING));
    setup_form_start(req, b, arena_printf(req->arena, "/initiatives/%lld/links", (long long)in->id),
                     link, err, "stack");
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-project\">%s</label><select id=\"%s-"
                "project\" name=\"project_id\">",
                link, msg(L, M_COL_PROJECT), link);
    for (int i = 0; i < nall; i++)
        html_printf(b, "<option value=\"%lld\">%s</option>", (long long)all[i].id,
                    page_fill2(req, M_FMT_PAREN, all[i].name, all[i].section));
    HRAW(b, "</select></div>");
    setup_area_field(req, b, link, "baseline", M_PRJ_BASELINE, NULL);
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form></details>",
                msg(L, M_PRJ_LINK));
}

static void write_projects(Request *req, Response *res, int64_t plan_id, const FormError *err)
{
    Lang L = req->lang;
    PlanStructure s;
    Err e = plan_structure(req->db, req->arena, page_user(req), plan_id, &s);
    PlanProject *projects = NULL, *all = NULL;
    int n = 0, nall = 0;
    if (e == ERR_OK)
        e = plan_projects(req->db, req->arena, page_user(req), plan_id, s.plan.to_fy, &projects,
                          &n);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    projects_all(req->db, req->arena, s.plan.to_fy, &all, &nall);
    OrgUnit *units = NULL;
    int nunits = 0;
    org_list(req->db, req->arena, s.plan.to_fy, &units, &nunits);
    Buf *b = &res->body;
    const char *title = page_fill(req, M_PRJ_TITLE_FOR, s.plan.title);
    page_begin(req, res, title);
    html_printf(
        b,
        "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
        "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s</h1>\n",
        msg(L, M_BREADCRUMB),
        page_url(req, arena_printf(req->arena, "/plans/%lld/structure", (long long)plan_id)),
        page_fill(req, M_PLAN_STRUCTURE_FOR, s.plan.title), title, title);
    if (err)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", err->message);
    else if (req_param(req, "saved"))
        form_notice(b, msg(L, M_PLAN_SAVED));
    html_printf(
        b, "<p><a href=\"%s\">%s</a></p>",
        page_url(req, arena_printf(req->arena, "/plans/%lld/projects/bulk", (long long)plan_id)),
        msg(L, M_BULKP_LINK));
    for (int i = 0; i < s.ndirections; i++) {
        const StructDirection *d = &s.directions[i];
        if (d->retired_fy)
            continue;
        html_printf(b, "<section class=\"panel\"><h2>%s %s</h2>", d->label, d->title);
        for (int j = 0; j < d->ninitiatives; j++) {
            const StructInitiative *in = &d->initiatives[j];
            if (in->retired_fy)
                continue;
            html_printf(b, "<h3 id=\"i-%lld\">%s %s</h3><ul class=\"projects\">", (long long)in->id,
                        in->number, in->title);
            int shown = 0;
            for (int k = 0; k < n; k++)
                if (projects[k].initiative_id == in->id) {
                    write_project(req, b, plan_id, &projects[k], units, nunits, err);
                    shown++;
                }
            if (!shown)
                html_printf(b, "<li class=\"empty-state\">%s</li>", msg(L, M_PRJ_NONE));
            HRAW(b, "</ul>");
            write_add_forms(req, b, plan_id, in, units, nunits, all, nall, err);
        }
        HRAW(b, "</section>\n");
    }
    page_end(req, res);
}

void page_plan_projects(Request *req, Response *res)
{
    write_projects(req, res, req->ids[0], NULL);
}

/* ---------- Actions ---------- */

static ProjectInput project_input(const Input *in)
{
    return (ProjectInput){input_id(in, "section_id"), input_str(in, "name"),
                          input_str(in, "summary"), input_fy(in, "from_fy"), input_fy(in, "to_fy")};
}

void page_project_create(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    ProjectInput p = project_input(&in);
    int64_t initiative = input_id(&in, "initiative_id"), id = 0;
    ProjectProblem problem = PROJECT_OK;
    Actor by = page_actor(req);
    Err e = initiative_plan(req->db, initiative) == req->ids[0]
                ? project_create(req->db, &by, page_user(req), initiative, &p,
                                 input_str(&in, "baseline"), &id, &problem)
                : ERR_NOT_FOUND;
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], id,
           arena_printf(req->arena, "new-%lld", (long long)initiative));
}

/* The first initiative of plan that links project (the form it came from). */
static int64_t input_link(Request *req, int64_t plan, int64_t project)
{
    DbStmt *st =
        db_prepare(req->db,
                   "SELECT ip.initiative_id FROM initiative_project ip JOIN initiative i"
                   " ON i.id = ip.initiative_id WHERE ip.project_id = $1 AND i.plan_id = $2"
                   " ORDER BY i.sort_order LIMIT 1",
                   1);
    db_bind_int64(st, 1, project);
    db_bind_int64(st, 2, plan);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

void page_project_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    ProjectInput p = project_input(&in);
    ProjectProblem problem = PROJECT_OK;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = project_update(req->db, &by, page_user(req), id, &p, &problem);
    /* Back to the plan the person came from (a form field), or the first. */
    int64_t plan = input_id(&in, "plan_id");
    input_free(&in);
    if (!plan) {
        DbStmt *st = db_prepare(req->db,
                                "SELECT i.plan_id, ip.initiative_id FROM initiative_project ip"
                                " JOIN initiative i ON i.id = ip.initiative_id"
                                " WHERE ip.project_id = $1 ORDER BY i.plan_id LIMIT 1",
                                2);
        db_bind_int64(st, 1, id);
        if (db_step(st) == DB_ROW)
            plan = db_col_int64(st, 0);
        db_done(st);
    }
    answer(req, res, e, problem, plan, id,
           arena_printf(req->arena, "p-%lld-%lld", (long long)input_link(req, plan, id),
                        (long long)id));
}

void page_project_link(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    int64_t project = input_id(&in, "project_id"), initiative = req->ids[0];
    ProjectProblem problem = PROJECT_OK;
    Actor by = page_actor(req);
    Err e = project_link(req->db, &by, page_user(req), initiative, project,
                         input_str(&in, "baseline"), &problem);
    input_free(&in);
    answer(req, res, e, problem, initiative_plan(req->db, initiative), project,
           arena_printf(req->arena, "link-%lld", (long long)initiative));
}

void page_project_unlink(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    input_free(&in);
    Actor by = page_actor(req);
    int64_t initiative = req->ids[0], project = req->ids[1];
    Err e = project_unlink(req->db, &by, page_user(req), initiative, project);
    answer(req, res, e, PROJECT_OK, initiative_plan(req->db, initiative), project, "");
}

void api_plan_projects(Request *req, Response *res)
{
    PlanProject *p = NULL;
    int n = 0;
    PlanStructure s;
    Err e = plan_structure(req->db, req->arena, page_user(req), req->ids[0], &s);
    if (e == ERR_OK)
        e = plan_projects(req->db, req->arena, page_user(req), req->ids[0], s.plan.to_fy, &p, &n);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *others = json_array();
        for (int k = 0; k < p[i].nother_plans; k++)
            json_array_append_new(others, json_string(p[i].other_plans[k]));
        json_array_append_new(
            list, json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:b, s:o}", "id",
                            (json_int_t)p[i].id, "initiative_id", (json_int_t)p[i].initiative_id,
                            "section_id", (json_int_t)p[i].section_id, "section", p[i].section,
                            "name", p[i].name, "summary", p[i].summary, "baseline", p[i].baseline,
                            "from_fy", p[i].from_fy, "to_fy", p[i].to_fy, "shared",
                            p[i].nother_plans > 0, "other_plans", others));
    }
    page_send_json(res, 200, json_pack("{s:o}", "projects", list));
}
