/* A plan's fields and rating scales in the browser and through the JSON API,
 * one handler per action as in plan_admin.c: a form post answers with a
 * redirect (or the page again, the message at the form that was wrong), an
 * API call with JSON. The model (model/field_edit.c) checks rights and input.
 *
 *   GET  /plans/{id}/fields                      scales and fields, editable
 *   POST /plans/{id}/scales, /scales/{id}        add, edit a scale and its grades
 *   POST /scales/{id}/remove                     remove one no field uses
 *   POST /plans/{id}/fields, /fields/{id}        add, edit a field
 *   POST /fields/{id}/move                       up (delta=-1) or down
 *   POST /fields/{id}/retire                     retired=1: not asked by new rounds; 0: back
 *   POST /fields/{id}/remove                     remove one no round asked
 * and the same under /api/v1 with a JSON body; GET /api/v1/plans/{id}/fields. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/html.h"
#include "model/field_edit.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/input.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/setup_form.h"

enum { BLANK_GRADE_ROWS = 2, NEW_SCALE_ROWS = 4 };

/* ---------- Input from a form or a JSON body ---------- */

/* A checkbox ("1") or a JSON true. */
static bool in_bool(const Input *in, const char *name)
{
    if (in->json)
        return json_is_true(json_object_get(in->json, name));
    const char *s = req_form(in->req, name);
    return s && (strcmp(s, "1") == 0 || strcmp(s, "on") == 0);
}

/* A character limit: 0 if empty, -1 if not a whole number the model takes. */
static int in_limit(const Input *in, const char *name)
{
    const char *s = input_str(in, name);
    char *end;
    if (!s || !*s)
        return 0;
    long v = strtol(s, &end, 10);
    return !*end && v >= 0 && v <= FIELD_CHARS_LIMIT ? (int)v : -1;
}

/* A JSON value as text: a number's digits, a string as it is, else "". */
static const char *json_text(Request *req, json_t *v)
{
    if (json_is_integer(v))
        return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return arena_printf(req->arena, "%g", json_real_value(v));
    return json_is_string(v) ? json_string_value(v) : "";
}

/* The grades of a JSON body: "grades": [{"code", "label", "points", "description"}]. */
static int json_grades(Request *req, json_t *body, GradeInput *out)
{
    json_t *g;
    size_t i;
    int n = 0;
    json_array_foreach(json_object_get(body, "grades"), i, g)
    {
        if (n > SCALE_MAX_GRADES)
            break; /* the model refuses so many */
        out[n++] = (GradeInput){json_text(req, json_object_get(g, "code")),
                                json_text(req, json_object_get(g, "label")),
                                json_text(req, json_object_get(g, "points")),
                                json_text(req, json_object_get(g, "description"))};
    }
    return n;
}

/* The i-th value of a repeated form field, or "". */
static const char *nth(const Request *req, const char *name, int i)
{
    for (int k = 0; k < req->nform; k++)
        if (strcmp(req->form[k].name, name) == 0 && i-- == 0)
            return req->form[k].value;
    return "";
}

static int form_count(const Request *req, const char *name)
{
    int n = 0;
    for (int k = 0; k < req->nform; k++)
        n += strcmp(req->form[k].name, name) == 0;
    return n;
}

/* The grade rows of a form, in the order their 順番 says (rows without one
 * keep their place after those with), blank rows left out. */
static int form_grades(const Request *req, GradeInput *out)
{
    int rows = form_count(req, "g_code"), n = 0;
    long order[SCALE_MAX_GRADES + 1];
    for (int i = 0; i < rows && n <= SCALE_MAX_GRADES; i++) {
        GradeInput g = {nth(req, "g_code", i), nth(req, "g_label", i), nth(req, "g_points", i),
                        nth(req, "g_desc", i)};
        if (!*g.code && !*g.label && !*g.points && !*g.description)
            continue;
        const char *o = nth(req, "g_order", i);
        long place = *o ? strtol(o, NULL, 10) : 1000 + i;
        int at = n++;
        while (at > 0 && order[at - 1] > place) {
            out[at] = out[at - 1], order[at] = order[at - 1];
            at--;
        }
        out[at] = g, order[at] = place;
    }
    return n;
}

static ScaleInput scale_input(const Input *in)
{
    GradeInput *grades = ARENA_ARRAY(in->req->arena, GradeInput, SCALE_MAX_GRADES + 1);
    int n = in->json ? json_grades(in->req, in->json, grades) : form_grades(in->req, grades);
    return (ScaleInput){input_str(in, "name"), grades, n};
}

static FieldInput field_input(const Input *in)
{
    const char *cp = input_str(in, "checkpoint");
    return (FieldInput){.label = input_str(in, "label"),
                        .kind = input_str(in, "kind"),
                        .max_chars = in_limit(in, "max_chars"),
                        .unit = input_str(in, "unit"),
                        .scale_id = input_id(in, "scale_id"),
                        .at_year_end = cp && strcmp(cp, "end") == 0,
                        .required = in_bool(in, "required"),
                        .example = input_str(in, "example")};
}

/* ---------- Answers ---------- */

static const MsgId problem_msgs[] = {
    [FD_OK] = M_PLAN_SAVED,
    [FD_MISSING] = M_ERR_REQUIRED,
    [FD_TOO_LONG] = M_PLAN_ERR_TOO_LONG,
    [FD_BAD_TEXT] = M_PLAN_ERR_BAD_TEXT,
    [FD_NAME_TAKEN] = M_FD_ERR_NAME_TAKEN,
    [FD_CODE_TAKEN] = M_FD_ERR_CODE_TAKEN,
    [FD_NO_GRADES] = M_FD_ERR_NO_GRADES,
    [FD_BAD_POINTS] = M_FD_ERR_POINTS,
    [FD_GRADE_IN_USE] = M_FD_ERR_GRADE_IN_USE,
    [FD_SCALE_IN_USE] = M_FD_ERR_SCALE_IN_USE,
    [FD_BAD_KIND] = M_FD_ERR_KIND,
    [FD_BAD_SCALE] = M_FD_ERR_SCALE,
    [FD_BAD_LIMIT] = M_FD_ERR_LIMIT,
    [FD_HAS_ANSWERS] = M_FD_ERR_HAS_ANSWERS,
    [FD_LABEL_TAKEN] = M_FD_ERR_LABEL_TAKEN,
};

static const char *const problem_codes[] = {
    [FD_OK] = "ok",
    [FD_MISSING] = "required",
    [FD_TOO_LONG] = "too_long",
    [FD_BAD_TEXT] = "bad_text",
    [FD_NAME_TAKEN] = "name_taken",
    [FD_CODE_TAKEN] = "code_taken",
    [FD_NO_GRADES] = "no_grades",
    [FD_BAD_POINTS] = "bad_points",
    [FD_GRADE_IN_USE] = "grade_in_use",
    [FD_SCALE_IN_USE] = "scale_in_use",
    [FD_BAD_KIND] = "bad_kind",
    [FD_BAD_SCALE] = "bad_scale",
    [FD_BAD_LIMIT] = "bad_limit",
    [FD_HAS_ANSWERS] = "has_answers",
    [FD_LABEL_TAKEN] = "label_taken",
};

static void write_page(Request *req, Response *res, int64_t plan_id, const FormError *err);

/* The answer to an action on plan_id: a redirect to the page (anchor at what
 * changed) or JSON; a refusal at its form or as a JSON error. */
static void answer(Request *req, Response *res, Err e, FieldDefProblem problem, int64_t plan_id,
                   int64_t id, const char *form, const char *anchor)
{
    setup_answer(
        req, res, e, problem_codes[problem], problem_msgs[problem], write_page, plan_id, form,
        id ? id : plan_id, false,
        arena_printf(req->arena, "/plans/%lld/fields?saved=1#%s", (long long)plan_id, anchor));
}

/* ---------- The page ---------- */

/* One grade row of a scale's table; g NULL for a blank row to add one. */
static void grade_row(Request *req, Buf *b, int place, const FieldGrade *g)
{
    Lang L = req->lang;
    const char *order = g ? arena_printf(req->arena, "%d", place) : "";
    html_printf(
        b,
        "<tr><td><input type=\"text\" name=\"g_order\" value=\"%s\" size=\"3\""
        " inputmode=\"numeric\" aria-label=\"%s\"></td>"
        "<td><input type=\"text\" name=\"g_code\" value=\"%s\" size=\"4\" aria-label=\"%s\">"
        "</td><td><input type=\"text\" name=\"g_label\" value=\"%s\" aria-label=\"%s\">"
        "</td><td><input type=\"text\" name=\"g_points\" value=\"%s\" size=\"5\""
        " inputmode=\"decimal\" aria-label=\"%s\"></td><td><input type=\"text\""
        " name=\"g_desc\" value=\"%s\" aria-label=\"%s\"></td></tr>",
        order, msg(L, M_FD_GRADE_ORDER), g ? g->code : "", msg(L, M_FD_GRADE_CODE),
        g ? g->label : "", msg(L, M_FD_GRADE_LABEL), g && g->points ? g->points : "",
        msg(L, M_FD_GRADE_POINTS), g ? g->description : "", msg(L, M_FD_GRADE_DESC));
}

static void grade_table(Request *req, Buf *b, const FieldScale *sc, int blank)
{
    Lang L = req->lang;
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table grade-rows\"><caption>%s"
                "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "</tr></thead><tbody>",
                msg(L, M_FD_GRADES), msg(L, M_FD_GRADE_ORDER), msg(L, M_FD_GRADE_CODE),
                msg(L, M_FD_GRADE_LABEL), msg(L, M_FD_GRADE_POINTS), msg(L, M_FD_GRADE_DESC));
    for (int g = 0; sc && g < sc->ngrades; g++)
        grade_row(req, b, g + 1, &sc->grades[g]);
    for (int i = 0; i < blank; i++)
        grade_row(req, b, 0, NULL);
    HRAW(b, "</tbody></table></div>");
}

static void write_scale(Request *req, Buf *b, const FieldScale *sc, const FormError *err)
{
    const char *form = arena_printf(req->arena, "s-%lld", (long long)sc->id);
    html_printf(b, "<section class=\"panel scale\" id=\"%s\"><h3>%s</h3>", form, sc->name);
    setup_form_start(req, b, arena_printf(req->arena, "/scales/%lld", (long long)sc->id), form, err,
                     "stack");
    setup_text_field(req, b, form, "name", M_FD_SCALE_NAME, sc->name, true);
    grade_table(req, b, sc, BLANK_GRADE_ROWS);
    setup_submit(req, b, M_PLAN_SAVE, false);
    if (!sc->used) {
        const char *rm = arena_printf(req->arena, "%s-remove", form);
        setup_form_start(req, b, arena_printf(req->arena, "/scales/%lld/remove", (long long)sc->id),
                         rm, err, "inline");
        setup_submit(req, b, M_FD_REMOVE, false);
    }
    HRAW(b, "</section>\n");
}

static const MsgId kind_names[] = {M_FD_KIND_TEXT, M_FD_KIND_RATING, M_FD_KIND_NUMBER};
static const char *const kind_codes[] = {"text", "rating", "number"};

static void kind_select(Request *req, Buf *b, const char *form, const char *kind)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-kind\">%s</label><select id=\"%s-kind\""
                " name=\"kind\">",
                form, msg(req->lang, M_FD_KIND), form);
    for (size_t i = 0; i < sizeof(kind_codes) / sizeof(kind_codes[0]); i++)
        html_printf(b, "<option value=\"%s\"%s>%s</option>", kind_codes[i],
                    kind && strcmp(kind, kind_codes[i]) == 0 ? " selected" : "",
                    msg(req->lang, kind_names[i]));
    HRAW(b, "</select></div>");
}

static void scale_select(Request *req, Buf *b, const char *form, const FieldSetup *s, int64_t cur)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-scale\">%s</label><select id=\"%s-scale\""
                " name=\"scale_id\"><option value=\"\">%s</option>",
                form, msg(req->lang, M_FD_SCALE), form, msg(req->lang, M_SUM_NONE));
    for (int i = 0; i < s->nscales; i++)
        html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)s->scales[i].id,
                    s->scales[i].id == cur ? " selected" : "", s->scales[i].name);
    HRAW(b, "</select></div>");
}

/* The inputs of a field; f NULL for a new one. */
static void field_inputs(Request *req, Buf *b, const char *form, const FieldSetup *s,
                         const FieldDef *f)
{
    Lang L = req->lang;
    setup_text_field(req, b, form, "label", M_FD_LABEL, f ? f->label : NULL, true);
    kind_select(req, b, form, f ? f->kind : "text");
    setup_text_field(req, b, form, "max_chars", M_FD_MAX_CHARS,
                     f && f->max_chars ? arena_printf(req->arena, "%d", f->max_chars) : "", false);
    setup_text_field(req, b, form, "unit", M_FD_UNIT, f ? f->unit : NULL, false);
    scale_select(req, b, form, s, f ? f->scale_id : 0);
    bool end = f && f->at_year_end;
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-checkpoint\">%s</label><select"
                " id=\"%s-checkpoint\" name=\"checkpoint\"><option value=\"start\"%s>%s</option>"
                "<option value=\"end\"%s>%s</option></select></div>",
                form, msg(L, M_FD_CHECKPOINT), form, end ? "" : " selected", msg(L, M_CHECK_START),
                end ? " selected" : "", msg(L, M_CHECK_END));
    html_printf(b,
                "<div class=\"field\"><label class=\"check\"><input type=\"checkbox\""
                " name=\"required\" value=\"1\"%s> %s</label></div>",
                f && f->required ? " checked" : "", msg(L, M_FD_REQUIRED));
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-example\">%s <span class=\"tag-optional\">"
                "%s</span></label><textarea id=\"%s-example\" name=\"example\" rows=\"3\">%s"
                "</textarea></div>",
                form, msg(L, M_ANS_EXAMPLE), msg(L, M_OPTIONAL), form, f ? f->example : "");
}

static MsgId kind_name(const char *kind)
{
    for (size_t i = 0; i < sizeof(kind_codes) / sizeof(kind_codes[0]); i++)
        if (strcmp(kind, kind_codes[i]) == 0)
            return kind_names[i];
    return M_FD_KIND_TEXT;
}

static void small_post(Request *req, Buf *b, const char *action, const char *name,
                       const char *value, MsgId label)
{
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"inline\">", page_url(req, action));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<input type=\"hidden\" name=\"%s\" value=\"%s\"><button type=\"submit\""
                " class=\"button secondary small\">%s</button></form>",
                name, value, msg(req->lang, label));
}

static void field_actions(Request *req, Buf *b, const FieldDef *f, const FormError *err)
{
    long long id = (long long)f->id;
    HRAW(b, "<div class=\"row-actions\">");
    const char *move = arena_printf(req->arena, "/fields/%lld/move", id);
    small_post(req, b, move, "delta", "-1", M_PLAN_MOVE_UP);
    small_post(req, b, move, "delta", "1", M_PLAN_MOVE_DOWN);
    small_post(req, b, arena_printf(req->arena, "/fields/%lld/retire", id), "retired",
               f->retired ? "0" : "1", f->retired ? M_FD_UNRETIRE : M_FD_RETIRE);
    if (f->asked) {
        html_printf(b, "<p class=\"help\">%s</p>", msg(req->lang, M_FD_ASKED_HELP));
    } else {
        const char *rm = arena_printf(req->arena, "f-%lld-remove", id);
        setup_form_start(req, b, arena_printf(req->arena, "/fields/%lld/remove", id), rm, err,
                         "inline");
        setup_submit(req, b, M_FD_REMOVE, false);
    }
    HRAW(b, "</div>");
}

static void write_field(Request *req, Buf *b, const FieldSetup *s, const FieldDef *f,
                        const FormError *err)
{
    Lang L = req->lang;
    const char *form = arena_printf(req->arena, "f-%lld", (long long)f->id);
    bool open =
        setup_form_is(err, form) || setup_form_is(err, arena_printf(req->arena, "%s-remove", form));
    html_printf(b,
                "<li id=\"%s\" class=\"field-def%s\"><details%s><summary>%s <span class=\"tag\">"
                "%s</span> <span class=\"tag\">%s</span>",
                form, f->retired ? " retired" : "", open ? " open" : "", f->label,
                msg(L, kind_name(f->kind)), msg(L, f->at_year_end ? M_CHECK_END : M_CHECK_START));
    if (f->retired)
        html_printf(b, " <span class=\"tag\">%s</span>", msg(L, M_FD_RETIRED));
    HRAW(b, "</summary>");
    setup_form_start(req, b, arena_printf(req->arena, "/fields/%lld", (long long)f->id), form, err,
                     "stack");
    field_inputs(req, b, form, s, f);
    setup_submit(req, b, M_PLAN_SAVE, false);
    field_actions(req, b, f, err);
    HRAW(b, "</details></li>\n");
}

static void write_scales(Request *req, Buf *b, const FieldSetup *s, const FormError *err)
{
    Lang L = req->lang;
    html_printf(b, "<h2 id=\"scales\">%s</h2><p class=\"help\">%s</p>", msg(L, M_FD_SCALES),
                msg(L, M_FD_SCALES_HELP));
    if (s->nscales == 0)
        html_printf(b, "<p class=\"empty-state\">%s</p>", msg(L, M_FD_NO_SCALES));
    for (int i = 0; i < s->nscales; i++)
        write_scale(req, b, &s->scales[i], err);
    html_printf(b, "<section class=\"panel\" id=\"new-scale\"><h3>%s</h3>", msg(L, M_FD_ADD_SCALE));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/scales", (long long)s->plan_id),
                     "new-scale", err, "stack");
    setup_text_field(req, b, "new-scale", "name", M_FD_SCALE_NAME, NULL, true);
    grade_table(req, b, NULL, NEW_SCALE_ROWS);
    setup_submit(req, b, M_PLAN_ADD, true);
    HRAW(b, "</section>\n");
}

static void write_fields(Request *req, Buf *b, const FieldSetup *s, const FormError *err)
{
    Lang L = req->lang;
    html_printf(b, "<h2 id=\"fields\">%s</h2>", msg(L, M_FD_FIELDS));
    if (s->nfields == 0)
        html_printf(b, "<p class=\"empty-state\">%s</p>", msg(L, M_FD_NO_FIELDS));
    else {
        HRAW(b, "<ol class=\"field-defs\">");
        for (int i = 0; i < s->nfields; i++)
            write_field(req, b, s, &s->fields[i], err);
        HRAW(b, "</ol>");
    }
    html_printf(b, "<section class=\"panel\" id=\"new-field\"><h3>%s</h3>", msg(L, M_FD_ADD_FIELD));
    setup_form_start(req, b, arena_printf(req->arena, "/plans/%lld/fields", (long long)s->plan_id),
                     "new-field", err, "stack");
    field_inputs(req, b, "new-field", s, NULL);
    setup_submit(req, b, M_PLAN_ADD, true);
    HRAW(b, "</section>\n");
}

static void write_page(Request *req, Response *res, int64_t plan_id, const FormError *err)
{
    Lang L = req->lang;
    FieldSetup s;
    Err e = field_setup_load(req->db, req->arena, page_user(req), plan_id, &s);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    Buf *b = &res->body;
    const char *title = page_fill(req, M_FD_TITLE, s.plan_title);
    page_begin(req, res, title);
    html_printf(
        b,
        "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
        "<li><a href=\"%s\">%s</a></li><li aria-current=\"page\">%s</li></ol></nav>\n"
        "<h1>%s</h1>\n",
        msg(L, M_BREADCRUMB), page_url(req, "/"), msg(L, M_PLAN_LIST_TITLE),
        page_url(req, arena_printf(req->arena, "/plans/%lld/structure", (long long)plan_id)),
        page_fill(req, M_PLAN_STRUCTURE_FOR, s.plan_title), title, title);
    if (err)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", err->message);
    else if (req_param(req, "saved"))
        form_notice(b, msg(L, M_PLAN_SAVED));
    write_fields(req, b, &s, err);
    write_scales(req, b, &s, err);
    page_end(req, res);
}

void page_fields(Request *req, Response *res)
{
    write_page(req, res, req->ids[0], NULL);
}

/* ---------- The actions ---------- */

void page_scale_add(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    ScaleInput sc = scale_input(&in);
    FieldDefProblem problem = FD_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = scale_add(req->db, &by, page_user(req), req->ids[0], &sc, &id, &problem);
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], id, "new-scale",
           arena_printf(req->arena, "s-%lld", (long long)id));
}

void page_scale_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    ScaleInput sc = scale_input(&in);
    FieldDefProblem problem = FD_OK;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = scale_update(req->db, &by, page_user(req), id, &sc, &problem);
    input_free(&in);
    const char *form = arena_printf(req->arena, "s-%lld", (long long)id);
    answer(req, res, e, problem, scale_plan(req->db, id), id, form, form);
}

void page_scale_remove(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    input_free(&in);
    FieldDefProblem problem = FD_OK;
    int64_t id = req->ids[0], plan = scale_plan(req->db, id);
    Actor by = page_actor(req);
    Err e = scale_remove(req->db, &by, page_user(req), id, &problem);
    answer(req, res, e, problem, plan, id, arena_printf(req->arena, "s-%lld-remove", (long long)id),
           "scales");
}

void page_field_add(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    FieldInput f = field_input(&in);
    FieldDefProblem problem = FD_OK;
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = field_add(req->db, &by, page_user(req), req->ids[0], &f, &id, &problem);
    input_free(&in);
    answer(req, res, e, problem, req->ids[0], id, "new-field",
           arena_printf(req->arena, "f-%lld", (long long)id));
}

void page_field_update(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    FieldInput f = field_input(&in);
    FieldDefProblem problem = FD_OK;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = field_update(req->db, &by, page_user(req), id, &f, &problem);
    input_free(&in);
    const char *form = arena_printf(req->arena, "f-%lld", (long long)id);
    answer(req, res, e, problem, field_plan(req->db, id), id, form, form);
}

void page_field_move(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    const char *d = input_str(&in, "delta");
    int delta = d && atoi(d) < 0 ? -1 : 1;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = field_move(req->db, &by, page_user(req), id, delta);
    input_free(&in);
    answer(req, res, e, FD_OK, field_plan(req->db, id), id, "",
           arena_printf(req->arena, "f-%lld", (long long)id));
}

void page_field_retire(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    const char *r = input_str(&in, "retired");
    bool retired =
        in.json ? json_is_true(json_object_get(in.json, "retired")) : r && strcmp(r, "1") == 0;
    int64_t id = req->ids[0];
    Actor by = page_actor(req);
    Err e = field_retire(req->db, &by, page_user(req), id, retired);
    input_free(&in);
    answer(req, res, e, FD_OK, field_plan(req->db, id), id, "",
           arena_printf(req->arena, "f-%lld", (long long)id));
}

void page_field_remove(Request *req, Response *res)
{
    Input in;
    if (!input_read(req, res, &in))
        return;
    input_free(&in);
    FieldDefProblem problem = FD_OK;
    int64_t id = req->ids[0], plan = field_plan(req->db, id);
    Actor by = page_actor(req);
    Err e = field_remove(req->db, &by, page_user(req), id, &problem);
    answer(req, res, e, problem, plan, id, arena_printf(req->arena, "f-%lld-remove", (long long)id),
           "fields");
}

/* ---------- GET /api/v1/plans/{id}/fields ---------- */

static json_t *scale_json(const FieldScale *sc)
{
    json_t *grades = json_array();
    for (int g = 0; g < sc->ngrades; g++) {
        const FieldGrade *gr = &sc->grades[g];
        json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)gr->id, "code", gr->code,
                              "label", gr->label, "description", gr->description);
        json_object_set_new(o, "points",
                            gr->points ? json_real(strtod(gr->points, NULL)) : json_null());
        json_array_append_new(grades, o);
    }
    return json_pack("{s:I, s:s, s:b, s:o}", "id", (json_int_t)sc->id, "name", sc->name, "used",
                     sc->used, "grades", grades);
}

static json_t *field_json(const FieldDef *f)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:b}", "id", (json_int_t)f->id,
                          "key", f->key, "label", f->label, "kind", f->kind, "checkpoint",
                          f->at_year_end ? "end" : "start", "required", f->required, "example",
                          f->example, "retired", f->retired, "asked", f->asked);
    json_object_set_new(o, "max_chars", f->max_chars ? json_integer(f->max_chars) : json_null());
    json_object_set_new(o, "unit", *f->unit ? json_string(f->unit) : json_null());
    json_object_set_new(o, "scale_id", f->scale_id ? json_integer(f->scale_id) : json_null());
    return o;
}

void api_plan_fields(Request *req, Response *res)
{
    FieldSetup s;
    Err e = field_setup_load(req->db, req->arena, page_user(req), req->ids[0], &s);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    json_t *scales = json_array(), *fields = json_array();
    for (int i = 0; i < s.nscales; i++)
        json_array_append_new(scales, scale_json(&s.scales[i]));
    for (int i = 0; i < s.nfields; i++)
        json_array_append_new(fields, field_json(&s.fields[i]));
    page_send_json(res, 200,
                   json_pack("{s:I, s:o, s:o}", "plan_id", (json_int_t)s.plan_id, "scales", scales,
                             "fields", fields));
}
