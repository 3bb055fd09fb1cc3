/* The audit log page: who may read it and which entries they see (an
 * administrator all, a plan's secretariat only that plan's), the filters and
 * their refusals, times in Japan time, paging, escaping, that nothing on the
 * page or in the route table changes the log, and that no password ever
 * reaches it. */
#include <time.h>
#include "base/log.h"
#include "i18n/msg.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

static Db *db;
static Session admin, jimu;

/* An entry made by the test, as if some write had happened. */
static void add_entry(const char *at, const char *actor, const char *action, int64_t plan_id,
                      int64_t project_id, const char *after_json)
{
    DbStmt *st = db_prepare(db,
                            "INSERT INTO audit_log (at, actor, address, action, entity, entity_id,"
                            " after_json, plan_id, project_id)"
                            " VALUES ($1, $2, '10.0.0.9', $3, 'test', 7, $4, $5, $6)",
                            0);
    db_bind_text(st, 1, at);
    db_bind_text(st, 2, actor);
    db_bind_text(st, 3, action);
    db_bind_text(st, 4, after_json);
    if (plan_id)
        db_bind_int64(st, 5, plan_id);
    else
        db_bind_null(st, 5);
    if (project_id)
        db_bind_int64(st, 6, project_id);
    else
        db_bind_null(st, 6);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
}

/* The part of a page from its table body to the table's end: the entries. */
static const char *entries(const Reply *r)
{
    const char *t = strstr(r->body, "<tbody>");
    return t ? t : "";
}

static void test_who_may_read(void)
{
    /* Not for editors, reviewers, viewers; anonymous readers go to the login. */
    const char *refused[] = {"shogaikikaku", "kenkofukushi", "iin"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        Session s = test_login(db, refused[i], "demo");
        CHECK(s.ok);
        Reply r = http_get_as(db, &s, "/audit");
        CHECK_INT(r.status, 403);
        CHECK_HASNT(r.body, "plan.import");
        CHECK_HASNT(r.body, "<tbody>");
        reply_free(&r);
    }
    Reply r = http_get(db, "/audit");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /login?next=%2Faudit\r\n");
    reply_free(&r);
    r = http_get(db, "/audit?actor=admin");
    CHECK_INT(r.status, 303);
    CHECK_HASNT(r.body, "admin");
    reply_free(&r);
}

static void test_admin_sees_every_kind(void)
{
    Reply r = http_get_as(db, &admin, "/audit");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>監査ログ</h1>");
    /* Headers for every column, as column headers. */
    const char *cols[] = {"日時（日本時間）", "操作者", "接続元", "操作", "対象",
                          "変更前",           "変更後"};
    for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
        char th[128];
        snprintf(th, sizeof(th), "<th scope=\"col\">%s</th>", cols[i]);
        CHECK_HAS(r.body, th);
    }
    const char *rows = entries(&r);
    CHECK_HAS(rows, "<code>user.create</code>");
    CHECK_HAS(rows, "<code>user.grant</code>");
    CHECK_HAS(rows, "<code>plan.import</code>");
    CHECK_HAS(rows, "<code>plan.publish</code>");
    CHECK_HAS(rows, "<code>session.login</code>");
    CHECK_HAS(rows, "<td>127.0.0.1</td>"); /* where the logins came from */
    CHECK_HAS(rows, "<td>plan 1</td>");
    /* The JSON after the change, escaped, in a code block. */
    CHECK_HAS(rows, "<pre><code>{&quot;login&quot;:&quot;jimukyoku&quot;,");
    /* The plan filter offers every plan to an administrator. */
    CHECK_HAS(r.body, "<option value=\"1\">");
    reply_free(&r);
}

static void test_secretariat_sees_own_plan_only(void)
{
    add_entry("2026-01-05T01:00:00Z", "cli", "test.other_plan", 2, 0, "{\"secret\":\"plan2\"}");
    add_entry("2026-01-05T01:00:01Z", "cli", "test.plan_one", 1, 0, NULL);
    add_entry("2026-01-05T01:00:02Z", "cli", "test.no_plan", 0, 0, NULL);
    Reply r = http_get_as(db, &jimu, "/audit");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "事務局を担当している計画");
    const char *rows = entries(&r);
    CHECK_HAS(rows, "<code>plan.import</code>");
    CHECK_HAS(rows, "<code>plan.publish</code>");
    CHECK_HAS(rows, "<code>test.plan_one</code>");
    CHECK_HASNT(rows, "test.other_plan");
    CHECK_HASNT(rows, "plan2");
    CHECK_HASNT(rows, "test.no_plan");
    /* Accounts and sessions, even their own, are no plan's business. */
    CHECK_HASNT(rows, "user.create");
    CHECK_HASNT(rows, "user.grant");
    CHECK_HASNT(rows, "session.login");
    CHECK_HASNT(rows, "shogaikikaku");
    /* The plan select offers plan 1, the only one they run. */
    CHECK_HAS(r.body, "<option value=\"1\">");
    CHECK_HASNT(r.body, "<option value=\"2\"");
    reply_free(&r);
    /* No filter widens the scope: another plan is refused, an actor's entries
     * about no plan stay hidden. */
    r = http_get_as(db, &jimu, "/audit?plan=2");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "計画（plan）");
    CHECK_HASNT(r.body, "test.other_plan");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/audit?actor=admin");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(entries(&r), "session.login");
    CHECK_HAS(r.body, "条件に合う記録はありません。");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/audit?plan=1&actor=cli");
    CHECK_INT(r.status, 200);
    CHECK_HAS(entries(&r), "test.plan_one");
    CHECK_HASNT(entries(&r), "test.other_plan");
    CHECK_HAS(r.body, "<option value=\"1\" selected>");
    reply_free(&r);
    /* The administrator sees both. */
    r = http_get_as(db, &admin, "/audit?actor=cli");
    CHECK_HAS(entries(&r), "test.other_plan");
    CHECK_HAS(entries(&r), "test.no_plan");
    reply_free(&r);
}

static void test_filters(void)
{
    /* By actor, exactly. */
    Reply r = http_get_as(db, &admin, "/audit?actor=jimukyoku");
    CHECK_INT(r.status, 200);
    const char *rows = entries(&r);
    CHECK(occurrences(rows, "</time></th><td>jimukyoku</td>") > 0);
    CHECK_INT(occurrences(rows, "</time></th><td>cli</td>"), 0);
    CHECK_INT(occurrences(rows, "</time></th><td>admin</td>"), 0);
    CHECK_INT(occurrences(rows, "<tr>"), occurrences(rows, "<td>jimukyoku</td>"));
    CHECK_HAS(r.body, "value=\"jimukyoku\""); /* the form shows the filter again */
    reply_free(&r);
    r = http_get_as(db, &admin, "/audit?actor=jimu");
    CHECK_HAS(r.body, "条件に合う記録はありません。");
    reply_free(&r);
    /* By project. */
    add_entry("2026-01-06T00:00:00Z", "shogaikikaku", "test.project5", 1, 5, NULL);
    add_entry("2026-01-06T00:00:01Z", "shogaikikaku", "test.project6", 1, 6, NULL);
    r = http_get_as(db, &jimu, "/audit?project=5");
    CHECK_INT(r.status, 200);
    CHECK_HAS(entries(&r), "test.project5");
    CHECK_HASNT(entries(&r), "test.project6");
    CHECK_HASNT(entries(&r), "plan.import");
    reply_free(&r);
    /* By dates, which are days in Japan time: 2019-12-31T15:30Z is already
     * 2020-01-01 00:30 in Tokyo; 14:59:59Z is still the last day of 2019. */
    add_entry("2019-12-31T14:59:59Z", "cli", "test.before", 1, 0, NULL);
    add_entry("2019-12-31T15:30:00Z", "cli", "test.first", 1, 0, NULL);
    add_entry("2020-01-01T14:59:59Z", "cli", "test.last", 1, 0, NULL);
    add_entry("2020-01-01T15:00:00Z", "cli", "test.after", 1, 0, NULL);
    r = http_get_as(db, &admin, "/audit?from=2020-01-01&to=2020-01-01");
    CHECK_INT(r.status, 200);
    rows = entries(&r);
    CHECK_HAS(rows, "test.first");
    CHECK_HAS(rows, "test.last");
    CHECK_HASNT(rows, "test.before");
    CHECK_HASNT(rows, "test.after");
    CHECK_HASNT(rows, "plan.import");
    CHECK_INT(occurrences(rows, "<tr>"), 2);
    CHECK_HAS(r.body, "2件中 1〜2件目");
    /* Shown in Japan time, the stored UTC time kept for machines. */
    CHECK_HAS(rows, "<time datetime=\"2019-12-31T15:30:00Z\">2020-01-01 00:30:00</time>");
    CHECK_HAS(rows, "<time datetime=\"2020-01-01T14:59:59Z\">2020-01-01 23:59:59</time>");
    /* Newest first. */
    const char *last = strstr(rows, "test.last"), *first = strstr(rows, "test.first");
    CHECK(last && first && last < first);
    reply_free(&r);
    r = http_get_as(db, &admin, "/audit?to=2019-12-31");
    rows = entries(&r);
    CHECK_HAS(rows, "test.before");
    CHECK_HASNT(rows, "test.first");
    reply_free(&r);
    r = http_get_as(db, &admin, "/audit?from=2020-01-02&actor=cli");
    rows = entries(&r);
    CHECK_HAS(rows, "test.after");
    CHECK_HASNT(rows, "test.last");
    reply_free(&r);
}

static void test_bad_parameters(void)
{
    static const struct {
        const char *query, *named;
    } bad[] = {
        {"from=2020-13-01", "開始日（from）"}, {"from=20200101", "開始日（from）"},
        {"from=yesterday", "開始日（from）"},  {"to=2021-02-29", "終了日（to）"},
        {"to=2020-1-1", "終了日（to）"},       {"from=2020-02-02&to=2020-02-01", "（to）"},
        {"page=0", "ページ（page）"},          {"page=-1", "ページ（page）"},
        {"page=x", "ページ（page）"},          {"project=abc", "事業ID（project）"},
        {"project=0", "事業ID（project）"},    {"plan=abc", "計画（plan）"},
        {"plan=99", "計画（plan）"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char target[256];
        snprintf(target, sizeof(target), "/audit?%s", bad[i].query);
        Reply r = http_get_as(db, &admin, target);
        if (r.status != 400)
            fprintf(stderr, "  %s gave %d\n", target, r.status);
        CHECK_INT(r.status, 400);
        CHECK_HAS(r.body, bad[i].named);
        CHECK_HASNT(r.body, "<tbody>");
        reply_free(&r);
    }
    /* In English too, the parameter is named. */
    Reply r = http_get_as(db, &admin, "/audit?from=2020-02-30&lang=en");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "start date (from)");
    reply_free(&r);
    /* A leap day is a date. */
    r = http_get_as(db, &admin, "/audit?from=2020-02-29&to=2020-02-29");
    CHECK_INT(r.status, 200);
    reply_free(&r);
}

static void test_paging(void)
{
    char at[32], action[32];
    for (int i = 0; i < 150; i++) {
        snprintf(at, sizeof(at), "2030-01-01T00:%02d:%02dZ", i / 60, i % 60);
        snprintf(action, sizeof(action), "test.page%03d", i);
        add_entry(at, "pager", action, 1, 0, NULL);
    }
    Reply r = http_get_as(db, &admin, "/audit?actor=pager");
    CHECK_INT(r.status, 200);
    const char *rows = entries(&r);
    CHECK_INT(occurrences(rows, "<tr>"), 100);
    CHECK_HAS(rows, "test.page149"); /* the newest first */
    CHECK_HAS(rows, "test.page050");
    CHECK_HASNT(rows, "test.page049");
    CHECK_HAS(r.body, "150件中 1〜100件目");
    CHECK_HAS(r.body, "href=\"/audit?actor=pager&amp;page=2\" rel=\"next\"");
    CHECK_HASNT(r.body, "rel=\"prev\"");
    reply_free(&r);
    r = http_get_as(db, &admin, "/audit?actor=pager&page=2");
    CHECK_INT(r.status, 200);
    rows = entries(&r);
    CHECK_INT(occurrences(rows, "<tr>"), 50);
    CHECK_HAS(rows, "test.page049");
    CHECK_HAS(rows, "test.page000");
    CHECK_HASNT(rows, "test.page050");
    CHECK_HAS(r.body, "150件中 101〜150件目");
    CHECK_HAS(r.body, "rel=\"prev\"");
    CHECK_HASNT(r.body, "rel=\"next\"");
    reply_free(&r);
    r = http_get_as(db, &admin, "/audit?actor=pager&page=3");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "条件に合う記録はありません。");
    reply_free(&r);
}

static void test_text_is_escaped(void)
{
    add_entry("2031-01-01T00:00:00Z", "<b>mallory</b>", "test.escape", 1, 0,
              "{\"name\":\"<script>alert(1)</script>\"}");
    Reply r = http_get_as(db, &admin, "/audit?from=2031-01-01");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK_HASNT(r.body, "<script>alert");
    CHECK_HAS(r.body, "&lt;b&gt;mallory&lt;/b&gt;");
    CHECK_HASNT(r.body, "<b>mallory");
    reply_free(&r);
    /* The actor filter takes any text and escapes it back into the form. */
    r = http_get_as(db, &admin, "/audit?actor=%3Cb%3Emallory%3C%2Fb%3E");
    CHECK_INT(r.status, 200);
    CHECK_HAS(entries(&r), "test.escape");
    CHECK_HAS(r.body, "value=\"&lt;b&gt;mallory&lt;/b&gt;\"");
    reply_free(&r);
}

static void test_log_cannot_be_changed(void)
{
    /* The table has no route that writes to /audit, and POST is refused. */
    for (const Route *rt = app_routes; rt->pattern; rt++)
        if (strncmp(rt->pattern, "/audit", 6) == 0)
            CHECK(strcmp(rt->method, "GET") == 0 && !rt->writes);
    Reply r = http_post_as(db, &admin, "/audit", "id=1");
    CHECK_INT(r.status, 405);
    reply_free(&r);
    r = http_post_as(db, &admin, "/audit/1/delete", "");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    /* The page offers no form that posts. */
    r = http_get_as(db, &admin, "/audit");
    const char *main = strstr(r.body, "<main");
    CHECK_HASNT(main ? main : "", "method=\"post\" action=\"/audit");
    CHECK_INT(occurrences(r.body, "method=\"post\""), 1); /* the logout form only */
    reply_free(&r);
}

/* Logins, a failed one, a password change: the log has none of the passwords. */
static void test_no_password_in_the_log(void)
{
    Session s = test_login(db, "shiminseikatsu", "wrong-password-123");
    CHECK(!s.ok);
    CHECK_INT(s.status, 401);
    s = test_login(db, "shiminseikatsu", "demo");
    CHECK(s.ok);
    Reply r = http_post_as(db, &s, "/account/password",
                           "current=demo&new=Kawa-no-nagare-2026&confirm=Kawa-no-nagare-2026");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "パスワードを変更しました");
    reply_free(&r);
    Session again = test_login(db, "shiminseikatsu", "Kawa-no-nagare-2026");
    CHECK(again.ok);
    const char *secrets[] = {"wrong-password-123", "Kawa-no-nagare-2026", "\"demo\"", "$argon2"};
    r = http_get_as(db, &admin, "/audit?actor=shiminseikatsu");
    CHECK_INT(r.status, 200);
    CHECK_HAS(entries(&r), "session.login_failed");
    CHECK_HAS(entries(&r), "session.login");
    CHECK_HAS(entries(&r), "user.password");
    for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
        CHECK_HASNT(r.body, secrets[i]);
    CHECK_HASNT(r.body, "&quot;demo&quot;");
    reply_free(&r);
    /* Every column of every row of the table itself. */
    enum { C_AT, C_ACTOR, C_ADDRESS, C_ACTION, C_ENTITY, C_BEFORE, C_AFTER, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT at, actor, address, action, entity, before_json, after_json"
                            " FROM audit_log",
                            C_N);
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        rows++;
        for (int c = 0; c < C_N; c++) {
            const char *v = db_col_text(st, c);
            for (size_t i = 0; v && i < sizeof(secrets) / sizeof(secrets[0]); i++) {
                if (strstr(v, secrets[i]))
                    fprintf(stderr, "  audit_log has \"%s\" in \"%s\"\n", secrets[i], v);
                CHECK(strstr(v, secrets[i]) == NULL);
            }
        }
    }
    db_done(st);
    CHECK(rows > 20);
}

static void test_english(void)
{
    Reply r = http_get_as(db, &admin, "/audit?lang=en&actor=cli");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>Audit log</h1>");
    CHECK_HAS(r.body, "<th scope=\"col\">Date and time (Japan)</th>");
    CHECK_HAS(r.body, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
    reply_free(&r);
}

int main(void)
{
    log_set_quiet(true);
    db = test_db("audit.db", true);
    admin = test_login(db, "admin", "demo");
    jimu = test_login(db, "jimukyoku", "demo");
    if (!admin.ok || !jimu.ok) {
        fprintf(stderr, "cannot sign in: %d %d\n", admin.status, jimu.status);
        return 1;
    }
    TEST_RUN(test_who_may_read);
    TEST_RUN(test_admin_sees_every_kind);
    TEST_RUN(test_secretariat_sees_own_plan_only);
    TEST_RUN(test_filters);
    TEST_RUN(test_bad_parameters);
    TEST_RUN(test_paging);
    TEST_RUN(test_text_is_escaped);
    TEST_RUN(test_log_cannot_be_changed);
    TEST_RUN(test_no_password_in_the_log);
    TEST_RUN(test_english);
    db_close(db);
    test_cleanup();
    return TEST_DONE("audit");
}
