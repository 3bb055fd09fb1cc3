/* UTF-8 text: validation, counting characters the way a person does (grapheme
 * clusters, via libutf8proc) and search keys that make full-width and
 * half-width forms match. */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is valid UTF-8: no overlong forms, no surrogates
 * (U+D800..DFFF), nothing above U+10FFFF, no NUL byte, no truncated sequence.
 * The empty string is valid; s may be NULL only when len is 0. */
bool utf8_valid(const char *s, size_t len);

/* The number of user-perceived characters (grapheme clusters) in the
 * NUL-terminated string s: "仙台市" = 3, か + U+3099 = 1, 葛 + U+E0100 = 1,
 * "👨‍👩‍👧" = 1, CRLF = 1, "" = 0. Meant for valid UTF-8; should s hold invalid
 * bytes anyway, each of them counts as one character. */
size_t utf8_char_count(const char *s);

/* The search key of s: NFKC plus case folding, so that "１２３ＡＢＣ（" and
 * "123abc(" match and half-width "ｶﾞ" becomes "ガ". Returns a malloc'd string
 * the caller frees, or NULL if s is not valid UTF-8. Aborts when out of memory. */
char *utf8_search_key(const char *s);

/* A pointer into s to the byte after its first n characters (grapheme
 * clusters, counted as utf8_char_count does), or to its terminating NUL if s
 * is shorter. Allocates and changes nothing; for "first N characters" previews. */
const char *utf8_skip_chars(const char *s, size_t n);

/* The width of s on a terminal: East Asian wide characters count two, marks
 * none. For the command line's tables. */
int utf8_display_width(const char *s);
/* Prints s to stdout padded with spaces to width columns, then two more. */
void utf8_print_padded(const char *s, int width);

#endif
