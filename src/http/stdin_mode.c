/* One request from a stream, as `fossil http` does: the whole program without
 * a socket, so that tests can feed it requests and read exact responses. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/mem.h"
#include "http/transport.h"

static void put_header(void *ctx, const char *name, const char *value)
{
    fprintf((FILE *)ctx, "%s: %s\r\n", name, value);
}

static void write_response(FILE *out, const Request *req, const Response *res)
{
    const void *body = res->fixed ? (const void *)res->fixed : res->body.data;
    size_t len = res->fixed ? res->fixed_len : res->body.len;
    fprintf(out, "HTTP/1.1 %d %s\r\n", res->status, http_reason(res->status));
    http_each_header(res, put_header, out);
    fprintf(out, "Content-Length: %zu\r\nConnection: close\r\n\r\n", len);
    if (!req->method || strcmp(req->method, "HEAD") != 0)
        fwrite(body, 1, len, out);
    fflush(out);
}

/* Reads one CRLF- or LF-terminated line without its terminator; NULL at EOF
 * or when the header block grows past its limit. */
static char *read_line(FILE *in, Arena *a, size_t *total)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, in);
    if (n < 0 || (*total += (size_t)n) > HTTP_MAX_HEADER_BYTES) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    char *copy = arena_strndup(a, line, (size_t)n);
    free(line);
    return copy;
}

int http_stdin(FILE *in, FILE *out, Db *db, const char *remote, AppHandler app)
{
    Arena arena;
    arena_init(&arena);
    Request req = {.arena = &arena, .db = db, .remote = remote};
    Response res = {.status = 200};
    buf_init(&res.body);
    int rc = 0;
    size_t total = 0;
    char *line = read_line(in, &arena, &total);
    char *sp1 = line ? strchr(line, ' ') : NULL;
    char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp2 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
        res.status = 400;
        buf_puts(&res.body, "Bad Request\n");
        rc = 1;
        goto send;
    }
    *sp1 = *sp2 = '\0';
    req.method = line;
    char *target = sp1 + 1, *q = strchr(target, '?');
    if (q)
        *q++ = '\0';
    req.path = url_decode(&arena, target, strlen(target), false);
    if (!req.path || req.path[0] != '/') {
        res.status = 400;
        buf_puts(&res.body, "Bad Request\n");
        rc = 1;
        goto send;
    }
    req_parse_query(&req, q);
    size_t content_length = 0;
    while ((line = read_line(in, &arena, &total)) && *line) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        if (strcasecmp(line, "Host") == 0)
            req.host = v;
        else if (strcasecmp(line, "Origin") == 0)
            req.origin = v;
        else if (strcasecmp(line, "Cookie") == 0)
            req.cookie = v;
        else if (strcasecmp(line, "Authorization") == 0)
            req.authorization = v;
        else if (strcasecmp(line, "X-CSRF-Token") == 0)
            req.csrf_header = v;
        else if (strcasecmp(line, "Content-Type") == 0)
            req.content_type = v;
        else if (strcasecmp(line, "If-None-Match") == 0)
            req.if_none_match = v;
        else if (strcasecmp(line, "X-Forwarded-Proto") == 0)
            req.https = strcmp(v, "https") == 0;
        else if (strcasecmp(line, "Content-Length") == 0)
            content_length = strtoul(v, NULL, 10);
    }
    if (!line) {
        res.status = total > HTTP_MAX_HEADER_BYTES ? 431 : 400;
        buf_puts(&res.body, http_reason(res.status));
        rc = 1;
        goto send;
    }
    if (content_length >
        http_body_limit(req.content_type, req.path, req.cookie || req.authorization)) {
        res.status = 413;
        buf_puts(&res.body, http_reason(res.status));
        goto send;
    }
    if (content_length) {
        char *body = arena_alloc(&arena, content_length + 1);
        req.body_len = fread(body, 1, content_length, in);
        req.body = body;
    }
    app(&req, &res);
send:
    write_response(out, &req, &res);
    if (res.release)
        res.release(res.release_ctx);
    buf_free(&res.body);
    arena_free(&arena);
    return rc;
}
