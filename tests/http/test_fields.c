/* Fields and scales set up by the plan's secretariat, as people do it: on the
 * demo plan, a four-grade scale A/B/C/D (points 4..1) through the API, a
 * rating field 達成度 on it and a number field 相談件数 (件) through the
 * pages, with refusals at their forms; a 令和3年度 round asks them; sections
 * (and the secretariat on behalf of others) answer with grades and numbers,
 * a bad grade and a non-number refused at the field; the secretariat
 * confirms; the sheet's summary and the XLSX's 集計 worksheet count each
 * grade per direction with the average of points. */
#include <jansson.h>
#include "base/log.h"
#include "model/answer.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static Db *db;
static const char *source_dir;
static Session admin, jimukyoku, shogai, shimin, iin;
static long long scale_id, rating_id, number_id, choice_scale_id, round_id;

/* POST a JSON body to the API as s. */
/* body (taken) as JSON text. */
static Reply api_post(const Session *s, const char *target, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    Reply r = http_post_json_as(db, s, target, text);
    free(text);
    return r;
}

static long long id_of(const Reply *r)
{
    json_t *j = json_loads(r->body, 0, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

static long long query_id(const char *sql_label)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM field_def WHERE plan_id = 1 AND label = $1", 1);
    db_bind_text(st, 1, sql_label);
    long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

static json_t *abcd(void)
{
    return json_pack("[{s:s, s:s, s:i, s:s}, {s:s, s:s, s:i, s:s}, {s:s, s:s, s:s, s:s},"
                     " {s:s, s:s, s:i, s:s}]",
                     "code", "A", "label", "達成", "points", 4, "description", "目標を上回った",
                     "code", "B", "label", "概ね達成", "points", 3, "description", "目標どおり",
                     "code", "C", "label", "やや遅れ", "points", "2", "description", "", "code",
                     "D", "label", "遅れ", "points", 1, "description", "大きく遅れた");
}

static void test_scale_through_the_api(void)
{
    Reply r = api_post(&jimukyoku, "/api/v1/plans/1/scales",
                       json_pack("{s:s, s:o}", "name", "達成度評価", "grades", abcd()));
    CHECK_INT(r.status, 200);
    scale_id = id_of(&r);
    reply_free(&r);
    CHECK(scale_id > 0);
    /* The same name again, a doubled code, points that are no number. */
    r = api_post(&jimukyoku, "/api/v1/plans/1/scales",
                 json_pack("{s:s, s:o}", "name", "達成度評価", "grades", abcd()));
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"name_taken\"");
    CHECK_HAS(r.body, "同じ名前の尺度");
    reply_free(&r);
    r = api_post(&jimukyoku, "/api/v1/plans/1/scales",
                 json_pack("{s:s, s:[{s:s, s:s}, {s:s, s:s}]}", "name", "二段階", "grades", "code",
                           "A", "label", "達成", "code", "A", "label", "未達成"));
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"code_taken\"");
    reply_free(&r);
    r = api_post(&jimukyoku, "/api/v1/plans/1/scales",
                 json_pack("{s:s, s:[{s:s, s:s, s:s}]}", "name", "点数", "grades", "code", "A",
                           "label", "達成", "points", "たくさん"));
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"bad_points\"");
    reply_free(&r);
    /* A section's editor reads the plan but does not set it up. */
    r = api_post(&shogai, "/api/v1/plans/1/scales",
                 json_pack("{s:s, s:o}", "name", "勝手な尺度", "grades", abcd()));
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* ◎○△× through the form: a choice list has no points; blank rows are
     * left out and 順番 decides the order. */
    r = http_post_as(db, &jimukyoku, "/plans/1/scales",
                     "name=%E5%AE%9F%E6%96%BD%E7%8A%B6%E6%B3%81"
                     "&g_order=2&g_code=2&g_label=%E6%9C%AA%E5%AE%9F%E6%96%BD&g_points=&g_desc="
                     "&g_order=1&g_code=1&g_label=%E5%AE%9F%E6%96%BD&g_points=&g_desc="
                     "&g_order=&g_code=&g_label=&g_points=&g_desc=");
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "Location: /plans/1/fields?saved=1#s-");
    reply_free(&r);
    DbStmt *st = db_prepare(db,
                            "SELECT s.id, g.label FROM rating_scale s"
                            " JOIN rating_grade g ON g.scale_id = s.id WHERE s.name = '実施状況'"
                            " AND g.points IS NULL ORDER BY g.sort_order",
                            2);
    char labels[256] = "";
    choice_scale_id = 0;
    while (db_step(st) == DB_ROW) {
        CHECK(choice_scale_id == 0 || choice_scale_id == db_col_int64(st, 0));
        choice_scale_id = db_col_int64(st, 0);
        size_t n = strlen(labels);
        snprintf(labels + n, sizeof(labels) - n, "%s%s", n ? "," : "", db_col_text(st, 1));
    }
    db_done(st);
    CHECK(choice_scale_id != 0);
    CHECK_STR(labels, "実施,未実施");
}

static void test_fields_through_the_pages(void)
{
    char body[512];
    /* A rating without a scale: the message at the new field's form. */
    Reply r = http_post_as(db, &jimukyoku, "/plans/1/fields",
                           "label=%E9%81%94%E6%88%90%E5%BA%A6&kind=rating&checkpoint=start");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "id=\"new-field-error\" role=\"alert\"");
    CHECK_HAS(r.body, "この計画の尺度を選んでください");
    reply_free(&r);
    snprintf(body, sizeof(body),
             "label=%%E9%%81%%94%%E6%%88%%90%%E5%%BA%%A6&kind=rating&scale_id=%lld"
             "&checkpoint=start&required=1&example=A",
             scale_id);
    r = http_post_as(db, &jimukyoku, "/plans/1/fields", body);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    rating_id = query_id("達成度");
    CHECK(rating_id > 0);
    /* 相談件数 through the API, in 件; a second one of that label is refused. */
    json_t *number = json_pack("{s:s, s:s, s:s, s:s}", "label", "相談件数", "kind", "number",
                               "unit", "件", "checkpoint", "start");
    json_incref(number);
    r = api_post(&jimukyoku, "/api/v1/plans/1/fields", number);
    CHECK_INT(r.status, 200);
    number_id = id_of(&r);
    reply_free(&r);
    CHECK_INT(number_id, query_id("相談件数"));
    r = api_post(&jimukyoku, "/api/v1/plans/1/fields", number);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"label_taken\"");
    reply_free(&r);
    /* A text field with a limit that is not a number. */
    r = http_post_as(db, &jimukyoku, "/plans/1/fields",
                     "label=%E5%82%99%E8%80%83&kind=text&max_chars=abc&checkpoint=end");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "文字数の上限は");
    reply_free(&r);
    /* The page lists the scales and fields; the structure page links to it. */
    r = http_get_as(db, &jimukyoku, "/plans/1/fields");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h1>回答項目の設定：仙台市自殺対策計画</h1>");
    CHECK_HAS(r.body, "達成度評価");
    CHECK_HAS(r.body, "value=\"概ね達成\"");
    CHECK_HAS(r.body, "相談件数");
    CHECK_HAS(r.body, "照会で使われた項目は"); /* the demo's fields were asked */
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/structure");
    CHECK_HAS(r.body, "href=\"/plans/1/fields\"");
    reply_free(&r);
    r = http_get_as(db, &iin, "/plans/1/fields");
    CHECK_INT(r.status, 403);
    reply_free(&r);
    /* The number field moves up one place, before 達成度. */
    snprintf(body, sizeof(body), "/fields/%lld/move", number_id);
    r = http_post_as(db, &jimukyoku, body, "delta=-1");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/api/v1/plans/1/fields");
    CHECK_INT(r.status, 200);
    const char *num = strstr(r.body, "\"label\":\"相談件数\"");
    const char *rat = strstr(r.body, "\"label\":\"達成度\"");
    CHECK(num && rat && num < rat);
    CHECK_HAS(r.body, "\"unit\":\"件\"");
    reply_free(&r);
    r = http_post_as(db, &jimukyoku, body, "delta=1");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    /* A field nobody asked is removed; the demo's asked field is not. */
    r = http_post_as(db, &jimukyoku, "/plans/1/fields",
                     "label=%E4%B8%80%E6%99%82&kind=rating&checkpoint=end&scale_id=999999");
    CHECK_INT(r.status, 400);
    reply_free(&r);
    snprintf(body, sizeof(body),
             "label=%%E4%%B8%%80%%E6%%99%%82&kind=rating&checkpoint=end&scale_id=%lld",
             choice_scale_id);
    r = http_post_as(db, &jimukyoku, "/plans/1/fields", body);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    snprintf(body, sizeof(body), "/fields/%lld/remove", query_id("一時"));
    r = http_post_as(db, &jimukyoku, body, "");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    CHECK_INT(query_id("一時"), 0);
    r = http_post_as(db, &jimukyoku, "/fields/1/remove", "");
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "照会で使われた項目は、削除したり");
    reply_free(&r);
    /* The scale a field uses is not removed. */
    snprintf(body, sizeof(body), "/api/v1/scales/%lld/remove", scale_id);
    r = api_post(&jimukyoku, body, json_object());
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"scale_in_use\"");
    reply_free(&r);
}

/* The answer of the 2021 round for project_id. */
static long long answer_of(int project_id)
{
    DbStmt *st =
        db_prepare(db, "SELECT id FROM response WHERE round_id = $1 AND project_id = $2", 1);
    db_bind_int64(st, 1, round_id);
    db_bind_int64(st, 2, project_id);
    long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

static int form_version(const char *body)
{
    const char *p = strstr(body, "name=\"version\" value=\"");
    return p ? atoi(p + 22) : -1;
}

/* Saves (or submits) project's answer as s: a grade and a number (form
 * encoded); the text fields stay empty. Returns the reply (caller frees). */
static Reply answer(const Session *s, int project, const char *grade, const char *number,
                    bool submit)
{
    char target[64], body[512];
    snprintf(target, sizeof(target), "/answers/%lld", answer_of(project));
    Reply r = http_get_as(db, s, target);
    int version = form_version(r.body);
    reply_free(&r);
    snprintf(body, sizeof(body), "version=%d&action=%s&f%lld=%s&f%lld=%s", version,
             submit ? "submit" : "save", rating_id, grade, number_id, number);
    return http_post_as(db, s, target, body);
}

static void test_round_asks_them(void)
{
    Reply r = http_post_as(db, &jimukyoku, "/plans/1/rounds",
                           "year=2021&checkpoint=start&deadline=2022-06-30");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    DbStmt *st =
        db_prepare(db, "SELECT id FROM round WHERE fiscal_year = 2021 AND checkpoint = 'start'", 1);
    CHECK_INT(db_step(st), DB_ROW);
    round_id = db_col_int64(st, 0);
    db_done(st);
    st = db_prepare(db,
                    "SELECT COUNT(*) FROM round_field WHERE round_id = $1 AND field_id IN"
                    " ($2, $3)",
                    1);
    db_bind_int64(st, 1, round_id);
    db_bind_int64(st, 2, rating_id);
    db_bind_int64(st, 3, number_id);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 2);
    db_done(st);
}

static void test_answer_form_by_kind(void)
{
    char target[64], want[256];
    snprintf(target, sizeof(target), "/answers/%lld", answer_of(1));
    Reply r = http_get_as(db, &shogai, target);
    CHECK_INT(r.status, 200);
    snprintf(want, sizeof(want), "<select id=\"f-f%lld\" name=\"f%lld\"", rating_id, rating_id);
    CHECK_HAS(r.body, want);
    CHECK_HAS(r.body, "<option value=\"B\">B 概ね達成</option>");
    CHECK_HAS(r.body, "<dt>D 遅れ</dt><dd>大きく遅れた</dd>");
    snprintf(want, sizeof(want), "id=\"f-f%lld\" name=\"f%lld\" value=\"\"", number_id, number_id);
    CHECK_HAS(r.body, want);
    CHECK_HAS(r.body, "<span class=\"unit\">件</span>");
    CHECK_HAS(r.body, "<textarea id=\"f-f1\""); /* text fields as before */
    reply_free(&r);
}

static void test_bad_values_refused_at_the_field(void)
{
    char want[128];
    Reply r = answer(&shogai, 1, "Z", "%E3%81%9F%E3%81%8F%E3%81%95%E3%82%93", false); /* たくさん */
    CHECK_INT(r.status, 400);
    snprintf(want, sizeof(want), "<p class=\"error-text\" id=\"f-f%lld-error\">", rating_id);
    CHECK_HAS(r.body, want);
    CHECK_HAS(r.body, "選択肢の中から選んでください。");
    snprintf(want, sizeof(want), "<p class=\"error-text\" id=\"f-f%lld-error\">", number_id);
    CHECK_HAS(r.body, want);
    CHECK_HAS(r.body, "数値で入力してください");
    CHECK_HAS(r.body, "value=\"たくさん\""); /* kept in its box */
    reply_free(&r);
    /* 達成度 is required to submit. */
    r = answer(&shogai, 1, "", "3", true);
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "必須");
    reply_free(&r);
}

static void test_sections_answer(void)
{
    Reply r = answer(&shogai, 1, "A", "1%2C234", true); /* 1,234 */
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = answer(&shimin, 6, "%E3%82%84%E3%82%84%E9%81%85%E3%82%8C", "%EF%BC%91%EF%BC%92",
               true); /* by its label, and １２ */
    CHECK_INT(r.status, 303);
    reply_free(&r);
    /* The secretariat answers for three sections (recorded as on their behalf). */
    r = answer(&jimukyoku, 2, "B", "5", true);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = answer(&jimukyoku, 3, "A", "0", true);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = answer(&jimukyoku, 4, "D", "-2.5", true);
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = answer(&jimukyoku, 5, "B", "", false); /* a draft: never counted */
    CHECK_INT(r.status, 303);
    reply_free(&r);
    /* Stored: the grade's label with its grade, the number as written and plain. */
    DbStmt *st = db_prepare(db,
                            "SELECT v.text_value, g.code FROM response_value v JOIN rating_grade g"
                            " ON g.id = v.grade_id WHERE v.response_id = $1 AND v.field_id = $2",
                            2);
    db_bind_int64(st, 1, answer_of(6));
    db_bind_int64(st, 2, rating_id);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_STR(db_col_text(st, 0), "やや遅れ");
    CHECK_STR(db_col_text(st, 1), "C");
    db_done(st);
    static const struct {
        int project;
        const char *text, *number;
    } numbers[] = {{1, "1,234", "1234"}, {6, "１２", "12"}, {4, "-2.5", "-2.5"}};
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        st = db_prepare(db,
                        "SELECT text_value, number_value FROM response_value WHERE response_id"
                        " = $1 AND field_id = $2",
                        2);
        db_bind_int64(st, 1, answer_of(numbers[i].project));
        db_bind_int64(st, 2, number_id);
        CHECK_INT(db_step(st), DB_ROW);
        CHECK_STR(db_col_text(st, 0), numbers[i].text);
        CHECK_STR(db_col_text(st, 1), numbers[i].number);
        db_done(st);
    }
}

static void test_secretariat_confirms(void)
{
    char target[64], body[256];
    snprintf(target, sizeof(target), "/rounds/%lld/confirm", round_id);
    snprintf(body, sizeof(body), "answer=%lld&answer=%lld&answer=%lld&answer=%lld&answer=%lld",
             answer_of(1), answer_of(6), answer_of(2), answer_of(3), answer_of(4));
    Reply r = http_post_as(db, &jimukyoku, target, body);
    CHECK_INT(r.status, 303);
    CHECK_HAS(r.headers, "confirmed=5");
    reply_free(&r);
}

/* The title of the demo's direction n (方向性n). */
static const char *direction_title(int n)
{
    static char title[256];
    char label[32];
    snprintf(label, sizeof(label), "方向性%d", n);
    DbStmt *st = db_prepare(db, "SELECT title FROM direction WHERE plan_id = 1 AND label = $1", 1);
    db_bind_text(st, 1, label);
    snprintf(title, sizeof(title), "%s", db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
    db_done(st);
    return title;
}

/* What the summary must say, per row: counts of A, B, C, D, answers, average. */
static const struct {
    int direction; /* 0: the whole plan */
    int a, b, c, d, n;
    const char *average;
    double value; /* the average as a number (0: none) */
} expected[] = {
    {1, 2, 1, 0, 0, 3, "3.67", 11.0 / 3}, /* projects 1, 3: A; 2: B */
    {2, 0, 0, 0, 1, 1, "1.00", 1},        /* project 4: D; 5 only a draft */
    {3, 0, 0, 1, 0, 1, "2.00", 2},        /* project 6: C */
    {4, 0, 0, 0, 0, 0, "－", 0},          /* project 7: not answered */
    {0, 2, 1, 1, 1, 5, "2.80", 2.8},
};

static void test_sheet_summary(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2021");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<h2 id=\"summary-title\">集計</h2>");
    CHECK_HAS(r.body, "<caption>令和3年度 達成度</caption>");
    CHECK_HAS(r.body, "<th scope=\"col\">方向性</th><th scope=\"col\">A 達成</th><th scope=\"col\">"
                      "B 概ね達成</th><th scope=\"col\">C やや遅れ</th><th scope=\"col\">D 遅れ"
                      "</th><th scope=\"col\">回答数</th><th scope=\"col\">平均点</th>");
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        char row[1024], head[300];
        if (expected[i].direction)
            snprintf(head, sizeof(head), "<tr><th scope=\"row\">方向性%d %s</th>",
                     expected[i].direction, direction_title(expected[i].direction));
        else
            snprintf(head, sizeof(head), "<tr class=\"total\"><th scope=\"row\">計画全体</th>");
        snprintf(row, sizeof(row),
                 "%s<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                 "<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%s</td></tr>",
                 head, expected[i].a, expected[i].b, expected[i].c, expected[i].d, expected[i].n,
                 expected[i].average);
        CHECK_HAS(r.body, row);
    }
    /* The numbers are on the sheet as written. */
    CHECK_HAS(r.body, "1,234");
    reply_free(&r);
    /* 2020 (the demo's texts only): no summary. */
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2020");
    CHECK_HASNT(r.body, "summary-title");
    reply_free(&r);
}

/* The summary as a CSV of its own, offered on the sheet page once the plan
 * asks a rating. */
static void test_summary_csv(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/sheet?years=2021");
    CHECK_HAS(r.body, "href=\"/plans/1/sheet.csv?years=2021&amp;what=summary\"");
    CHECK_HAS(r.body, "集計（CSV）");
    reply_free(&r);
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet.csv?years=2021&what=summary");
    CHECK_INT(r.status, 200);
    CHECK(
        strncmp(r.body, "\xEF\xBB\xBF年度,評価項目,方向性,A 達成,B 概ね達成,C やや遅れ,D 遅れ,",
                strlen("\xEF\xBB\xBF年度,評価項目,方向性,A 達成,B 概ね達成,C やや遅れ,D 遅れ,")) ==
        0);
    CHECK_HAS(r.body, "\r\n令和3年度,達成度,計画全体,2,1,1,1,");
    CHECK_HAS(r.body, ",5,2.80\r\n");
    CHECK_HAS(r.headers, "filename=\"shinchoku-plan-1-summary.csv\"");
    CHECK_HAS(r.headers, "_%E9%9B%86%E8%A8%88.csv"); /* _集計.csv */
    reply_free(&r);
}

static void test_xlsx_summary_sheet(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/sheet.xlsx?years=2021");
    CHECK_INT(r.status, 200);
    char xlsx[512], out[512], script[1024];
    snprintf(xlsx, sizeof(xlsx), "%s", test_path("fields.xlsx"));
    FILE *f = fopen(xlsx, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(r.body, 1, r.body_len, f);
        fclose(f);
    }
    reply_free(&r);
    snprintf(out, sizeof(out), "%s", test_path("fields-xlsx.json"));
    snprintf(script, sizeof(script), "%s/tests/http/fields_xlsx.mjs", source_dir);
    char *node[] = {"node", script, xlsx, NULL};
    CHECK_INT(test_spawn(node, NULL, out, NULL), 0);
    json_t *j = json_load_file(out, 0, NULL);
    CHECK(j != NULL);
    json_t *sheets = json_object_get(j, "sheets"), *rows = json_object_get(j, "summary");
    CHECK_INT((long long)json_array_size(sheets), 2);
    CHECK_STR(json_string_value(json_array_get(sheets, 1)), "集計");
    CHECK_STR(json_string_value(json_array_get(json_array_get(rows, 0), 0)), "令和3年度 達成度");
    json_t *head = json_array_get(rows, 1);
    CHECK_STR(json_string_value(json_array_get(head, 1)), "A 達成");
    CHECK_STR(json_string_value(json_array_get(head, 6)), "平均点");
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        json_t *row = json_array_get(rows, i + 2);
        const char *name = json_string_value(json_array_get(row, 0));
        CHECK(name && strncmp(name, expected[i].direction ? "方向性" : "計画全体",
                              strlen(expected[i].direction ? "方向性" : "計画全体")) == 0);
        int counts[] = {expected[i].a, expected[i].b, expected[i].c, expected[i].d, expected[i].n};
        for (int c = 0; c < 5; c++)
            CHECK_INT((long long)json_number_value(json_array_get(row, c + 1)), counts[c]);
        json_t *avg = json_array_get(row, 6);
        if (expected[i].value > 0)
            CHECK(json_is_number(avg) && json_number_value(avg) > expected[i].value - 1e-9 &&
                  json_number_value(avg) < expected[i].value + 1e-9);
        else
            CHECK_STR(json_string_value(avg), "－");
    }
    json_decref(j);
    /* The CSV stays as it was: the rows of the sheet only. */
    r = http_get_as(db, &jimukyoku, "/plans/1/sheet.csv?years=2021");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, "計画全体");
    reply_free(&r);
}

static void test_retired_field_not_asked_again(void)
{
    char target[64];
    snprintf(target, sizeof(target), "/fields/%lld/retire", number_id);
    Reply r = http_post_as(db, &jimukyoku, target, "retired=1");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    r = http_post_as(db, &jimukyoku, "/plans/1/rounds",
                     "year=2022&checkpoint=start&deadline=2023-06-30");
    CHECK_INT(r.status, 303);
    reply_free(&r);
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM round_field rf JOIN round r ON r.id ="
                            " rf.round_id WHERE r.fiscal_year = 2022 AND rf.field_id = $1",
                            1);
    db_bind_int64(st, 1, number_id);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 0);
    db_done(st);
    /* Asked in 2021, it keeps its answers and cannot be removed. */
    snprintf(target, sizeof(target), "/api/v1/fields/%lld/remove", number_id);
    r = api_post(&jimukyoku, target, json_object());
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"has_answers\"");
    reply_free(&r);
    /* A grade that answers chose is not dropped from its scale. */
    snprintf(target, sizeof(target), "/api/v1/scales/%lld", scale_id);
    r = api_post(&jimukyoku, target,
                 json_pack("{s:s, s:[{s:s, s:s, s:i}]}", "name", "達成度評価", "grades", "code",
                           "A", "label", "達成", "points", 4));
    CHECK_INT(r.status, 400);
    CHECK_HAS(r.body, "\"code\":\"grade_in_use\"");
    reply_free(&r);
    /* Every change was audited. */
    st = db_prepare(db,
                    "SELECT COUNT(*) FROM audit_log WHERE action IN ('scale.add', 'field.add',"
                    " 'field.move', 'field.remove', 'field.retire')",
                    1);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK(db_col_int64(st, 0) >= 8);
    db_done(st);
    (void)admin;
}

/* The PDF has the summary's page after the sheet, with the same numbers. */
static void test_pdf_summary_page(void)
{
    Reply r = http_get_as(db, &jimukyoku, "/plans/1/sheet.pdf?years=2021");
    CHECK_INT(r.status, 200);
    char pdf[512], txt[512];
    snprintf(pdf, sizeof(pdf), "%s", test_path("fields.pdf"));
    snprintf(txt, sizeof(txt), "%s", test_path("fields-pdf.txt"));
    FILE *f = fopen(pdf, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(r.body, 1, r.body_len, f);
        fclose(f);
    }
    reply_free(&r);
    char *argv[] = {"pdftotext", "-enc", "UTF-8", "-layout", pdf, txt, NULL};
    CHECK_INT(test_spawn(argv, NULL, NULL, NULL), 0);
    char *text = test_slurp(txt, NULL);
    CHECK_HAS(text, "令和3年度 達成度");
    CHECK_HAS(text, "平均点");
    CHECK_HAS(text, "3.67");
    CHECK_HAS(text, "2.80");
    free(text);
}

int main(int argc, char **argv)
{
    source_dir = argc > 2 ? argv[2] : ".";
    log_set_quiet(1);
    db = test_db("fields.db", true);
    admin = test_login(db, "admin", "demo");
    jimukyoku = test_login(db, "jimukyoku", "demo");
    shogai = test_login(db, "shogaikikaku", "demo");
    shimin = test_login(db, "shiminseikatsu", "demo");
    iin = test_login(db, "iin", "demo");
    CHECK(admin.ok && jimukyoku.ok && shogai.ok && shimin.ok && iin.ok);
    TEST_RUN(test_scale_through_the_api);
    TEST_RUN(test_fields_through_the_pages);
    TEST_RUN(test_round_asks_them);
    TEST_RUN(test_answer_form_by_kind);
    TEST_RUN(test_bad_values_refused_at_the_field);
    TEST_RUN(test_sections_answer);
    TEST_RUN(test_secretariat_confirms);
    TEST_RUN(test_sheet_summary);
    TEST_RUN(test_summary_csv);
    TEST_RUN(test_xlsx_summary_sheet);
    TEST_RUN(test_pdf_summary_page);
    TEST_RUN(test_retired_field_not_asked_again);
    db_close(db);
    test_cleanup();
    return TEST_DONE("fields");
}
