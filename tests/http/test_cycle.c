/* The whole yearly cycle for the demo plan as people do it, through HTTP
 * alone: the 令和2年度 round the demo opened, four sections answering (one
 * leaves a draft, one is sent back and answers again), the secretariat
 * confirming, the reminders naming who still owes, and the sheet showing the
 * confirmed answers, not the draft. */
#include "base/log.h"
#include "model/account.h"
#include "model/answer.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static int64_t round_id;

typedef struct Section {
    const char *login;   /* its editor */
    const char *project; /* the project it answers for */
    int64_t answer;      /* the answer's id in the round */
    int64_t fields[4];   /* the round's field ids */
    int nfields;
    Session s;
} Section;

static Section sections[] = {
    {"shogaikikaku", "障害者に対する虐待相談窓口の周知", 0, {0}, 0, {0}},
    {"shiminseikatsu", "労働相談の実施", 0, {0}, 0, {0}},
    {"seishinhoken", "専門職向けゲートキーパー養成研修", 0, {0}, 0, {0}},
    {"manabi", "学校支援地域本部事業", 0, {0}, 0, {0}},
};
enum { NSECTIONS = 4 };

/* The answer's version as the form shows it. */
static int form_version(const char *body)
{
    const char *p = strstr(body, "name=\"version\" value=\"");
    return p ? atoi(p + 22) : -1;
}

/* Saves (or submits) the section's answer with text in every field. */
static int answer(Section *sec, const char *text, bool submit)
{
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)sec->answer);
    Reply r = http_get_as(db, &sec->s, target);
    int version = form_version(r.body);
    reply_free(&r);
    char *esc = test_form_escape(text);
    Buf body = BUF_INIT;
    buf_printf(&body, "version=%d&action=%s", version, submit ? "submit" : "save");
    for (int f = 0; f < sec->nfields; f++)
        buf_printf(&body, "&f%lld=%s", (long long)sec->fields[f], esc);
    free(esc);
    r = http_post_as(db, &sec->s, target, body.data);
    int status = r.status;
    reply_free(&r);
    buf_free(&body);
    return status;
}

static void setup(void)
{
    /* Two more sections get an editor. */
    static const struct {
        const char *login, *section;
    } more[] = {{"seishinhoken", "精神保健福祉総合センター"}, {"manabi", "学びの連携推進室"}};
    Actor by = {"test", ""};
    for (int i = 0; i < 2; i++) {
        int64_t id = 0, unit = 0;
        AccountProblem problem;
        DbStmt *st = db_prepare(db, "SELECT unit_id FROM org_unit_period WHERE name = $1", 1);
        db_bind_text(st, 1, more[i].section);
        if (db_step(st) == DB_ROW)
            unit = db_col_int64(st, 0);
        db_done(st);
        account_create(db, &by, more[i].login, more[i].section, "cycle-password", false, &id,
                       &problem);
        account_grant(db, &by, id, ROLE_EDITOR, 0, unit, &problem);
    }
    DbStmt *st =
        db_prepare(db, "SELECT id FROM round WHERE fiscal_year = 2020 AND status = 'open'", 1);
    if (db_step(st) == DB_ROW)
        round_id = db_col_int64(st, 0);
    db_done(st);
    Arena a;
    arena_init(&a);
    AnswerRow *rows;
    int n;
    answer_list(db, &a, NULL, round_id, &rows, &n);
    for (int i = 0; i < NSECTIONS; i++) {
        for (int k = 0; k < n; k++)
            if (strcmp(rows[k].project_name, sections[i].project) == 0)
                sections[i].answer = rows[k].id;
        Answer ans;
        if (answer_get(db, &a, NULL, sections[i].answer, &ans) == ERR_OK) {
            sections[i].nfields = ans.nfields;
            for (int f = 0; f < ans.nfields && f < 4; f++)
                sections[i].fields[f] = ans.fields[f].field_id;
        }
        sections[i].s = test_login(db, sections[i].login, i < 2 ? "demo" : "cycle-password");
    }
    arena_free(&a);
}

static void test_sections_find_their_projects(void)
{
    for (int i = 0; i < NSECTIONS; i++) {
        CHECK(sections[i].s.ok);
        CHECK(sections[i].answer > 0);
        Reply r = http_get_as(db, &sections[i].s, "/inbox");
        CHECK_INT(r.status, 200);
        CHECK_HAS(r.body, sections[i].project);
        /* And only their own. */
        CHECK_HASNT(r.body, sections[(i + 1) % NSECTIONS].project);
        reply_free(&r);
    }
}

static void test_answers_come_in(void)
{
    CHECK_INT(
        answer(&sections[0], "（令和2年度）リーフレットを3000部作成し、区役所に設置した。", true),
        303);
    CHECK_INT(answer(&sections[1], "（令和2年度）書きかけ", false), 303);
    CHECK_INT(answer(&sections[2], "（令和2年度）研修を実施した。", true), 303);
    CHECK_INT(answer(&sections[3], "（令和2年度）学校支援地域本部を120校で実施。", true), 303);
}

static void test_submit_all_drafts(void)
{
    /* 市民生活課 leaves its draft; a new draft of 学びの連携推進室 is gone
     * in one go with the button on the inbox. */
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld/submit-all", (long long)round_id);
    Reply r = http_get_as(db, &sections[3].s, "/inbox");
    CHECK_HASNT(r.body, target); /* nothing to submit: no button */
    reply_free(&r);
    Actor by = {"test", ""};
    DbStmt *st = db_prepare(db, "UPDATE response SET status = 'draft' WHERE id = $1", 0);
    db_bind_int64(st, 1, sections[3].answer);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    (void)by;
    r = http_get_as(db, &sections[3].s, "/inbox");
    CHECK_HAS(r.body, target);
    reply_free(&r);
    r = http_post_as(db, &sections[3].s, target, "");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "submitted=1&refused=0");
    reply_free(&r);
    st = db_prepare(db, "SELECT status FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, sections[3].answer);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, 0), "submitted");
    db_done(st);
    /* Another section's draft was not touched by it. */
    st = db_prepare(db, "SELECT status FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, sections[1].answer);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, 0), "draft");
    db_done(st);
}

static void test_sent_back_and_answered_again(void)
{
    Session jimu = test_login(db, "jimukyoku", "demo");
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld/return", (long long)sections[2].answer);
    Reply r = http_post_as(db, &jimu, target,
                           "comment=%E5%8F%97%E8%AC%9B%E8%80%85%E6%95%B0%E3%82%92%E5%85%A5%E3%82%"
                           "8C%E3%81%A6%E3%81%8F%E3%81%A0%E3%81%95%E3%81%84");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    /* The section sees the comment, and may write again. */
    snprintf(target, sizeof(target), "/answers/%lld", (long long)sections[2].answer);
    r = http_get_as(db, &sections[2].s, target);
    CHECK_HAS(r.body, "受講者数を入れてください");
    CHECK_HAS(r.body, "差戻し");
    reply_free(&r);
    CHECK_INT(answer(&sections[2], "（令和2年度）研修を実施した（受講者85名）。", true), 303);
}

static void test_secretariat_confirms(void)
{
    Session jimu = test_login(db, "jimukyoku", "demo");
    char target[64], body[256];
    snprintf(target, sizeof(target), "/rounds/%lld", (long long)round_id);
    Reply r = http_get_as(db, &jimu, target);
    CHECK_INT(r.status, 200);
    reply_free(&r);
    snprintf(target, sizeof(target), "/rounds/%lld/confirm", (long long)round_id);
    snprintf(body, sizeof(body), "answer=%lld&answer=%lld&answer=%lld&answer=%lld",
             (long long)sections[0].answer, (long long)sections[1].answer,
             (long long)sections[2].answer, (long long)sections[3].answer);
    r = http_post_as(db, &jimu, target, body);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "confirmed=3"); /* the draft is not confirmed */
    reply_free(&r);
    /* Who still owes: the draft's section among them, not the confirmed ones. */
    snprintf(target, sizeof(target), "/rounds/%lld/reminders", (long long)round_id);
    r = http_get_as(db, &jimu, target);
    CHECK_HAS(r.body, "市民生活課");
    CHECK_HAS(r.body, "労働相談の実施");
    CHECK_HASNT(r.body, "学校支援地域本部事業");
    reply_free(&r);
}

static void test_sheet_shows_confirmed_answers(void)
{
    Session jimu = test_login(db, "jimukyoku", "demo");
    Reply r = http_get_as(db, &jimu, "/plans/1/sheet?years=2020");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "（令和2年度）リーフレットを3000部作成し、区役所に設置した。");
    CHECK_HAS(r.body, "（令和2年度）研修を実施した（受講者85名）。");
    CHECK_HAS(r.body, "（令和2年度）学校支援地域本部を120校で実施。");
    CHECK_HASNT(r.body, "書きかけ");
    CHECK_HASNT(r.body, "（令和2年度）研修を実施した。<"); /* the text before 差戻し */
    reply_free(&r);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("cycle.db", true);
    setup();
    if (!round_id) {
        fprintf(stderr, "the demo did not open its 令和2年度 round\n");
        return 2;
    }
    TEST_RUN(test_sections_find_their_projects);
    TEST_RUN(test_answers_come_in);
    TEST_RUN(test_submit_all_drafts);
    TEST_RUN(test_sent_back_and_answered_again);
    TEST_RUN(test_secretariat_confirms);
    TEST_RUN(test_sheet_shows_confirmed_answers);
    db_close(db);
    test_cleanup();
    return TEST_DONE("cycle");
}
