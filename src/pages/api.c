/* The JSON API: the same model as the pages, for other systems. Built with
 * jansson, never with printf. */
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include "base/era.h"
#include "base/log.h"
#include "model/plan.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/sheet_query.h"

static void send_json(Response *res, json_t *root)
{
    res->content_type = "application/json";
    char *text = json_dumps(root, JSON_COMPACT);
    buf_puts(&res->body, text);
    buf_putc(&res->body, '\n');
    free(text);
    json_decref(root);
}

static json_t *fy_json(int fy)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, ERA_JAPANESE, 0);
    json_t *j = json_pack("{s:i, s:s}", "fiscal_year", fy, "label", b.data);
    buf_free(&b);
    return j;
}

void api_plans(Request *req, Response *res)
{
    PlanSummary *plans;
    int n;
    if (plan_list(req->db, req->arena, req->user, &plans, &n) != ERR_OK) {
        log_error("plan list: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        const PlanSummary *p = &plans[i];
        json_array_append_new(
            list,
            json_pack("{s:I, s:s, s:s, s:{s:o, s:o, s:s}, s:i, s:i, s:s}", "id", (json_int_t)p->id,
                      "title", p->title, "subtitle", p->subtitle, "period", "from",
                      fy_json(p->from_fy), "to", fy_json(p->to_fy), "label", p->period_label,
                      "initiatives", p->initiatives, "projects", p->projects, "sheet_url",
                      arena_printf(req->arena, "/api/v1/plans/%lld/sheet", (long long)p->id)));
    }
    send_json(res, json_pack("{s:o}", "plans", list));
}

static json_t *strings(const char **v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

/* A project's answers by year and field key; with statuses, beside them
 * "statuses" in the same shape: each value's status (confirmed, draft,
 * submitted, returned) or null where there is no value (answers=all). */
static json_t *project_json(const Sheet *s, const SheetProject *p, bool statuses)
{
    json_t *answers = json_object(), *states = statuses ? json_object() : NULL;
    for (int y = 0; y < s->nyears; y++) {
        json_t *year = json_object(), *year_states = statuses ? json_object() : NULL;
        for (int f = 0; f < s->nfields; f++) {
            int i = sheet_value_index(s, y, f);
            const char *v = p->values[i];
            json_object_set_new(year, s->fields[f].key, v ? json_string(v) : json_null());
            if (year_states) {
                const char *st = v && p->statuses ? p->statuses[i] : NULL;
                json_object_set_new(year_states, s->fields[f].key,
                                    st ? json_string(st) : json_null());
            }
        }
        char key[16];
        snprintf(key, sizeof(key), "%d", s->years[y]);
        json_object_set_new(answers, key, year);
        if (states)
            json_object_set_new(states, key, year_states);
    }
    json_t *j = json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:s, s:s, s:o}", "id",
                          (json_int_t)p->id, "bureau", "id", (json_int_t)p->bureau_id, "name",
                          p->bureau, "section", "id", (json_int_t)p->section_id, "name", p->section,
                          "name", p->name, "summary", p->summary, "answers", answers);
    if (j && states)
        json_object_set_new(j, "statuses", states);
    else
        json_decref(states);
    return j;
}

void api_sheet(Request *req, Response *res)
{
    Sheet s;
    SheetQuery q;
    EraStyle era;
    if (!sheet_query_load(req, res, &s, &q, &era))
        return;
    json_t *years = json_array(), *fields = json_array(), *inits = json_array();
    for (int y = 0; y < s.nyears; y++)
        json_array_append_new(years, fy_json(s.years[y]));
    for (int f = 0; f < s.nfields; f++)
        json_array_append_new(fields, json_pack("{s:s, s:s, s:s, s:s?}", "key", s.fields[f].key,
                                                "label", s.fields[f].label, "checkpoint",
                                                s.fields[f].at_year_end ? "end" : "start",
                                                "example", s.fields[f].example));
    for (int i = 0; i < s.ninitiatives; i++) {
        const SheetInitiative *in = &s.initiatives[i];
        if (in->is_example)
            continue; /* the examples are in "fields" */
        json_t *projects = json_array();
        for (int j = 0; j < in->nprojects; j++)
            json_array_append_new(projects, project_json(&s, &in->projects[j], q.all_answers));
        json_array_append_new(
            inits,
            json_pack("{s:I, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)in->id,
                      "direction", "id", (json_int_t)(in->direction ? in->direction->id : 0),
                      "label", in->direction ? in->direction->label : "", "title",
                      in->direction ? in->direction->title : "", "number", in->number, "title",
                      in->title, "content", in->content, "bureaus",
                      strings(in->bureaus, in->nbureaus), "projects", projects));
    }
    char date[16] = "";
    if (s.doc_year)
        snprintf(date, sizeof(date), "%04d-%02d-%02d", s.doc_year, s.doc_month, s.doc_day);
    json_t *root = json_pack(
        "{s:{s:I, s:s, s:s, s:{s:i, s:i, s:s}, s:o}, s:{s:s, s:s, s:s, s:s*},"
        " s:{s:s, s:s, s:s, s:s}, s:o, s:o, s:o}",
        "plan", "id", (json_int_t)s.plan_id, "title", s.title, "subtitle", s.subtitle, "period",
        "from_fy", s.from_fy, "to_fy", s.to_fy, "label", s.period_label, "levels",
        strings(s.levels, s.nlevels), "document", "title", s.doc_title, "meeting", s.doc_meeting,
        "material_no", s.doc_material, "date", *date ? date : NULL, "labels", "chapter",
        s.chapter_label, "baseline", s.baseline_label, "related", s.related_label, "progress",
        s.progress_label, "years", years, "fields", fields, "initiatives", inits);
    /* Which answers the values are: "all" (unconfirmed too, with "statuses"
     * per project) only in the secretariat's view. */
    if (root && q.all_answers)
        json_object_set_new(root, "answers", json_string("all"));
    if (!root) {
        log_error("sheet %lld: could not build JSON", (long long)s.plan_id);
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    send_json(res, root);
}
