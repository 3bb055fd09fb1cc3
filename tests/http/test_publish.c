/* Publishing rounds and the secretariat's view with unconfirmed answers, on
 * the demo (plan 1, its 令和2年度 round open). The imported 令和元年度 answers
 * are public; an answer confirmed in the 令和2年度 round shows to the
 * secretariat and to its own section and bureau, to signed-in viewers once
 * the round is published to them (1) and to everyone once it is public (2).
 * answers=all shows the secretariat the drafts too, marked 未確定, on the page,
 * in the JSON and prefixed 【未確定】 in the files; anyone else gets 400. The
 * publish form: editors 403, the secretariat 303 and an audit row. The tests
 * run in order on one database. */
#include <jansson.h>
#include "base/log.h"
#include "model/account.h"
#include "model/answer.h"
#include "model/round.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

#define CONFIRMED_TEXT "PUBLISH-CONFIRMED-2020-TEXT"
#define DRAFT_TEXT     "PUBLISH-DRAFT-2020-TEXT"

static Db *db;
static Session jimu, shogai, shimin, kenko, iin;
static int64_t demo_round;       /* the demo's round of 2020 at 年度当初 */
static int64_t answer_1;         /* its answer for project 1 (障害企画課): confirmed */
static int64_t answer_6;         /* its answer for project 6 (市民生活課): a draft */
static char baseline_2019[1024]; /* project 1's imported 2019 implementation answer */

/* Saves values (all fields the same text) into answer id as the command line
 * would, submitting if asked. */
static Err save_answer(int64_t id, const char *text, bool submit)
{
    Arena a;
    arena_init(&a);
    Answer ans;
    Err e = answer_get(db, &a, NULL, id, &ans);
    if (e == ERR_OK) {
        const char *values[16];
        FieldProblem problems[16];
        for (int i = 0; i < ans.nfields && i < 16; i++)
            values[i] = text;
        e = answer_save(db, &(Actor){"test", ""}, NULL, id, ans.version, values, ans.nfields,
                        submit, problems);
    }
    arena_free(&a);
    return e;
}

/* GET target as s (NULL: anonymous). */
static Reply get(const Session *s, const char *target)
{
    return s ? http_get_as(db, s, target) : http_get(db, target);
}

/* The project's value of field key in year from the sheet's JSON as s sees
 * it (query appended to the API's URL), and its status if the JSON has one;
 * a malloc'd string or NULL. *http gets the status code. */
static char *api_value(const Session *s, const char *query, int64_t project, const char *year,
                       const char *key, char *status, size_t nstatus, int *http)
{
    char target[256];
    snprintf(target, sizeof(target), "/api/v1/plans/1/sheet%s", query);
    Reply r = get(s, target);
    *http = r.status;
    if (status)
        status[0] = '\0';
    char *out = NULL;
    json_t *root = json_loads(r.body, 0, NULL);
    json_t *in, *p;
    size_t i, j;
    json_array_foreach(json_object_get(root, "initiatives"), i, in)
    {
        json_array_foreach(json_object_get(in, "projects"), j, p)
        {
            if (json_integer_value(json_object_get(p, "id")) != project || out)
                continue;
            json_t *v = json_object_get(json_object_get(json_object_get(p, "answers"), year), key);
            out = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
            json_t *st =
                json_object_get(json_object_get(json_object_get(p, "statuses"), year), key);
            if (status && json_is_string(st))
                snprintf(status, nstatus, "%s", json_string_value(st));
        }
    }
    json_decref(root);
    reply_free(&r);
    return out;
}

/* Does s see project's 2020 implementation answer as text on the sheet (JSON)? */
static bool sees_2020(const Session *s, int64_t project, const char *text)
{
    int http;
    char *v = api_value(s, "?years=2020", project, "2020", "implementation", NULL, 0, &http);
    bool yes = http == 200 && v && strcmp(v, text) == 0;
    free(v);
    return yes;
}

/* The first column of the first row of a statement (with $1 = arg if arg). */
static int64_t first_value(DbStmt *st, int64_t arg)
{
    if (arg)
        db_bind_int64(st, 1, arg);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}
#define count(sql, arg) first_value(db_prepare(db, sql, 1), (arg))

static void test_imported_rounds_are_public(void)
{
    /* Every round the importer made (never opened) is public; the opened one is not. */
    CHECK(count("SELECT COUNT(*) FROM round WHERE opened_at IS NULL", 0) > 0);
    CHECK_INT(count("SELECT COUNT(*) FROM round WHERE opened_at IS NULL AND published <> 2", 0), 0);
    CHECK_INT(count("SELECT published FROM round WHERE id = $1", demo_round), 0);
    const Session *who[] = {NULL, &iin, &jimu, &shimin};
    for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
        int http;
        char *v = api_value(who[i], "", 1, "2019", "implementation", NULL, 0, &http);
        CHECK_INT(http, 200);
        CHECK(v != NULL && strcmp(v, baseline_2019) == 0);
        free(v);
    }
    /* On the page too, for anonymous readers. */
    Reply r = http_get(db, "/plans/1/sheet?years=2019");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "相談窓口に関するリーフレット等を作成し");
    CHECK_HASNT(r.body, "unconfirmed");
    reply_free(&r);
}

static void test_unpublished_round_shows_to_its_own_people(void)
{
    /* The secretariat, the section and its bureau see the confirmed answer. */
    CHECK(sees_2020(&jimu, 1, CONFIRMED_TEXT));
    CHECK(sees_2020(&shogai, 1, CONFIRMED_TEXT));
    CHECK(sees_2020(&kenko, 1, CONFIRMED_TEXT));
    /* The council, anonymous readers and another section do not. */
    CHECK(!sees_2020(&iin, 1, CONFIRMED_TEXT));
    CHECK(!sees_2020(NULL, 1, CONFIRMED_TEXT));
    CHECK(!sees_2020(&shimin, 1, CONFIRMED_TEXT));
    Reply r = http_get(db, "/plans/1/sheet?years=2020");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, CONFIRMED_TEXT);
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet.csv?years=2020");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, CONFIRMED_TEXT);
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet?years=2020");
    CHECK_HAS(r.body, CONFIRMED_TEXT);
    /* The sheet shows confirmed answers only, even to the secretariat. */
    CHECK_HASNT(r.body, DRAFT_TEXT);
    CHECK_HASNT(r.body, "class=\"c-value unconfirmed");
    reply_free(&r);
}

static void test_all_answers_for_the_secretariat(void)
{
    /* The page: the draft marked 未確定（下書き）, the confirmed answer not marked. */
    Reply r = http_get_as(db, &jimu, "/plans/1/sheet?years=2020&answers=all");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, DRAFT_TEXT);
    CHECK_HAS(r.body, CONFIRMED_TEXT);
    CHECK_HAS(r.body, "<td class=\"c-value unconfirmed");
    CHECK_HAS(r.body, "data-status=\"draft\"");
    CHECK_HAS(r.body, "<span class=\"unconfirmed-badge\">未確定（下書き）</span> " DRAFT_TEXT);
    CHECK_HASNT(r.body, "未確定（下書き）</span> " CONFIRMED_TEXT);
    CHECK_INT(occurrences(r.body, "class=\"unconfirmed-badge\""), 3); /* three start fields */
    CHECK_HAS(r.body, "未確定の回答（下書き・提出済・差戻し）も表示しています");
    /* The checkbox is on and the links keep the view. */
    CHECK_HAS(r.body, "name=\"answers\" value=\"all\" checked");
    CHECK_HAS(r.body, "未確定の回答も表示する（事務局のみ）");
    CHECK_HAS(r.body, "sheet.csv?years=2020&amp;answers=all");
    CHECK_HAS(r.body, "/api/v1/plans/1/sheet?years=2020&amp;answers=all");
    reply_free(&r);
    /* The JSON: a status beside each value. */
    int http;
    char status[32];
    char *v = api_value(&jimu, "?years=2020&answers=all", 6, "2020", "implementation", status,
                        sizeof(status), &http);
    CHECK_INT(http, 200);
    CHECK(v && strcmp(v, DRAFT_TEXT) == 0);
    CHECK_STR(status, "draft");
    free(v);
    v = api_value(&jimu, "?years=2020&answers=all", 1, "2020", "implementation", status,
                  sizeof(status), &http);
    CHECK(v && strcmp(v, CONFIRMED_TEXT) == 0);
    CHECK_STR(status, "confirmed");
    free(v);
    /* Without answers=all the JSON has no statuses and no drafts. */
    v = api_value(&jimu, "?years=2020", 6, "2020", "implementation", status, sizeof(status), &http);
    CHECK(v == NULL);
    CHECK_STR(status, "");
    free(v);
    /* The files: the text prefixed 【未確定】. */
    r = http_get_as(db, &jimu, "/plans/1/sheet.csv?years=2020&answers=all");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "【未確定】" DRAFT_TEXT);
    CHECK_HAS(r.body, CONFIRMED_TEXT);
    CHECK_HASNT(r.body, "【未確定】" CONFIRMED_TEXT);
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet.csv?years=2020");
    CHECK_HASNT(r.body, DRAFT_TEXT);
    CHECK_HASNT(r.body, "【未確定】");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet.html?years=2020&answers=all");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "未確定（下書き）</span> " DRAFT_TEXT);
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet.xlsx?years=2020&answers=all");
    CHECK_INT(r.status, 200);
    reply_free(&r);
}

static void test_all_answers_refused_to_others(void)
{
    const Session *who[] = {&shogai, &kenko, &iin, NULL};
    const char *targets[] = {"/plans/1/sheet?answers=all", "/api/v1/plans/1/sheet?answers=all",
                             "/plans/1/sheet.csv?answers=all"};
    for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++)
        for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
            Reply r = get(who[i], targets[t]);
            CHECK_INT(r.status, 400);
            CHECK_HAS(r.body, "answers");
            CHECK_HASNT(r.body, DRAFT_TEXT);
            reply_free(&r);
        }
    Reply r = http_get_as(db, &shogai, "/plans/1/sheet?answers=all");
    CHECK_HAS(r.body, "この計画の事務局だけです");
    reply_free(&r);
    /* A value that is neither all nor confirmed, for anyone. */
    r = http_get_as(db, &jimu, "/plans/1/sheet?answers=some");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "answers");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet?answers=confirmed&years=2020");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, DRAFT_TEXT);
    reply_free(&r);
    /* An unreadable plan stays 404, whatever the parameter. */
    r = http_get_as(db, &shogai, "/plans/999/sheet?answers=all");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    /* The checkbox is offered to those who run the plan only. */
    r = http_get_as(db, &shogai, "/plans/1/sheet");
    CHECK_HASNT(r.body, "name=\"answers\"");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet");
    CHECK_HASNT(r.body, "name=\"answers\"");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet");
    CHECK_HAS(r.body, "name=\"answers\" value=\"all\">");
    reply_free(&r);
}

static void test_publish_form_and_rights(void)
{
    char target[64], page[64];
    snprintf(target, sizeof(target), "/rounds/%lld/publish", (long long)demo_round);
    snprintf(page, sizeof(page), "/rounds/%lld", (long long)demo_round);
    /* The form is on the secretariat's round page only. */
    Reply r = http_get_as(db, &jimu, page);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, target);
    CHECK_HAS(r.body, "name=\"level\" value=\"0\" aria-describedby=\"f-level-help\" checked");
    CHECK_HAS(r.body, "一般に公開（ログインしていない人にも）");
    reply_free(&r);
    r = http_get_as(db, &shogai, page);
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, target);
    reply_free(&r);
    /* Editors and reviewers may not; the council does not see the round. */
    r = http_post_as(db, &shogai, target, "level=2");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &kenko, target, "level=2");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &iin, target, "level=2");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    CHECK_INT(count("SELECT published FROM round WHERE id = $1", demo_round), 0);
    /* A level that is none of the three. */
    const char *bad[] = {"level=3", "level=-1", "level=x", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = http_post_as(db, &jimu, target, bad[i]);
        CHECK_INT(r.status, 400);
        CHECK_HAS(r.body, "掲載範囲を選んでください。");
        reply_free(&r);
    }
    CHECK_INT(count("SELECT COUNT(*) FROM audit_log WHERE action = 'round.publish'", 0), 0);
    /* Model: only who runs the plan. */
    Arena a;
    arena_init(&a);
    User u;
    CHECK_INT(account_by_login(db, &a, "shogaikikaku", &u), ERR_OK);
    Principal p = {.user_id = u.id, .login = "shogaikikaku", .display_name = ""};
    CHECK_INT(principal_load_grants(db, &a, &p), ERR_OK);
    CHECK_INT(round_set_published(db, &(Actor){"test", ""}, &p, demo_round, 1), ERR_FORBIDDEN);
    CHECK_INT(round_set_published(db, &(Actor){"test", ""}, NULL, demo_round, 9), ERR_INVALID);
    CHECK_INT(round_set_published(db, &(Actor){"test", ""}, NULL, 99999, 1), ERR_NOT_FOUND);
    arena_free(&a);
}

static void test_published_to_viewers(void)
{
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld/publish", (long long)demo_round);
    Reply r = http_post_as(db, &jimu, target, "level=1");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "published=1");
    reply_free(&r);
    CHECK_INT(count("SELECT published FROM round WHERE id = $1", demo_round), 1);
    CHECK_INT(count("SELECT COUNT(*) FROM audit_log WHERE action = 'round.publish'"
                    " AND actor = 'jimukyoku' AND entity = 'round' AND entity_id = $1"
                    " AND after_json = '{\"published\":1}'"
                    " AND before_json = '{\"published\":0}'",
                    demo_round),
              1);
    char page[64];
    snprintf(page, sizeof(page), "/rounds/%lld?published=1", (long long)demo_round);
    r = http_get_as(db, &jimu, page);
    CHECK_HAS(r.body, "シートへの掲載範囲を変更しました。");
    CHECK_HAS(r.body, "name=\"level\" value=\"1\" aria-describedby=\"f-level-help\" checked");
    reply_free(&r);
    /* Signed-in viewers now see it; anonymous readers still do not. */
    CHECK(sees_2020(&iin, 1, CONFIRMED_TEXT));
    CHECK(sees_2020(&shimin, 1, CONFIRMED_TEXT));
    CHECK(!sees_2020(NULL, 1, CONFIRMED_TEXT));
    /* Drafts never show outside the secretariat's view. */
    CHECK(!sees_2020(&iin, 6, DRAFT_TEXT));
    r = http_get_as(db, &iin, "/plans/1/sheet?years=2020");
    CHECK_HAS(r.body, CONFIRMED_TEXT);
    CHECK_HASNT(r.body, DRAFT_TEXT);
    reply_free(&r);
}

static void test_public(void)
{
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld/publish", (long long)demo_round);
    Reply r = http_post_as(db, &jimu, target, "level=2");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK(sees_2020(NULL, 1, CONFIRMED_TEXT));
    CHECK(sees_2020(&iin, 1, CONFIRMED_TEXT));
    CHECK(!sees_2020(NULL, 6, DRAFT_TEXT));
    r = http_get(db, "/plans/1/sheet.csv?years=2020");
    CHECK_HAS(r.body, CONFIRMED_TEXT);
    CHECK_HASNT(r.body, "【未確定】");
    reply_free(&r);
    /* And back: unpublished again, gone for the council and the public. */
    r = http_post_as(db, &jimu, target, "level=0");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK(!sees_2020(NULL, 1, CONFIRMED_TEXT));
    CHECK(!sees_2020(&iin, 1, CONFIRMED_TEXT));
    CHECK(sees_2020(&shogai, 1, CONFIRMED_TEXT));
    CHECK_INT(count("SELECT COUNT(*) FROM audit_log WHERE action = 'round.publish'", 0), 3);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("publish.db", true);
    DbStmt *st = db_prepare(db,
                            "SELECT r.id FROM round r WHERE r.plan_id = 1 AND r.fiscal_year = 2020"
                            " AND r.checkpoint = 'start' AND r.status = 'open'",
                            1);
    demo_round = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    st = db_prepare(db, "SELECT id FROM response WHERE round_id = $1 AND project_id = $2", 1);
    db_bind_int64(st, 1, demo_round);
    db_bind_int64(st, 2, 1);
    answer_1 = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    st = db_prepare(db, "SELECT id FROM response WHERE round_id = $1 AND project_id = $2", 1);
    db_bind_int64(st, 1, demo_round);
    db_bind_int64(st, 2, 6);
    answer_6 = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    st = db_prepare(db,
                    "SELECT rv.text_value FROM response_value rv"
                    " JOIN response rs ON rs.id = rv.response_id JOIN round r ON r.id = rs.round_id"
                    " JOIN field_def f ON f.id = rv.field_id WHERE rs.project_id = 1"
                    " AND r.fiscal_year = 2019 AND f.key = 'implementation'",
                    1);
    if (db_step(st) == DB_ROW)
        snprintf(baseline_2019, sizeof(baseline_2019), "%s", db_col_text(st, 0));
    db_done(st);
    if (!demo_round || !answer_1 || !answer_6 || !baseline_2019[0]) {
        fprintf(stderr, "the demo has no open round of 2020 with projects 1 and 6\n");
        return 2;
    }
    /* Project 1 answered, submitted and confirmed; project 6 left a draft. */
    if (save_answer(answer_1, CONFIRMED_TEXT, true) != ERR_OK ||
        answer_confirm(db, &(Actor){"test", ""}, NULL, answer_1) != ERR_OK ||
        save_answer(answer_6, DRAFT_TEXT, false) != ERR_OK) {
        fprintf(stderr, "cannot prepare the answers\n");
        return 2;
    }
    jimu = test_login(db, "jimukyoku", "demo");
    shogai = test_login(db, "shogaikikaku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    kenko = test_login(db, "kenkofukushi", "demo");
    iin = test_login(db, "iin", "demo");
    if (!jimu.ok || !shogai.ok || !shimin.ok || !kenko.ok || !iin.ok) {
        fprintf(stderr, "cannot sign in the demo accounts\n");
        return 2;
    }
    TEST_RUN(test_imported_rounds_are_public);
    TEST_RUN(test_unpublished_round_shows_to_its_own_people);
    TEST_RUN(test_all_answers_for_the_secretariat);
    TEST_RUN(test_all_answers_refused_to_others);
    TEST_RUN(test_publish_form_and_rights);
    TEST_RUN(test_published_to_viewers);
    TEST_RUN(test_public);
    db_close(db);
    test_cleanup();
    return TEST_DONE("publish");
}
