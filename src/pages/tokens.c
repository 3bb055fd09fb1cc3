/* GET/POST /account/tokens, POST /account/tokens/{id}/revoke: a person's own
 * API tokens. A new token is shown once, on the page that answers its
 * creation, and kept only as a hash; tokens are made by a person signed in
 * with a browser, never with another token. The model audits both writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "base/clock.h"
#include "base/html.h"
#include "base/log.h"
#include "base/utf8.h"
#include "model/session.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"
#include "pages/pages.h"

enum {
    JST_OFFSET = 9 * 60 * 60, /* Asia/Tokyo: UTC+9, no summer time */
    NAME_MAX_CHARS = 50,
    DAYS_DEFAULT = 90,
};

/* What the form shows again, and the messages at its fields. */
typedef struct TokenForm {
    const char *name, *days;
    const char *name_error, *days_error;
} TokenForm;

/* A token just made, to show once. */
typedef struct NewToken {
    const char *name;
    const char *token;
} NewToken;

/* Epoch seconds as a date in Japan time, "2027-02-23" (arena). */
static const char *jst_date(Arena *a, int64_t epoch)
{
    time_t t = (time_t)(epoch + JST_OFFSET);
    struct tm j;
    char s[16];
    gmtime_r(&t, &j);
    strftime(s, sizeof(s), "%Y-%m-%d", &j);
    return arena_strdup(a, s);
}

static void write_token_list(Request *req, Buf *b, const ApiToken *tokens, int n)
{
    Lang L = req->lang;
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_TOKENS_EMPTY));
        return;
    }
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table tokens\">\n<thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "</tr></thead>\n<tbody>\n",
                msg(L, M_TOKEN_COL_NAME), msg(L, M_TOKEN_COL_CREATED), msg(L, M_TOKEN_COL_EXPIRES),
                msg(L, M_TOKEN_COL_LAST_USED), msg(L, M_TOKEN_COL_STATE),
                msg(L, M_TOKEN_COL_ACTIONS));
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < n; i++) {
        const ApiToken *t = &tokens[i];
        bool revoked = t->revoked_at != NULL, expired = !revoked && t->expires_at <= now;
        MsgId state = revoked ? M_TOKEN_REVOKED : expired ? M_TOKEN_EXPIRED : M_TOKEN_VALID;
        html_printf(b,
                    "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>"
                    "<td><span class=\"status%s\">%s</span></td><td>",
                    t->name, clock_jst(req->arena, t->created_at, true),
                    jst_date(req->arena, t->expires_at),
                    t->last_used_at ? clock_jst(req->arena, t->last_used_at, true)
                                    : msg(L, M_TOKEN_NEVER_USED),
                    revoked || expired ? " status-returned" : " status-confirmed", msg(L, state));
        if (!revoked && !expired) {
            const char *action = page_url(
                req, arena_printf(req->arena, "/account/tokens/%lld/revoke", (long long)t->id));
            html_printf(b, "<form method=\"post\" action=\"%s\">", action);
            form_csrf(req, b, page_user(req)->csrf);
            html_printf(b, "<button type=\"submit\" class=\"button secondary\">%s</button></form>",
                        msg(L, M_TOKEN_REVOKE));
        }
        HRAW(b, "</td></tr>\n");
    }
    HRAW(b, "</tbody></table></div>\n");
}

static void write_new_token(Request *req, Buf *b, const NewToken *made)
{
    Lang L = req->lang;
    const char *args[] = {made->name};
    char *created = msg_fill(L, M_TOKEN_CREATED, args, 1);
    html_printf(b,
                "<section class=\"panel new-token\" aria-labelledby=\"new-token-title\">"
                "<div class=\"notice\" role=\"status\"><p id=\"new-token-title\">%s</p></div>\n"
                "<p><strong>%s</strong></p>\n"
                "<div class=\"field\"><label for=\"new-token\">%s</label>"
                "<input id=\"new-token\" type=\"text\" readonly value=\"%s\""
                " autocomplete=\"off\" spellcheck=\"false\" size=\"52\"></div>\n"
                "<p>%s</p>\n<pre><code>Authorization: Bearer %s</code></pre></section>\n",
                created, msg(L, M_TOKEN_SHOWN_ONCE), msg(L, M_TOKEN_YOUR_TOKEN), made->token,
                msg(L, M_TOKEN_USAGE), made->token);
    free(created);
}

static void write_create_form(Request *req, Buf *b, const TokenForm *f)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    html_printf(b, "<section class=\"narrow\"><h2>%s</h2>\n", msg(L, M_TOKEN_NEW));
    if (who->via_token) {
        html_printf(b, "<p>%s</p></section>\n", msg(L, M_ERR_TOKEN_BY_TOKEN));
        return;
    }
    if (f->name_error || f->days_error)
        form_error_summary(req, b);
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                page_url(req, "/account/tokens"));
    form_csrf(req, b, who->csrf);
    form_input(req, b,
               &(FormField){"name", M_TOKEN_NAME, true, M_TOKEN_NAME_HELP, f->name, f->name_error,
                            "text", "off"});
    form_input(req, b,
               &(FormField){"days", M_TOKEN_DAYS, true, M_TOKEN_DAYS_HELP, f->days, f->days_error,
                            "number", "off"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></section>\n",
                msg(L, M_TOKEN_CREATE));
}

static void write_page(Request *req, Response *res, const TokenForm *f, const NewToken *made)
{
    Lang L = req->lang;
    ApiToken *tokens;
    int n;
    if (token_list(req->db, req->arena, page_user(req)->user_id, &tokens, &n) != ERR_OK) {
        log_error("token list: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    Buf *b = &res->body;
    page_begin(req, res, msg(L, M_TOKENS_TITLE));
    html_printf(b, "<h1>%s</h1>\n", msg(L, M_TOKENS_TITLE));
    if (made)
        write_new_token(req, b, made);
    html_printf(b, "<p>%s</p>\n", msg(L, M_TOKENS_INTRO));
    write_token_list(req, b, tokens, n);
    write_create_form(req, b, f);
    page_end(req, res);
}

static const char *default_days(Request *req)
{
    return arena_printf(req->arena, "%d", DAYS_DEFAULT);
}

void page_tokens(Request *req, Response *res)
{
    TokenForm f = {NULL, default_days(req), NULL, NULL};
    write_page(req, res, &f, NULL);
}

/* The name without the spaces around it (arena). */
static const char *trimmed(Request *req, const char *s)
{
    if (!s)
        return "";
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return arena_strndup(req->arena, s, n);
}

/* 1 to TOKEN_MAX_DAYS written with digits only, or 0. */
static int parse_days(const char *s)
{
    if (!s || !*s || strlen(s) > 3)
        return 0;
    int v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
    }
    return v >= 1 && v <= TOKEN_MAX_DAYS ? v : 0;
}

void page_tokens_post(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    if (who->via_token) {
        page_error(req, res, 403, M_ERR_TOKEN_BY_TOKEN, NULL);
        return;
    }
    const char *name = trimmed(req, req_form(req, "name"));
    const char *days_text = trimmed(req, req_form(req, "days"));
    TokenForm f = {name, days_text, NULL, NULL};
    if (!*name)
        f.name_error = msg(L, M_ERR_REQUIRED);
    else if (utf8_char_count(name) > NAME_MAX_CHARS)
        f.name_error = msg(L, M_ERR_TOKEN_NAME);
    int days = parse_days(days_text);
    if (!*days_text)
        f.days_error = msg(L, M_ERR_REQUIRED);
    else if (!days)
        f.days_error = msg(L, M_ERR_TOKEN_DAYS);
    if (f.name_error || f.days_error) {
        res->status = 400;
        write_page(req, res, &f, NULL);
        return;
    }
    char token[SESSION_ID_CHARS + 8];
    int64_t id = 0;
    Actor by = page_actor(req);
    Err e = token_create(req->db, &by, who->user_id, name, days, token, &id);
    if (e != ERR_OK) {
        log_error("token create: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    /* The token goes into this page only: never into a redirect, a log or the
     * database (which keeps its hash). */
    NewToken made = {name, token};
    TokenForm fresh = {NULL, default_days(req), NULL, NULL};
    write_page(req, res, &fresh, &made);
    sodium_memzero(token, sizeof(token));
}

void page_token_revoke(Request *req, Response *res)
{
    const Principal *who = page_user(req);
    int64_t id = req->ids[0];
    ApiToken *tokens;
    int n;
    if (token_list(req->db, req->arena, who->user_id, &tokens, &n) != ERR_OK) {
        log_error("token list: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    const ApiToken *mine = NULL;
    for (int i = 0; i < n && !mine; i++)
        if (tokens[i].id == id)
            mine = &tokens[i];
    /* Someone else's token does not exist for this person. */
    if (!mine) {
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return;
    }
    if (!mine->revoked_at) {
        Actor by = page_actor(req);
        Err e = token_revoke(req->db, &by, who->user_id, id);
        if (e == ERR_NOT_FOUND) {
            page_error(req, res, 404, M_ERR_BODY_404, NULL);
            return;
        }
        if (e != ERR_OK) {
            log_error("token revoke: %s", db_errmsg(req->db));
            page_error(req, res, 500, M_ERR_BODY_500, NULL);
            return;
        }
    }
    resp_redirect(res, page_url(req, "/account/tokens"));
}
