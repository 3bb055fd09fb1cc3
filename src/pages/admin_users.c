/* /admin/users: the administrator's pages for accounts and their rights.
 * Every change goes through model/account.c, which checks and audits it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/era.h"
#include "base/html.h"
#include "model/account.h"
#include "model/org.h"
#include "base/utf8.h"
#include "model/plan.h"
#include "model/session.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"
#include "pages/pages.h"

static const MsgId role_labels[ROLE_COUNT] = {
    [ROLE_ADMIN] = M_ROLE_ADMIN,       [ROLE_SECRETARIAT] = M_ROLE_SECRETARIAT,
    [ROLE_REVIEWER] = M_ROLE_REVIEWER, [ROLE_EDITOR] = M_ROLE_EDITOR,
    [ROLE_VIEWER] = M_ROLE_VIEWER,
};

static int current_fy(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return era_fiscal_year_of_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static const char *user_url(Request *req, int64_t id, const char *rest)
{
    return page_url(req, arena_printf(req->arena, "/admin/users/%lld%s", (long long)id, rest));
}

/* What the page needs to name scopes: plans and units. */
typedef struct Names {
    PlanSummary *plans;
    int nplans;
    OrgUnit *units;
    int nunits;
} Names;

static bool load_names(Request *req, Names *n)
{
    return plan_list(req->db, req->arena, NULL, &n->plans, &n->nplans) == ERR_OK &&
           org_list(req->db, req->arena, current_fy(), &n->units, &n->nunits) == ERR_OK;
}

static const char *scope_text(Request *req, const Names *n, const Grant *g)
{
    if (g->plan_id)
        for (int i = 0; i < n->nplans; i++)
            if (n->plans[i].id == g->plan_id)
                return n->plans[i].title;
    if (g->unit_id) {
        const char *name = org_name(n->units, n->nunits, g->unit_id);
        return name ? name : arena_printf(req->arena, "#%lld", (long long)g->unit_id);
    }
    return "";
}

void page_admin_users(Request *req, Response *res)
{
    Lang L = req->lang;
    User *users;
    int count;
    Names names;
    if (account_list(req->db, req->arena, &users, &count) != ERR_OK || !load_names(req, &names)) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    page_begin(req, res, msg(L, M_USERS_TITLE));
    Buf *b = &res->body;
    html_printf(b,
                "<h1>%s</h1>\n<p><a class=\"button primary\" href=\"%s\">%s</a></p>\n"
                "<div class=\"table-scroll\"><table class=\"data-table\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_USERS_TITLE), page_url(req, "/admin/users/new"), msg(L, M_USERS_NEW),
                msg(L, M_USER_LOGIN), msg(L, M_USER_NAME), msg(L, M_USER_STATUS),
                msg(L, M_USER_ROLES));
    for (int i = 0; i < count; i++) {
        const User *u = &users[i];
        Principal p = {.user_id = u->id};
        principal_load_grants(req->db, req->arena, &p);
        html_printf(b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>",
                    user_url(req, u->id, ""), u->login, u->display_name,
                    msg(L, u->disabled ? M_USER_DISABLED : M_USER_ACTIVE));
        for (int g = 0; g < p.ngrants; g++) {
            if (g)
                HRAW(b, "<br>");
            html_printf(b, "%s %s", msg(L, role_labels[p.grants[g].role]),
                        scope_text(req, &names, &p.grants[g]));
        }
        HRAW(b, "</td></tr>\n");
    }
    HRAW(b, "</tbody></table></div>\n");
    page_end(req, res);
}

/* Field errors of the new-user form. */
typedef struct NewErrors {
    const char *login, *name, *password;
} NewErrors;

static void write_new_form(Request *req, Response *res, const NewErrors *e)
{
    Lang L = req->lang;
    Buf *b = &res->body;
    page_begin(req, res, msg(L, M_USERS_NEW));
    html_printf(b, "<div class=\"narrow\"><h1>%s</h1>\n", msg(L, M_USERS_NEW));
    if (e->login || e->name || e->password)
        form_error_summary(req, b);
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                page_url(req, "/admin/users"));
    form_csrf(req, b, page_user(req)->csrf);
    form_input(req, b,
               &(FormField){"login", M_USER_LOGIN, true, M_USER_LOGIN_HELP, req_form(req, "login"),
                            e->login, "text", "off"});
    form_input(
        req, b,
        &(FormField){"name", M_USER_NAME, true, -1, req_form(req, "name"), e->name, "text", "off"});
    form_input(req, b,
               &(FormField){"password", M_PASSWORD, true, M_PASSWORD_HELP, NULL, e->password,
                            "password", "new-password"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button><a class=\"button secondary\" href=\"%s\">%s</a></div></form></div>\n",
                msg(L, M_USER_CREATE), page_url(req, "/admin/users"), msg(L, M_USERS_TITLE));
    page_end(req, res);
}

void page_admin_user_new(Request *req, Response *res)
{
    write_new_form(req, res, &(NewErrors){NULL, NULL, NULL});
}

void page_admin_user_create(Request *req, Response *res)
{
    Lang L = req->lang;
    const char *login = req_form(req, "login"), *name = req_form(req, "name"),
               *password = req_form(req, "password");
    NewErrors e = {NULL, NULL, NULL};
    if (!login || !*login)
        e.login = msg(L, M_ERR_REQUIRED);
    if (!name || !*name)
        e.name = msg(L, M_ERR_REQUIRED);
    if (!password || !*password)
        e.password = msg(L, M_ERR_REQUIRED);
    if (!e.login && !e.name && !e.password) {
        Actor by = page_actor(req);
        int64_t id = 0;
        AccountProblem problem;
        Err err = account_create(req->db, &by, login, name, password, false, &id, &problem);
        if (err == ERR_OK) {
            resp_redirect(res, user_url(req, id, "?saved=1"));
            return;
        }
        if (err != ERR_INVALID) {
            page_error(req, res, 500, M_ERR_BODY_500, NULL);
            return;
        }
        if (problem == ACCOUNT_BAD_LOGIN)
            e.login = msg(L, M_ERR_LOGIN_FORMAT);
        else if (problem == ACCOUNT_LOGIN_TAKEN)
            e.login = msg(L, M_ERR_LOGIN_TAKEN);
        else if (problem == ACCOUNT_BAD_NAME)
            e.name = msg(L, M_ERR_NAME);
        else
            e.password = msg(L, M_ERR_PASSWORD_WEAK);
    }
    res->status = 400;
    write_new_form(req, res, &e);
}

/* Errors shown on the edit page, each at its form. */
typedef struct EditErrors {
    const char *name, *password, *grant, *email;
    const char *token;     /* a token just made for a service account, shown once */
    const char *token_err; /* what was wrong with the token form */
} EditErrors;

/* A service account's API tokens are made here by an administrator: nobody
 * signs in as a service account to make its own. */
static void write_service_tokens(Request *req, Buf *b, const User *u, const EditErrors *e)
{
    Lang L = req->lang;
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>\n", msg(L, M_TOKEN_NEW));
    if (e->token)
        html_printf(b,
                    "<div class=\"notice\" role=\"status\"><p>%s</p><p>%s "
                    "<code class=\"token\">%s</code></p></div>\n",
                    msg(L, M_TOKEN_SHOWN_ONCE), msg(L, M_TOKEN_YOUR_TOKEN), e->token);
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                user_url(req, u->id, "/tokens"));
    form_csrf(req, b, page_user(req)->csrf);
    form_input(req, b,
               &(FormField){"name", M_TOKEN_NAME, true, M_TOKEN_NAME_HELP, NULL, e->token_err,
                            "text", "off"});
    form_input(
        req, b,
        &(FormField){"days", M_TOKEN_DAYS, true, M_TOKEN_DAYS_HELP, "90", NULL, "number", "off"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></section>\n",
                msg(L, M_TOKEN_CREATE));
}

static void write_unit_options(Buf *b, const Names *n)
{
    for (int i = 0; i < n->nunits; i++) {
        if (n->units[i].parent_id)
            continue;
        html_printf(b, "<optgroup label=\"%s\"><option value=\"%lld\">%s</option>",
                    n->units[i].name, (long long)n->units[i].id, n->units[i].name);
        for (int j = 0; j < n->nunits; j++)
            if (n->units[j].parent_id == n->units[i].id)
                html_printf(b, "<option value=\"%lld\">%s</option>", (long long)n->units[j].id,
                            n->units[j].name);
        HRAW(b, "</optgroup>");
    }
}

static void write_grants(Request *req, Buf *b, const User *u, const Names *n, const char *error)
{
    Lang L = req->lang;
    Principal p = {.user_id = u->id};
    principal_load_grants(req->db, req->arena, &p);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>\n", msg(L, M_USER_ROLES));
    if (p.ngrants == 0)
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_GRANTS_NONE));
    else
        html_printf(b,
                    "<table class=\"data-table\"><thead><tr><th scope=\"col\">%s</th>"
                    "<th scope=\"col\">%s</th><th scope=\"col\"></th></tr></thead><tbody>",
                    msg(L, M_GRANT_ROLE), msg(L, M_GRANT_UNIT));
    for (int g = 0; g < p.ngrants; g++) {
        html_printf(
            b, "<tr><td>%s</td><td>%s</td><td><form method=\"post\" action=\"%s\">",
            msg(L, role_labels[p.grants[g].role]), scope_text(req, n, &p.grants[g]),
            user_url(req, u->id,
                     arena_printf(req->arena, "/grants/%lld/revoke", (long long)p.grants[g].id)));
        form_csrf(req, b, page_user(req)->csrf);
        html_printf(
            b, "<button type=\"submit\" class=\"button secondary\">%s</button></form></td></tr>",
            msg(L, M_GRANT_REVOKE));
    }
    if (p.ngrants)
        HRAW(b, "</tbody></table>\n");
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                user_url(req, u->id, "/grants"));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<div class=\"field%s\"><label for=\"f-role\">%s <span "
                "class=\"tag-required\">%s</span></label><select id=\"f-role\" name=\"role\"%s>",
                error ? " has-error" : "", msg(L, M_GRANT_ROLE), msg(L, M_REQUIRED),
                error ? " aria-invalid=\"true\" aria-describedby=\"f-role-error\"" : "");
    for (int r = 0; r < ROLE_COUNT; r++)
        html_printf(b, "<option value=\"%s\">%s</option>", role_name((Role)r),
                    msg(L, role_labels[r]));
    HRAW(b, "</select>");
    if (error)
        html_printf(b, "<p class=\"error-text\" id=\"f-role-error\">%s</p>", error);
    html_printf(
        b,
        "</div><div class=\"field\"><label for=\"f-plan\">%s <span class=\"tag-optional\">%s"
        "</span></label><select id=\"f-plan\" name=\"plan\"><option value=\"\">-</option>",
        msg(L, M_GRANT_PLAN), msg(L, M_OPTIONAL));
    for (int i = 0; i < n->nplans; i++)
        html_printf(b, "<option value=\"%lld\">%s</option>", (long long)n->plans[i].id,
                    n->plans[i].title);
    html_printf(b,
                "</select></div><div class=\"field\"><label for=\"f-unit\">%s <span "
                "class=\"tag-optional\">%s</span></label><select id=\"f-unit\" name=\"unit\">"
                "<option value=\"\">-</option>",
                msg(L, M_GRANT_UNIT), msg(L, M_OPTIONAL));
    write_unit_options(b, n);
    html_printf(b,
                "</select></div><div class=\"actions\"><button type=\"submit\" class=\"button "
                "primary\">%s</button></div></form></section>\n",
                msg(L, M_GRANT_ADD));
}

static void write_edit_page(Request *req, Response *res, const User *u, const EditErrors *e)
{
    Lang L = req->lang;
    Names n;
    if (!load_names(req, &n)) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    Buf *b = &res->body;
    page_begin(req, res, u->display_name);
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s <span class=\"login\">"
                "(%s)</span></h1>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/admin/users"), msg(L, M_USERS_TITLE),
                u->login, u->display_name, u->login);
    const char *saved = req_param(req, "saved");
    if (saved && strcmp(saved, "1") == 0)
        form_notice(b, msg(L, M_SAVED));
    if (e->name || e->password || e->grant || e->email)
        form_error_summary(req, b);
    html_printf(b, "<section class=\"panel\"><form method=\"post\" action=\"%s\" class=\"stack\">",
                user_url(req, u->id, ""));
    form_csrf(req, b, page_user(req)->csrf);
    form_input(
        req, b,
        &(FormField){"name", M_USER_NAME, true, -1, u->display_name, e->name, "text", "off"});
    form_input(req, b,
               &(FormField){"email", M_USER_EMAIL, false, -1, u->email, e->email, "email", "off"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></section>\n",
                msg(L, M_USER_SAVE));
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><p>%s</p><form method=\"post\" "
                "action=\"%s\">",
                msg(L, M_USER_STATUS), msg(L, u->disabled ? M_USER_DISABLED : M_USER_ACTIVE),
                user_url(req, u->id, u->disabled ? "/enable" : "/disable"));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<button type=\"submit\" class=\"button secondary\">%s</button></form></section>\n",
                msg(L, u->disabled ? M_USER_ENABLE : M_USER_DISABLE));
    html_printf(b, "<section class=\"panel\"><form method=\"post\" action=\"%s\" class=\"stack\">",
                user_url(req, u->id, "/password"));
    form_csrf(req, b, page_user(req)->csrf);
    form_input(req, b,
               &(FormField){"password", M_PASSWORD_NEW, true, M_PASSWORD_HELP, NULL, e->password,
                            "password", "new-password"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></section>\n",
                msg(L, M_USER_SET_PASSWORD));
    write_grants(req, b, u, &n, e->grant);
    if (u->service)
        write_service_tokens(req, b, u, e);
    page_end(req, res);
}

/* The user of the URL's id, or false with a 404 answered. */
static bool load_user(Request *req, Response *res, User *u)
{
    Err e = account_get(req->db, req->arena, req->ids[0], u);
    if (e == ERR_OK)
        return true;
    page_error(req, res, e == ERR_NOT_FOUND ? 404 : 500,
               e == ERR_NOT_FOUND ? M_ERR_BODY_404 : M_ERR_BODY_500, NULL);
    return false;
}

void page_admin_user(Request *req, Response *res)
{
    User u;
    if (load_user(req, res, &u))
        write_edit_page(req, res, &u, &(EditErrors){0});
}

/* After a change: back to the page (303), or the page again with the error. */
static void after(Request *req, Response *res, const User *u, Err err, const EditErrors *e)
{
    if (err == ERR_OK) {
        resp_redirect(res, user_url(req, u->id, "?saved=1"));
    } else if (err == ERR_INVALID) {
        res->status = 400;
        write_edit_page(req, res, u, e);
    } else {
        page_error(req, res, err == ERR_NOT_FOUND ? 404 : 500,
                   err == ERR_NOT_FOUND ? M_ERR_BODY_404 : M_ERR_BODY_500, NULL);
    }
}

void page_admin_user_update(Request *req, Response *res)
{
    User u;
    if (!load_user(req, res, &u))
        return;
    Actor by = page_actor(req);
    AccountProblem problem;
    const char *name = req_form(req, "name"), *email = req_form(req, "email");
    Err err = account_set_name(req->db, &by, u.id, name ? name : "", &problem);
    if (err == ERR_INVALID) {
        after(req, res, &u, err, &(EditErrors){.name = msg(req->lang, M_ERR_NAME)});
        return;
    }
    if (err == ERR_OK && email && strcmp(email, u.email) != 0)
        err = account_set_email(req->db, &by, u.id, email);
    after(req, res, &u, err, &(EditErrors){.email = msg(req->lang, M_ERR_EMAIL)});
}

static void set_disabled(Request *req, Response *res, bool disabled)
{
    User u;
    if (!load_user(req, res, &u))
        return;
    Actor by = page_actor(req);
    after(req, res, &u, account_set_disabled(req->db, &by, u.id, disabled), &(EditErrors){0});
}

void page_admin_user_disable(Request *req, Response *res)
{
    set_disabled(req, res, true);
}

void page_admin_user_enable(Request *req, Response *res)
{
    set_disabled(req, res, false);
}

void page_admin_user_password(Request *req, Response *res)
{
    User u;
    if (!load_user(req, res, &u))
        return;
    Actor by = page_actor(req);
    AccountProblem problem;
    const char *password = req_form(req, "password");
    Err err = account_set_password(req->db, &by, u.id, password ? password : "", &problem);
    after(req, res, &u, err, &(EditErrors){.password = msg(req->lang, M_ERR_PASSWORD_WEAK)});
}

static int64_t form_id(const Request *req, const char *name)
{
    const char *v = req_form(req, name);
    char *end;
    long long id = v && *v ? strtoll(v, &end, 10) : 0;
    return v && *v && !*end && id > 0 ? id : 0;
}

void page_admin_grant_add(Request *req, Response *res)
{
    User u;
    if (!load_user(req, res, &u))
        return;
    int role = role_from_name(req_form(req, "role"));
    Actor by = page_actor(req);
    AccountProblem problem = ACCOUNT_BAD_GRANT;
    Err err = role < 0 ? ERR_INVALID
                       : account_grant(req->db, &by, u.id, (Role)role, form_id(req, "plan"),
                                       form_id(req, "unit"), &problem);
    after(req, res, &u, err, &(EditErrors){.grant = msg(req->lang, M_ERR_GRANT)});
}

void page_admin_grant_revoke(Request *req, Response *res)
{
    User u;
    if (!load_user(req, res, &u))
        return;
    /* The grant must belong to this user: a guessed id of another's is a 404. */
    Principal p = {.user_id = u.id};
    principal_load_grants(req->db, req->arena, &p);
    bool mine = false;
    for (int i = 0; i < p.ngrants; i++)
        mine |= p.grants[i].id == req->ids[1];
    Actor by = page_actor(req);
    after(req, res, &u, mine ? account_revoke(req->db, &by, req->ids[1]) : ERR_NOT_FOUND,
          &(EditErrors){0});
}

void page_admin_user_token(Request *req, Response *res)
{
    User u;
    if (!load_user(req, res, &u))
        return;
    if (!u.service) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    const char *name = req_form(req, "name"), *days = req_form(req, "days");
    char *end = NULL;
    long d = days ? strtol(days, &end, 10) : 0;
    Actor by = page_actor(req);
    char token[SESSION_ID_CHARS + 8];
    int64_t id = 0;
    Err err = (!end || *end || !name || !*name || utf8_char_count(name) > 50)
                  ? ERR_INVALID
                  : token_create(req->db, &by, u.id, name, (int)d, token, &id);
    EditErrors e = {0};
    if (err == ERR_OK) {
        e.token = arena_strdup(req->arena, token);
        write_edit_page(req, res, &u, &e);
    } else if (err == ERR_INVALID) {
        res->status = 400;
        e.token_err = msg(req->lang, M_ERR_TOKEN_NAME);
        write_edit_page(req, res, &u, &e);
    } else {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
    }
}
