/* Plan setup in the browser and through the JSON API, with one handler per
 * action: a form post answers with a redirect (or the page again, the
 * message at the form that was wrong), an API call with JSON. The model
 * (model/plan_edit.c) checks rights and input.
 *
 *   GET  /plans/new, POST /plans                     a new plan (administrators)
 *   GET  /plans/{id}/structure                       the plan's structure, editable
 *   POST /plans/{id}                                 the plan's settings
 *   POST /plans/{id}/directions, /plans/{id}/initiatives     add
 *   POST /directions/{id}, /initiatives/{id}                 edit
 *   POST /directions/{id}/move, /initiatives/{id}/move       up (delta=-1) or down
 *   POST /directions/{id}/retire, /initiatives/{id}/retire   from a year (empty: back)
 *   POST /plans/{id}/renumber, /plans/{id}/copy
 * and the same under /api/v1 with a JSON body; GET /api/v1/plans/{id}/structure. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/era.h"
#include "base/html.h"
#include "model/org.h"
#include "model/plan_edit.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/input.h"
#include "pages/labels.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/setup_form.h"

/* ---------- Input ---------- */

/* Responsible bureaus: the form's checked "bureau" boxes, or the JSON's
 * "bureaus" array of ids. */
static int in_bureaus(const Input *in, int64_t *out)
{
    int n = 0;
    if (in->json) {
        json_t *v;
        size_t i;
        json_array_foreach(json_object_get(in->json, "bureaus"), i, v)
        {
            if (n < PLAN_MAX_BUREAUS + 1)
                out[n++] = json_is_integer(v) ? json_integer_value(v) : -1;
        }
        return n;
    }
    for (int i = 0; i < in->req->nform && n < PLAN_MAX_BUREAUS + 1; i++)
        if (strcmp(in->req->form[i].name, "bureau") == 0)
            out[n++] = atoll(in->req->form[i].value);
    return n;
}

/* ---------- Answers ---------- */

static const char *const problem_codes[] = {
    [PLAN_OK] = "ok",
    [PLAN_TITLE_MISSING] = "required",
    [PLAN_TOO_LONG] = "too_long",
    [PLAN_BAD_TEXT] = "bad_text",
    [PLAN_BAD_PERIOD] = "bad_period",
    [PLAN_LABEL_TAKEN] = "label_taken",
    [PLAN_NUMBER_TAKEN] = "number_taken",
    [PLAN_BAD_DIRECTION] = "bad_direction",
    [PLAN_BAD_BUREAU] = "bad_bureau",
    [PLAN_BAD_YEAR] = "bad_year",
    [PLAN_PERIOD_HAS_ROUNDS] = "period_has_rounds",
};

static void write_structure(Request *req, Response *res, int64_t plan_id, const FormError *err);

/* The answer to an action on plan_id: a redirect to the structure (anchor
 * at what changed) or JSON; a refusal at its form or as a JSON error. */
static void answer(Request *req, Response *res, Err e, PlanProblem problem, int64_t plan_id,
                   int64_t id, const char *form, const char *anchor)
{
    setup_answer(
        req, res, e, problem_codes[problem], plan_problem_label(problem), write_structure, plan_id,
        form, id ? id : plan_id, false,
        arena_printf(req->arena, "/plans/%lld/structure?saved=1#%s", (long long)plan_id, anchor));
}

/* ---------- The structure page ---------- */

/* The plan's own settings: the same form makes a new plan. */
static void write_plan_fields(Request *req, Buf *b, const char *form, const PlanInput *p)
{
    setup_text_field(req, b, form, "title", M_PLAN_TITLE, p->title, true);
    setup_text_field(req, b, form, "subtitle", M_PLAN_SUBTITLE, p->subtitle, false);
    setup_text_field(req, b, form, "from_fy", M_PLAN_FROM_FY,
                     p->from_fy ? page_fy_name(req, p->from_fy) : "", true);
    setup_text_field(req, b, form, "to_fy", M_PLAN_TO_FY,
                     p->to_fy ? page_fy_name(req, p->to_fy) : "", true);
    setup_text_field(req, b, form, "period_label", M_PLAN_PERIOD_LABEL, p->period_label, false);
    setup_text_field(req, b, form, "level1", M_PLAN_LEVEL1, p->level1, true);
    setup_text_field(req, b, form, "level2", M_PLAN_LEVEL2, p->level2, true);
    setup_text_field(req, b, form, "chapter_label", M_PLAN_CHAPTER_LABEL, p->chapter_label, false);
    setup_text_field(req, b, form, "baseline_label", M_PLAN_BASELINE_LABEL, p->baseline_label,
                     false);
    setup_text_field(req, b, form, "related_label", M_PLAN_RELATED_LABEL, p->related_label, false);
    setup_text_field(req, b, form, "progress_label", M_PLAN_PROGRESS_LABEL, p->progress_label,
                     false);
}

static void move_buttons(Request *req, Buf *b, const char *kind, int64_t id)
{
    Lang L = req->lang;
    for (int up = 1; up >= 0; up--) {
        html_printf(b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
                    page_url(req, arena_printf(req->arena, "/%s/%lld/move", kind, (long long)id)));
        form_csrf(req, b, page_user(req)->csrf);
        html_printf(b,
                    "<input type=\"hidden\" name=\"delta\" value=\"%s\"><button type=\"submit\""
                    " class=\"button secondary small\">%s</button></form>",
                    up ? "-1" : "1", msg(L, up ? M_PLAN_MOVE_UP : M_PLAN_MOVE_DOWN));
    }
}

static void retire_form(Request *req, Buf *b, const char *kind, int64_t id, int retired_fy,
                        const FormError *err)
{
    const char *form = arena_printf(req->arena, "r-%c-%lld", kind[0], (long long)id);
    setup_form_start(req, b, arena_printf(req->arena, "/%s/%lld/retire", kind, (long long)id), form,
                     err, "inline retire");
    html_printf(b,
                "<label for=\"%s-fy\">%s</label><input type=\"text\" id=\"%s-fy\" name=\"fy\""
                " size=\"10\" value=\"%s\"><button type=\"submit\" class=\"button secondary"
                " small\">%s</button></form>",
                form, msg(req->lang, M_PLAN_RETIRE_FROM), form,
                retired_fy ? page_fy_name(req, retired_fy) : "", msg(req->lang, M_PLAN_RETIRE));
}

static void bureau_boxes(Request *req, Buf *b, const char *form, const OrgUnit *units, int n,
                         const StructInitiative *in)
{
    html_printf(b, "<fieldset class=\"field bureaus\"><legend>%s</legend><div class=\"checks\">",
                msg(req->lang, M_PLAN_BUREAUS));
    for (int i = 0; i < n; i++) {
        if (units[i].parent_id)
            continue; /* bureaus and wards only */
        bool on = false;
        for (int k = 0; in && k < in->nbureaus; k++)
            on |= in->bureaus[k] == units[i].id;
        html_printf(b,
                    "<label class=\"check\"><input type=\"checkbox\" name=\"bureau\" value=\"%lld\""
                    " id=\"%s-b%lld\"%s> %s</label>",
                    (long long)units[i].id, form, (long long)units[i].id, on ? " checked" : "",
                    units[i].name);
    }
    HRAW(b, "</div></fieldset>");
}

static void direction_select(Buf *b, const char *form, const PlanStructure *s, int64_t current)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-direction\">%s</label><select id=\"%s-"
                "direction\" name=\"direction_id\">",
                form, s->plan.level1, form);
    for (int i = 0; i < s->ndirections; i++)
        html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)s->directions[i].id,
                    s->directions[i].id == current ? " selected" : "", s->directions[i].label);
    HRAW(b, "</select></div>");
}

static void write_initiative(Request *req, Buf *b, const PlanStructure *s, const OrgUnit *units,
                             int nunits, const StructInitiative *in, const FormError *err)
{
    const char *form = arena_printf(req->arena, "i-%lld", (long long)in->id);
    html_printf(b, "<li id=\"%s\" class=\"initiative%s\"><details%s><summary>%s %s", form,
                in->retired_fy ? " retired" : "", setup_form_is(err, form) ? " open" : "",
                in->number, in->title);
    if (in->retired_fy)
        html_printf(b, " <span class=\"tag\">%s</span>",
                    page_fill(req, M_PLAN_RETIRED_FROM, page_fy_name(req, in->retired_fy)));
    HRAW(b, "</summary>");
    setup_form_start(req, b, arena_printf(req->arena, "/initiatives/%lld", (long long)in->id), form,
                     err, "stack");
    direction_select(b, form, s, in->direction_id);
    setup_text_field(req, b, form, "number", M_PLAN_NUMBER, in->number, true);
    setup_area_field(req, b, form, "title", M_PLAN_INITIATIVE_TITLE, in->title);
    setup_area_field(req, b, form, "content", M_PLAN_CONTENT, in->content);
    bureau_boxes(req, b, form, units, nunits, in);
    setup_submit(req, b, M_PLAN_SAVE, false);
    html_printf(b, "<div class=\"row-actions\">");
    move_buttons(req, b, "initiatives", in->id);
    retire_form(req, b, "initiatives", in->id, in->retired_fy, err);
    HRAW(b, "</div></details></li>\n");
}

static void write_direction(Request *req, Buf *b, const PlanStructure *s, const OrgUnit *units,
                            int nunits, const StructDirection *d, const FormError *err)
{
    Lang L = req->lang;
    const char *form = arena_printf(req->arena, "d-%lld", (long long)d->id);
    html_printf(b, "<section class=\"panel direction%s\" id=\"%s\"><h3>%s %s",
                d->retired_fy ? " retired" : "", form, d->label, d->title);
    if (d->retired_fy)
        html_printf(b, " <span class=\"tag\">%s</span>",
                    page_fill(req, M_PLAN_RETIRED_FROM, page_fy_name(req, d->retired_fy)));
    HRAW(b, "</h3>");
    setup_form_start(req, b, arena_printf(req->arena, "/directions/%lld", (long long)d->id), form,
                     err, "stack compact");
    setup_text_field(req, b, form, "label", M_PLAN_DIRECTION_LABEL, d->label, true);
    setup_text_field(req, b, form, "title", M_PLAN_DIRECTION_TITLE, d->title, false);
    setup_submit(req, b, M_PLAN_SAVE, false);
    html_printf(b, "<div class=\"row-actions\">");
    move_buttons(req, b, "directions", d->id);
    retire_form(req, b, "directions", d->id, d->retired_fy, err);
    HRAW(b, "</div>");
    html_printf(b, "<h4>%s</h4>", s->plan.level2);
    if (d->ninitiatives == 0)
        html_printf(b, "<p class=\"empty-state\">%s</p>", msg(L, M_PLAN_NO_INITIATIVES));
    else {
        HRAW(b, "<ol class=\"initiatives\">");
        for (int j = 0; j < d->ninitiatives; j++)
            write_initiative(req, b, s, units, nunits, &d->initiatives[j], err);
        HRAW(b, "</ol>");
    }
    /* A new initiative in this direction. */
    const char *add = arena_printf(req->arena, "new-i-%lld", (long long)d->id);
    html_printf(b, "<details%s><summary>%s</summary>", setup_form_is(err, add) ? " open" : "",
                page_fill(req, M_PLAN_ADD_INITIATIVE, s->plan.level2));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/initiatives", (long long)s->id),
                     add, err, "stack");
    html_printf(b, "<input type=\"hidden\" name=\"direction_id\" value=\"%lld\">",
                (long long)d->id);
    setup_text_field(req, b, add, "number", M_PLAN_NUMBER, NULL, true);
    setup_area_field(req, b, add, "title", M_PLAN_INITIATIVE_TITLE, NULL);
    setup_area_field(req, b, add, "content", M_PLAN_CONTENT, NULL);
    bureau_boxes(req, b, add, units, nunits, NULL);
    setup_submit(req, b, M_PLAN_ADD, true);
    HRAW(b, "</details></section>\n");
}

static void write_structure(Request *req, Response *res, int64_t plan_id, const FormError *err)
{
    Lang L = req->lang;
    PlanStructure s;
    Err e = plan_structure(req->db, req->arena, page_user(req), plan_id, &s);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    if (!principal_runs_plan(page_user(req), plan_id)) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    OrgUnit *units = NULL;
    int nunits = 0;
    org_list(req->db, req->arena, s.plan.to_fy, &units, &nunits);
    Buf *b = &res->body;
    const char *title = page_fill(req, M_PLAN_STRUCTURE_FOR, s.plan.title);
    page_begin(req, res, title);
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s</h1>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/"), msg(L, M_PLAN_LIST_TITLE), title, title);
    if (err)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", err->message);
    else if (req_param(req, "saved"))
        form_notice(b, msg(L, M_PLAN_SAVED));
    html_printf(b, "<p><a href=\"%s\">%s</a></p>",
                page_url(req, arena_printf(req->arena, "/plans/%lld/sheet", (long long)plan_id)),
                msg(L, M_PLAN_SEE_SHEET));
    html_printf(b, "<p><a href=\"%s\">%s</a></p>",
                page_url(req, arena_printf(req->arena, "/plans/%lld/fields", (long long)plan_id)),
                msg(L, M_FD_LINK));
    html_printf(b, "<p><a href=\"%s\">%s</a></p>",
                page_url(req, arena_printf(req->arena, "/plans/%lld/projects", (long long)plan_id)),
                msg(L, M_PRJ_LINK_TEXT));
    html_printf(
        b, "<p><a href=\"%s\">%s</a></p>",
        page_url(req, arena_printf(req->arena, "/plans/%lld/indicators", (long long)plan_id)),
        msg(L, M_IND_LINK));
    html_printf(
        b, "<p><a href=\"%s\">%s</a></p>",
        page_url(req, arena_printf(req->arena, "/plans/%lld/initiatives/bulk", (long long)plan_id)),
        msg(L, M_BULK_LINK));

    html_printf(b, "<section class=\"panel\" id=\"plan\"><h2>%s</h2>", msg(L, M_PLAN_SETTINGS));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld", (long long)plan_id), "plan",
                     err, "stack");
    write_plan_fields(req, b, "plan", &s.plan);
    setup_submit(req, b, M_PLAN_SAVE, true);
    HRAW(b, "</section>\n");

    html_printf(b, "<h2>%s</h2>", s.plan.level1);
    if (s.ndirections == 0)
        html_printf(b, "<p class=\"empty-state\">%s</p>", msg(L, M_PLAN_NO_DIRECTIONS));
    for (int i = 0; i < s.ndirections; i++)
        write_direction(req, b, &s, units, nunits, &s.directions[i], err);

    html_printf(b, "<section class=\"panel\" id=\"new-direction\"><h2>%s</h2>",
                page_fill(req, M_PLAN_ADD_DIRECTION, s.plan.level1));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/directions", (long long)plan_id),
                     "new-direction", err, "stack");
    setup_text_field(req, b, "new-direction", "label", M_PLAN_DIRECTION_LABEL, NULL, true);
    setup_text_field(req, b, "new-direction", "title", M_PLAN_DIRECTION_TITLE, NULL, false);
    setup_submit(req, b, M_PLAN_ADD, true);
    HRAW(b, "</section>\n");

    html_printf(b, "<section class=\"panel\" id=\"renumber\"><h2>%s</h2><p>%s</p>",
                msg(L, M_PLAN_RENUMBER), msg(L, M_PLAN_RENUMBER_HELP));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/renumber", (long long)plan_id),
                     "renumber", err, "inline");
    setup_submit(req, b, M_PLAN_RENUMBER, false);
    HRAW(b, "</section>\n");

    if (principal_is_admin(page_user(req))) {
        html_printf(b, "<section class=\"panel\" id=\"copy\"><h2>%s</h2><p>%s</p>",
                    msg(L, M_PLAN_COPY), msg(L, M_PLAN_COPY_HELP));
        setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/copy", (long long)plan_id),
                         "copy", err, "stack");
        setup_text_field(req, b, "copy", "title", M_PLAN_TITLE, NULL, true);
        setup_text_field(req, b, "copy", "from_fy", M_PLAN_FROM_FY, NULL, true);
        setup_text_field(req, b, "copy", "to_fy", M_PLAN_TO_FY, NULL, true);
        setup_submit(req, b, M_PLAN_COPY, false);
        HRAW(b, "</section>\n");
    }
    page_end(req, res);
}

void page_plan_structure(Request *req, Response *res)
{
    write_structure(req, res, req->ids[0], NULL);
}

/* ---------- The actions ---------- */

/* A year that is missing or unreadable stays 0 or -1: the model refuses it
 * as a bad period, after it has checked who is asking. */
static PlanInput plan_input(const Input *in)
{
    int from = input_fy(in, "from_fy"), to = input_fy(in, "to_fy");
    return (PlanInput){input_str(in, "title"),
                       input_str(in, "subtitle"),
                       from,
                       to,
                       input_str(in, "period_label"),
                       input_str(in, "level1"),
                       input_str(in, "level2"),
                       input_str(in, "chapter_label"),
                       input_str(in, "baseline_label"),
                       input_str(in, "related_label"),
                       input_str(in, "progress_label")};
}

static void write_new_plan_form(Request *req, Response *res, const PlanInput *p, const char *err)
{
    Lang L = req->lang;
    Buf *b = &res->body;
    page_begin(req, res, msg(L, M_PLAN_NEW));
    html_printf(b, "<div class=\"narrow\"><h1>%s</h1><p>%s</p>", msg(L, M_PLAN_NEW),
                msg(L, M_PLAN_NEW_HELP));
    if (err)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", err);
    setup_form_start(req, b, "/plans", "new-plan", NULL, "stack");
    write_plan_fields(req, b, "new-plan", p);
    setup_submit(req, b, M_PLAN_CREATE, true);
    HRAW(b, "</div>\n");
    page_end(req, res);
}

void page_plan_new(Request *req, Response *res)
{
    if (!principal_is_admin(page_user(req))) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    /* The seed's level names as a start, in the reader's language. */
    write_new_plan_form(req, res,
                        &(PlanInput){.level1 = msg(req->lang, M_PLAN_DEFAULT_LEVEL1),
                                     .level2 = msg(req->lang, M_PLAN_DEFAULT_LEVEL2)},
                        NULL);
}

void page_plan_create(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    PlanInput p = plan_input(&in);
    PlanProblem problem = PLAN_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = plan_create(req->db, &by, page_user(req), &p, &id, &problem);
    input_free(&in);
    if (e == ERR_INVALID && !page_is_api(req)) {
        res->status = 400;
        write_new_plan_form(req, res, &p, msg(req->lang, plan_problem_label(problem)));
        return;
    }
    if (e == ERR_OK && !page_is_api(req)) {
        resp_redirect(res, page_url(req, arena_printf(req->arena, "/plans/%lld/structure?saved=1",
                                                      (long long)id)));
        return;
    }
    if (e == ERR_OK) {
        page_send_json(res, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    answer(req, res, e, problem, 0, 0, "plan", "plan");
}

void page_plan_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    PlanInput p = plan_input(&in);
    PlanProblem problem = PLAN_OK;
    Actor by = page_actor(req);
    Err e = plan_update(req->db, &by, page_user(req), req->ids[0], &p, &problem);
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], 0, "plan", "plan");
}

void page_direction_add(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    PlanProblem problem = PLAN_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = direction_add(req->db, &by, page_user(req), req->ids[0], input_str(&in, "label"),
                          input_str(&in, "title"), &id, &problem);
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], id, "new-direction",
           arena_printf(req->arena, "d-%lld", (long long)id));
}

void page_direction_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    PlanProblem problem = PLAN_OK;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = direction_update(req->db, &by, page_user(req), id, input_str(&in, "label"),
                             input_str(&in, "title"), &problem);
    input_free(&in);
    const char *form = arena_printf(req->arena, "d-%lld", (long long)id);
    answer(req, res, e, problem, direction_plan(req->db, id), id, form, form);
}

static InitiativeInput initiative_input(Request *req, const Input *in)
{
    int64_t *bureaus = ARENA_ARRAY(req->arena, int64_t, PLAN_MAX_BUREAUS + 1);
    int n = in_bureaus(in, bureaus);
    return (InitiativeInput){input_id(in, "direction_id"),
                             input_str(in, "number"),
                             input_str(in, "title"),
                             input_str(in, "content"),
                             bureaus,
                             n};
}

void page_initiative_add(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    InitiativeInput i = initiative_input(req, &in);
    PlanProblem problem = PLAN_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = initiative_add(req->db, &by, page_user(req), req->ids[0], &i, &id, &problem);
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], id,
           arena_printf(req->arena, "new-i-%lld", (long long)i.direction_id),
           arena_printf(req->arena, "i-%lld", (long long)id));
}

void page_initiative_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    InitiativeInput i = initiative_input(req, &in);
    PlanProblem problem = PLAN_OK;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = initiative_update(req->db, &by, page_user(req), id, &i, &problem);
    input_free(&in);
    const char *form = arena_printf(req->arena, "i-%lld", (long long)id);
    answer(req, res, e, problem, initiative_plan(req->db, id), id, form, form);
}

static void move_action(Request *req, Response *res, bool initiative)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    const char *d = input_str(&in, "delta");
    int delta = d && atoi(d) < 0 ? -1 : 1;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = initiative ? initiative_move(req->db, &by, page_user(req), id, delta)
                       : direction_move(req->db, &by, page_user(req), id, delta);
    input_free(&in);
    int64_t plan = initiative ? initiative_plan(req->db, id) : direction_plan(req->db, id);
    answer(req, res, e, PLAN_OK, plan, id, "",
           arena_printf(req->arena, "%c-%lld", initiative ? 'i' : 'd', (long long)id));
}

void page_direction_move(Request *req, Response *res)
{
    move_action(req, res, false);
}

void page_initiative_move(Request *req, Response *res)
{
    move_action(req, res, true);
}

static void retire_action(Request *req, Response *res, bool initiative)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    int fy = input_fy(&in, "fy");
    int64_t id = req->ids[0];
    PlanProblem problem = PLAN_OK;
    Actor by = page_actor(req);
    Err e = initiative ? initiative_retire(req->db, &by, page_user(req), id, fy, &problem)
                       : direction_retire(req->db, &by, page_user(req), id, fy, &problem);
    input_free(&in);
    int64_t plan = initiative ? initiative_plan(req->db, id) : direction_plan(req->db, id);
    answer(req, res, e, problem, plan, id,
           arena_printf(req->arena, "r-%c-%lld", initiative ? 'i' : 'd', (long long)id),
           arena_printf(req->arena, "%c-%lld", initiative ? 'i' : 'd', (long long)id));
}

void page_direction_retire(Request *req, Response *res)
{
    retire_action(req, res, false);
}

void page_initiative_retire(Request *req, Response *res)
{
    retire_action(req, res, true);
}

void page_plan_renumber(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    input_free(&in);
    Actor by = page_actor(req);
    Err e = plan_renumber(req->db, &by, page_user(req), req->ids[0]);
    answer(req, res, e, PLAN_OK, req->ids[0], 0, "renumber", "renumber");
}

void page_plan_copy(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    int from = input_fy(&in, "from_fy"), to = input_fy(&in, "to_fy");
    PlanProblem problem = PLAN_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = plan_copy(req->db, &by, page_user(req), req->ids[0], input_str(&in, "title"), from, to,
                      &id, &problem);
    input_free(&in);
    if (e == ERR_OK && !page_is_api(req)) {
        resp_redirect(res, page_url(req, arena_printf(req->arena, "/plans/%lld/structure?saved=1",
                                                      (long long)id)));
        return;
    }
    if (e == ERR_OK) {
        page_send_json(res, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    answer(req, res, e, problem, req->ids[0], 0, "copy", "copy");
}

/* ---------- GET /api/v1/plans/{id}/structure ---------- */

static json_t *initiative_json(const StructInitiative *in)
{
    json_t *bureaus = json_array();
    for (int k = 0; k < in->nbureaus; k++)
        json_array_append_new(bureaus, json_pack("{s:I, s:s}", "id", (json_int_t)in->bureaus[k],
                                                 "name", in->bureau_names[k]));
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)in->id, "number", in->number,
                  "title", in->title, "content", in->content, "bureaus", bureaus);
    json_object_set_new(o, "retired_fy",
                        in->retired_fy ? json_integer(in->retired_fy) : json_null());
    return o;
}

void api_plan_structure(Request *req, Response *res)
{
    PlanStructure s;
    Err e = plan_structure(req->db, req->arena, req->user, req->ids[0], &s);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    json_t *dirs = json_array();
    for (int i = 0; i < s.ndirections; i++) {
        const StructDirection *d = &s.directions[i];
        json_t *ins = json_array();
        for (int j = 0; j < d->ninitiatives; j++)
            json_array_append_new(ins, initiative_json(&d->initiatives[j]));
        json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)d->id, "label", d->label,
                              "title", d->title, "initiatives", ins);
        json_object_set_new(o, "retired_fy",
                            d->retired_fy ? json_integer(d->retired_fy) : json_null());
        json_array_append_new(dirs, o);
    }
    const PlanInput *p = &s.plan;
    page_send_json(
        res, 200,
        json_pack("{s:I, s:s, s:s, s:i, s:i, s:s, s:[s, s], s:{s:s, s:s, s:s, s:s}, s:b, "
                  "s:o}",
                  "id", (json_int_t)s.id, "title", p->title, "subtitle", p->subtitle, "from_fy",
                  p->from_fy, "to_fy", p->to_fy, "period_label", p->period_label, "levels",
                  p->level1, p->level2, "labels", "chapter", p->chapter_label, "baseline",
                  p->baseline_label, "related", p->related_label, "progress", p->progress_label,
                  "published", s.published, "directions", dirs));
}
