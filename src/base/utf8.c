#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "base/mem.h"
#include "base/utf8.h"

/* Decodes the code point at s, reading at most avail bytes and stopping at the
 * first byte that does not fit, so that a NUL terminator is never passed.
 * Returns its length in bytes, or 0 if s does not start with a valid UTF-8
 * sequence (a NUL byte, an overlong form, a surrogate, a code point above
 * U+10FFFF or a truncated sequence). */
static size_t decode(const unsigned char *s, size_t avail, utf8proc_int32_t *cp)
{
    if (avail == 0 || s[0] == 0)
        return 0;
    uint32_t c = s[0];
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the next byte */
    size_t len;
    if (c < 0x80) {
        *cp = (utf8proc_int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        c &= 0x0F;
        if (s[0] == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (s[0] == 0xED)
            hi = 0x9F; /* surrogates U+D800..DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        c &= 0x07;
        if (s[0] == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (s[0] == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0; /* continuation byte, 0xC0/0xC1 (overlong) or 0xF5.. */
    }
    for (size_t i = 1; i < len; i++) {
        if (i >= avail || s[i] < lo || s[i] > hi)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = (utf8proc_int32_t)c;
    return len;
}

bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        size_t n = decode(p + i, len - i, &c);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/* Walks s by grapheme clusters and stops before the cluster that would be the
 * (limit + 1)th, or at the NUL. Sets *count (if not NULL) to the clusters
 * passed and returns where it stopped. An invalid byte is a cluster of its own. */
static const char *skip_clusters(const char *s, size_t limit, size_t *count)
{
    const unsigned char *p = (const unsigned char *)s;
    utf8proc_int32_t state = 0, prev = 0;
    bool have_prev = false, prev_bad = false;
    size_t n = 0;
    while (*p) {
        utf8proc_int32_t c = 0;
        size_t len = decode(p, SIZE_MAX, &c);
        bool bad = len == 0;
        bool starts;
        if (!have_prev || bad || prev_bad) {
            starts = true;
            state = 0; /* safe to reset after a break */
        } else {
            starts = utf8proc_grapheme_break_stateful(prev, c, &state);
        }
        if (starts) {
            if (n == limit)
                break;
            n++;
        }
        prev = c;
        have_prev = true;
        prev_bad = bad;
        p += bad ? 1 : len;
    }
    if (count)
        *count = n;
    return (const char *)p;
}

size_t utf8_char_count(const char *s)
{
    size_t n;
    skip_clusters(s, SIZE_MAX, &n);
    return n;
}

const char *utf8_skip_chars(const char *s, size_t n)
{
    return skip_clusters(s, n, NULL);
}

char *utf8_search_key(const char *s)
{
    /* What utf8proc_NFKC_Casefold does, but allocating with xmalloc. */
    const utf8proc_option_t opts = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                   UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
    char *key = NULL;
    utf8proc_ssize_t n = -1;
    if (utf8_valid(s, strlen(s)))
        n = utf8proc_decompose(in, 0, NULL, 0, opts);
    if (n >= 0) {
        /* room for n code points, re-encoded in place as UTF-8 plus a NUL */
        utf8proc_int32_t *buf = xmalloc((size_t)n * sizeof *buf + 1);
        n = utf8proc_decompose(in, 0, buf, n, opts);
        if (n >= 0)
            n = utf8proc_reencode(buf, n, opts);
        if (n >= 0)
            key = (char *)buf;
        else
            free(buf);
    }
    return key;
}

int utf8_display_width(const char *s)
{
    int w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            w++, p++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? cw : 0;
        p += n;
    }
    return w;
}

void utf8_print_padded(const char *s, int width)
{
    int pad = width - utf8_display_width(s);
    printf("%s%*s", s, (pad > 0 ? pad : 0) + 2, "");
}
