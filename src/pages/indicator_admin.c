/* A plan's indicators (評価指標), set up by its secretariat, in the browser
 * and through the JSON API (one handler per action, as in plan_admin.c):
 *
 *   GET  /plans/{id}/indicators            the indicators, each with its forms
 *   POST /plans/{id}/indicators            a new indicator
 *   POST /indicators/{id}                  its name, values, years, source
 *   POST /indicators/{id}/move             up (delta=-1) or down
 *   POST /indicators/{id}/remove           removed
 * and the same under /api/v1, where GET /api/v1/plans/{id}/indicators?years=
 * answers each indicator with its actuals and 達成率 per year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/era.h"
#include "base/html.h"
#include "model/indicator.h"
#include "model/plan_edit.h"
#include "model/project_edit.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/input.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/setup_form.h"

static const MsgId problem_msgs[] = {
    [IND_OK] = M_PLAN_SAVED,
    [IND_NAME_MISSING] = M_ERR_REQUIRED,
    [IND_TOO_LONG] = M_PLAN_ERR_TOO_LONG,
    [IND_BAD_TEXT] = M_PLAN_ERR_BAD_TEXT,
    [IND_BAD_VALUE] = M_IND_ERR_VALUE,
    [IND_BAD_YEAR] = M_IND_ERR_YEAR,
    [IND_YEARS_ORDER] = M_IND_ERR_YEARS_ORDER,
    [IND_BAD_FIELD] = M_IND_ERR_FIELD,
    [IND_BAD_PROJECT] = M_IND_ERR_PROJECT,
    [IND_BAD_INITIATIVE] = M_IND_ERR_INITIATIVE,
};

static const char *const problem_codes[] = {
    [IND_OK] = "ok",
    [IND_NAME_MISSING] = "required",
    [IND_TOO_LONG] = "too_long",
    [IND_BAD_TEXT] = "bad_text",
    [IND_BAD_VALUE] = "bad_value",
    [IND_BAD_YEAR] = "bad_year",
    [IND_YEARS_ORDER] = "years_order",
    [IND_BAD_FIELD] = "bad_field",
    [IND_BAD_PROJECT] = "bad_project",
    [IND_BAD_INITIATIVE] = "bad_initiative",
};

static void write_page(Request *req, Response *res, int64_t plan_id, const FormError *err);

static void answer(Request *req, Response *res, Err e, IndicatorProblem problem, int64_t plan_id,
                   int64_t id, const char *form, int created)
{
    setup_answer(req, res, e, problem_codes[problem], problem_msgs[problem], write_page, plan_id,
                 form, id, created,
                 arena_printf(req->arena, "/plans/%lld/indicators?saved=1#ind-%lld",
                              (long long)plan_id, (long long)id));
}

/* ---------- The page ---------- */

/* What the forms offer: the plan's initiatives, projects and number fields. */
typedef struct Choices {
    PlanStructure s;
    PlanProject *projects;
    int nprojects;
    NumberField *fields;
    int nfields;
} Choices;

static void select_start(Request *req, Buf *b, const char *form, const char *name, MsgId label)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-%s\">%s</label><select id=\"%s-%s\""
                " name=\"%s\">",
                form, name, msg(req->lang, label), form, name, name);
}

static void option(Buf *b, int64_t id, int64_t current, const char *label)
{
    html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)id,
                id == current ? " selected" : "", label);
}

static void source_fields(Request *req, Buf *b, const char *form, const Choices *c,
                          const Indicator *x)
{
    Lang L = req->lang;
    select_start(req, b, form, "field_id", M_IND_FIELD);
    for (int i = 0; i < c->nfields; i++)
        option(b, c->fields[i].id, x ? x->field_id : 0,
               *c->fields[i].unit
                   ? page_fill2(req, M_FMT_PAREN, c->fields[i].label, c->fields[i].unit)
                   : c->fields[i].label);
    HRAW(b, "</select></div>");
    select_start(req, b, form, "project_id", M_IND_PROJECT);
    option(b, 0, x ? x->project_id : 0, msg(L, M_IND_PROJECT_SUM));
    for (int i = 0; i < c->nprojects; i++) {
        bool seen = false; /* a project of two initiatives once */
        for (int k = 0; k < i; k++)
            seen |= c->projects[k].id == c->projects[i].id;
        if (!seen)
            option(b, c->projects[i].id, x ? x->project_id : 0,
                   page_fill2(req, M_FMT_PAREN, c->projects[i].name, c->projects[i].section));
    }
    HRAW(b, "</select></div>");
    select_start(req, b, form, "initiative_id", M_IND_INITIATIVE);
    option(b, 0, x ? x->initiative_id : 0, msg(L, M_IND_WHOLE_PLAN));
    for (int i = 0; i < c->s.ndirections; i++)
        for (int j = 0; j < c->s.directions[i].ninitiatives; j++) {
            const StructInitiative *in = &c->s.directions[i].initiatives[j];
            option(b, in->id, x ? x->initiative_id : 0,
                   arena_printf(req->arena, "%s %s", in->number, in->title));
        }
    HRAW(b, "</select></div>");
}

/* The fields of the add and the edit form (x NULL: empty). */
static void indicator_fields(Request *req, Buf *b, const char *form, const Choices *c,
                             const Indicator *x)
{
    Lang L = req->lang;
    setup_text_field(req, b, form, "name", M_IND_NAME, x ? x->name : NULL, true);
    setup_text_field(req, b, form, "unit", M_IND_UNIT, x ? x->unit : NULL, false);
    setup_text_field(req, b, form, "baseline", M_IND_BASELINE, x ? x->baseline : NULL, true);
    setup_text_field(req, b, form, "baseline_fy", M_IND_BASELINE_FY,
                     x ? page_fy_name(req, x->baseline_fy) : NULL, true);
    setup_text_field(req, b, form, "target", M_IND_TARGET, x ? x->target : NULL, true);
    setup_text_field(req, b, form, "target_fy", M_IND_TARGET_FY,
                     x ? page_fy_name(req, x->target_fy) : NULL, true);
    bool higher = !x || x->higher_is_better;
    html_printf(b,
                "<fieldset class=\"field\"><legend>%s</legend><div class=\"checks\">"
                "<label class=\"check\"><input type=\"radio\" name=\"better\" value=\"higher\"%s>"
                " %s</label><label class=\"check\"><input type=\"radio\" name=\"better\""
                " value=\"lower\"%s> %s</label></div></fieldset>",
                msg(L, M_IND_BETTER), higher ? " checked" : "", msg(L, M_IND_HIGHER),
                higher ? "" : " checked", msg(L, M_IND_LOWER));
    source_fields(req, b, form, c, x);
}

static void small_button(Request *req, Buf *b, const char *action, const char *hidden, MsgId label)
{
    setup_form_start(req, b, action, "", NULL, "inline");
    if (hidden)
        html_printf(b, "<input type=\"hidden\" name=\"delta\" value=\"%s\">", hidden);
    html_printf(b, "<button type=\"submit\" class=\"button secondary small\">%s</button></form>",
                msg(req->lang, label));
}

static void write_indicator(Request *req, Buf *b, const Choices *c, const Indicator *x,
                            const FormError *err)
{
    const char *form = arena_printf(req->arena, "ind-%lld", (long long)x->id);
    const char *base = arena_printf(req->arena, "/indicators/%lld", (long long)x->id);
    html_printf(
        b,
        "<li id=\"%s\"><details%s><summary>%s <span class=\"muted\">%s</span>"
        "</summary>",
        form, setup_form_is(err, form) ? " open" : "", x->name,
        page_fill2(
            req, M_FMT_FROM_TO,
            arena_printf(req->arena, "%s %s", page_fy_name(req, x->baseline_fy), x->baseline),
            arena_printf(req->arena, "%s %s", page_fy_name(req, x->target_fy), x->target)));
    setup_form_start(req, b, base, form, err, "stack");
    indicator_fields(req, b, form, c, x);
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form>",
                msg(req->lang, M_PLAN_SAVE));
    small_button(req, b, arena_printf(req->arena, "%s/move", base), "-1", M_PLAN_MOVE_UP);
    small_button(req, b, arena_printf(req->arena, "%s/move", base), "1", M_PLAN_MOVE_DOWN);
    small_button(req, b, arena_printf(req->arena, "%s/remove", base), NULL, M_IND_REMOVE);
    HRAW(b, "</details></li>");
}

static Err load_choices(Request *req, int64_t plan_id, Choices *c)
{
    memset(c, 0, sizeof(*c));
    Err e = plan_structure(req->db, req->arena, page_user(req), plan_id, &c->s);
    if (e == ERR_OK)
        e = plan_projects(req->db, req->arena, page_user(req), plan_id, c->s.plan.to_fy,
                          &c->projects, &c->nprojects);
    if (e == ERR_OK)
        e = indicator_number_fields(req->db, req->arena, plan_id, &c->fields, &c->nfields);
    return e;
}

static void write_page(Request *req, Response *res, int64_t plan_id, const FormError *err)
{
    Lang L = req->lang;
    Choices c;
    IndicatorSet set;
    Err e = load_choices(req, plan_id, &c);
    if (e == ERR_OK)
        e = indicators_load(req->db, req->arena, page_user(req), plan_id, NULL, 0, &set);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    Buf *b = &res->body;
    const char *title = page_fill(req, M_IND_TITLE_FOR, c.s.plan.title);
    page_begin(req, res, title);
    html_printf(
        b,
        "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
        "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s</h1>\n<p class=\"help\">%s</p>\n",
        msg(L, M_BREADCRUMB),
        page_url(req, arena_printf(req->arena, "/plans/%lld/structure", (long long)plan_id)),
        page_fill(req, M_PLAN_STRUCTURE_FOR, c.s.plan.title), title, title, msg(L, M_IND_HELP));
    if (err)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", err->message);
    else if (req_param(req, "saved"))
        form_notice(b, msg(L, M_PLAN_SAVED));
    HRAW(b, "<section class=\"panel\"><ul class=\"indicators\">");
    for (int i = 0; i < set.n; i++)
        write_indicator(req, b, &c, &set.items[i], err);
    if (!set.n)
        html_printf(b, "<li class=\"empty-state\">%s</li>", msg(L, M_IND_NONE));
    HRAW(b, "</ul></section>\n<section class=\"panel\">");
    if (!c.nfields)
        html_printf(b, "<p class=\"help\">%s</p>", msg(L, M_IND_NO_NUMBER_FIELDS));
    html_printf(b, "<details%s><summary>%s</summary>",
                setup_form_is(err, "new") || !set.n ? " open" : "", msg(L, M_IND_ADD));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/indicators", (long long)plan_id),
                     "new", err, "stack");
    indicator_fields(req, b, "new", &c, NULL);
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></details></section>\n",
                msg(L, M_PLAN_ADD));
    page_end(req, res);
}

void page_indicators(Request *req, Response *res)
{
    write_page(req, res, req->ids[0], NULL);
}

/* ---------- Actions ---------- */

/* A value as text: a form's field, or a JSON string or number. */
static const char *value_text(const Input *in, const char *name)
{
    json_t *v = in->json ? json_object_get(in->json, name) : NULL;
    if (json_is_real(v))
        return arena_printf(in->req->arena, "%.15g", json_real_value(v));
    return input_str(in, name);
}

static bool higher_is_better(const Input *in)
{
    if (in->json) {
        json_t *v = json_object_get(in->json, "higher_is_better");
        return !json_is_false(v);
    }
    const char *better = input_str(in, "better");
    return !better || strcmp(better, "lower") != 0;
}

static IndicatorInput indicator_input(const Input *in)
{
    return (IndicatorInput){.initiative_id = input_id(in, "initiative_id"),
                            .name = input_str(in, "name"),
                            .unit = input_str(in, "unit"),
                            .baseline = value_text(in, "baseline"),
                            .target = value_text(in, "target"),
                            .baseline_fy = input_fy(in, "baseline_fy"),
                            .target_fy = input_fy(in, "target_fy"),
                            .higher_is_better = higher_is_better(in),
                            .field_id = input_id(in, "field_id"),
                            .project_id = input_id(in, "project_id")};
}

void page_indicator_add(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    IndicatorInput x = indicator_input(&in);
    IndicatorProblem problem = IND_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = indicator_add(req->db, &by, page_user(req), req->ids[0], &x, &id, &problem);
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], id, "new", 1);
}

void page_indicator_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    IndicatorInput x = indicator_input(&in);
    IndicatorProblem problem = IND_OK;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = indicator_update(req->db, &by, page_user(req), id, &x, &problem);
    input_free(&in);
    answer(req, res, e, problem, indicator_plan(req->db, id), id,
           arena_printf(req->arena, "ind-%lld", (long long)id), 0);
}

void page_indicator_move(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    const char *d = input_str(&in, "delta");
    int delta = d && atoi(d) < 0 ? -1 : 1;
    input_free(&in);
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = indicator_move(req->db, &by, page_user(req), id, delta);
    answer(req, res, e, IND_OK, indicator_plan(req->db, id), id, "", 0);
}

void page_indicator_remove(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    input_free(&in);
    int64_t id = req->ids[0], plan = indicator_plan(req->db, id);
    Actor by = page_actor(req);
    Err e = indicator_remove(req->db, &by, page_user(req), id);
    answer(req, res, e, IND_OK, plan, id, "", 0);
}

/* ---------- Reading through the API ---------- */

static json_t *year_json(const IndicatorYear *y)
{
    return json_pack("{s:i, s:o, s:o, s:i}", "fiscal_year", y->fy, "actual",
                     y->has_actual ? json_string(y->actual_text) : json_null(), "rate",
                     y->has_rate ? json_real(y->rate) : json_null(), "answers", y->answers);
}

static json_t *indicator_json(const Indicator *x)
{
    json_t *years = json_array();
    for (int i = 0; i < x->nyears; i++)
        json_array_append_new(years, year_json(&x->years[i]));
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:b, s:I, s:s, s:o, s:o, s:o}", "id",
        (json_int_t)x->id, "name", x->name, "unit", x->unit, "baseline", x->baseline, "baseline_fy",
        x->baseline_fy, "target", x->target, "target_fy", x->target_fy, "higher_is_better",
        x->higher_is_better, "field_id", (json_int_t)x->field_id, "field", x->field, "project_id",
        x->project_id ? json_integer(x->project_id) : json_null(), "initiative_id",
        x->initiative_id ? json_integer(x->initiative_id) : json_null(), "years", years);
}

/* The years asked (years=2019,2020 or year=...), else the plan's period. */
static bool years_param(Request *req, Response *res, int64_t plan_id, int *years, int *n)
{
    *n = 0;
    const char *list = req_param(req, "years");
    if (list && *list) {
        char *copy = arena_strdup(req->arena, list), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            int fy;
            if (*n == INDICATOR_MAX_YEARS || era_parse_fiscal_year(t, &fy) != 0 ||
                (*n > 0 && fy <= years[*n - 1])) {
                page_error(req, res, 400, M_ERR_BAD_YEARS, "years");
                return false;
            }
            years[(*n)++] = fy;
        }
        return true;
    }
    DbStmt *st = db_prepare(req->db, "SELECT from_fy, to_fy FROM plan WHERE id = $1", 2);
    db_bind_int64(st, 1, plan_id);
    if (db_step(st) == DB_ROW)
        for (int fy = (int)db_col_int64(st, 0);
             fy <= db_col_int64(st, 1) && *n < INDICATOR_MAX_YEARS; fy++)
            years[(*n)++] = fy;
    db_done(st);
    return true;
}

void api_plan_indicators(Request *req, Response *res)
{
    int years[INDICATOR_MAX_YEARS], n = 0;
    int64_t plan_id = req->ids[0];
    if (!principal_may_read_plan(req->db, page_user(req), plan_id)) {
        page_model_error(req, res, ERR_NOT_FOUND);
        return;
    }
    if (!years_param(req, res, plan_id, years, &n))
        return;
    IndicatorSet set;
    Err e = indicators_load(req->db, req->arena, page_user(req), plan_id, years, n, &set);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < set.n; i++)
        json_array_append_new(list, indicator_json(&set.items[i]));
    page_send_json(res, 200,
                   json_pack("{s:I, s:o}", "plan_id", (json_int_t)plan_id, "indicators", list));
}
