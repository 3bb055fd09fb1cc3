#include <stdio.h>
#include <time.h>
#include "base/clock.h"

void clock_now_iso(char out[21])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *clock_jst(Arena *a, const char *iso, bool with_seconds)
{
    struct tm tm = {0};
    char z = 0;
    if (!iso ||
        sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &z) != 7 ||
        z != 'Z')
        return iso ? iso : "";
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) + 9 * 60 * 60;
    struct tm j;
    char s[32];
    gmtime_r(&t, &j);
    strftime(s, sizeof(s), with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &j);
    return arena_strdup(a, s);
}
