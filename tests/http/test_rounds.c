/* Rounds (照会) through the site and the command line: the demo's round of
 * 令和2年度 is listed with its counts; the secretariat opens another, and a
 * duplicate, a bad date or a deadline before the inquiry date is refused at
 * its field; editors cannot open one and see only their own rows; closing
 * stops editors' saves, reopening lets them save again; the deadline can
 * only be extended; a bulk confirm confirms the submitted answers and leaves
 * the others; answers not submitted after the deadline are marked. Then
 * `shinchoku round` (argv[1] is the built binary) with its exit codes and
 * messages. The web tests run in order on one demo database. */
#include "base/log.h"
#include "model/account.h"
#include "model/answer.h"
#include "model/round.h"
#include "testauth.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"
#include "testproc.h"

static const char *bin;
static Db *db;
static Session jimu, shogai, shimin, kenko, iin;
static int64_t demo_round;   /* the demo's round of 2020 at 年度当初 */
static int64_t second_round; /* 2021 at 年度末, opened by a test */

/* The first column of the first row of a statement (with $1 = arg if arg). */
static int64_t first_value(DbStmt *st, int64_t arg)
{
    if (arg)
        db_bind_int64(st, 1, arg);
    int64_t v = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}
#define query_id(sql, arg) first_value(db_prepare(db, sql, 1), (arg))

static const char *round_status(int64_t id, char *out, size_t n)
{
    DbStmt *st = db_prepare(db, "SELECT status, deadline FROM round WHERE id = $1", 2);
    db_bind_int64(st, 1, id);
    out[0] = '\0';
    if (db_step(st) == DB_ROW)
        snprintf(out, n, "%s %s", db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    return out;
}

static const char *answer_status(int64_t id, char *out, size_t n)
{
    DbStmt *st = db_prepare(db, "SELECT status FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    out[0] = '\0';
    if (db_step(st) == DB_ROW)
        snprintf(out, n, "%s", db_col_text(st, 0));
    db_done(st);
    return out;
}

/* How many answers of the round belong to projects of the section named. */
static int64_t answers_of_section(int64_t round_id, const char *section)
{
    DbStmt *st =
        db_prepare(db,
                   "SELECT COUNT(*) FROM response rs JOIN project p ON p.id = rs.project_id"
                   " WHERE rs.round_id = $1 AND p.section_id IN (SELECT unit_id FROM"
                   " org_unit_period WHERE name = $2)",
                   1);
    db_bind_int64(st, 1, round_id);
    db_bind_text(st, 2, section);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

/* The nth (from 0) answer of the round in id order, of the section named
 * (NULL: any section). */
static int64_t nth_answer(int64_t round_id, const char *section, int nth)
{
    DbStmt *st =
        db_prepare(db,
                   "SELECT rs.id FROM response rs JOIN project p ON p.id = rs.project_id"
                   " WHERE rs.round_id = $1 AND (CAST($2 AS TEXT) IS NULL OR p.section_id IN"
                   " (SELECT unit_id FROM org_unit_period WHERE name = $2))"
                   " ORDER BY rs.id LIMIT 1 OFFSET $3",
                   1);
    db_bind_int64(st, 1, round_id);
    db_bind_text(st, 2, section);
    db_bind_int64(st, 3, nth);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

/* The principal of a demo login, with its grants, in the arena. */
static Principal principal_of(Arena *a, const char *login)
{
    User u;
    Principal p = {0};
    if (account_by_login(db, a, login, &u) == ERR_OK) {
        p.user_id = u.id;
        p.login = u.login;
        p.display_name = u.display_name;
        principal_load_grants(db, a, &p);
    }
    return p;
}

/* Saves every field of the answer with a text, as a draft or submitted. */
static Err save_answer(const Principal *who, int64_t id, bool submit)
{
    Arena a;
    arena_init(&a);
    Answer ans;
    Err e = answer_get(db, &a, who, id, &ans);
    if (e == ERR_OK) {
        const char *values[16];
        FieldProblem problems[16];
        for (int i = 0; i < ans.nfields && i < 16; i++)
            values[i] = "テストの回答";
        Actor by = {who ? who->login : "test", ""};
        e = answer_save(db, &by, who, id, ans.version, values, ans.nfields, submit, problems);
    }
    arena_free(&a);
    return e;
}

/* fmt with its "%lld" replaced by id, in one of a few rotating buffers. */
static const char *url(const char *fmt, int64_t id)
{
    static char buf[8][256];
    static int next;
    char *b = buf[next++ % 8];
    const char *at = strstr(fmt, "%lld");
    if (!at)
        snprintf(b, sizeof(buf[0]), "%s", fmt);
    else
        snprintf(b, sizeof(buf[0]), "%.*s%lld%s", (int)(at - fmt), fmt, (long long)id, at + 4);
    return b;
}

/* The text of the field's error paragraph, or "". */
static void field_error(const Reply *r, const char *field, char *out, size_t n)
{
    char start[64];
    snprintf(start, sizeof(start), "<p class=\"error-text\" id=\"f-%s-error\">", field);
    test_value_after(r->body, start, "<", out, n);
}

/* ---- the list --------------------------------------------------------- */

static void test_list_shows_the_demo_round(void)
{
    CHECK(demo_round > 0);
    Reply r = http_get_as(db, &jimu, "/rounds");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>照会</h1>");
    CHECK_HAS(r.body, "仙台市自殺対策計画");
    CHECK_HAS(r.body, url("<a href=\"/rounds/%lld\">令和2年度</a>", demo_round));
    CHECK_HAS(r.body, "年度当初確認");
    CHECK_HAS(r.body, "<time datetime=\"2021-06-30\">令和3年6月30日</time>");
    CHECK_HAS(r.body, "受付中");
    CHECK_HAS(r.body, "未着手 <strong>7</strong>");
    CHECK_HAS(r.body, "下書き <strong>0</strong>");
    CHECK_HAS(r.body, "提出済 <strong>0</strong>");
    CHECK_HAS(r.body, "差戻し <strong>0</strong>");
    CHECK_HAS(r.body, "確定 <strong>0</strong>");
    /* The secretariat may start a round of the plan it runs. */
    CHECK_HAS(r.body, "<a href=\"/plans/1/rounds/new\">仙台市自殺対策計画：照会を開始する</a>");
    /* The imported rounds of 2019 were never opened here: not listed. */
    CHECK_HASNT(r.body, ">令和元年度</a>");
    reply_free(&r);
    /* An editor: the round, with only the counts of the section's answers. */
    r = http_get_as(db, &shogai, "/rounds");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, url("<a href=\"/rounds/%lld\">令和2年度</a>", demo_round));
    char want[64];
    snprintf(want, sizeof(want), "未着手 <strong>%lld</strong>",
             (long long)answers_of_section(demo_round, "障害企画課"));
    CHECK(answers_of_section(demo_round, "障害企画課") > 0);
    CHECK_HAS(r.body, want);
    CHECK_HASNT(r.body, "/rounds/new");
    reply_free(&r);
    /* A council member takes part in no round. */
    r = http_get_as(db, &iin, "/rounds");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "参加している照会はありません。");
    reply_free(&r);
    /* Nobody signed in: to the login. */
    r = http_get(db, "/rounds");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /login?next=%2Frounds");
    reply_free(&r);
    /* The model's counts agree. */
    Arena a;
    arena_init(&a);
    Round rd;
    CHECK_INT(round_get(db, &a, NULL, demo_round, &rd), ERR_OK);
    CHECK_INT(rd.counts.total, 7);
    CHECK_INT(rd.counts.not_started, 7);
    CHECK_STR(rd.inquiry_date, "2021-04-01");
    CHECK_STR(rd.deadline, "2021-06-30");
    CHECK_STR(rd.doc_no, "");
    arena_free(&a);
}

/* ---- opening a round -------------------------------------------------- */

static void test_open_form(void)
{
    Reply r = http_get_as(db, &jimu, "/plans/1/rounds/new");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<form method=\"post\" action=\"/plans/1/rounds\"");
    CHECK_HAS(r.body, "<option value=\"2019\"");
    CHECK_HAS(r.body, ">令和元年度</option>");
    CHECK_HAS(r.body, ">令和5年度</option>");
    CHECK_HASNT(r.body, "<option value=\"2024\"");
    CHECK_HAS(r.body, "name=\"checkpoint\" value=\"start\" checked");
    CHECK_HAS(r.body, "年度末");
    CHECK_HAS(r.body, "<label for=\"f-doc_no\">文書番号 <span class=\"tag-optional\">任意</span>");
    CHECK_HAS(r.body,
              "<label for=\"f-inquiry_date\">照会日 <span class=\"tag-optional\">任意</span>");
    CHECK_HAS(r.body,
              "<label for=\"f-deadline\">回答期限 <span class=\"tag-required\">必須</span>");
    CHECK_HAS(r.body, "name=\"deadline\" type=\"date\"");
    CHECK_HAS(r.body, "<textarea id=\"f-instructions\" name=\"instructions\"");
    CHECK_HAS(r.body, "name=\"csrf\"");
    reply_free(&r);
    /* Not the secretariat: refused; an unknown plan: not found. */
    r = http_get_as(db, &shogai, "/plans/1/rounds/new");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/999/rounds/new");
    CHECK_INT(r.status, 404);
    reply_free(&r);
}

static void test_open_and_refusals_at_fields(void)
{
    int64_t before = query_id("SELECT COUNT(*) FROM round", 0);
    /* An editor cannot open one. */
    Reply r = http_post_as(db, &shogai, "/plans/1/rounds",
                           "year=2021&checkpoint=end&deadline=2022-05-31");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &kenko, "/plans/1/rounds", "year=2021&checkpoint=end&deadline=2022-05-31");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    CHECK_INT(query_id("SELECT COUNT(*) FROM round", 0), before);
    /* The secretariat opens 2021 at 年度末. */
    char *doc = test_form_escape("事務連絡"), *instr = test_form_escape("期限までに<回答>を");
    char body[512];
    snprintf(body, sizeof(body),
             "year=2021&checkpoint=end&doc_no=%s&inquiry_date=2022-04-01&deadline=2022-05-31"
             "&instructions=%s",
             doc, instr);
    r = http_post_as(db, &jimu, "/plans/1/rounds", body);
    CHECK_INT(r.status, 303);
    second_round = query_id("SELECT MAX(id) FROM round", 0);
    CHECK(second_round > demo_round);
    CHECK_HAS(r.headers, url("Location: /rounds/%lld?opened=1", second_round));
    reply_free(&r);
    CHECK_INT(query_id("SELECT COUNT(*) FROM round", 0), before + 1);
    r = http_get_as(db, &jimu, url("/rounds/%lld?opened=1", second_round));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "照会を開始しました。");
    CHECK_HAS(r.body, "<h1>仙台市自殺対策計画 令和3年度 年度末確認</h1>");
    CHECK_HAS(r.body, "事務連絡");
    CHECK_HAS(r.body, "<time datetime=\"2022-04-01\">令和4年4月1日</time>");
    CHECK_HAS(r.body, "<time datetime=\"2022-05-31\">令和4年5月31日</time>");
    CHECK_HAS(r.body, "期限までに&lt;回答&gt;を");
    reply_free(&r);
    /* The same year and checkpoint again: refused at the year. */
    r = http_post_as(db, &jimu, "/plans/1/rounds", "year=2021&checkpoint=end&deadline=2022-05-31");
    CHECK_INT(r.status, 400);
    char err[256];
    field_error(&r, "year", err, sizeof(err));
    CHECK_STR(err, "この年度・確認時期の照会は既に受付中です。");
    CHECK_HAS(r.body, "<div class=\"error-summary\" role=\"alert\">");
    CHECK_HAS(r.body, "<option value=\"2021\" selected>");
    CHECK_HAS(r.body, "name=\"checkpoint\" value=\"end\" checked");
    reply_free(&r);
    /* A date that does not exist: at the deadline, the text shown again. */
    r = http_post_as(db, &jimu, "/plans/1/rounds",
                     "year=2022&checkpoint=start&deadline=2023-02-30");
    CHECK_INT(r.status, 400);
    field_error(&r, "deadline", err, sizeof(err));
    CHECK_HAS(err, "実在する日付");
    CHECK_HAS(r.body, "value=\"2023-02-30\"");
    CHECK_HAS(r.body, "aria-describedby=\"f-deadline-help f-deadline-error\"");
    reply_free(&r);
    r = http_post_as(db, &jimu, "/plans/1/rounds",
                     "year=2022&checkpoint=start&inquiry_date=2022-13-01&deadline=2023-01-31");
    CHECK_INT(r.status, 400);
    field_error(&r, "inquiry_date", err, sizeof(err));
    CHECK_HAS(err, "実在する日付");
    reply_free(&r);
    /* The deadline before the inquiry date. */
    r = http_post_as(db, &jimu, "/plans/1/rounds",
                     "year=2022&checkpoint=start&inquiry_date=2022-06-01&deadline=2022-05-01");
    CHECK_INT(r.status, 400);
    field_error(&r, "deadline", err, sizeof(err));
    CHECK_STR(err, "回答期限は照会日と同じか、それより後の日付にしてください。");
    reply_free(&r);
    /* No deadline; a year outside the plan; no checkpoint. */
    r = http_post_as(db, &jimu, "/plans/1/rounds", "year=2022&checkpoint=start&deadline=");
    CHECK_INT(r.status, 400);
    field_error(&r, "deadline", err, sizeof(err));
    CHECK_STR(err, "入力してください。");
    reply_free(&r);
    r = http_post_as(db, &jimu, "/plans/1/rounds",
                     "year=2030&checkpoint=start&deadline=2031-01-01");
    CHECK_INT(r.status, 400);
    field_error(&r, "year", err, sizeof(err));
    CHECK_STR(err, "計画期間内の年度を選んでください。");
    reply_free(&r);
    r = http_post_as(db, &jimu, "/plans/1/rounds", "year=2022&deadline=2023-01-31");
    CHECK_INT(r.status, 400);
    field_error(&r, "checkpoint", err, sizeof(err));
    CHECK_STR(err, "確認時期を選んでください。");
    reply_free(&r);
    CHECK_INT(query_id("SELECT COUNT(*) FROM round", 0), before + 1);
    /* Opening is audited by the model, as the person who did it. */
    CHECK_INT(query_id("SELECT COUNT(*) FROM audit_log WHERE action = 'round.open'"
                       " AND actor = 'jimukyoku' AND entity_id = $1",
                       second_round),
              1);
    free(doc);
    free(instr);
}

/* ---- the round's page ------------------------------------------------- */

static void test_round_page_for_the_secretariat(void)
{
    Reply r = http_get_as(db, &jimu, url("/rounds/%lld", demo_round));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>仙台市自殺対策計画 令和2年度 年度当初確認</h1>");
    CHECK_HAS(r.body, "<dt>文書番号</dt><dd>なし</dd>");
    CHECK_HAS(r.body, "<time datetime=\"2021-04-01\">令和3年4月1日</time>");
    CHECK_HAS(r.body, "未着手 <strong>7</strong>");
    /* By bureau and section. */
    CHECK_HAS(r.body, "局・課別の件数");
    CHECK_HAS(r.body, "<tr class=\"bureau-total\"><th scope=\"row\">健康福祉局</th>");
    CHECK_HAS(r.body, "<th scope=\"row\">障害企画課</th>");
    CHECK_HAS(r.body, "<th scope=\"row\">市民生活課</th>");
    /* Every answer, each linked to its page. */
    CHECK_INT(occurrences(r.body, "<tr id=\"answer-"), 7);
    CHECK_HAS(r.body, url("<a href=\"/answers/%lld\">", nth_answer(demo_round, NULL, 0)));
    /* The deadline (2021-06-30) has passed: every answer is overdue. */
    CHECK_INT(occurrences(r.body, "class=\"error-text overdue\""), 7);
    CHECK_INT(occurrences(r.body, "<tr id=\"answer-") - occurrences(r.body, "class=\"is-overdue\""),
              0);
    CHECK_HAS(r.body, "期限を過ぎても提出されていない回答");
    /* Nothing submitted: nothing to select. */
    CHECK_HASNT(r.body, "name=\"answer\"");
    /* The secretariat's controls. */
    CHECK_HAS(r.body, url("action=\"/rounds/%lld/close\"", demo_round));
    CHECK_HAS(r.body, url("action=\"/rounds/%lld/extend\"", demo_round));
    CHECK_HAS(r.body, ">締め切る</button>");
    CHECK_HAS(r.body, ">期限を延長</button>");
    reply_free(&r);
    /* Unknown round. */
    r = http_get_as(db, &jimu, "/rounds/9999");
    CHECK_INT(r.status, 404);
    reply_free(&r);
}

static void test_round_page_for_editors_and_others(void)
{
    int64_t mine = answers_of_section(demo_round, "障害企画課");
    Reply r = http_get_as(db, &shogai, url("/rounds/%lld", demo_round));
    CHECK_INT(r.status, 200);
    CHECK_INT(occurrences(r.body, "<tr id=\"answer-"), mine);
    CHECK_HAS(r.body, url("<a href=\"/answers/%lld\">", nth_answer(demo_round, "障害企画課", 0)));
    CHECK_HASNT(r.body, url("<tr id=\"answer-%lld\"", nth_answer(demo_round, "市民生活課", 0)));
    CHECK_HASNT(r.body, "<th scope=\"row\">市民生活課</th>");
    CHECK_HASNT(r.body, "/close\"");
    CHECK_HASNT(r.body, "/extend\"");
    CHECK_HASNT(r.body, "/confirm\"");
    reply_free(&r);
    r = http_get_as(db, &shimin, url("/rounds/%lld", demo_round));
    CHECK_INT(r.status, 200);
    CHECK_INT(occurrences(r.body, "<tr id=\"answer-"),
              answers_of_section(demo_round, "市民生活課"));
    CHECK_HASNT(r.body, "<th scope=\"row\">障害企画課</th>");
    reply_free(&r);
    /* The reviewer of 健康福祉局: its sections, not 市民局's. */
    r = http_get_as(db, &kenko, url("/rounds/%lld", demo_round));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<th scope=\"row\">障害企画課</th>");
    CHECK_HASNT(r.body, "<th scope=\"row\">市民生活課</th>");
    reply_free(&r);
    /* A council member takes no part: not found. */
    r = http_get_as(db, &iin, url("/rounds/%lld", demo_round));
    CHECK_INT(r.status, 404);
    reply_free(&r);
    /* Editors cannot act on the round. */
    const char *actions[] = {"/rounds/%lld/close", "/rounds/%lld/reopen", "/rounds/%lld/confirm"};
    for (int i = 0; i < 3; i++) {
        r = http_post_as(db, &shogai, url(actions[i], demo_round), "");
        CHECK_INT(r.status, 403);
        reply_free(&r);
    }
    r = http_post_as(db, &shogai, url("/rounds/%lld/extend", demo_round), "deadline=2099-12-31");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &iin, url("/rounds/%lld/close", demo_round), "");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    char s[64];
    CHECK_STR(round_status(demo_round, s, sizeof(s)), "open 2021-06-30");
}

/* ---- confirming in bulk ----------------------------------------------- */

static void test_bulk_confirm(void)
{
    /* Not 障害企画課's (its only answer is the first): a later test needs it. */
    int64_t a = nth_answer(demo_round, NULL, 1), b = nth_answer(demo_round, NULL, 2),
            c = nth_answer(demo_round, NULL, 3), other = nth_answer(second_round, NULL, 0);
    CHECK(a && b && c && other);
    /* Two answers submitted, one saved as a draft. */
    CHECK_INT(save_answer(NULL, a, true), ERR_OK);
    CHECK_INT(save_answer(NULL, b, true), ERR_OK);
    CHECK_INT(save_answer(NULL, c, false), ERR_OK);
    Reply r = http_get_as(db, &jimu, url("/rounds/%lld", demo_round));
    CHECK_INT(occurrences(r.body, "type=\"checkbox\" name=\"answer\""), 2);
    CHECK_HAS(r.body, url("name=\"answer\" value=\"%lld\"", a));
    CHECK_HAS(r.body, url("name=\"answer\" value=\"%lld\"", b));
    CHECK_HASNT(r.body, url("name=\"answer\" value=\"%lld\"", c));
    CHECK_HAS(r.body, url("<form method=\"post\" action=\"/rounds/%lld/confirm\">", demo_round));
    CHECK_HAS(r.body, "提出済 <strong>2</strong>");
    /* Overdue: only the answers neither submitted nor confirmed. */
    CHECK_INT(occurrences(r.body, "class=\"error-text overdue\""), 5);
    reply_free(&r);
    /* An editor cannot confirm, even naming the answers. */
    char body[256];
    snprintf(body, sizeof(body), "answer=%lld", (long long)a);
    r = http_post_as(db, &shogai, url("/rounds/%lld/confirm", demo_round), body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    char st[32];
    CHECK_STR(answer_status(a, st, sizeof(st)), "submitted");
    /* The two submitted, the draft, one of another round, and junk. */
    snprintf(body, sizeof(body), "answer=%lld&answer=%lld&answer=%lld&answer=%lld&answer=x",
             (long long)a, (long long)b, (long long)c, (long long)other);
    r = http_post_as(db, &jimu, url("/rounds/%lld/confirm", demo_round), body);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, url("Location: /rounds/%lld?confirmed=2&refused=3", demo_round));
    reply_free(&r);
    CHECK_STR(answer_status(a, st, sizeof(st)), "confirmed");
    CHECK_STR(answer_status(b, st, sizeof(st)), "confirmed");
    CHECK_STR(answer_status(c, st, sizeof(st)), "draft");
    CHECK_STR(answer_status(other, st, sizeof(st)), "not_started");
    CHECK_INT(query_id("SELECT COUNT(*) FROM audit_log WHERE action = 'response.confirm'"
                       " AND actor = 'jimukyoku'",
                       0),
              2);
    r = http_get_as(db, &jimu, url("/rounds/%lld?confirmed=2&refused=3", demo_round));
    CHECK_HAS(r.body, "2件の回答を確定しました。");
    CHECK_HAS(r.body, "3件の回答は確定できませんでした。");
    CHECK_HAS(r.body, "確定 <strong>2</strong>");
    CHECK_HAS(r.body, "下書き <strong>1</strong>");
    CHECK_HAS(r.body, "未着手 <strong>4</strong>");
    CHECK_HASNT(r.body, "type=\"checkbox\" name=\"answer\"");
    reply_free(&r);
    /* Nothing chosen. */
    r = http_post_as(db, &jimu, url("/rounds/%lld/confirm", demo_round), "");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "?confirmed=0&refused=0");
    reply_free(&r);
    r = http_get_as(db, &jimu, url("/rounds/%lld?confirmed=0&refused=0", demo_round));
    CHECK_HAS(r.body, "確定する回答を選んでください。");
    reply_free(&r);
    /* The list counts the same. */
    r = http_get_as(db, &jimu, "/rounds");
    CHECK_HAS(r.body, "確定 <strong>2</strong>");
    reply_free(&r);
    Arena ar;
    arena_init(&ar);
    Round rd;
    CHECK_INT(round_get(db, &ar, NULL, demo_round, &rd), ERR_OK);
    CHECK_INT(rd.counts.confirmed, 2);
    CHECK_INT(rd.counts.draft, 1);
    CHECK_INT(rd.counts.not_started, 4);
    CHECK_INT(rd.counts.overdue, 5);
    arena_free(&ar);
}

/* ---- closing and reopening -------------------------------------------- */

static void test_close_and_reopen(void)
{
    Arena ar;
    arena_init(&ar);
    Principal editor = principal_of(&ar, "shogaikikaku");
    CHECK(editor.ngrants > 0);
    /* An answer of 障害企画課 that is neither submitted nor confirmed. */
    int64_t id = 0;
    char st[32];
    for (int i = 0; i < 8 && !id; i++) {
        int64_t x = nth_answer(demo_round, "障害企画課", i);
        if (x && strcmp(answer_status(x, st, sizeof(st)), "not_started") == 0)
            id = x;
    }
    CHECK(id > 0);
    Answer ans;
    CHECK_INT(answer_get(db, &ar, &editor, id, &ans), ERR_OK);
    CHECK(answer_may_write(&editor, &ans));

    Reply r = http_post_as(db, &jimu, url("/rounds/%lld/close", demo_round), "");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, url("Location: /rounds/%lld?closed=1", demo_round));
    reply_free(&r);
    char s[64];
    CHECK_STR(round_status(demo_round, s, sizeof(s)), "closed 2021-06-30");
    /* The editor's save would now be refused. */
    CHECK_INT(answer_get(db, &ar, &editor, id, &ans), ERR_OK);
    CHECK(!answer_may_write(&editor, &ans));
    CHECK_INT(save_answer(&editor, id, false), ERR_FORBIDDEN);
    r = http_get_as(db, &jimu, url("/rounds/%lld?closed=1", demo_round));
    CHECK_HAS(r.body, "照会を締め切りました。");
    CHECK_HAS(r.body, "締切済");
    CHECK_HAS(r.body, url("action=\"/rounds/%lld/reopen\"", demo_round));
    CHECK_HAS(r.body, ">再開する</button>");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/rounds");
    CHECK_HAS(r.body, "締切済");
    reply_free(&r);

    r = http_post_as(db, &jimu, url("/rounds/%lld/reopen", demo_round), "");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, url("Location: /rounds/%lld?reopened=1", demo_round));
    reply_free(&r);
    CHECK_STR(round_status(demo_round, s, sizeof(s)), "open 2021-06-30");
    CHECK_INT(answer_get(db, &ar, &editor, id, &ans), ERR_OK);
    CHECK(answer_may_write(&editor, &ans));
    CHECK_INT(save_answer(&editor, id, false), ERR_OK);
    CHECK_INT(query_id("SELECT COUNT(*) FROM audit_log WHERE action IN ('round.close',"
                       " 'round.reopen') AND actor = 'jimukyoku' AND entity_id = $1",
                       demo_round),
              2);

    /* Closed 2021 年度末, another opened: the first cannot be reopened. */
    r = http_post_as(db, &jimu, url("/rounds/%lld/close", second_round), "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_post_as(db, &jimu, "/plans/1/rounds", "year=2021&checkpoint=end&deadline=2022-06-30");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    int64_t third = query_id("SELECT MAX(id) FROM round", 0);
    r = http_post_as(db, &jimu, url("/rounds/%lld/reopen", second_round), "");
    CHECK_INT(r.status, 409);
    CHECK_HAS(r.body, "同じ年度・確認時期の別の照会が受付中のため、再開できません。");
    reply_free(&r);
    CHECK_STR(round_status(second_round, s, sizeof(s)), "closed 2022-05-31");
    /* Closing the third lets the second reopen. */
    Actor by = {"test", ""};
    CHECK_INT(round_set_status(db, &by, NULL, third, false), ERR_OK);
    CHECK_INT(round_set_status(db, &by, NULL, second_round, true), ERR_OK);
    arena_free(&ar);
}

/* ---- the deadline ------------------------------------------------------- */

static void test_extend_and_overdue(void)
{
    /* Still past the deadline: the rows not submitted are marked. */
    Reply r = http_get_as(db, &jimu, url("/rounds/%lld", demo_round));
    CHECK_INT(occurrences(r.body, "class=\"error-text overdue\""), 5);
    CHECK_HASNT(r.body, "期限を過ぎても提出されていない回答はありません。");
    reply_free(&r);
    r = http_get_as(db, &shogai, url("/rounds/%lld", demo_round));
    CHECK(occurrences(r.body, "class=\"error-text overdue\"") > 0);
    reply_free(&r);
    /* Refusals at the field. */
    r = http_post_as(db, &jimu, url("/rounds/%lld/extend", demo_round), "deadline=2021-06-01");
    CHECK_INT(r.status, 400);
    char err[256];
    field_error(&r, "deadline", err, sizeof(err));
    CHECK_STR(err, "新しい回答期限は、現在の期限より後の日付にしてください。");
    CHECK_HAS(r.body, "value=\"2021-06-01\"");
    reply_free(&r);
    r = http_post_as(db, &jimu, url("/rounds/%lld/extend", demo_round), "deadline=2021-03-31");
    CHECK_INT(r.status, 400);
    field_error(&r, "deadline", err, sizeof(err));
    CHECK_STR(err, "回答期限は照会日と同じか、それより後の日付にしてください。");
    reply_free(&r);
    r = http_post_as(db, &jimu, url("/rounds/%lld/extend", demo_round), "deadline=2099-02-29");
    CHECK_INT(r.status, 400);
    field_error(&r, "deadline", err, sizeof(err));
    CHECK_HAS(err, "実在する日付");
    reply_free(&r);
    char s[64];
    CHECK_STR(round_status(demo_round, s, sizeof(s)), "open 2021-06-30");
    /* A later deadline. */
    r = http_post_as(db, &jimu, url("/rounds/%lld/extend", demo_round), "deadline=2099-12-31");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, url("Location: /rounds/%lld?extended=1", demo_round));
    reply_free(&r);
    CHECK_STR(round_status(demo_round, s, sizeof(s)), "open 2099-12-31");
    CHECK_INT(query_id("SELECT COUNT(*) FROM audit_log WHERE action = 'round.extend'"
                       " AND entity_id = $1",
                       demo_round),
              1);
    r = http_get_as(db, &jimu, url("/rounds/%lld?extended=1", demo_round));
    CHECK_HAS(r.body, "回答期限を延長しました。");
    CHECK_HAS(r.body, "<time datetime=\"2099-12-31\">令和81年12月31日</time>");
    CHECK_INT(occurrences(r.body, "class=\"error-text overdue\""), 0);
    CHECK_HAS(r.body, "期限を過ぎても提出されていない回答はありません。");
    reply_free(&r);
    /* The same in English. */
    r = http_get_as(db, &jimu, url("/rounds/%lld?lang=en", demo_round));
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "No answer is overdue.");
    CHECK_HAS(r.body, url("action=\"/rounds/%lld/close?lang=en\"", demo_round));
    reply_free(&r);
}

/* ---- the command line ----------------------------------------------- */

static char cli_db[512];

/* Runs `shinchoku round ARGS...` ("DB" stands for the database); returns the
 * exit code and the outputs (the caller frees them). */
static int run_round(char **out, char **err, const char *const *args)
{
    char outp[512], errp[512];
    snprintf(outp, sizeof(outp), "%s", test_path("out.txt"));
    snprintf(errp, sizeof(errp), "%s", test_path("err.txt"));
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)bin;
    argv[n++] = "round";
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = (char *)(strcmp(args[i], "DB") == 0 ? cli_db : args[i]);
    argv[n] = NULL;
    int rc = test_spawn(argv, NULL, outp, errp);
    *out = test_slurp(outp, NULL);
    *err = test_slurp(errp, NULL);
    return rc;
}

#define RUN(out, err, ...) run_round((out), (err), (const char *const[]){__VA_ARGS__, NULL})

static Db *cli_conn;

static Db *cli_open(void)
{
    cli_conn = cli_open_db(cli_db, false, false);
    if (!cli_conn) {
        fprintf(stderr, "cannot open %s\n", cli_db);
        exit(2);
    }
    return cli_conn;
}

static int64_t cli_value(DbStmt *st)
{
    int64_t v = first_value(st, 0);
    db_close(cli_conn);
    cli_conn = NULL;
    return v;
}
#define cli_query(sql) (cli_open(), cli_value(db_prepare(cli_conn, sql, 1)))

static void test_cli_help_and_usage(void)
{
    char *out, *err;
    CHECK_INT(RUN(&out, &err, "--help"), 0);
    CHECK_HAS(out, "usage: shinchoku round <action>");
    CHECK_HAS(out, "extend");
    free(out), free(err);
    CHECK_INT(run_round(&out, &err, (const char *const[]){NULL}), 2);
    CHECK_HAS(err, "which action?");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "frob"), 2);
    CHECK_HAS(err, "'frob' is not an action");
    free(out), free(err);
    const char *actions[] = {"open", "list", "extend", "close", "reopen"};
    for (int i = 0; i < 5; i++) {
        CHECK_INT(RUN(&out, &err, actions[i], "--help"), 0);
        char want[64];
        snprintf(want, sizeof(want), "usage: shinchoku round %s", actions[i]);
        CHECK_HAS(out, want);
        free(out), free(err);
    }
    CHECK_INT(RUN(&out, &err, "open", "--db", "DB", "--plan", "1", "--year", "2021", "--checkpoint",
                  "end"),
              2);
    CHECK_HAS(err, "--deadline YYYY-MM-DD is required");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "close", "--db", "DB"), 2);
    CHECK_HAS(err, "--round ID is required");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "close", "--db", "DB", "--round", "abc"), 2);
    CHECK_HAS(err, "--round takes a round's id");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB", "--round", "1"), 2);
    CHECK_HAS(err, "unknown option '--round'");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB", "--frob"), 2);
    CHECK_HAS(err, "unknown option '--frob'");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB", "extra"), 2);
    CHECK_HAS(err, "unexpected argument 'extra'");
    free(out), free(err);
    char missing[512];
    snprintf(missing, sizeof(missing), "%s", test_path("missing.db"));
    CHECK_INT(RUN(&out, &err, "list", "--db", missing), 1);
    CHECK_HAS(err, "shinchoku init");
    free(out), free(err);
}

static void test_cli_open_and_refusals(void)
{
    char *out, *err;
    int64_t before = cli_query("SELECT COUNT(*) FROM round");
    CHECK_INT(RUN(&out, &err, "open", "--db", "DB", "--plan", "1", "--year", "令和3年度",
                  "--checkpoint", "end", "--deadline", "2022-05-31", "--inquiry-date", "2022-04-01",
                  "--doc-no", "第12号", "--instructions", "期限厳守"),
              0);
    int64_t id = cli_query("SELECT MAX(id) FROM round");
    char want[256];
    snprintf(want, sizeof(want),
             "opened round %lld: 仙台市自殺対策計画, fiscal year 2021 (令和3年度), end of the "
             "year, deadline 2022-05-31; 7 answers asked\n",
             (long long)id);
    CHECK_STR(out, want);
    CHECK_STR(err, "");
    free(out), free(err);
    CHECK_INT(cli_query("SELECT COUNT(*) FROM round"), before + 1);
    CHECK_INT(cli_query("SELECT COUNT(*) FROM audit_log WHERE action = 'round.open'"
                        " AND actor = 'cli'"),
              2); /* the demo's round and this one */
    CHECK_INT(cli_query("SELECT COUNT(*) FROM round WHERE doc_no = '第12号'"
                        " AND inquiry_date = '2022-04-01' AND instructions = '期限厳守'"),
              1);
    /* The same again: a failure. */
    CHECK_INT(RUN(&out, &err, "open", "--db", "DB", "--plan", "1", "--year", "2021", "--checkpoint",
                  "end", "--deadline", "2022-05-31"),
              1);
    snprintf(want, sizeof(want), "already open for plan 1 (round %lld); close it first",
             (long long)id);
    CHECK_HAS(err, want);
    free(out), free(err);
    /* Input refused. */
    struct {
        const char *year, *cp, *deadline, *inquiry, *message;
    } bad[] = {
        {"next year", "start", "2022-05-31", NULL, "--year 'next year' is not a fiscal year"},
        {"2030", "start", "2031-05-31", NULL,
         "fiscal year 2030 is outside the plan's period, "
         "2019 to 2023"},
        {"2022", "middle", "2022-05-31", NULL, "--checkpoint is start or end, not 'middle'"},
        {"2022", "start", "2023-02-30", NULL, "--deadline '2023-02-30' is not a date"},
        {"2022", "start", "2022/05/31", NULL, "--deadline '2022/05/31' is not a date"},
        {"2022", "start", "2022-05-31", "2022-04-31", "--inquiry-date '2022-04-31' is not a date"},
        {"2022", "start", "2022-05-01", "2022-06-01",
         "the deadline 2022-05-01 is before the inquiry date 2022-06-01"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = bad[i].inquiry
                     ? RUN(&out, &err, "open", "--db", "DB", "--plan", "1", "--year", bad[i].year,
                           "--checkpoint", bad[i].cp, "--deadline", bad[i].deadline,
                           "--inquiry-date", bad[i].inquiry)
                     : RUN(&out, &err, "open", "--db", "DB", "--plan", "1", "--year", bad[i].year,
                           "--checkpoint", bad[i].cp, "--deadline", bad[i].deadline);
        CHECK_INT(rc, 2);
        CHECK_HAS(err, bad[i].message);
        CHECK_STR(out, "");
        free(out), free(err);
    }
    CHECK_INT(RUN(&out, &err, "open", "--db", "DB", "--plan", "99", "--year", "2022",
                  "--checkpoint", "start", "--deadline", "2022-05-31"),
              1);
    CHECK_HAS(err, "no plan has the id 99");
    free(out), free(err);
    CHECK_INT(cli_query("SELECT COUNT(*) FROM round"), before + 1);
}

static void test_cli_list_extend_close_reopen(void)
{
    char *out, *err;
    int64_t id = cli_query("SELECT MAX(id) FROM round");
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB"), 0);
    CHECK_HAS(out, "ID");
    CHECK_HAS(out, "DEADLINE");
    CHECK_HAS(out, "2020 (令和2年度)");
    CHECK_HAS(out, "2021 (令和3年度)");
    CHECK_HAS(out, "2021-06-30");
    CHECK_HAS(out, "not_started 7, draft 0, submitted 0, returned 0, confirmed 0 (of 7)");
    CHECK_HAS(out, "open");
    /* Newest year first. */
    const char *y2021 = strstr(out, "2021 (令和3年度)"), *y2020 = strstr(out, "2020 (令和2年度)");
    CHECK(y2021 && y2020 && y2021 < y2020);
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB", "--plan", "1"), 0);
    CHECK_HAS(out, "2020 (令和2年度)");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB", "--plan", "99"), 1);
    CHECK_HAS(err, "no plan has the id 99");
    free(out), free(err);

    char round[32], want[256];
    snprintf(round, sizeof(round), "%lld", (long long)id);
    CHECK_INT(RUN(&out, &err, "extend", "--db", "DB", "--round", round, "--deadline", "2022-06-30"),
              0);
    snprintf(want, sizeof(want), "round %lld: the deadline is now 2022-06-30 (was 2022-05-31)\n",
             (long long)id);
    CHECK_STR(out, want);
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "extend", "--db", "DB", "--round", round, "--deadline", "2022-06-01"),
              2);
    CHECK_HAS(err, "the new deadline 2022-06-01 is not after the current one, 2022-06-30");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "extend", "--db", "DB", "--round", round, "--deadline", "2022-03-31"),
              2);
    CHECK_HAS(err, "before the round's inquiry date 2022-04-01");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "extend", "--db", "DB", "--round", "999", "--deadline", "2022-07-01"),
              1);
    CHECK_HAS(err, "no round has the id 999");
    free(out), free(err);
    CHECK_INT(cli_query("SELECT COUNT(*) FROM round WHERE deadline = '2022-06-30'"), 1);

    CHECK_INT(RUN(&out, &err, "close", "--db", "DB", "--round", round), 0);
    snprintf(
        want, sizeof(want),
        "closed round %lld: 仙台市自殺対策計画, fiscal year 2021 (令和3年度), end of the year\n",
        (long long)id);
    CHECK_STR(out, want);
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "close", "--db", "DB", "--round", round), 0);
    CHECK_HAS(out, "is already closed");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "list", "--db", "DB"), 0);
    CHECK_HAS(out, "closed");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "reopen", "--db", "DB", "--round", round), 0);
    CHECK_HAS(out, "reopened round");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "reopen", "--db", "DB", "--round", round), 0);
    CHECK_HAS(out, "is already open");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "close", "--db", "DB", "--round", "999"), 1);
    CHECK_HAS(err, "no round has the id 999");
    free(out), free(err);
    /* Closed, another opened: it cannot be reopened. */
    CHECK_INT(RUN(&out, &err, "close", "--db", "DB", "--round", round), 0);
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "open", "--db", "DB", "--plan", "1", "--year", "2021", "--checkpoint",
                  "end", "--deadline", "2022-05-31"),
              0);
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "reopen", "--db", "DB", "--round", round), 1);
    CHECK_HAS(err, "of the same plan, fiscal year and checkpoint is open; close it first");
    free(out), free(err);
    CHECK_INT(cli_query("SELECT COUNT(*) FROM audit_log WHERE actor = 'cli' AND action IN"
                        " ('round.extend', 'round.close', 'round.reopen')"),
              4);
    /* publish: who sees the confirmed answers. */
    CHECK_INT(RUN(&out, &err, "publish", "--db", "DB", "--round", round, "--level", "public"), 0);
    CHECK_HAS(out, "public");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "publish", "--db", "DB", "--round", round, "--level", "all"), 2);
    CHECK_HAS(err, "--level is sections, viewers or public");
    free(out), free(err);
    CHECK_INT(RUN(&out, &err, "publish", "--db", "DB", "--round", round), 2);
    CHECK_HAS(err, "--level sections|viewers|public is required");
    free(out), free(err);
    CHECK_INT(cli_query("SELECT COUNT(*) FROM round WHERE published = 2"), 3);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_rounds PATH-TO-shinchoku\n");
        return 2;
    }
    bin = argv[1];
    log_set_quiet(1);
    db = test_db("rounds.db", true);
    demo_round = query_id("SELECT id FROM round WHERE opened_at IS NOT NULL AND fiscal_year = 2020"
                          " AND checkpoint = 'start'",
                          0);
    jimu = test_login(db, "jimukyoku", "demo");
    shogai = test_login(db, "shogaikikaku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    kenko = test_login(db, "kenkofukushi", "demo");
    iin = test_login(db, "iin", "demo");
    CHECK(jimu.ok && shogai.ok && shimin.ok && kenko.ok && iin.ok);
    TEST_RUN(test_list_shows_the_demo_round);
    TEST_RUN(test_open_form);
    TEST_RUN(test_open_and_refusals_at_fields);
    TEST_RUN(test_round_page_for_the_secretariat);
    TEST_RUN(test_round_page_for_editors_and_others);
    TEST_RUN(test_bulk_confirm);
    TEST_RUN(test_close_and_reopen);
    TEST_RUN(test_extend_and_overdue);
    db_close(db);
    Db *d = test_db("cli.db", true);
    db_close(d);
    snprintf(cli_db, sizeof(cli_db), "%s", test_url("cli.db"));
    TEST_RUN(test_cli_help_and_usage);
    TEST_RUN(test_cli_open_and_refusals);
    TEST_RUN(test_cli_list_extend_close_reopen);
    test_cleanup();
    return TEST_DONE("rounds");
}
