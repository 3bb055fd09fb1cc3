/* /admin/org: the organisation over time, for administrators. The tree as
 * of a fiscal year, and each unit's history with the yearly changes (rename,
 * move, merge, close, reorder, projects moved to another section), each from
 * a fiscal year written as people write it (2021, 令和3年度, R3年度). Every
 * change goes through model/org.c, which checks the right and audits it. */
#include <stdlib.h>
#include <string.h>
#include "base/era.h"
#include "base/html.h"
#include "model/org.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"
#include "pages/pages.h"

static const char *const kinds[] = {"bureau", "ward", "section", "office"};
static const MsgId kind_labels[] = {M_ORG_KIND_BUREAU, M_ORG_KIND_WARD, M_ORG_KIND_SECTION,
                                    M_ORG_KIND_OFFICE};
enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };

static MsgId kind_label(const char *kind)
{
    for (int i = 0; i < NKINDS; i++)
        if (kind && strcmp(kind, kinds[i]) == 0)
            return kind_labels[i];
    return M_ORG_KIND_SECTION;
}

static bool top_kind(const char *kind)
{
    return kind && (strcmp(kind, "bureau") == 0 || strcmp(kind, "ward") == 0);
}

/* The fields a problem can be shown at. */
typedef enum Slot { AT_KIND, AT_NAME, AT_UNIT, AT_PROJECTS, AT_FY, AT_COUNT } Slot;

/* What went wrong with a posted form, for the page shown again. */
typedef struct Errors {
    const char *form;         /* "create", "rename", "move" ...; NULL: no errors */
    const char *at[AT_COUNT]; /* the message at each field, or NULL */
    const char *summary;      /* a message for the page itself (reorder), or NULL */
} Errors;

static MsgId problem_msg(OrgProblem p)
{
    switch (p) {
    case ORG_BAD_YEAR:
        return M_ORG_ERR_YEAR;
    case ORG_BAD_NAME:
        return M_ORG_ERR_NAME;
    case ORG_BAD_KIND:
        return M_ORG_ERR_KIND;
    case ORG_BAD_PARENT:
        return M_ORG_ERR_PARENT;
    case ORG_NAME_TAKEN:
        return M_ORG_ERR_NAME_TAKEN;
    case ORG_NOT_IN_YEAR:
        return M_ORG_ERR_NOT_IN_YEAR;
    case ORG_FIRST_YEAR:
        return M_ORG_ERR_FIRST_YEAR;
    case ORG_UNCHANGED:
        return M_ORG_ERR_UNCHANGED;
    case ORG_BAD_TARGET:
        return M_ORG_ERR_TARGET;
    case ORG_HAS_PROJECTS:
        return M_ORG_ERR_HAS_PROJECTS;
    case ORG_HAS_CHILDREN:
        return M_ORG_ERR_HAS_CHILDREN;
    case ORG_NO_NEIGHBOUR:
        return M_ORG_ERR_NO_NEIGHBOUR;
    case ORG_NO_PROJECTS:
        return M_ORG_ERR_NO_PROJECTS;
    case ORG_BAD_PROJECT:
        return M_ORG_ERR_PROJECT;
    case ORG_BAD_SECTION:
    case ORG_OK:
        break;
    }
    return M_ORG_ERR_SECTION;
}

/* Where the form shows the problem; main is the form's own field (the name
 * of a rename, the parent of a move ...), which also takes "unchanged". */
static Slot problem_slot(OrgProblem p, Slot main)
{
    switch (p) {
    case ORG_BAD_KIND:
        return AT_KIND;
    case ORG_BAD_NAME:
    case ORG_NAME_TAKEN:
        return AT_NAME;
    case ORG_BAD_PARENT:
    case ORG_BAD_TARGET:
    case ORG_BAD_SECTION:
        return AT_UNIT;
    case ORG_NO_PROJECTS:
    case ORG_BAD_PROJECT:
        return AT_PROJECTS;
    case ORG_UNCHANGED:
        return main;
    default:
        return AT_FY;
    }
}

static Errors errors_of(Request *req, const char *form, OrgProblem p, Slot main)
{
    Errors e = {form, {NULL}, NULL};
    e.at[problem_slot(p, main)] = msg(req->lang, problem_msg(p));
    return e;
}

/* A fiscal year as people write it, or 0 (which the model refuses). */
static int parse_fy(const char *text)
{
    int fy = 0;
    return text && era_parse_fiscal_year(text, &fy) == 0 ? fy : 0;
}

static int64_t form_id(const Request *req, const char *name)
{
    const char *v = req_form(req, name);
    char *end;
    long long id = v && *v ? strtoll(v, &end, 10) : 0;
    return v && *v && !*end && id > 0 ? id : 0;
}

/* The year the page shows: ?fy=, else today's; false when ?fy= is unreadable. */
static bool shown_fy(Request *req, int *fy)
{
    const char *v = req_param(req, "fy");
    *fy = v ? parse_fy(v) : org_current_fy();
    return *fy > 0;
}

/* The tree (unit 0) or a unit's page as of fy, with ?saved=1 after a change. */
static const char *org_url(Request *req, int64_t unit, int fy, bool saved)
{
    const char *path =
        unit ? arena_printf(req->arena, "/admin/org/units/%lld?fy=%d%s", (long long)unit, fy,
                            saved ? "&saved=1" : "")
             : arena_printf(req->arena, "/admin/org?fy=%d%s", fy, saved ? "&saved=1" : "");
    return page_url(req, path);
}

static const char *action_url(Request *req, int64_t unit, const char *action)
{
    return page_url(req,
                    arena_printf(req->arena, "/admin/org/units/%lld/%s", (long long)unit, action));
}

/* 令和3年度〜令和5年度; 当初〜 for a unit there from the start and without an end. */
static const char *years_text(Request *req, int first, int last)
{
    const char *args[2] = {first <= 0 ? msg(req->lang, M_ORG_SINCE_START)
                                      : page_fy_name(req, first),
                           last >= ORG_FOREVER ? "" : page_fy_name(req, last)};
    char *s = msg_fill(req->lang, M_ORG_YEARS_RANGE, args, 2);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

/* The fiscal year field of a form: what was posted, else the year shown. */
static void fy_field(Request *req, Buf *b, const char *name, int fy, const char *error)
{
    const char *v = req_form(req, name);
    form_input(req, b,
               &(FormField){name, M_ORG_FROM_FY, true, M_ORG_FROM_FY_HELP,
                            v ? v : page_fy_name(req, fy), error, "text", "off"});
}

static const char *err_at(const Errors *e, const char *form, Slot s)
{
    return e->form && strcmp(e->form, form) == 0 ? e->at[s] : NULL;
}

/* What a select of units offers. */
typedef struct UnitChoice {
    const char *name; /* the field */
    MsgId label;      /* its label */
    int help;         /* a MsgId, or -1 */
    bool top;         /* bureaus and wards (else sections and offices) */
    int64_t skip;     /* a unit not offered (the unit itself), or 0 */
    int64_t chosen;   /* the unit selected, or 0 */
} UnitChoice;

/* A select of the units of the year; required unless it has help. */
static void unit_select(Request *req, Buf *b, const UnitChoice *c, const OrgUnit *units, int n,
                        const char *error)
{
    const char *name = c->name;
    bool top = c->top;
    form_field_start(req, b, name, c->label, c->help < 0, error, false);
    if (c->help >= 0)
        html_printf(b, "<p class=\"help\">%s</p>", msg(req->lang, (MsgId)c->help));
    html_printf(b, "<select id=\"f-%s\" name=\"%s\"", name, name);
    if (error)
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"f-%s-error\"", name);
    HRAW(b, ">");
    html_printf(b, "<option value=\"\">%s</option>", msg(req->lang, M_ORG_CHOOSE));
    for (int i = 0; i < n; i++) {
        if ((units[i].parent_id == 0) != top || units[i].id == c->skip)
            continue;
        const char *parent = top ? NULL : org_name(units, n, units[i].parent_id);
        html_printf(b, "<option value=\"%lld\"%s>%s%s%s</option>", (long long)units[i].id,
                    units[i].id == c->chosen ? " selected" : "", parent ? parent : "",
                    parent ? " / " : "", units[i].name);
    }
    HRAW(b, "</select>");
    form_field_error(b, name, error);
    HRAW(b, "</div>\n");
}

static void submit_button(Request *req, Buf *b, MsgId label)
{
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></section>\n",
                msg(req->lang, label));
}

/* Opens a panel with a heading, help and a form posting to url. */
static void panel_form(Request *req, Buf *b, MsgId title, int help, const char *url)
{
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>\n", msg(req->lang, title));
    if (help >= 0)
        html_printf(b, "<p class=\"help\">%s</p>\n", msg(req->lang, (MsgId)help));
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", url);
    form_csrf(req, b, page_user(req)->csrf);
}

/* ---- The tree ---------------------------------------------------------- */

static void write_year_form(Request *req, Buf *b, int fy)
{
    Lang L = req->lang;
    html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/admin/org\"><div "
                   "class=\"filter-row\">");
    form_input(
        req, b,
        &(FormField){"fy", M_ORG_AS_OF, false, -1, page_fy_name(req, fy), NULL, "text", "off"});
    if (L == LANG_EN)
        HRAW(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
    html_printf(b,
                "</div><div class=\"actions\"><button type=\"submit\" class=\"button "
                "secondary\">%s</button></div></form>\n",
                msg(L, M_ORG_SHOW));
}

/* The up and down buttons of a unit's row. */
static void write_reorder(Request *req, Buf *b, const OrgUnit *u, int fy)
{
    static const struct {
        const char *step;
        MsgId label;
    } steps[] = {{"up", M_ORG_UP}, {"down", M_ORG_DOWN}};
    for (int i = 0; i < 2; i++) {
        html_printf(b, "<form method=\"post\" action=\"%s\" class=\"logout\">",
                    action_url(req, u->id, "reorder"));
        form_csrf(req, b, page_user(req)->csrf);
        html_printf(b,
                    "<input type=\"hidden\" name=\"fy\" value=\"%d\"><input type=\"hidden\" "
                    "name=\"step\" value=\"%s\"><button type=\"submit\" class=\"link-button\" "
                    "aria-label=\"%s %s\">%s</button></form> ",
                    fy, steps[i].step, u->name, msg(req->lang, steps[i].label),
                    msg(req->lang, steps[i].label));
    }
}

static void write_tree(Request *req, Buf *b, const OrgUnit *units, int n, int fy)
{
    Lang L = req->lang;
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_ORG_EMPTY));
        return;
    }
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table org-tree\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_ORG_NAME), msg(L, M_ORG_KIND), msg(L, M_ORG_YEARS), msg(L, M_ORG_ORDER));
    for (int i = 0; i < n; i++) {
        const OrgUnit *u = &units[i];
        /* Sections are indented under their bureau, as the city lists them. */
        html_printf(b,
                    "<tr><th scope=\"row\"%s><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>",
                    u->parent_id ? " class=\"org-child\"" : "", org_url(req, u->id, fy, false),
                    u->name, msg(L, kind_label(u->kind)), years_text(req, u->first_fy, u->last_fy));
        write_reorder(req, b, u, fy);
        HRAW(b, "</td></tr>\n");
    }
    HRAW(b, "</tbody></table></div>\n");
}

static void write_create(Request *req, Buf *b, const OrgUnit *units, int n, int fy, const Errors *e)
{
    Lang L = req->lang;
    panel_form(req, b, M_ORG_CREATE, M_ORG_CREATE_HELP, page_url(req, "/admin/org/units"));
    const char *kind = req_form(req, "kind"), *error = err_at(e, "create", AT_KIND);
    form_field_start(req, b, "kind", M_ORG_KIND, true, error, false);
    HRAW(b, "<select id=\"f-kind\" name=\"kind\"");
    if (error)
        HRAW(b, " aria-invalid=\"true\" aria-describedby=\"f-kind-error\"");
    HRAW(b, ">");
    for (int i = 0; i < NKINDS; i++)
        html_printf(b, "<option value=\"%s\"%s>%s</option>", kinds[i],
                    kind && strcmp(kind, kinds[i]) == 0 ? " selected" : "", msg(L, kind_labels[i]));
    HRAW(b, "</select>");
    form_field_error(b, "kind", error);
    HRAW(b, "</div>\n");
    form_input(req, b,
               &(FormField){"name", M_ORG_NAME, true, -1, req_form(req, "name"),
                            err_at(e, "create", AT_NAME), "text", "off"});
    unit_select(
        req, b,
        &(UnitChoice){"parent", M_ORG_PARENT, M_ORG_PARENT_HELP, true, 0, form_id(req, "parent")},
        units, n, err_at(e, "create", AT_UNIT));
    fy_field(req, b, "create_fy", fy, err_at(e, "create", AT_FY));
    submit_button(req, b, M_ORG_CREATE);
}

static void write_tree_page(Request *req, Response *res, int fy, const Errors *e)
{
    Lang L = req->lang;
    OrgUnit *units;
    int n;
    if (org_list(req->db, req->arena, fy, &units, &n) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    page_begin(req, res, msg(L, M_ORG_TITLE));
    Buf *b = &res->body;
    html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n",
                page_fill2(req, M_FMT_PAREN, msg(L, M_ORG_TITLE), page_fy_name(req, fy)),
                msg(L, M_ORG_HELP));
    const char *saved = req_param(req, "saved");
    if (saved && strcmp(saved, "1") == 0)
        form_notice(b, msg(L, M_ORG_DONE));
    if (e->summary)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n", e->summary);
    else if (e->form)
        form_error_summary(req, b);
    write_year_form(req, b, fy);
    write_tree(req, b, units, n, fy);
    write_create(req, b, units, n, fy, e);
    page_end(req, res);
}

void page_org(Request *req, Response *res)
{
    int fy;
    if (!shown_fy(req, &fy)) {
        page_error(req, res, 400, M_ORG_ERR_YEAR, "fy");
        return;
    }
    write_tree_page(req, res, fy, &(Errors){0});
}

/* ---- A unit ------------------------------------------------------------ */

/* The name of unit id in fy (its last name before, or first after), or "". */
static const char *name_in(Request *req, int64_t id, int fy)
{
    OrgHistory h;
    if (!id || org_history(req->db, req->arena, id, &h) != ERR_OK || h.nperiods == 0)
        return "";
    const char *name = h.periods[0].name;
    for (int i = 0; i < h.nperiods && h.periods[i].from_fy <= fy; i++)
        name = h.periods[i].name;
    return name;
}

static void write_history(Request *req, Buf *b, const OrgHistory *h)
{
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-scroll\"><table "
                "class=\"data-table\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
                "</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_ORG_PERIODS), msg(L, M_ORG_YEARS), msg(L, M_ORG_NAME),
                msg(L, M_ORG_PARENT));
    for (int i = 0; i < h->nperiods; i++) {
        const OrgPeriod *p = &h->periods[i];
        const char *parent = p->parent_id ? name_in(req, p->parent_id, p->from_fy) : "";
        html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                    years_text(req, p->from_fy, p->to_fy), p->name,
                    *parent ? parent : msg(L, M_ORG_NONE));
    }
    HRAW(b, "</tbody></table></div></section>\n");
}

static void write_rename(Request *req, Buf *b, int64_t id, const char *name, int fy,
                         const Errors *e)
{
    panel_form(req, b, M_ORG_RENAME, -1, action_url(req, id, "rename"));
    const char *posted = req_form(req, "name");
    form_input(req, b,
               &(FormField){"name", M_ORG_NEW_NAME, true, -1, posted ? posted : name,
                            err_at(e, "rename", AT_NAME), "text", "off"});
    fy_field(req, b, "rename_fy", fy, err_at(e, "rename", AT_FY));
    submit_button(req, b, M_ORG_RENAME);
}

static void write_move(Request *req, Buf *b, int64_t id, const OrgUnit *units, int n, int fy,
                       const Errors *e)
{
    panel_form(req, b, M_ORG_MOVE, -1, action_url(req, id, "move"));
    int64_t parent = form_id(req, "parent");
    for (int i = 0; !parent && i < n; i++)
        if (units[i].id == id)
            parent = units[i].parent_id; /* where it is that year */
    unit_select(req, b, &(UnitChoice){"parent", M_ORG_PARENT, -1, true, 0, parent}, units, n,
                err_at(e, "move", AT_UNIT));
    fy_field(req, b, "move_fy", fy, err_at(e, "move", AT_FY));
    submit_button(req, b, M_ORG_MOVE);
}

static void write_merge(Request *req, Buf *b, const OrgHistory *h, const OrgUnit *units, int n,
                        int fy, const Errors *e)
{
    panel_form(req, b, M_ORG_MERGE, M_ORG_MERGE_HELP, action_url(req, h->id, "merge"));
    unit_select(req, b,
                &(UnitChoice){"into", M_ORG_MERGE_TARGET, -1, top_kind(h->kind), h->id,
                              form_id(req, "into")},
                units, n, err_at(e, "merge", AT_UNIT));
    fy_field(req, b, "merge_fy", fy, err_at(e, "merge", AT_FY));
    submit_button(req, b, M_ORG_MERGE);
}

static void write_close(Request *req, Buf *b, int64_t id, int fy, const Errors *e)
{
    panel_form(req, b, M_ORG_CLOSE, M_ORG_CLOSE_HELP, action_url(req, id, "close"));
    fy_field(req, b, "close_fy", fy, err_at(e, "close", AT_FY));
    submit_button(req, b, M_ORG_CLOSE);
}

static bool posted(const Request *req, const char *name, int64_t value)
{
    for (int i = 0; i < req->nform; i++)
        if (strcmp(req->form[i].name, name) == 0 && strtoll(req->form[i].value, NULL, 10) == value)
            return true;
    return false;
}

/* The bulk move: the unit's projects to choose, the section they go to. */
static void write_projects(Request *req, Buf *b, int64_t id, const OrgUnit *units, int n, int fy,
                           const Errors *e)
{
    Lang L = req->lang;
    OrgProject *projects;
    int np;
    if (org_projects(req->db, req->arena, id, &projects, &np) != ERR_OK || np == 0) {
        html_printf(b,
                    "<section class=\"panel\"><h2>%s</h2><p class=\"empty-state\">%s</p>"
                    "</section>\n",
                    msg(L, M_ORG_PROJECTS), msg(L, M_ORG_NO_PROJECTS_HERE));
        return;
    }
    panel_form(req, b, M_ORG_PROJECTS, M_ORG_PROJECTS_HELP, action_url(req, id, "projects"));
    const char *error = err_at(e, "projects", AT_PROJECTS);
    form_field_start(req, b, "project", M_ORG_PROJECTS_CHOOSE, true, error, true);
    HRAW(b, "<div class=\"checks\">");
    for (int i = 0; i < np; i++)
        html_printf(b,
                    "<label class=\"check\"><input type=\"checkbox\" name=\"project\" "
                    "value=\"%lld\"%s>%s</label>",
                    (long long)projects[i].id,
                    posted(req, "project", projects[i].id) ? " checked" : "",
                    page_fill2(req, M_FMT_PAREN, projects[i].name,
                               years_text(req, projects[i].from_fy, projects[i].to_fy)));
    HRAW(b, "</div>");
    form_field_error(b, "project", error);
    HRAW(b, "</fieldset>\n");
    unit_select(
        req, b,
        &(UnitChoice){"target", M_ORG_TARGET_SECTION, -1, false, id, form_id(req, "target")}, units,
        n, err_at(e, "projects", AT_UNIT));
    fy_field(req, b, "projects_fy", fy, err_at(e, "projects", AT_FY));
    submit_button(req, b, M_ORG_MOVE_PROJECTS);
}

static void write_unit_page(Request *req, Response *res, int64_t id, int fy, const Errors *e)
{
    Lang L = req->lang;
    OrgHistory h;
    OrgUnit *units;
    int n;
    Err err = org_history(req->db, req->arena, id, &h);
    if (err == ERR_OK)
        err = org_list(req->db, req->arena, fy, &units, &n);
    if (err != ERR_OK) {
        page_model_error(req, res, err);
        return;
    }
    const char *name = name_in(req, id, fy);
    page_begin(req, res, name);
    Buf *b = &res->body;
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s <span class=\"login\">"
                "(%s)</span></h1>\n",
                msg(L, M_BREADCRUMB), org_url(req, 0, fy, false), msg(L, M_ORG_TITLE), name, name,
                msg(L, kind_label(h.kind)));
    const char *saved = req_param(req, "saved");
    if (saved && strcmp(saved, "1") == 0)
        form_notice(b, msg(L, M_ORG_DONE));
    if (e->form)
        form_error_summary(req, b);
    write_history(req, b, &h);
    write_rename(req, b, id, name, fy, e);
    if (!top_kind(h.kind))
        write_move(req, b, id, units, n, fy, e);
    write_merge(req, b, &h, units, n, fy, e);
    write_close(req, b, id, fy, e);
    if (!top_kind(h.kind))
        write_projects(req, b, id, units, n, fy, e);
    page_end(req, res);
}

void page_org_unit(Request *req, Response *res)
{
    int fy;
    if (!shown_fy(req, &fy)) {
        page_error(req, res, 400, M_ORG_ERR_YEAR, "fy");
        return;
    }
    write_unit_page(req, res, req->ids[0], fy, &(Errors){0});
}

/* ---- Changes ----------------------------------------------------------- */

/* After a change from fiscal year fy: to back_to's page (0: the tree) as of
 * fy (303), or the form's page again with the problem at its field. */
static void after(Request *req, Response *res, Err err, const Errors *e, int64_t back_to, int fy)
{
    if (err == ERR_OK) {
        resp_redirect(res, org_url(req, back_to, fy, true));
        return;
    }
    if (err != ERR_INVALID) {
        page_model_error(req, res, err);
        return;
    }
    int shown = fy;
    if (shown <= 0 && !shown_fy(req, &shown))
        shown = org_current_fy();
    res->status = 400;
    if (strcmp(e->form, "create") == 0 || strcmp(e->form, "reorder") == 0)
        write_tree_page(req, res, shown, e);
    else
        write_unit_page(req, res, req->ids[0], shown, e);
}

void page_org_create(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "create_fy"));
    const char *name = req_form(req, "name");
    int64_t id = 0;
    OrgProblem p = ORG_OK;
    Err err = org_create(req->db, &by, page_user(req), req_form(req, "kind"), name ? name : "",
                         form_id(req, "parent"), fy, &id, &p);
    Errors e = errors_of(req, "create", p, AT_NAME);
    after(req, res, err, &e, id, fy);
}

void page_org_rename(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "rename_fy"));
    const char *name = req_form(req, "name");
    OrgProblem p = ORG_OK;
    Err err = org_rename(req->db, &by, page_user(req), req->ids[0], fy, name ? name : "", &p);
    Errors e = errors_of(req, "rename", p, AT_NAME);
    after(req, res, err, &e, req->ids[0], fy);
}

void page_org_move(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "move_fy"));
    OrgProblem p = ORG_OK;
    Err err = org_move(req->db, &by, page_user(req), req->ids[0], fy, form_id(req, "parent"), &p);
    Errors e = errors_of(req, "move", p, AT_UNIT);
    after(req, res, err, &e, req->ids[0], fy);
}

void page_org_merge(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "merge_fy"));
    int64_t into = form_id(req, "into");
    OrgProblem p = ORG_OK;
    Err err = org_merge(req->db, &by, page_user(req), req->ids[0], fy, into, &p);
    Errors e = errors_of(req, "merge", p, AT_UNIT);
    after(req, res, err, &e, into, fy);
}

void page_org_close(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "close_fy"));
    OrgProblem p = ORG_OK;
    Err err = org_close(req->db, &by, page_user(req), req->ids[0], fy, &p);
    Errors e = errors_of(req, "close", p, AT_FY);
    after(req, res, err, &e, 0, fy);
}

void page_org_reorder(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "fy"));
    const char *step = req_form(req, "step");
    int dir = step && strcmp(step, "up") == 0 ? -1 : step && strcmp(step, "down") == 0 ? 1 : 0;
    OrgProblem p = ORG_OK;
    Err err = org_reorder(req->db, &by, page_user(req), req->ids[0], fy, dir, &p);
    Errors e = {"reorder", {NULL}, msg(req->lang, problem_msg(p))};
    after(req, res, err, &e, 0, fy);
}

void page_org_projects(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int fy = parse_fy(req_form(req, "projects_fy"));
    int64_t *ids = ARENA_ARRAY(req->arena, int64_t, req->nform + 1);
    int n = 0;
    bool bad = false;
    for (int i = 0; i < req->nform; i++) {
        if (strcmp(req->form[i].name, "project") != 0)
            continue;
        char *end;
        long long id = strtoll(req->form[i].value, &end, 10);
        bad |= *end || id <= 0;
        ids[n++] = id;
    }
    OrgProblem p = ORG_BAD_PROJECT;
    Err err = bad ? ERR_INVALID
                  : org_move_projects(req->db, &by, page_user(req), req->ids[0], ids, n,
                                      form_id(req, "target"), fy, &p);
    Errors e = errors_of(req, "projects", p, AT_UNIT);
    after(req, res, err, &e, req->ids[0], fy);
}
