/* GET/POST /login, POST /logout, GET/POST /account/password. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sodium.h>
#include "base/html.h"
#include "base/log.h"
#include "model/audit.h"
#include "model/session.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"

const Principal *page_user(const Request *req)
{
    return req->user ? req->user : &principal_anonymous;
}

Actor page_actor(const Request *req)
{
    const Principal *p = page_user(req);
    return (Actor){principal_signed_in(p) ? p->login : "anonymous", req->remote ? req->remote : ""};
}

const char *login_url(Request *req)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "/login?next=");
    Buf next = BUF_INIT;
    buf_puts(&next, req->path);
    for (int i = 0; i < req->nparams; i++) {
        buf_putc(&next, i ? '&' : '?');
        url_escape(&next, req->params[i].name);
        buf_putc(&next, '=');
        url_escape(&next, req->params[i].value);
    }
    url_escape(&b, next.data);
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    buf_free(&next);
    return s;
}

/* Only a path of this site: never "//host" or a full URL (an open redirect). */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') ||
        strchr(next, '\n'))
        return "/";
    return next;
}

static const char *cookie(Request *req, const char *name, const char *value, const char *path,
                          const char *extra)
{
    return arena_printf(req->arena, "%s=%s; Path=%s; HttpOnly; SameSite=Lax%s%s", name, value, path,
                        req->https ? "; Secure" : "", extra);
}

static void write_login_form(Request *req, Response *res, const char *token, const char *login,
                             MsgId problem)
{
    Lang L = req->lang;
    Buf *b = &res->body;
    page_begin(req, res, msg(L, M_LOGIN_TITLE));
    html_printf(b, "<div class=\"narrow\"><h1>%s</h1>\n", msg(L, M_LOGIN_TITLE));
    if ((int)problem >= 0)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    msg(L, problem));
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", page_url(req, "/login"));
    form_csrf(req, b, token);
    html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
                safe_next(req_param(req, "next") ? req_param(req, "next") : req_form(req, "next")));
    form_input(req, b,
               &(FormField){"login", M_LOGIN_ID, true, -1, login, NULL, "text", "username"});
    form_input(
        req, b,
        &(FormField){"password", M_PASSWORD, true, -1, NULL, NULL, "password", "current-password"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></div>\n",
                msg(L, M_LOGIN_BUTTON));
    page_end(req, res);
}

/* A fresh pre-login token in its cookie, for the form about to be shown. */
static const char *pre_login_token(Request *req, Response *res)
{
    unsigned char raw[24];
    char token[40];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    resp_header(res, "Set-Cookie",
                cookie(req, PRE_LOGIN_COOKIE, token, "/login", "; Max-Age=3600"));
    return arena_strdup(req->arena, token);
}

void page_login(Request *req, Response *res)
{
    account_crypto_init();
    if (principal_signed_in(page_user(req))) {
        resp_redirect(res, safe_next(req_param(req, "next")));
        return;
    }
    write_login_form(req, res, pre_login_token(req, res), NULL, (MsgId)-1);
}

static void audit_session(Request *req, const char *login, const char *action, int64_t user_id)
{
    json_t *j = json_pack("{s:s}", "login", login);
    char *text = json_dumps(j, JSON_COMPACT);
    audit_write(req->db, login, req->remote, action, "user", user_id, 0, 0, NULL, text);
    free(text);
    json_decref(j);
}

void page_login_post(Request *req, Response *res)
{
    const char *login = req_form(req, "login"), *password = req_form(req, "password");
    if (!login || !password || !*login || !*password) {
        res->status = 400;
        write_login_form(req, res, pre_login_token(req, res), login, M_LOGIN_FAILED);
        return;
    }
    int64_t user_id = 0;
    Err e = account_login(req->db, login, password, req->remote, &user_id);
    if (e == ERR_OK) {
        char sid[SESSION_ID_CHARS + 1];
        if (session_create(req->db, user_id, req->remote, sid) != ERR_OK) {
            page_error(req, res, 500, M_ERR_BODY_500, NULL);
            return;
        }
        audit_session(req, login, "session.login", user_id);
        resp_header(res, "Set-Cookie", cookie(req, SESSION_COOKIE, sid, "/", ""));
        resp_header(res, "Set-Cookie", cookie(req, PRE_LOGIN_COOKIE, "", "/login", "; Max-Age=0"));
        resp_redirect(res, safe_next(req_form(req, "next")));
        return;
    }
    audit_session(req, login, e == ERR_LIMITED ? "session.login_limited" : "session.login_failed",
                  0);
    res->status = e == ERR_LIMITED ? 429 : 401;
    write_login_form(req, res, pre_login_token(req, res), login,
                     e == ERR_LIMITED ? M_LOGIN_LIMITED : M_LOGIN_FAILED);
}

void page_logout(Request *req, Response *res)
{
    const Principal *who = page_user(req);
    if (principal_signed_in(who) && !who->via_token) {
        session_end(req->db, req_cookie(req, SESSION_COOKIE));
        audit_session(req, who->login, "session.logout", who->user_id);
    }
    resp_header(res, "Set-Cookie", cookie(req, SESSION_COOKIE, "", "/", "; Max-Age=0"));
    resp_redirect(res, page_url(req, "/"));
}

/* The interface language the person reads pages in (model/account.h). */
static void write_lang_form(Request *req, Buf *b)
{
    Lang L = req->lang, chosen = page_user(req)->lang;
    html_printf(b,
                "<section class=\"panel\" aria-labelledby=\"lang-title\">"
                "<h2 id=\"lang-title\">%s</h2><form method=\"post\" action=\"%s\" class=\"stack\">",
                msg(L, M_ACCOUNT_LANG_TITLE), page_url(req, "/account/lang"));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b, "<fieldset><legend>%s</legend>", msg(L, M_ACCOUNT_LANG_LEGEND));
    static const struct {
        Lang lang;
        const char *code;
        MsgId label;
    } choices[] = {{LANG_JA, "ja", M_ACCOUNT_LANG_JA}, {LANG_EN, "en", M_ACCOUNT_LANG_EN}};
    for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++)
        html_printf(
            b,
            "<label class=\"choice\"><input type=\"radio\" name=\"language\" value=\"%s\"%s>"
            " %s</label>",
            choices[i].code, choices[i].lang == chosen ? " checked" : "", msg(L, choices[i].label));
    html_printf(b,
                "</fieldset><div class=\"actions\"><button type=\"submit\" class=\"button"
                " secondary\">%s</button></div></form></section>\n",
                msg(L, M_ACCOUNT_LANG_SAVE));
}

static void write_password_form(Request *req, Response *res, const char *errors[3],
                                const char *notice)
{
    Lang L = req->lang;
    Buf *b = &res->body;
    page_begin(req, res, msg(L, M_PASSWORD_TITLE));
    html_printf(b, "<div class=\"narrow\"><h1>%s</h1>\n", msg(L, M_PASSWORD_TITLE));
    if (notice)
        form_notice(b, notice);
    if (errors[0] || errors[1] || errors[2])
        form_error_summary(req, b);
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                page_url(req, "/account/password"));
    form_csrf(req, b, page_user(req)->csrf);
    form_input(req, b,
               &(FormField){"current", M_PASSWORD_CURRENT, true, -1, NULL, errors[0], "password",
                            "current-password"});
    form_input(req, b,
               &(FormField){"new", M_PASSWORD_NEW, true, M_PASSWORD_HELP, NULL, errors[1],
                            "password", "new-password"});
    form_input(req, b,
               &(FormField){"confirm", M_PASSWORD_CONFIRM, true, -1, NULL, errors[2], "password",
                            "new-password"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form>\n",
                msg(L, M_PASSWORD_CHANGE));
    write_lang_form(req, b);
    HRAW(b, "</div>\n");
    page_end(req, res);
}

void page_password(Request *req, Response *res)
{
    const char *none[3] = {NULL, NULL, NULL};
    write_password_form(req, res, none,
                        req_param(req, "lang_saved") ? msg(req->lang, M_ACCOUNT_LANG_SAVED) : NULL);
}

void page_password_post(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    const char *current = req_form(req, "current"), *fresh = req_form(req, "new"),
               *confirm = req_form(req, "confirm");
    const char *errors[3] = {NULL, NULL, NULL};
    if (!current || !*current)
        errors[0] = msg(L, M_ERR_REQUIRED);
    else if (!account_check_password(req->db, who->user_id, current))
        errors[0] = msg(L, M_ERR_PASSWORD_WRONG);
    if (!fresh || !*fresh)
        errors[1] = msg(L, M_ERR_REQUIRED);
    else if (!confirm || strcmp(fresh, confirm) != 0)
        errors[2] = msg(L, M_ERR_PASSWORD_MISMATCH);
    if (!errors[0] && !errors[1] && !errors[2]) {
        Actor by = page_actor(req);
        AccountProblem problem;
        Err e = account_set_password(req->db, &by, who->user_id, fresh, &problem);
        if (e == ERR_INVALID) {
            errors[1] = msg(L, M_ERR_PASSWORD_WEAK);
        } else if (e != ERR_OK) {
            page_error(req, res, 500, M_ERR_BODY_500, NULL);
            return;
        } else {
            /* Every session ended with the old password; this one goes on anew. */
            char sid[SESSION_ID_CHARS + 1];
            if (session_create(req->db, who->user_id, req->remote, sid) == ERR_OK) {
                resp_header(res, "Set-Cookie", cookie(req, SESSION_COOKIE, sid, "/", ""));
                Principal *again = ARENA_NEW(req->arena, Principal);
                if (session_principal(req->db, req->arena, sid, again) == ERR_OK)
                    req->user = again;
            }
            const char *none[3] = {NULL, NULL, NULL};
            write_password_form(req, res, none, msg(L, M_PASSWORD_CHANGED));
            return;
        }
    }
    res->status = 400;
    write_password_form(req, res, errors, NULL);
}

void page_account_lang_post(Request *req, Response *res)
{
    const char *code = req_form(req, "language");
    if (!code || (strcmp(code, "ja") != 0 && strcmp(code, "en") != 0)) {
        page_error(req, res, 400, M_ERR_BAD_LANG, "language");
        return;
    }
    Actor by = page_actor(req);
    if (account_set_lang(req->db, &by, page_user(req)->user_id, lang_from_code(code)) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    /* No ?lang= on the way back: the page comes in the language just chosen. */
    resp_redirect(res, "/account/password?lang_saved=1");
}
