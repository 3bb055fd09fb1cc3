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
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0) {
            const char *eq = memchr(p, '=', len);
            size_t nlen = eq ? (size_t)(eq - p) : len;
            char *name = url_decode(req->arena, p, nlen, true);
            char *value = eq ? url_decode(req->arena, eq + 1, len - nlen - 1, true)
                             : arena_strdup(req->arena, "");
            if (!name || !value || req->nparams == HTTP_MAX_PARAMS) {
                req->bad_query = true;
                return;
            }
            req->params[req->nparams++] = (Param){name, value};
        }
        p = amp ? amp + 1 : NULL;
    }
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
