#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include "base/html.h"

void html_escape(Buf *b, const char *s)
{
    if (!s)
        return;
    /* The bytes that need a look: NUL (the end), the control characters,
     * the first byte of C1, and the five of markup. Everything else, which
     * is nearly all of a Japanese text, is skipped by one table lookup. */
    static const unsigned char look[256] = {
        [0x00 ... 0x08] = 1, [0x0b] = 1, [0x0e ... 0x1f] = 1, [0x7f] = 1, [0xc2] = 1,
        ['&'] = 1,           ['<'] = 1,  ['>'] = 1,           ['"'] = 1,  ['\''] = 1,
    };
    const char *run = s;
    for (;; s++) {
        while (!look[(unsigned char)*s])
            s++;
        if (!*s)
            break;
        const char *rep;
        unsigned char c = (unsigned char)*s;
        /* Control characters cannot be written in HTML, not even as
         * references (text refused for them is shown back to its author):
         * U+FFFD stands in. C0 but tab, LF, FF and CR; DEL; C1 (C2 80..9F). */
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7f ||
            (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)) {
            buf_append(b, run, (size_t)(s - run));
            buf_puts(b, "\xEF\xBF\xBD");
            if (c == 0xc2)
                s++;
            run = s + 1;
            continue;
        }
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_append(b, run, (size_t)(s - run));
        buf_puts(b, rep);
        run = s + 1;
    }
    buf_append(b, run, (size_t)(s - run));
}

void url_escape(Buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(b, enc, 3);
        }
    }
}

void html_raw_literal(Buf *b, const char *lit)
{
    buf_puts(b, lit);
}

/* Formats one integer conversion with its length modifier; the formats stay
 * literals so that the compiler checks them too. */
static void put_number(Buf *b, const char *len, char conv, va_list *ap)
{
    bool is_signed = conv == 'd' || conv == 'i';
    long long sv = 0;
    unsigned long long uv = 0;
    if (strcmp(len, "") == 0) {
        if (is_signed)
            sv = va_arg(*ap, int);
        else
            uv = va_arg(*ap, unsigned);
    } else if (strcmp(len, "l") == 0) {
        if (is_signed)
            sv = va_arg(*ap, long);
        else
            uv = va_arg(*ap, unsigned long);
    } else if (strcmp(len, "ll") == 0) {
        if (is_signed)
            sv = va_arg(*ap, long long);
        else
            uv = va_arg(*ap, unsigned long long);
    } else if (strcmp(len, "z") == 0) {
        if (is_signed)
            sv = va_arg(*ap, ssize_t);
        else
            uv = va_arg(*ap, size_t);
    } else {
        abort();
    }
    if (is_signed)
        buf_printf(b, "%lld", sv);
    else if (conv == 'x')
        buf_printf(b, "%llx", uv);
    else
        buf_printf(b, "%llu", uv);
}

void html_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        buf_append(b, run, (size_t)(p - run));
        p++;
        if (*p == '%') {
            buf_putc(b, '%');
            run = p + 1;
            continue;
        }
        char len[3] = "";
        size_t n = 0;
        while ((*p == 'l' || *p == 'z') && n < 2)
            len[n++] = *p++;
        len[n] = '\0';
        switch (*p) {
        case 's':
            if (n)
                abort();
            html_escape(b, va_arg(ap, const char *));
            break;
        case 'd':
        case 'i':
        case 'u':
        case 'x':
            put_number(b, len, *p, &ap);
            break;
        default:
            abort(); /* unsupported conversion: a programmer error */
        }
        run = p + 1;
    }
    buf_puts(b, run);
    va_end(ap);
}
