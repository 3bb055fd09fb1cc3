/* A project linked to two plans is answered once per fiscal year and
 * checkpoint: the round that opens second points at the first round's
 * answer instead of asking again. The section answers once; both plans'
 * sheets show the confirmed answer (each on its own field of the same label,
 * a grade on its own grade of the same code, counted in its summary); the
 * second plan's round page says where it is answered, and that plan's
 * secretariat may read the answer. */
#include <jansson.h>
#include <stdlib.h>
#include "base/buf.h"
#include "base/log.h"
#include "import/sheet_import.h"
#include "model/account.h"
#include "model/round.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Session admin, jimu, shogai, second_secretariat;
static long long plan2; /* the second plan, sharing project 1 (障害企画課) */

/* body (taken) as JSON text. */
static Reply api_post(const Session *s, const char *target, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    Reply r = http_post_json_as(db, s, target, text);
    free(text);
    return r;
}

/* The "id" of a JSON reply, 0 if the call failed. */
static long long created(Reply r)
{
    json_t *j = r.status < 300 ? json_loads(r.body, 0, NULL) : NULL;
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    reply_free(&r);
    return id;
}

/* The first column of st's first row with $1 = a, $2 = b, or -1. */
static long long first_int(DbStmt *st, long long a, long long b)
{
    db_bind_int64(st, 1, a);
    db_bind_int64(st, 2, b);
    long long v = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}
#define query_id(sql, a, b) first_int(db_prepare(db, sql, 1), (a), (b))
#define answer_of(round, project)                                                                  \
    query_id("SELECT id FROM response WHERE round_id = $1 AND project_id = $2", (round), (project))
#define shared_of(round, project)                                                                  \
    query_id("SELECT COALESCE(shared_response_id, 0) FROM round_project WHERE round_id = $1"       \
             " AND project_id = $2",                                                               \
             (round), (project))

/* Opens plan's round of year at 年度当初 as s; its id from the redirect. */
static long long open_round(const Session *s, long long plan, int year)
{
    char target[64], body[96];
    snprintf(target, sizeof(target), "/plans/%lld/rounds", plan);
    snprintf(body, sizeof(body), "year=%d&checkpoint=start&deadline=2030-05-31", year);
    Reply r = http_post_as(db, s, target, body);
    CHECK_INT(r.status, 303);
    long long id = 0;
    const char *at = strstr(r.headers, "Location: /rounds/");
    if (at)
        id = atoll(at + strlen("Location: /rounds/"));
    reply_free(&r);
    return id;
}

/* A four-grade scale for plan and a rating field 評価区分 on it, through
 * the API; the grades' labels are the plan's own. */
static void add_rating(long long plan, const char *label_a, const char *label_b)
{
    char target[64];
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/scales", plan);
    long long scale =
        created(api_post(&admin, target,
                         json_pack("{s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}", "name", "区分",
                                   "grades", "code", "A", "label", label_a, "points", "4", "code",
                                   "B", "label", label_b, "points", "3")));
    CHECK(scale > 0);
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/fields", plan);
    long long field =
        created(api_post(&admin, target,
                         json_pack("{s:s, s:s, s:I, s:s}", "label", "評価区分", "kind", "rating",
                                   "scale_id", (json_int_t)scale, "checkpoint", "start")));
    CHECK(field > 0);
}

/* The second plan: one initiative, project 1 linked to it, a text field of
 * the same label as plan 1's first, one of its own, and a rating. */
static void setup(void)
{
    plan2 = created(api_post(&admin, "/api/v1/plans",
                             json_pack("{s:s, s:i, s:i, s:s, s:s}", "title", "第2の計画", "from_fy",
                                       2019, "to_fy", 2023, "level1", "目標", "level2", "施策")));
    char target[96];
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/directions", plan2);
    long long dir = created(api_post(&admin, target, json_pack("{s:s}", "label", "目標1")));
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/initiatives", plan2);
    long long ini = created(api_post(&admin, target,
                                     json_pack("{s:I, s:s, s:s}", "direction_id", (json_int_t)dir,
                                               "number", "1", "title", "見守り")));
    CHECK(plan2 && dir && ini);
    snprintf(target, sizeof(target), "/initiatives/%lld/links", ini);
    Reply r = http_post_as(db, &admin, target, "project_id=1");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    DbStmt *st = db_prepare(db, "SELECT label FROM field_def WHERE id = 1", 1);
    char label[128] = "";
    if (db_step(st) == DB_ROW)
        snprintf(label, sizeof(label), "%s", db_col_text(st, 0));
    db_done(st);
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/fields", plan2);
    CHECK(created(api_post(&admin, target,
                           json_pack("{s:s, s:s, s:s}", "label", label, "kind", "text",
                                     "checkpoint", "start"))) > 0);
    CHECK(created(api_post(&admin, target,
                           json_pack("{s:s, s:s, s:s}", "label", "第2の計画だけの項目", "kind",
                                     "text", "checkpoint", "start"))) > 0);
    add_rating(plan2, "達成", "概ね達成");
    /* Plan 1's rating of the same label, with its own grade names. */
    add_rating(1, "十分", "おおむね十分");
    /* A secretariat of the second plan only. */
    Actor by = {"test", ""};
    int64_t id = 0;
    AccountProblem problem;
    CHECK_INT(account_create(db, &by, "dainikeikaku", "第2の計画事務局", "shared-password", false,
                             &id, &problem),
              ERR_OK);
    CHECK_INT(account_grant(db, &by, id, ROLE_SECRETARIAT, plan2, 0, &problem), ERR_OK);
    second_secretariat = test_login(db, "dainikeikaku", "shared-password");
    CHECK(second_secretariat.ok);
}

/* Saves (and submits) answer id as s: every field of the form gets text,
 * a rating the grade code. */
static void answer(const Session *s, long long id, const char *text, const char *grade)
{
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", id);
    Reply r = http_get_as(db, s, target);
    CHECK_INT(r.status, 200);
    const char *p = strstr(r.body, "name=\"version\" value=\"");
    int version = p ? atoi(p + 22) : -1;
    Buf body = BUF_INIT;
    buf_printf(&body, "version=%d&action=submit", version);
    char *esc = test_form_escape(text);
    /* Every field of the form by its name f<ID>: selects get the grade. */
    for (const char *at = r.body; (at = strstr(at, " name=\"f")) != NULL; at++) {
        long long field = atoll(at + 8);
        const char *tag = at;
        while (tag > r.body && *tag != '<')
            tag--;
        bool select = strncmp(tag, "<select", 7) == 0;
        buf_printf(&body, "&f%lld=%s", field, select ? grade : esc);
    }
    free(esc);
    reply_free(&r);
    r = http_post_as(db, s, target, body.data);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    buf_free(&body);
}

static void confirm(const Session *s, long long round, long long answer_id)
{
    char target[64], body[64];
    snprintf(target, sizeof(target), "/rounds/%lld/confirm", round);
    snprintf(body, sizeof(body), "answer=%lld", answer_id);
    Reply r = http_post_as(db, s, target, body);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "confirmed=1");
    reply_free(&r);
}

static Reply sheet(const Session *s, long long plan, int year)
{
    char target[64];
    snprintf(target, sizeof(target), "/plans/%lld/sheet?years=%d", plan, year);
    return http_get_as(db, s, target);
}

/* Plan 1's 令和2年度 round was open first: plan 2's round of that year
 * points at its answer; the section answers once, in plan 1's round. */
static void test_second_round_points_at_the_first(void)
{
    long long first = query_id("SELECT id FROM round WHERE plan_id = $1 AND fiscal_year = $2"
                               " AND status = 'open'",
                               1, 2020);
    long long first_answer = answer_of(first, 1);
    CHECK(first_answer > 0);
    long long second = open_round(&admin, plan2, 2020);
    CHECK(second > 0);
    CHECK_INT(answer_of(second, 1), -1); /* not asked again */
    CHECK_INT(shared_of(second, 1), first_answer);
    CHECK_INT(shared_of(first, 1), 0);

    /* Plan 2's round page says where it is answered. */
    char target[64], link[64];
    snprintf(target, sizeof(target), "/rounds/%lld", second);
    Reply r = http_get_as(db, &second_secretariat, target);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "他の計画の照会で回答される共通事業");
    snprintf(link, sizeof(link), "href=\"/answers/%lld\"", first_answer);
    CHECK_HAS(r.body, link);
    CHECK_HAS(r.body, "仙台市自殺対策計画");
    reply_free(&r);
    /* The answer form says the answer serves plan 2 too. */
    snprintf(target, sizeof(target), "/answers/%lld", first_answer);
    r = http_get_as(db, &shogai, target);
    CHECK_HAS(r.body, "<dt>共通事業</dt><dd class=\"shared-with\">この回答は「第2の計画」の");
    reply_free(&r);
    /* The section's inbox has the project once. */
    r = http_get_as(db, &shogai, "/inbox");
    CHECK_INT(r.status, 200);
    snprintf(link, sizeof(link), "/answers/%lld\"", first_answer);
    CHECK_INT(occurrences(r.body, link), 1);
    reply_free(&r);

    answer(&shogai, first_answer, "二つの計画に一度で答えた実施状況", "A");
    confirm(&jimu, first, first_answer);
    /* Both sheets show it; plan 2 on its field of the same label only. */
    r = sheet(&admin, 1, 2020);
    CHECK_HAS(r.body, "二つの計画に一度で答えた実施状況");
    reply_free(&r);
    r = sheet(&second_secretariat, plan2, 2020);
    CHECK_INT(r.status, 200);
    CHECK_INT(occurrences(r.body, "二つの計画に一度で答えた実施状況"), 1);
    CHECK_HAS(r.body, "shared-badge");
    reply_free(&r);
    /* Plan 2's secretariat may read the answer itself. */
    snprintf(target, sizeof(target), "/answers/%lld", first_answer);
    r = http_get_as(db, &second_secretariat, target);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "二つの計画に一度で答えた実施状況");
    reply_free(&r);
}

/* 令和3年度: plan 2 opens first and asks; plan 1's round then points at
 * plan 2's answer. A grade lands on plan 1's own grade of the same code
 * and is counted in plan 1's summary. */
static void test_either_plan_may_ask_first(void)
{
    long long second = open_round(&admin, plan2, 2021);
    long long owned = answer_of(second, 1);
    CHECK(owned > 0);
    long long first = open_round(&jimu, 1, 2021);
    CHECK(first > 0);
    CHECK_INT(answer_of(first, 1), -1);
    CHECK_INT(shared_of(first, 1), owned);
    CHECK(answer_of(first, 2) > 0); /* plan 1's own projects are asked as ever */

    answer(&shogai, owned, "第2の計画の照会で答えた内容", "A");
    confirm(&second_secretariat, second, owned);
    Reply r = sheet(&jimu, 1, 2021);
    CHECK_HAS(r.body, "第2の計画の照会で答えた内容");
    CHECK_HAS(r.body, "十分"); /* plan 1's label of grade A */
    CHECK_HAS(r.body, "<caption>令和3年度 評価区分</caption>");
    CHECK_HAS(r.body, "<tr class=\"total\"><th scope=\"row\">計画全体</th>"
                      "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td>"
                      "<td class=\"num\">4.00</td></tr>");
    reply_free(&r);
    r = sheet(&admin, plan2, 2021);
    CHECK_HAS(r.body, "第2の計画の照会で答えた内容");
    CHECK_HAS(r.body, "達成");
    reply_free(&r);
}

/* Plan 1's CSV of 令和3年度 (the shared answer in it) merged back into plan 1:
 * the shared answer is left alone; changed in the file, it is refused (it is
 * answered in plan 2's round), and nothing is written. */
static int64_t merge_csv(const char *csv, PlanLoadCounts *counts)
{
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path("plan1-2021.csv"));
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return -1;
    fputs(csv, f);
    fclose(f);
    ImportResult r;
    ImportOptions o = {.into_plan = 1};
    int64_t plan = 0;
    memset(counts, 0, sizeof(*counts));
    Err e = sheet_import_file(db, path, NULL, &o, false, &r, counts, &plan);
    import_result_free(&r);
    return e;
}

static void test_merge_leaves_the_shared_answer(void)
{
    Actor by = {"test", ""};
    long long first =
        query_id("SELECT id FROM round WHERE plan_id = $1 AND fiscal_year = $2", 1, 2021);
    CHECK_INT(round_set_status(db, &by, NULL, first, false), ERR_OK);
    Reply r = http_get_as(db, &jimu, "/plans/1/sheet.csv?years=2021");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "第2の計画の照会で答えた内容");
    PlanLoadCounts counts;
    CHECK_INT(merge_csv(r.body, &counts), ERR_OK);
    CHECK_INT(counts.created[PL_ANSWERS], 0);
    CHECK_INT(counts.updated[PL_ANSWERS], 0);
    CHECK(counts.unchanged[PL_ANSWERS] >= 2);
    CHECK_INT(answer_of(first, 1), -1); /* no answer of its own was made */

    char *changed = strdup(r.body);
    char *at = strstr(changed, "第2の計画の照会で答えた内容");
    if (at)
        memcpy(at, "第3", strlen("第3")); /* 第2 -> 第3: same length in UTF-8 */
    CHECK(merge_csv(changed, &counts) != ERR_OK);
    free(changed);
    reply_free(&r);
    r = sheet(&jimu, 1, 2021);
    CHECK_HAS(r.body, "第2の計画の照会で答えた内容");
    CHECK_HASNT(r.body, "第3の計画の照会で答えた内容");
    reply_free(&r);
}

/* Unconfirmed, a shared answer is not on the other plan's sheet either,
 * except to its secretariat asking for every answer. */
static void test_unconfirmed_stays_unpublished(void)
{
    long long second = open_round(&admin, plan2, 2022);
    long long owned = answer_of(second, 1);
    long long first = open_round(&jimu, 1, 2022);
    CHECK_INT(shared_of(first, 1), owned);
    answer(&shogai, owned, "まだ確定していない内容", "B");
    Reply r = sheet(&jimu, 1, 2022);
    CHECK_HASNT(r.body, "まだ確定していない内容");
    reply_free(&r);
    r = http_get_as(db, &jimu, "/plans/1/sheet?years=2022&answers=all");
    CHECK_HAS(r.body, "まだ確定していない内容");
    reply_free(&r);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("shared.db", true);
    admin = test_login(db, "admin", "demo");
    jimu = test_login(db, "jimukyoku", "demo");
    shogai = test_login(db, "shogaikikaku", "demo");
    CHECK(admin.ok && jimu.ok && shogai.ok);
    setup();
    TEST_RUN(test_second_round_points_at_the_first);
    TEST_RUN(test_either_plan_may_ask_first);
    TEST_RUN(test_merge_leaves_the_shared_answer);
    TEST_RUN(test_unconfirmed_stays_unpublished);
    db_close(db);
    test_cleanup();
    return TEST_DONE("shared");
}
