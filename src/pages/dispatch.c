#include <string.h>
#include "base/log.h"
#include "pages/dispatch.h"
#include "pages/layout.h"

/* The same site wrote a POST when its Origin names the Host it was sent to. */
static bool same_origin(const Request *req)
{
    if (!req->origin || !req->host)
        return false;
    const char *o = req->origin;
    if (strncmp(o, "http://", 7) == 0)
        o += 7;
    else if (strncmp(o, "https://", 8) == 0)
        o += 8;
    else
        return false;
    return strcmp(o, req->host) == 0;
}

static void security_headers(Response *res)
{
    resp_header(res, "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    resp_header(res, "X-Content-Type-Options", "nosniff");
    resp_header(res, "X-Frame-Options", "DENY");
    resp_header(res, "Referrer-Policy", "same-origin");
    resp_header(res, "Cross-Origin-Opener-Policy", "same-origin");
    resp_header(res, "Cross-Origin-Resource-Policy", "same-origin");
    resp_header(res, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

void app_dispatch(Request *req, Response *res)
{
    res->status = 200;
    req->lang = lang_from_code(req_param(req, "lang"));
    security_headers(res);
    if (req->bad_query) {
        page_error(req, res, 400, M_ERR_BAD_QUERY, NULL);
        return;
    }
    bool path_known;
    const Route *r = route_find(app_routes, req, &path_known);
    if (!r) {
        if (path_known) {
            Buf allow = BUF_INIT;
            route_allowed(app_routes, req->path, &allow);
            resp_header(res, "Allow", arena_strdup(req->arena, allow.data));
            buf_free(&allow);
            page_error(req, res, 405, M_ERR_BODY_405, NULL);
        } else {
            page_error(req, res, 404, M_ERR_BODY_404, NULL);
        }
        return;
    }
    if (r->perm == PERM_UNSET) {
        log_error("route %s %s has no permission: refused", r->method, r->pattern);
        page_error(req, res, 403, M_ERR_TITLE_403, NULL);
        return;
    }
    if (r->writes && !same_origin(req)) {
        page_error(req, res, 403, M_ERR_FORBIDDEN_ORIGIN, NULL);
        return;
    }
    r->handler(req, res);
}
