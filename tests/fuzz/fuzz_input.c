/* libFuzzer target for what a write action reads (pages/input.c): the
 * input is sent as the body of an API call (/api/..., a JSON object) and as
 * an urlencoded form body, and every field of it, and a few names the pages
 * ask for, is read as the pages read them: as text, as a fiscal year, as an
 * id, and as a date (era_parse_date, as rounds.c reads a deadline). Each
 * reader must keep its promises: input_read takes a JSON object and
 * refuses anything else with a 400; a text is what was sent (a JSON
 * integer as its digits) in valid UTF-8; a fiscal year is 0 only when
 * nothing was sent, -1 when unreadable, else a year of four digits; an id
 * is positive and the number written, or 0; a date exists. A year or date
 * read, written as the pages and sheets write it (each era style, ASCII or
 * full-width), must read back the same, and so must a JSON answer made of
 * the input; nothing may leak. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/era.h"
#include "base/utf8.h"
#include "pages/input.h"
#include "pages/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The one thing input.c uses of the pages' frame: the error page, whose
 * making (pages/layout.c) needs the whole site. Here it only says 400. */
void page_error(Request *req, Response *res, int status, MsgId detail, const char *param)
{
    (void)req;
    (void)detail;
    (void)param;
    res->status = status;
}

/* Names the pages ask for, sent or not. */
static const char *const asked[] = {
    "title",       "name",   "label",   "from_fy",    "to_fy",         "target_fy", "fy",
    "baseline_fy", "id",     "plan_id", "project_id", "initiative_id", "field_id",  "direction_id",
    "section_id",  "number", "delta",   "baseline",   "deadline",      "",
};

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The pages write years and dates in every style; each reads back. */
static void check_fy_written(int fy)
{
    for (unsigned k = 0; k < 4; k++) {
        Buf b = BUF_INIT;
        era_format_fiscal_year(&b, fy, k & 1 ? ERA_WESTERN : ERA_JAPANESE,
                               k & 2 ? ERA_FULLWIDTH : 0);
        int back;
        if (era_parse_fiscal_year(b.data, &back) != 0 || back != fy)
            abort();
        buf_free(&b);
    }
}

static void check_date_written(int y, int m, int d)
{
    for (unsigned k = 0; k < 4; k++) {
        Buf b = BUF_INIT;
        era_format_date(&b, y, m, d, k & 1 ? ERA_WESTERN : ERA_JAPANESE, k & 2 ? ERA_FULLWIDTH : 0);
        int y2, m2, d2;
        if (era_parse_date(b.data, &y2, &m2, &d2) != 0 || y2 != y || m2 != m || d2 != d)
            abort();
        buf_free(&b);
    }
}

static void check_field(const Input *in, const char *name)
{
    const char *s = input_str(in, name);
    json_t *v = in->json ? json_object_get(in->json, name) : NULL;
    if (s && !utf8_valid(s, strlen(s)))
        abort();
    if (!in->json            ? s != req_form(in->req, name)
        : json_is_string(v)  ? s != json_string_value(v)
        : json_is_integer(v) ? !s || strtoll(s, NULL, 10) != json_integer_value(v)
                             : s != NULL)
        abort();

    int fy = input_fy(in, name), parsed;
    if (!s || !*s) {
        if (fy != 0)
            abort();
    } else if (era_parse_fiscal_year(s, &parsed) == 0) {
        if (fy != parsed || fy < 1000 || fy > 9999)
            abort();
    } else if (fy != -1) {
        abort();
    }

    int64_t id = input_id(in, name);
    if (id < 0 || (id > 0 && strtoll(s, NULL, 10) != id) ||
        (json_is_integer(v) && id != (json_integer_value(v) > 0 ? json_integer_value(v) : 0)))
        abort();

    if (fy > 0)
        check_fy_written(fy);

    int y, m, d;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (s && era_parse_date(s, &y, &m, &d) == 0) {
        if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 ||
            d > days[m - 1] + (m == 2 && leap(y)))
            abort();
        check_date_written(y, m, d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena arena;
    arena_init(&arena);
    /* As the transports keep it: a NUL-terminated copy. */
    char *body = arena_alloc(&arena, size + 1);
    memcpy(body, data, size);
    body[size] = '\0';

    Request req;
    memset(&req, 0, sizeof(req));
    req.arena = &arena;
    req.path = "/api/plans/1/projects";
    req.body = body;
    req.body_len = size;
    Response res;
    memset(&res, 0, sizeof(res));
    buf_init(&res.body);
    Input in;
    if (input_read(&req, &res, &in)) {
        if (!json_is_object(in.json) || res.status)
            abort();
        const char *key;
        json_t *v;
        json_object_foreach(in.json, key, v)
        {
            if (!utf8_valid(key, strlen(key)))
                abort();
            check_field(&in, key);
        }
        for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++)
            check_field(&in, asked[i]);
        /* The API answers with JSON; what it was given reads back. */
        page_send_json(&res, 200, json_deep_copy(in.json));
        json_error_t jerr;
        json_t *back = json_loadb(res.body.data, res.body.len, 0, &jerr);
        if (!json_equal(back, in.json))
            abort();
        json_decref(back);
        input_free(&in);
    } else if (in.json || res.status != 400) {
        abort();
    }
    buf_free(&res.body);

    /* The same bytes as a page's form. */
    req.path = "/plans/1/projects";
    if (req_parse_form(&req)) {
        if (!input_read(&req, &res, &in) || in.json)
            abort();
        for (int i = 0; i < req.nform; i++)
            check_field(&in, req.form[i].name);
        for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++)
            check_field(&in, asked[i]);
        input_free(&in);
    }
    arena_free(&arena);
    return 0;
}
