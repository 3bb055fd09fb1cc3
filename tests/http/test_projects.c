/* A plan's projects through the pages and the API: a new project on the
 * sheet, one project linked to a second plan shown in both sheets as shared,
 * edits and unlinking, and the refusals. */
#include <jansson.h>
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Session admin, jimukyoku, section;

static long long unit_id(const char *name)
{
    DbStmt *st = db_prepare(db, "SELECT unit_id FROM org_unit_period WHERE name = $1", 1);
    db_bind_text(st, 1, name);
    long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
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

static void test_new_project_on_the_sheet(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/projects");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "障害者に対する虐待相談窓口の周知");
    CHECK_HAS(r.body, "action=\"/initiatives/1/links\"");
    reply_free(&r);
    char body[512];
    snprintf(body, sizeof(body),
             "initiative_id=1&section_id=%lld&name=%%E6%%96%%B0%%E4%%BA%%8B%%E6%%A5%%AD"
             "&summary=%%E6%%A6%%82%%E8%%A6%%81&from_fy=2021",
             unit_id("障害企画課"));
    r = http_post_as(db, &jimukyoku, "/plans/1/projects", body);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /plans/1/projects?saved=1#p-");
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2021");
    CHECK_HAS(r.body, "新事業");
    reply_free(&r);
    /* The same name in the same section: at its form, nothing written. */
    r = http_post_as(db, &jimukyoku, "/plans/1/projects", body);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"new-1-error\" role=\"alert\"");
    CHECK_HAS(r.body, "同じ名前の事業");
    reply_free(&r);
    /* Years the wrong way round. */
    snprintf(body, sizeof(body), "initiative_id=1&section_id=%lld&name=x&from_fy=2023&to_fy=2021",
             unit_id("障害企画課"));
    r = http_post_as(db, &jimukyoku, "/plans/1/projects", body);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "実施年度は年度で入力し");
    reply_free(&r);
    /* A section's person does not set up projects. */
    r = http_post_as(db, &section, "/plans/1/projects", body);
    CHECK_INT(r.status, 403);
    reply_free(&r);
}

static void test_shared_project(void)
{
    /* A second plan, its direction and initiative, through the API. */
    Reply r = api_post(&admin, "/api/v1/plans",
                       "{\"title\":\"第2の計画\",\"from_fy\":2021,\"to_fy\":2025,"
                       "\"level1\":\"目標\",\"level2\":\"施策\"}");
    CHECK_INT(r.status, 201);
    long long plan = id_of(&r);
    reply_free(&r);
    char target[128];
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/directions", plan);
    r = api_post(&admin, target, "{\"label\":\"目標1\"}");
    long long dir = id_of(&r);
    reply_free(&r);
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/initiatives", plan);
    char json[256];
    snprintf(json, sizeof(json), "{\"direction_id\":%lld,\"number\":\"1\",\"title\":\"見守り\"}",
             dir);
    r = api_post(&admin, target, json);
    long long ini = id_of(&r);
    reply_free(&r);
    CHECK(plan && dir && ini);

    /* Plan 1's secretariat may not link into plan 2; the administrator may. */
    snprintf(target, sizeof(target), "/initiatives/%lld/links", ini);
    r = http_post_as(db, &jimukyoku, target, "project_id=1");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    r = http_post_as(db, &admin, target, "project_id=1&baseline=%E7%AD%96%E5%AE%9A%E6%99%82");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_post_as(db, &admin, target, "project_id=1");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "すでに結び付いています");
    reply_free(&r);

    /* Both sheets show it, marked shared; plan 2's with its own baseline. */
    char sheet[64];
    snprintf(sheet, sizeof(sheet), "/plans/%lld/sheet?years=2021", plan);
    r = http_get_as(db, &admin, sheet);
    CHECK_HAS(r.body, "障害者に対する虐待相談窓口の周知 <span class=\"shared-badge\"");
    CHECK_HAS(r.body, "策定時");
    reply_free(&r);
    r = http_get_as(db, &admin, "/plans/1/sheet?years=2020");
    CHECK_HAS(r.body, "障害者に対する虐待相談窓口の周知 <span class=\"shared-badge\"");
    CHECK_INT(occurrences(r.body, "shared-badge"), 1);
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/api/v1/plans/1/projects");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "\"shared\":true");
    CHECK_HAS(r.body, "\"other_plans\":[\"第2の計画\"]");
    reply_free(&r);

    /* Renamed once, renamed in both. */
    char body[256];
    snprintf(body, sizeof(body),
             "plan_id=1&section_id=%lld&name=%%E7%%AA%%93%%E5%%8F%%A3%%E3%%81%%AE%%E5%%91%%A8"
             "%%E7%%9F%%A5",
             unit_id("障害企画課"));
    r = http_post_as(db, &jimukyoku, "/projects/1/edit", body);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &admin, sheet);
    CHECK_HAS(r.body, "窓口の周知");
    reply_free(&r);

    /* Unlinked from plan 2: plan 1 alone has it again. */
    snprintf(target, sizeof(target), "/initiatives/%lld/links/1/remove", ini);
    r = http_post_as(db, &admin, target, "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &admin, "/plans/1/sheet?years=2020");
    CHECK_HASNT(r.body, "shared-badge");
    reply_free(&r);
}

/* A list of projects pasted from a spreadsheet: a new project, and one the
 * section has already (linked, not made twice); a wrong line refuses all. */
static void test_bulk_projects(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/projects/bulk");
    CHECK_INT(r.status, 200);
    reply_free(&r);
    /* 健康福祉局, 障害企画課 on initiative 67: a new one, and the existing 新事業. */
    static const char good[] =
        "lines=67%09%E5%81%A5%E5%BA%B7%E7%A6%8F%E7%A5%89%E5%B1%80%09%E9%9A%9C%E5%AE%B3%E4%BC%81"
        "%E7%94%BB%E8%AA%B2%09%E4%B8%80%E6%8B%AC%E4%BA%8B%E6%A5%AD%09%E6%A6%82%E8%A6%81%0D%0A"
        "67%09%E5%81%A5%E5%BA%B7%E7%A6%8F%E7%A5%89%E5%B1%80%09%E9%9A%9C%E5%AE%B3%E4%BC%81"
        "%E7%94%BB%E8%AA%B2%09%E6%96%B0%E4%BA%8B%E6%A5%AD";
    /* The same with an initiative the plan lacks on line 2. */
    static const char bad[] =
        "lines=67%09%E5%81%A5%E5%BA%B7%E7%A6%8F%E7%A5%89%E5%B1%80%09%E9%9A%9C%E5%AE%B3%E4%BC%81"
        "%E7%94%BB%E8%AA%B2%09%E4%B8%80%E6%8B%AC%E4%BA%8B%E6%A5%AD%0D%0A"
        "999%09%E5%81%A5%E5%BA%B7%E7%A6%8F%E7%A5%89%E5%B1%80%09%E9%9A%9C%E5%AE%B3%E4%BC%81"
        "%E7%94%BB%E8%AA%B2%09%E6%96%B0%E4%BA%8B%E6%A5%AD";
    r = http_post_as(db, &jimukyoku, "/plans/1/projects/bulk", bad);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "2行目：この計画に、この番号の取組みはありません。");
    reply_free(&r);
    DbStmt *st = db_prepare_literal(db, "SELECT COUNT(*) FROM project WHERE name = '一括事業'", 1);
    CHECK(db_step(st) == DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 0);
    db_done(st);
    r = http_post_as(db, &jimukyoku, "/plans/1/projects/bulk", good);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    st = db_prepare_literal(db,
                            "SELECT (SELECT COUNT(*) FROM project WHERE name = '一括事業'),"
                            " (SELECT COUNT(*) FROM project WHERE name = '新事業'),"
                            " (SELECT COUNT(*) FROM initiative_project ip JOIN project p ON"
                            " p.id = ip.project_id WHERE p.name = '新事業')",
                            3);
    CHECK(db_step(st) == DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 1);
    CHECK_INT(db_col_int64(st, 1), 1); /* linked, not made twice */
    CHECK_INT(db_col_int64(st, 2), 2);
    db_done(st);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("projects.db", true);
    admin = test_login(db, "admin", "demo");
    jimukyoku = test_login(db, "jimukyoku", "demo");
    section = test_login(db, "shogaikikaku", "demo");
    CHECK(admin.ok && jimukyoku.ok && section.ok);
    TEST_RUN(test_new_project_on_the_sheet);
    TEST_RUN(test_shared_project);
    TEST_RUN(test_bulk_projects);
    db_close(db);
    test_cleanup();
    return TEST_DONE("projects");
}
