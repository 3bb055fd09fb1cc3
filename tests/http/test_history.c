/* The history of an answer through HTTP: versions saved in-process on the
 * demo round's answer for project 1 are listed newest first with who saved
 * them; the default comparison shows what changed from the version before
 * in <del>/<ins>; any two versions can be compared, and the latest text
 * with the year's other checkpoint and with last year's confirmed answer;
 * bad parameters are 400 naming the parameter; the event list shows a
 * return with its comment and an entry on the section's behalf. Only those
 * who may read the answer see its history (404 for others, the login page
 * for nobody). */
#include "base/log.h"
#include "model/answer.h"
#include "model/round.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

static Db *db;
static Session shogai, jimu, shimin, kenko;
static int64_t answer_1; /* the 令和2年度 年度当初 answer for project 1 (障害企画課) */
static int64_t answer_end; /* the 年度末 answer for project 1, once opened */

static const char *url(int64_t id, const char *rest)
{
    static char buf[4][256];
    static int next;
    char *u = buf[next++ % 4];
    snprintf(u, 256, "/answers/%lld/history%s", (long long)id, rest);
    return u;
}

/* Saves texts (by field id; others kept) on an answer as actor, in-process,
 * as a draft or submitted. */
static Err save(int64_t id, const char *actor, const int64_t *field_ids, const char *const *texts,
                int n, bool submit)
{
    Arena a;
    arena_init(&a);
    Answer an;
    Err e = answer_get(db, &a, NULL, id, &an);
    if (e == ERR_OK) {
        const char **values = calloc((size_t)an.nfields + 1, sizeof(char *));
        FieldProblem *problems = calloc((size_t)an.nfields + 1, sizeof(FieldProblem));
        for (int i = 0; i < an.nfields; i++)
            for (int k = 0; k < n; k++)
                if (an.fields[i].field_id == field_ids[k])
                    values[i] = texts[k];
        e = answer_save(db, &(Actor){actor, ""}, NULL, id, an.version, values, an.nfields, submit,
                        problems);
        free(values);
        free(problems);
    }
    arena_free(&a);
    return e;
}

static Err save1(int64_t id, const char *actor, int64_t field_id, const char *text)
{
    return save(id, actor, &field_id, &text, 1, false);
}

static int version_of(int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT version FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    int v = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}

/* Where needle is in haystack, or -1. */
static long where(const char *haystack, const char *needle)
{
    const char *p = haystack ? strstr(haystack, needle) : NULL;
    return p ? (long)(p - haystack) : -1;
}

/* ---------- Tests ---------- */

static void test_versions_listed_newest_first(void)
{
    /* Three saves by three people; field 2 changes once, in the second. */
    CHECK_INT(save1(answer_1, "tanaka", 1, "リーフレットを配布した。"), ERR_OK);
    int64_t both[] = {1, 2};
    const char *texts[] = {"リーフレットを作成して配った。", "市民に<周知>できた。"};
    CHECK_INT(save(answer_1, "suzuki", both, texts, 2, false), ERR_OK);
    CHECK_INT(save1(answer_1, "sato", 1, "リーフレットを作成し、区役所に設置した。"), ERR_OK);
    CHECK_INT(version_of(answer_1), 3);

    Reply r = http_get_as(db, &shogai, url(answer_1, ""));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>障害者に対する虐待相談窓口の周知の変更履歴</h1>");
    CHECK_HAS(r.body, "令和2年度 年度当初確認");
    CHECK_HAS(r.body, "<h2 id=\"field-1-title\">取組みの実施状況</h2>");
    CHECK_HAS(r.body, "<caption>取組みの実施状況の版</caption>");
    /* Each version with its actor, newest first. */
    long v3 =
        where(r.body, "<tr><th scope=\"row\">第3版 <span class=\"history-latest\">最新</span>");
    long v2 = where(r.body, "<tr><th scope=\"row\">第2版</th>");
    long v1 = where(r.body, "<tr><th scope=\"row\">第1版</th>");
    CHECK(v3 > 0 && v2 > v3 && v1 > v2);
    CHECK_HAS(r.body, "<td>sato</td><td><div class=\"answer-text\">リーフレットを作成し、区役所に"
                      "設置した。</div></td>");
    CHECK_HAS(r.body, "<td>suzuki</td><td><div class=\"answer-text\">リーフレットを作成して配った"
                      "。</div></td>");
    CHECK_HAS(r.body,
              "<td>tanaka</td><td><div class=\"answer-text\">リーフレットを配布した。</div></td>");
    /* Times in Japan time, the UTC one kept in datetime. */
    CHECK_HAS(r.body, "<td><time datetime=\"20");
    /* Text is escaped. */
    CHECK_HAS(r.body, "市民に&lt;周知&gt;できた。");
    CHECK_HASNT(r.body, "<周知>");
    /* The default comparison: the latest against the one before. */
    CHECK_HAS(r.body, "<h3>変更箇所（第2版 → 第3版）</h3>");
    CHECK_HAS(r.body, "<div class=\"diff answer-text\">リーフレットを作成し"
                      "<del><span class=\"visually-hidden\">削除：</span>て配っ</del>"
                      "<ins><span class=\"visually-hidden\">追加：</span>、区役所に設置し</ins>"
                      "た。</div>");
    /* Field 2 has one version: nothing earlier to compare with. */
    CHECK_HAS(r.body, "最初の版のため、比較する前の版はありません。");
    /* Field 3 was never saved. */
    CHECK_HAS(r.body, "この項目には変更履歴がありません。");
    /* The form to compare two versions, the latest two chosen. */
    CHECK_HAS(r.body, "<input type=\"hidden\" name=\"field\" value=\"1\">");
    CHECK_HAS(r.body, "<select id=\"h-f1-from\" name=\"from\"><option value=\"3\">第3版</option>"
                      "<option value=\"2\" selected>第2版</option>");
    CHECK_HAS(r.body, "<select id=\"h-f1-to\" name=\"to\"><option value=\"3\" selected>");
    /* Links back to the answer. */
    char link[160];
    snprintf(link, sizeof(link), "<a href=\"/answers/%lld\">回答のページに戻る</a>",
             (long long)answer_1);
    CHECK_HAS(r.body, link);
    reply_free(&r);

    /* The answer page links here. */
    char answer_page[64];
    snprintf(answer_page, sizeof(answer_page), "/answers/%lld", (long long)answer_1);
    r = http_get_as(db, &shogai, answer_page);
    CHECK_INT(r.status, 200);
    snprintf(link, sizeof(link), "<a href=\"%s\">変更履歴</a>", url(answer_1, ""));
    CHECK_HAS(r.body, link);
    reply_free(&r);
}

static void test_chosen_versions(void)
{
    Reply r = http_get_as(db, &shogai, url(answer_1, "?field=1&from=1&to=2"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h3>変更箇所（第1版 → 第2版）</h3>");
    CHECK_HAS(r.body, "<div class=\"diff answer-text\">リーフレットを"
                      "<del><span class=\"visually-hidden\">削除：</span>配布</del>"
                      "<ins><span class=\"visually-hidden\">追加：</span>作成</ins>し"
                      "<ins><span class=\"visually-hidden\">追加：</span>て配っ</ins>た。</div>");
    CHECK_HASNT(r.body, "変更箇所（第2版 → 第3版）");
    CHECK_HAS(r.body, "<option value=\"1\" selected>第1版</option>");
    reply_free(&r);
    /* Newer to older works too, and one version against itself. */
    r = http_get_as(db, &shogai, url(answer_1, "?field=1&from=3&to=1"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h3>変更箇所（第3版 → 第1版）</h3>");
    reply_free(&r);
    r = http_get_as(db, &shogai, url(answer_1, "?field=1&from=2&to=2"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "違いはありません。");
    reply_free(&r);
    /* In English. */
    r = http_get_as(db, &shogai, url(answer_1, "?field=1&from=1&to=2&lang=en"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "Change history of");
    CHECK_HAS(r.body, "<h3>Changes (Version 1 → Version 2)</h3>");
    CHECK_HAS(r.body, "<span class=\"visually-hidden\">deleted: </span>");
    CHECK_HAS(r.body, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
    reply_free(&r);
}

static void test_bad_parameters(void)
{
    static const struct {
        const char *query, *names;
    } bad[] = {
        {"?field=1&from=9&to=2", "（from）"},
        {"?field=1&from=abc&to=2", "（from）"},
        {"?field=1&from=2", "（to）"},
        {"?field=1&from=0&to=2", "（from）"},
        {"?field=1&from=1&to=-1", "（to）"},
        {"?field=2&from=1&to=2", "（from）"},
        {"?from=1&to=2", "（field）"},
        {"?field=999&from=1&to=2", "（field）"},
        {"?field=x", "（field）"},
        {"?field=1&compare=bogus", "（compare）"},
        {"?field=3&compare=last_year&from=1", "（compare）"},
        {"?field=2&compare=other", "（compare）"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        Reply r = http_get_as(db, &shogai, url(answer_1, bad[i].query));
        if (r.status != 400)
            fprintf(stderr, "  %s: %d\n", bad[i].query, r.status);
        CHECK_INT(r.status, 400);
        CHECK_HAS(r.body, bad[i].names);
        reply_free(&r);
    }
    /* The field alone is its default comparison. */
    Reply r = http_get_as(db, &shogai, url(answer_1, "?field=1"));
    CHECK_INT(r.status, 200);
    reply_free(&r);
}

static void test_who_may_read(void)
{
    /* Another section: as if the answer did not exist. */
    Reply r = http_get_as(db, &shimin, url(answer_1, ""));
    CHECK_INT(r.status, 404);
    CHECK_HASNT(r.body, "リーフレット");
    reply_free(&r);
    r = http_get_as(db, &shogai, "/answers/999999/history");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    /* Nobody: to the login page. */
    r = http_get(db, url(answer_1, ""));
    CHECK_INT(r.status, 303);
    char loc[160];
    snprintf(loc, sizeof(loc), "Location: /login?next=%%2Fanswers%%2F%lld%%2Fhistory",
             (long long)answer_1);
    CHECK_HAS(r.headers, loc);
    reply_free(&r);
    /* The secretariat and the bureau's reviewer read it. */
    r = http_get_as(db, &jimu, url(answer_1, ""));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<td>sato</td>");
    reply_free(&r);
    r = http_get_as(db, &kenko, url(answer_1, ""));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<td>tanaka</td>");
    reply_free(&r);
}

static void test_events(void)
{
    /* Submitted, returned with a comment, then entered by the secretariat
     * on the section's behalf. */
    CHECK_INT(save(answer_1, "sato", NULL, NULL, 0, true), ERR_OK);
    CHECK_INT(answer_return(db, &(Actor){"jimukyoku", ""}, NULL, answer_1,
                            "設置した区役所の名前を書いてください。"),
              ERR_OK);
    char body[512];
    snprintf(body, sizeof(body),
             "version=%d&action=save&f3=%%E4%%BB%%A3%%E7%%90%%86%%E3%%81%%A7%%E5%%85%%A5%%E5%%8A"
             "%%9B", /* 代理で入力 */
             version_of(answer_1));
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)answer_1);
    Reply r = http_post_as(db, &jimu, target, body);
    CHECK_INT(r.status, 303);
    reply_free(&r);

    r = http_get_as(db, &shogai, url(answer_1, ""));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h2 id=\"events-title\">操作の記録</h2>");
    CHECK_HAS(r.body, "<span class=\"history-action history-return\">差戻し</span></td>"
                      "<td>jimukyoku</td><td>第5版</td><td><div class=\"answer-text\">"
                      "設置した区役所の名前を書いてください。</div></td>");
    CHECK_HAS(r.body, "<span class=\"history-action history-submit\">提出</span></td>"
                      "<td>sato</td><td>第4版</td>");
    CHECK_HAS(r.body, "<span class=\"history-action history-save\">下書き保存</span> "
                      "<span class=\"on-behalf\">代理入力</span></td><td>jimukyoku</td>"
                      "<td>第6版</td>");
    CHECK_HAS(r.body, "<span class=\"history-action history-save\">下書き保存</span></td>"
                      "<td>tanaka</td><td>第1版</td>");
    /* Newest first. */
    long returned = where(r.body, "history-return\">"), first = where(r.body, "<td>第1版</td>");
    CHECK(returned > 0 && first > returned);
    /* The text entered on behalf is field 3's first version. */
    CHECK_HAS(r.body, "<td>jimukyoku <span class=\"on-behalf\">代理入力</span></td>"
                      "<td><div class=\"answer-text\">代理で入力</div>");
    CHECK_HASNT(r.body, "<td>sato <span class=\"on-behalf\">");
    reply_free(&r);
}

static void test_compare_with_last_year_and_other_checkpoint(void)
{
    /* Last year's confirmed answer (the demo's 令和元年度). */
    Reply r = http_get_as(db, &shogai, url(answer_1, ""));
    char link[256];
    snprintf(link, sizeof(link), "<a href=\"%s\">最新の内容を前年度の確定回答と比較</a>",
             url(answer_1, "?field=1&amp;compare=last_year#field-1"));
    CHECK_HAS(r.body, link);
    CHECK_HASNT(r.body, "compare=other"); /* no 年度末 round yet */
    reply_free(&r);
    r = http_get_as(db, &shogai, url(answer_1, "?field=1&compare=last_year"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h3>変更箇所（前年度の確定回答 → 第3版）</h3>");
    CHECK_HAS(r.body, "<del><span class=\"visually-hidden\">削除：</span>");
    CHECK_HAS(r.body, "<ins><span class=\"visually-hidden\">追加：</span>");
    reply_free(&r);

    /* The 年度末 round of the same year, asking field 1 as well. */
    int64_t end_round = 0;
    RoundProblem problem;
    Err e = round_open(db, &(Actor){"test", ""}, NULL,
                       &(RoundInput){.plan_id = 1,
                                     .fiscal_year = 2020,
                                     .at_year_end = true,
                                     .doc_no = "",
                                     .inquiry_date = "2021-04-01",
                                     .deadline = "2021-06-30",
                                     .instructions = ""},
                       &end_round, &problem);
    CHECK_INT(e, ERR_OK);
    DbStmt *st = db_prepare(db, "INSERT INTO round_field (round_id, field_id) VALUES ($1, 1)", 0);
    db_bind_int64(st, 1, end_round);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(db, "SELECT id FROM response WHERE round_id = $1 AND project_id = 1", 1);
    db_bind_int64(st, 1, end_round);
    if (db_step(st) == DB_ROW)
        answer_end = db_col_int64(st, 0);
    db_done(st);
    CHECK(answer_end > 0);
    CHECK_INT(save1(answer_end, "sato", 1, "リーフレットを作成し、全区役所に設置した。"), ERR_OK);

    r = http_get_as(db, &shogai, url(answer_1, ""));
    CHECK_INT(r.status, 200);
    snprintf(link, sizeof(link), "<a href=\"%s\">最新の内容を年度末確認の回答と比較</a>",
             url(answer_1, "?field=1&amp;compare=other#field-1"));
    CHECK_HAS(r.body, link);
    snprintf(link, sizeof(link), "<a href=\"%s\">年度末確認の回答の変更履歴</a>",
             url(answer_end, ""));
    CHECK_HAS(r.body, link);
    reply_free(&r);
    /* 年度当初 before 年度末. */
    r = http_get_as(db, &shogai, url(answer_1, "?field=1&compare=other"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h3>変更箇所（第3版 → 年度末確認の回答）</h3>");
    CHECK_HAS(r.body, "<div class=\"diff answer-text\">リーフレットを作成し、"
                      "<ins><span class=\"visually-hidden\">追加：</span>全</ins>"
                      "区役所に設置した。</div>");
    reply_free(&r);
    /* And from the 年度末 answer, the other way round. */
    r = http_get_as(db, &shogai, url(answer_end, "?field=1&compare=other"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h3>変更箇所（年度当初確認の回答 → 第1版）</h3>");
    CHECK_HAS(r.body, "<ins><span class=\"visually-hidden\">追加：</span>全</ins>");
    reply_free(&r);
    /* Another section still sees neither. */
    r = http_get_as(db, &shimin, url(answer_end, ""));
    CHECK_INT(r.status, 404);
    reply_free(&r);
}

static void test_model(void)
{
    Arena a;
    arena_init(&a);
    AnswerHistory h;
    CHECK_INT(answer_history(db, &a, NULL, answer_1, &h), ERR_OK);
    CHECK_INT(h.nfields, 3);
    CHECK_INT(h.fields[0].nversions, 3);
    CHECK_INT(h.fields[0].versions[0].version, 1);
    CHECK_STR(h.fields[0].versions[0].actor, "tanaka");
    CHECK_STR(h.fields[0].versions[2].text, "リーフレットを作成し、区役所に設置した。");
    CHECK(h.fields[0].versions[2].at[0] == '2');
    CHECK_INT(h.fields[1].nversions, 1);
    CHECK_INT(h.fields[1].versions[0].version, 2);
    CHECK(h.fields[0].last_year != NULL);
    CHECK_STR(h.fields[0].other, "リーフレットを作成し、全区役所に設置した。");
    CHECK(h.fields[1].other == NULL);
    CHECK_INT(h.other_id, answer_end);
    CHECK_INT(h.nevents, 6);
    CHECK_STR(h.events[4].action, "return");
    CHECK_STR(h.events[4].comment, "設置した区役所の名前を書いてください。");
    CHECK(h.events[5].on_behalf);
    CHECK(!h.events[0].on_behalf);
    arena_free(&a);
    /* Someone who may not read the answer gets nothing. */
    Arena b;
    arena_init(&b);
    Principal nobody = principal_anonymous;
    CHECK_INT(answer_history(db, &b, &nobody, answer_1, &h), ERR_NOT_FOUND);
    CHECK_INT(answer_history(db, &b, NULL, 999999, &h), ERR_NOT_FOUND);
    arena_free(&b);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("history.db", true);
    /* The demo opens the 令和2年度 年度当初 round itself. */
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id FROM round r JOIN response rs ON rs.round_id = r.id"
                            " WHERE r.fiscal_year = 2020 AND r.checkpoint = 'start'"
                            " AND r.status = 'open' AND rs.project_id = 1",
                            1);
    if (db_step(st) == DB_ROW)
        answer_1 = db_col_int64(st, 0);
    db_done(st);
    shogai = test_login(db, "shogaikikaku", "demo");
    jimu = test_login(db, "jimukyoku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    kenko = test_login(db, "kenkofukushi", "demo");
    if (!answer_1 || !shogai.ok || !jimu.ok || !shimin.ok || !kenko.ok) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    TEST_RUN(test_versions_listed_newest_first);
    TEST_RUN(test_chosen_versions);
    TEST_RUN(test_bad_parameters);
    TEST_RUN(test_who_may_read);
    TEST_RUN(test_events);
    TEST_RUN(test_compare_with_last_year_and_other_checkpoint);
    TEST_RUN(test_model);
    db_close(db);
    test_cleanup();
    return TEST_DONE("history");
}
