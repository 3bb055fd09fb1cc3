/* The access matrix: every route of the table, for anonymous and for each
 * demo role, gets the answer it should (allowed, 403, 404 for what may not
 * be seen, a redirect to the login page). A route missing from the matrix
 * fails the test, so the matrix covers the whole table. Then the refusals
 * that keep sessions safe: CSRF, cross-origin posts, session fixation,
 * expired sessions, and no password in the audit log. */
#include <sodium.h>
#include "base/log.h"
#include "model/account.h"
#include "model/generate.h"
#include "model/plan_json.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

enum { ANON, ADMIN, JIMU, REVIEW, EDIT_SHOGAI, EDIT_SHIMIN, VIEWER, NROLES };
static const char *const logins[NROLES] = {
    NULL, "admin", "jimukyoku", "kenkofukushi", "shogaikikaku", "shiminseikatsu", "iin"};
#define HOST   "127.0.0.1:8080"
#define ORIGIN "http://" HOST

typedef struct Who {
    char cookie[256]; /* "shinchoku_sid=..." or "" */
    char csrf[64];    /* the session's token, "" for anonymous */
} Who;

static Db *db;
static Who as[NROLES];
static int64_t matrix_user; /* an account the matrix may change */
static int64_t demo_round;  /* the demo's 令和2年度 round */
static int64_t answer_1;    /* its answer for project 1 (障害企画課) */
static int64_t section_1;   /* the section of project 1 (障害企画課) */

/* The value of header name (first occurrence) into out. */
static void header_value(const char *headers, const char *name, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = strstr(headers, name);
    if (!p)
        return;
    p += strlen(name);
    size_t len = strcspn(p, ";\r\n");
    snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), p);
}

static void hidden_csrf(const char *body, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = strstr(body, "name=\"csrf\" value=\"");
    if (p)
        snprintf(out, n, "%.*s", (int)strcspn(p + 19, "\""), p + 19);
}

static Reply request(const Who *w, const char *method, const char *target, const char *body,
                     const char *origin)
{
    char req[8192];
    char csrf_body[4096];
    const char *b = body ? body : "";
    if (body && w && w->csrf[0]) {
        snprintf(csrf_body, sizeof(csrf_body), "csrf=%s%s%s", w->csrf, *body ? "&" : "", body);
        b = csrf_body;
    }
    snprintf(req, sizeof(req),
             "%s %s HTTP/1.1\r\nHost: " HOST "\r\n%s%s%s%s%s%s"
             "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
             method, target, w && w->cookie[0] ? "Cookie: " : "", w ? w->cookie : "",
             w && w->cookie[0] ? "\r\n" : "", origin ? "Origin: " : "", origin ? origin : "",
             origin ? "\r\n" : "", strlen(b), b);
    return http_raw(db, req);
}

/* Signs in through the real form: the login page's cookie and token, the
 * POST, the session cookie, and the session's token from a page. */
static void sign_in(Who *w, const char *login, const char *password, int *status)
{
    memset(w, 0, sizeof(*w));
    Reply r = http_get(db, "/login");
    char pre[128], token[64], body[512], req[2048];
    header_value(r.headers, "Set-Cookie: shinchoku_pre=", pre, sizeof(pre));
    hidden_csrf(r.body, token, sizeof(token));
    reply_free(&r);
    snprintf(body, sizeof(body), "csrf=%s&login=%s&password=%s", token, login, password);
    snprintf(req, sizeof(req),
             "POST /login HTTP/1.1\r\nHost: " HOST "\r\nOrigin: " ORIGIN "\r\n"
             "Cookie: shinchoku_pre=%s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: %zu\r\n\r\n%s",
             pre, strlen(body), body);
    r = http_raw(db, req);
    *status = r.status;
    char sid[128];
    header_value(r.headers, "Set-Cookie: shinchoku_sid=", sid, sizeof(sid));
    reply_free(&r);
    if (!sid[0])
        return;
    snprintf(w->cookie, sizeof(w->cookie), "shinchoku_sid=%s", sid);
    r = request(w, "GET", "/", NULL, NULL);
    hidden_csrf(r.body, w->csrf, sizeof(w->csrf));
    reply_free(&r);
}

typedef struct Case {
    const char *method, *pattern; /* the route it covers */
    const char *target;           /* the URL asked ({u}: the matrix user's id) */
    const char *body;             /* form fields for POST (the csrf is added) */
    int want[NROLES];             /* anonymous, admin, jimukyoku, reviewer, 2 editors, viewer */
} Case;

/* Plan 1 is the published demo; plan 2 an unpublished one that only the
 * administrators and the reviewer of 健康福祉局 (whose sections have projects
 * in it: the org units are the city's, shared by its plans) may read. Project 1 belongs to
 * 障害企画課 (健康福祉局), project 6 to 市民生活課 (市民局). */
static const Case cases[] = {
    {"GET", "/", "/", NULL, {200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/plans/{id}/sheet", "/plans/1/sheet", NULL, {200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/plans/{id}/sheet", "/plans/2/sheet", NULL, {404, 200, 404, 200, 404, 404, 404}},
    {"GET",
     "/plans/{id}/sheet.xlsx",
     "/plans/1/sheet.xlsx",
     NULL,
     {200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/plans/{id}/sheet.pdf",
     "/plans/2/sheet.pdf",
     NULL,
     {404, 200, 404, 200, 404, 404, 404}},
    {"GET",
     "/plans/{id}/sheet.csv",
     "/plans/1/sheet.csv",
     NULL,
     {200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/plans/{id}/sheet.html",
     "/plans/2/sheet.html",
     NULL,
     {404, 200, 404, 200, 404, 404, 404}},
    {"GET", "/api/v1/plans", "/api/v1/plans", NULL, {200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/plans/{id}/sheet",
     "/api/v1/plans/2/sheet",
     NULL,
     {404, 200, 404, 200, 404, 404, 404}},
    {"GET", "/assets/*", "/assets/app.js", NULL, {200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/login", "/login", NULL, {200, 303, 303, 303, 303, 303, 303}},
    /* The sixth failure for one login in a row is throttled. */
    {"POST", "/login", "/login", "login=x&password=y", {403, 401, 401, 401, 401, 401, 429}},
    {"GET", "/account/password", "/account/password", NULL, {303, 200, 200, 200, 200, 200, 200}},
    {"POST",
     "/account/password",
     "/account/password",
     "current=wrong",
     {403, 400, 400, 400, 400, 400, 400}},
    {"POST", "/account/lang", "/account/lang", "language=fr", {403, 400, 400, 400, 400, 400, 400}},
    {"GET", "/projects/{id}", "/projects/1", NULL, {303, 200, 200, 200, 200, 404, 404}},
    {"GET", "/projects/{id}", "/projects/6", NULL, {303, 200, 200, 404, 404, 200, 404}},
    {"GET", "/projects/{id}", "/projects/999", NULL, {303, 404, 404, 404, 404, 404, 404}},
    {"GET", "/admin/users", "/admin/users", NULL, {303, 200, 403, 403, 403, 403, 403}},
    {"GET", "/admin/users/new", "/admin/users/new", NULL, {303, 200, 403, 403, 403, 403, 403}},
    {"POST", "/admin/users", "/admin/users", "login=", {403, 400, 403, 403, 403, 403, 403}},
    {"GET", "/admin/users/{id}", "/admin/users/{u}", NULL, {303, 200, 403, 403, 403, 403, 403}},
    {"POST", "/admin/users/{id}", "/admin/users/{u}", "name=", {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/users/{id}/disable",
     "/admin/users/{u}/disable",
     "",
     {403, 303, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/users/{id}/enable",
     "/admin/users/{u}/enable",
     "",
     {403, 303, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/users/{id}/password",
     "/admin/users/{u}/password",
     "password=short",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/users/{id}/grants",
     "/admin/users/{u}/grants",
     "role=editor&plan=1",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/users/{id}/grants/{id}/revoke",
     "/admin/users/{u}/grants/99999/revoke",
     "",
     {403, 404, 403, 403, 403, 403, 403}},
    {"GET", "/audit", "/audit", NULL, {303, 200, 200, 403, 403, 403, 403}},
    {"GET", "/account/tokens", "/account/tokens", NULL, {303, 200, 200, 200, 200, 200, 200}},
    {"POST", "/account/tokens", "/account/tokens", "name=", {403, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/account/tokens/{id}/revoke",
     "/account/tokens/99999/revoke",
     "",
     {403, 404, 404, 404, 404, 404, 404}},
    {"GET", "/inbox", "/inbox", NULL, {303, 200, 200, 200, 200, 200, 200}},
    {"GET", "/answers/{id}", "/answers/{a}", NULL, {303, 200, 200, 200, 200, 404, 404}},
    {"POST",
     "/answers/{id}",
     "/answers/{a}",
     "version=999&action=save",
     {403, 409, 409, 403, 409, 404, 404}},
    {"POST",
     "/answers/{id}/confirm",
     "/answers/{a}/confirm",
     "",
     {403, 409, 409, 403, 403, 404, 404}},
    {"POST",
     "/answers/{id}/return",
     "/answers/{a}/return",
     "comment=",
     {403, 400, 400, 403, 403, 404, 404}},
    {"GET",
     "/rounds/{id}/reminders",
     "/rounds/{r}/reminders",
     NULL,
     {303, 200, 200, 403, 403, 403, 404}},
    {"GET",
     "/rounds/{id}/reminders.csv",
     "/rounds/{r}/reminders.csv",
     NULL,
     {303, 200, 200, 403, 403, 403, 404}},
    /* No SMTP server is set up here: who may remind is told so (409). */
    {"POST", "/rounds/{id}/remind", "/rounds/{r}/remind", "", {403, 409, 409, 403, 403, 403, 404}},
    {"GET", "/rounds", "/rounds", NULL, {303, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/plans/{id}/rounds/new",
     "/plans/1/rounds/new",
     NULL,
     {303, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/rounds",
     "/plans/1/rounds",
     "deadline=",
     {403, 400, 400, 403, 403, 403, 403}},
    {"GET", "/rounds/{id}", "/rounds/{r}", NULL, {303, 200, 200, 200, 200, 200, 404}},
    {"POST",
     "/rounds/{id}/confirm",
     "/rounds/{r}/confirm",
     "",
     {403, 303, 303, 403, 403, 403, 404}},
    {"POST",
     "/rounds/{id}/extend",
     "/rounds/{r}/extend",
     "deadline=bad",
     {403, 400, 400, 403, 403, 403, 404}},
    {"POST", "/rounds/{id}/close", "/rounds/{r}/close", "", {403, 303, 303, 403, 403, 403, 404}},
    {"POST", "/rounds/{id}/reopen", "/rounds/{r}/reopen", "", {403, 303, 303, 403, 403, 403, 404}},
    {"POST",
     "/rounds/{id}/publish",
     "/rounds/{r}/publish",
     "level=0",
     {403, 303, 303, 403, 403, 403, 404}},
    {"GET",
     "/answers/{id}/history",
     "/answers/{a}/history",
     NULL,
     {303, 200, 200, 200, 200, 404, 404}},
    /* The bureau review stage is off (the default): approving is a wrong
     * state for the bureau's reviewer, and only it may approve. */
    {"POST",
     "/answers/{id}/approve",
     "/answers/{a}/approve",
     "",
     {403, 403, 403, 409, 403, 404, 404}},
    {"POST",
     "/plans/{id}/review-stage",
     "/plans/1/review-stage",
     "on=0&back=1",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST",
     "/rounds/{id}/submit-all",
     "/rounds/{r}/submit-all",
     "",
     {403, 303, 303, 303, 303, 303, 404}},
    /* The matrix user is not a service account: nobody makes tokens for it. */
    {"POST",
     "/admin/users/{id}/tokens",
     "/admin/users/{u}/tokens",
     "name=x&days=30",
     {403, 403, 403, 403, 403, 403, 403}},
    /* Imports: administrators (new plans) and secretariats (their plans);
     * an upload is seen only by its uploader. */
    {"GET", "/imports/new", "/imports/new", NULL, {303, 200, 200, 403, 403, 403, 403}},
    {"POST", "/imports", "/imports", "target=new&title=x", {403, 400, 400, 403, 403, 403, 403}},
    {"GET", "/imports/{id}", "/imports/999999", NULL, {303, 404, 404, 404, 404, 404, 404}},
    {"POST",
     "/imports/{id}/mapping",
     "/imports/999999/mapping",
     "role_1=direction",
     {403, 404, 404, 404, 404, 404, 404}},
    {"POST",
     "/imports/{id}/confirm",
     "/imports/999999/confirm",
     "",
     {403, 404, 404, 404, 404, 404, 404}},
    /* Section workbooks: those who read the section's answers get its
     * workbook; the upload page is every signed-in reader's of the round. An
     * empty upload is refused at its field. */
    {"GET",
     "/rounds/{id}/sections/{id}/workbook.xlsx",
     "/rounds/{r}/sections/{s}/workbook.xlsx",
     NULL,
     {303, 200, 200, 200, 200, 404, 404}},
    {"GET", "/rounds/{id}/upload", "/rounds/{r}/upload", NULL, {303, 200, 200, 200, 200, 200, 404}},
    {"POST", "/rounds/{id}/upload", "/rounds/{r}/upload", "", {403, 400, 400, 400, 400, 400, 404}},
    /* The organisation: administrators only; each change here is refused at
     * a field (nothing changes for the rows after it). */
    {"GET", "/admin/org", "/admin/org?fy=2021", NULL, {303, 200, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units",
     "/admin/org/units",
     "kind=section&name=&create_fy=2021",
     {403, 400, 403, 403, 403, 403, 403}},
    {"GET",
     "/admin/org/units/{id}",
     "/admin/org/units/{s}",
     NULL,
     {303, 200, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units/{id}/rename",
     "/admin/org/units/{s}/rename",
     "name=&rename_fy=2021",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units/{id}/move",
     "/admin/org/units/{s}/move",
     "parent=&move_fy=2021",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units/{id}/merge",
     "/admin/org/units/{s}/merge",
     "into=&merge_fy=2021",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units/{id}/close",
     "/admin/org/units/{s}/close",
     "close_fy=2021",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units/{id}/reorder",
     "/admin/org/units/{s}/reorder",
     "fy=2021&step=sideways",
     {403, 400, 403, 403, 403, 403, 403}},
    {"POST",
     "/admin/org/units/{id}/projects",
     "/admin/org/units/{s}/projects",
     "target=&projects_fy=2021",
     {403, 400, 403, 403, 403, 403, 403}},
    /* Plan setup: administrators make plans; a plan's secretariat changes it.
     * Empty bodies are refused at their field (400) after the rights. */
    {"GET", "/plans/new", "/plans/new", NULL, {303, 200, 403, 403, 403, 403, 403}},
    {"POST", "/plans", "/plans", "", {403, 400, 403, 403, 403, 403, 403}},
    {"GET",
     "/plans/{id}/structure",
     "/plans/1/structure",
     NULL,
     {303, 200, 200, 403, 403, 403, 403}},
    {"POST", "/plans/{id}", "/plans/1", "", {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/directions",
     "/plans/1/directions",
     "",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST", "/directions/{id}", "/directions/1", "", {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/directions/{id}/move",
     "/directions/1/move",
     "delta=-1",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST",
     "/directions/{id}/retire",
     "/directions/1/retire",
     "fy=",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/initiatives",
     "/plans/1/initiatives",
     "",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST", "/initiatives/{id}", "/initiatives/1", "", {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/initiatives/{id}/move",
     "/initiatives/1/move",
     "delta=-1",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST",
     "/initiatives/{id}/retire",
     "/initiatives/1/retire",
     "fy=",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/renumber",
     "/plans/999999/renumber",
     "",
     {403, 404, 404, 404, 404, 404, 404}},
    {"POST", "/plans/{id}/copy", "/plans/1/copy", "", {403, 400, 403, 403, 403, 403, 403}},
    /* The API takes JSON: a form body is refused as such, rights after;
     * anonymous callers are told to sign in (401). */
    {"GET",
     "/api/v1/plans/{id}/structure",
     "/api/v1/plans/1/structure",
     NULL,
     {200, 200, 200, 200, 200, 200, 200}},
    {"POST", "/api/v1/plans", "/api/v1/plans", "", {401, 400, 400, 400, 400, 400, 400}},
    {"POST", "/api/v1/plans/{id}", "/api/v1/plans/1", "", {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/plans/{id}/directions",
     "/api/v1/plans/1/directions",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/directions/{id}",
     "/api/v1/directions/1",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/directions/{id}/move",
     "/api/v1/directions/1/move",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/directions/{id}/retire",
     "/api/v1/directions/1/retire",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/plans/{id}/initiatives",
     "/api/v1/plans/1/initiatives",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/initiatives/{id}",
     "/api/v1/initiatives/1",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/initiatives/{id}/move",
     "/api/v1/initiatives/1/move",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/initiatives/{id}/retire",
     "/api/v1/initiatives/1/retire",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/plans/{id}/renumber",
     "/api/v1/plans/1/renumber",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/plans/{id}/copy",
     "/api/v1/plans/1/copy",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    /* Projects: a plan's secretariat sets them up. */
    {"GET", "/plans/{id}/projects", "/plans/1/projects", NULL, {303, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/projects",
     "/plans/1/projects",
     "initiative_id=1",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/projects/{id}/edit",
     "/projects/1/edit",
     "plan_id=1",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/initiatives/{id}/links",
     "/initiatives/1/links",
     "project_id=1",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/initiatives/{id}/links/{id}/remove",
     "/initiatives/1/links/999999/remove",
     "",
     {403, 404, 404, 403, 403, 403, 403}},
    {"GET",
     "/api/v1/plans/{id}/projects",
     "/api/v1/plans/1/projects",
     NULL,
     {401, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/api/v1/plans/{id}/projects",
     "/api/v1/plans/1/projects",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/projects/{id}",
     "/api/v1/projects/1",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/initiatives/{id}/links",
     "/api/v1/initiatives/1/links",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/initiatives/{id}/links/{id}/remove",
     "/api/v1/initiatives/1/links/1/remove",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"GET",
     "/api/v1/openapi.json",
     "/api/v1/openapi.json",
     NULL,
     {200, 200, 200, 200, 200, 200, 200}},
    /* Fields and scales: the plan's secretariat (and administrators); the
     * demo's field 1 has been asked, so it is not removed; scale 999999 is
     * nobody's. */
    {"GET", "/plans/{id}/fields", "/plans/1/fields", NULL, {303, 200, 200, 403, 403, 403, 403}},
    {"POST", "/plans/{id}/scales", "/plans/1/scales", "", {403, 400, 400, 403, 403, 403, 403}},
    {"POST", "/scales/{id}", "/scales/999999", "", {403, 404, 404, 404, 404, 404, 404}},
    {"POST",
     "/scales/{id}/remove",
     "/scales/999999/remove",
     "",
     {403, 404, 404, 404, 404, 404, 404}},
    {"POST", "/plans/{id}/fields", "/plans/1/fields", "", {403, 400, 400, 403, 403, 403, 403}},
    {"POST", "/fields/{id}", "/fields/1", "", {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/fields/{id}/move",
     "/fields/1/move",
     "delta=-1",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST",
     "/fields/{id}/retire",
     "/fields/1/retire",
     "retired=0",
     {403, 303, 303, 403, 403, 403, 403}},
    {"POST", "/fields/{id}/remove", "/fields/1/remove", "", {403, 400, 400, 403, 403, 403, 403}},
    {"GET",
     "/api/v1/plans/{id}/fields",
     "/api/v1/plans/1/fields",
     NULL,
     {401, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/api/v1/plans/{id}/scales",
     "/api/v1/plans/1/scales",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST", "/api/v1/scales/{id}", "/api/v1/scales/1", "", {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/scales/{id}/remove",
     "/api/v1/scales/1/remove",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/plans/{id}/fields",
     "/api/v1/plans/1/fields",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST", "/api/v1/fields/{id}", "/api/v1/fields/1", "", {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/fields/{id}/move",
     "/api/v1/fields/1/move",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/fields/{id}/retire",
     "/api/v1/fields/1/retire",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/fields/{id}/remove",
     "/api/v1/fields/1/remove",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"GET",
     "/plans/{id}/initiatives/bulk",
     "/plans/1/initiatives/bulk",
     NULL,
     {303, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/initiatives/bulk",
     "/plans/1/initiatives/bulk",
     "",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/api/v1/plans/{id}/initiatives/bulk",
     "/api/v1/plans/1/initiatives/bulk",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    /* Indicators: the plan's secretariat sets them up; everyone who reads
     * the plan reads them through the API. Indicator 999999 is nobody's. */
    {"GET",
     "/plans/{id}/indicators",
     "/plans/1/indicators",
     NULL,
     {303, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/indicators",
     "/plans/1/indicators",
     "",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST", "/indicators/{id}", "/indicators/999999", "", {403, 404, 404, 404, 404, 404, 404}},
    {"POST",
     "/indicators/{id}/move",
     "/indicators/999999/move",
     "delta=-1",
     {403, 404, 404, 404, 404, 404, 404}},
    {"POST",
     "/indicators/{id}/remove",
     "/indicators/999999/remove",
     "",
     {403, 404, 404, 404, 404, 404, 404}},
    {"GET",
     "/api/v1/plans/{id}/indicators",
     "/api/v1/plans/1/indicators",
     NULL,
     {200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/plans/{id}/indicators",
     "/api/v1/plans/2/indicators",
     NULL,
     {404, 200, 404, 200, 404, 404, 404}},
    {"POST",
     "/api/v1/plans/{id}/indicators",
     "/api/v1/plans/1/indicators",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/indicators/{id}",
     "/api/v1/indicators/1",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/indicators/{id}/move",
     "/api/v1/indicators/1/move",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"POST",
     "/api/v1/indicators/{id}/remove",
     "/api/v1/indicators/1/remove",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    {"GET",
     "/plans/{id}/projects/bulk",
     "/plans/1/projects/bulk",
     NULL,
     {303, 200, 200, 403, 403, 403, 403}},
    {"POST",
     "/plans/{id}/projects/bulk",
     "/plans/1/projects/bulk",
     "",
     {403, 400, 400, 403, 403, 403, 403}},
    {"POST",
     "/api/v1/plans/{id}/projects/bulk",
     "/api/v1/plans/1/projects/bulk",
     "",
     {401, 400, 400, 400, 400, 400, 400}},
    /* Logout last: it ends the sessions the rows above use. */
    {"POST", "/logout", "/logout", "", {403, 303, 303, 303, 303, 303, 303}},
};

static void test_every_route_is_in_the_matrix(void)
{
    for (const Route *r = app_routes; r->pattern; r++) {
        bool found = false;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
            found |= strcmp(cases[i].method, r->method) == 0 &&
                     strcmp(cases[i].pattern, r->pattern) == 0;
        if (!found)
            fprintf(stderr, "  route %s %s is not in the access matrix\n", r->method, r->pattern);
        CHECK(found);
    }
}

static void test_matrix(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const Case *c = &cases[i];
        /* {u}, {r}, {a} and {s}: the matrix user, the round, its answer for
         * project 1, and that project's section. */
        char target[256] = "";
        for (const char *p = c->target; *p;) {
            const char *u = strchr(p, '{');
            size_t n = strlen(target);
            if (!u) {
                snprintf(target + n, sizeof(target) - n, "%s", p);
                break;
            }
            int64_t id = u[1] == 'u'   ? matrix_user
                         : u[1] == 'r' ? demo_round
                         : u[1] == 's' ? section_1
                                       : answer_1;
            snprintf(target + n, sizeof(target) - n, "%.*s%lld", (int)(u - p), p, (long long)id);
            p = u + 3;
        }
        for (int who = 0; who < NROLES; who++) {
            bool post = strcmp(c->method, "POST") == 0;
            Reply r =
                request(&as[who], c->method, target, post ? c->body : NULL, post ? ORIGIN : NULL);
            if (r.status != c->want[who])
                fprintf(stderr, "  %s %s as %s: %d, want %d\n", c->method, target,
                        logins[who] ? logins[who] : "anonymous", r.status, c->want[who]);
            CHECK_INT(r.status, c->want[who]);
            if (r.status == 303 && c->want[who] == 303 && !logins[who])
                CHECK_HAS(r.headers, "Location: /login?next=");
            reply_free(&r);
        }
    }
}

static void test_writes_need_token_and_origin(void)
{
    Who w;
    int status;
    sign_in(&w, "admin", "demo", &status);
    Who tokenless = w;
    tokenless.csrf[0] = '\0';
    Reply r = request(&tokenless, "POST", "/admin/users", "login=x", ORIGIN);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    Who wrong = w;
    snprintf(wrong.csrf, sizeof(wrong.csrf), "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    r = request(&wrong, "POST", "/admin/users", "login=x", ORIGIN);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = request(&w, "POST", "/admin/users", "login=x", "http://evil.example");
    CHECK_INT(r.status, 403);
    CHECK_HAS(r.body, "別のサイトからの送信は受け付けられません");
    reply_free(&r);
    r = request(&w, "POST", "/admin/users", "login=x", NULL); /* no Origin at all */
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* With everything right the same request reaches the handler. */
    r = request(&w, "POST", "/admin/users", "login=x", ORIGIN);
    CHECK_INT(r.status, 400);
    reply_free(&r);
    /* GET never changes anything: a GET to a write-only path is refused. */
    r = request(&w, "GET", "/logout", NULL, NULL);
    CHECK_INT(r.status, 405);
    reply_free(&r);
}

static void test_session_fixation_impossible(void)
{
    /* A session id planted before login (here: a valid one of someone else). */
    Who victim;
    int status;
    sign_in(&victim, "iin", "demo", &status);
    char planted[256];
    snprintf(planted, sizeof(planted), "%s", victim.cookie);
    Reply r = http_get(db, "/login");
    char pre[128], token[64], body[256], req[2048];
    header_value(r.headers, "Set-Cookie: shinchoku_pre=", pre, sizeof(pre));
    hidden_csrf(r.body, token, sizeof(token));
    reply_free(&r);
    snprintf(body, sizeof(body), "csrf=%s&login=admin&password=demo", token);
    snprintf(req, sizeof(req),
             "POST /login HTTP/1.1\r\nHost: " HOST "\r\nOrigin: " ORIGIN "\r\n"
             "Cookie: %s; shinchoku_pre=%s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: %zu\r\n\r\n%s",
             planted, pre, strlen(body), body);
    r = http_raw(db, req);
    CHECK_INT(r.status, 303);
    char sid[128];
    header_value(r.headers, "Set-Cookie: shinchoku_sid=", sid, sizeof(sid));
    CHECK(sid[0] != '\0');
    CHECK(strstr(planted, sid) == NULL); /* a new id, not the planted one */
    CHECK_HAS(r.headers, "HttpOnly; SameSite=Lax");
    reply_free(&r);
    /* The planted id still belongs to iin, not to admin. */
    r = request(&victim, "GET", "/admin/users", NULL, NULL);
    CHECK_INT(r.status, 403);
    reply_free(&r);
}

static void test_expired_sessions_refused(void)
{
    Who w;
    int status;
    sign_in(&w, "jimukyoku", "demo", &status);
    Reply r = request(&w, "GET", "/account/password", NULL, NULL);
    CHECK_INT(r.status, 200);
    reply_free(&r);
    /* Idle for longer than allowed. */
    DbStmt *st = db_prepare(db, "UPDATE user_session SET last_seen_at = last_seen_at - 7201", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    r = request(&w, "GET", "/account/password", NULL, NULL);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /login?next=%2Faccount%2Fpassword");
    reply_free(&r);
    /* Past the absolute limit, however active. */
    sign_in(&w, "jimukyoku", "demo", &status);
    st = db_prepare(db, "UPDATE user_session SET created_at = created_at - 43201", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    r = request(&w, "GET", "/account/password", NULL, NULL);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    /* A disabled account's session ends with it. */
    sign_in(&w, "shiminseikatsu", "demo", &status);
    Actor by = {"test", ""};
    User u;
    Arena a;
    arena_init(&a);
    CHECK_INT(account_by_login(db, &a, "shiminseikatsu", &u), ERR_OK);
    CHECK_INT(account_set_disabled(db, &by, u.id, true), ERR_OK);
    r = request(&w, "GET", "/projects/6", NULL, NULL);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    sign_in(&w, "shiminseikatsu", "demo", &status);
    CHECK_INT(status, 401); /* and it cannot sign in */
    CHECK_INT(account_set_disabled(db, &by, u.id, false), ERR_OK);
    arena_free(&a);
}

static void test_login_messages_and_throttling(void)
{
    Who w;
    int unknown, wrong;
    sign_in(&w, "nobody", "whatever-123", &unknown);
    sign_in(&w, "kenkofukushi", "wrong-password", &wrong);
    CHECK_INT(unknown, 401);
    CHECK_INT(wrong, 401);
    /* Five failures in a row lock the account for a while, even for the right password. */
    int status = 0;
    for (int i = 0; i < 4; i++)
        sign_in(&w, "kenkofukushi", "wrong-password", &status);
    sign_in(&w, "kenkofukushi", "demo", &status);
    CHECK_INT(status, 429);
    DbStmt *st = db_prepare(db, "DELETE FROM login_failure", 0);
    db_step(st);
    db_done(st);
    sign_in(&w, "kenkofukushi", "demo", &status);
    CHECK_INT(status, 303);
}

/* An administrator makes a token for a service account; the token works. */
static void test_service_account_token(void)
{
    Actor by = {"test", ""};
    int64_t id = 0;
    AccountProblem problem;
    CHECK_INT(account_create(db, &by, "renkei", "連携システム", "service-password-1", false, &id,
                             &problem),
              ERR_OK);
    DbStmt *st = db_prepare(db, "UPDATE app_user SET service = 1 WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    CHECK_INT(account_grant(db, &by, id, ROLE_VIEWER, 2, 0, &problem), ERR_OK);
    Who admin;
    int status;
    sign_in(&admin, "admin", "demo", &status);
    char target[64], body[64];
    snprintf(target, sizeof(target), "/admin/users/%lld/tokens", (long long)id);
    snprintf(body, sizeof(body), "name=&days=30");
    Reply r = request(&admin, "POST", target, body, ORIGIN);
    CHECK_INT(r.status, 400);
    reply_free(&r);
    snprintf(body, sizeof(body), "name=ci&days=30");
    r = request(&admin, "POST", target, body, ORIGIN);
    CHECK_INT(r.status, 200);
    char token[96] = "";
    const char *p = strstr(r.body, "<code class=\"token\">");
    if (p)
        snprintf(token, sizeof(token), "%.*s", (int)strcspn(p + 20, "<"), p + 20);
    CHECK(strncmp(token, "shk_", 4) == 0);
    reply_free(&r);
    /* It reads what its owner may read: the unpublished plan 2 it views. */
    char req[512];
    snprintf(req, sizeof(req),
             "GET /api/v1/plans/2/sheet HTTP/1.1\r\nHost: " HOST "\r\nAuthorization: Bearer "
             "%s\r\n\r\n",
             token);
    r = http_raw(db, req);
    CHECK_INT(r.status, 200);
    reply_free(&r);
}

/* A password hashed with the old limits (libsodium's interactive 64 MiB)
 * still signs in, and is hashed again at the new ones (19 MiB, two passes). */
static void test_old_password_hash_is_renewed(void)
{
    char old[crypto_pwhash_STRBYTES];
    const char *pw = "matrix-password-old-1";
    CHECK(crypto_pwhash_str(old, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
    DbStmt *st = db_prepare(db, "UPDATE app_user SET password_hash = $1 WHERE id = $2", 0);
    db_bind_text(st, 1, old);
    db_bind_int64(st, 2, matrix_user);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    int64_t id = 0;
    CHECK_INT(account_login(db, "matrix", pw, "127.0.0.9", &id), ERR_OK);
    CHECK(id == matrix_user);
    st = db_prepare(db, "SELECT password_hash FROM app_user WHERE id = $1", 1);
    db_bind_int64(st, 1, matrix_user);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_HAS(db_col_text(st, 0), "$argon2id$v=19$m=19456,t=2,p=1$");
    db_done(st);
    CHECK_INT(account_login(db, "matrix", pw, "127.0.0.9", &id), ERR_OK);
}

static void test_no_password_in_the_audit_log(void)
{
    enum { C_N = 1 };
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM audit_log WHERE COALESCE(before_json, '') ||"
                            " COALESCE(after_json, '') LIKE '%demo\"%' OR"
                            " COALESCE(after_json, '') LIKE '%argon2%' OR"
                            " COALESCE(after_json, '') LIKE '%wrong-password%'",
                            C_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 0);
    db_done(st);
    st =
        db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'", C_N);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK(db_col_int64(st, 0) >= 6);
    db_done(st);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("access.db", true);
    /* Plan 2: unpublished, with sections of its own. */
    char *json = plan_generate_json(8, 3), *err = NULL;
    int64_t plan2;
    if (plan_json_load(db, json, strlen(json), "test", &plan2, &err) != ERR_OK || plan2 != 2) {
        fprintf(stderr, "cannot load plan 2: %s\n", err ? err : "");
        return 2;
    }
    free(json);
    Actor by = {"test", ""};
    AccountProblem problem;
    if (account_create(db, &by, "matrix", "Matrix", "matrix-password-1", false, &matrix_user,
                       &problem) != ERR_OK)
        return 2;
    DbStmt *st =
        db_prepare(db,
                   "SELECT r.id, rs.id, p.section_id FROM round r JOIN response rs"
                   " ON rs.round_id = r.id JOIN project p ON p.id = rs.project_id"
                   " WHERE r.fiscal_year = 2020 AND r.status = 'open' AND rs.project_id = 1",
                   3);
    if (db_step(st) == DB_ROW) {
        demo_round = db_col_int64(st, 0);
        answer_1 = db_col_int64(st, 1);
        section_1 = db_col_int64(st, 2);
    }
    db_done(st);
    if (!demo_round) {
        fprintf(stderr, "the demo has no open round of 2020\n");
        return 2;
    }
    for (int who = 1; who < NROLES; who++) {
        int status;
        sign_in(&as[who], logins[who], "demo", &status);
        if (!as[who].csrf[0]) {
            fprintf(stderr, "cannot sign in as %s (%d)\n", logins[who], status);
            return 2;
        }
    }
    TEST_RUN(test_every_route_is_in_the_matrix);
    TEST_RUN(test_matrix);
    TEST_RUN(test_writes_need_token_and_origin);
    TEST_RUN(test_session_fixation_impossible);
    TEST_RUN(test_expired_sessions_refused);
    TEST_RUN(test_login_messages_and_throttling);
    TEST_RUN(test_service_account_token);
    TEST_RUN(test_no_password_in_the_audit_log);
    TEST_RUN(test_old_password_hash_is_renewed);
    db_close(db);
    test_cleanup();
    return TEST_DONE("access");
}
