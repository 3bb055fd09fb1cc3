/* The import pages as a secretariat uses them: the demo sheet downloaded as
 * XLSX, uploaded as a new plan, the preview read, the mapping spoiled and put
 * right, confirmed once, and the new plan's sheet equal to the demo's; and
 * who may not: other people's uploads, a secretariat making a new plan. */
#include "base/buf.h"
#include "base/log.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static Session admin, jimukyoku, section;

/* The sheet's table of a page from its caption's end, without the ids of
 * its row groups (which are the database's), malloc'd; or NULL. */
static char *sheet_table(const char *target)
{
    Reply r = http_get_as(db, &admin, target);
    char *start = strstr(r.body, "</caption>"), *end = start ? strstr(start, "</table>") : NULL;
    char *out = end ? strndup(start, (size_t)(end - start)) : NULL;
    reply_free(&r);
    for (char *p = out; p && (p = strstr(p, " id=\"initiative-"));) {
        char *q = strchr(p + 16, '"');
        memmove(p, q + 1, strlen(q + 1) + 1);
    }
    return out;
}

/* The id in a Location: /imports/N header, or 0. */
static long long import_id(const Reply *r)
{
    const char *l = strstr(r->headers, "Location: /imports/");
    return l ? atoll(l + 19) : 0;
}

static void test_upload_preview_confirm(void)
{
    Reply xlsx = http_get_as(db, &admin, "/plans/1/sheet.xlsx?years=2019");
    CHECK_INT(xlsx.status, 200);
    const char *fields[] = {"target", "new", "title", "取り込んだ計画", NULL};
    Reply r = http_post_file_as(db, &admin, "/imports", fields, "file", "sheet.xlsx", xlsx.body,
                                xlsx.body_len);
    CHECK_INT(r.status, 303);
    long long id = import_id(&r);
    CHECK(id > 0);
    reply_free(&r);
    char page[64], mapping[64], confirm[64];
    snprintf(page, sizeof(page), "/imports/%lld", id);
    snprintf(mapping, sizeof(mapping), "/imports/%lld/mapping", id);
    snprintf(confirm, sizeof(confirm), "/imports/%lld/confirm", id);

    /* The preview: what will be created, and the suggested mapping. */
    r = http_get_as(db, &admin, page);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "取込みの確認：sheet.xlsx");
    CHECK_HAS(r.body, "新しい計画「取り込んだ計画」");
    CHECK_HAS(r.body, "<th scope=\"row\">事業</th><td class=\"num\">7</td>");
    CHECK_HAS(r.body, "<option value=\"section\" selected>事業の課</option>");
    CHECK_HAS(r.body, "取り込む</button>");
    reply_free(&r);

    /* Nothing is written before the confirm. */
    DbStmt *st = db_prepare_literal(db, "SELECT COUNT(*) FROM plan", 1);
    CHECK(db_step(st) == DB_ROW);
    int plans = (int)db_col_int64(st, 0);
    db_done(st);

    /* A spoiled mapping (no 番号 column) shows its problem and no button. */
    r = http_post_as(db, &admin, mapping, "role_1=direction&role_7=section");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &admin, page);
    CHECK_HAS(r.body, "番号の列がありません");
    CHECK_HAS(r.body, "何も書き込んでいません");
    CHECK_HASNT(r.body, "取り込む</button>");
    reply_free(&r);
    r = http_post_as(db, &admin, confirm, "");
    CHECK_INT(r.status, 303); /* back to the page with its problems */
    reply_free(&r);

    /* Put right, and saved under a name for next year. */
    r = http_post_as(
        db, &admin, mapping,
        "role_1=direction&role_2=number&role_3=title&role_4=content&role_5=bureaus"
        "&role_6=bureau&role_7=section&role_8=project&role_9=summary"
        "&role_10=field&year_10=2019&role_11=field&year_11=H31%E5%B9%B4%E5%BA%A6&role_12=field"
        "&year_12=%E4%BB%A4%E5%92%8C%E5%85%83%E5%B9%B4%E5%BA%A6"
        "&role_13=field&year_13=2019&end_13=1"
        "&save_name=%E4%BB%99%E5%8F%B0%E5%BD%A2%E5%BC%8F");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &admin, page);
    CHECK_HAS(r.body, "<th scope=\"row\">事業</th><td class=\"num\">7</td>");
    reply_free(&r);
    r = http_get_as(db, &admin, "/imports/new");
    CHECK_HAS(r.body, "仙台形式</option>");
    reply_free(&r);

    /* Another person does not see the upload, nor confirm it. */
    r = http_get_as(db, &jimukyoku, page);
    CHECK_INT(r.status, 404);
    reply_free(&r);
    r = http_post_as(db, &jimukyoku, confirm, "");
    CHECK_INT(r.status, 404);
    reply_free(&r);

    /* Confirmed once: the plan is made; again, nothing more. */
    r = http_post_as(db, &admin, confirm, "");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "取り込みました");
    reply_free(&r);
    r = http_post_as(db, &admin, confirm, "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &admin, page);
    CHECK_HAS(r.body, "取り込み済みです");
    reply_free(&r);
    st = db_prepare_literal(db, "SELECT MAX(id), COUNT(*) FROM plan", 2);
    CHECK(db_step(st) == DB_ROW);
    long long new_plan = db_col_int64(st, 0);
    CHECK_INT(db_col_int64(st, 1), plans + 1);
    db_done(st);

    /* The new plan's sheet is the demo's, row for row. */
    char target[64];
    snprintf(target, sizeof(target), "/plans/%lld/sheet?years=2019", new_plan);
    char *a = sheet_table("/plans/1/sheet?years=2019"), *b = sheet_table(target);
    CHECK(a && b);
    if (a && b) {
        CHECK_INT(strlen(a), strlen(b));
        CHECK(strcmp(a, b) == 0);
        if (strcmp(a, b) != 0) {
            FILE *f = fopen("/tmp/sh/a.html", "w");
            fputs(a, f);
            fclose(f);
            f = fopen("/tmp/sh/b.html", "w");
            fputs(b, f);
            fclose(f);
        }
    }
    free(a);
    free(b);
    reply_free(&xlsx);
}

static void test_who_may_import(void)
{
    const char *fields[] = {"target", "new", "title", "x", NULL};
    /* A secretariat runs plans, but does not make new ones. */
    Reply r = http_post_file_as(db, &jimukyoku, "/imports", fields, "file", "a.csv", "a,b\r\n", 5);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "aria-invalid=\"true\"");
    reply_free(&r);
    /* Into its own plan it may. */
    const char *into[] = {"target", "plan", "plan_id", "1", NULL};
    r = http_post_file_as(db, &jimukyoku, "/imports", into, "file", "a.csv", "a,b\r\n", 5);
    CHECK_INT(r.status, 303);
    long long id = import_id(&r);
    reply_free(&r);
    char page[64];
    snprintf(page, sizeof(page), "/imports/%lld", id);
    r = http_get_as(db, &jimukyoku, page);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "見出しの行が見つかりません");
    reply_free(&r);
    /* A section's person may not import at all. */
    r = http_post_file_as(db, &section, "/imports", into, "file", "a.csv", "a,b\r\n", 5);
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* No file: the message is at the field. */
    r = http_post_file_as(db, &admin, "/imports", fields, "file", "", "", 0);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "ファイルを選んでください");
    reply_free(&r);
}

/* Headings no suggestion knows, under two title rows: the person names the
 * header row, then the mapping, and the file imports. */
static void test_header_row_chosen_by_hand(void)
{
    static const char csv[] = "令和元年度 事業一覧\r\n(庁内資料)\r\n"
                              "施策の方向,No,部局,所属,事業,令和元年度の実績\r\n"
                              "方向性1,1,健康福祉局,障害企画課,窓口の周知,リーフレットを配布\r\n";
    const char *fields[] = {"target", "plan", "plan_id", "1", NULL};
    Reply r =
        http_post_file_as(db, &jimukyoku, "/imports", fields, "file", "list.csv", csv, strlen(csv));
    CHECK_INT(r.status, 303);
    long long id = import_id(&r);
    reply_free(&r);
    char page[64], mapping[64];
    snprintf(page, sizeof(page), "/imports/%lld", id);
    snprintf(mapping, sizeof(mapping), "/imports/%lld/mapping", id);
    r = http_get_as(db, &jimukyoku, page);
    CHECK_HAS(r.body, "見出しの行が見つかりません");
    CHECK_HAS(r.body, "name=\"header_row\"");
    CHECK_HASNT(r.body, "import-mapping");
    reply_free(&r);

    r = http_post_as(db, &jimukyoku, mapping, "sheet=0&header_row=3");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, page);
    CHECK_HAS(r.body, "import-mapping");
    CHECK_HAS(r.body, "<td>所属</td>");
    CHECK_HAS(r.body, "シート「list.csv」の3行目");
    reply_free(&r);

    /* A name another person's mapping has is not taken over. */
    r = http_post_as(db, &jimukyoku, mapping,
                     "sheet=0&header_row=3&save_name=%E4%BB%99%E5%8F%B0%E5%BD%A2%E5%BC%8F");
    CHECK_INT(r.status, 409);
    CHECK_HAS(r.body, "ほかの人が保存しています");
    reply_free(&r);

    r = http_post_as(
        db, &jimukyoku, mapping,
        "sheet=0&header_row=3&role_1=direction&role_2=number&role_3=bureau"
        "&role_4=section&role_5=project&role_6=field"
        "&field_6=%E5%8F%96%E7%B5%84%E3%81%BF%E3%81%AE%E5%AE%9F%E6%96%BD%E7%8A%B6%E6%B3%81"
        "&year_6=2019");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, page);
    CHECK_HAS(r.body, "<th scope=\"row\">事業</th><td class=\"num\">1</td>"); /* created */
    CHECK_HAS(r.body, "取り込む</button>");
    reply_free(&r);
}

/* The mapping form of a five-year sheet has hundreds of fields: all taken. */
static void test_wide_mapping_form(void)
{
    Reply x = http_get_as(db, &admin, "/plans/1/sheet.xlsx?years=2019,2020,2021,2022,2023");
    const char *fields[] = {"target", "new", "title", "五年分", NULL};
    Reply r =
        http_post_file_as(db, &admin, "/imports", fields, "file", "wide.xlsx", x.body, x.body_len);
    long long id = import_id(&r);
    reply_free(&r);
    reply_free(&x);
    char page[64], mapping[64];
    snprintf(page, sizeof(page), "/imports/%lld", id);
    snprintf(mapping, sizeof(mapping), "/imports/%lld/mapping", id);
    /* As the browser sends it: every column's role, name and year. */
    r = http_get_as(db, &admin, page);
    int columns = occurrences(r.body, "<select id=\"role-");
    reply_free(&r);
    CHECK(columns >= 29);
    Buf body = BUF_INIT;
    buf_puts(&body, "sheet=0&header_row=7");
    for (int c = 1; c <= columns; c++)
        buf_printf(&body, "&role_%d=%s&field_%d=&year_%d=", c, c <= 9 ? "ignore" : "field", c, c);
    r = http_post_as(db, &admin, mapping, body.data);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    buf_free(&body);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = test_db("import_page.db", true);
    admin = test_login(db, "admin", "demo");
    jimukyoku = test_login(db, "jimukyoku", "demo");
    section = test_login(db, "shogaikikaku", "demo");
    CHECK(admin.ok && jimukyoku.ok && section.ok);
    TEST_RUN(test_upload_preview_confirm);
    TEST_RUN(test_who_may_import);
    TEST_RUN(test_header_row_chosen_by_hand);
    TEST_RUN(test_wide_mapping_form);
    db_close(db);
    test_cleanup();
    return TEST_DONE("import_page");
}
