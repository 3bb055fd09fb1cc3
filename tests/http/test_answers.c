/* Answers through HTTP: a round opened on the demo plan; a section's editor
 * sees its own project in /inbox and nothing of other sections, saves a
 * draft, submits, cannot change it then; the secretariat sends it back with
 * a comment (required) and confirms it after the resubmission, and only then
 * does it show in the sheet. A stale save is refused with both texts shown
 * and nothing overwritten; texts are checked (length in characters, control
 * characters) and stored cleaned (LF, NFC); writes need the CSRF token; the
 * secretariat writing for a section is recorded as such. */
#include "base/log.h"
#include "model/answer.h"
#include "model/round.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testanswer.h"
#include "testlib.h"

static Db *db;
static Session shogai, jimu, shimin, kenko, iin;
static int64_t round_id;
static int64_t ans_shogai, ans_korei, ans_shimin; /* projects 1, 2 and 6 */

/* ---------- Helpers ---------- */

static const char *url(int64_t id, const char *rest)
{
    static char buf[4][128];
    static int next;
    char *u = buf[next++ % 4];
    snprintf(u, 128, "/answers/%lld%s", (long long)id, rest);
    return u;
}

/* The version the page's form carries, or -1. */
static int page_version(const char *body)
{
    char v[32];
    if (!test_value_after(body, "name=\"version\" value=\"", "\"", v, sizeof(v)))
        return -1;
    return atoi(v);
}

/* POSTs the answer form: version, action and the fields ("f1=...&f2=..."). */
static Reply post_answer(const Session *s, int64_t id, int version, const char *action,
                         const char *fields)
{
    char body[4096];
    snprintf(body, sizeof(body), "version=%d&action=%s%s%s", version, action,
             fields && *fields ? "&" : "", fields ? fields : "");
    return http_post_as(db, s, url(id, ""), body);
}

/* The page's version, then a POST of the form as s. */
static Reply load_and_post(const Session *s, int64_t id, const char *action, const char *fields)
{
    Reply r = http_get_as(db, s, url(id, ""));
    int version = page_version(r.body);
    reply_free(&r);
    return post_answer(s, id, version, action, fields);
}

/* The stored text of a field of an answer (malloc'd; "" if none). */
static char *stored(int64_t id, int64_t field_id)
{
    DbStmt *st = db_prepare(
        db, "SELECT text_value FROM response_value WHERE response_id = $1 AND field_id = $2", 1);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, field_id);
    char *s = strdup(db_step(st) == DB_ROW && !db_col_null(st, 0) ? db_col_text(st, 0) : "");
    db_done(st);
    return s;
}

/* Sets a field's limit (0: none) and whether it is required, through SQL. */
static void set_field(int64_t field_id, int max_chars, bool required)
{
    DbStmt *st =
        db_prepare(db, "UPDATE field_def SET max_chars = $1, required = $2 WHERE id = $3", 0);
    if (max_chars > 0)
        db_bind_int64(st, 1, max_chars);
    else
        db_bind_null(st, 1);
    db_bind_int64(st, 2, required);
    db_bind_int64(st, 3, field_id);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
}

static void check_stored(int64_t id, int64_t field_id, const char *want)
{
    char *got = stored(id, field_id);
    CHECK_STR(got, want);
    free(got);
}

/* ---------- Tests ---------- */

static void test_inbox(void)
{
    Reply r = http_get_as(db, &shogai, "/inbox");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>照会への回答</h1>");
    CHECK_HAS(r.body, "令和2年度 年度当初確認");
    CHECK_HAS(r.body, "令和3年6月30日");
    CHECK_HAS(r.body, "障害者に対する虐待相談窓口の周知");
    char link[128];
    snprintf(link, sizeof(link), "<a href=\"%s\">", url(ans_shogai, ""));
    CHECK_HAS(r.body, link);
    CHECK_HAS(r.body, "<span class=\"status status-not_started\">未着手</span>");
    /* Other sections' projects are not there. */
    CHECK_HASNT(r.body, "高齢者に対する虐待相談窓口の周知");
    CHECK_HASNT(r.body, "労働相談の実施");
    snprintf(link, sizeof(link), "href=\"%s\"", url(ans_shimin, ""));
    CHECK_HASNT(r.body, link);
    reply_free(&r);
    /* The secretariat sees every project of the round; the bureau's
     * reviewer its bureau's. */
    r = http_get_as(db, &jimu, "/inbox");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "障害者に対する虐待相談窓口の周知");
    CHECK_HAS(r.body, "労働相談の実施");
    reply_free(&r);
    r = http_get_as(db, &kenko, "/inbox");
    CHECK_HAS(r.body, "高齢者に対する虐待相談窓口の周知");
    CHECK_HASNT(r.body, "労働相談の実施");
    reply_free(&r);
    /* A council member is asked nothing. */
    r = http_get_as(db, &iin, "/inbox");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "回答を求められている照会はありません。");
    reply_free(&r);
    /* Signed out: to the login page. */
    r = http_get(db, "/inbox");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /login?next=%2Finbox");
    reply_free(&r);
    /* In English, the links keep the language. */
    r = http_get_as(db, &shogai, "/inbox?lang=en");
    CHECK_HAS(r.body, "FY2020, start of year");
    snprintf(link, sizeof(link), "href=\"%s\"", url(ans_shogai, "?lang=en"));
    CHECK_HAS(r.body, link);
    reply_free(&r);
}

static void test_other_sections_answer_is_404(void)
{
    Reply r = http_get_as(db, &shogai, url(ans_shimin, ""));
    CHECK_INT(r.status, 404);
    CHECK_HASNT(r.body, "労働相談の実施");
    reply_free(&r);
    r = post_answer(&shogai, ans_shimin, 0, "save", "f1=x");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    r = http_get_as(db, &shimin, url(ans_shogai, ""));
    CHECK_INT(r.status, 404);
    reply_free(&r);
    r = http_get_as(db, &shogai, "/answers/999999");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shimin), "not_started");
    check_stored(ans_shimin, 1, "");
}

static void test_form(void)
{
    Reply r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_INT(r.status, 200);
    /* The head: project, section, bureau, round, deadline, status. */
    CHECK_HAS(r.body, "<h1>障害者に対する虐待相談窓口の周知</h1>");
    CHECK_HAS(r.body, "<dd>障害企画課</dd>");
    CHECK_HAS(r.body, "<dd>健康福祉局</dd>");
    CHECK_HAS(r.body, "令和2年度 年度当初確認");
    CHECK_HAS(r.body, "<span class=\"deadline\">令和3年6月30日</span>");
    CHECK_HAS(r.body, "<span class=\"status status-not_started\">未着手</span>");
    /* The form: its fields, the version, both buttons. */
    char action[128];
    snprintf(action, sizeof(action), "<form method=\"post\" action=\"%s\"", url(ans_shogai, ""));
    CHECK_HAS(r.body, action);
    CHECK_HAS(r.body, "name=\"csrf\"");
    CHECK_HAS(r.body, "<input type=\"hidden\" name=\"version\" value=\"0\">");
    CHECK_HAS(r.body,
              "<label for=\"f-f1\">取組みの実施状況 <span class=\"tag-optional\">任意</span>");
    CHECK_HAS(r.body, "<textarea id=\"f-f1\" name=\"f1\"");
    CHECK_HAS(r.body, "name=\"f2\"");
    CHECK_HAS(r.body, "name=\"f3\"");
    CHECK_HASNT(r.body, "name=\"f4\""); /* 年度末 only */
    CHECK_HAS(r.body, "name=\"action\" value=\"save\"");
    CHECK_HAS(r.body, "name=\"action\" value=\"submit\"");
    CHECK_HAS(r.body, ">下書き保存</button>");
    CHECK_HAS(r.body, ">提出</button>");
    /* 記入例 as the field's help, the counter tied to the field. */
    CHECK_HAS(r.body, "<p class=\"help answer-example\" id=\"f-f1-help\"><span "
                      "class=\"example-label\">記入例</span> （例）相談窓口に関するリーフレット");
    CHECK_HAS(r.body, "data-counter=\"f-f1-count\" aria-describedby=\"f-f1-help f-f1-count\"");
    CHECK_HAS(r.body,
              "<p class=\"char-count\" id=\"f-f1-count\" data-format=\"{1}文字\">0文字</p>");
    /* Last year's confirmed answer beside it, and the button to start from
     * it (hidden until the script shows it). */
    CHECK_HAS(r.body, "前年度の回答（確定）");
    CHECK_HAS(r.body, "<div class=\"answer-text\" id=\"f-f1-last\">");
    CHECK_HAS(r.body, "data-copy-from=\"f-f1-last\" data-copy-to=\"f-f1\"");
    CHECK_HAS(r.body, "hidden>前年度の回答から始める</button>");
    CHECK_HAS(r.body, "data-unsaved");
    CHECK_HASNT(r.body, "data-dirty");
    /* An editor reviews nothing. */
    CHECK_HASNT(r.body, "/confirm\"");
    CHECK_HASNT(r.body, "name=\"comment\"");
    /* Overdue: the deadline has passed and nothing is submitted. */
    CHECK_HAS(r.body, "<span class=\"overdue\">期限超過</span>");
    reply_free(&r);
    /* The bureau's reviewer reads it, without a form. */
    r = http_get_as(db, &kenko, url(ans_shogai, ""));
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, action);
    CHECK_HASNT(r.body, "<textarea");
    CHECK_HAS(r.body, "この回答は閲覧のみできます。");
    reply_free(&r);
}

static void test_save_draft(void)
{
    Reply r =
        post_answer(&shogai, ans_shogai, 0, "save",
                    "f1=%E3%83%AA%E3%83%BC%E3%83%95%E3%83%AC%E3%83%83%E3%83%88%E3%82%92"
                    "%E9%85%8D%E5%B8%83%E3%81%97%E3%81%9F%E3%80%82"); /* リーフレットを配布した。 */
    CHECK_INT(r.status, 303);
    char loc[160];
    snprintf(loc, sizeof(loc), "Location: %s\r\n", url(ans_shogai, "?saved=1"));
    CHECK_HAS(r.headers, loc);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "draft");
    CHECK_INT(answer_version(db, ans_shogai), 1);
    check_stored(ans_shogai, 1, "リーフレットを配布した。");
    r = http_get_as(db, &shogai, url(ans_shogai, "?saved=1"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<div class=\"notice\" role=\"status\"><p>下書きを保存しました。</p></div>");
    CHECK_HAS(r.body, "<span class=\"status status-draft\">下書き</span>");
    CHECK_HAS(r.body, "<input type=\"hidden\" name=\"version\" value=\"1\">");
    CHECK_HAS(r.body, ">\nリーフレットを配布した。</textarea>");
    CHECK_HAS(r.body, "id=\"f-f1-count\" data-format=\"{1}文字\">12文字</p>");
    CHECK_HAS(r.body, "（shogaikikaku）");
    CHECK_HASNT(r.body, "事務局による代理入力");
    reply_free(&r);
    /* Without the notice parameter, no notice. */
    r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_HASNT(r.body, "下書きを保存しました。");
    reply_free(&r);
    /* The section saved it itself. */
    DbStmt *st = db_prepare(db,
                            "SELECT on_behalf, actor, action FROM response_event"
                            " WHERE response_id = $1 ORDER BY id DESC LIMIT 1",
                            3);
    db_bind_int64(st, 1, ans_shogai);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 0);
    CHECK_STR(db_col_text(st, 1), "shogaikikaku");
    CHECK_STR(db_col_text(st, 2), "save");
    db_done(st);
}

static void test_conflict(void)
{
    Session other = test_login(db, "shogaikikaku", "demo");
    CHECK(other.ok);
    /* Both load the same version. */
    Reply r = http_get_as(db, &shogai, url(ans_shogai, ""));
    int v1 = page_version(r.body);
    reply_free(&r);
    r = http_get_as(db, &other, url(ans_shogai, ""));
    int v2 = page_version(r.body);
    reply_free(&r);
    CHECK_INT(v1, v2);
    CHECK(v1 > 0);
    r = post_answer(&shogai, ans_shogai, v1, "save", "f1=FIRST-SAVE-TEXT&f2=same");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    /* The second save is refused: both texts on the page, the new version in
     * the form, nothing overwritten. */
    r = post_answer(&other, ans_shogai, v2, "save", "f1=SECOND-SAVE-TEXT&f2=same");
    CHECK_INT(r.status, 409);
    CHECK_HAS(r.body, "あなたの入力はまだ保存されていません。");
    CHECK_HAS(r.body, "shogaikikakuさんがこの回答を保存しました");
    CHECK_HAS(r.body, ">\nSECOND-SAVE-TEXT</textarea>");
    CHECK_HAS(r.body, "<div class=\"answer-text\" id=\"f-f1-saved\">FIRST-SAVE-TEXT</div>");
    CHECK_HAS(r.body, "あなたの入力（未保存）");
    CHECK_HAS(r.body, "保存済みの内容（shogaikikaku、");
    CHECK_HAS(r.body, "id=\"f-f1-conflict\"");
    CHECK_HASNT(r.body, "id=\"f-f2-saved\""); /* the same in both: shown once */
    char hidden[96];
    snprintf(hidden, sizeof(hidden), "<input type=\"hidden\" name=\"version\" value=\"%d\">",
             v1 + 1);
    CHECK_HAS(r.body, hidden);
    CHECK_HAS(r.body, "data-dirty");
    reply_free(&r);
    check_stored(ans_shogai, 1, "FIRST-SAVE-TEXT");
    CHECK_INT(answer_version(db, ans_shogai), v1 + 1);
    /* Saving again from that page overwrites, knowingly. */
    r = post_answer(&other, ans_shogai, v1 + 1, "save", "f1=SECOND-SAVE-TEXT&f2=same");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    check_stored(ans_shogai, 1, "SECOND-SAVE-TEXT");
    CHECK_INT(answer_version(db, ans_shogai), v1 + 2);
    /* A form with no version at all is a conflict too, never a blind write. */
    r = http_post_as(db, &shogai, url(ans_shogai, ""), "action=save&f1=NO-VERSION");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    check_stored(ans_shogai, 1, "SECOND-SAVE-TEXT");
}

static void test_validation(void)
{
    int version = answer_version(db, ans_shogai);
    /* Too long, counted in characters: 11 of 10. */
    set_field(2, 10, false);
    Reply r = load_and_post(&shogai, ans_shogai, "save",
                            "f2=%E3%81%82%E3%81%84%E3%81%86%E3%81%88%E3%81%8A"
                            "%E3%81%8B%E3%81%8D%E3%81%8F%E3%81%91%E3%81%93%E3%81%95"); /* 11 kana */
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "入力内容に誤りがあります。");
    CHECK_HAS(r.body, "<li><a href=\"#f-f2\">実施状況に対する評価: 11 / 10文字です。");
    CHECK_HAS(r.body, "<p class=\"error-text\" id=\"f-f2-error\">11 / 10文字です。10文字以内で"
                      "入力してください。</p>");
    CHECK_HAS(r.body, "aria-invalid=\"true\" aria-describedby=\"f-f2-help f-f2-count f-f2-error\"");
    CHECK_HAS(r.body, "<p class=\"char-count over\" id=\"f-f2-count\" data-format=\"{1} / "
                      "10文字\">11 / 10文字</p>");
    CHECK_HAS(r.body, ">\nあいうえおかきくけこさ</textarea>"); /* kept */
    CHECK_HAS(r.body, "data-max=\"10\"");
    reply_free(&r);
    CHECK_INT(answer_version(db, ans_shogai), version);
    /* Exactly 10 is fine; か + U+3099 is one character. */
    r = load_and_post(&shogai, ans_shogai, "save",
                      "f2=%E3%81%82%E3%81%84%E3%81%86%E3%81%88%E3%81%8A"
                      "%E3%81%8B%E3%81%8D%E3%81%8F%E3%81%91%E3%81%8B%E3%82%99");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    check_stored(ans_shogai, 2, "あいうえおかきくけが");
    set_field(2, 0, false);
    version = answer_version(db, ans_shogai);
    /* A control character. */
    r = load_and_post(&shogai, ans_shogai, "save", "f3=bad%01text");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "<p class=\"error-text\" id=\"f-f3-error\">使用できない制御文字が含まれて");
    reply_free(&r);
    CHECK_INT(answer_version(db, ans_shogai), version);
    check_stored(ans_shogai, 3, "");
    /* A required field must be filled in to submit, not to save a draft. */
    set_field(3, 0, true);
    r = load_and_post(&shogai, ans_shogai, "submit", "f3=");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "<label for=\"f-f3\">課題 <span class=\"tag-required\">必須</span>");
    CHECK_HAS(r.body,
              "<p class=\"error-text\" id=\"f-f3-error\">提出するには入力してください。</p>");
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "draft");
    r = load_and_post(&shogai, ans_shogai, "save", "f3=");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    set_field(3, 0, false);
    /* An error page keeps the version its form was made from: a save in
     * between still comes out as a conflict. */
    version = answer_version(db, ans_shogai);
    r = post_answer(&shogai, ans_shogai, version - 1, "save", "f3=bad%01text");
    CHECK_INT(r.status, 400);
    char hidden[96];
    snprintf(hidden, sizeof(hidden), "<input type=\"hidden\" name=\"version\" value=\"%d\">",
             version - 1);
    CHECK_HAS(r.body, hidden);
    reply_free(&r);
}

static void test_text_is_cleaned(void)
{
    /* CRLF from a browser is stored as LF; か + U+3099 as が (NFC). */
    Reply r =
        load_and_post(&shogai, ans_shogai, "save", "f1=line1%0D%0Aline2&f3=%E3%81%8B%E3%82%99");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    check_stored(ans_shogai, 1, "line1\nline2");
    check_stored(ans_shogai, 3, "\xE3\x81\x8C");
}

static void test_writes_need_csrf(void)
{
    int version = answer_version(db, ans_shogai);
    char headers[512], body[256];
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             shogai.cookie);
    snprintf(body, sizeof(body), "version=%d&action=save&f1=NO-CSRF", version);
    Reply r = http_send(db, "POST", url(ans_shogai, ""), headers, body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* From another site, with the token. */
    snprintf(headers, sizeof(headers),
             "Origin: http://evil.example\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             shogai.cookie);
    snprintf(body, sizeof(body), "csrf=%s&version=%d&action=save&f1=EVIL", shogai.csrf, version);
    r = http_send(db, "POST", url(ans_shogai, ""), headers, body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* The review posts need it as well. */
    snprintf(headers, sizeof(headers),
             "Origin: " TEST_ORIGIN "\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n",
             jimu.cookie);
    r = http_send(db, "POST", url(ans_shogai, "/return"), headers, "comment=x");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    CHECK_INT(answer_version(db, ans_shogai), version);
    check_stored(ans_shogai, 1, "line1\nline2");
}

static void test_submit_return_confirm(void)
{
    Reply r = load_and_post(&shogai, ans_shogai, "submit", "f1=CONFIRMED-ANSWER-TEXT");
    CHECK_INT(r.status, 303);
    char loc[160];
    snprintf(loc, sizeof(loc), "Location: %s\r\n", url(ans_shogai, "?submitted=1"));
    CHECK_HAS(r.headers, loc);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "submitted");
    /* Submitted: no form for the section, and a POST is refused. */
    r = http_get_as(db, &shogai, url(ans_shogai, "?submitted=1"));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "提出しました。");
    CHECK_HAS(r.body, "<span class=\"status status-submitted\">提出済</span>");
    char action[128];
    snprintf(action, sizeof(action), "action=\"%s\"", url(ans_shogai, ""));
    CHECK_HASNT(r.body, action);
    CHECK_HASNT(r.body, "<textarea");
    CHECK_HAS(r.body, "提出済みのため編集できません。");
    CHECK_HAS(r.body, "<div class=\"answer-text\">CONFIRMED-ANSWER-TEXT</div>");
    CHECK_HASNT(r.body, "<span class=\"overdue\">"); /* submitted: not overdue */
    reply_free(&r);
    int version = answer_version(db, ans_shogai);
    r = post_answer(&shogai, ans_shogai, version, "save", "f1=AFTER-SUBMIT");
    CHECK_INT(r.status, 403);
    CHECK_HAS(r.body, "保存しませんでした");
    CHECK_HAS(r.body, "AFTER-SUBMIT"); /* what was typed is not lost */
    reply_free(&r);
    CHECK_INT(answer_version(db, ans_shogai), version);
    check_stored(ans_shogai, 1, "CONFIRMED-ANSWER-TEXT");
    /* An editor cannot review. */
    r = http_post_as(db, &shogai, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &shimin, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "submitted");

    /* The secretariat sees both review forms. */
    r = http_get_as(db, &jimu, url(ans_shogai, ""));
    CHECK_INT(r.status, 200);
    snprintf(action, sizeof(action), "action=\"%s\"", url(ans_shogai, "/confirm"));
    CHECK_HAS(r.body, action);
    snprintf(action, sizeof(action), "action=\"%s\"", url(ans_shogai, "/return"));
    CHECK_HAS(r.body, action);
    CHECK_HAS(r.body, "<label for=\"f-comment\">差戻しの理由 <span class=\"tag-required\">");
    reply_free(&r);
    /* Returning needs a comment. */
    r = http_post_as(db, &jimu, url(ans_shogai, "/return"), "comment=");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "<p class=\"error-text\" id=\"f-comment-error\">入力してください。</p>");
    CHECK_HAS(r.body, "aria-invalid=\"true\" aria-describedby=\"f-comment-help f-comment-error\"");
    reply_free(&r);
    r = http_post_as(db, &jimu, url(ans_shogai, "/return"), "comment=+%E3%80%80+");
    CHECK_INT(r.status, 400);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "submitted");
    r = http_post_as(db, &jimu, url(ans_shogai, "/return"),
                     "comment=PLEASE-ADD-NUMBERS%0D%0A%E4%BB%B6%E6%95%B0"); /* 件数 */
    CHECK_INT(r.status, 303);
    snprintf(loc, sizeof(loc), "Location: %s\r\n", url(ans_shogai, "?returned=1"));
    CHECK_HAS(r.headers, loc);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "returned");
    /* Returned twice is a wrong state. */
    r = http_post_as(db, &jimu, url(ans_shogai, "/return"), "comment=again");
    CHECK_INT(r.status, 409);
    CHECK_HAS(r.body, "この回答は現在「差戻し」のため、この操作はできません。");
    reply_free(&r);

    /* The section sees the comment and may edit again. */
    r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<span class=\"status status-returned\">差戻し</span>");
    CHECK_HAS(r.body, "差戻しの理由（事務局からのコメント）");
    CHECK_HAS(r.body, "<div class=\"answer-text\">PLEASE-ADD-NUMBERS\n件数</div>");
    snprintf(action, sizeof(action), "action=\"%s\"", url(ans_shogai, ""));
    CHECK_HAS(r.body, action);
    reply_free(&r);
    /* Confirming a returned answer is a wrong state. */
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    r = load_and_post(&shogai, ans_shogai, "submit", "f1=CONFIRMED-ANSWER-TEXT+42%E4%BB%B6");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "submitted");

    /* Confirmed. */
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 303);
    snprintf(loc, sizeof(loc), "Location: %s\r\n", url(ans_shogai, "?confirmed=1"));
    CHECK_HAS(r.headers, loc);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "confirmed");
    r = http_get_as(db, &jimu, url(ans_shogai, "?confirmed=1"));
    CHECK_HAS(r.body, "確定しました。");
    CHECK_HAS(r.body, "<span class=\"status status-confirmed\">確定</span>");
    CHECK_HASNT(r.body, "<textarea id=\"f-f1\"");
    reply_free(&r);
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 409);
    CHECK_HAS(r.body, "この回答は現在「確定」のため");
    reply_free(&r);
    r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_HAS(r.body, "確定済みのため編集できません。");
    CHECK_HASNT(r.body, "<textarea");
    reply_free(&r);
    /* Events: save, submit, return, submit, confirm among them. */
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM response_event WHERE response_id = $1"
                            " AND action IN ('return', 'confirm')",
                            1);
    db_bind_int64(st, 1, ans_shogai);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 2);
    db_done(st);
}

static void test_on_behalf_and_sheet(void)
{
    /* The secretariat writes a draft for 高齢企画課, which has no editor. */
    Reply r = http_get_as(db, &jimu, url(ans_korei, ""));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "事務局として、課に代わって入力しています。");
    reply_free(&r);
    r = load_and_post(&jimu, ans_korei, "save", "f1=DRAFT-ONLY-TEXT");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    DbStmt *st = db_prepare(db, "SELECT on_behalf, updated_by FROM response WHERE id = $1", 2);
    db_bind_int64(st, 1, ans_korei);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 1);
    CHECK_STR(db_col_text(st, 1), "jimukyoku");
    db_done(st);
    st = db_prepare(db,
                    "SELECT COUNT(*) FROM response_event WHERE response_id = $1"
                    " AND action = 'save' AND actor = 'jimukyoku' AND on_behalf = 1",
                    1);
    db_bind_int64(st, 1, ans_korei);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 1);
    db_done(st);
    r = http_get_as(db, &jimu, url(ans_korei, ""));
    CHECK_HAS(r.body, "事務局による代理入力");
    reply_free(&r);
    /* The sheet shows confirmed answers only (the round is not published:
     * the secretariat reads it). */
    r = http_get_as(db, &jimu, "/plans/1/sheet?years=2020");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "CONFIRMED-ANSWER-TEXT 42件");
    CHECK_HASNT(r.body, "DRAFT-ONLY-TEXT");
    reply_free(&r);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("answers.db", true);
    /* The round of 令和2年度 at 年度当初; the demo may have opened it already. */
    RoundProblem problem;
    Err e = round_open(db, &(Actor){"test", ""}, NULL,
                       &(RoundInput){.plan_id = 1,
                                     .fiscal_year = 2020,
                                     .at_year_end = false,
                                     .doc_no = "",
                                     .inquiry_date = "2021-04-01",
                                     .deadline = "2021-06-30",
                                     .instructions = ""},
                       &round_id, &problem);
    Arena arena;
    arena_init(&arena);
    if (e == ERR_INVALID && problem == ROUND_EXISTS) {
        Round *rounds;
        int nrounds = 0;
        round_list(db, &arena, NULL, 1, &rounds, &nrounds);
        for (int i = 0; i < nrounds; i++)
            if (rounds[i].fiscal_year == 2020 && !rounds[i].at_year_end &&
                strcmp(rounds[i].status, "open") == 0 &&
                strcmp(rounds[i].deadline, "2021-06-30") == 0)
                round_id = rounds[i].id;
        e = round_id ? ERR_OK : e;
    }
    if (e != ERR_OK) {
        fprintf(stderr, "cannot open the round: %d %d\n", e, problem);
        return 1;
    }
    AnswerRow *rows;
    int n = 0;
    if (answer_list(db, &arena, NULL, round_id, &rows, &n) != ERR_OK) {
        fprintf(stderr, "cannot list the answers\n");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if (rows[i].project_id == 1)
            ans_shogai = rows[i].id;
        else if (rows[i].project_id == 2)
            ans_korei = rows[i].id;
        else if (rows[i].project_id == 6)
            ans_shimin = rows[i].id;
    }
    arena_free(&arena);
    shogai = test_login(db, "shogaikikaku", "demo");
    jimu = test_login(db, "jimukyoku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    kenko = test_login(db, "kenkofukushi", "demo");
    iin = test_login(db, "iin", "demo");
    if (!ans_shogai || !ans_korei || !ans_shimin || !shogai.ok || !jimu.ok || !shimin.ok ||
        !kenko.ok || !iin.ok) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    TEST_RUN(test_inbox);
    TEST_RUN(test_other_sections_answer_is_404);
    TEST_RUN(test_form);
    TEST_RUN(test_save_draft);
    TEST_RUN(test_conflict);
    TEST_RUN(test_validation);
    TEST_RUN(test_text_is_cleaned);
    TEST_RUN(test_writes_need_csrf);
    TEST_RUN(test_submit_return_confirm);
    TEST_RUN(test_on_behalf_and_sheet);
    db_close(db);
    test_cleanup();
    return TEST_DONE("answers");
}
