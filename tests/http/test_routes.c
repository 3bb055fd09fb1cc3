/* The route table and the dispatcher's refusals: every route states who may
 * use it; unknown paths are 404, wrong methods 405, writes need the same
 * origin; every response carries the security headers. */
#include <jansson.h>
#include "base/embed.h"
#include "base/log.h"
#include "pages/dispatch.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

static Db *db;

static void test_every_route_states_permission(void)
{
    int n = 0;
    for (const Route *r = app_routes; r->pattern; r++, n++) {
        if (r->perm == PERM_UNSET)
            fprintf(stderr, "  route %s %s has no permission\n", r->method, r->pattern);
        CHECK(r->perm != PERM_UNSET);
        CHECK(r->handler != NULL);
        /* A route that writes must be a POST; a GET never writes. */
        CHECK(r->writes == (strcmp(r->method, "POST") == 0));
        CHECK(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0);
    }
    CHECK(n >= 5);
}

static void test_unknown_paths_are_404(void)
{
    /* (/plans and /plans/1 take POST only: a GET of them is a 405.) */
    const char *paths[] = {"/nope",
                           "/plans/1/nope",
                           "/plans/x",
                           "/plans/1/sheet/x",
                           "/plans//sheet",
                           "/assets/nope.css",
                           "/assets/../CMakeLists.txt",
                           "/api/v1/nope"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        Reply r = http_get(db, paths[i]);
        if (r.status != 404)
            fprintf(stderr, "  %s gave %d\n", paths[i], r.status);
        CHECK_INT(r.status, 404);
        reply_free(&r);
    }
    Reply r = http_get(db, "/api/v1/nope");
    CHECK_HAS(r.headers, "Content-Type: application/json");
    CHECK_HAS(r.body, "\"code\":\"not_found\"");
    reply_free(&r);
    r = http_get(db, "/nope");
    CHECK_HAS(r.headers, "Content-Type: text/html; charset=utf-8");
    CHECK_HAS(r.body, "ページが見つかりません");
    CHECK_HAS(r.body, "Please check the address"); /* and in English */
    reply_free(&r);
}

static void test_wrong_method_is_405(void)
{
    Reply r = http_raw(db, "POST / HTTP/1.1\r\nHost: h\r\nOrigin: http://h\r\n"
                           "Content-Length: 3\r\n\r\na=b");
    CHECK_INT(r.status, 405);
    CHECK_HAS(r.headers, "Allow: GET, HEAD\r\n");
    reply_free(&r);
    r = http_raw(db, "DELETE /plans/1/sheet HTTP/1.1\r\nHost: h\r\n\r\n");
    CHECK_INT(r.status, 405);
    reply_free(&r);
}

static void test_head_has_no_body(void)
{
    Reply r = http_raw(db, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body, "");
    CHECK_HAS(r.headers, "Content-Length: ");
    CHECK_HASNT(r.headers, "Content-Length: 0\r\n");
    reply_free(&r);
}

static void test_security_headers_everywhere(void)
{
    const char *paths[] = {"/", "/plans/1/sheet", "/api/v1/plans", "/nope"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        Reply r = http_get(db, paths[i]);
        CHECK_HAS(r.headers, "Content-Security-Policy: default-src 'none'; script-src 'self';");
        CHECK_HASNT(r.headers, "unsafe-inline");
        CHECK_HASNT(r.headers, "unsafe-eval");
        CHECK_HAS(r.headers, "X-Content-Type-Options: nosniff");
        CHECK_HAS(r.headers, "X-Frame-Options: DENY");
        CHECK_HAS(r.headers, "Referrer-Policy: same-origin");
        /* The public sheet may be kept by the browser and asked for again
         * with its ETag (pages/page_cache.h); nothing else is ever stored. */
        if (strcmp(paths[i], "/plans/1/sheet") == 0)
            CHECK_HAS(r.headers, "Cache-Control: no-cache");
        else
            CHECK_HAS(r.headers, "Cache-Control: no-store");
        reply_free(&r);
    }
}

static void test_malformed_requests(void)
{
    Reply r = http_raw(db, "GARBAGE\r\n\r\n");
    CHECK_INT(r.status, 400);
    reply_free(&r);
    r = http_get(db, "/?x=%FF%FE"); /* not UTF-8 */
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "UTF-8");
    reply_free(&r);
    r = http_get(db, "/?x=a%00b"); /* a NUL inside */
    CHECK_INT(r.status, 400);
    reply_free(&r);
    /* Over the header limit. */
    size_t big = 40 * 1024;
    char *req = malloc(big + 64);
    strcpy(req, "GET / HTTP/1.1\r\nX-Long: ");
    size_t n = strlen(req);
    memset(req + n, 'a', big);
    strcpy(req + n + big, "\r\n\r\n");
    r = http_raw(db, req);
    CHECK_INT(r.status, 431);
    reply_free(&r);
    free(req);
    /* Over the body limit. */
    r = http_raw(db, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999\r\n\r\n");
    CHECK_INT(r.status, 413);
    reply_free(&r);
}

static void test_assets_are_served_and_cached(void)
{
    Reply page = http_get(db, "/");
    const char *link = strstr(page.body, "/assets/style.css?v=");
    CHECK(link != NULL);
    char target[128] = "";
    if (link)
        sscanf(link, "%127[^\"]", target);
    Reply r = http_get(db, target);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.headers, "Content-Type: text/css; charset=utf-8");
    CHECK_HAS(r.headers, "Cache-Control: public, max-age=31536000, immutable");
    reply_free(&r);
    r = http_get(db, "/assets/app.js");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.headers, "Content-Type: text/javascript");
    CHECK_HAS(r.headers, "Cache-Control: public, max-age=300");
    reply_free(&r);
    /* Nothing from another origin: every src and href is local. */
    CHECK_HASNT(page.body, "http://");
    CHECK_HASNT(page.body, "https://");
    CHECK_HASNT(page.body, "//cdn");
    reply_free(&page);
}

/* Every route of the JSON API is in the OpenAPI document the program serves,
 * with its method (a path's {names} read as {id}). */
static void test_api_routes_are_documented(void)
{
    const EmbeddedFile *f = embed_find(assets_files, "openapi.json");
    CHECK(f != NULL);
    json_t *doc = f ? json_loadb((const char *)f->data, f->size, 0, NULL) : NULL;
    CHECK(doc != NULL);
    json_t *paths = json_object(), *item;
    const char *path;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        char norm[256];
        size_t n = 0;
        for (const char *p = path; *p && n < sizeof(norm) - 4; p++) {
            if (*p == '{') {
                memcpy(norm + n, "{id}", 4);
                n += 4;
                while (*p && *p != '}')
                    p++;
            } else {
                norm[n++] = *p;
            }
        }
        norm[n] = '\0';
        json_object_set(paths, norm, item);
    }
    for (const Route *r = app_routes; r->pattern; r++) {
        if (strncmp(r->pattern, "/api/v1/", 8) != 0 ||
            strcmp(r->pattern, "/api/v1/openapi.json") == 0)
            continue;
        char method[8];
        size_t i = 0;
        for (; r->method[i] && i < sizeof(method) - 1; i++)
            method[i] = (char)(r->method[i] | 0x20);
        method[i] = '\0';
        bool found = json_object_get(json_object_get(paths, r->pattern), method) != NULL;
        if (!found)
            fprintf(stderr, "  %s %s is not in assets/openapi.json\n", r->method, r->pattern);
        CHECK(found);
    }
    json_decref(paths);
    json_decref(doc);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("routes.db", true);
    TEST_RUN(test_every_route_states_permission);
    TEST_RUN(test_unknown_paths_are_404);
    TEST_RUN(test_wrong_method_is_405);
    TEST_RUN(test_head_has_no_body);
    TEST_RUN(test_security_headers_everywhere);
    TEST_RUN(test_malformed_requests);
    TEST_RUN(test_assets_are_served_and_cached);
    TEST_RUN(test_api_routes_are_documented);
    db_close(db);
    test_cleanup();
    return TEST_DONE("routes");
}
