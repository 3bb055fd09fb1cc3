#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "base/log.h"
#include "model/session.h"
#include "pages/auth.h"
#include "pages/dispatch.h"
#include "pages/layout.h"
#include "pages/page_cache.h"

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

/* Tokens are compared in constant time: how long a refusal takes says
 * nothing of how much of the token was right. */
static bool token_equal(const char *a, const char *b)
{
    size_t n = a ? strlen(a) : 0;
    return a && b && n > 0 && strlen(b) == n && sodium_memcmp(a, b, n) == 0;
}

/* Who is asking: an API token, a session cookie, or nobody. False (and the
 * answer written) for a bearer token that is not valid. */
static bool identify(Request *req, Response *res, Principal *who)
{
    *who = principal_anonymous;
    const char *auth = req->authorization;
    if (auth && strncmp(auth, "Bearer ", 7) == 0) {
        if (token_principal(req->db, req->arena, auth + 7, who) != ERR_OK) {
            resp_header(res, "WWW-Authenticate", "Bearer");
            page_error(req, res, 401, M_ERR_BAD_TOKEN, NULL);
            return false;
        }
        return true;
    }
    const char *sid = req_cookie(req, SESSION_COOKIE);
    if (sid && session_principal(req->db, req->arena, sid, who) != ERR_OK)
        *who = principal_anonymous;
    return true;
}

/* A write must come from a page of ours: the same origin, and the token of
 * the session (or, before login, of the login form's cookie). */
static bool csrf_ok(const Request *req, const Principal *who)
{
    if (who->via_token)
        return true;
    if (!same_origin(req))
        return false;
    const char *sent = req->csrf_header ? req->csrf_header : req_form(req, "csrf");
    /* The login form carries its own cookie's token (sent only to /login),
     * whether or not some session cookie came along. */
    return token_equal(sent, who->csrf) || token_equal(sent, req_cookie(req, PRE_LOGIN_COOKIE));
}

static bool allowed(const Route *r, const Principal *who)
{
    switch (r->perm) {
    case PERM_PUBLIC:
        return true;
    case PERM_SIGNED_IN:
        return principal_signed_in(who);
    case PERM_AUDIT:
        return principal_may_audit(who);
    case PERM_ADMIN:
        return principal_is_admin(who);
    case PERM_UNSET:
        break;
    }
    return false;
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
    Principal *who = ARENA_NEW(req->arena, Principal);
    if (!identify(req, res, who))
        return;
    req->user = who;
    /* A signed-in person reads the language they chose, unless the page's
     * ?lang= says otherwise. */
    if (!req_param(req, "lang") && principal_signed_in(who))
        req->lang = who->lang;
    if (strcmp(req->method, "POST") == 0 && req->content_type &&
        strncmp(req->content_type, "application/x-www-form-urlencoded", 33) == 0 &&
        !req_parse_form(req)) {
        page_error(req, res, 400, M_ERR_BAD_QUERY, NULL);
        return;
    }
    if (!allowed(r, who)) {
        bool api = strncmp(req->path, "/api/", 5) == 0;
        if (principal_signed_in(who))
            page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        else if (api)
            page_error(req, res, 401, M_ERR_SIGN_IN, NULL);
        else if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
            resp_redirect(res, login_url(req));
        else
            page_error(req, res, 403, M_ERR_SIGN_IN, NULL);
        return;
    }
    /* Files are read only for those who may post here (the CSRF token is in
     * the same body). */
    if (strcmp(req->method, "POST") == 0 && req->content_type &&
        strncasecmp(req->content_type, "multipart/form-data", 19) == 0 &&
        !req_parse_multipart(req)) {
        page_error(req, res, 400, M_ERR_BAD_QUERY, NULL);
        return;
    }
    if (r->writes && !csrf_ok(req, who)) {
        page_error(req, res, 403, M_ERR_FORBIDDEN_ORIGIN, NULL);
        return;
    }
    if (r->kept) {
        PageCacheSlot slot;
        if (page_cache_serve(req, res, &slot))
            return;
        r->handler(req, res);
        page_cache_keep(req, res, &slot);
        return;
    }
    r->handler(req, res);
}
