/* Decimal numbers as people write them in Japanese documents (1,234 / １２．５
 * / -3), kept as canonical text and computed as doubles. */
#ifndef BASE_DECIMAL_H
#define BASE_DECIMAL_H
#include <stdbool.h>
#include "base/buf.h"

enum {
    DECIMAL_DIGITS = 15, /* significant digits: a double holds 15 exactly */
    DECIMAL_TEXT = 24,   /* room for a canonical decimal and its NUL */
};

/* Parses s: an optional sign, digits (ASCII or full-width, optionally grouped
 * by commas in threes), an optional fraction; spaces around are ignored.
 * At most DECIMAL_DIGITS significant digits. On success writes the canonical
 * form to out ("1234", "-12.5", "0.05": no grouping, no leading zeros, no
 * trailing fraction zeros, never "-0"), the value to *value and the number
 * of fraction digits to *scale (any may be NULL but out), and returns true;
 * else false. */
bool decimal_parse(const char *s, char out[DECIMAL_TEXT], double *value, int *scale);

/* Appends v with scale fraction digits (0..6), trailing zeros dropped and
 * "-0" written "0". */
void decimal_format(Buf *b, double v, int scale);

#endif
