#include <stdlib.h>
#include <string.h>
#include "http/route.h"

/* Matches one path against one pattern, capturing {id} segments. */
static bool match(const char *pattern, const char *path, int64_t ids[4])
{
    int nids = 0;
    const char *p = pattern, *s = path;
    while (*p) {
        if (p[0] == '*' && p[1] == '\0')
            return true;
        if (strncmp(p, "{id}", 4) == 0) {
            int64_t v = 0;
            int digits = 0;
            while (*s >= '0' && *s <= '9' && digits < 18) {
                v = v * 10 + (*s++ - '0');
                digits++;
            }
            if (digits == 0 || v == 0 || (*s >= '0' && *s <= '9') || nids == 4)
                return false;
            ids[nids++] = v;
            p += 4;
            continue;
        }
        if (*p++ != *s++)
            return false;
    }
    return *s == '\0';
}

const Route *route_find(const Route *table, Request *req, bool *path_known)
{
    *path_known = false;
    const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
    for (const Route *r = table; r->pattern; r++) {
        int64_t ids[4] = {0};
        if (!match(r->pattern, req->path, ids))
            continue;
        *path_known = true;
        if (strcmp(r->method, method) == 0) {
            memcpy(req->ids, ids, sizeof(ids));
            return r;
        }
    }
    return NULL;
}

void route_allowed(const Route *table, const char *path, Buf *out)
{
    for (const Route *r = table; r->pattern; r++) {
        int64_t ids[4];
        if (!match(r->pattern, path, ids))
            continue;
        if (out->len)
            buf_puts(out, ", ");
        buf_puts(out, r->method);
        if (strcmp(r->method, "GET") == 0)
            buf_puts(out, ", HEAD");
    }
}
