/* Decimals as people write them, 達成率 in both directions, and the SVG chart
 * of an indicator: accessible, self-contained, every text escaped. */
#include <string.h>
#include "base/arena.h"
#include "base/decimal.h"
#include "export/indicator_svg.h"
#include "model/indicator.h"
#include "testlib.h"

static void test_decimal_parse(void)
{
    char out[DECIMAL_TEXT];
    double v = 0;
    int scale = -1;
    CHECK(decimal_parse("1,234", out, &v, &scale));
    CHECK_STR(out, "1234");
    CHECK(v == 1234 && scale == 0);
    CHECK(decimal_parse(" －１２．５０ ", out, &v, &scale));
    CHECK_STR(out, "-12.5");
    CHECK(v == -12.5 && scale == 1);
    CHECK(decimal_parse("007", out, NULL, NULL));
    CHECK_STR(out, "7");
    CHECK(decimal_parse("0.05", out, NULL, &scale));
    CHECK_STR(out, "0.05");
    CHECK_INT(scale, 2);
    CHECK(decimal_parse("-0.0", out, NULL, NULL));
    CHECK_STR(out, "0");
    CHECK(decimal_parse("123456789012345", out, NULL, NULL));
    const char *bad[] = {
        "", "abc", "1,23", "12,", ",12", "1.", ".5", "1e5", "1 2", "--1", "1234567890123456", NULL};
    for (int i = 0; bad[i]; i++) {
        CHECK(!decimal_parse(bad[i], out, NULL, NULL));
        if (decimal_parse(bad[i], out, NULL, NULL))
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
    }
    CHECK(!decimal_parse(NULL, out, NULL, NULL));
}

static void test_decimal_format(void)
{
    Buf b = BUF_INIT;
    decimal_format(&b, 0.1 + 0.2, 1); /* the scale of its terms: no 0.30000000000000004 */
    CHECK_STR(b.data, "0.3");
    buf_reset(&b);
    decimal_format(&b, 130.50, 2);
    CHECK_STR(b.data, "130.5");
    buf_reset(&b);
    decimal_format(&b, -0.0001, 2);
    CHECK_STR(b.data, "0");
    buf_free(&b);
}

static void test_rate(void)
{
    double r = 0;
    CHECK(indicator_rate(100, 150, 120, &r) && r == 40.0);
    CHECK(indicator_rate(100, 150, 100, &r) && r == 0.0);
    CHECK(indicator_rate(100, 150, 160, &r) && r == 120.0);
    CHECK(indicator_rate(100, 150, 90, &r) && r == -20.0);
    /* Lower is better: 80 -> 40, 70 is a quarter of the way. */
    CHECK(indicator_rate(80, 40, 70, &r) && r == 25.0);
    CHECK(indicator_rate(80, 40, 90, &r) && r == -25.0);
    /* One decimal, half away from zero: 1/3 -> 33.3, 2/3 -> 66.7. */
    CHECK(indicator_rate(0, 3, 1, &r) && r == 33.3);
    CHECK(indicator_rate(0, 3, 2, &r) && r == 66.7);
    CHECK(!indicator_rate(5, 5, 7, &r));
}

static Indicator sample(const char *name, const char *unit, IndicatorYear *years, int n)
{
    return (Indicator){.id = 1,
                       .name = name,
                       .unit = unit,
                       .baseline = "100",
                       .target = "150",
                       .baseline_value = 100,
                       .target_value = 150,
                       .baseline_fy = 2018,
                       .target_fy = 2023,
                       .higher_is_better = true,
                       .initiative = "",
                       .field = "相談件数",
                       .project = "",
                       .years = years,
                       .nyears = n};
}

static void test_svg(void)
{
    Arena a;
    arena_init(&a);
    IndicatorYear years[] = {
        {.fy = 2019,
         .has_actual = true,
         .actual = 120,
         .actual_text = "120",
         .answers = 2,
         .has_rate = true,
         .rate = 40,
         .rate_text = "40.0"},
        {.fy = 2020, .actual_text = "", .rate_text = ""},
    };
    Indicator x = sample("相談件数", "件", years, 2);
    Buf b = BUF_INIT;
    indicator_svg_write(&b, &x, ERA_JAPANESE, LANG_JA, "c1", &a);
    CHECK_HAS(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    CHECK_HAS(b.data, "role=\"img\" aria-labelledby=\"c1-title c1-desc\"");
    CHECK_HAS(b.data, "<title id=\"c1-title\">相談件数</title>");
    CHECK_HAS(b.data,
              "<desc id=\"c1-desc\">基準値 100件（平成30年度）、目標値 150件（令和5年度）、"
              "高いほど良い。令和元年度の実績値 120件、達成率 40.0%。令和2年度の実績値なし。"
              "</desc>");
    CHECK_HAS(b.data, "stroke-dasharray");
    CHECK_HAS(b.data, "<polyline");
    CHECK_HAS(b.data, "<circle");
    CHECK_HAS(b.data, ">平成30年度<");
    CHECK_HAS(b.data, ">令和5年度<");
    CHECK_HAS(b.data, ">（件）<");
    CHECK_HASNT(b.data, "<script");
    CHECK_HASNT(b.data, "href");
    CHECK_HASNT(b.data, "style=");
    CHECK(strncmp(b.data + b.len - 6, "</svg>", 6) == 0);
    /* A hostile name and unit stay text. */
    buf_reset(&b);
    x = sample("<script>alert(\"x\")</script>", "<img src=x>", years, 2);
    indicator_svg_write(&b, &x, ERA_WESTERN, LANG_EN, "c2", &a);
    CHECK_HASNT(b.data, "<script");
    CHECK_HASNT(b.data, "<img");
    CHECK_HAS(b.data, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>");
    CHECK_HAS(b.data, ">2018年度<");
    CHECK_HAS(b.data, "Baseline 100&lt;img src=x&gt; (2018年度)");
    buf_free(&b);
    arena_free(&a);
}

static void test_scale(void)
{
    IndicatorYear years[] = {{.fy = 2019, .has_actual = true, .actual = 0.25}};
    Indicator x = sample("x", "", years, 1);
    x.baseline_value = 0.1;
    x.target_value = 0.5;
    IndicatorChart c;
    indicator_chart_scale(&x, &c);
    CHECK(c.lo <= 0.1 && c.hi >= 0.5 && c.step > 0 && c.step <= 0.1);
    CHECK_INT(c.scale, c.step < 0.1 - 1e-12 ? 2 : 1);
    CHECK_INT(c.first_fy, 2018);
    CHECK_INT(c.last_fy, 2023);
    /* One value only: still a range. */
    x.baseline_value = x.target_value = 5;
    x.nyears = 0;
    indicator_chart_scale(&x, &c);
    CHECK(c.lo < 5 && c.hi > 5);
}

int main(void)
{
    TEST_RUN(test_decimal_parse);
    TEST_RUN(test_decimal_format);
    TEST_RUN(test_rate);
    TEST_RUN(test_svg);
    TEST_RUN(test_scale);
    return TEST_DONE("indicator_svg");
}
