/* Plan structure in the model: a plan made from nothing, its directions and
 * initiatives added, edited, moved, renumbered and retired, copied into a
 * new period; who may, and what is refused with nothing written. */
#include "base/log.h"
#include "model/plan_edit.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static const Actor by = {"test", ""};
static Principal admin, secretariat, nobody;
static Grant admin_grant = {.role = ROLE_ADMIN}, secretariat_grant = {.role = ROLE_SECRETARIAT};

/* The initiatives of plan_id as "number:title|..." in the sheet's order. */
static const char *order_of(int64_t plan_id)
{
    static char out[1024];
    out[0] = '\0';
    DbStmt *st = db_prepare(db,
                            "SELECT i.number, i.title FROM initiative i JOIN direction d"
                            " ON d.id = i.direction_id WHERE i.plan_id = $1"
                            " ORDER BY d.sort_order, i.sort_order, i.id",
                            2);
    db_bind_int64(st, 1, plan_id);
    while (db_step(st) == DB_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, sizeof(out) - n, "%s%s:%s", n ? "|" : "", db_col_text(st, 0),
                 db_col_text(st, 1));
    }
    db_done(st);
    return out;
}

static int64_t plan_id, d1, d2, i1, i2, i3;

static void test_create_and_fill(void)
{
    PlanInput in = {.title = "健康づくり計画",
                    .from_fy = 2024,
                    .to_fy = 2028,
                    .level1 = "基本目標",
                    .level2 = "施策"};
    PlanProblem p = PLAN_OK;
    CHECK_INT(plan_create(db, &by, &secretariat, &in, &plan_id, &p), ERR_FORBIDDEN);
    CHECK_INT(plan_create(db, &by, &admin, &in, &plan_id, &p), ERR_OK);
    CHECK(plan_id > 0);
    DbStmt *st = db_prepare(db, "SELECT period_label FROM plan WHERE id = $1", 1);
    db_bind_int64(st, 1, plan_id);
    CHECK(db_step(st) == DB_ROW);
    CHECK_STR(db_col_text(st, 0), "令和6年度～令和10年度");
    db_done(st);

    CHECK_INT(direction_add(db, &by, &admin, plan_id, "目標1", "生活習慣", &d1, &p), ERR_OK);
    CHECK_INT(direction_add(db, &by, &admin, plan_id, "目標2", "こころ", &d2, &p), ERR_OK);
    int64_t dup = 0;
    CHECK_INT(direction_add(db, &by, &admin, plan_id, "目標1", "", &dup, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_LABEL_TAKEN);

    InitiativeInput a = {d2, "1", "睡眠", "", NULL, 0}, b = {d1, "2", "運動", "", NULL, 0},
                    c = {d1, "3", "食事", "内容", NULL, 0};
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &a, &i1, &p), ERR_OK);
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &b, &i2, &p), ERR_OK);
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &c, &i3, &p), ERR_OK);
    CHECK_STR(order_of(plan_id), "2:運動|3:食事|1:睡眠");
    InitiativeInput taken = {d1, "3", "重複", "", NULL, 0};
    int64_t x = 0;
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &taken, &x, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_NUMBER_TAKEN);
    InitiativeInput empty = {d1, "", "題", "", NULL, 0};
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &empty, &x, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_TITLE_MISSING);
    int64_t not_bureau = 999999;
    InitiativeInput bad = {d1, "9", "題", "", &not_bureau, 1};
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &bad, &x, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_BAD_BUREAU);
    InitiativeInput other_plan = {999999, "9", "題", "", NULL, 0};
    CHECK_INT(initiative_add(db, &by, &admin, plan_id, &other_plan, &x, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_BAD_DIRECTION);
}

static void test_order_and_numbers(void)
{
    CHECK_INT(initiative_move(db, &by, &admin, i3, -1), ERR_OK);
    CHECK_STR(order_of(plan_id), "3:食事|2:運動|1:睡眠");
    CHECK_INT(initiative_move(db, &by, &admin, i3, -1), ERR_OK); /* first already */
    CHECK_STR(order_of(plan_id), "3:食事|2:運動|1:睡眠");
    CHECK_INT(direction_move(db, &by, &admin, d2, -1), ERR_OK);
    CHECK_STR(order_of(plan_id), "1:睡眠|3:食事|2:運動");
    CHECK_INT(plan_renumber(db, &by, &admin, plan_id), ERR_OK);
    CHECK_STR(order_of(plan_id), "1:睡眠|2:食事|3:運動");
    /* Moved to the other direction: at its end. */
    PlanProblem p;
    InitiativeInput moved = {d2, "4", "運動習慣", "", NULL, 0};
    CHECK_INT(initiative_update(db, &by, &admin, i2, &moved, &p), ERR_OK);
    CHECK_STR(order_of(plan_id), "1:睡眠|4:運動習慣|2:食事");
}

static void test_retire_and_copy(void)
{
    PlanProblem p;
    CHECK_INT(initiative_retire(db, &by, &admin, i3, 2040, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_BAD_YEAR);
    CHECK_INT(initiative_retire(db, &by, &admin, i3, 2026, &p), ERR_OK);
    int64_t copy = 0;
    CHECK_INT(plan_copy(db, &by, &secretariat, plan_id, "次期計画", 2029, 2033, &copy, &p),
              ERR_FORBIDDEN);
    /* A field in use, a retired one, and an indicator on the first. */
    db_exec1(
        db,
        "INSERT INTO field_def (plan_id, key, label, kind, checkpoint, sort_order)"
        " SELECT id, 'k1', '件数', 'number', 'end', 1 FROM plan WHERE title = '健康づくり計画'");
    db_exec1(db,
             "INSERT INTO field_def (plan_id, key, label, kind, checkpoint, sort_order, retired)"
             " SELECT id, 'k2', '旧項目', 'text', 'end', 2, 1 FROM plan"
             " WHERE title = '健康づくり計画'");
    db_exec1(db,
             "INSERT INTO indicator (plan_id, initiative_id, name, baseline_value, baseline_fy,"
             " target_value, target_fy, field_id, sort_order) SELECT f.plan_id, i.id, '睡眠指標',"
             " '10', 2024, '20', 2028, f.id, 1 FROM field_def f JOIN initiative i ON"
             " i.plan_id = f.plan_id AND i.number = '1' WHERE f.key = 'k1'");
    CHECK_INT(plan_copy(db, &by, &admin, plan_id, "次期計画", 2029, 2033, &copy, &p), ERR_OK);
    CHECK(copy > plan_id);
    /* The retired initiative stays behind; the rest keep their order. */
    CHECK_STR(order_of(copy), "1:睡眠|4:運動習慣");
    CHECK_STR(order_of(plan_id), "1:睡眠|4:運動習慣|2:食事");
    /* The field in use and its indicator come along; the retired field not. */
    DbStmt *st = db_prepare(db,
                            "SELECT (SELECT COUNT(*) FROM field_def WHERE plan_id = $1),"
                            " (SELECT name FROM indicator WHERE plan_id = $1)",
                            2);
    db_bind_int64(st, 1, copy);
    CHECK(db_step(st) == DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 1);
    CHECK_STR(db_col_text(st, 1), "睡眠指標");
    db_done(st);
    st = db_prepare(db, "SELECT name FROM plan_level WHERE plan_id = $1 ORDER BY depth", 1);
    db_bind_int64(st, 1, copy);
    CHECK(db_step(st) == DB_ROW);
    CHECK_STR(db_col_text(st, 0), "基本目標");
    db_done(st);
}

static void test_rights_and_bad_input(void)
{
    PlanProblem p;
    int64_t x;
    CHECK_INT(direction_add(db, &by, &nobody, plan_id, "目標3", "", &x, &p), ERR_FORBIDDEN);
    CHECK_INT(direction_add(db, &by, &admin, 999999, "目標3", "", &x, &p), ERR_NOT_FOUND);
    CHECK_INT(direction_update(db, &by, &admin, d1, "目標\x01", "", &p), ERR_INVALID);
    CHECK_INT(p, PLAN_BAD_TEXT);
    char longer[PLAN_LABEL_MAX * 3 + 8] = "";
    for (int i = 0; i <= PLAN_LABEL_MAX; i++)
        strcat(longer, "あ");
    CHECK_INT(direction_update(db, &by, &admin, d1, longer, "", &p), ERR_INVALID);
    CHECK_INT(p, PLAN_TOO_LONG);
    PlanInput bad = {.title = "x", .from_fy = 2030, .to_fy = 2020, .level1 = "a", .level2 = "b"};
    CHECK_INT(plan_update(db, &by, &admin, plan_id, &bad, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_BAD_PERIOD);
    /* The demo's plan has rounds in 2019 and 2020: its period keeps them. */
    PlanInput shorter = {
        .title = "x", .from_fy = 2020, .to_fy = 2023, .level1 = "a", .level2 = "b"};
    CHECK_INT(plan_update(db, &by, &admin, 1, &shorter, &p), ERR_INVALID);
    CHECK_INT(p, PLAN_PERIOD_HAS_ROUNDS);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("plan_edit.db", true);
    admin = (Principal){.user_id = 1, .login = "admin", .grants = &admin_grant, .ngrants = 1};
    nobody = (Principal){.user_id = 2, .login = "nobody"};
    TEST_RUN(test_create_and_fill);
    /* The secretariat of the new plan may change it, not make plans. */
    secretariat_grant.plan_id = plan_id;
    secretariat =
        (Principal){.user_id = 3, .login = "sec", .grants = &secretariat_grant, .ngrants = 1};
    TEST_RUN(test_order_and_numbers);
    TEST_RUN(test_retire_and_copy);
    TEST_RUN(test_rights_and_bad_input);
    db_close(db);
    test_cleanup();
    return TEST_DONE("plan_edit");
}
