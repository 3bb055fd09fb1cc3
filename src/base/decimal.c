/* Decimal text <-> double. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "base/decimal.h"

static void skip_spaces(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

/* The digits of s (NFKC already) without grouping into digits, the sign and
 * the position of the point (npoint: digits before it). */
static bool split(const char *p, bool *negative, char *digits, int *nint, int *nfrac)
{
    skip_spaces(&p);
    *negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    int n = 0, group = -1; /* digits since the last comma; -1: no comma yet */
    for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
        if (*p == ',') {
            if (n == 0 || (group >= 0 && group != 3))
                return false;
            group = 0;
            continue;
        }
        if (n >= 40)
            return false;
        digits[n++] = *p;
        if (group >= 0)
            group++;
    }
    if (n == 0 || (group >= 0 && group != 3))
        return false;
    *nint = n;
    *nfrac = 0;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (n >= 40)
                return false;
            digits[n++] = *p;
            (*nfrac)++;
        }
        if (*nfrac == 0)
            return false;
    }
    skip_spaces(&p);
    digits[n] = '\0';
    return *p == '\0';
}

bool decimal_parse(const char *s, char out[DECIMAL_TEXT], double *value, int *scale)
{
    if (!s)
        return false;
    /* NFKC: full-width digits, signs and points (１２．５) become ASCII. */
    utf8proc_uint8_t *k = utf8proc_NFKC((const utf8proc_uint8_t *)s);
    if (!k)
        return false;
    char digits[48];
    bool negative;
    int nint, nfrac;
    bool ok = split((const char *)k, &negative, digits, &nint, &nfrac);
    free(k);
    if (!ok)
        return false;
    while (nfrac > 0 && digits[nint + nfrac - 1] == '0')
        nfrac--; /* 12.50 is 12.5 */
    int first = 0;
    while (first < nint - 1 && digits[first] == '0')
        first++;      /* 007 is 7; 0.5 keeps its 0 */
    int lead = first; /* the first significant digit, for the count */
    while (lead < nint + nfrac && digits[lead] == '0')
        lead++;
    if (nint + nfrac - lead > DECIMAL_DIGITS)
        return false;
    bool zero = lead == nint + nfrac;
    char canon[DECIMAL_TEXT];
    int len = snprintf(canon, sizeof(canon), "%s%.*s%s%.*s", negative && !zero ? "-" : "",
                       nint - first, digits + first, nfrac ? "." : "", nfrac, digits + nint);
    if (len < 0 || len >= DECIMAL_TEXT)
        return false;
    memcpy(out, canon, (size_t)len + 1);
    if (value)
        *value = strtod(canon, NULL);
    if (scale)
        *scale = nfrac;
    return true;
}

void decimal_format(Buf *b, double v, int scale)
{
    if (scale < 0)
        scale = 0;
    if (scale > 6)
        scale = 6;
    char text[64];
    snprintf(text, sizeof(text), "%.*f", scale, v);
    size_t n = strlen(text);
    if (strchr(text, '.')) {
        while (text[n - 1] == '0')
            text[--n] = '\0';
        if (text[n - 1] == '.')
            text[--n] = '\0';
    }
    buf_puts(b, strcmp(text, "-0") == 0 ? "0" : text);
}
