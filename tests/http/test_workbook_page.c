/* Section workbooks through the pages: the round page links each section's
 * workbook, the secretariat downloads two and uploads both at once, a
 * section uploads its own; a file that is no workbook is refused at the
 * field. (The rows' checks themselves: tests/import/test_section_book.c.) */
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Session jimukyoku, shogai, shimin;
static long long round_id, section_a, section_b; /* 障害企画課, 市民生活課 */

static void find_ids(void)
{
    DbStmt *st = db_prepare_literal(db,
                                    "SELECT r.id, p.section_id FROM round r JOIN response rs"
                                    " ON rs.round_id = r.id JOIN project p ON p.id = rs.project_id"
                                    " WHERE r.status = 'open' AND p.id IN (1, 6) ORDER BY p.id",
                                    2);
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        round_id = db_col_int64(st, 0);
        *(i == 0 ? &section_a : &section_b) = db_col_int64(st, 1);
    }
    db_done(st);
}

static Reply workbook(const Session *s, long long section)
{
    char target[128];
    snprintf(target, sizeof(target), "/rounds/%lld/sections/%lld/workbook.xlsx", round_id, section);
    return http_get_as(db, s, target);
}

static void test_round_page_links_the_workbooks(void)
{
    char target[64], link[128];
    snprintf(target, sizeof(target), "/rounds/%lld", round_id);
    Reply r = http_get_as(db, &jimukyoku, target);
    CHECK_INT(r.status, 200);
    snprintf(link, sizeof(link), "/rounds/%lld/sections/%lld/workbook.xlsx", round_id, section_a);
    CHECK_HAS(r.body, link);
    snprintf(link, sizeof(link), "/rounds/%lld/sections/%lld/workbook.xlsx", round_id, section_b);
    CHECK_HAS(r.body, link);
    reply_free(&r);
    /* A section sees its own only. */
    r = http_get_as(db, &shogai, target);
    snprintf(link, sizeof(link), "/sections/%lld/workbook.xlsx", section_a);
    CHECK_HAS(r.body, link);
    snprintf(link, sizeof(link), "/sections/%lld/workbook.xlsx", section_b);
    CHECK_HASNT(r.body, link);
    reply_free(&r);
}

static void test_bulk_upload_by_the_secretariat(void)
{
    Reply a = workbook(&jimukyoku, section_a), b = workbook(&jimukyoku, section_b);
    CHECK_INT(a.status, 200);
    CHECK_INT(b.status, 200);
    CHECK_HAS(a.headers, "Content-Type: application/vnd.openxmlformats-officedocument");
    CHECK_HAS(a.headers, "Content-Disposition: attachment;");
    CHECK(a.body_len > 1000 && memcmp(a.body, "PK", 2) == 0);
    TestFile files[] = {{"file", "a.xlsx", a.body, a.body_len},
                        {"file", "b.xlsx", b.body, b.body_len}};
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld/upload", round_id);
    Reply r = http_post_files_as(db, &jimukyoku, target, NULL, files, 2);
    CHECK_INT(r.status, 200);
    CHECK_INT(occurrences(r.body, "<h2 class=\"upload-file\">"), 2);
    CHECK_HAS(r.body, "a.xlsx");
    CHECK_HAS(r.body, "b.xlsx");
    CHECK_INT(occurrences(r.body, "table class=\"data-table upload-report\""), 2);
    CHECK_HASNT(r.body, "class=\"refused\"");
    reply_free(&r);
    /* The other section's file is not for a section's person. */
    r = http_post_files_as(db, &shogai, target, NULL, files + 1, 1);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "class=\"refused\"");
    reply_free(&r);
    /* Its own section's file (as the secretariat downloaded it): nothing refused. */
    r = http_post_files_as(db, &shogai, target, NULL, files, 1);
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, "class=\"refused\"");
    reply_free(&r);
    reply_free(&a);
    reply_free(&b);
}

static void test_refusals(void)
{
    char target[64];
    snprintf(target, sizeof(target), "/rounds/%lld/upload", round_id);
    TestFile text = {"file", "memo.xlsx", "not a workbook", 14};
    Reply r = http_post_files_as(db, &shogai, target, NULL, &text, 1);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "aria-invalid=\"true\"");
    CHECK_HAS(r.body, "class=\"error-text\" id=\"f-file-error\"");
    reply_free(&r);
    r = http_post_files_as(db, &shogai, target, NULL, NULL, 0);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "ファイルを選んでください");
    reply_free(&r);
    /* Another section's workbook is not handed out. */
    r = workbook(&shimin, section_a);
    CHECK_INT(r.status, 404);
    reply_free(&r);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("workbook_page.db", true);
    find_ids();
    jimukyoku = test_login(db, "jimukyoku", "demo");
    shogai = test_login(db, "shogaikikaku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    CHECK(round_id && section_a && section_b && jimukyoku.ok && shogai.ok && shimin.ok);
    TEST_RUN(test_round_page_links_the_workbooks);
    TEST_RUN(test_bulk_upload_by_the_secretariat);
    TEST_RUN(test_refusals);
    db_close(db);
    test_cleanup();
    return TEST_DONE("workbook_page");
}
