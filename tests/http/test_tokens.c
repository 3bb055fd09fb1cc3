/* API tokens at /account/tokens: a token is shown once, works as a bearer
 * token and shows when it was last used; revoked and expired tokens are
 * refused; one person cannot revoke another's; writes need the session's
 * CSRF token and this site's origin; a token cannot make tokens; the form's
 * refusals are shown at their fields; the token itself is stored nowhere. */
#include <time.h>
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

static Db *db;
static Session jimu, shimin;

/* The token a creation page shows, into out ("" if none). */
static void shown_token(const Reply *r, char *out, size_t n)
{
    test_value_after(r->body, "id=\"new-token\" type=\"text\" readonly value=\"", "\"", out, n);
}

/* Creates a token as s through the form; returns it in out. */
static void create(const Session *s, const char *name, int days, char *out, size_t n)
{
    char *e = test_form_escape(name);
    char body[512];
    snprintf(body, sizeof(body), "name=%s&days=%d", e, days);
    free(e);
    Reply r = http_post_as(db, s, "/account/tokens", body);
    CHECK_INT(r.status, 200);
    shown_token(&r, out, n);
    CHECK(strncmp(out, "shk_", 4) == 0);
    reply_free(&r);
}

static Reply bearer_get(const char *token, const char *target)
{
    char headers[256];
    snprintf(headers, sizeof(headers), "Authorization: Bearer %s\r\n", token);
    return http_send(db, "GET", target, headers, NULL);
}

/* The id of the newest token named name. */
static int64_t token_id(const char *name)
{
    DbStmt *st = db_prepare(db, "SELECT MAX(id) FROM api_token WHERE name = $1", 1);
    db_bind_text(st, 1, name);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

static int64_t count_tokens(void)
{
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM api_token", 1);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

/* The list's row of the token named name, as a new string ("" if none). */
static char *row_of(const char *body, const char *name)
{
    char th[256];
    snprintf(th, sizeof(th), "<tr><th scope=\"row\">%s</th>", name);
    const char *p = strstr(body, th);
    if (!p)
        return strdup("");
    const char *end = strstr(p, "</tr>");
    return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

/* A stored UTC time "2026-11-25T09:04:05Z" as Japan time, "2026-11-25 18:04:05". */
static void to_jst(const char *iso, char *out, size_t n)
{
    struct tm tm = {0};
    sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
           &tm.tm_sec);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) + 9 * 3600;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

static void test_page_and_form(void)
{
    Reply r = http_get_as(db, &jimu, "/account/tokens");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>APIトークン</h1>");
    CHECK_HAS(r.body, "APIトークンはまだありません。");
    CHECK_HAS(r.body, "<label for=\"f-name\">名前 <span class=\"tag-required\">必須</span>");
    CHECK_HAS(r.body, "<label for=\"f-days\">有効日数 <span class=\"tag-required\">必須</span>");
    CHECK_HAS(r.body, "name=\"days\" type=\"number\" value=\"90\"");
    CHECK_HAS(r.body, "<form method=\"post\" action=\"/account/tokens\"");
    reply_free(&r);
    /* Anonymous readers go to the login; an anonymous POST is refused. */
    r = http_get(db, "/account/tokens");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /login?next=%2Faccount%2Ftokens");
    reply_free(&r);
    Session nobody = {0};
    int64_t before = count_tokens();
    r = http_post_as(db, &nobody, "/account/tokens", "name=x&days=1");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    CHECK_INT(count_tokens(), before);
}

static void test_create_shows_once_and_works(void)
{
    char token[128];
    create(&jimu, "集計スクリプト", 30, token, sizeof(token));
    int64_t id = token_id("集計スクリプト");
    CHECK(id > 0);
    /* The creation page: the token, the warning, how to use it. */
    Reply r = http_post_as(db, &jimu, "/account/tokens", "name=second&days=7");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "APIトークン「second」を作成しました。");
    CHECK_HAS(r.body, "このトークンは今回だけ表示します。");
    CHECK_HAS(r.body, "<pre><code>Authorization: Bearer shk_");
    CHECK_HAS(r.headers, "Cache-Control: no-store");
    CHECK_HASNT(r.headers, "Location:");
    CHECK_HASNT(r.body, token); /* the first one is not shown again */
    char second[128];
    shown_token(&r, second, sizeof(second));
    reply_free(&r);
    /* The list: both, valid, never used; no token anywhere. */
    r = http_get_as(db, &jimu, "/account/tokens");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, token);
    CHECK_HASNT(r.body, second);
    CHECK_HASNT(r.body, "shk_");
    char *row = row_of(r.body, "集計スクリプト");
    CHECK_HAS(row, "有効");
    CHECK_HAS(row, "未使用");
    char action[128];
    snprintf(action, sizeof(action), "action=\"/account/tokens/%lld/revoke\"", (long long)id);
    CHECK_HAS(row, action);
    CHECK_HAS(row, "name=\"csrf\"");
    /* Expires in 30 days, as a date in Japan time. */
    char date[16];
    time_t exp = time(NULL) + 30 * 86400 + 9 * 3600;
    struct tm tm;
    gmtime_r(&exp, &tm);
    strftime(date, sizeof(date), "%Y-%m-%d", &tm);
    CHECK_HAS(row, date);
    free(row);
    reply_free(&r);
    /* The database keeps a hash only. */
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM api_token WHERE token_hash = $1", 1);
    db_bind_text(st, 1, token);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 0);
    db_done(st);
    /* It works, as jimukyoku, and its use shows on the list. */
    r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "仙台市自殺対策計画");
    reply_free(&r);
    st = db_prepare(db, "SELECT last_used_at FROM api_token WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    char used[32] = "";
    if (db_step(st) == DB_ROW && !db_col_null(st, 0))
        snprintf(used, sizeof(used), "%s", db_col_text(st, 0));
    db_done(st);
    CHECK(used[0] != '\0');
    char jst[32];
    to_jst(used, jst, sizeof(jst));
    r = http_get_as(db, &jimu, "/account/tokens");
    row = row_of(r.body, "集計スクリプト");
    CHECK_HASNT(row, "未使用");
    CHECK_HAS(row, jst);
    free(row);
    row = row_of(r.body, "second");
    CHECK_HAS(row, "未使用");
    free(row);
    reply_free(&r);
    /* Signed in by the token, the site knows who it is. */
    r = bearer_get(token, "/account/tokens");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "集計スクリプト");
    reply_free(&r);
    /* The audit log has the creation, without the token. */
    st = db_prepare(db,
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'token.create'"
                    " AND actor = 'jimukyoku' AND entity_id = $1",
                    1);
    db_bind_int64(st, 1, id);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 1);
    db_done(st);
    st = db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%shk_%'", 1);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 0);
    db_done(st);
}

static void test_revoke(void)
{
    char token[128];
    create(&jimu, "to-revoke", 10, token, sizeof(token));
    int64_t id = token_id("to-revoke");
    Reply r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 200);
    reply_free(&r);
    char target[128];
    snprintf(target, sizeof(target), "/account/tokens/%lld/revoke", (long long)id);
    r = http_post_as(db, &jimu, target, "");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /account/tokens\r\n");
    reply_free(&r);
    r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 401);
    CHECK_HAS(r.headers, "WWW-Authenticate: Bearer");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/account/tokens");
    char *row = row_of(r.body, "to-revoke");
    CHECK_HAS(row, "取消済");
    CHECK_HASNT(row, "<form"); /* nothing more to revoke */
    free(row);
    reply_free(&r);
    /* Revoking again changes nothing and goes back to the list. */
    r = http_post_as(db, &jimu, target, "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM audit_log WHERE action = 'token.revoke'"
                            " AND entity_id = $1 AND actor = 'jimukyoku'",
                            1);
    db_bind_int64(st, 1, id);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 1);
    db_done(st);
    /* In English, the redirect keeps the language. */
    create(&jimu, "to-revoke-en", 10, token, sizeof(token));
    snprintf(target, sizeof(target), "/account/tokens/%lld/revoke?lang=en",
             (long long)token_id("to-revoke-en"));
    r = http_post_as(db, &jimu, target, "");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /account/tokens?lang=en\r\n");
    reply_free(&r);
}

static void test_expired(void)
{
    char token[128];
    create(&jimu, "short-lived", 1, token, sizeof(token));
    int64_t id = token_id("short-lived");
    Reply r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 200);
    reply_free(&r);
    DbStmt *st = db_prepare(db, "UPDATE api_token SET expires_at = $1 WHERE id = $2", 0);
    db_bind_int64(st, 1, (int64_t)time(NULL) - 60);
    db_bind_int64(st, 2, id);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 401);
    CHECK_HAS(r.body, "\"code\"");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/account/tokens");
    char *row = row_of(r.body, "short-lived");
    CHECK_HAS(row, "失効");
    CHECK_HASNT(row, "<form");
    free(row);
    reply_free(&r);
}

static void test_other_users_token(void)
{
    char token[128];
    create(&shimin, "shimin-token", 5, token, sizeof(token));
    int64_t id = token_id("shimin-token");
    char target[128];
    snprintf(target, sizeof(target), "/account/tokens/%lld/revoke", (long long)id);
    Reply r = http_post_as(db, &jimu, target, "");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    r = http_post_as(db, &jimu, "/account/tokens/999999/revoke", "");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    /* Still valid, and not on jimukyoku's list. */
    r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 200);
    reply_free(&r);
    r = http_get_as(db, &jimu, "/account/tokens");
    CHECK_HASNT(r.body, "shimin-token");
    reply_free(&r);
    r = http_get_as(db, &shimin, "/account/tokens");
    CHECK_HAS(r.body, "shimin-token");
    CHECK_HASNT(r.body, "集計スクリプト");
    reply_free(&r);
}

static void test_writes_need_csrf_and_origin(void)
{
    int64_t before = count_tokens();
    char headers[512];
    /* No csrf field. */
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             jimu.cookie);
    Reply r = http_send(db, "POST", "/account/tokens", headers, "name=nocsrf&days=5");
    CHECK_INT(r.status, 403);
    CHECK_HASNT(r.body, "shk_");
    reply_free(&r);
    /* Another session's token. */
    char body[256];
    snprintf(body, sizeof(body), "csrf=%s&name=othercsrf&days=5", shimin.csrf);
    r = http_send(db, "POST", "/account/tokens", headers, body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* From another site, with the right token. */
    snprintf(headers, sizeof(headers),
             "Origin: http://evil.example\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             jimu.cookie);
    snprintf(body, sizeof(body), "csrf=%s&name=evil&days=5", jimu.csrf);
    r = http_send(db, "POST", "/account/tokens", headers, body);
    CHECK_INT(r.status, 403);
    CHECK_HAS(r.body, "別のサイトからの送信は受け付けられません");
    CHECK_HASNT(r.body, "shk_");
    reply_free(&r);
    CHECK_INT(count_tokens(), before);
    /* Revoking needs them too. */
    char token[128], target[128];
    create(&jimu, "csrf-revoke", 5, token, sizeof(token));
    snprintf(target, sizeof(target), "/account/tokens/%lld/revoke",
             (long long)token_id("csrf-revoke"));
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             jimu.cookie);
    r = http_send(db, "POST", target, headers, "");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    snprintf(headers, sizeof(headers),
             "Origin: http://evil.example\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             jimu.cookie);
    snprintf(body, sizeof(body), "csrf=%s", jimu.csrf);
    r = http_send(db, "POST", target, headers, body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = bearer_get(token, "/api/v1/plans");
    CHECK_INT(r.status, 200);
    reply_free(&r);
}

static void test_token_cannot_make_tokens(void)
{
    char token[128];
    create(&jimu, "maker", 5, token, sizeof(token));
    int64_t before = count_tokens();
    char headers[256];
    snprintf(headers, sizeof(headers),
             "Authorization: Bearer %s\r\nContent-Type: application/x-www-form-urlencoded\r\n",
             token);
    Reply r = http_send(db, "POST", "/account/tokens", headers, "name=child&days=5");
    CHECK_INT(r.status, 403);
    CHECK_HAS(r.body, "APIトークンでは新しいトークンを作成できません。");
    CHECK_HASNT(r.body, "shk_");
    reply_free(&r);
    CHECK_INT(count_tokens(), before);
    /* The page read with a token offers no form to make one. */
    r = bearer_get(token, "/account/tokens");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, "<form method=\"post\" action=\"/account/tokens\"");
    reply_free(&r);
}

static void test_form_errors(void)
{
    static const struct {
        const char *body;  /* the fields sent */
        const char *field; /* the field with the error */
        const char *text;  /* the message there */
    } bad[] = {
        {"name=&days=30", "name", "入力してください。"},
        {"name=+++&days=30", "name", "入力してください。"},
        {"days=30", "name", "入力してください。"},
        {"name=x&days=", "days", "入力してください。"},
        {"name=x&days=0", "days", "有効日数は1〜366の整数で入力してください。"},
        {"name=x&days=367", "days", "有効日数は1〜366の整数で入力してください。"},
        {"name=x&days=-5", "days", "有効日数は1〜366の整数で入力してください。"},
        {"name=x&days=3.5", "days", "有効日数は1〜366の整数で入力してください。"},
        {"name=x&days=abc", "days", "有効日数は1〜366の整数で入力してください。"},
    };
    int64_t before = count_tokens();
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        Reply r = http_post_as(db, &jimu, "/account/tokens", bad[i].body);
        if (r.status != 400)
            fprintf(stderr, "  %s gave %d\n", bad[i].body, r.status);
        CHECK_INT(r.status, 400);
        char at[512];
        snprintf(at, sizeof(at),
                 "aria-invalid=\"true\" aria-describedby=\"f-%s-help f-%s-error\">"
                 "<p class=\"error-text\" id=\"f-%s-error\">%s</p>",
                 bad[i].field, bad[i].field, bad[i].field, bad[i].text);
        CHECK_HAS(r.body, at);
        CHECK_HAS(r.body, "入力内容に誤りがあります。");
        CHECK_HASNT(r.body, "shk_");
        reply_free(&r);
    }
    /* Names are counted in characters: 50 are fine, 51 are too many. */
    char fifty[50 * 9 + 1] = "", body[1024];
    for (int i = 0; i < 50; i++)
        strcat(fifty, "%E3%81%82"); /* あ */
    snprintf(body, sizeof(body), "name=%s%%E3%%81%%82&days=30", fifty);
    Reply r = http_post_as(db, &jimu, "/account/tokens", body);
    CHECK_INT(r.status, 400);
    CHECK_HAS(
        r.body,
        "<p class=\"error-text\" id=\"f-name-error\">名前は1〜50文字で入力してください。</p>");
    CHECK_HAS(r.body, "value=\"ああああ"); /* what was typed is kept */
    reply_free(&r);
    CHECK_INT(count_tokens(), before);
    snprintf(body, sizeof(body), "name=%s&days=366", fifty);
    r = http_post_as(db, &jimu, "/account/tokens", body);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "shk_");
    reply_free(&r);
    CHECK_INT(count_tokens(), before + 1);
    /* Both fields wrong: both messages. */
    r = http_post_as(db, &jimu, "/account/tokens?lang=en", "name=&days=0");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-name-error\">Please fill this in.</p>");
    CHECK_HAS(r.body, "id=\"f-days-error\">Days valid must be a whole number from 1 to 366.</p>");
    reply_free(&r);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("tokens.db", true);
    jimu = test_login(db, "jimukyoku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    if (!jimu.ok || !shimin.ok) {
        fprintf(stderr, "cannot sign in: %d %d\n", jimu.status, shimin.status);
        return 1;
    }
    TEST_RUN(test_page_and_form);
    TEST_RUN(test_create_shows_once_and_works);
    TEST_RUN(test_revoke);
    TEST_RUN(test_expired);
    TEST_RUN(test_other_users_token);
    TEST_RUN(test_writes_need_csrf_and_origin);
    TEST_RUN(test_token_cannot_make_tokens);
    TEST_RUN(test_form_errors);
    db_close(db);
    test_cleanup();
    return TEST_DONE("tokens");
}
