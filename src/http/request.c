#include <string.h>
#include "base/utf8.h"
#include "http/request.h"

const char *req_param(const Request *req, const char *name)
{
    for (int i = 0; i < req->nparams; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return req->params[i].value;
    return NULL;
}

const char *req_form(const Request *req, const char *name)
{
    for (int i = 0; i < req->nform; i++)
        if (strcmp(req->form[i].name, name) == 0)
            return req->form[i].value;
    return NULL;
}

/* Splits "a=1&b=2" into params, decoding each part. */
static bool parse_pairs(Arena *a, const char *text, size_t len, Param *out, int *n, int max)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        size_t part = amp ? (size_t)(amp - p) : (size_t)(end - p);
        if (part > 0) {
            const char *eq = memchr(p, '=', part);
            size_t nlen = eq ? (size_t)(eq - p) : part;
            char *name = url_decode(a, p, nlen, true);
            char *value = eq ? url_decode(a, eq + 1, part - nlen - 1, true) : arena_strdup(a, "");
            if (!name || !value || *n == max)
                return false;
            out[(*n)++] = (Param){name, value};
        }
        p = amp ? amp + 1 : end;
    }
    return true;
}

bool req_parse_form(Request *req)
{
    req->nform = 0;
    if (!req->body || !req->body_len)
        return true;
    /* Room for the fields there are (one more than the '&'s), to the limit. */
    size_t fields = 1;
    for (size_t i = 0; i < req->body_len; i++)
        fields += req->body[i] == '&';
    if (fields > HTTP_MAX_FORM)
        fields = HTTP_MAX_FORM + 1; /* one past: parse_pairs refuses at the limit */
    req->form = ARENA_ARRAY(req->arena, Param, fields);
    return parse_pairs(req->arena, req->body, req->body_len, req->form, &req->nform,
                       fields > HTTP_MAX_FORM ? HTTP_MAX_FORM : (int)fields);
}

const char *req_cookie(const Request *req, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = req->cookie; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        if (len > n && strncmp(p, name, n) == 0 && p[n] == '=')
            return arena_strndup(req->arena, p + n + 1, len - n - 1);
        p = semi;
    }
    return NULL;
}

void resp_redirect(Response *res, const char *location)
{
    res->status = 303;
    resp_header(res, "Location", location);
}

void resp_header(Response *res, const char *name, const char *value)
{
    if (res->nheaders < HTTP_MAX_HEADERS)
        res->headers[res->nheaders++] = (Header){name, value};
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *url_decode(Arena *a, const char *s, size_t len, bool plus_is_space)
{
    char *out = arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < len) {
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out[n++] = (char)(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out[n++] = (plus_is_space && c == '+') ? ' ' : c;
    }
    out[n] = '\0';
    return utf8_valid(out, n) ? out : NULL;
}

void req_parse_query(Request *req, const char *query)
{
    if (query &&
        !parse_pairs(req->arena, query, strlen(query), req->params, &req->nparams, HTTP_MAX_PARAMS))
        req->bad_query = true;
}

const char *http_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}
