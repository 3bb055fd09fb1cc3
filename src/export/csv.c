/* The sheet as CSV: one row per project and fiscal year, every column named,
 * RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so that Excel reads it,
 * or CP932 (Shift_JIS as Excel writes it) on request. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export/export.h"

typedef struct CsvWriter {
    const SheetLayout *l;
    const CsvOptions *o;
    Buf *out;
    iconv_t cd;      /* UTF-8 -> CP932, or (iconv_t)-1 for UTF-8 output */
    int row;         /* the CSV line being written, 1-based as Excel counts */
    const char *col; /* the heading of the column being written */
    char *err;       /* the first error, malloc'd */
    Arena *arena;
} CsvWriter;

/* A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before
 * one) as a formula; a leading apostrophe keeps it text (OWASP's advice). */
static bool formula_like(const char *s)
{
    return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

/* The UTF-8 character at s, its length in *len and code point in *cp. */
static void utf8_char(const char *s, size_t *len, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        *cp = u[0];
    } else if ((u[0] & 0xE0) == 0xC0) {
        *len = 2;
        *cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    } else if ((u[0] & 0xF0) == 0xE0) {
        *len = 3;
        *cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    } else {
        *len = 4;
        *cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
              (u[3] & 0x3Fu);
    }
}

static void cp932_error(CsvWriter *w, const char *at)
{
    size_t len;
    unsigned cp;
    utf8_char(at, &len, &cp);
    char row[16], ch[8] = "", code[16];
    snprintf(row, sizeof(row), "%d", w->row);
    memcpy(ch, at, len);
    snprintf(code, sizeof(code), "U+%04X", cp);
    const char *args[] = {row, w->col, ch, code};
    Lang other = w->l->lang == LANG_JA ? LANG_EN : LANG_JA;
    char *a = msg_fill(w->l->lang, M_ERR_CP932_CHAR, args, 4);
    char *b = msg_fill(other, M_ERR_CP932_CHAR, args, 4);
    Buf both = BUF_INIT;
    buf_printf(&both, "%s\n%s", a, b);
    w->err = buf_take(&both);
    free(a);
    free(b);
}

/* Appends s in the output encoding. */
static void put_text(CsvWriter *w, const char *s, size_t n)
{
    if (w->cd == (iconv_t)-1) {
        buf_append(w->out, s, n);
        return;
    }
    char *in = (char *)s;
    size_t left = n;
    while (left > 0 && !w->err) {
        buf_reserve(w->out, left * 2 + 16);
        char *o = w->out->data + w->out->len;
        size_t room = w->out->cap - w->out->len - 1;
        size_t before = room;
        size_t rc = iconv(w->cd, &in, &left, &o, &room);
        w->out->len += before - room;
        w->out->data[w->out->len] = '\0';
        if (rc != (size_t)-1 || errno == E2BIG)
            continue;
        if (!w->o->replacement) {
            cp932_error(w, in);
            return;
        }
        size_t len;
        unsigned cp;
        utf8_char(in, &len, &cp);
        in += len;
        left -= len < left ? len : left;
        iconv(w->cd, NULL, NULL, NULL, NULL);
        const char *rep = w->o->replacement;
        CsvOptions plain = *w->o;
        plain.replacement = NULL;
        const CsvOptions *saved = w->o;
        w->o = &plain; /* a replacement CP932 cannot hold is an error, not a loop */
        put_text(w, rep, strlen(rep));
        w->o = saved;
    }
}

static void put_field(CsvWriter *w, const char *col, const char *s, bool first)
{
    w->col = col;
    if (!first)
        put_text(w, ",", 1);
    bool quote = strpbrk(s, ",\"\r\n") != NULL || formula_like(s);
    if (!quote) {
        put_text(w, s, strlen(s));
        return;
    }
    put_text(w, "\"", 1);
    if (formula_like(s))
        put_text(w, "'", 1);
    for (const char *p = s; *p && !w->err;) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        put_text(w, p, n);
        if (!q)
            break;
        put_text(w, "\"\"", 2);
        p = q + 1;
    }
    put_text(w, "\"", 1);
}

static void put_row_end(CsvWriter *w)
{
    put_text(w, "\r\n", 2);
    w->row++;
}

static void write_header(CsvWriter *w)
{
    const SheetLayout *l = w->l;
    int i = 0;
    for (; i < l->ncols && l->cols[i].kind != COL_VALUE; i++)
        put_field(w, l->cols[i].heading, l->cols[i].heading, i == 0);
    put_field(w, "", msg(l->lang, M_COL_FISCAL_YEAR), i == 0);
    for (int f = 0; f < l->sheet->nfields; f++)
        put_field(w, l->sheet->fields[f].label, l->sheet->fields[f].label, false);
    put_row_end(w);
}

/* One row: the plan and project columns, the year, that year's fields. */
static void write_row(CsvWriter *w, const SheetInitiative *in, const SheetProject *p, int y)
{
    const SheetLayout *l = w->l;
    const char *year_heading = msg(l->lang, M_COL_FISCAL_YEAR);
    int i = 0;
    for (; i < l->ncols && l->cols[i].kind != COL_VALUE; i++)
        put_field(w, l->cols[i].heading, sheet_cell(l, &l->cols[i], in, p, w->arena), i == 0);
    put_field(w, year_heading, sheet_fy_name(l->sheet->years[y], l->era, w->arena), i == 0);
    for (; i < l->ncols; i++)
        if (l->cols[i].year == y)
            put_field(w, l->cols[i].heading, sheet_cell(l, &l->cols[i], in, p, w->arena), false);
    put_row_end(w);
}

Err export_csv(const SheetLayout *l, const CsvOptions *o, Buf *out, char **err)
{
    Arena arena;
    arena_init(&arena);
    CsvWriter w = {.l = l, .o = o, .out = out, .cd = (iconv_t)-1, .row = 1, .arena = &arena};
    if (o->encoding == CSV_CP932) {
        w.cd = iconv_open("CP932", "UTF-8");
        if (w.cd == (iconv_t)-1) {
            *err = strdup("iconv: CP932 is not available");
            arena_free(&arena);
            return ERR_IO;
        }
    } else {
        buf_append(out, "\xEF\xBB\xBF", 3);
    }
    write_header(&w);
    const Sheet *s = l->sheet;
    for (int i = 0; i < s->ninitiatives && !w.err; i++) {
        const SheetInitiative *in = &s->initiatives[i];
        for (int j = 0; j < (in->nprojects ? in->nprojects : 1) && !w.err; j++)
            for (int y = 0; y < s->nyears && !w.err; y++)
                write_row(&w, in, in->nprojects ? &in->projects[j] : NULL, y);
    }
    if (w.cd != (iconv_t)-1)
        iconv_close(w.cd);
    arena_free(&arena);
    if (w.err) {
        buf_reset(out);
        *err = w.err;
        return ERR_INVALID;
    }
    return ERR_OK;
}
