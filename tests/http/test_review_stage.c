/* The bureau review stage (局承認) through HTTP, on the demo's open round of
 * 令和2年度: the secretariat switches the stage on for plan 1; 障害企画課
 * submits; the secretariat cannot confirm until 健康福祉局's reviewer has
 * approved; the reviewer cannot approve another bureau's answer; a return
 * by the reviewer makes the answer editable again and a resubmission clears
 * the approval; with the stage off, confirming needs no approval. */
#include "base/log.h"
#include "model/answer.h"
#include "model/plan.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testanswer.h"
#include "testlib.h"

static Db *db;
static Session shogai, jimu, shimin, kenko;
static int64_t round_id;
static int64_t ans_shogai, ans_shimin; /* projects 1 (健康福祉局) and 6 (市民局) */

static const char *url(int64_t id, const char *rest)
{
    static char buf[4][128];
    static int next;
    char *u = buf[next++ % 4];
    snprintf(u, 128, "/answers/%lld%s", (long long)id, rest);
    return u;
}

static int approved_of(int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT bureau_approved FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    int v = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}

static int count_sql_events(int64_t id, const char *action)
{
    DbStmt *st = db_prepare(
        db, "SELECT COUNT(*) FROM response_event WHERE response_id = $1 AND action = $2", 1);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, action);
    int n = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

static int count_audit(const char *action)
{
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE action = $1", 1);
    db_bind_text(st, 1, action);
    int n = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

/* Submits the answer through its form as s, with field 1's text. */
static void submit_as(const Session *s, int64_t id, const char *f1)
{
    char body[512];
    snprintf(body, sizeof(body), "version=%d&action=submit&f1=%s", answer_version(db, id), f1);
    Reply r = http_post_as(db, s, url(id, ""), body);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_STR(answer_status(db, id), "submitted");
}

static void set_stage(const Session *s, const char *on, int want)
{
    char body[64];
    snprintf(body, sizeof(body), "on=%s&back=%lld", on, (long long)round_id);
    Reply r = http_post_as(db, s, "/plans/1/review-stage", body);
    CHECK_INT(r.status, want);
    if (want == 303) {
        char loc[128];
        snprintf(loc, sizeof(loc), "Location: /rounds/%lld?stage=1\r\n", (long long)round_id);
        CHECK_HAS(r.headers, loc);
    }
    reply_free(&r);
}

/* ---------- Tests ---------- */

static void test_switch_stage(void)
{
    CHECK(!plan_bureau_review(db, 1));
    /* The secretariat sees the switch on the round's page; others do not. */
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld", (long long)round_id);
    Reply r = http_get_as(db, &jimu, target);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "action=\"/plans/1/review-stage\"");
    CHECK_HAS(r.body, "局の承認段階を設ける");
    reply_free(&r);
    r = http_get_as(db, &kenko, target);
    CHECK_HASNT(r.body, "/review-stage");
    reply_free(&r);
    /* Only who runs the plan may switch it. */
    set_stage(&kenko, "1", 403);
    set_stage(&shogai, "1", 403);
    CHECK(!plan_bureau_review(db, 1));
    set_stage(&jimu, "1", 303);
    CHECK(plan_bureau_review(db, 1));
    CHECK_INT(count_audit("plan.bureau_review"), 1);
    r = http_get_as(db, &jimu, target);
    CHECK_HAS(r.body, "局の承認段階をなくす");
    reply_free(&r);
}

static void test_approve_then_confirm(void)
{
    /* Not submitted yet: a wrong state for the reviewer. */
    Reply r = http_post_as(db, &kenko, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    submit_as(&shogai, ans_shogai, "STAGE-TEXT");
    r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_HAS(r.body, "<span class=\"status status-submitted\">提出済（局の承認待ち）</span>");
    CHECK_HASNT(r.body, "局として承認");
    reply_free(&r);
    /* The secretariat waits for the bureau. */
    r = http_get_as(db, &jimu, url(ans_shogai, ""));
    CHECK_HAS(r.body, "局の承認を待っています。");
    CHECK_HASNT(r.body, "/confirm\"");
    reply_free(&r);
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 409);
    CHECK_HAS(r.body, "この回答は現在「提出済（局の承認待ち）」のため");
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "submitted");
    /* Neither the secretariat nor the section may approve. */
    r = http_post_as(db, &jimu, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &shogai, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* The bureau's reviewer sees the button and approves. */
    r = http_get_as(db, &kenko, url(ans_shogai, ""));
    CHECK_HAS(r.body, "局として承認");
    char action[128];
    snprintf(action, sizeof(action), "action=\"%s\"", url(ans_shogai, "/approve"));
    CHECK_HAS(r.body, action);
    reply_free(&r);
    int version = answer_version(db, ans_shogai);
    r = http_post_as(db, &kenko, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 303);
    char loc[128];
    snprintf(loc, sizeof(loc), "Location: %s\r\n", url(ans_shogai, "?approved=1"));
    CHECK_HAS(r.headers, loc);
    reply_free(&r);
    CHECK_INT(approved_of(ans_shogai), 1);
    CHECK_INT(answer_version(db, ans_shogai), version + 1);
    CHECK_INT(count_sql_events(ans_shogai, "approve"), 1);
    CHECK(count_audit("response.approve") >= 1);
    r = http_get_as(db, &kenko, url(ans_shogai, "?approved=1"));
    CHECK_HAS(r.body, "局として承認しました。");
    CHECK_HAS(r.body, "局承認済</span>");
    reply_free(&r);
    /* Approving twice, or returning once approved, is a wrong state. */
    r = http_post_as(db, &kenko, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    r = http_post_as(db, &kenko, url(ans_shogai, "/return"), "comment=late");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    /* Now the secretariat confirms. */
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "confirmed");
}

static void test_other_bureau(void)
{
    submit_as(&shimin, ans_shimin, "SHIMIN-TEXT");
    /* 市民局's answer: 健康福祉局's reviewer may not read it. */
    Reply r = http_post_as(db, &kenko, url(ans_shimin, "/approve"), "");
    CHECK(r.status == 404 || r.status == 403);
    reply_free(&r);
    r = http_post_as(db, &kenko, url(ans_shimin, "/return"), "comment=no");
    CHECK(r.status == 404 || r.status == 403);
    reply_free(&r);
    CHECK_INT(approved_of(ans_shimin), 0);
    CHECK_STR(answer_status(db, ans_shimin), "submitted");
    /* 市民局 has no reviewer: the secretariat cannot confirm it either. */
    r = http_post_as(db, &jimu, url(ans_shimin, "/confirm"), "");
    CHECK_INT(r.status, 409);
    reply_free(&r);
}

static void test_return_by_reviewer(void)
{
    /* The secretariat sends the confirmed answer back; it is resubmitted. */
    Reply r = http_post_as(db, &jimu, url(ans_shogai, "/return"), "comment=again");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    submit_as(&shogai, ans_shogai, "STAGE-TEXT-2");
    CHECK_INT(approved_of(ans_shogai), 0); /* a new submission: a new approval */
    /* The reviewer sends it back; the section may edit again. */
    r = http_post_as(db, &kenko, url(ans_shogai, "/return"), "comment=");
    CHECK_INT(r.status, 400);
    reply_free(&r);
    r = http_post_as(db, &kenko, url(ans_shogai, "/return"), "comment=BUREAU-SAYS-NO");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "returned");
    r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_HAS(r.body, "BUREAU-SAYS-NO");
    CHECK_HAS(r.body, "<textarea");
    reply_free(&r);
    /* Approved, returned by the secretariat, resubmitted: not approved. */
    submit_as(&shogai, ans_shogai, "STAGE-TEXT-3");
    r = http_post_as(db, &kenko, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_INT(approved_of(ans_shogai), 1);
    r = http_post_as(db, &jimu, url(ans_shogai, "/return"), "comment=more");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    submit_as(&shogai, ans_shogai, "STAGE-TEXT-4");
    CHECK_INT(approved_of(ans_shogai), 0);
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    CHECK_INT(count_sql_events(ans_shogai, "approve"), 2);
}

static void test_stage_off(void)
{
    set_stage(&jimu, "0", 303);
    CHECK(!plan_bureau_review(db, 1));
    /* Without the stage: the plain status, no approving, confirming works. */
    Reply r = http_get_as(db, &shogai, url(ans_shogai, ""));
    CHECK_HAS(r.body, "<span class=\"status status-submitted\">提出済</span>");
    reply_free(&r);
    r = http_post_as(db, &kenko, url(ans_shogai, "/approve"), "");
    CHECK_INT(r.status, 409);
    reply_free(&r);
    r = http_post_as(db, &kenko, url(ans_shogai, "/return"), "comment=x");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &jimu, url(ans_shogai, "/confirm"), "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shogai), "confirmed");
    r = http_post_as(db, &jimu, url(ans_shimin, "/confirm"), "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_STR(answer_status(db, ans_shimin), "confirmed");
}

static void test_events_take_approve(void)
{
    /* The rebuilt table keeps its CHECK, now with 'approve'. */
    CHECK_INT(db_exec1(db, "INSERT INTO response_event (response_id, at, actor, action, version)"
                           " SELECT id, 'x', 'x', 'bogus', 0 FROM response LIMIT 1"),
              DB_CONSTRAINT);
    DbStmt *st = strcmp(db_engine(db), "postgresql") == 0
                     ? db_prepare(db,
                                  "SELECT COUNT(*) FROM pg_indexes WHERE schemaname ="
                                  " current_schema() AND indexname = 'response_event_response'",
                                  1)
                     : db_prepare(db,
                                  "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"
                                  " AND name = 'response_event_response'",
                                  1);
    CHECK(db_step(st) == DB_ROW && db_col_int64(st, 0) == 1);
    db_done(st);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("review_stage.db", true);
    DbStmt *st = db_prepare(db,
                            "SELECT r.id, rs.id, rs.project_id FROM round r JOIN response rs"
                            " ON rs.round_id = r.id WHERE r.plan_id = 1 AND r.fiscal_year = 2020"
                            " AND r.status = 'open' AND rs.project_id IN (1, 6)",
                            3);
    while (db_step(st) == DB_ROW) {
        round_id = db_col_int64(st, 0);
        if (db_col_int64(st, 2) == 1)
            ans_shogai = db_col_int64(st, 1);
        else
            ans_shimin = db_col_int64(st, 1);
    }
    db_done(st);
    shogai = test_login(db, "shogaikikaku", "demo");
    jimu = test_login(db, "jimukyoku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    kenko = test_login(db, "kenkofukushi", "demo");
    if (!round_id || !ans_shogai || !ans_shimin || !shogai.ok || !jimu.ok || !shimin.ok ||
        !kenko.ok) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    TEST_RUN(test_switch_stage);
    TEST_RUN(test_approve_then_confirm);
    TEST_RUN(test_other_bureau);
    TEST_RUN(test_return_by_reviewer);
    TEST_RUN(test_stage_off);
    TEST_RUN(test_events_take_approve);
    db_close(db);
    test_cleanup();
    return TEST_DONE("review_stage");
}
