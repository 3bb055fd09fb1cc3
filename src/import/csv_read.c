/* The CSV reader. The bytes are first decoded to UTF-8 as a whole (the
 * encoding checked or guessed), then split by libcsv, strictly, so that a
 * stray quote is an error naming its row rather than a silently shifted
 * table. */
#include "import/csv_read.h"
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/mem.h"

/* libcsv is fed this much at a time, so that the cell limit stops a huge
 * file early instead of after all of it. */
enum { CHUNK = 64 * 1024 };

typedef struct Reader {
    Arena *arena;
    Cell *cells; /* malloc'd while reading, copied to the arena at the end */
    int ncells, cap;
    int row;       /* the row being read, 1-based */
    int col;       /* fields seen in it so far */
    int last_term; /* the character that ended the previous row, or 0 */
    int nrows, ncols;
    Err stop;  /* a limit reached in a callback: libcsv cannot be stopped, so */
    char *msg; /* the rest of the file is skipped and this reported */
} Reader;

static char *err_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *err_printf(const char *fmt, ...)
{
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return buf_take(&b);
}

/* The row of the byte at off of the raw text: line breaks outside quotes
 * counted as libcsv will count them (CRLF, LF or a lone CR). CP932's second
 * bytes are all 0x40 or above, so quotes and line breaks are never part of a
 * character and the raw bytes can be scanned in either encoding. */
static int row_at(const unsigned char *s, size_t off)
{
    int row = 1;
    bool quoted = false;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))))
            row++;
    }
    return row;
}

/* The offset of the first byte of s[0..len) that is not valid UTF-8 (the
 * rules of utf8_valid: no overlong forms, surrogates, NUL or truncation), or
 * len. utf8_valid only says whether; a person needs to know where. */
static size_t utf8_bad_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return i;
        }
        if (len - i < n || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += n;
    }
    return len;
}

/* Decodes CP932 into out (UTF-8). False with *bad at the offset of the first
 * byte that is not CP932, a NUL included (a cell cannot hold one). */
static bool cp932_decode(const char *data, size_t len, Buf *out, size_t *bad, bool *no_iconv)
{
    *no_iconv = false;
    const char *nul = memchr(data, '\0', len);
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1) {
        *no_iconv = true;
        return false;
    }
    char *in = (char *)data;
    size_t left = nul ? (size_t)(nul - data) : len;
    bool ok = true;
    buf_reserve(out, left + left / 2 + 16);
    while (left > 0) {
        buf_reserve(out, left * 3 + 16);
        char *o = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t before = room;
        size_t rc = iconv(cd, &in, &left, &o, &room);
        out->len += before - room;
        out->data[out->len] = '\0';
        if (rc == (size_t)-1 && errno != E2BIG) {
            ok = false; /* EILSEQ, or EINVAL: a lead byte at the very end */
            break;
        }
    }
    iconv_close(cd);
    if (ok && nul)
        ok = false;
    if (!ok)
        *bad = (size_t)(in - data);
    return ok;
}

static char *field_too_long(int row)
{
    return err_printf("row %d: a field longer than %d KiB (is a quote left open?)", row,
                      CSV_READ_MAX_FIELD / 1024);
}

/* libcsv never trims: a space a person typed is part of the value. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void on_field(void *field, size_t n, void *ctx)
{
    Reader *r = ctx;
    r->col++;
    if (r->stop != ERR_OK)
        return;
    if (r->row > CSV_READ_MAX_ROWS) {
        r->msg = err_printf("row %d: more than %d rows; split the file", r->row, CSV_READ_MAX_ROWS);
        r->stop = ERR_TOO_BIG;
        return;
    }
    if (r->col > CSV_READ_MAX_COLS) {
        r->msg = err_printf("row %d: more than %d fields in the row", r->row, CSV_READ_MAX_COLS);
        r->stop = ERR_TOO_BIG;
        return;
    }
    if (n > CSV_READ_MAX_FIELD) {
        r->msg = field_too_long(r->row);
        r->stop = ERR_TOO_BIG;
        return;
    }
    if (n == 0)
        return;
    if (r->ncells >= CSV_READ_MAX_CELLS) {
        r->msg =
            err_printf("row %d: more than %d cells; split the file", r->row, CSV_READ_MAX_CELLS);
        r->stop = ERR_TOO_BIG;
        return;
    }
    const char *s = field;
    /* Our writer keeps '=1+1 from running as a formula with an apostrophe; a
     * value that only looks like one gets it back without. */
    if (n >= 2 && s[0] == '\'' && strchr("=+-@", s[1])) {
        s++;
        n--;
    }
    char *text = arena_alloc(r->arena, n + 1), *t = text;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            continue; /* CRLF in a quoted field is one line break, as in a cell */
        *t++ = s[i];
    }
    *t = '\0';
    if (r->ncells == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->cells = xrealloc(r->cells, sizeof(Cell) * (size_t)r->cap);
    }
    r->cells[r->ncells++] = (Cell){.row = r->row, .col = r->col, .text = text};
    if (r->row > r->nrows)
        r->nrows = r->row;
    if (r->col > r->ncols)
        r->ncols = r->col;
}

/* With CSV_REPALL_NL libcsv reports every line break, blank lines included,
 * so that rows are numbered as a spreadsheet numbers them; the LF of a CRLF
 * comes as an empty row of its own and is not counted. */
static void on_row(int term, void *ctx)
{
    Reader *r = ctx;
    bool crlf_tail = term == '\n' && r->last_term == '\r' && r->col == 0;
    if (!crlf_tail)
        r->row++;
    r->last_term = crlf_tail ? 0 : term;
    r->col = 0;
}

/* Splits the UTF-8 text s into r's cells. */
static Err parse(const char *s, size_t len, Reader *r, char **err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
        *err = xstrdup("csv: cannot start the parser");
        return ERR_IO;
    }
    csv_set_space_func(&p, no_space);
    Err e = ERR_OK;
    for (size_t off = 0; off < len && r->stop == ERR_OK && e == ERR_OK;) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;
        if (csv_parse(&p, s + off, n, on_field, on_row, r) != n) {
            if (csv_error(&p) == CSV_EPARSE) {
                *err = err_printf("row %d: a quote in the middle of a field or after its closing "
                                  "quote (a quote inside a quoted field is written twice: \"\")",
                                  r->row);
                e = ERR_INVALID;
            } else {
                *err = err_printf("row %d: %s", r->row, csv_strerror(csv_error(&p)));
                e = ERR_IO;
            }
        }
        off += n;
        /* The field still open grows in libcsv's buffer until it ends: checked
         * here, a chunk at a time, rather than after the whole file. */
        if (e == ERR_OK && r->stop == ERR_OK && p.entry_pos > CSV_READ_MAX_FIELD) {
            r->msg = field_too_long(r->row);
            r->stop = ERR_TOO_BIG;
        }
    }
    if (e == ERR_OK && r->stop == ERR_OK && csv_fini(&p, on_field, on_row, r) != 0) {
        *err =
            err_printf("row %d: a quoted field is not closed before the end of the file", r->row);
        e = ERR_INVALID;
    }
    csv_free(&p);
    if (e == ERR_OK && r->stop != ERR_OK) {
        *err = r->msg;
        r->msg = NULL;
        e = r->stop;
    }
    free(r->msg);
    return e;
}

static const char *enc_name(CsvReadEncoding enc)
{
    return enc == CSV_ENC_CP932 ? "Shift_JIS (CP932)" : "UTF-8";
}

/* The text of data in UTF-8: a pointer into data, or into dec. */
static Err decode(const char *data, size_t len, CsvReadEncoding enc, Buf *dec, const char **text,
                  size_t *text_len, CsvReadEncoding *used, char **err)
{
    const unsigned char *u = (const unsigned char *)data;
    bool bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    size_t utf8_bad = len;
    if (enc != CSV_ENC_CP932) {
        size_t skip = bom ? 3 : 0;
        utf8_bad = skip + utf8_bad_at(u + skip, len - skip);
        if (utf8_bad == len) {
            *text = data + skip;
            *text_len = len - skip;
            *used = CSV_ENC_UTF8;
            return ERR_OK;
        }
        if (enc == CSV_ENC_UTF8 || bom) {
            *err = err_printf("row %d: not UTF-8 at byte %zu (the file was read as UTF-8%s)",
                              row_at(u, utf8_bad), utf8_bad, bom ? ", as its BOM says" : "");
            return ERR_INVALID;
        }
    }
    size_t cp932_bad = 0;
    bool no_iconv;
    if (cp932_decode(data, len, dec, &cp932_bad, &no_iconv)) {
        *text = dec->data;
        *text_len = dec->len;
        *used = CSV_ENC_CP932;
        return ERR_OK;
    }
    if (no_iconv) {
        *err = xstrdup("iconv: CP932 is not available");
        return ERR_IO;
    }
    if (enc == CSV_ENC_CP932) {
        *err = err_printf("row %d: not %s at byte %zu (the file was read as %s)",
                          row_at(u, cp932_bad), enc_name(enc), cp932_bad, enc_name(enc));
        return ERR_INVALID;
    }
    /* Neither: the encoding that got further is the likelier one, so its
     * failure is the byte a person should look at. */
    size_t bad = cp932_bad > utf8_bad ? cp932_bad : utf8_bad;
    *err = err_printf("row %d: not UTF-8 or Shift_JIS (CP932) at byte %zu", row_at(u, bad), bad);
    return ERR_INVALID;
}

Err csv_read(const void *data, size_t len, CsvReadEncoding enc, Arena *arena, Table *out,
             CsvReadEncoding *detected, char **err)
{
    memset(out, 0, sizeof(*out));
    if (len > CSV_READ_MAX_BYTES) {
        *err = err_printf("the CSV file is %zu bytes, over the limit of %d MiB", len,
                          CSV_READ_MAX_BYTES / (1024 * 1024));
        return ERR_TOO_BIG;
    }
    Buf dec = BUF_INIT;
    const char *text = "";
    size_t text_len = 0;
    CsvReadEncoding used = enc == CSV_ENC_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8;
    Err e = len ? decode(data, len, enc, &dec, &text, &text_len, &used, err) : ERR_OK;
    Reader r = {.arena = arena, .row = 1};
    if (e == ERR_OK)
        e = parse(text, text_len, &r, err);
    buf_free(&dec);
    if (e != ERR_OK) {
        free(r.cells);
        return e;
    }
    TableSheet *s = ARENA_NEW(arena, TableSheet);
    s->name = "";
    s->ncells = r.ncells;
    s->cells = ARENA_ARRAY(arena, Cell, r.ncells ? (size_t)r.ncells : 1);
    if (r.ncells)
        memcpy(s->cells, r.cells, sizeof(Cell) * (size_t)r.ncells);
    s->nrows = r.nrows;
    s->ncols = r.ncols;
    free(r.cells);
    out->sheets = s;
    out->nsheets = 1;
    if (detected)
        *detected = used;
    return ERR_OK;
}
