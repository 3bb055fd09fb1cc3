/* The interface language as a per-person choice: stored with the account,
 * used on every page the person opens, overridden by a page's ?lang=, never
 * applied to anyone else. */
#include "base/log.h"
#include "model/account.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;

static int64_t user_id(const char *login)
{
    Arena a;
    arena_init(&a);
    User u;
    int64_t id = account_by_login(db, &a, login, &u) == ERR_OK ? u.id : 0;
    arena_free(&a);
    return id;
}

static void test_chosen_language_on_every_page(void)
{
    Session jimu = test_login(db, "jimukyoku", "demo");
    CHECK(jimu.ok);
    Reply r = http_get_as(db, &jimu, "/");
    CHECK_HAS(r.body, "<html lang=\"ja\"");
    reply_free(&r);
    Actor by = {"jimukyoku", ""};
    CHECK_INT(account_set_lang(db, &by, user_id("jimukyoku"), LANG_EN), ERR_OK);
    /* The same session, the next page: in English, without ?lang=. */
    r = http_get_as(db, &jimu, "/plans/1/sheet");
    CHECK_HAS(r.body, "<html lang=\"en\"");
    CHECK_HAS(r.body, "<h2 id=\"downloads-title\">Download</h2>");
    reply_free(&r);
    /* A page's ?lang= still wins. */
    r = http_get_as(db, &jimu, "/plans/1/sheet?lang=ja");
    CHECK_HAS(r.body, "<html lang=\"ja\"");
    reply_free(&r);
    /* Others are not affected: another account, and anonymous readers. */
    Session shogai = test_login(db, "shogaikikaku", "demo");
    r = http_get_as(db, &shogai, "/");
    CHECK_HAS(r.body, "<html lang=\"ja\"");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet");
    CHECK_HAS(r.body, "<html lang=\"ja\"");
    reply_free(&r);
    /* The change is audited; back to Japanese. */
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.lang'", 1);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 1);
    db_done(st);
    CHECK_INT(account_set_lang(db, &by, user_id("jimukyoku"), LANG_JA), ERR_OK);
    r = http_get_as(db, &jimu, "/");
    CHECK_HAS(r.body, "<html lang=\"ja\"");
    reply_free(&r);
}

/* The choice is made on the account page: a form with the two languages,
 * the current one checked; saved, the next page is in it. */
static void test_choice_on_the_account_page(void)
{
    Session s = test_login(db, "iin", "demo");
    CHECK(s.ok);
    Reply r = http_get_as(db, &s, "/account/password");
    CHECK_HAS(r.body, "<h2 id=\"lang-title\">表示言語</h2>");
    CHECK_HAS(r.body, "name=\"language\" value=\"ja\" checked>");
    CHECK_HAS(r.body, "action=\"/account/lang\"");
    reply_free(&r);
    r = http_post_as(db, &s, "/account/lang", "language=en");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /account/password?lang_saved=1");
    reply_free(&r);
    r = http_get_as(db, &s, "/account/password?lang_saved=1");
    CHECK_HAS(r.body, "<html lang=\"en\"");
    CHECK_HAS(r.body, "The language is saved.");
    CHECK_HAS(r.body, "name=\"language\" value=\"en\" checked>");
    reply_free(&r);
    /* Anything else is refused, at the field's name, in the reader's language. */
    r = http_post_as(db, &s, "/account/lang", "language=fr");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "Choose ja or en as the language.");
    reply_free(&r);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("lang.db", true);
    TEST_RUN(test_chosen_language_on_every_page);
    TEST_RUN(test_choice_on_the_account_page);
    db_close(db);
    test_cleanup();
    return TEST_DONE("lang");
}
