/* Kept pages (pages/page_cache.h) are never stale and never someone else's:
 * the same request is served from memory with the same ETag and a browser's
 * If-None-Match gets a 304; a save through the program, and a change made by
 * another connection (as another process would), each give a new page and a
 * new ETag at once; the secretariat's page is not what an anonymous reader or
 * another session gets, nor Japanese what English gets. And every table a
 * kept page may show moves the data's version (migration 014). */
#include "base/log.h"
#include "pages/page_cache.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

static Db *db;
static int64_t answer_1; /* the demo's open 2020 answer for project 1 */
static int64_t field_1;  /* the first field of plan 1 */

/* The ETag of a reply, or "". */
static const char *etag_of(const Reply *r)
{
    static char tags[4][64];
    static int next;
    char *t = tags[next++ % 4];
    if (!test_value_after(r->headers, "ETag: ", "\r\n", t, 64))
        t[0] = '\0';
    return t;
}

static Reply get_with_tag(const char *target, const char *tag)
{
    char headers[128];
    snprintf(headers, sizeof(headers), "If-None-Match: %s\r\n", tag);
    return http_send(db, "GET", target, headers, NULL);
}

static void test_same_request_same_page_and_304(void)
{
    page_cache_clear();
    PageCacheStats before = page_cache_stats();
    Reply a = http_get(db, "/plans/1/sheet");
    Reply b = http_get(db, "/plans/1/sheet");
    CHECK_INT(a.status, 200);
    CHECK_INT(b.status, 200);
    CHECK(etag_of(&a)[0] == '"');
    CHECK_STR(etag_of(&a), etag_of(&b));
    CHECK_STR(a.body, b.body);
    CHECK_HAS(b.headers, "Cache-Control: no-cache");
    CHECK_HAS(b.headers, "Content-Security-Policy: ");
    PageCacheStats after = page_cache_stats();
    CHECK_INT(after.misses - before.misses, 1);
    CHECK_INT(after.hits - before.hits, 1);

    char tag[64];
    snprintf(tag, sizeof(tag), "%s", etag_of(&a));
    Reply c = get_with_tag("/plans/1/sheet", tag);
    CHECK_INT(c.status, 304);
    CHECK_STR(c.body, "");
    CHECK_STR(etag_of(&c), tag);
    reply_free(&c);
    char weak[80];
    snprintf(weak, sizeof(weak), "\"x\", W/%s", tag);
    c = get_with_tag("/plans/1/sheet", weak);
    CHECK_INT(c.status, 304);
    reply_free(&c);
    c = get_with_tag("/plans/1/sheet", "\"0123\"");
    CHECK_INT(c.status, 200);
    CHECK_STR(c.body, a.body);
    reply_free(&c);
    /* Another page, or the same with other parameters, is another entry. */
    c = get_with_tag("/plans/1/sheet?era=western", tag);
    CHECK_INT(c.status, 200);
    CHECK(strcmp(etag_of(&c), tag) != 0);
    reply_free(&c);
    c = http_get(db, "/plans/1/sheet.csv");
    CHECK_HAS(c.headers, "Content-Disposition: attachment");
    reply_free(&c);
    c = http_get(db, "/plans/1/sheet.csv");
    CHECK_HAS(c.headers, "Content-Disposition: attachment");
    CHECK_HAS(c.headers, "text/csv");
    reply_free(&c);
    reply_free(&a);
    reply_free(&b);
}

/* What the secretariat sees with every answer, the marker saved as a draft. */
static bool sheet_shows(const Session *s, const char *marker, char *tag)
{
    Reply r = http_get_as(db, s, "/plans/1/sheet?answers=all");
    bool seen = r.status == 200 && strstr(r.body, marker);
    snprintf(tag, 64, "%s", etag_of(&r));
    reply_free(&r);
    return seen;
}

static void test_a_save_is_seen_at_once(void)
{
    Session shogai = test_login(db, "shogaikikaku", "demo");
    Session jimu = test_login(db, "jimukyoku", "demo");
    CHECK(shogai.ok && jimu.ok);
    char before[64], after[64];
    CHECK(!sheet_shows(&jimu, "kept-page-draft-1", before));
    CHECK(!sheet_shows(&jimu, "kept-page-draft-1", before)); /* now kept */

    char target[64], body[256];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)answer_1);
    Reply r = http_get_as(db, &shogai, target);
    char version[16] = "";
    test_value_after(r.body, "name=\"version\" value=\"", "\"", version, sizeof(version));
    reply_free(&r);
    snprintf(body, sizeof(body), "version=%s&action=save&f%lld=kept-page-draft-1", version,
             (long long)field_1);
    r = http_post_as(db, &shogai, target, body);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK(sheet_shows(&jimu, "kept-page-draft-1", after));
    CHECK(strcmp(before, after) != 0);
    char headers[512];
    snprintf(headers, sizeof(headers), "Cookie: %s\r\nIf-None-Match: %s\r\n", jimu.cookie, before);
    Reply old = http_send(db, "GET", "/plans/1/sheet?answers=all", headers, NULL);
    CHECK_INT(old.status, 200); /* the tag is out of date */
    CHECK_HAS(old.body, "kept-page-draft-1");
    reply_free(&old);

    /* The same page for others: an anonymous reader does not see the
     * secretariat's drafts, nor a second session of the same person get the
     * first one's page (it carries that session's token). */
    r = http_get(db, "/plans/1/sheet?answers=all");
    CHECK(r.status != 200 || !strstr(r.body, "kept-page-draft-1"));
    CHECK(strcmp(etag_of(&r), after) != 0);
    reply_free(&r);
    Session jimu2 = test_login(db, "jimukyoku", "demo");
    char other[64];
    CHECK(sheet_shows(&jimu2, "kept-page-draft-1", other));
    CHECK(strcmp(other, after) != 0);
    r = http_get_as(db, &jimu2, "/plans/1/sheet?answers=all");
    CHECK_HAS(r.body, jimu2.csrf);
    CHECK_HASNT(r.body, jimu.csrf);
    CHECK_HAS(r.headers, "Cache-Control: no-store");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet?answers=all&lang=en");
    CHECK_HAS(r.body, "lang=\"en\"");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet?answers=all");
    CHECK_HAS(r.body, "lang=\"ja\"");
    reply_free(&r);
}

static void test_another_connection_changes_the_page(void)
{
    Reply a = http_get(db, "/plans/1/sheet");
    Reply b = http_get(db, "/plans/1/sheet");
    CHECK_STR(etag_of(&a), etag_of(&b));
    /* As another process would: its own connection, its own transaction. */
    Db *other = db_open(test_url("page_cache.db"), DB_OPEN_EXISTING, NULL);
    CHECK(other != NULL);
    if (!other)
        return;
    DbStmt *st = db_prepare(other,
                            "UPDATE initiative SET title = title || $1 WHERE id = "
                            "(SELECT min(id) FROM initiative)",
                            0);
    db_bind_text(st, 1, "（別の接続で改めた）");
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    db_close(other);
    Reply c = http_get(db, "/plans/1/sheet");
    CHECK_HAS(c.body, "（別の接続で改めた）");
    CHECK_HASNT(a.body, "（別の接続で改めた）");
    CHECK(strcmp(etag_of(&c), etag_of(&a)) != 0);
    reply_free(&a);
    reply_free(&b);
    reply_free(&c);
}

/* The tables whose changes no kept page shows, and that change on reads. */
static bool version_exempt(const char *table)
{
    static const char *const exempt[] = {"user_session", "login_failure",   "api_token",
                                         "audit_log",    "workbook_secret", "schema_migrations",
                                         "data_version"};
    for (size_t i = 0; i < sizeof(exempt) / sizeof(exempt[0]); i++)
        if (strcmp(table, exempt[i]) == 0)
            return true;
    return false;
}

static void test_every_table_moves_the_version(void)
{
    bool pg = strcmp(db_engine(db), "postgresql") == 0;
    DbStmt *st = pg ? db_prepare(db,
                                 "SELECT t.table_name, (SELECT count(*) FROM"
                                 " information_schema.triggers g WHERE g.event_object_table ="
                                 " t.table_name AND g.action_statement LIKE '%data_version_bump%')"
                                 " FROM information_schema.tables t WHERE t.table_schema ="
                                 " current_schema() AND t.table_type = 'BASE TABLE'",
                                 2)
                    : db_prepare(db,
                                 "SELECT t.name, (SELECT count(*) FROM sqlite_master g WHERE"
                                 " g.type = 'trigger' AND g.tbl_name = t.name AND g.sql LIKE"
                                 " '%UPDATE data_version SET n = n + 1%') FROM sqlite_master t"
                                 " WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'",
                                 2);
    int tables = 0;
    while (db_step(st) == DB_ROW) {
        const char *name = db_col_text(st, 0);
        int64_t n = db_col_int64(st, 1);
        tables++;
        if (version_exempt(name))
            continue;
        if (n != 3)
            fprintf(stderr, "  table %s has %lld data_version triggers, want 3\n", name,
                    (long long)n);
        CHECK_INT(n, 3); /* insert, update, delete */
    }
    db_done(st);
    CHECK(tables > 30);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("page_cache.db", true);
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id FROM round r JOIN response rs ON rs.round_id = r.id"
                            " WHERE r.plan_id = 1 AND r.fiscal_year = 2020 AND r.status = 'open'"
                            " AND rs.project_id = 1",
                            1);
    if (db_step(st) == DB_ROW)
        answer_1 = db_col_int64(st, 0);
    db_done(st);
    st = db_prepare(db, "SELECT min(id) FROM field_def WHERE plan_id = 1", 1);
    if (db_step(st) == DB_ROW)
        field_1 = db_col_int64(st, 0);
    db_done(st);
    if (!answer_1 || !field_1) {
        fprintf(stderr, "the demo has no open answer for project 1\n");
        return 2;
    }
    TEST_RUN(test_same_request_same_page_and_304);
    TEST_RUN(test_a_save_is_seen_at_once);
    TEST_RUN(test_another_connection_changes_the_page);
    TEST_RUN(test_every_table_moves_the_version);
    db_close(db);
    test_cleanup();
    return TEST_DONE("page_cache");
}
