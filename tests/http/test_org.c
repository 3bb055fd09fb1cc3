/* The organisation over time, on the demo: a section renamed from 令和3年度
 * keeps its old name on the 令和2年度 sheet, answers and round; a merge moves
 * projects and a section's people to the surviving unit; a unit that still
 * owns projects cannot be closed; projects move in bulk; units reorder from
 * a year; no sheet row is doubled by a unit's history; and the pages are the
 * administrators' only. */
#include <jansson.h>
#include "base/log.h"
#include "model/answer.h"
#include "model/org.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Session admin, jimu, shogai, shimin;
static int64_t demo_round;       /* the demo's 令和2年度 round */
static int rows_2020, rows_2021; /* project rows of the sheets before any change */

/* The first column of the first row of st with $1 = arg, or -1. */
static int64_t first_int(DbStmt *st, int64_t arg)
{
    db_bind_int64(st, 1, arg);
    int64_t v = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}
#define query_int(sql, arg) first_int(db_prepare(db, sql, 1), (arg))
#define section_of(project) query_int("SELECT section_id FROM project WHERE id = $1", (project))
#define editor_unit_of(user)                                                                       \
    query_int("SELECT unit_id FROM user_grant WHERE user_id = $1 AND role = 'editor'", (user))
#define last_year_of(unit)                                                                         \
    query_int("SELECT MAX(to_fy) FROM org_unit_period WHERE unit_id = $1", (unit))
#define periods_of(unit)                                                                           \
    query_int("SELECT COUNT(*) FROM org_unit_period WHERE unit_id = $1", (unit))

static int64_t audit_count(const char *action)
{
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM audit_log WHERE action = $1", 1);
    db_bind_text(st, 1, action);
    int64_t v = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}

static int64_t user_of(const char *login)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM app_user WHERE login = $1", 1);
    db_bind_text(st, 1, login);
    int64_t v = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return v;
}

/* The sheet of plan 1 for years (e.g. "2020"), as anonymous (it is published). */
static Reply sheet(const char *years)
{
    char target[128];
    snprintf(target, sizeof(target), "/plans/1/sheet?years=%s", years);
    return http_get(db, target);
}

static int project_rows(const char *years)
{
    Reply r = sheet(years);
    int n = r.status == 200 ? occurrences(r.body, "class=\"c-project\">") : -1;
    reply_free(&r);
    return n;
}

static Reply post(const Session *s, const char *target, const char *body)
{
    return http_post_as(db, s, target, body);
}

static Reply get(const Session *s, const char *target)
{
    return http_get_as(db, s, target);
}

/* The answers' page for the demo round's answer of project id, as s. */
static Reply answer_page(const Session *s, int64_t project)
{
    DbStmt *st =
        db_prepare(db, "SELECT id FROM response WHERE round_id = $1 AND project_id = $2", 1);
    db_bind_int64(st, 1, demo_round);
    db_bind_int64(st, 2, project);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", (long long)id);
    return get(s, target);
}

static void test_pages_are_for_administrators(void)
{
    Reply r = get(&admin, "/admin/org?fy=2021");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>組織（令和3年度）</h1>");
    CHECK_HAS(r.body, "健康福祉局");
    CHECK_HAS(r.body, "障害企画課");
    CHECK_HAS(r.body, "href=\"/admin/org/units/3?fy=2021\"");
    reply_free(&r);
    /* The year as people write it. */
    r = get(&admin, "/admin/org?fy=%E4%BB%A4%E5%92%8C3%E5%B9%B4%E5%BA%A6"); /* 令和3年度 */
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>組織（令和3年度）</h1>");
    reply_free(&r);
    r = get(&admin, "/admin/org?fy=R3%E5%B9%B4%E5%BA%A6"); /* R3年度 */
    CHECK_HAS(r.body, "<h1>組織（令和3年度）</h1>");
    reply_free(&r);
    r = get(&admin, "/admin/org?fy=next-year");
    CHECK_INT(r.status, 400);
    reply_free(&r);
    r = get(&admin, "/admin/org?fy=2021&lang=en");
    CHECK_HAS(r.body, "Organisation");
    reply_free(&r);
    r = get(&admin, "/admin/org/units/3?fy=2021");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "name=\"rename_fy\"");
    CHECK_HAS(r.body, "action=\"/admin/org/units/3/merge\"");
    CHECK_HAS(r.body, "障害者に対する虐待相談窓口の周知"); /* its project, to move */
    reply_free(&r);
    r = get(&admin, "/admin/org/units/99999");
    CHECK_INT(r.status, 404);
    reply_free(&r);
    /* The menu: administrators only. */
    r = get(&admin, "/");
    CHECK_HAS(r.body, "<a href=\"/admin/org\">組織</a>");
    reply_free(&r);
    r = get(&jimu, "/");
    CHECK_HASNT(r.body, "/admin/org");
    reply_free(&r);
    /* Others are refused, and a refused change changes nothing. */
    const Session *others[] = {&jimu, &shogai, &shimin};
    for (int i = 0; i < 3; i++) {
        r = get(others[i], "/admin/org");
        CHECK_INT(r.status, 403);
        reply_free(&r);
        r = post(others[i], "/admin/org/units/3/rename", "name=x&rename_fy=2021");
        CHECK_INT(r.status, 403);
        reply_free(&r);
    }
    r = http_get(db, "/admin/org");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_INT(periods_of(3), 1);
    /* The model checks the right itself. */
    OrgProblem p;
    CHECK_INT(org_rename(db, &(Actor){"test", ""}, &principal_anonymous, 3, 2021, "x", &p),
              ERR_FORBIDDEN);
    CHECK_INT(periods_of(3), 1);
}

static void test_rename_keeps_earlier_years(void)
{
    /* 障害福祉企画課 from 令和3年度 */
    Reply r = post(&admin, "/admin/org/units/3/rename",
                   "name=%E9%9A%9C%E5%AE%B3%E7%A6%8F%E7%A5%89%E4%BC%81%E7%94%BB%E8%AA%B2"
                   "&rename_fy=%E4%BB%A4%E5%92%8C3%E5%B9%B4%E5%BA%A6");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /admin/org/units/3?fy=2021&saved=1");
    reply_free(&r);
    r = get(&admin, "/admin/org/units/3?fy=2021&saved=1");
    CHECK_HAS(r.body, "組織を変更しました。");
    CHECK_HAS(r.body, "<h1>障害福祉企画課");
    CHECK_HAS(r.body, "当初〜令和2年度</td><td>障害企画課</td>");
    CHECK_HAS(r.body, "令和3年度〜</td><td>障害福祉企画課</td>");
    reply_free(&r);
    CHECK_INT(periods_of(3), 2);
    CHECK_INT(audit_count("org.rename"), 1);

    /* The sheet names units as in the year shown. */
    r = sheet("2020");
    CHECK_HAS(r.body, "障害企画課");
    CHECK_HASNT(r.body, "障害福祉企画課");
    reply_free(&r);
    r = sheet("2021");
    CHECK_HAS(r.body, "障害福祉企画課");
    CHECK_HASNT(r.body, ">障害企画課<");
    reply_free(&r);
    r = sheet("2020,2021");
    CHECK_HAS(r.body, "障害福祉企画課");
    reply_free(&r);
    /* No row is doubled by the unit's two periods. */
    CHECK_INT(project_rows("2020"), rows_2020);
    CHECK_INT(project_rows("2021"), rows_2021);
    CHECK_INT(project_rows("2020,2021"), rows_2021);

    /* The 令和2年度 round, its answers and reminders keep the old name. */
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld", (long long)demo_round);
    r = get(&jimu, target);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "障害企画課");
    CHECK_HASNT(r.body, "障害福祉企画課");
    reply_free(&r);
    r = answer_page(&shogai, 1);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "障害企画課");
    CHECK_HASNT(r.body, "障害福祉企画課");
    reply_free(&r);
    snprintf(target, sizeof(target), "/rounds/%lld/reminders", (long long)demo_round);
    r = get(&jimu, target);
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, "障害福祉企画課");
    reply_free(&r);
    /* One row per answer in the round's list. */
    Arena a;
    arena_init(&a);
    AnswerRow *rows;
    int n;
    CHECK_INT(answer_list(db, &a, NULL, demo_round, &rows, &n), ERR_OK);
    CHECK_INT(n, 7);
    arena_free(&a);
    /* The section's editor keeps everything: the unit is the same. */
    r = get(&shogai, "/projects/1");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "障害福祉企画課"); /* today's name */
    reply_free(&r);
}

static void test_refusals_at_the_field(void)
{
    Reply r = post(&admin, "/admin/org/units/3/rename", "name=x&rename_fy=%E4%BB%A4%E5%92%8C");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-rename_fy-error\">年度を、2021、令和3年度、R3年度 のように");
    reply_free(&r);
    /* 高齢企画課 is its sibling's name. */
    r = post(&admin, "/admin/org/units/3/rename",
             "name=%E9%AB%98%E9%BD%A2%E4%BC%81%E7%94%BB%E8%AA%B2&rename_fy=2022");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-name-error\">同じ局・区の中に");
    reply_free(&r);
    r = post(&admin, "/admin/org/units/3/move", "parent=3&move_fy=2022");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "aria-invalid=\"true\" aria-describedby=\"f-parent-error\"");
    CHECK_HAS(r.body, "id=\"f-parent-error\">");
    reply_free(&r);
    r = post(&admin, "/admin/org/units/3/merge", "into=1&merge_fy=2022"); /* a bureau */
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-into-error\">");
    reply_free(&r);
    r = post(&admin, "/admin/org/units", "kind=section&name=x&parent=&create_fy=2021");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-parent-error\">");
    reply_free(&r);
    CHECK_INT(periods_of(3), 2);
}

static void test_close_refused_while_it_owns_projects(void)
{
    Reply r = post(&admin, "/admin/org/units/3/close", "close_fy=2022");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-close_fy-error\">この組織には、その年度以降も有効な事業があるため"
                      "廃止できません。");
    reply_free(&r);
    r = post(&admin, "/admin/org/units/1/close", "close_fy=2022"); /* 健康福祉局, with sections */
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "課・室があるため廃止できません");
    reply_free(&r);
    r = post(&admin, "/admin/org/units/3/close", "close_fy=2022&lang=en");
    CHECK_INT(r.status, 400);
    reply_free(&r);
    CHECK_INT(last_year_of(3), ORG_FOREVER);
    CHECK_INT(audit_count("org.close"), 0);
}

static void test_merge_moves_projects_and_people(void)
{
    int64_t shimin_id = user_of("shiminseikatsu");
    CHECK_INT(editor_unit_of(shimin_id), 8);
    /* A new section under 市民局 from 令和3年度: 市民協働課. */
    Reply r = post(&admin, "/admin/org/units",
                   "kind=section&name=%E5%B8%82%E6%B0%91%E5%8D%94%E5%83%8D%E8%AA%B2&parent=7"
                   "&create_fy=2021");
    CHECK_INT(r.status, 303);
    char location[128];
    test_value_after(r.headers, "Location: ", "\r\n", location, sizeof(location));
    reply_free(&r);
    long long unit = 0;
    CHECK(sscanf(location, "/admin/org/units/%lld?fy=2021&saved=1", &unit) == 1 && unit > 10);
    /* 市民生活課 merges into it from R3年度. */
    char target[64], body[128];
    snprintf(body, sizeof(body), "into=%lld&merge_fy=R3%%E5%%B9%%B4%%E5%%BA%%A6", unit);
    r = post(&admin, "/admin/org/units/8/merge", body);
    CHECK_INT(r.status, 303);
    snprintf(target, sizeof(target), "Location: /admin/org/units/%lld?fy=2021&saved=1", unit);
    CHECK_HAS(r.headers, target);
    reply_free(&r);
    CHECK_INT(section_of(6), unit);
    CHECK_INT(editor_unit_of(shimin_id), unit);
    CHECK_INT(last_year_of(8), 2020);
    CHECK_INT(audit_count("org.merge"), 1);
    CHECK(audit_count("project.move") >= 1);

    /* The section's editor sees its project under the new unit. */
    r = get(&shimin, "/");
    CHECK_HAS(r.body, "労働相談の実施");
    CHECK_HAS(r.body, "市民協働課");
    reply_free(&r);
    r = get(&shimin, "/projects/6");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "市民協働課");
    reply_free(&r);
    /* Earlier years keep the old unit: the tree, and the sheet of the year
     * whose round asked 市民生活課. */
    r = get(&admin, "/admin/org?fy=2020");
    CHECK_HAS(r.body, "市民生活課");
    CHECK_HASNT(r.body, "市民協働課");
    reply_free(&r);
    r = get(&admin, "/admin/org?fy=2021");
    CHECK_HASNT(r.body, "市民生活課");
    CHECK_HAS(r.body, "市民協働課");
    reply_free(&r);
    r = sheet("2020");
    CHECK_HAS(r.body, "市民生活課");
    CHECK_HASNT(r.body, "市民協働課");
    reply_free(&r);
    r = sheet("2021");
    CHECK_HAS(r.body, "市民協働課");
    CHECK_HASNT(r.body, "市民生活課");
    reply_free(&r);
    snprintf(target, sizeof(target), "/rounds/%lld", (long long)demo_round);
    r = get(&jimu, target);
    CHECK_HAS(r.body, "市民生活課"); /* the round asked it: history */
    reply_free(&r);
    CHECK_INT(project_rows("2020"), rows_2020);
    CHECK_INT(project_rows("2021"), rows_2021);
}

static void test_bulk_move_then_close(void)
{
    /* 精神保健福祉総合センター (6) runs projects 4 and 5. */
    Reply r = post(&admin, "/admin/org/units/6/projects", "target=4&projects_fy=2021");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"f-project-error\">移す事業を選んでください。");
    reply_free(&r);
    r = post(&admin, "/admin/org/units/6/projects", "project=1&target=4&projects_fy=2021");
    CHECK_INT(r.status, 400); /* project 1 is not its */
    CHECK_HAS(r.body, "この組織のものでないか");
    reply_free(&r);
    CHECK_INT(section_of(4), 6);
    r = post(&admin, "/admin/org/units/6/projects",
             "project=4&project=5&target=4&projects_fy=2021");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /admin/org/units/6?fy=2021&saved=1");
    reply_free(&r);
    CHECK_INT(section_of(4), 4);
    CHECK_INT(section_of(5), 4);
    /* Without projects it may close. */
    r = post(&admin, "/admin/org/units/6/close", "close_fy=2021");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /admin/org?fy=2021&saved=1");
    reply_free(&r);
    CHECK_INT(last_year_of(6), 2020);
    r = get(&admin, "/admin/org?fy=2021");
    CHECK_HASNT(r.body, "精神保健福祉総合センター");
    reply_free(&r);
    r = sheet("2020");
    CHECK_HAS(r.body, "精神保健福祉総合センター");
    reply_free(&r);
    CHECK_INT(project_rows("2020"), rows_2020);
    CHECK_INT(project_rows("2021"), rows_2021);
}

/* The section id of project in the JSON sheet of plan 1 for one year, or -1. */
static int64_t sheet_section_of(int64_t project, int year)
{
    char target[64];
    snprintf(target, sizeof(target), "/api/v1/plans/1/sheet?years=%d", year);
    Reply r = get(&admin, target);
    json_t *j = r.status == 200 ? json_loads(r.body, 0, NULL) : NULL;
    reply_free(&r);
    int64_t found = -1;
    size_t i, k;
    json_t *ini, *pr;
    json_array_foreach(json_object_get(j, "initiatives"), i, ini)
        json_array_foreach(json_object_get(ini, "projects"), k,
                           pr) if (json_integer_value(json_object_get(pr, "id")) == project) found =
            json_integer_value(json_object_get(json_object_get(pr, "section"), "id"));
    json_decref(j);
    return found;
}

/* A move from 令和5年度 (no round asked 令和3 or 4): the years before it
 * show the section of those years, recorded at the move, not the new one. */
static void test_move_remembers_years_without_rounds(void)
{
    /* Project 5 went from 6 to 4 in 2021 (above); now from 4 to 5 in 2023. */
    CHECK_INT(section_of(5), 4);
    Reply r = post(&admin, "/admin/org/units/4/projects", "project=5&target=5&projects_fy=2023");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_INT(section_of(5), 5);
    CHECK_INT(sheet_section_of(5, 2020), 6); /* the round of 令和2年度 asked unit 6 */
    CHECK_INT(sheet_section_of(5, 2021), 4); /* no round: the recorded section */
    CHECK_INT(sheet_section_of(5, 2022), 4);
    CHECK_INT(sheet_section_of(5, 2023), 5);
    /* A later move from an earlier year (to unit 3 from 2022) overrides
     * what was recorded of 2022 on, and keeps 2021. */
    r = post(&admin, "/admin/org/units/5/projects", "project=5&target=3&projects_fy=2022");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_INT(sheet_section_of(5, 2020), 6);
    CHECK_INT(sheet_section_of(5, 2021), 4);
    CHECK_INT(sheet_section_of(5, 2022), 3);
    CHECK_INT(sheet_section_of(5, 2023), 3);
    CHECK_INT(project_rows("2021"), rows_2021);
}

static void test_reorder_from_a_year(void)
{
    Reply r = post(&admin, "/admin/org/units/2/reorder", "fy=2021&step=up"); /* 子供未来局 */
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = get(&admin, "/admin/org?fy=2021");
    const char *kodomo = strstr(r.body, ">子供未来局<"), *kenko = strstr(r.body, ">健康福祉局<");
    CHECK(kodomo && kenko && kodomo < kenko);
    reply_free(&r);
    r = get(&admin, "/admin/org?fy=2020");
    kodomo = strstr(r.body, ">子供未来局<");
    kenko = strstr(r.body, ">健康福祉局<");
    CHECK(kodomo && kenko && kenko < kodomo);
    reply_free(&r);
    r = post(&admin, "/admin/org/units/2/reorder", "fy=2021&step=up"); /* first already */
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "これ以上は動かせません。");
    reply_free(&r);
    CHECK_INT(project_rows("2021"), rows_2021);
}

/* The name in fiscal year fy of unit id, from the model. */
static const char *name_in_year(Arena *a, int64_t id, int fy)
{
    OrgUnit *units;
    int n;
    CHECK_INT(org_list(db, a, fy, &units, &n), ERR_OK);
    const char *name = org_name(units, n, id);
    return name ? name : "";
}

/* A change splits a period at its year and holds up to the next change of
 * the same value; undoing it leaves one period, as before. */
static void test_history_rules(void)
{
    Grant g = {0, ROLE_ADMIN, 0, 0};
    Principal who = {.user_id = user_of("admin"), .login = "admin", .grants = &g, .ngrants = 1};
    Actor by = {"admin", ""};
    OrgProblem p;
    Arena a;
    arena_init(&a);
    CHECK_INT(org_rename(db, &by, &who, 5, 2023, "B", &p), ERR_OK);
    CHECK_INT(org_rename(db, &by, &who, 5, 2021, "C", &p), ERR_OK);
    CHECK_INT(periods_of(5), 3);
    CHECK_STR(name_in_year(&a, 5, 2020), "子供家庭支援課");
    CHECK_STR(name_in_year(&a, 5, 2022), "C");
    CHECK_STR(name_in_year(&a, 5, 2023), "B"); /* the later renaming stands */
    CHECK_INT(org_rename(db, &by, &who, 5, 2021, "子供家庭支援課", &p), ERR_OK);
    CHECK_INT(periods_of(5), 2);
    CHECK_INT(org_rename(db, &by, &who, 5, 2023, "子供家庭支援課", &p), ERR_OK);
    CHECK_INT(periods_of(5), 1);
    CHECK_INT(org_rename(db, &by, &who, 5, 2021, "子供家庭支援課", &p), ERR_INVALID);
    CHECK_INT(p, ORG_UNCHANGED);
    CHECK_INT(org_rename(db, &by, &who, 5, 2021, "a\nb", &p), ERR_INVALID);
    CHECK_INT(p, ORG_BAD_NAME);
    CHECK_INT(org_rename(db, &by, &who, 99999, 2021, "x", &p), ERR_NOT_FOUND);
    /* A unit made from 2024 cannot be merged or closed from its first year,
     * nor renamed before it exists. */
    int64_t id = 0;
    CHECK_INT(org_create(db, &by, &who, "section", "新設課", 2, 2024, &id, &p), ERR_OK);
    CHECK_INT(org_merge(db, &by, &who, id, 2024, 5, &p), ERR_INVALID);
    CHECK_INT(p, ORG_FIRST_YEAR);
    CHECK_INT(org_close(db, &by, &who, id, 2024, &p), ERR_INVALID);
    CHECK_INT(p, ORG_FIRST_YEAR);
    CHECK_INT(org_rename(db, &by, &who, id, 2023, "x", &p), ERR_INVALID);
    CHECK_INT(p, ORG_NOT_IN_YEAR);
    CHECK_INT(org_create(db, &by, &who, "section", "x", 0, 2024, &id, &p), ERR_INVALID);
    CHECK_INT(p, ORG_BAD_PARENT);
    CHECK_INT(org_create(db, &by, &who, "bureau", "x", 2, 2024, &id, &p), ERR_INVALID);
    CHECK_INT(p, ORG_BAD_PARENT);
    CHECK_INT(org_create(db, &by, &who, "team", "x", 0, 2024, &id, &p), ERR_INVALID);
    CHECK_INT(p, ORG_BAD_KIND);
    arena_free(&a);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("org.db", true);
    DbStmt *st =
        db_prepare(db, "SELECT id FROM round WHERE fiscal_year = 2020 AND checkpoint = 'start'", 1);
    demo_round = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    admin = test_login(db, "admin", "demo");
    jimu = test_login(db, "jimukyoku", "demo");
    shogai = test_login(db, "shogaikikaku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    CHECK(admin.ok && jimu.ok && shogai.ok && shimin.ok);
    rows_2020 = project_rows("2020");
    rows_2021 = project_rows("2021");
    CHECK(rows_2020 >= 7 && rows_2021 == rows_2020);
    TEST_RUN(test_pages_are_for_administrators);
    TEST_RUN(test_rename_keeps_earlier_years);
    TEST_RUN(test_refusals_at_the_field);
    TEST_RUN(test_close_refused_while_it_owns_projects);
    TEST_RUN(test_merge_moves_projects_and_people);
    TEST_RUN(test_bulk_move_then_close);
    TEST_RUN(test_move_remembers_years_without_rounds);
    TEST_RUN(test_reorder_from_a_year);
    TEST_RUN(test_history_rules);
    db_close(db);
    test_cleanup();
    return TEST_DONE("org");
}
