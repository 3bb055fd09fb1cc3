/* The demo sheet as the council receives it: every string of the seed, in the
 * seed's column order, with the right row spans; the filters, the years and
 * the era; bad ids and parameters; the same data as JSON. */
#include <jansson.h>
#include "base/html.h"
#include "base/log.h"
#include "testdb.h"
#include "testhttp.h"
#include "testlib.h"

static Db *db;
static json_t *seed;

static const char *esc(const char *s)
{
    static char out[4096];
    Buf b = BUF_INIT;
    html_escape(&b, s);
    snprintf(out, sizeof(out), "%s", b.data);
    buf_free(&b);
    return out;
}

/* The <tbody> of the initiative whose title is given, as a new string. */
static char *initiative_block(const char *html, const char *title)
{
    const char *t = strstr(html, esc(title));
    if (!t)
        return strdup("");
    const char *start = t;
    while (start > html && strncmp(start, "<tbody", 6) != 0)
        start--;
    const char *end = strstr(t, "</tbody>");
    return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* Checks that the needles occur in hay in this order, each after the last. */
static void check_in_order(const char *hay, const char **needles, int n, const char *what)
{
    const char *p = hay;
    for (int i = 0; i < n; i++) {
        const char *hit = strstr(p, esc(needles[i]));
        if (!hit)
            fprintf(stderr, "  %s: \"%s\" missing or out of order\n", what, needles[i]);
        CHECK(hit != NULL);
        if (hit)
            p = hit + strlen(esc(needles[i]));
    }
}

static void test_document_header(void)
{
    Reply r = http_get(db, "/plans/1/sheet");
    CHECK_INT(r.status, 200);
    json_t *doc = json_object_get(seed, "document");
    CHECK_HAS(r.body, json_string_value(json_object_get(doc, "title")));
    CHECK_HAS(r.body, json_string_value(json_object_get(doc, "meeting")));
    CHECK_HAS(r.body, json_string_value(json_object_get(doc, "material_no")));
    /* 令和元年９月１１日: era, 元, full-width digits, as printed. */
    CHECK_HAS(r.body, json_string_value(json_object_get(doc, "date")));
    CHECK_HAS(r.body, "<time datetime=\"2019-09-11\">");
    CHECK_HAS(r.body, "<html lang=\"ja\">");
    reply_free(&r);
}

static void test_group_headings_and_columns_in_seed_order(void)
{
    Reply r = http_get(db, "/plans/1/sheet");
    json_t *plan = json_object_get(seed, "plan");
    const char *order[] = {
        json_string_value(json_object_get(plan, "chapter_label")),
        json_string_value(json_object_get(plan, "baseline_label")),
        "計画期間の取組み状況の確認①",
        "令和2年度時点で把握",
        "計画期間の取組み状況の確認②",
        "令和3年度時点で把握",
        json_string_value(json_object_get(plan, "related_label")),
        "令和元年度",
        "令和2年度",
        "方向性",
        "番号",
        "取組み",
        "内容",
        "局区等",
        "局区",
        "課",
        "事業名・取組名",
        "事業概要",
        "取組みの実施状況",
        "[年度当初確認]",
        "実施状況に対する評価",
        "[年度当初確認]",
        "課題",
        "[年度当初確認]",
        "今後の取組みの方向性",
        "[年度末確認]",
        "取組みの実施状況",
        "[年度当初確認]",
        "実施状況に対する評価",
        "[年度当初確認]",
        "課題",
        "[年度当初確認]",
        "今後の取組みの方向性",
        "[年度末確認]",
    };
    const char *thead = strstr(r.body, "<thead>");
    CHECK(thead != NULL);
    check_in_order(thead ? thead : "", order, (int)(sizeof(order) / sizeof(order[0])), "header");
    CHECK_HASNT(r.body, "令和1年度");
    /* The seed's checks, verbatim. */
    json_t *check;
    size_t i;
    json_array_foreach(json_object_get(seed, "checks"), i, check)
    {
        CHECK_HAS(r.body, json_string_value(json_object_get(check, "label")));
        CHECK_HAS(r.body, json_string_value(json_object_get(check, "grasped")));
        CHECK_HAS(r.body, json_string_value(json_object_get(check, "fiscal_year")));
    }
    reply_free(&r);
}

/* Every seed string, row by row, in the seed's column order, with row spans. */
static void test_every_seed_string_in_column_order(void)
{
    Reply r = http_get(db, "/plans/1/sheet");
    json_t *in;
    size_t i;
    int initiatives = 0, projects = 0, answers = 0;
    json_array_foreach(json_object_get(seed, "initiatives"), i, in)
    {
        initiatives++;
        const char *title = json_string_value(json_object_get(in, "title"));
        char *block = initiative_block(r.body, title);
        json_t *plist = json_object_get(in, "projects");
        int nprojects = (int)json_array_size(plist);
        char number[16], span[32];
        snprintf(number, sizeof(number), "%lld",
                 (long long)json_integer_value(json_object_get(in, "number")));
        snprintf(span, sizeof(span), "rowspan=\"%d\"", nprojects);
        /* The five initiative cells each span the initiative's projects. */
        CHECK_INT(occurrences(block, span), 5);
        CHECK_INT(occurrences(block, "<tr>"), nprojects);
        const char *first[16];
        int n = 0;
        first[n++] = json_string_value(json_object_get(in, "direction"));
        first[n++] = number;
        first[n++] = title;
        first[n++] = json_string_value(json_object_get(in, "content"));
        json_t *b;
        size_t j;
        json_array_foreach(json_object_get(in, "bureaus"), j, b) first[n++] = json_string_value(b);
        check_in_order(block, first, n, title);
        CHECK_HASNT(block, "&lt;br&gt;"); /* markup between the bureaus, not text */

        json_t *p;
        const char *after = block;
        json_array_foreach(plist, j, p)
        {
            projects++;
            const char *cells[12];
            int m = 0;
            cells[m++] = json_string_value(json_object_get(p, "bureau"));
            cells[m++] = json_string_value(json_object_get(p, "section"));
            cells[m++] = json_string_value(json_object_get(p, "name"));
            cells[m++] = json_string_value(json_object_get(p, "summary"));
            json_t *a = json_object_get(json_object_get(p, "answers"), "2019");
            const char *keys[] = {"implementation", "evaluation", "issues", "direction"};
            for (int k = 0; a && k < 4; k++, answers++)
                cells[m++] = json_string_value(json_object_get(a, keys[k]));
            /* Projects follow one another in the seed's order. */
            const char *row = strstr(after, esc(cells[2]));
            CHECK(row != NULL);
            if (!row)
                continue;
            while (row > block && strncmp(row, "<tr>", 4) != 0)
                row--;
            char *row_end = strstr(row + 4, "</tr>");
            char *one = strndup(row, row_end ? (size_t)(row_end - row) : strlen(row));
            check_in_order(one, cells, m, cells[2]);
            /* A project without answers has empty year cells. */
            if (!a)
                CHECK_HASNT(one, "（例）");
            after = row + 4;
            free(one);
        }
        free(block);
    }
    CHECK_INT(initiatives, 4);
    CHECK_INT(projects, 7);
    CHECK_INT(answers, 16);
    reply_free(&r);
}

static void test_year_choice_and_era(void)
{
    Reply r = http_get(db, "/plans/1/sheet?years=2020");
    CHECK_INT(r.status, 200);
    CHECK_HASNT(r.body, "（例）"); /* 2019's answers are not shown */
    CHECK_HAS(r.body, "計画期間の取組み状況の確認②");
    CHECK_HASNT(r.body, "計画期間の取組み状況の確認①");
    reply_free(&r);
    /* The form's repeated year= and era names are read too. */
    r = http_get(db, "/plans/1/sheet?year=2019&year=%E4%BB%A4%E5%92%8C3%E5%B9%B4%E5%BA%A6");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "計画期間の取組み状況の確認①");
    CHECK_HAS(r.body, "計画期間の取組み状況の確認③");
    CHECK_HASNT(r.body, "計画期間の取組み状況の確認②");
    CHECK_INT(occurrences(r.body, "（例）"), 16);
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet?era=western");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "2019年度");
    CHECK_HAS(r.body, "2021年度時点で把握");
    CHECK_HAS(r.body, "2019年9月11日");
    CHECK_HASNT(r.body, "令和元年度");
    reply_free(&r);
}

static void test_filters(void)
{
    /* direction: 方向性2 has only initiative 67 and its two projects. */
    Reply r = http_get(db, "/plans/1/sheet?direction=2");
    CHECK_INT(r.status, 200);
    CHECK_INT(occurrences(r.body, "<tbody class=\"initiative\""), 1);
    CHECK_HAS(r.body, "関係機関職員向けゲートキーパー養成研修の実施");
    CHECK_HASNT(r.body, "労働相談の実施");
    reply_free(&r);
    /* bureau: 健康福祉局 (unit 1) runs 2 projects of initiative 1 and 2 of 67. */
    r = http_get(db, "/plans/1/sheet?bureau=1");
    CHECK_INT(occurrences(r.body, "<tbody class=\"initiative\""), 2);
    CHECK_INT(occurrences(r.body, "rowspan=\"2\" class=\"c-"), 10);
    CHECK_HASNT(r.body, "児童に対する虐待相談窓口の周知");
    reply_free(&r);
    /* section: 市民生活課 (unit 8) alone. */
    r = http_get(db, "/plans/1/sheet?section=8");
    CHECK_INT(occurrences(r.body, "<tbody class=\"initiative\""), 1);
    CHECK_HAS(r.body, "市民生活課");
    CHECK_HAS(r.body, "<option value=\"8\" selected>");
    reply_free(&r);
    /* Nothing matches: a clear empty state, no table. */
    r = http_get(db, "/plans/1/sheet?direction=4&bureau=1");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "条件に合う取組みはありません");
    CHECK_HASNT(r.body, "<table class=\"sheet\"");
    reply_free(&r);
}

static void test_example_row(void)
{
    Reply r = http_get(db, "/plans/1/sheet");
    CHECK_HASNT(r.body, "initiative example");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet?examples=1");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "name=\"examples\" value=\"1\" checked");
    const char *ex = strstr(r.body, "<tbody class=\"initiative example\"");
    const char *first = strstr(r.body, "<tbody class=\"initiative\"");
    CHECK(ex != NULL && first != NULL && ex < first); /* the 記入例 row comes first */
    char *block = ex ? strndup(ex, (size_t)(first - ex)) : strdup("");
    CHECK_HAS(block, ">記入例</th>");
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(seed, "fields"), i, f)
    {
        /* In each of the two years shown. */
        CHECK_INT(occurrences(block, esc(json_string_value(json_object_get(f, "example")))), 2);
    }
    free(block);
    CHECK_INT(occurrences(r.body, "（例）"), 16 + 8);
    reply_free(&r);
    r = http_get(db, "/api/v1/plans/1/sheet?examples=1");
    json_t *j = json_loads(r.body, 0, NULL);
    CHECK_INT(json_array_size(json_object_get(j, "initiatives")), 4);
    json_t *f0 = json_array_get(json_object_get(j, "fields"), 0);
    CHECK_HAS(json_string_value(json_object_get(f0, "example")), "（例）相談窓口に関する");
    json_decref(j);
    reply_free(&r);
}

static void test_bad_ids_are_404(void)
{
    const char *targets[] = {"/plans/999/sheet",
                             "/plans/0/sheet",
                             "/plans/abc/sheet",
                             "/plans/-1/sheet",
                             "/plans/99999999999999999999/sheet",
                             "/api/v1/plans/999/sheet"};
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        Reply r = http_get(db, targets[i]);
        if (r.status != 404)
            fprintf(stderr, "  %s gave %d\n", targets[i], r.status);
        CHECK_INT(r.status, 404);
        reply_free(&r);
    }
}

static void test_bad_parameters_are_400(void)
{
    struct {
        const char *target, *says;
    } cases[] = {
        {"/plans/1/sheet?years=1999", "年度の指定が正しくありません"},
        {"/plans/1/sheet?years=2024", "年度の指定が正しくありません"},
        {"/plans/1/sheet?years=abc", "年度の指定が正しくありません"},
        {"/plans/1/sheet?years=2019,,x", "年度の指定が正しくありません"},
        {"/plans/1/sheet?direction=99", "指定された方向性はこの計画にありません"},
        {"/plans/1/sheet?direction=x", "指定された方向性はこの計画にありません"},
        {"/plans/1/sheet?bureau=3", "指定された局区はこの計画の事業にありません"},
        {"/plans/1/sheet?section=1", "指定された課はこの計画の事業にありません"},
        {"/plans/1/sheet?section=-8", "指定された課はこの計画の事業にありません"},
        {"/plans/1/sheet?era=gregorian", "年の表記は"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Reply r = http_get(db, cases[i].target);
        if (r.status != 400)
            fprintf(stderr, "  %s gave %d\n", cases[i].target, r.status);
        CHECK_INT(r.status, 400);
        CHECK_HAS(r.body, cases[i].says);
        CHECK_HAS(r.body, "role=\"alert\"");
        reply_free(&r);
    }
    Reply r = http_get(db, "/api/v1/plans/1/sheet?years=1999");
    CHECK_INT(r.status, 400);
    json_t *j = json_loads(r.body, 0, NULL);
    json_t *e = json_object_get(j, "error");
    CHECK_STR(json_string_value(json_object_get(e, "code")), "invalid");
    CHECK_STR(json_string_value(json_object_get(e, "param")), "years");
    CHECK_HAS(json_string_value(json_object_get(e, "message")), "年度");
    CHECK_HAS(json_string_value(json_object_get(e, "message_en")), "fiscal years");
    json_decref(j);
    reply_free(&r);
}

static void test_json_api(void)
{
    Reply r = http_get(db, "/api/v1/plans");
    CHECK_INT(r.status, 200);
    json_t *j = json_loads(r.body, 0, NULL);
    json_t *p0 = json_array_get(json_object_get(j, "plans"), 0);
    CHECK_STR(json_string_value(json_object_get(p0, "title")), "仙台市自殺対策計画");
    CHECK_INT(json_integer_value(json_object_get(p0, "initiatives")), 4);
    CHECK_INT(json_integer_value(json_object_get(p0, "projects")), 7);
    json_decref(j);
    reply_free(&r);

    r = http_get(db, "/api/v1/plans/1/sheet");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.headers, "Content-Type: application/json");
    j = json_loads(r.body, 0, NULL);
    CHECK(j != NULL);
    CHECK_STR(json_string_value(json_object_get(json_object_get(j, "document"), "date")),
              "2019-09-11");
    json_t *years = json_object_get(j, "years");
    CHECK_INT(json_array_size(years), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(years, 0), "label")), "令和元年度");
    json_t *inits = json_object_get(j, "initiatives");
    CHECK_INT(json_array_size(inits), 4);
    /* Every answer of the seed comes back verbatim, 2020 is empty. */
    json_t *in, *sin;
    size_t i;
    int matched = 0;
    json_array_foreach(json_object_get(seed, "initiatives"), i, sin)
    {
        in = json_array_get(inits, i);
        CHECK_STR(json_string_value(json_object_get(in, "title")),
                  json_string_value(json_object_get(sin, "title")));
        json_t *sp;
        size_t k;
        json_array_foreach(json_object_get(sin, "projects"), k, sp)
        {
            json_t *p = json_array_get(json_object_get(in, "projects"), k);
            CHECK_STR(json_string_value(json_object_get(p, "name")),
                      json_string_value(json_object_get(sp, "name")));
            json_t *want = json_object_get(json_object_get(sp, "answers"), "2019");
            json_t *got = json_object_get(json_object_get(p, "answers"), "2019");
            const char *key;
            json_t *v;
            json_object_foreach(want, key, v)
            {
                CHECK_STR(json_string_value(json_object_get(got, key)), json_string_value(v));
                matched++;
            }
            CHECK(json_is_null(json_object_get(
                json_object_get(json_object_get(p, "answers"), "2020"), "implementation")));
        }
    }
    CHECK_INT(matched, 16);
    json_decref(j);
    reply_free(&r);
}

static void test_user_text_is_escaped(void)
{
    DbStmt *st = db_prepare(db, "UPDATE plan SET title = $1 WHERE id = 1", 0);
    db_bind_text(st, 1, "<script>alert(\"x\")</script>&'");
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    Reply r = http_get(db, "/plans/1/sheet");
    CHECK_HASNT(r.body, "<script>alert");
    CHECK_HAS(r.body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    reply_free(&r);
    r = http_get(db, "/");
    CHECK_HASNT(r.body, "<script>alert");
    reply_free(&r);
    r = http_get(db, "/api/v1/plans/1/sheet");
    CHECK_HAS(r.body, "\"title\":\"<script>alert(\\\"x\\\")</script>&'\"");
    reply_free(&r);
}

/* A section renamed and moved from FY2020 keeps its projects; each year's
 * sheet names it as it was called then. */
static void test_reorganised_section(void)
{
    DbStmt *st = db_prepare(db, "UPDATE org_unit_period SET to_fy = 2019 WHERE unit_id = 4", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    st = db_prepare(db,
                    "INSERT INTO org_unit_period (unit_id, from_fy, to_fy, name, parent_id,"
                    " sort_order) VALUES (4, 2020, 9999, $1, 2, 5)",
                    0);
    db_bind_text(st, 1, "高齢福祉推進課");
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    Reply r = http_get(db, "/plans/1/sheet?years=2019");
    CHECK_HAS(r.body, "高齢企画課");
    CHECK_HASNT(r.body, "高齢福祉推進課");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet?years=2019,2020");
    CHECK_HAS(r.body, "高齢福祉推進課");
    CHECK_HASNT(r.body, "高齢企画課");
    CHECK_HAS(r.body, "高齢者に対する虐待相談窓口の周知");
    reply_free(&r);
    /* Moved under 子供未来局 (unit 2) from 2020: its filter finds it then. */
    r = http_get(db, "/plans/1/sheet?years=2020&bureau=2");
    CHECK_HAS(r.body, "高齢者に対する虐待相談窓口の周知");
    reply_free(&r);
    r = http_get(db, "/plans/1/sheet?years=2019&bureau=2");
    CHECK_HASNT(r.body, "高齢者に対する虐待相談窓口の周知");
    reply_free(&r);
}

static void test_english_interface(void)
{
    Reply r = http_get(db, "/plans/1/sheet?lang=en");
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "<html lang=\"en\">");
    CHECK_HAS(r.body, "Project");
    CHECK_HAS(r.body, "as of 令和2年度");
    CHECK_HAS(r.body, "name=\"lang\" value=\"en\"");
    reply_free(&r);
}

int main(int argc, char **argv)
{
    log_set_quiet(1);
    char path[1024];
    snprintf(path, sizeof(path), "%s/data/demo/sendai.json", argc > 2 ? argv[2] : ".");
    seed = json_load_file(path, 0, NULL);
    if (!seed) {
        fprintf(stderr, "cannot read %s\n", path);
        return 2;
    }
    db = test_db("sheet.db", true);
    TEST_RUN(test_document_header);
    TEST_RUN(test_group_headings_and_columns_in_seed_order);
    TEST_RUN(test_every_seed_string_in_column_order);
    TEST_RUN(test_year_choice_and_era);
    TEST_RUN(test_filters);
    TEST_RUN(test_example_row);
    TEST_RUN(test_bad_ids_are_404);
    TEST_RUN(test_bad_parameters_are_400);
    TEST_RUN(test_json_api);
    TEST_RUN(test_english_interface);
    TEST_RUN(test_reorganised_section);  /* changes the organisation */
    TEST_RUN(test_user_text_is_escaped); /* last: it changes the plan's title */
    db_close(db);
    json_decref(seed);
    test_cleanup();
    return TEST_DONE("sheet");
}
