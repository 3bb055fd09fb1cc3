/* Buf: a growable byte buffer that is always NUL-terminated, so its data can be
 * used as a C string at any time. The one string builder of the program. */
#ifndef BASE_BUF_H
#define BASE_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct Buf {
    char *data; /* NUL-terminated contents; owned by the Buf; "" when empty */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated, 0 while data points at a static "" */
} Buf;

#define BUF_INIT                                                                                   \
    {                                                                                              \
        (char *)"", 0, 0                                                                           \
    }

void buf_init(Buf *b);
void buf_free(Buf *b);
void buf_reset(Buf *b); /* empties it, keeps the memory */
void buf_reserve(Buf *b, size_t extra);
void buf_append(Buf *b, const void *data, size_t len);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the contents to the caller (free() them) and leaves b empty. */
char *buf_take(Buf *b);

#endif
