/* multipart/form-data (RFC 7578): how a browser sends a file with a form.
 * Only what browsers send is accepted: a boundary parameter, parts with a
 * Content-Disposition of form-data, CRLF line ends. Everything is copied into
 * the request's arena, so the body may be freed with it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "base/arena.h"
#include "base/utf8.h"
#include "http/request.h"

enum { MAX_BOUNDARY = 70 }; /* RFC 2046 */

static bool starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* The paths that take files: /imports and /rounds/N/upload. */
static bool upload_path(const char *path)
{
    if (!path)
        return false;
    if (strcmp(path, "/imports") == 0)
        return true;
    if (strncmp(path, "/rounds/", 8) != 0)
        return false;
    const char *p = path + 8;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > path + 8 && strcmp(p, "/upload") == 0;
}

size_t http_body_limit(const char *content_type, const char *path, bool credentials)
{
    /* Only a signed-in person's upload to a page that takes files may be
     * large: anyone else is kept to a form's size before anything is read. */
    bool files = content_type && starts_with_ci(content_type, "multipart/form-data");
    return files && credentials && upload_path(path) ? HTTP_MAX_UPLOAD : HTTP_MAX_BODY;
}

/* The value of parameter name in a header value like
 * `form-data; name="a"; filename="b.xlsx"` or `multipart/form-data;
 * boundary=xyz`, copied into the arena, or NULL. Quotes are removed and
 * backslash escapes undone. */
static char *header_param(Arena *a, const char *value, size_t len, const char *name)
{
    size_t nlen = strlen(name);
    const char *end = value + len;
    for (const char *p = value; p < end; p++) {
        if (*p != ';')
            continue;
        const char *q = p + 1;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(end - q) <= nlen || strncasecmp(q, name, nlen) != 0 || q[nlen] != '=')
            continue;
        q += nlen + 1;
        char *out = arena_alloc(a, (size_t)(end - q) + 1), *o = out;
        if (q < end && *q == '"') {
            for (q++; q < end && *q != '"'; q++) {
                if (*q == '\\' && q + 1 < end)
                    q++;
                *o++ = *q;
            }
            if (q == end)
                return NULL; /* an unclosed quote */
        } else {
            while (q < end && *q != ';' && *q != ' ' && *q != '\t')
                *o++ = *q++;
        }
        *o = '\0';
        return out;
    }
    return NULL;
}

/* The part's headers h[0..len): its field name, file name and type. */
static bool read_part_headers(Arena *a, const char *h, size_t len, char **name, char **filename,
                              char **type)
{
    *name = *filename = NULL;
    *type = "";
    const char *end = h + len;
    while (h < end) {
        const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2);
        size_t n = eol ? (size_t)(eol - h) : (size_t)(end - h);
        if (n > 20 && starts_with_ci(h, "Content-Disposition:")) {
            const char *v = h + 20;
            while (v < h + n && (*v == ' ' || *v == '\t'))
                v++;
            if (!starts_with_ci(v, "form-data"))
                return false;
            *name = header_param(a, v, (size_t)(h + n - v), "name");
            *filename = header_param(a, v, (size_t)(h + n - v), "filename");
        } else if (n > 13 && starts_with_ci(h, "Content-Type:")) {
            const char *v = h + 13;
            while (v < h + n && (*v == ' ' || *v == '\t'))
                v++;
            *type = arena_strndup(a, v, (size_t)(h + n - v));
        }
        h = eol ? eol + 2 : end;
    }
    return *name != NULL;
}

/* "C:\\Users\\x\\回答.xlsx" (old browsers) -> "回答.xlsx". */
static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

bool req_parse_multipart(Request *req)
{
    req->nform = req->nfiles = 0;
    req->form = ARENA_ARRAY(req->arena, Param, HTTP_MAX_PARAMS); /* a few fields beside files */
    const char *ct = req->content_type;
    if (!ct || !starts_with_ci(ct, "multipart/form-data"))
        return false;
    char *boundary = header_param(req->arena, ct, strlen(ct), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > MAX_BOUNDARY || !req->body)
        return false;
    /* Each part is preceded by CRLF--boundary (the first one may lack the
     * CRLF); the body ends with --boundary--. */
    char delim[MAX_BOUNDARY + 5];
    size_t dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
    const char *body = req->body, *end = req->body + req->body_len;
    const char *p;
    if (req->body_len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
        p = body + dlen - 2;
    else {
        p = memmem(body, req->body_len, delim, dlen);
        if (!p)
            return false;
        p += dlen;
    }
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return true; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return false;
        p += 2;
        const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend)
            return false;
        char *name, *filename, *type;
        if (!read_part_headers(req->arena, p, (size_t)(hend - p), &name, &filename, &type))
            return false;
        const char *data = hend + 4;
        const char *next = memmem(data, (size_t)(end - data), delim, dlen);
        if (!next)
            return false;
        size_t len = (size_t)(next - data);
        if (!utf8_valid(name, strlen(name)))
            return false;
        if (filename) {
            if (req->nfiles == HTTP_MAX_FILES || !utf8_valid(filename, strlen(filename)))
                return false;
            char *copy = arena_alloc(req->arena, len + 1);
            memcpy(copy, data, len);
            copy[len] = '\0';
            req->files[req->nfiles++] = (UploadFile){name, base_name(filename), type, copy, len};
        } else {
            if (req->nform == HTTP_MAX_PARAMS || !utf8_valid(data, len))
                return false;
            req->form[req->nform++] = (Param){name, arena_strndup(req->arena, data, len)};
        }
        p = next + dlen;
    }
}

const UploadFile *req_file(const Request *req, const char *name)
{
    for (int i = 0; i < req->nfiles; i++)
        if (strcmp(req->files[i].field, name) == 0)
            return &req->files[i];
    return NULL;
}
