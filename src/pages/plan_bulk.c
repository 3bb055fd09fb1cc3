/* Many initiatives at once: a list pasted from a spreadsheet (one line per
 * initiative: 方向性, 番号, 名称, 内容, separated by tabs as Excel copies
 * them, or by commas), added all together or not at all, the wrong line
 * named. GET and POST /plans/{id}/initiatives/bulk; the API takes
 * {"initiatives": [{"direction", "number", "title", "content"}]}. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/html.h"
#include "model/plan_edit.h"
#include "model/project_edit.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/input.h"
#include "pages/labels.h"
#include "pages/layout.h"
#include "pages/pages.h"

enum { BULK_MAX_LINES = 1000 };

/* What is pasted: initiatives, or projects. */
typedef struct BulkKind {
    MsgId title, help, lines_help;
    const char *path; /* "initiatives" or "projects" */
} BulkKind;

static const BulkKind initiatives_kind = {M_BULK_TITLE_FOR, M_BULK_HELP, M_BULK_LINES_HELP,
                                          "initiatives"};
static const BulkKind projects_kind = {M_BULKP_TITLE_FOR, M_BULKP_HELP, M_BULKP_LINES_HELP,
                                       "projects"};

static void write_form(Request *req, Response *res, int64_t plan_id, const BulkKind *kind,
                       const char *text, const char *error)
{
    Lang L = req->lang;
    PlanStructure s;
    Err e = plan_structure(req->db, req->arena, page_user(req), plan_id, &s);
    if (e == ERR_OK && !principal_runs_plan(page_user(req), plan_id))
        e = ERR_FORBIDDEN;
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    Buf *b = &res->body;
    const char *title = page_fill(req, kind->title, s.plan.title);
    page_begin(req, res, title);
    html_printf(
        b,
        "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
        "<li aria-current=\"page\">%s</li></ol></nav>\n<div class=\"narrow\"><h1>%s</h1>"
        "<p>%s</p>",
        msg(L, M_BREADCRUMB),
        page_url(req, arena_printf(req->arena, "/plans/%lld/structure", (long long)plan_id)),
        page_fill(req, M_PLAN_STRUCTURE_FOR, s.plan.title), title, title, msg(L, kind->help));
    if (error)
        form_error_summary(req, b);
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                page_url(req, arena_printf(req->arena, "/plans/%lld/%s/bulk", (long long)plan_id,
                                           kind->path)));
    form_csrf(req, b, page_user(req)->csrf);
    form_field_start(req, b, "lines", M_BULK_LINES, true, error, false);
    html_printf(
        b,
        "<p class=\"help\" id=\"f-lines-help\">%s</p><textarea id=\"f-lines\" name=\"lines\""
        " rows=\"12\" required aria-describedby=\"f-lines-help%s\"",
        msg(L, kind->lines_help), error ? " f-lines-error" : "");
    if (error)
        HRAW(b, " aria-invalid=\"true\"");
    html_printf(b, ">%s</textarea>", text ? text : "");
    form_field_error(b, "lines", error);
    html_printf(b,
                "</div><div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></div>\n",
                msg(L, M_PLAN_ADD));
    page_end(req, res);
}

/* "2行目：..." for the 0-based line bad (arena). */
static const char *line_problem(Request *req, int bad, MsgId what)
{
    char line[16];
    snprintf(line, sizeof(line), "%d", bad + 1);
    const char *args[] = {line, msg(req->lang, what)};
    char *t = msg_fill(req->lang, M_BULK_LINE_PROBLEM, args, 2);
    const char *out = arena_strdup(req->arena, t);
    free(t);
    return out;
}

/* The answer to a pasted list, for a form or the API: refused with the line
 * named (the form again, with the text pasted), an error page, or done
 * (done_json, taken, for the API; else back to /plans/{id}/PAGE). */
static void bulk_answer(Request *req, Response *res, Err e, const BulkKind *kind, const char *text,
                        const char *error, int bad, json_t *done_json, const char *page)
{
    if (e == ERR_INVALID && page_is_api(req)) {
        page_send_json(res, 400,
                       json_pack("{s:{s:s, s:s, s:i}}", "error", "code", "bad_line", "message",
                                 error, "line", bad + 1));
    } else if (e == ERR_INVALID) {
        res->status = 400;
        write_form(req, res, req->ids[0], kind, text, error);
    } else if (e != ERR_OK) {
        page_model_error(req, res, e);
    } else if (page_is_api(req)) {
        page_send_json(res, 200, done_json);
        return;
    } else {
        resp_redirect(res, page_url(req, arena_printf(req->arena, "/plans/%lld/%s?saved=1",
                                                      (long long)req->ids[0], page)));
    }
    json_decref(done_json);
}

void page_initiatives_bulk_form(Request *req, Response *res)
{
    write_form(req, res, req->ids[0], &initiatives_kind, NULL, NULL);
}

void page_projects_bulk_form(Request *req, Response *res)
{
    write_form(req, res, req->ids[0], &projects_kind, NULL, NULL);
}

/* Splits text into lines of ncols cells (tabs, else commas; the last cell
 * takes the rest), into cells[line * ncols + col]; blank lines skipped.
 * Returns the number of lines (more than BULK_MAX_LINES: too many). */
static int parse_lines(Request *req, const char *text, int ncols, const char **cells)
{
    int n = 0;
    for (const char *p = text; *p && n <= BULK_MAX_LINES;) {
        size_t len = strcspn(p, "\n");
        char *line = arena_strndup(req->arena, p, len);
        p += len + (p[len] == '\n');
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        if (!l)
            continue;
        char sep = strchr(line, '\t') ? '\t' : ',';
        char *c = line;
        for (int k = 0; k < ncols; k++) {
            char *next = c && k < ncols - 1 ? strchr(c, sep) : NULL;
            if (next)
                *next++ = '\0';
            if (n < BULK_MAX_LINES)
                cells[n * ncols + k] = c ? c : "";
            c = next;
        }
        n++;
    }
    return n;
}

/* The API's list. */
static int json_rows(const Input *in, BulkInitiative *rows)
{
    json_t *list = json_object_get(in->json, "initiatives"), *o;
    size_t i;
    int n = 0;
    json_array_foreach(list, i, o)
    {
        if (n < BULK_MAX_LINES)
            rows[n] = (BulkInitiative){json_string_value(json_object_get(o, "direction")),
                                       json_string_value(json_object_get(o, "number")),
                                       json_string_value(json_object_get(o, "title")),
                                       json_string_value(json_object_get(o, "content"))};
        n++;
    }
    return n;
}

void page_initiatives_bulk(Request *req, Response *res)
{
    Lang L = req->lang;
    Input in;
    if (!input_read(req, res, &in))
        return;
    BulkInitiative *rows = ARENA_ARRAY(req->arena, BulkInitiative, BULK_MAX_LINES + 1);
    const char *text = input_str(&in, "lines");
    int n;
    if (in.json) {
        n = json_rows(&in, rows);
    } else {
        const char **cells = ARENA_ARRAY(req->arena, const char *, BULK_MAX_LINES * 4);
        n = parse_lines(req, text ? text : "", 4, cells);
        for (int i = 0; i < n && i < BULK_MAX_LINES; i++)
            rows[i] = (BulkInitiative){cells[i * 4], cells[i * 4 + 1], cells[i * 4 + 2],
                                       cells[i * 4 + 3]};
    }
    int bad = -1, made = 0;
    PlanProblem problem = PLAN_OK;
    Err e = ERR_OK;
    const char *error = NULL;
    if (n == 0 || n > BULK_MAX_LINES) {
        e = ERR_INVALID;
        error = msg(L, n ? M_BULK_TOO_MANY : M_ERR_REQUIRED);
    } else {
        Actor by = page_actor(req);
        e = initiatives_add_bulk(req->db, &by, page_user(req), req->ids[0], rows, n, &bad, &problem,
                                 &made);
        if (e == ERR_INVALID)
            error = line_problem(req, bad, plan_problem_label(problem));
    }
    input_free(&in);
    bulk_answer(req, res, e, &initiatives_kind, text, error, bad,
                json_pack("{s:i, s:i}", "initiatives", n, "directions", made), "structure");
}

/* ---------- Projects ---------- */

static const MsgId project_msgs[] = {
    [PROJECT_OK] = M_PLAN_SAVED,
    [PROJECT_NAME_MISSING] = M_ERR_REQUIRED,
    [PROJECT_TOO_LONG] = M_PLAN_ERR_TOO_LONG,
    [PROJECT_BAD_TEXT] = M_PLAN_ERR_BAD_TEXT,
    [PROJECT_BAD_SECTION] = M_BULKP_ERR_SECTION,
    [PROJECT_BAD_YEARS] = M_PRJ_ERR_YEARS,
    [PROJECT_NAME_TAKEN] = M_PRJ_ERR_NAME_TAKEN,
    [PROJECT_LINKED] = M_PRJ_ERR_LINKED,
    [PROJECT_BAD_INITIATIVE] = M_BULKP_ERR_INITIATIVE,
};

/* The rows of a projects list, from the API's JSON or the form's text. */
static int project_rows(Request *req, const Input *in, const char *text, BulkProject *rows)
{
    int n = 0;
    if (in->json) {
        json_t *o;
        size_t i;
        json_array_foreach(json_object_get(in->json, "projects"), i, o)
        {
            if (n < BULK_MAX_LINES)
                rows[n] = (BulkProject){json_string_value(json_object_get(o, "number")),
                                        json_string_value(json_object_get(o, "bureau")),
                                        json_string_value(json_object_get(o, "section")),
                                        json_string_value(json_object_get(o, "name")),
                                        json_string_value(json_object_get(o, "summary"))};
            n++;
        }
        return n;
    }
    const char **cells = ARENA_ARRAY(req->arena, const char *, BULK_MAX_LINES * 5);
    n = parse_lines(req, text ? text : "", 5, cells);
    for (int i = 0; i < n && i < BULK_MAX_LINES; i++)
        rows[i] = (BulkProject){cells[i * 5], cells[i * 5 + 1], cells[i * 5 + 2], cells[i * 5 + 3],
                                cells[i * 5 + 4]};
    return n;
}

/* POST /plans/{id}/projects/bulk: lines of 番号, 局区, 課, 事業名, 事業概要
 * (the API: {"projects": [{"number", "bureau", "section", "name",
 * "summary"}]}); sections named as in the plan's last year. */
void page_projects_bulk(Request *req, Response *res)
{
    Lang L = req->lang;
    Input in;
    if (!input_read(req, res, &in))
        return;
    BulkProject *rows = ARENA_ARRAY(req->arena, BulkProject, BULK_MAX_LINES + 1);
    const char *text = input_str(&in, "lines");
    int n = project_rows(req, &in, text, rows);
    int bad = -1, created = 0, linked = 0;
    ProjectProblem problem = PROJECT_OK;
    Err e = ERR_INVALID;
    const char *error = NULL;
    if (n == 0 || n > BULK_MAX_LINES) {
        error = msg(L, n ? M_BULK_TOO_MANY : M_ERR_REQUIRED);
    } else {
        PlanStructure s;
        Actor by = page_actor(req);
        e = plan_structure(req->db, req->arena, page_user(req), req->ids[0], &s);
        if (e == ERR_OK)
            e = projects_add_bulk(req->db, &by, page_user(req), req->ids[0], s.plan.to_fy, rows, n,
                                  &bad, &problem, &created, &linked);
        if (e == ERR_INVALID)
            error = line_problem(req, bad, project_msgs[problem]);
    }
    input_free(&in);
    bulk_answer(req, res, e, &projects_kind, text, error, bad,
                json_pack("{s:i, s:i}", "created", created, "linked", linked), "projects");
}
