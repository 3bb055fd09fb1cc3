#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "base/buf.h"
#include "base/era.h"
#include "testlib.h"

/* The formatters' output as a string (valid until the next call). */
static const char *fmt_fy(int fy, EraStyle style, unsigned flags)
{
    static char out[128];
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, style, flags);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}

static const char *fmt_date(int y, int m, int d, EraStyle style, unsigned flags)
{
    static char out[128];
    Buf b = BUF_INIT;
    era_format_date(&b, y, m, d, style, flags);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}

/* The parsers' result as one number: the fiscal year, or -1 on failure. */
static int parse_fy(const char *text)
{
    int fy = -7;
    int rc = era_parse_fiscal_year(text, &fy);
    if (rc != 0 && fy != -7)
        return -99; /* failure must leave *fy alone */
    return rc == 0 ? fy : rc;
}

/* yyyymmdd, or -1 on failure. */
static long parse_date(const char *text)
{
    int y = -7, m = -7, d = -7;
    int rc = era_parse_date(text, &y, &m, &d);
    if (rc != 0 && (y != -7 || m != -7 || d != -7))
        return -99; /* failure must leave the outputs alone */
    return rc == 0 ? (long)y * 10000 + m * 100 + d : rc;
}

static void test_format_fiscal_year(void)
{
    CHECK_STR(fmt_fy(2018, ERA_JAPANESE, 0), "平成30年度");
    CHECK_STR(fmt_fy(2019, ERA_JAPANESE, 0), "令和元年度");
    CHECK_STR(fmt_fy(2020, ERA_JAPANESE, 0), "令和2年度");
    CHECK_STR(fmt_fy(1988, ERA_JAPANESE, 0), "昭和63年度");
    CHECK_STR(fmt_fy(1989, ERA_JAPANESE, 0), "平成元年度");
    CHECK_STR(fmt_fy(1990, ERA_JAPANESE, 0), "平成2年度");
    CHECK_STR(fmt_fy(2030, ERA_JAPANESE, 0), "令和12年度");
    CHECK_HASNT(fmt_fy(2019, ERA_JAPANESE, 0), "1年");
    CHECK_HASNT(fmt_fy(2019, ERA_JAPANESE, ERA_FULLWIDTH), "１年");

    /* an era that began during calendar year fy names it */
    CHECK_STR(fmt_fy(1926, ERA_JAPANESE, 0), "昭和元年度");
    CHECK_STR(fmt_fy(1925, ERA_JAPANESE, 0), "大正14年度");
    CHECK_STR(fmt_fy(1912, ERA_JAPANESE, 0), "大正元年度");
    CHECK_STR(fmt_fy(1911, ERA_JAPANESE, 0), "明治44年度");
    CHECK_STR(fmt_fy(1868, ERA_JAPANESE, 0), "明治元年度");
    CHECK_STR(fmt_fy(1867, ERA_JAPANESE, 0), "1867年度");
    /* after 令和99 the western year, which reads back (plans run to 2999) */
    CHECK_STR(fmt_fy(2117, ERA_JAPANESE, 0), "令和99年度");
    CHECK_STR(fmt_fy(2118, ERA_JAPANESE, 0), "2118年度");
    CHECK_INT(parse_fy(fmt_fy(2999, ERA_JAPANESE, ERA_FULLWIDTH)), 2999);

    CHECK_STR(fmt_fy(2018, ERA_WESTERN, 0), "2018年度");
    CHECK_STR(fmt_fy(2019, ERA_WESTERN, 0), "2019年度");
    CHECK_STR(fmt_fy(2020, ERA_WESTERN, 0), "2020年度");
    CHECK_STR(fmt_fy(1988, ERA_WESTERN, 0), "1988年度");
    CHECK_STR(fmt_fy(1989, ERA_WESTERN, 0), "1989年度");

    CHECK_STR(fmt_fy(2018, ERA_JAPANESE, ERA_FULLWIDTH), "平成３０年度");
    CHECK_STR(fmt_fy(2019, ERA_JAPANESE, ERA_FULLWIDTH), "令和元年度");
    CHECK_STR(fmt_fy(2020, ERA_JAPANESE, ERA_FULLWIDTH), "令和２年度");
    CHECK_STR(fmt_fy(1988, ERA_JAPANESE, ERA_FULLWIDTH), "昭和６３年度");
    CHECK_STR(fmt_fy(1989, ERA_JAPANESE, ERA_FULLWIDTH), "平成元年度");
    CHECK_STR(fmt_fy(2030, ERA_JAPANESE, ERA_FULLWIDTH), "令和１２年度");
    CHECK_STR(fmt_fy(2018, ERA_WESTERN, ERA_FULLWIDTH), "２０１８年度");
    CHECK_STR(fmt_fy(2019, ERA_WESTERN, ERA_FULLWIDTH), "２０１９年度");
    CHECK_STR(fmt_fy(1989, ERA_WESTERN, ERA_FULLWIDTH), "１９８９年度");

    /* appends, does not overwrite */
    Buf b = BUF_INIT;
    buf_puts(&b, "【");
    era_format_fiscal_year(&b, 2019, ERA_JAPANESE, 0);
    buf_puts(&b, "】");
    CHECK_STR(b.data, "【令和元年度】");
    CHECK_INT(b.len, strlen("【令和元年度】"));
    buf_free(&b);
}

static void test_format_date(void)
{
    CHECK_STR(fmt_date(2019, 4, 30, ERA_JAPANESE, 0), "平成31年4月30日");
    CHECK_STR(fmt_date(2019, 5, 1, ERA_JAPANESE, 0), "令和元年5月1日");
    CHECK_STR(fmt_date(2019, 9, 11, ERA_JAPANESE, 0), "令和元年9月11日");
    CHECK_STR(fmt_date(2019, 9, 11, ERA_JAPANESE, ERA_FULLWIDTH), "令和元年９月１１日");
    CHECK_STR(fmt_date(2020, 1, 1, ERA_JAPANESE, 0), "令和2年1月1日");
    CHECK_STR(fmt_date(2019, 12, 31, ERA_JAPANESE, 0), "令和元年12月31日");
    CHECK_STR(fmt_date(1989, 1, 7, ERA_JAPANESE, 0), "昭和64年1月7日");
    CHECK_STR(fmt_date(1989, 1, 8, ERA_JAPANESE, 0), "平成元年1月8日");
    CHECK_STR(fmt_date(1989, 1, 8, ERA_JAPANESE, ERA_FULLWIDTH), "平成元年１月８日");
    CHECK_STR(fmt_date(1926, 12, 24, ERA_JAPANESE, 0), "大正15年12月24日");
    CHECK_STR(fmt_date(1926, 12, 25, ERA_JAPANESE, 0), "昭和元年12月25日");
    CHECK_STR(fmt_date(2117, 12, 31, ERA_JAPANESE, 0), "令和99年12月31日");
    CHECK_STR(fmt_date(2118, 1, 1, ERA_JAPANESE, 0), "2118年1月1日");
    CHECK_STR(fmt_date(1912, 7, 29, ERA_JAPANESE, 0), "明治45年7月29日");
    CHECK_STR(fmt_date(1912, 7, 30, ERA_JAPANESE, 0), "大正元年7月30日");
    CHECK_STR(fmt_date(1868, 1, 25, ERA_JAPANESE, 0), "明治元年1月25日");
    CHECK_STR(fmt_date(1868, 1, 24, ERA_JAPANESE, 0), "1868年1月24日");
    CHECK_STR(fmt_date(1868, 1, 24, ERA_JAPANESE, ERA_FULLWIDTH), "１８６８年１月２４日");

    CHECK_STR(fmt_date(2019, 9, 11, ERA_WESTERN, 0), "2019年9月11日");
    CHECK_STR(fmt_date(2019, 4, 30, ERA_WESTERN, 0), "2019年4月30日");
    CHECK_STR(fmt_date(2019, 9, 11, ERA_WESTERN, ERA_FULLWIDTH), "２０１９年９月１１日");
}

static void test_parse_fiscal_year(void)
{
    CHECK_INT(parse_fy("令和元年度"), 2019);
    CHECK_INT(parse_fy("令和1年度"), 2019);
    CHECK_INT(parse_fy("令和2年度"), 2020);
    CHECK_INT(parse_fy("令和２年度"), 2020);
    CHECK_INT(parse_fy("令和02年度"), 2020);
    CHECK_INT(parse_fy("令和12年度"), 2030);
    CHECK_INT(parse_fy("令和１２年度"), 2030);
    CHECK_INT(parse_fy("令和99年度"), 2117);
    CHECK_INT(parse_fy("平成30年度"), 2018);
    CHECK_INT(parse_fy("平成31年度"), 2019);
    CHECK_INT(parse_fy("平成35年度"), 2023);
    CHECK_INT(parse_fy("平成元年度"), 1989);
    CHECK_INT(parse_fy("昭和63年度"), 1988);
    CHECK_INT(parse_fy("昭和64年度"), 1989);
    CHECK_INT(parse_fy("大正元年度"), 1912);
    CHECK_INT(parse_fy("明治元年度"), 1868);

    /* initials, ASCII or full-width, any case */
    CHECK_INT(parse_fy("H30年度"), 2018);
    CHECK_INT(parse_fy("h30年度"), 2018);
    CHECK_INT(parse_fy("Ｈ３０年度"), 2018);
    CHECK_INT(parse_fy("ｈ30年度"), 2018);
    CHECK_INT(parse_fy("R2年度"), 2020);
    CHECK_INT(parse_fy("r2年度"), 2020);
    CHECK_INT(parse_fy("Ｒ２年度"), 2020);
    CHECK_INT(parse_fy("ｒ元年度"), 2019);
    CHECK_INT(parse_fy("S63年度"), 1988);
    CHECK_INT(parse_fy("T1年度"), 1912);
    CHECK_INT(parse_fy("M45年度"), 1912);

    /* 年度 shortened to 年 after an era year */
    CHECK_INT(parse_fy("令和2年"), 2020);
    CHECK_INT(parse_fy("令和元年"), 2019);
    CHECK_INT(parse_fy("R2年"), 2020);

    CHECK_INT(parse_fy("2023年度"), 2023);
    CHECK_INT(parse_fy("２０２３年度"), 2023);
    CHECK_INT(parse_fy("FY2023"), 2023);
    CHECK_INT(parse_fy("fy2023"), 2023);
    CHECK_INT(parse_fy("ＦＹ２０２３"), 2023);
    CHECK_INT(parse_fy("2023"), 2023);
    CHECK_INT(parse_fy("２０２３"), 2023);

    /* surrounding spaces, ASCII and U+3000 */
    CHECK_INT(parse_fy(" 令和2年度 "), 2020);
    CHECK_INT(parse_fy("\u3000令和2年度\u3000"), 2020);
    CHECK_INT(parse_fy(" \u3000 2023\t"), 2023);

    CHECK_INT(parse_fy(""), -1);
    CHECK_INT(parse_fy("   "), -1);
    CHECK_INT(parse_fy("\u3000"), -1);
    CHECK_INT(parse_fy("年度"), -1);
    CHECK_INT(parse_fy("令和"), -1);
    CHECK_INT(parse_fy("令和年度"), -1);
    CHECK_INT(parse_fy("令和0年度"), -1);
    CHECK_INT(parse_fy("令和00年度"), -1);
    CHECK_INT(parse_fy("令和０年度"), -1);
    CHECK_INT(parse_fy("令和100年度"), -1);
    CHECK_INT(parse_fy("令和2"), -1);
    CHECK_INT(parse_fy("令和2度"), -1);
    CHECK_INT(parse_fy("令和2年度x"), -1);
    CHECK_INT(parse_fy("令和2年度 x"), -1);
    CHECK_INT(parse_fy("令和2年度度"), -1);
    CHECK_INT(parse_fy("令和-2年度"), -1);
    CHECK_INT(parse_fy("明正2年度"), -1);
    CHECK_INT(parse_fy("X2年度"), -1);
    CHECK_INT(parse_fy("RR2年度"), -1);
    CHECK_INT(parse_fy("0年度"), -1);
    CHECK_INT(parse_fy("202"), -1);
    CHECK_INT(parse_fy("20231"), -1);
    CHECK_INT(parse_fy("0999"), -1);
    CHECK_INT(parse_fy("2023年"), -1);
    CHECK_INT(parse_fy("FY"), -1);
    CHECK_INT(parse_fy("FY 2023"), -1);
    CHECK_INT(parse_fy("FY2023年度"), -1);
    CHECK_INT(parse_fy("F2023"), -1);
    CHECK_INT(parse_fy("2023x"), -1);
    CHECK_INT(parse_fy("-2023"), -1);
}

static void test_parse_date(void)
{
    CHECK_INT(parse_date("令和元年９月１１日"), 20190911);
    CHECK_INT(parse_date("令和元年9月11日"), 20190911);
    CHECK_INT(parse_date("令和1年9月11日"), 20190911);
    CHECK_INT(parse_date("R1年9月11日"), 20190911);
    CHECK_INT(parse_date("2019年9月11日"), 20190911);
    CHECK_INT(parse_date("２０１９年９月１１日"), 20190911);
    CHECK_INT(parse_date("2019-09-11"), 20190911);
    CHECK_INT(parse_date("2019/9/11"), 20190911);
    CHECK_INT(parse_date("2019/09/11"), 20190911);
    CHECK_INT(parse_date("２０１９/９/１１"), 20190911);
    CHECK_INT(parse_date(" \u30002019-09-11\u3000 "), 20190911);

    /* the era switches: a date must lie inside its era */
    CHECK_INT(parse_date("平成31年4月30日"), 20190430);
    CHECK_INT(parse_date("令和元年5月1日"), 20190501);
    CHECK_INT(parse_date("平成31年5月1日"), -1);
    CHECK_INT(parse_date("令和元年4月30日"), -1);
    CHECK_INT(parse_date("平成35年4月1日"), -1);
    CHECK_INT(parse_date("昭和64年1月7日"), 19890107);
    CHECK_INT(parse_date("平成元年1月8日"), 19890108);
    CHECK_INT(parse_date("昭和64年1月8日"), -1);
    CHECK_INT(parse_date("平成元年1月7日"), -1);
    CHECK_INT(parse_date("大正15年12月24日"), 19261224);
    CHECK_INT(parse_date("大正15年12月25日"), -1);
    CHECK_INT(parse_date("昭和元年12月25日"), 19261225);
    CHECK_INT(parse_date("昭和元年12月24日"), -1);
    CHECK_INT(parse_date("明治45年7月29日"), 19120729);
    CHECK_INT(parse_date("大正元年7月30日"), 19120730);
    CHECK_INT(parse_date("明治元年1月25日"), 18680125);
    CHECK_INT(parse_date("明治元年1月24日"), -1);
    CHECK_INT(parse_date("1868-01-24"), 18680124);

    /* leap years: by 4, not by 100, but by 400 */
    CHECK_INT(parse_date("2020-02-29"), 20200229);
    CHECK_INT(parse_date("令和2年2月29日"), 20200229);
    CHECK_INT(parse_date("2019-02-29"), -1);
    CHECK_INT(parse_date("平成31年2月29日"), -1);
    CHECK_INT(parse_date("2000-02-29"), 20000229);
    CHECK_INT(parse_date("1900-02-29"), -1);
    CHECK_INT(parse_date("2100-02-29"), -1);
    CHECK_INT(parse_date("2019-02-28"), 20190228);
    CHECK_INT(parse_date("2020-02-30"), -1);

    CHECK_INT(parse_date("2019-04-31"), -1);
    CHECK_INT(parse_date("2019-12-31"), 20191231);
    CHECK_INT(parse_date("2019-12-32"), -1);
    CHECK_INT(parse_date("2019-13-01"), -1);
    CHECK_INT(parse_date("2019-00-10"), -1);
    CHECK_INT(parse_date("2019-04-00"), -1);
    CHECK_INT(parse_date("2019-9/11"), -1);
    CHECK_INT(parse_date("2019/9-11"), -1);
    CHECK_INT(parse_date("2019-09-111"), -1);
    CHECK_INT(parse_date("2019-009-11"), -1);
    CHECK_INT(parse_date("2019-09-11x"), -1);
    CHECK_INT(parse_date("2019-09"), -1);
    CHECK_INT(parse_date("2019年9月11"), -1);
    CHECK_INT(parse_date("2019年9月11日日"), -1);
    CHECK_INT(parse_date("19-09-11"), -1);
    CHECK_INT(parse_date("令和0年9月11日"), -1);
    CHECK_INT(parse_date("令和元年度"), -1);
    CHECK_INT(parse_date("明正元年9月11日"), -1);
    CHECK_INT(parse_date(""), -1);
    CHECK_INT(parse_date(" "), -1);
}

/* Every day from 明治 to 令和99 (2117; era years have at most two digits),
 * formatted and parsed back in both styles, ASCII and full-width. */
static void test_round_trip(void)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int failures = 0;
    for (int y = 1868; y <= 2117; y++) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int last = days[m - 1] + (m == 2 && leap);
            for (int d = 1; d <= last; d++) {
                for (unsigned flags = 0; flags <= ERA_FULLWIDTH; flags++) {
                    for (int style = ERA_JAPANESE; style <= ERA_WESTERN; style++) {
                        const char *s = fmt_date(y, m, d, (EraStyle)style, flags);
                        if (parse_date(s) != (long)y * 10000 + m * 100 + d && failures++ < 5)
                            CHECK_STR(s, "(a date that parses back)");
                    }
                }
            }
        }
        for (unsigned flags = 0; flags <= ERA_FULLWIDTH; flags++) {
            if (parse_fy(fmt_fy(y, ERA_JAPANESE, flags)) != y && failures++ < 5)
                CHECK_STR(fmt_fy(y, ERA_JAPANESE, flags), "(a fiscal year that parses back)");
            if (parse_fy(fmt_fy(y, ERA_WESTERN, flags)) != y && failures++ < 5)
                CHECK_STR(fmt_fy(y, ERA_WESTERN, flags), "(a fiscal year that parses back)");
        }
    }
    CHECK_INT(failures, 0);
}

static void test_fiscal_year_of_date(void)
{
    CHECK_INT(era_fiscal_year_of_date(2020, 3, 31), 2019);
    CHECK_INT(era_fiscal_year_of_date(2020, 4, 1), 2020);
    CHECK_INT(era_fiscal_year_of_date(2019, 4, 30), 2019);
    CHECK_INT(era_fiscal_year_of_date(2019, 5, 1), 2019);
    CHECK_INT(era_fiscal_year_of_date(2019, 1, 1), 2018);
    CHECK_INT(era_fiscal_year_of_date(2019, 12, 31), 2019);
    CHECK_INT(era_fiscal_year_of_date(2020, 2, 29), 2019);
}

static void test_circled_number(void)
{
    CHECK_STR(era_circled_number(1), "①");
    CHECK_STR(era_circled_number(2), "②");
    CHECK_STR(era_circled_number(10), "⑩");
    CHECK_STR(era_circled_number(11), "⑪");
    CHECK_STR(era_circled_number(20), "⑳");
    CHECK(era_circled_number(0) == NULL);
    CHECK(era_circled_number(21) == NULL);
    CHECK(era_circled_number(-1) == NULL);
}

int main(int argc, char **argv)
{
    (void)argc; /* the runner passes the binary path and the source dir */
    (void)argv;
    TEST_RUN(test_format_fiscal_year);
    TEST_RUN(test_format_date);
    TEST_RUN(test_parse_fiscal_year);
    TEST_RUN(test_parse_date);
    TEST_RUN(test_round_trip);
    TEST_RUN(test_fiscal_year_of_date);
    TEST_RUN(test_circled_number);
    return TEST_DONE("era");
}
