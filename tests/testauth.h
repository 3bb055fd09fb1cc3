/* Signing in for HTTP tests, through the real login form: GET /login for its
 * cookie and token, POST /login, the session cookie, then the session's CSRF
 * token read from a page's logout form. Then requests as that person:
 *
 *     Session s = test_login(db, "jimukyoku", "demo");
 *     Reply r = http_post_as(db, &s, "/account/tokens", "name=ci&days=30");
 */
#ifndef TESTAUTH_H
#define TESTAUTH_H
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testhttp.h"

#define TEST_HOST   "127.0.0.1:8080"
#define TEST_ORIGIN "http://" TEST_HOST

typedef struct Session {
    bool ok;          /* the login succeeded and a token was found */
    int status;       /* the status of POST /login (303 when it worked) */
    char cookie[128]; /* "shinchoku_sid=..." for a Cookie header, or "" */
    char csrf[64];    /* the session's CSRF token, or "" */
} Session;

/* The text after start up to (not including) the first of stop, into out;
 * false if start is not in s. */
static inline bool test_value_after(const char *s, const char *start, const char *stop, char *out,
                                    size_t n)
{
    out[0] = '\0';
    const char *p = s ? strstr(s, start) : NULL;
    if (!p)
        return false;
    p += strlen(start);
    size_t len = strcspn(p, stop);
    snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), p);
    return true;
}

/* s percent-encoded for a form body (malloc'd). */
static inline char *test_form_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

/* Sends method target with the Host header, headers (each line ending in
 * "\r\n", or NULL) and body (or NULL: none). */
static inline Reply http_send(Db *db, const char *method, const char *target, const char *headers,
                              const char *body)
{
    char *req = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&req, &len);
    fprintf(f, "%s %s HTTP/1.1\r\nHost: " TEST_HOST "\r\n%s", method, target,
            headers ? headers : "");
    if (body)
        fprintf(f, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    else
        fputs("\r\n", f);
    fclose(f);
    Reply r = http_raw(db, req);
    free(req);
    return r;
}

/* POST /login as a browser sends it: the login page's cookie and token, then
 * login and password. The reply is the caller's (a failure shows the form
 * again with what was typed). */
static inline Reply test_login_post(Db *db, const char *login, const char *password)
{
    Reply r = http_get(db, "/login");
    char pre[128], token[128];
    test_value_after(r.headers, "Set-Cookie: shinchoku_pre=", ";\r\n", pre, sizeof(pre));
    test_value_after(r.body, "name=\"csrf\" value=\"", "\"", token, sizeof(token));
    reply_free(&r);
    char *l = test_form_escape(login), *p = test_form_escape(password);
    char headers[512], *body = NULL;
    size_t blen = 0;
    FILE *f = open_memstream(&body, &blen);
    fprintf(f, "csrf=%s&login=%s&password=%s", token, l, p);
    fclose(f);
    free(l);
    free(p);
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: shinchoku_pre=%s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             pre);
    r = http_send(db, "POST", "/login", headers, body);
    free(body);
    return r;
}

/* Signs in as login with password through the login form. */
static inline Session test_login(Db *db, const char *login, const char *password)
{
    Session s;
    memset(&s, 0, sizeof(s));
    Reply r = test_login_post(db, login, password);
    s.status = r.status;
    char sid[96];
    bool got = r.status == 303 &&
               test_value_after(r.headers, "Set-Cookie: shinchoku_sid=", ";\r\n", sid, sizeof(sid));
    reply_free(&r);
    if (!got || !sid[0])
        return s;
    snprintf(s.cookie, sizeof(s.cookie), "shinchoku_sid=%s", sid);
    /* The session's token, from the logout form every page carries. */
    char headers[256];
    snprintf(headers, sizeof(headers), "Cookie: %s\r\n", s.cookie);
    r = http_send(db, "GET", "/", headers, NULL);
    test_value_after(r.body, "name=\"csrf\" value=\"", "\"", s.csrf, sizeof(s.csrf));
    reply_free(&r);
    s.ok = s.csrf[0] != '\0';
    return s;
}

/* GET target as s. */
static inline Reply http_get_as(Db *db, const Session *s, const char *target)
{
    char headers[256];
    snprintf(headers, sizeof(headers), "Cookie: %s\r\n", s->cookie);
    return http_send(db, "GET", target, headers, NULL);
}

/* A file of a multipart POST. */
typedef struct TestFile {
    const char *field, *filename;
    const void *data;
    size_t len;
} TestFile;

/* POST a multipart/form-data body as a browser does: the session's csrf, the
 * text fields (name, value pairs, NULL-terminated) and the files, from this
 * site's origin. */
static inline Reply http_post_files_as(Db *db, const Session *s, const char *target,
                                       const char *const *fields, const TestFile *files, int nfiles)
{
    static const char boundary[] = "----shinchokuTestBoundary7MA4YWxk";
    char *body = NULL, *req = NULL;
    size_t blen = 0, rlen = 0;
    FILE *f = open_memstream(&body, &blen);
    fprintf(f, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", boundary,
            s->csrf);
    for (int i = 0; fields && fields[i]; i += 2)
        fprintf(f, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", boundary,
                fields[i], fields[i + 1]);
    for (int i = 0; i < nfiles; i++) {
        fprintf(f,
                "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n",
                boundary, files[i].field, files[i].filename);
        fwrite(files[i].data, 1, files[i].len, f);
        fputs("\r\n", f);
    }
    fprintf(f, "--%s--\r\n", boundary);
    fclose(f);
    f = open_memstream(&req, &rlen);
    fprintf(f,
            "POST %s HTTP/1.1\r\nHost: " TEST_HOST "\r\nOrigin: " TEST_ORIGIN "\r\n"
            "Cookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
            "Content-Length: %zu\r\n\r\n",
            target, s->cookie, boundary, blen);
    fwrite(body, 1, blen, f);
    fclose(f);
    Reply r = http_raw_n(db, req, rlen);
    free(body);
    free(req);
    return r;
}

/* The same with one file. */
static inline Reply http_post_file_as(Db *db, const Session *s, const char *target,
                                      const char *const *fields, const char *file_field,
                                      const char *filename, const void *data, size_t len)
{
    TestFile file = {file_field, filename, data, len};
    return http_post_files_as(db, s, target, fields, &file, 1);
}

/* POST the JSON text json to target (an /api/v1 route) as s, from this
 * site's origin, with the session's token in X-CSRF-Token. */
static inline Reply http_post_json_as(Db *db, const Session *s, const char *target,
                                      const char *json)
{
    char headers[512];
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
             "Content-Type: application/json\r\n",
             s->cookie, s->csrf);
    return http_send(db, "POST", target, headers, json);
}

/* POST the urlencoded form fields body ("a=1&b=2", or "") to target as s, from
 * this site's origin, with the session's csrf field added. */
static inline Reply http_post_as(Db *db, const Session *s, const char *target, const char *body)
{
    char headers[512], *full = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&full, &len);
    fprintf(f, "csrf=%s%s%s", s->csrf, body && *body ? "&" : "", body ? body : "");
    fclose(f);
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             s->cookie);
    Reply r = http_send(db, "POST", target, headers, full);
    free(full);
    return r;
}

#endif
