/* The XLSX reader: libzip opens the archive in memory, expat reads the parts.
 * Every part is inflated a chunk at a time and parsed as it comes, its size
 * and compression ratio checked on the bytes that really come out (the sizes
 * an archive states can lie); a handler that finds something wrong stops the
 * parser and leaves a message. */
#include "import/xlsx_read.h"
#include <ctype.h>
#include <expat.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"

/* Bytes inflated and given to expat at a time. */
enum { CHUNK = 64 * 1024 };

typedef struct Reader {
    zip_t *zip;
    Arena *arena;
    Err rc;              /* the first failure, or ERR_OK */
    Buf msg;             /* its message */
    XML_Parser xml;      /* the parser running, so that a failure can stop it */
    const char *part;    /* the part being parsed, for messages */
    char where[64];      /* "Sheet1!B3" while inside a cell: names expat's errors too */
    const char **shared; /* shared strings (arena) */
    size_t nshared;
    bool *xf_date; /* per cellXfs index: a date format */
    size_t nxf;
    bool date1904;
    long ncells;        /* of the whole workbook, against XLSX_MAX_CELLS */
    long nmerges;       /* of the whole workbook, against XLSX_MAX_MERGES */
    zip_uint64_t total; /* bytes inflated so far, against XLSX_MAX_TOTAL */
} Reader;

static void fail(Reader *r, Err rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(Reader *r, Err rc, const char *fmt, ...)
{
    if (r->rc == ERR_OK) {
        r->rc = rc;
        va_list ap;
        va_start(ap, fmt);
        buf_vprintf(&r->msg, fmt, ap);
        va_end(ap);
    }
    if (r->xml)
        XML_StopParser(r->xml, XML_FALSE);
}

/* The name without its namespace prefix: files from other programs write
 * "x:c" where Excel writes "c". */
static const char *local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* XLSX parts never have a DTD; refusing one rules out entity expansion. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    Reader *r = *(Reader **)ud;
    fail(r, ERR_INVALID, "%s: has a document type declaration", r->part);
}

/* Whether out bytes of part, from comp compressed bytes, stay within the
 * limits; fails with a message if not. Asked once of the sizes the archive
 * states and again of the bytes that really come out while inflating, since
 * a stated size can lie. */
static bool within_limits(Reader *r, const char *part, zip_uint64_t out, zip_uint64_t comp,
                          zip_uint64_t total)
{
    if (out > XLSX_MAX_PART) {
        fail(r, ERR_TOO_BIG, "%s: larger than %d MiB uncompressed", part, XLSX_MAX_PART >> 20);
        return false;
    }
    if (out > XLSX_RATIO_FROM && out / XLSX_MAX_RATIO > comp) {
        fail(r, ERR_TOO_BIG,
             "%s: compressed more than %d:1 (%llu bytes from %llu), refused as a zip bomb", part,
             XLSX_MAX_RATIO, (unsigned long long)out, (unsigned long long)comp);
        return false;
    }
    if (total > XLSX_MAX_TOTAL) {
        fail(r, ERR_TOO_BIG, "%s: the parts read add up to more than %d MiB uncompressed", part,
             XLSX_MAX_TOTAL >> 20);
        return false;
    }
    return true;
}

/* Streams the part called name through a parser with the handlers (ud must
 * start with a Reader pointer), a chunk at a time, so that no part is ever
 * held whole and the size the archive states is never allocated: reading
 * stops as soon as more comes out than it states. False if the part is
 * missing and not required (nothing failed). */
static bool parse(Reader *r, const char *part, bool required, void *ud,
                  XML_StartElementHandler start, XML_EndElementHandler end,
                  XML_CharacterDataHandler chars)
{
    if (r->rc != ERR_OK)
        return true;
    zip_int64_t idx = zip_name_locate(r->zip, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (required)
            fail(r, ERR_INVALID, "%s: missing, not an XLSX file", part);
        return required;
    }
    zip_stat_t st;
    if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE)) {
        fail(r, ERR_INVALID, "%s: damaged (%s)", part, zip_strerror(r->zip));
        return true;
    }
    if (!within_limits(r, part, st.size, st.comp_size, r->total + st.size))
        return true;
    zip_file_t *f = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
    if (!f) {
        fail(r, ERR_INVALID, "%s: cannot be read (%s)", part, zip_strerror(r->zip));
        return true;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        zip_fclose(f);
        fail(r, ERR_INVALID, "%s: out of memory", part);
        return true;
    }
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    if (chars)
        XML_SetCharacterDataHandler(p, chars);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    r->xml = p;
    r->part = part;
    r->where[0] = '\0';
    char *chunk = xmalloc(CHUNK);
    zip_uint64_t got = 0;
    while (r->rc == ERR_OK) {
        zip_int64_t n = zip_fread(f, chunk, CHUNK);
        if (n < 0) {
            fail(r, ERR_INVALID, "%s: damaged (%s)", part, zip_file_strerror(f));
            break;
        }
        got += (zip_uint64_t)n;
        r->total += (zip_uint64_t)n;
        if (!within_limits(r, part, got, st.comp_size, r->total))
            break;
        if (got > st.size || (n == 0 && got < st.size)) {
            fail(r, ERR_INVALID, "%s: damaged (%s than the %llu bytes it states)", part,
                 got > st.size ? "longer" : "shorter", (unsigned long long)st.size);
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (r->rc == ERR_OK) {
                unsigned long line = (unsigned long)XML_GetCurrentLineNumber(p);
                const char *what = XML_ErrorString(XML_GetErrorCode(p));
                if (r->where[0])
                    fail(r, ERR_INVALID, "%s: %s (%s, line %lu)", r->where, what, part, line);
                else
                    fail(r, ERR_INVALID, "%s: %s (line %lu)", part, what, line);
            }
            break;
        }
        if (n == 0)
            break;
    }
    free(chunk);
    zip_fclose(f);
    r->xml = NULL;
    XML_ParserFree(p);
    return true;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* OOXML writes characters XML cannot hold (control characters) as _xHHHH_,
 * and a literal "_x" as _x005F_: undone here, into the arena. */
static const char *unescape(Reader *r, const char *s, size_t len)
{
    if (!memchr(s, '_', len))
        return arena_strndup(r->arena, s, len);
    Buf b = BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        unsigned cp = 0;
        bool ok = i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
        for (size_t k = 2; ok && k < 6; k++) {
            int d = hex_digit(s[i + k]);
            ok = d >= 0;
            cp = cp * 16 + (unsigned)(d >= 0 ? d : 0);
        }
        if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            buf_putc(&b, s[i]);
            continue;
        }
        if (cp < 0x80) {
            buf_putc(&b, (char)cp);
        } else if (cp < 0x800) {
            buf_putc(&b, (char)(0xC0 | (cp >> 6)));
            buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
        } else {
            buf_putc(&b, (char)(0xE0 | (cp >> 12)));
            buf_putc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
            buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
        }
        i += 6;
    }
    const char *out = arena_strndup(r->arena, b.data, b.len);
    buf_free(&b);
    return out;
}

/* ---- xl/workbook.xml and its relationships ---- */

typedef struct WorkbookParse {
    Reader *r;
    const char **names, **ids; /* arena */
    int n, cap;
} WorkbookParse;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    WorkbookParse *w = ud;
    const char *el = local(name);
    if (strcmp(el, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        w->r->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(el, "sheet") == 0) {
        const char *sname = attr(atts, "name"), *id = attr(atts, "id");
        if (!sname || !id) {
            fail(w->r, ERR_INVALID, "%s: a sheet without a name or r:id", w->r->part);
            return;
        }
        if (w->n >= XLSX_MAX_SHEETS) {
            fail(w->r, ERR_TOO_BIG, "%s: more than %d sheets", w->r->part, XLSX_MAX_SHEETS);
            return;
        }
        if (w->n == w->cap) {
            w->cap = w->cap ? 2 * w->cap : 8;
            w->names = xrealloc(w->names, sizeof(*w->names) * (size_t)w->cap);
            w->ids = xrealloc(w->ids, sizeof(*w->ids) * (size_t)w->cap);
        }
        w->names[w->n] = arena_strdup(w->r->arena, sname);
        w->ids[w->n++] = arena_strdup(w->r->arena, id);
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

typedef struct RelsParse {
    Reader *r;
    const char **ids, **targets; /* arena */
    int n, cap;
} RelsParse;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    RelsParse *p = ud;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (!id || !target)
        return;
    if (p->n >= XLSX_MAX_ENTRIES) { /* no more parts to point at than that */
        fail(p->r, ERR_TOO_BIG, "%s: more than %d relationships", p->r->part, XLSX_MAX_ENTRIES);
        return;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 8;
        p->ids = xrealloc(p->ids, sizeof(*p->ids) * (size_t)p->cap);
        p->targets = xrealloc(p->targets, sizeof(*p->targets) * (size_t)p->cap);
    }
    p->ids[p->n] = arena_strdup(p->r->arena, id);
    /* Targets are relative to xl/, or absolute from the archive's root. */
    p->targets[p->n++] = target[0] == '/' ? arena_strdup(p->r->arena, target + 1)
                                          : arena_printf(p->r->arena, "xl/%s", target);
}

/* ---- xl/sharedStrings.xml ---- */

typedef struct SharedParse {
    Reader *r;
    Buf text;
    int in_si, in_t, in_rph; /* rPh: phonetic guides (furigana), not part of the text */
    const char **strings;    /* malloc'd array of arena strings */
    size_t n, cap;
} SharedParse;

static void XMLCALL ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    SharedParse *p = ud;
    const char *el = local(name);
    if (strcmp(el, "si") == 0) {
        p->in_si = 1;
        buf_reset(&p->text);
        snprintf(p->r->where, sizeof(p->r->where), "shared string %zu", p->n);
    } else if (strcmp(el, "t") == 0) {
        p->in_t++;
    } else if (strcmp(el, "rPh") == 0) {
        p->in_rph++;
    }
}

static void XMLCALL ss_end(void *ud, const XML_Char *name)
{
    SharedParse *p = ud;
    const char *el = local(name);
    if (strcmp(el, "si") == 0 && p->in_si) {
        if (p->n >= XLSX_MAX_SHARED) {
            fail(p->r, ERR_TOO_BIG, "%s: more than %d shared strings", p->r->part, XLSX_MAX_SHARED);
            return;
        }
        if (p->n == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 256;
            p->strings = xrealloc(p->strings, sizeof(*p->strings) * p->cap);
        }
        p->strings[p->n++] = unescape(p->r, p->text.data, p->text.len);
        p->in_si = 0;
        p->r->where[0] = '\0';
    } else if (strcmp(el, "t") == 0 && p->in_t) {
        p->in_t--;
    } else if (strcmp(el, "rPh") == 0 && p->in_rph) {
        p->in_rph--;
    }
}

static void XMLCALL ss_chars(void *ud, const XML_Char *s, int len)
{
    SharedParse *p = ud;
    if (p->in_si && p->in_t && !p->in_rph)
        buf_append(&p->text, s, (size_t)len);
}

/* ---- xl/styles.xml: which cell styles show dates ---- */

/* Built-in formats that show dates: 14-22 everywhere, and those a Japanese
 * (or other East Asian) Excel shows as 令和元年9月11日 and the like. */
static bool builtin_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
           (id >= 50 && id <= 58);
}

/* A custom format shows a date if, outside quoted text, escapes and
 * [brackets], it has y or d, or an m that is not minutes: yyyy"年"m"月"d"日"
 * is a date, 0"日" and [h]:mm are not. Only the first section counts. */
static bool code_is_date(const char *code)
{
    bool ym = false, m = false, time = false;
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = (char)tolower((unsigned char)*p);
        if (c == '"') {
            p = strchr(p + 1, '"');
            if (!p)
                break;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (p[1])
                p++;
        } else if (c == '[') {
            char next = (char)tolower((unsigned char)p[1]);
            time |= next == 'h' || next == 'm' || next == 's';
            p = strchr(p, ']');
            if (!p)
                break;
        } else if (c == 'y' || c == 'd') {
            ym = true;
        } else if (c == 'm') {
            m = true;
        } else if (c == 'h' || c == 's') {
            time = true;
        }
    }
    return ym || (m && !time);
}

typedef struct StylesParse {
    Reader *r;
    long *fmt_ids; /* custom formats that are dates: their ids */
    size_t nfmt, fmt_cap;
    int in_xfs;
    long *xf_fmt; /* per cellXfs index: its numFmtId (malloc'd) */
    size_t nxf, xf_cap;
} StylesParse;

static int long_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    StylesParse *p = ud;
    const char *el = local(name);
    if (strcmp(el, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code && code_is_date(code)) {
            if (p->nfmt >= XLSX_MAX_STYLES) {
                fail(p->r, ERR_TOO_BIG, "%s: more than %d number formats", p->r->part,
                     XLSX_MAX_STYLES);
                return;
            }
            if (p->nfmt == p->fmt_cap) {
                p->fmt_cap = p->fmt_cap ? 2 * p->fmt_cap : 16;
                p->fmt_ids = xrealloc(p->fmt_ids, sizeof(*p->fmt_ids) * p->fmt_cap);
            }
            p->fmt_ids[p->nfmt++] = strtol(id, NULL, 10);
        }
    } else if (strcmp(el, "cellXfs") == 0) {
        p->in_xfs++;
    } else if (strcmp(el, "xf") == 0 && p->in_xfs) {
        const char *v = attr(atts, "numFmtId");
        if (p->nxf >= XLSX_MAX_STYLES) {
            fail(p->r, ERR_TOO_BIG, "%s: more than %d cell formats", p->r->part, XLSX_MAX_STYLES);
            return;
        }
        if (p->nxf == p->xf_cap) {
            p->xf_cap = p->xf_cap ? 2 * p->xf_cap : 32;
            p->xf_fmt = xrealloc(p->xf_fmt, sizeof(*p->xf_fmt) * p->xf_cap);
        }
        p->xf_fmt[p->nxf++] = v ? strtol(v, NULL, 10) : 0;
    }
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
    StylesParse *p = ud;
    if (strcmp(local(name), "cellXfs") == 0 && p->in_xfs)
        p->in_xfs--;
}

/* ---- the sheets ---- */

/* "B3" -> row 3, col 2; returns the end of the reference, or NULL. */
static const char *parse_ref(const char *s, int *row, int *col)
{
    int c = 0, r = 0, nc = 0, nr = 0;
    for (; nc < 4 && *s >= 'A' && *s <= 'Z'; s++, nc++)
        c = c * 26 + (*s - 'A' + 1);
    for (; nr < 8 && *s >= '0' && *s <= '9'; s++, nr++)
        r = r * 10 + (*s - '0');
    if (nc == 0 || nc > 3 || nr == 0 || nr > 7 || c > XLSX_MAX_COLS || r < 1 || r > XLSX_MAX_ROWS)
        return NULL;
    *row = r;
    *col = c;
    return s;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The serial v as YYYY-MM-DD in out, or false if it is no date (text, out of
 * 1900-01-01..9999-12-31, or Excel's 1900-02-29 that never was). */
static bool serial_date(const char *v, bool date1904, char out[32])
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= (date1904 ? 0 : 1) && x < 2958466))
        return false;
    long n = (long)x, days; /* x >= 0: truncation is floor */
    if (date1904)
        days = n - 24107;
    else if (n == 60)
        return false;
    else /* Excel counts 1900 as a leap year: after serial 60 it is one day ahead */
        days = n < 60 ? n - 25568 : n - 25569;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (y > 9999)
        return false;
    snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
    return true;
}

typedef struct RawCell {
    int row, col;
    long seq; /* order in the file: the last of two cells at one place wins */
    const char *text;
} RawCell;

typedef struct SheetParse {
    Reader *r;
    const char *sheet; /* its name, for messages */
    RawCell *cells;    /* malloc'd */
    size_t n, cap;
    Merge *merges; /* malloc'd */
    size_t nmerges, merge_cap;
    int in_data, row, col; /* current row, last column (for cells without r) */
    bool in_cell;
    int c_row, c_col, c_style;
    char c_type[16];
    int in_v, in_is, in_t, in_rph;
    Buf v, is;
} SheetParse;

static void cell_start(SheetParse *p, const XML_Char **atts)
{
    const char *ref = attr(atts, "r"), *type = attr(atts, "t"), *style = attr(atts, "s");
    int row = p->row, col = p->col + 1;
    if (ref) {
        const char *end = parse_ref(ref, &row, &col);
        if (!end || *end) {
            fail(p->r, ERR_INVALID, "%s: a cell with the reference \"%.20s\" (%s)", p->sheet, ref,
                 p->r->part);
            return;
        }
    }
    if (row < 1 || col > XLSX_MAX_COLS) {
        fail(p->r, ERR_TOO_BIG, "%s: row %d: more than %d columns (%s)", p->sheet, row,
             XLSX_MAX_COLS, p->r->part);
        return;
    }
    p->row = row;
    p->col = col;
    p->in_cell = true;
    p->c_row = row;
    p->c_col = col;
    p->c_style = style ? atoi(style) : 0;
    snprintf(p->c_type, sizeof(p->c_type), "%s", type ? type : "n");
    p->in_v = p->in_is = p->in_t = p->in_rph = 0;
    buf_reset(&p->v);
    buf_reset(&p->is);
    char name[8];
    table_col_name(col, name);
    snprintf(p->r->where, sizeof(p->r->where), "%.40s!%s%d", p->sheet, name, row);
}

/* The text the finished cell shows, or NULL after a failure. */
static const char *cell_text(SheetParse *p)
{
    Reader *r = p->r;
    const char *t = p->c_type, *v = p->v.data;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long long i = strtoull(v, &end, 10);
        if (end == v || *end || v[0] == '-' || i >= r->nshared) {
            fail(r, ERR_INVALID, "%s: shared string \"%.20s\" does not exist", r->where, v);
            return NULL;
        }
        return r->shared[i];
    }
    if (strcmp(t, "inlineStr") == 0)
        return unescape(r, p->is.data, p->is.len);
    if (strcmp(t, "str") == 0)
        return unescape(r, v, p->v.len);
    if (strcmp(t, "b") == 0)
        return strcmp(v, "1") == 0   ? "TRUE"
               : strcmp(v, "0") == 0 ? "FALSE"
                                     : arena_strdup(r->arena, v);
    if (strcmp(t, "d") == 0) /* an ISO 8601 date (strict files): its date part */
        return p->v.len >= 10 && v[4] == '-' ? arena_strndup(r->arena, v, 10)
                                             : arena_strdup(r->arena, v);
    char date[32];
    if (strcmp(t, "n") == 0 && p->c_style >= 0 && (size_t)p->c_style < r->nxf &&
        r->xf_date[p->c_style] && serial_date(v, r->date1904, date))
        return arena_strdup(r->arena, date);
    return arena_strdup(r->arena, v);
}

static void cell_end(SheetParse *p)
{
    Reader *r = p->r;
    p->in_cell = false;
    const char *text = cell_text(p);
    if (text && text[0]) {
        if (!utf8_valid(text, strlen(text))) {
            fail(r, ERR_INVALID, "%s: invalid UTF-8", r->where);
            return;
        }
        if (r->ncells >= XLSX_MAX_CELLS) {
            fail(r, ERR_TOO_BIG, "%s: more than %d cells in the workbook", p->sheet,
                 XLSX_MAX_CELLS);
            return;
        }
        r->ncells++;
        if (p->n == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 256;
            p->cells = xrealloc(p->cells, sizeof(*p->cells) * p->cap);
        }
        p->cells[p->n] = (RawCell){p->c_row, p->c_col, (long)p->n, text};
        p->n++;
    }
    r->where[0] = '\0';
}

static void merge_cell(SheetParse *p, const char *ref)
{
    Merge m;
    const char *end = ref ? parse_ref(ref, &m.row1, &m.col1) : NULL;
    if (end && *end == ':')
        end = parse_ref(end + 1, &m.row2, &m.col2);
    else if (end && !*end) /* a single cell: nothing merged, but harmless */
        m.row2 = m.row1, m.col2 = m.col1;
    if (!end || *end) {
        fail(p->r, ERR_INVALID, "%s: a merged range \"%.20s\" (%s)", p->sheet, ref ? ref : "",
             p->r->part);
        return;
    }
    if (m.row2 < m.row1) {
        int t = m.row1;
        m.row1 = m.row2, m.row2 = t;
    }
    if (m.col2 < m.col1) {
        int t = m.col1;
        m.col1 = m.col2, m.col2 = t;
    }
    if (p->r->nmerges >= XLSX_MAX_MERGES) {
        fail(p->r, ERR_TOO_BIG, "%s: more than %d merged ranges in the workbook (%s)", p->sheet,
             XLSX_MAX_MERGES, p->r->part);
        return;
    }
    p->r->nmerges++;
    if (p->nmerges == p->merge_cap) {
        p->merge_cap = p->merge_cap ? 2 * p->merge_cap : 16;
        p->merges = xrealloc(p->merges, sizeof(*p->merges) * p->merge_cap);
    }
    p->merges[p->nmerges++] = m;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    SheetParse *p = ud;
    const char *el = local(name);
    if (p->in_cell) {
        if (strcmp(el, "v") == 0)
            p->in_v++;
        else if (strcmp(el, "is") == 0)
            p->in_is++;
        else if (strcmp(el, "t") == 0)
            p->in_t++;
        else if (strcmp(el, "rPh") == 0)
            p->in_rph++;
    } else if (strcmp(el, "sheetData") == 0) {
        p->in_data = 1;
    } else if (strcmp(el, "row") == 0 && p->in_data) {
        const char *rr = attr(atts, "r");
        char *end = NULL;
        long row = rr ? strtol(rr, &end, 10) : p->row + 1L;
        if (rr && (end == rr || *end))
            row = 0;
        if (row > XLSX_MAX_ROWS) { /* (strtol gives LONG_MAX past it: the text is named) */
            char num[24];
            snprintf(num, sizeof(num), "%ld", row);
            fail(p->r, ERR_TOO_BIG, "%s: row %.20s, past the last row of a sheet (%d) (%s)",
                 p->sheet, rr ? rr : num, XLSX_MAX_ROWS, p->r->part);
            return;
        }
        if (row < 1) {
            fail(p->r, ERR_INVALID, "%s: a row numbered \"%.20s\" (%s)", p->sheet, rr ? rr : "",
                 p->r->part);
            return;
        }
        p->row = (int)row;
        p->col = 0;
    } else if (strcmp(el, "c") == 0 && p->in_data) {
        cell_start(p, atts);
    } else if (strcmp(el, "mergeCell") == 0) {
        merge_cell(p, attr(atts, "ref"));
    }
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
    SheetParse *p = ud;
    const char *el = local(name);
    if (!p->in_cell) {
        if (strcmp(el, "sheetData") == 0)
            p->in_data = 0;
        return;
    }
    if (strcmp(el, "c") == 0)
        cell_end(p);
    else if (strcmp(el, "v") == 0 && p->in_v)
        p->in_v--;
    else if (strcmp(el, "is") == 0 && p->in_is)
        p->in_is--;
    else if (strcmp(el, "t") == 0 && p->in_t)
        p->in_t--;
    else if (strcmp(el, "rPh") == 0 && p->in_rph)
        p->in_rph--;
}

static void XMLCALL sh_chars(void *ud, const XML_Char *s, int len)
{
    SheetParse *p = ud;
    if (!p->in_cell)
        return;
    if (p->in_v)
        buf_append(&p->v, s, (size_t)len);
    else if (p->in_is && p->in_t && !p->in_rph)
        buf_append(&p->is, s, (size_t)len);
}

static int raw_cmp(const void *a, const void *b)
{
    const RawCell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void read_sheet(Reader *r, const char *name, const char *part, TableSheet *out)
{
    SheetParse p = {.r = r, .sheet = name, .v = BUF_INIT, .is = BUF_INIT};
    parse(r, part, true, &p, sh_start, sh_end, sh_chars);
    out->name = name;
    if (r->rc == ERR_OK) {
        if (p.n)
            qsort(p.cells, p.n, sizeof(*p.cells), raw_cmp);
        out->cells = ARENA_ARRAY(r->arena, Cell, p.n ? p.n : 1);
        for (size_t i = 0; i < p.n; i++) {
            if (i + 1 < p.n && p.cells[i + 1].row == p.cells[i].row &&
                p.cells[i + 1].col == p.cells[i].col)
                continue; /* the later one of the two stands */
            out->cells[out->ncells++] = (Cell){p.cells[i].row, p.cells[i].col, p.cells[i].text};
            if (p.cells[i].row > out->nrows)
                out->nrows = p.cells[i].row;
            if (p.cells[i].col > out->ncols)
                out->ncols = p.cells[i].col;
        }
        out->merges = ARENA_ARRAY(r->arena, Merge, p.nmerges ? p.nmerges : 1);
        for (size_t i = 0; i < p.nmerges; i++) {
            out->merges[out->nmerges++] = p.merges[i];
            if (p.merges[i].row2 > out->nrows)
                out->nrows = p.merges[i].row2;
            if (p.merges[i].col2 > out->ncols)
                out->ncols = p.merges[i].col2;
        }
    }
    free(p.cells);
    free(p.merges);
    buf_free(&p.v);
    buf_free(&p.is);
}

/* The shared strings and the date styles, both optional parts. */
static void read_common(Reader *r)
{
    SharedParse sp = {.r = r, .text = BUF_INIT};
    if (parse(r, "xl/sharedStrings.xml", false, &sp, ss_start, ss_end, ss_chars) &&
        r->rc == ERR_OK) {
        r->shared = ARENA_ARRAY(r->arena, const char *, sp.n ? sp.n : 1);
        if (sp.n)
            memcpy(r->shared, sp.strings, sizeof(*sp.strings) * sp.n);
        r->nshared = sp.n;
    }
    free(sp.strings);
    buf_free(&sp.text);
    StylesParse p = {.r = r};
    if (parse(r, "xl/styles.xml", false, &p, st_start, st_end, NULL) && r->rc == ERR_OK) {
        /* Resolved once all is read: sorted, the custom formats are found in
         * log time, and their place in the file does not matter. */
        if (p.nfmt)
            qsort(p.fmt_ids, p.nfmt, sizeof(*p.fmt_ids), long_cmp);
        r->xf_date = ARENA_ARRAY(r->arena, bool, p.nxf ? p.nxf : 1);
        for (size_t i = 0; i < p.nxf; i++)
            r->xf_date[i] =
                builtin_date(p.xf_fmt[i]) ||
                (p.nfmt && bsearch(&p.xf_fmt[i], p.fmt_ids, p.nfmt, sizeof(*p.fmt_ids), long_cmp));
        r->nxf = p.nxf;
    }
    free(p.fmt_ids);
    free(p.xf_fmt);
}

static void read_workbook(Reader *r, Table *out)
{
    WorkbookParse w = {.r = r};
    parse(r, "xl/workbook.xml", true, &w, wb_start, no_end, NULL);
    RelsParse rels = {.r = r};
    parse(r, "xl/_rels/workbook.xml.rels", true, &rels, rels_start, no_end, NULL);
    if (r->rc == ERR_OK && w.n == 0)
        fail(r, ERR_INVALID, "xl/workbook.xml: no sheets");
    if (r->rc == ERR_OK)
        read_common(r);
    if (r->rc == ERR_OK) {
        out->sheets = ARENA_ARRAY(r->arena, TableSheet, (size_t)w.n);
        out->nsheets = w.n;
    }
    for (int i = 0; i < w.n && r->rc == ERR_OK; i++) {
        const char *target = NULL;
        for (int k = 0; k < rels.n && !target; k++)
            if (strcmp(rels.ids[k], w.ids[i]) == 0)
                target = rels.targets[k];
        if (!target)
            fail(r, ERR_INVALID, "xl/_rels/workbook.xml.rels: no target for sheet %s (%s)",
                 w.names[i], w.ids[i]);
        else
            read_sheet(r, w.names[i], target, &out->sheets[i]);
    }
    free(w.names);
    free(w.ids);
    free(rels.ids);
    free(rels.targets);
}

Err xlsx_read(const void *data, size_t len, Arena *arena, Table *out, char **err)
{
    *out = (Table){0};
    if (err)
        *err = NULL;
    Reader r = {.arena = arena, .msg = BUF_INIT};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = len ? zip_source_buffer_create(data, len, 0, &ze) : NULL;
    if (src) {
        r.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!r.zip)
            zip_source_free(src);
    }
    if (!r.zip)
        fail(&r, ERR_INVALID, "not an XLSX file (%s)",
             len ? zip_error_strerror(&ze) : "the file is empty");
    zip_error_fini(&ze);
    if (r.zip) {
        /* libzip has read the central directory by now, its size checked
         * against the file's; each entry is a name to search below. */
        zip_int64_t n = zip_get_num_entries(r.zip, 0);
        if (n > XLSX_MAX_ENTRIES)
            fail(&r, ERR_TOO_BIG, "the archive has %lld entries, more than %d: not an XLSX file",
                 (long long)n, XLSX_MAX_ENTRIES);
        else
            read_workbook(&r, out);
        zip_discard(r.zip);
    }
    if (r.rc != ERR_OK) {
        *out = (Table){0};
        if (err)
            *err = buf_take(&r.msg);
    }
    buf_free(&r.msg);
    return r.rc;
}
