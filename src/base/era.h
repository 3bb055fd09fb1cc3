/* Japanese eras (明治 .. 令和) and fiscal years (April to March: FY2019 is April
 * 2019 to March 2020), written and read the way municipal documents do. Year 1
 * of an era is always written 元 (令和元年), never 1年. */
#ifndef BASE_ERA_H
#define BASE_ERA_H
#include "base/buf.h"

typedef enum EraStyle { ERA_JAPANESE = 0, ERA_WESTERN = 1 } EraStyle;
enum { ERA_FULLWIDTH = 1 }; /* flag: write digits full-width (１２) */

/* Appends the name of fiscal year fy to out: 2019 -> "令和元年度", 2020 ->
 * "令和2年度", 2018 -> "平成30年度", 1988 -> "昭和63年度"; ERA_WESTERN (and any
 * fy before 明治, or after 令和99 = 2117, so that it reads back): "2019年度".
 * A fiscal year is named by the era in force on December 31 of calendar
 * year fy, so FY2019 is 令和元年度 and FY1989 is 平成元年度. ERA_FULLWIDTH
 * writes the digits full-width. No errors. */
void era_format_fiscal_year(Buf *out, int fy, EraStyle style, unsigned flags);

/* Appends a date to out: 2019-04-30 -> "平成31年4月30日", 2019-05-01 ->
 * "令和元年5月1日"; ERA_WESTERN: "2019年9月11日". Dates before 明治
 * (1868-01-25) or after 令和99 (2117) are written in the western form, so
 * that every date written reads back. ERA_FULLWIDTH writes the digits
 * full-width. The date is not validated; no errors. */
void era_format_date(Buf *out, int y, int m, int d, EraStyle style, unsigned flags);

/* Parses a fiscal year: "令和元年度", "令和2年度", "平成30年度", "平成35年度"
 * (a 平成 year that never happened = 2023; any era takes years 1..99 this
 * way), "H30年度", "ｒ２年度" (era initial M/T/S/H/R, ASCII or full-width, any
 * case), "令和2年" (年度 shortened to 年, era forms only), "2023年度", "FY2023",
 * "2023" (western years have 4 digits). Digits may be ASCII or full-width;
 * surrounding ASCII and U+3000 spaces are ignored. Returns 0 and sets *fy, or
 * -1 (and leaves *fy alone) for anything else. */
int era_parse_fiscal_year(const char *text, int *fy);

/* Parses a date: "令和元年９月１１日", "平成31年4月30日", "R1年9月11日",
 * "2019年9月11日", "2019-09-11", "2019/9/11" (digits ASCII or full-width,
 * surrounding spaces ignored). The date must exist (leap years by the
 * Gregorian rules) and an era date must lie inside its era, so
 * "平成31年5月1日" and "令和元年4月30日" are rejected. Returns 0 and sets *y,
 * *m, *d, or -1 (and leaves them alone). */
int era_parse_date(const char *text, int *y, int *m, int *d);

/* The fiscal year the date belongs to: 2020-03-31 -> 2019, 2020-04-01 -> 2020. */
int era_fiscal_year_of_date(int y, int m, int d);

/* The circled number "①".."⑳" for n in 1..20 (a static string), else NULL. */
const char *era_circled_number(int n);

#endif
