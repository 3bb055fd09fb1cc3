/* Requests through the stdin transport, in process: the exact bytes a client
 * would read, without a socket. */
#ifndef TESTHTTP_H
#define TESTHTTP_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/transport.h"
#include "pages/dispatch.h"

typedef struct Reply {
    int status;    /* from the status line */
    char *raw;     /* the whole response, NUL-terminated */
    char *headers; /* points into raw: the header block */
    char *body;    /* points into raw: after the blank line */
    size_t body_len;
} Reply;

static inline void reply_free(Reply *r)
{
    free(r->raw);
    memset(r, 0, sizeof(*r));
}

/* Sends the raw request bytes request[0..n) to the application. */
static inline Reply http_raw_n(Db *db, const char *request, size_t n)
{
    Reply r = {0};
    size_t len = 0;
    FILE *in = fmemopen((void *)request, n, "r");
    FILE *out = open_memstream(&r.raw, &len);
    http_stdin(in, out, db, "127.0.0.1", app_dispatch);
    fclose(in);
    fclose(out);
    sscanf(r.raw, "HTTP/1.1 %d", &r.status);
    r.headers = r.raw;
    char *blank = strstr(r.raw, "\r\n\r\n");
    if (blank) {
        blank[2] = '\0';
        r.body = blank + 4;
    } else {
        r.body = r.raw + len;
    }
    r.body_len = len - (size_t)(r.body - r.raw);
    return r;
}

/* Sends the raw request text to the application. */
static inline Reply http_raw(Db *db, const char *request)
{
    return http_raw_n(db, request, strlen(request));
}

/* GET target (path and query). */
static inline Reply http_get(Db *db, const char *target)
{
    char req[4096];
    snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", target);
    return http_raw(db, req);
}

/* How many times needle occurs in haystack. */
static inline int occurrences(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

#endif
