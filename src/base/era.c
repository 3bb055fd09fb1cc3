#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "base/buf.h"
#include "base/era.h"

typedef struct Era {
    const char *name; /* as written: "令和" */
    char initial;     /* lower-case Latin abbreviation: 'r' */
    int y, m, d;      /* first day of the era */
} Era;

/* Oldest first. 明治 officially began on 1868-10-23, retroactively from the
 * first day of that (lunar) year, which is 1868-01-25. */
static const Era eras[] = {
    {"明治", 'm', 1868, 1, 25}, {"大正", 't', 1912, 7, 30}, {"昭和", 's', 1926, 12, 25},
    {"平成", 'h', 1989, 1, 8},  {"令和", 'r', 2019, 5, 1},
};
enum { ERA_COUNT = (int)(sizeof eras / sizeof eras[0]) };

/* A number that orders dates; m and d need not be valid. */
static long long date_key(int y, int m, int d)
{
    return (long long)y * 10000 + (long long)m * 100 + d;
}

/* Index of the era the date falls in, or -1 before 明治. */
static int era_of_date(int y, int m, int d)
{
    long long key = date_key(y, m, d);
    int i = ERA_COUNT - 1;
    while (i >= 0 && key < date_key(eras[i].y, eras[i].m, eras[i].d))
        i--;
    return i;
}

static bool is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_valid(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    int last = days[m - 1] + (m == 2 && is_leap_year(y) ? 1 : 0);
    return d <= last;
}

/* Writes n in decimal, with full-width digits if flags ask for them. */
static void put_number(Buf *out, int n, unsigned flags)
{
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%d", n);
    for (const char *s = tmp; *s; s++) {
        if ((flags & ERA_FULLWIDTH) && *s >= '0' && *s <= '9') {
            char fw[3] = {'\xEF', '\xBC', (char)(0x90 + (*s - '0'))}; /* U+FF10 + digit */
            buf_append(out, fw, sizeof fw);
        } else {
            buf_putc(out, *s);
        }
    }
}

/* Writes the year: the era and its year ("令和元") or the western year. An
 * era year past 99 (令和100 is 2118) is written as the western year: the
 * parsers read era years of at most two digits, and plans may run to 2999,
 * so that a sheet of such a year must still read back. */
static void put_year(Buf *out, int era, int y, unsigned flags)
{
    if (era < 0 || y - eras[era].y + 1 > 99) {
        put_number(out, y, flags);
        return;
    }
    int era_year = y - eras[era].y + 1;
    buf_puts(out, eras[era].name);
    if (era_year == 1)
        buf_puts(out, "元");
    else
        put_number(out, era_year, flags);
}

void era_format_fiscal_year(Buf *out, int fy, EraStyle style, unsigned flags)
{
    int era = style == ERA_WESTERN ? -1 : era_of_date(fy, 12, 31);
    put_year(out, era, fy, flags);
    buf_puts(out, "年度");
}

void era_format_date(Buf *out, int y, int m, int d, EraStyle style, unsigned flags)
{
    int era = style == ERA_WESTERN ? -1 : era_of_date(y, m, d);
    put_year(out, era, y, flags);
    buf_puts(out, "年");
    put_number(out, m, flags);
    buf_puts(out, "月");
    put_number(out, d, flags);
    buf_puts(out, "日");
}

/* --- parsing: each eat_* consumes what it matched and only on success --- */

static bool eat(const char **p, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* ASCII and ideographic (U+3000) white space. */
static const char *skip_spaces(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (!eat(&s, "\u3000"))
            return s;
    }
}

/* An ASCII or full-width digit: its value, or -1. */
static int eat_digit(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    int v = -1;
    if (s[0] >= '0' && s[0] <= '9') {
        v = s[0] - '0';
        *p += 1;
    } else if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
        v = s[2] - 0x90;
        *p += 3;
    }
    return v;
}

/* An ASCII or full-width Latin letter, lower-cased, or 0. */
static char eat_letter(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    int c = 0;
    if (s[0] >= 'A' && s[0] <= 'Z') {
        c = s[0] - 'A' + 'a';
        *p += 1;
    } else if (s[0] >= 'a' && s[0] <= 'z') {
        c = s[0];
        *p += 1;
    } else if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0xA1 && s[2] <= 0xBA) {
        c = s[2] - 0xA1 + 'a'; /* U+FF21..FF3A */
        *p += 3;
    } else if (s[0] == 0xEF && s[1] == 0xBD && s[2] >= 0x81 && s[2] <= 0x9A) {
        c = s[2] - 0x81 + 'a'; /* U+FF41..FF5A */
        *p += 3;
    }
    return (char)c;
}

/* 1 to max_digits digits, not followed by another digit. */
static bool eat_number(const char **p, int max_digits, int *out)
{
    const char *s = *p;
    int n = 0, count = 0, digit;
    while ((digit = eat_digit(&s)) >= 0) {
        if (++count > max_digits)
            return false;
        n = n * 10 + digit;
    }
    if (count == 0)
        return false;
    *p = s;
    *out = n;
    return true;
}

/* An era name ("令和") or initial ("R", "ｒ"): its index, or -1. */
static int eat_era(const char **p)
{
    for (int i = 0; i < ERA_COUNT; i++)
        if (eat(p, eras[i].name))
            return i;
    const char *s = *p;
    char c = eat_letter(&s);
    for (int i = 0; c && i < ERA_COUNT; i++) {
        if (eras[i].initial == c) {
            *p = s;
            return i;
        }
    }
    return -1;
}

/* The year within an era: 元 or 1..99. */
static bool eat_era_year(const char **p, int *year)
{
    if (eat(p, "元")) {
        *year = 1;
        return true;
    }
    const char *s = *p;
    int n;
    if (!eat_number(&s, 2, &n) || n < 1)
        return false;
    *p = s;
    *year = n;
    return true;
}

/* A western year: exactly four digits, 1000..9999. */
static bool eat_western_year(const char **p, int *year)
{
    const char *s = *p;
    int n;
    if (!eat_number(&s, 4, &n) || n < 1000)
        return false;
    *p = s;
    *year = n;
    return true;
}

/* "M<after_month>D<after_day>" */
static bool eat_month_day(const char **p, const char *after_month, const char *after_day, int *m,
                          int *d)
{
    const char *s = *p;
    if (!eat_number(&s, 2, m) || !eat(&s, after_month) || !eat_number(&s, 2, d) ||
        !eat(&s, after_day))
        return false;
    *p = s;
    return true;
}

/* What follows a western year: "年M月D日", "-M-D" or "/M/D". */
static bool eat_western_month_day(const char **p, int *m, int *d)
{
    const char *s = *p;
    bool ok = false;
    if (eat(&s, "年"))
        ok = eat_month_day(&s, "月", "日", m, d);
    else if (eat(&s, "-"))
        ok = eat_month_day(&s, "-", "", m, d);
    else if (eat(&s, "/"))
        ok = eat_month_day(&s, "/", "", m, d);
    if (ok)
        *p = s;
    return ok;
}

int era_parse_fiscal_year(const char *text, int *fy)
{
    const char *p = skip_spaces(text);
    int era = eat_era(&p);
    int year = 0;
    bool ok;
    if (era >= 0) {
        ok = eat_era_year(&p, &year) && eat(&p, "年");
        if (ok) {
            (void)eat(&p, "度");
            year += eras[era].y - 1;
        }
    } else {
        const char *s = p;
        char f = eat_letter(&s);
        char y = eat_letter(&s);
        bool prefixed = f == 'f' && y == 'y';
        if (prefixed)
            p = s;
        ok = eat_western_year(&p, &year);
        if (ok && !prefixed)
            (void)eat(&p, "年度");
    }
    p = skip_spaces(p);
    if (!ok || *p)
        return -1;
    *fy = year;
    return 0;
}

int era_parse_date(const char *text, int *y, int *m, int *d)
{
    const char *p = skip_spaces(text);
    int era = eat_era(&p);
    int year = 0, mon = 0, day = 0;
    bool ok;
    if (era >= 0) {
        ok = eat_era_year(&p, &year) && eat(&p, "年") && eat_month_day(&p, "月", "日", &mon, &day);
        year += eras[era].y - 1;
        ok = ok && date_valid(year, mon, day) && era_of_date(year, mon, day) == era;
    } else {
        ok = eat_western_year(&p, &year) && eat_western_month_day(&p, &mon, &day) &&
             date_valid(year, mon, day);
    }
    p = skip_spaces(p);
    if (!ok || *p)
        return -1;
    *y = year;
    *m = mon;
    *d = day;
    return 0;
}

int era_fiscal_year_of_date(int y, int m, int d)
{
    (void)d;
    return m >= 4 ? y : y - 1;
}

const char *era_circled_number(int n)
{
    static const char *const circled[20] = {
        "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
        "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳",
    };
    return n >= 1 && n <= 20 ? circled[n - 1] : NULL;
}
