/* Form or JSON input for write actions. */
#include <stdlib.h>
#include <string.h>
#include "base/era.h"
#include "pages/input.h"
#include "pages/layout.h"

bool page_is_api(const Request *req)
{
    return strncmp(req->path, "/api/", 5) == 0;
}

bool input_read(Request *req, Response *res, Input *in)
{
    *in = (Input){req, NULL};
    if (!page_is_api(req))
        return true;
    json_error_t jerr;
    in->json = req->body ? json_loadb(req->body, req->body_len, 0, &jerr) : json_object();
    if (json_is_object(in->json))
        return true;
    json_decref(in->json);
    in->json = NULL;
    page_error(req, res, 400, M_PLAN_ERR_JSON, NULL);
    return false;
}

void input_free(Input *in)
{
    json_decref(in->json);
    in->json = NULL;
}

const char *input_str(const Input *in, const char *name)
{
    if (!in->json)
        return req_form(in->req, name);
    json_t *v = json_object_get(in->json, name);
    if (json_is_integer(v))
        return arena_printf(in->req->arena, "%lld", (long long)json_integer_value(v));
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int input_fy(const Input *in, const char *name)
{
    const char *s = input_str(in, name);
    int fy;
    if (!s || !*s)
        return 0;
    return era_parse_fiscal_year(s, &fy) == 0 ? fy : -1;
}

int64_t input_id(const Input *in, const char *name)
{
    const char *s = input_str(in, name);
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end && v > 0 ? v : 0;
}

void page_send_json(Response *res, int status, json_t *root)
{
    res->status = status;
    res->content_type = "application/json";
    char *text = json_dumps(root, JSON_COMPACT);
    buf_puts(&res->body, text);
    buf_putc(&res->body, '\n');
    free(text);
    json_decref(root);
}
