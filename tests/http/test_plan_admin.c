/* Plan setup through the JSON API and the pages: the seed plan's structure
 * built from nothing through the API equals the demo's; the structure page
 * as its secretariat uses it, with refusals at their forms. */
#include <jansson.h>
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Session admin, jimukyoku, section;
static const char *source_dir;

/* POST a JSON body to the API as s (its session and CSRF token). */
/* body (taken) as JSON text. */
static Reply api_post(const Session *s, const char *target, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    Reply r = http_post_json_as(db, s, target, text);
    free(text);
    return r;
}

/* The id in an API answer {"id": N}, or 0. */
static long long id_of(const Reply *r)
{
    json_t *j = json_loads(r->body, 0, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

static long long bureau_id(const char *name)
{
    DbStmt *st = db_prepare(db,
                            "SELECT unit_id FROM org_unit_period WHERE name = $1 AND parent_id"
                            " IS NULL",
                            1);
    db_bind_text(st, 1, name);
    long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

/* The structure's directions and initiatives, without ids (malloc'd JSON). */
static char *shape_of(long long plan_id)
{
    char target[64];
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/structure", plan_id);
    Reply r = http_get_as(db, &admin, target);
    json_t *j = json_loads(r.body, 0, NULL);
    reply_free(&r);
    json_t *dirs = json_object_get(j, "directions"), *d;
    size_t i;
    json_array_foreach(dirs, i, d)
    {
        json_object_del(d, "id");
        json_t *ins = json_object_get(d, "initiatives"), *in;
        size_t k;
        json_array_foreach(ins, k, in)
        {
            json_object_del(in, "id");
        }
    }
    json_t *shape = json_pack("{s:O, s:O, s:O}", "levels", json_object_get(j, "levels"), "labels",
                              json_object_get(j, "labels"), "directions", dirs);
    char *text = json_dumps(shape, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(shape);
    json_decref(j);
    return text;
}

static void test_seed_structure_through_the_api(void)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/data/demo/sendai.json", source_dir);
    json_t *seed = json_load_file(path, 0, NULL);
    CHECK(seed != NULL);
    json_t *plan = json_object_get(seed, "plan");
    json_t *levels = json_object_get(plan, "levels");
    const char *progress = json_string_value(
        json_object_get(json_array_get(json_object_get(seed, "checks"), 0), "label"));
    /* The seed numbers its progress label (確認①); the plan keeps it bare. */
    char bare[256];
    snprintf(bare, sizeof(bare), "%s", progress);
    char *circled = strstr(bare, "①");
    if (circled)
        *circled = '\0';
    Reply r = api_post(
        &admin, "/api/v1/plans",
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title", "API計画",
                  "from_fy", "平成31年度", "to_fy", "令和5年度", "period_label",
                  json_string_value(json_object_get(json_object_get(plan, "period"), "label")),
                  "level1", json_string_value(json_array_get(levels, 0)), "level2",
                  json_string_value(json_array_get(levels, 1)), "chapter_label",
                  json_string_value(json_object_get(plan, "chapter_label")), "baseline_label",
                  json_string_value(json_object_get(plan, "baseline_label")), "related_label",
                  json_string_value(json_object_get(plan, "related_label")), "progress_label",
                  bare));
    CHECK_INT(r.status, 201);
    long long plan_id = id_of(&r);
    reply_free(&r);
    CHECK(plan_id > 1);
    char target[128];
    json_t *d;
    size_t i;
    json_array_foreach(json_object_get(plan, "directions"), i, d)
    {
        snprintf(target, sizeof(target), "/api/v1/plans/%lld/directions", plan_id);
        r = api_post(&admin, target,
                     json_pack("{s:O, s:O}", "label", json_object_get(d, "label"), "title",
                               json_object_get(d, "title")));
        CHECK_INT(r.status, 200);
        long long did = id_of(&r);
        reply_free(&r);
        json_t *in;
        size_t k;
        json_array_foreach(json_object_get(seed, "initiatives"), k, in)
        {
            if (!json_equal(json_object_get(in, "direction"), json_object_get(d, "label")))
                continue;
            json_t *bureaus = json_array(), *b;
            size_t n;
            json_array_foreach(json_object_get(in, "bureaus"), n, b)
            {
                json_array_append_new(bureaus, json_integer(bureau_id(json_string_value(b))));
            }
            snprintf(target, sizeof(target), "/api/v1/plans/%lld/initiatives", plan_id);
            r = api_post(&admin, target,
                         json_pack("{s:I, s:O, s:O, s:O, s:o}", "direction_id", (json_int_t)did,
                                   "number", json_object_get(in, "number"), "title",
                                   json_object_get(in, "title"), "content",
                                   json_object_get(in, "content"), "bureaus", bureaus));
            CHECK_INT(r.status, 200);
            reply_free(&r);
        }
    }
    json_decref(seed);
    char *demo = shape_of(1), *built = shape_of(plan_id);
    CHECK(demo && built && strcmp(demo, built) == 0);
    if (demo && built && strcmp(demo, built) != 0)
        fprintf(stderr, "  demo:  %.300s\n  built: %.300s\n", demo, built);
    free(demo);
    free(built);

    /* Refusals as JSON, with a code and a message in the page's language. */
    snprintf(target, sizeof(target), "/api/v1/plans/%lld/directions", plan_id);
    r = api_post(&admin, target, json_pack("{s:s}", "label", "方向性1"));
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"label_taken\"");
    CHECK_HAS(r.body, "同じ名前の方向性");
    reply_free(&r);
    r = api_post(&jimukyoku, target, json_pack("{s:s}", "label", "方向性9"));
    CHECK_INT(r.status, 403); /* the secretariat of plan 1, not of this one */
    reply_free(&r);
}

static void test_structure_page(void)
{
    /* The plan list leads those who run a plan to its setup, and
     * administrators to a new plan. */
    Reply home = http_get_as(db, &jimukyoku, "/");
    CHECK_HAS(home.body, "href=\"/plans/1/structure\"");
    CHECK_HASNT(home.body, "href=\"/plans/new\"");
    reply_free(&home);
    home = http_get_as(db, &admin, "/");
    CHECK_HAS(home.body, "href=\"/plans/new\"");
    reply_free(&home);
    home = http_get_as(db, &section, "/");
    CHECK_HASNT(home.body, "/structure");
    reply_free(&home);

    Reply r = http_get_as(db, &jimukyoku, "/plans/1/structure");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "計画の構成：仙台市自殺対策計画");
    CHECK_HAS(r.body, "action=\"/plans/1/directions\"");
    CHECK_HASNT(r.body, "id=\"copy\""); /* copying is the administrators' */
    reply_free(&r);
    /* A label the plan has: the message at that form, nothing written. */
    r = http_post_as(db, &jimukyoku, "/plans/1/directions", "label=%E6%96%B9%E5%90%91%E6%80%A71");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"new-direction-error\" role=\"alert\"");
    CHECK_HAS(r.body, "同じ名前の方向性");
    reply_free(&r);
    r = http_post_as(db, &jimukyoku, "/plans/1/directions",
                     "label=%E6%96%B9%E5%90%91%E6%80%A75&title=%E6%96%B0%E3%81%97%E3%81%84");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /plans/1/structure?saved=1#d-");
    reply_free(&r);
    /* An initiative retired from 令和3年度, in any way a person writes it. */
    r = http_post_as(db, &jimukyoku, "/initiatives/1/retire",
                     "fy=%E4%BB%A4%E5%92%8C3%E5%B9%B4%E5%BA%A6");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/structure?saved=1");
    CHECK_HAS(r.body, "方向性5");
    CHECK_HAS(r.body, "令和3年度から廃止");
    CHECK_HAS(r.body, "保存しました");
    reply_free(&r);
    /* The sheets of 令和3年度 and later leave it out; 令和2年度's keeps it. */
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2020");
    CHECK_HAS(r.body, "id=\"initiative-1\"");
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2021,2022");
    CHECK_HASNT(r.body, "id=\"initiative-1\"");
    CHECK_HAS(r.body, "id=\"initiative-2\"");
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2020,2021");
    CHECK_HAS(r.body, "id=\"initiative-1\"");
    reply_free(&r);
    /* A year outside the plan. */
    r = http_post_as(db, &jimukyoku, "/initiatives/1/retire", "fy=2099");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "年度を計画期間の中で");
    reply_free(&r);
    /* A section's person reads the plan but does not change it. */
    r = http_get_as(db, &section, "/plans/1/structure");
    CHECK_INT(r.status, 403);
    reply_free(&r);
}

/* A list pasted from a spreadsheet: added at once, or not at all with the
 * wrong line named. */
static void test_bulk_initiatives(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/initiatives/bulk");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<textarea id=\"f-lines\"");
    reply_free(&r);
    /* Line 2 has a number the plan has: nothing of the three is added. */
    r = http_post_as(db, &jimukyoku, "/plans/1/initiatives/bulk",
                     "lines=%E6%96%B9%E5%90%91%E6%80%A76%0991%09A%0D%0A"
                     "%E6%96%B9%E5%90%91%E6%80%A76%091%09B%0D%0A"
                     "%E6%96%B9%E5%90%91%E6%80%A76%0993%09C");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "2行目：この計画には同じ番号の取組みがすでにあります。");
    CHECK_HAS(r.body, "aria-invalid=\"true\"");
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/structure");
    CHECK_HASNT(r.body, "方向性6");
    reply_free(&r);
    /* Right: a new direction and three initiatives; commas work too. */
    r = http_post_as(db, &jimukyoku, "/plans/1/initiatives/bulk",
                     "lines=%E6%96%B9%E5%90%91%E6%80%A76%0991%09A%0D%0A"
                     "%E6%96%B9%E5%90%91%E6%80%A76%0992%09B%0D%0A"
                     "%E6%96%B9%E5%90%91%E6%80%A76,93,C,%E5%86%85%E5%AE%B9");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/api/v1/plans/1/structure");
    CHECK_HAS(r.body, "\"label\":\"方向性6\"");
    CHECK_HAS(r.body, "\"number\":\"93\",\"title\":\"C\",\"content\":\"内容\"");
    reply_free(&r);
}

int main(int argc, char **argv)
{
    source_dir = argc > 2 ? argv[2] : ".";
    log_set_quiet(1);
    db = test_db("plan_admin.db", true);
    admin = test_login(db, "admin", "demo");
    jimukyoku = test_login(db, "jimukyoku", "demo");
    section = test_login(db, "shogaikikaku", "demo");
    CHECK(admin.ok && jimukyoku.ok && section.ok);
    TEST_RUN(test_seed_structure_through_the_api);
    TEST_RUN(test_structure_page);
    TEST_RUN(test_bulk_initiatives);
    db_close(db);
    test_cleanup();
    return TEST_DONE("plan_admin");
}
