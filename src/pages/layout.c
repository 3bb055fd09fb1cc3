#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/era.h"
#include "base/html.h"
#include "pages/layout.h"
#include "pages/assets.h"
#include "pages/auth.h"
#include "pages/form.h"

const char *asset_url(Request *req, const char *name)
{
    return arena_printf(req->arena, "/assets/%s?v=%s", name, assets_version());
}

void page_lang_param(Request *req, Buf *b, char sep)
{
    if (req->lang == LANG_EN) {
        buf_putc(b, sep);
        buf_puts(b, "lang=en");
    }
}

const char *page_url(Request *req, const char *path)
{
    if (req->lang != LANG_EN)
        return arena_strdup(req->arena, path);
    return arena_printf(req->arena, "%s%clang=en", path, strchr(path, '?') ? '&' : '?');
}

/* Who is signed in and where they can go; or the way to sign in. */
static void write_user_menu(Request *req, Buf *b)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    if (!principal_signed_in(who)) {
        html_printf(b, "<li><a href=\"%s\">%s</a></li>", login_url(req), msg(L, M_LOGIN_TITLE));
        return;
    }
    html_printf(b, "<li class=\"user-name\">%s%s</li>", msg(L, M_SIGNED_IN_AS), who->display_name);
    html_printf(b, "<li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li>",
                page_url(req, "/inbox"), msg(L, M_MENU_INBOX), page_url(req, "/rounds"),
                msg(L, M_MENU_ROUNDS));
    if (principal_is_admin(who))
        html_printf(b, "<li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li>",
                    page_url(req, "/admin/users"), msg(L, M_MENU_USERS),
                    page_url(req, "/admin/org"), msg(L, M_ORG_MENU));
    if (principal_runs_plan(who, 0))
        html_printf(b, "<li><a href=\"%s\">%s</a></li>", page_url(req, "/imports/new"),
                    msg(L, M_MENU_IMPORT));
    if (principal_may_audit(who))
        html_printf(b, "<li><a href=\"%s\">%s</a></li>", page_url(req, "/audit"),
                    msg(L, M_MENU_AUDIT));
    html_printf(b, "<li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li>",
                page_url(req, "/account/tokens"), msg(L, M_MENU_TOKENS),
                page_url(req, "/account/password"), msg(L, M_MENU_PASSWORD));
    if (!who->via_token) {
        html_printf(b, "<li><form method=\"post\" action=\"%s\" class=\"logout\">",
                    page_url(req, "/logout"));
        form_csrf(req, b, who->csrf);
        html_printf(b, "<button type=\"submit\" class=\"link-button\">%s</button></form></li>",
                    msg(L, M_LOGOUT));
    }
}

void page_begin(Request *req, Response *res, const char *title)
{
    Buf *b = &res->body;
    Lang L = req->lang;
    res->content_type = "text/html; charset=utf-8";
    html_printf(b,
                "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%s | %s</title>\n"
                "<link rel=\"stylesheet\" href=\"%s\">\n"
                "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n"
                "<script src=\"%s\" defer></script>\n</head>\n<body>\n",
                msg(L, M_LANG_CODE), title, msg(L, M_APP_NAME), asset_url(req, "style.css"),
                asset_url(req, "icon.svg"), asset_url(req, "app.js"));
    Buf other = BUF_INIT;
    /* The other language: the same path, its language switched. */
    buf_puts(&other, req->path);
    int n = 0;
    for (int i = 0; i < req->nparams; i++) {
        if (strcmp(req->params[i].name, "lang") == 0)
            continue;
        buf_putc(&other, n++ ? '&' : '?');
        url_escape(&other, req->params[i].name);
        buf_putc(&other, '=');
        url_escape(&other, req->params[i].value);
    }
    if (L == LANG_JA)
        buf_puts(&other, n ? "&lang=en" : "?lang=en");
    html_printf(b,
                "<a class=\"skip-link\" href=\"#main\">%s</a>\n"
                "<header class=\"site-header\"><div class=\"site-header-inner\">"
                "<a class=\"site-name\" href=\"%s\">%s</a>"
                "<span class=\"site-subtitle\">%s</span>"
                "<nav class=\"user-menu\" aria-label=\"%s\"><ul>",
                msg(L, M_SKIP_TO_MAIN), page_url(req, "/"), msg(L, M_APP_NAME),
                msg(L, M_APP_SUBTITLE), msg(L, M_ACCOUNT_MENU));
    write_user_menu(req, b);
    html_printf(b,
                "<li><a class=\"lang-switch\" href=\"%s\" lang=\"%s\">%s</a></li></ul></nav>"
                "</div></header>\n<main id=\"main\" tabindex=\"-1\">\n",
                other.data, L == LANG_JA ? "en" : "ja", msg(L, M_OTHER_LANGUAGE));
    buf_free(&other);
}

void page_end(Request *req, Response *res)
{
    Lang L = req->lang;
    /* Where assets/app.js says that a file is being made or read (a large
     * plan's PDF takes seconds): a live region, empty until then. */
    html_printf(&res->body,
                "</main>\n<footer class=\"site-footer\"><p>%s</p></footer>\n"
                "<p id=\"work-status\" class=\"work-status\" role=\"status\" data-busy=\"%s\""
                " data-done=\"%s\" data-failed=\"%s\" data-upload=\"%s\"></p>\n</body>\n</html>\n",
                msg(L, M_FOOTER), msg(L, M_WORK_FILE_BUSY), msg(L, M_WORK_FILE_DONE),
                msg(L, M_WORK_FILE_FAILED), msg(L, M_WORK_UPLOAD_BUSY));
}

static MsgId title_of(int status)
{
    switch (status) {
    case 400:
        return M_ERR_TITLE_400;
    case 403:
        return M_ERR_TITLE_403;
    case 404:
        return M_ERR_TITLE_404;
    case 405:
        return M_ERR_TITLE_405;
    case 413:
        return M_ERR_TITLE_413;
    case 503:
        return M_ERR_TITLE_503;
    default:
        return M_ERR_TITLE_500;
    }
}

static const char *code_of(int status)
{
    switch (status) {
    case 400:
        return "invalid";
    case 403:
        return "forbidden";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 409:
        return "conflict";
    case 413:
        return "too_big";
    case 503:
        return "busy";
    default:
        return "internal";
    }
}

void page_error(Request *req, Response *res, int status, MsgId detail, const char *param)
{
    res->status = status;
    buf_reset(&res->body);
    Lang other = req->lang == LANG_JA ? LANG_EN : LANG_JA;
    if (strncmp(req->path, "/api/", 5) == 0) {
        res->content_type = "application/json";
        json_t *err = json_pack("{s:s, s:s, s:s}", "code", code_of(status), "message",
                                msg(LANG_JA, detail), "message_en", msg(LANG_EN, detail));
        if (param)
            json_object_set_new(err, "param", json_string(param));
        json_t *root = json_pack("{s:o}", "error", err);
        char *text = json_dumps(root, JSON_COMPACT);
        buf_puts(&res->body, text);
        buf_putc(&res->body, '\n');
        free(text);
        json_decref(root);
        return;
    }
    page_begin(req, res, msg(req->lang, title_of(status)));
    html_printf(&res->body,
                "<div class=\"error-page\" role=\"alert\"><h1>%s</h1>\n"
                "<p class=\"error-detail\">%s</p>\n<p class=\"error-other\" lang=\"%s\">%s</p>\n"
                "<p><a href=\"%s\">%s</a></p></div>\n",
                msg(req->lang, title_of(status)), msg(req->lang, detail), msg(other, M_LANG_CODE),
                msg(other, detail), page_url(req, "/"), msg(req->lang, M_BACK_TO_LIST));
    page_end(req, res);
}

void page_error_text(Request *req, Response *res, int status, const char *text)
{
    res->status = status;
    buf_reset(&res->body);
    if (strncmp(req->path, "/api/", 5) == 0) {
        res->content_type = "application/json";
        json_t *root = json_pack("{s:{s:s, s:s}}", "error", "code", code_of(status), "message",
                                 text ? text : "");
        char *json = json_dumps(root, JSON_COMPACT);
        buf_puts(&res->body, json);
        buf_putc(&res->body, '\n');
        free(json);
        json_decref(root);
        return;
    }
    page_begin(req, res, msg(req->lang, title_of(status)));
    html_printf(&res->body, "<div class=\"error-page\" role=\"alert\"><h1>%s</h1>\n",
                msg(req->lang, title_of(status)));
    for (const char *p = text ? text : ""; *p;) {
        const char *nl = strchr(p, '\n');
        char *line = arena_strndup(req->arena, p, nl ? (size_t)(nl - p) : strlen(p));
        html_printf(&res->body, "<p class=\"error-detail\">%s</p>\n", line);
        p = nl ? nl + 1 : p + strlen(p);
    }
    html_printf(&res->body, "<p><a href=\"%s\">%s</a></p></div>\n", page_url(req, "/"),
                msg(req->lang, M_BACK_TO_LIST));
    page_end(req, res);
}

const char *page_fy_name(Request *req, int fy)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, ERA_JAPANESE, 0);
    const char *s = arena_strdup(req->arena, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

const char *page_fill(Request *req, MsgId id, const char *text)
{
    const char *args[] = {text};
    char *s = msg_fill(req->lang, id, args, 1);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

const char *page_fill2(Request *req, MsgId id, const char *first, const char *second)
{
    const char *args[] = {first, second};
    char *s = msg_fill(req->lang, id, args, 2);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

void page_model_error(Request *req, Response *res, Err e)
{
    if (e == ERR_NOT_FOUND)
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
    else if (e == ERR_FORBIDDEN)
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
    else
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
}
