/* A plan's indicators (評価指標): a number field 相談件数 with confirmed
 * answers of two projects in two years (written with SQL, as the fields
 * pages are another module's), indicators set up through the page and the
 * API, their actuals, sums and 達成率 through the API, the table and the SVG
 * chart under the sheet, a page more in the PDF with the indicator's name,
 * the refusals, and a hostile name escaped. */
#include <jansson.h>
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static Db *db;
static Session admin, jimukyoku, section;
static long long field_id; /* 相談件数 (件), a number field of plan 1 */

/* Steps an INSERT … RETURNING id and hands back the id. */
static long long returned_id(DbStmt *st)
{
    long long id = 0;
    CHECK_INT(db_step(st), DB_ROW);
    id = db_col_int64(st, 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    return id;
}

/* A closed, public round of plan 1 for fy asking the field. */
static long long add_round(int fy)
{
    DbStmt *st = db_prepare(db,
                            "INSERT INTO round (plan_id, fiscal_year, checkpoint, status,"
                            " created_at, updated_at, published) VALUES (1, $1, 'end', 'closed',"
                            " '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z', 2) RETURNING id",
                            1);
    db_bind_int64(st, 1, fy);
    long long id = returned_id(st);
    st = db_prepare(db, "INSERT INTO round_field (round_id, field_id) VALUES ($1, $2)", 0);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, field_id);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    return id;
}

/* project's answer in round: text as typed, number its plain form or NULL. */
static void add_answer(long long round, long long project, const char *status, const char *text,
                       const char *number)
{
    DbStmt *st = db_prepare(db,
                            "INSERT INTO response (round_id, project_id, status, updated_at)"
                            " VALUES ($1, $2, $3, '2021-01-01T00:00:00Z') RETURNING id",
                            1);
    db_bind_int64(st, 1, round);
    db_bind_int64(st, 2, project);
    db_bind_text(st, 3, status);
    long long response = returned_id(st);
    st = db_prepare(db,
                    "INSERT INTO response_value (response_id, field_id, text_value, number_value)"
                    " VALUES ($1, $2, $3, $4)",
                    0);
    db_bind_int64(st, 1, response);
    db_bind_int64(st, 2, field_id);
    db_bind_text(st, 3, text);
    if (number)
        db_bind_text(st, 4, number);
    else
        db_bind_null(st, 4);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
}

/* Projects 1 and 2 serve initiative 1, project 6 initiative 3. */
static void setup_answers(void)
{
    field_id = returned_id(db_prepare(
        db,
        "INSERT INTO field_def (plan_id, key, label, kind, unit, checkpoint, sort_order)"
        " VALUES (1, 'consultations', '相談件数', 'number', '件', 'end', 99) RETURNING id",
        1));
    long long r2019 = add_round(2019), r2020 = add_round(2020);
    add_answer(r2019, 1, "confirmed", "70", "70");
    add_answer(r2019, 2, "confirmed", "50", "50");
    add_answer(r2019, 6, "confirmed", "未集計", NULL); /* not a number: skipped */
    add_answer(r2020, 1, "confirmed", "80", "80");
    add_answer(r2020, 2, "confirmed", "５０．５", NULL); /* full-width, read as 50.5 */
    add_answer(r2020, 6, "confirmed", "5", "5");
    add_answer(r2020, 3, "draft", "1000", "1000"); /* not confirmed: not counted */
}

static Reply api_post(const Session *s, const char *target, const char *json)
{
    return http_post_json_as(db, s, target, json);
}

static long long id_of(const Reply *r)
{
    json_t *j = json_loads(r->body, 0, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

static long long consult_id, suicide_id, plan_wide_id;

static void test_setup_through_the_page(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/indicators");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "評価指標はまだありません");
    CHECK_HAS(r.body, "<option value=\"1\">");
    CHECK_HAS(r.body, "相談件数（件）");
    reply_free(&r);
    /* 相談延件数: higher is better, 100 (2018) -> 150 (2023), the sum over
     * initiative 1's projects. */
    char body[512];
    snprintf(body, sizeof(body),
             "name=%%E7%%9B%%B8%%E8%%AB%%87%%E5%%BB%%B6%%E4%%BB%%B6%%E6%%95%%B0&unit=&baseline=100"
             "&baseline_fy=%%E5%%B9%%B3%%E6%%88%%9030%%E5%%B9%%B4%%E5%%BA%%A6&target=150"
             "&target_fy=2023&better=higher&field_id=%lld&project_id=0&initiative_id=1",
             field_id);
    r = http_post_as(db, &jimukyoku, "/plans/1/indicators", body);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /plans/1/indicators?saved=1#ind-");
    reply_free(&r);
    DbStmt *st = db_prepare(db, "SELECT MAX(id) FROM indicator", 1);
    consult_id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    CHECK(consult_id > 0);
    /* The target year before the baseline year: at its form, nothing written. */
    snprintf(body, sizeof(body),
             "name=x&baseline=1&baseline_fy=2023&target=2&target_fy=2018&field_id=%lld", field_id);
    r = http_post_as(db, &jimukyoku, "/plans/1/indicators", body);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"new-error\" role=\"alert\"");
    CHECK_HAS(r.body, "目標年度は基準年度と同じか");
    reply_free(&r);
    /* A text field is no source of numbers. */
    r = http_post_as(db, &jimukyoku, "/plans/1/indicators",
                     "name=x&baseline=1&baseline_fy=2018&target=2&target_fy=2023&field_id=1");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "数値の回答項目を選んでください");
    reply_free(&r);
    /* A section's editor does not set up indicators. */
    r = http_post_as(db, &section, "/plans/1/indicators", body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
}

static void test_setup_through_the_api(void)
{
    char json[512];
    /* Lower is better: project 1 alone, 80 (2018) -> 40 (2023). */
    snprintf(json, sizeof(json),
             "{\"name\":\"未対応件数\",\"baseline\":\"80\",\"baseline_fy\":2018,"
             "\"target\":40,\"target_fy\":\"令和5年度\",\"higher_is_better\":false,"
             "\"field_id\":%lld,\"project_id\":1}",
             field_id);
    Reply r = api_post(&jimukyoku, "/api/v1/plans/1/indicators", json);
    CHECK_INT(r.status, 201);
    suicide_id = id_of(&r);
    reply_free(&r);
    /* The whole plan's sum, target = baseline: no 達成率. */
    snprintf(json, sizeof(json),
             "{\"name\":\"全体\",\"unit\":\"回\",\"baseline\":\"1,000\",\"baseline_fy\":2018,"
             "\"target\":\"1000.0\",\"target_fy\":2018,\"field_id\":%lld}",
             field_id);
    r = api_post(&jimukyoku, "/api/v1/plans/1/indicators", json);
    CHECK_INT(r.status, 201);
    plan_wide_id = id_of(&r);
    reply_free(&r);
    /* Refusals with their codes. */
    snprintf(json, sizeof(json),
             "{\"name\":\"x\",\"baseline\":\"abc\",\"baseline_fy\":2018,\"target\":1,"
             "\"target_fy\":2019,\"field_id\":%lld}",
             field_id);
    r = api_post(&jimukyoku, "/api/v1/plans/1/indicators", json);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"bad_value\"");
    reply_free(&r);
    snprintf(json, sizeof(json),
             "{\"name\":\"x\",\"baseline\":1,\"baseline_fy\":2018,\"target\":1,"
             "\"target_fy\":2019,\"field_id\":%lld,\"project_id\":999}",
             field_id);
    r = api_post(&jimukyoku, "/api/v1/plans/1/indicators", json);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"bad_project\"");
    reply_free(&r);
    CHECK(suicide_id > 0 && plan_wide_id > 0);
}

static json_t *indicator(json_t *all, long long id)
{
    json_t *list = json_object_get(all, "indicators"), *x;
    size_t i;
    json_array_foreach(list, i, x)
    {
        if (json_integer_value(json_object_get(x, "id")) == id)
            return x;
    }
    return NULL;
}

static const char *actual(json_t *x, size_t year)
{
    json_t *y = json_array_get(json_object_get(x, "years"), year);
    const char *s = json_string_value(json_object_get(y, "actual"));
    return s ? s : "(null)";
}

static double rate(json_t *x, size_t year)
{
    json_t *y = json_array_get(json_object_get(x, "years"), year);
    json_t *r = json_object_get(y, "rate");
    return json_is_null(r) ? -9999 : json_number_value(r);
}

static void test_actuals_and_rates(void)
{
    Reply r = http_get(db, "/api/v1/plans/1/indicators?years=2019,2020");
    CHECK_INT(r.status, 200);
    json_t *all = json_loads(r.body, 0, NULL);
    reply_free(&r);
    json_t *consult = indicator(all, consult_id), *down = indicator(all, suicide_id),
           *whole = indicator(all, plan_wide_id);
    CHECK(consult && down && whole);
    /* 70 + 50 = 120: (120 - 100) / (150 - 100) = 40 %; 80 + 50.5 = 130.5: 61 %. */
    CHECK_STR(actual(consult, 0), "120");
    CHECK_STR(actual(consult, 1), "130.5");
    CHECK(rate(consult, 0) == 40.0);
    CHECK(rate(consult, 1) == 61.0);
    CHECK_STR(json_string_value(json_object_get(consult, "unit")), "件");
    CHECK_STR(json_string_value(json_object_get(consult, "baseline")), "100");
    /* Lower is better: 70 is (70 - 80) / (40 - 80) = 25 %, 80 is 0 %. */
    CHECK_STR(actual(down, 0), "70");
    CHECK(rate(down, 0) == 25.0);
    CHECK(rate(down, 1) == 0.0);
    /* The plan's sum skips the text and the draft; target = baseline: no rate. */
    CHECK_STR(actual(whole, 0), "120");
    CHECK_STR(actual(whole, 1), "135.5");
    CHECK(rate(whole, 1) == -9999);
    CHECK_STR(json_string_value(json_object_get(whole, "baseline")), "1000");
    CHECK_STR(json_string_value(json_object_get(whole, "target")), "1000");
    json_decref(all);
    r = http_get(db, "/api/v1/plans/1/indicators?years=2020,2019");
    CHECK_INT(r.status, 400);
    reply_free(&r);
}

static void test_sheet_shows_table_and_chart(void)
{
    Reply r = http_get(db, "/plans/1/sheet?years=2019,2020");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h2 id=\"indicators-title\">評価指標</h2>");
    CHECK_HAS(r.body, "<caption>相談延件数（件）");
    CHECK_HAS(r.body, "基準値<br>平成30年度");
    CHECK_HAS(r.body, "目標値<br>令和5年度");
    CHECK_HAS(r.body, "<td class=\"num\">130.5</td>");
    CHECK_HAS(r.body, "<td class=\"num\">61.0%</td>");
    CHECK_HAS(r.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"indicator-chart\"");
    CHECK_HAS(r.body, "role=\"img\"");
    CHECK_HAS(r.body, "<title id=\"ind-");
    CHECK_HAS(r.body,
              "基準値 100件（平成30年度）、目標値 150件（令和5年度）、高いほど良い。"
              "令和元年度の実績値 120件、達成率 40.0%。令和2年度の実績値 130.5件、達成率 61.0%。");
    CHECK_HASNT(r.body, "<script>alert");
    CHECK_HAS(r.body, "href=\"/plans/1/sheet.csv?years=2019,2020&amp;what=indicators\"");
    reply_free(&r);
}

/* The same numbers as a CSV of their own (the XLSX's worksheet 評価指標 is
 * checked cell by cell in tests/export/test_xlsx.c). */
static void test_indicators_csv(void)
{
    Reply r = http_get(db, "/plans/1/sheet.csv?years=2019,2020&what=indicators");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "\xEF\xBB\xBF指標名,単位,基準値");
    CHECK_HAS(r.body, "\r\n相談延件数,件,100,平成30年度,150,令和5年度,");
    CHECK_HAS(r.body, ",高いほど良い,120,40.0,130.5,61.0,1 児童、");
    CHECK_HAS(r.body, "\r\n全体,回,1000,平成30年度,1000,平成30年度,高いほど良い,120,－,135.5,－,");
    CHECK_HAS(r.headers, "filename=\"shinchoku-plan-1-indicators.csv\"");
    reply_free(&r);
}

static void test_move_edit_remove(void)
{
    char target[64], body[512];
    snprintf(target, sizeof(target), "/indicators/%lld/move", suicide_id);
    Reply r = http_post_as(db, &jimukyoku, target, "delta=-1");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get(db, "/api/v1/plans/1/indicators?years=2019");
    json_t *all = json_loads(r.body, 0, NULL);
    reply_free(&r);
    CHECK_INT(json_integer_value(
                  json_object_get(json_array_get(json_object_get(all, "indicators"), 0), "id")),
              suicide_id);
    json_decref(all);
    snprintf(target, sizeof(target), "/indicators/%lld", plan_wide_id);
    snprintf(body, sizeof(body),
             "name=%%E5%%85%%A8%%E4%%BD%%93&baseline=10&baseline_fy=2018&target=20"
             "&target_fy=2023&field_id=%lld",
             field_id);
    r = http_post_as(db, &jimukyoku, target, body);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    snprintf(target, sizeof(target), "/indicators/%lld/remove", plan_wide_id);
    r = http_post_as(db, &section, target, "");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &jimukyoku, target, "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator' AND"
                            " action IN ('indicator.add', 'indicator.move', 'indicator.update',"
                            " 'indicator.remove')",
                            1);
    CHECK_INT(db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : 0, 6);
    db_done(st);
}

static void test_hostile_name_escaped(void)
{
    char json[512];
    snprintf(json, sizeof(json),
             "{\"name\":\"<script>alert(1)</script>\",\"unit\":\"<b>\",\"baseline\":1,"
             "\"baseline_fy\":2018,\"target\":2,\"target_fy\":2023,\"field_id\":%lld}",
             field_id);
    Reply r = api_post(&admin, "/api/v1/plans/1/indicators", json);
    CHECK_INT(r.status, 201);
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet?years=2019,2020");
    CHECK_HASNT(r.body, "<script>alert");
    CHECK_HASNT(r.body, "<b>");
    CHECK_HAS(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    reply_free(&r);
}

static int pdf_pages(const char *pdf, char **text)
{
    char *info_argv[] = {"pdfinfo", (char *)pdf, NULL};
    const char *out = test_path("pdfinfo.txt");
    char outpath[512];
    snprintf(outpath, sizeof(outpath), "%s", out);
    test_spawn(info_argv, NULL, outpath, NULL);
    char *info = test_slurp(outpath, NULL);
    const char *p = strstr(info, "Pages:");
    int pages = p ? atoi(p + 6) : -1;
    free(info);
    char *text_argv[] = {"pdftotext", "-enc", "UTF-8", (char *)pdf, outpath, NULL};
    test_spawn(text_argv, NULL, NULL, NULL);
    *text = test_slurp(outpath, NULL);
    return pages;
}

static int fetch_pdf(const char *name, char **text)
{
    Reply r = http_get(db, "/plans/1/sheet.pdf?years=2019,2020");
    CHECK_INT(r.status, 200);
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path(name));
    FILE *f = fopen(path, "wb");
    fwrite(r.body, 1, r.body_len, f);
    fclose(f);
    reply_free(&r);
    return pdf_pages(path, text);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("indicators.db", true);
    admin = test_login(db, "admin", "demo");
    jimukyoku = test_login(db, "jimukyoku", "demo");
    section = test_login(db, "shogaikikaku", "demo");
    CHECK(admin.ok && jimukyoku.ok && section.ok);
    setup_answers();
    char *before_text = NULL, *after_text = NULL;
    int before = fetch_pdf("before.pdf", &before_text);
    TEST_RUN(test_setup_through_the_page);
    TEST_RUN(test_setup_through_the_api);
    TEST_RUN(test_actuals_and_rates);
    TEST_RUN(test_sheet_shows_table_and_chart);
    TEST_RUN(test_indicators_csv);
    int after = fetch_pdf("after.pdf", &after_text);
    CHECK(before > 0);
    CHECK_INT(after, before + 1);
    CHECK_HASNT(before_text, "相談延件数");
    CHECK_HAS(after_text, "相談延件数");
    CHECK_HAS(after_text, "未対応件数");
    free(before_text);
    free(after_text);
    TEST_RUN(test_move_edit_remove);
    TEST_RUN(test_hostile_name_escaped);
    db_close(db);
    test_cleanup();
    return TEST_DONE("indicators");
}
