/* Numbers as people write them in an answer (field_number_parse), and the
 * model's refusals of scales and fields on a fresh demo database, with
 * nothing written when refused. */
#include <stdlib.h>
#include <string.h>
#include "base/log.h"
#include "model/field_edit.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;

/* The plain form of s, or "!" when it is not a number. */
static const char *plain(const char *s)
{
    static char out[64];
    char *p = NULL;
    snprintf(out, sizeof(out), "%s", field_number_parse(s, &p) ? p : "!");
    free(p);
    return out;
}

static void test_numbers(void)
{
    CHECK_STR(plain("12"), "12");
    CHECK_STR(plain(" 12 "), "12");
    CHECK_STR(plain("1,234"), "1234");
    CHECK_STR(plain("1,234,567.5"), "1234567.5");
    CHECK_STR(plain("-3"), "-3");
    CHECK_STR(plain("+0.25"), "0.25");
    CHECK_STR(plain("007.50"), "7.5");
    CHECK_STR(plain("-0.0"), "0");
    CHECK_STR(plain("12.0"), "12");
    CHECK_STR(plain("123456789012345"), "123456789012345");
    CHECK_STR(plain("1234567890123456"), "!"); /* more than a double holds */
    CHECK_STR(plain("１２"), "12");            /* full-width digits */
    CHECK_STR(plain("１，２００"), "1200");    /* and comma */
    CHECK_STR(plain(""), "!");
    CHECK_STR(plain("12件"), "!"); /* the unit is the field's, not the answer's */
    CHECK_STR(plain("1,23"), "!");
    CHECK_STR(plain(",123"), "!");
    CHECK_STR(plain("12."), "!");
    CHECK_STR(plain("1e5"), "!");
    CHECK_STR(plain("たくさん"), "!");
    CHECK_STR(plain("\xff"), "!");
}

static int count(const char *table)
{
    DbStmt *st = strcmp(table, "rating_scale") == 0
                     ? db_prepare(db, "SELECT COUNT(*) FROM rating_scale", 1)
                     : db_prepare(db, "SELECT COUNT(*) FROM field_def", 1);
    int n = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

static void test_refusals_write_nothing(void)
{
    Actor by = {"test", ""};
    Grant admin_grant = {.role = ROLE_ADMIN}, editor_grant = {.role = ROLE_EDITOR, .unit_id = 1};
    Principal admin = {.user_id = 1, .login = "admin", .grants = &admin_grant, .ngrants = 1};
    Principal section = {.user_id = 2, .login = "sec", .grants = &editor_grant, .ngrants = 1};
    GradeInput g[] = {{"A", "達成", "4", ""}, {"B", "未達成", "", "説明"}};
    FieldDefProblem p;
    int64_t id = 0;
    CHECK_INT(scale_add(db, &by, &section, 1, &(ScaleInput){"二段階", g, 2}, &id, &p),
              ERR_FORBIDDEN);
    CHECK_INT(scale_add(db, &by, &admin, 1, &(ScaleInput){"", g, 2}, &id, &p), ERR_INVALID);
    CHECK_INT(p, FD_MISSING);
    CHECK_INT(scale_add(db, &by, &admin, 1, &(ScaleInput){"二段階", g, 0}, &id, &p), ERR_INVALID);
    CHECK_INT(p, FD_NO_GRADES);
    CHECK_INT(count("rating_scale"), 0);
    CHECK_INT(scale_add(db, &by, &admin, 1, &(ScaleInput){"二段階", g, 2}, &id, &p), ERR_OK);
    CHECK_INT(scale_add(db, &by, &admin, 999, &(ScaleInput){"二段階", g, 2}, &id, &p),
              ERR_NOT_FOUND);
    int fields = count("field_def");
    FieldInput f = {.label = "評価", .kind = "rating", .scale_id = 0};
    CHECK_INT(field_add(db, &by, &admin, 1, &f, &id, &p), ERR_INVALID);
    CHECK_INT(p, FD_BAD_SCALE);
    f.kind = "date";
    CHECK_INT(field_add(db, &by, &admin, 1, &f, &id, &p), ERR_INVALID);
    CHECK_INT(p, FD_BAD_KIND);
    f = (FieldInput){.label = "取組みの実施状況", .kind = "text"};
    CHECK_INT(field_add(db, &by, &admin, 1, &f, &id, &p), ERR_INVALID);
    CHECK_INT(p, FD_LABEL_TAKEN);
    f = (FieldInput){.label = "備考", .kind = "text", .max_chars = -1};
    CHECK_INT(field_add(db, &by, &admin, 1, &f, &id, &p), ERR_INVALID);
    CHECK_INT(p, FD_BAD_LIMIT);
    CHECK_INT(count("field_def"), fields);
    /* The demo's 取組みの実施状況 was asked: not removed, not turned into a number. */
    CHECK_INT(field_remove(db, &by, &admin, 1, &p), ERR_INVALID);
    CHECK_INT(p, FD_HAS_ANSWERS);
    f = (FieldInput){.label = "取組みの実施状況", .kind = "number"};
    CHECK_INT(field_update(db, &by, &admin, 1, &f, &p), ERR_INVALID);
    CHECK_INT(p, FD_HAS_ANSWERS);
    /* Its label, limit and example may change. */
    f = (FieldInput){
        .label = "取組みの実施状況", .kind = "text", .max_chars = 400, .example = "例"};
    CHECK_INT(field_update(db, &by, &admin, 1, &f, &p), ERR_OK);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("field_edit.db", true);
    TEST_RUN(test_numbers);
    TEST_RUN(test_refusals_write_nothing);
    db_close(db);
    test_cleanup();
    return TEST_DONE("field_edit");
}
