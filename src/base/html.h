/* HTML output that is escaped by default. html_printf's %s escapes its
 * argument for text and for quoted attribute values; markup can only come from
 * the format string, which must be a literal (-Werror=format-nonliteral), or
 * from HRAW, which refuses anything but a string literal. */
#ifndef BASE_HTML_H
#define BASE_HTML_H
#include "base/buf.h"

/* Appends fmt with %s arguments escaped. Supports %s %d %i %u %x %ld %lu %lld
 * %llu %zu %zd %%; anything else is a programmer error (abort). A NULL %s
 * argument writes nothing. */
void html_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped, and each control character that HTML
 * cannot carry (C0 but tab, LF, FF, CR; DEL; C1) as U+FFFD. */
void html_escape(Buf *b, const char *s);
/* Appends s percent-encoded as one URL component (RFC 3986 unreserved kept). */
void url_escape(Buf *b, const char *s);
/* Appends a literal as is: use HRAW, never this function directly. */
void html_raw_literal(Buf *b, const char *lit);
#define HRAW(b, lit) html_raw_literal((b), "" lit)

#endif
