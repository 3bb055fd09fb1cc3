/* The sheet as CSV: one row per project and fiscal year, every column named,
 * RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so that Excel reads it,
 * or CP932 (Shift_JIS as Excel writes it) on request. The summary and the
 * indicators the same way, each a file of its own (see CsvContent). */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export/export.h"
#include "export/table_text.h"

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

/* A heading: the column it names is itself, should CP932 lack a character. */
static void put_heading(CsvWriter *w, const char *text, bool first)
{
    put_field(w, text, text, first);
}

/* A number we wrote ourselves ("-12.5"), never a row's first field: never a
 * formula, so no apostrophe, and a spreadsheet reads it as a number. */
static void put_number(CsvWriter *w, const char *col, const char *digits)
{
    w->col = col;
    put_text(w, ",", 1);
    put_text(w, digits, strlen(digits));
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
    put_heading(w, msg(l->lang, M_COL_FISCAL_YEAR), i == 0);
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
        put_field(w, l->cols[i].heading, sheet_file_cell(l, &l->cols[i], in, p, w->arena), i == 0);
    put_field(w, year_heading, sheet_fy_name(l->sheet->years[y], l->era, w->arena), i == 0);
    for (; i < l->ncols; i++)
        if (l->cols[i].year == y)
            put_field(w, l->cols[i].heading, sheet_file_cell(l, &l->cols[i], in, p, w->arena),
                      false);
    put_row_end(w);
}

static void write_sheet(CsvWriter *w)
{
    write_header(w);
    const Sheet *s = w->l->sheet;
    for (int i = 0; i < s->ninitiatives && !w->err; i++) {
        const SheetInitiative *in = &s->initiatives[i];
        for (int j = 0; j < (in->nprojects ? in->nprojects : 1) && !w->err; j++)
            for (int y = 0; y < s->nyears && !w->err; y++)
                write_row(w, in, in->nprojects ? &in->projects[j] : NULL, y);
    }
}

/* ---------- 集計 ---------- */

/* The grades of every table, each heading once in order of first sight:
 * one table with a column per grade, so that Excel filters and sums it;
 * a grade another field's scale lacks is an empty cell. */
static int summary_grades(CsvWriter *w, const Summary *sum, const char ***out)
{
    int cap = 0, n = 0;
    for (int i = 0; i < sum->ntables; i++)
        cap += sum->tables[i].ngrades;
    const char **names = ARENA_ARRAY(w->arena, const char *, (size_t)cap + 1);
    for (int i = 0; i < sum->ntables; i++)
        for (int g = 0; g < sum->tables[i].ngrades; g++) {
            const char *h = table_grade_heading(&sum->tables[i].grades[g], w->arena);
            int k = 0;
            while (k < n && strcmp(names[k], h) != 0)
                k++;
            if (k == n)
                names[n++] = h;
        }
    *out = names;
    return n;
}

static void write_summary_row(CsvWriter *w, const SummaryTable *t, const SummaryRow *r,
                              const char **grades, int ngrades, const char *level)
{
    const SheetLayout *l = w->l;
    put_field(w, msg(l->lang, M_COL_FISCAL_YEAR), sheet_fy_name(t->year, l->era, w->arena), true);
    put_field(w, msg(l->lang, M_SUM_FIELD), t->field->label, false);
    put_field(w, level, table_summary_row(l, r, w->arena), false);
    for (int k = 0; k < ngrades; k++) {
        int g = 0;
        while (g < t->ngrades && strcmp(table_grade_heading(&t->grades[g], w->arena), grades[k]))
            g++;
        if (g < t->ngrades)
            put_number(w, grades[k], arena_printf(w->arena, "%d", r->counts[g]));
        else
            put_field(w, grades[k], "", false);
    }
    put_number(w, msg(l->lang, M_SUM_ANSWERS), arena_printf(w->arena, "%d", r->answers));
    double avg;
    const char *average = msg(l->lang, M_SUM_AVERAGE);
    if (t->has_points && summary_average(r, &avg))
        put_number(w, average, arena_printf(w->arena, "%.2f", avg));
    else /* as the XLSX: a dash where no answer had points, nothing for a choice list */
        put_field(w, average, t->has_points ? msg(l->lang, M_SUM_NONE) : "", false);
    put_row_end(w);
}

/* 年度, 評価項目, 方向性, a column per grade, 回答数, 平均点; a row per year,
 * rating field and direction, then the whole plan's. */
static void write_summary(CsvWriter *w)
{
    static const Summary none = {0};
    const SheetLayout *l = w->l;
    const Summary *sum = l->summary ? l->summary : &none;
    const char **grades;
    int ngrades = summary_grades(w, sum, &grades);
    const char *level = l->sheet->nlevels ? l->sheet->levels[0] : "";
    put_heading(w, msg(l->lang, M_COL_FISCAL_YEAR), true);
    put_heading(w, msg(l->lang, M_SUM_FIELD), false);
    put_heading(w, level, false);
    for (int k = 0; k < ngrades; k++)
        put_heading(w, grades[k], false);
    put_heading(w, msg(l->lang, M_SUM_ANSWERS), false);
    put_heading(w, msg(l->lang, M_SUM_AVERAGE), false);
    put_row_end(w);
    for (int i = 0; i < sum->ntables && !w->err; i++)
        for (int r = 0; r < sum->tables[i].nrows && !w->err; r++)
            write_summary_row(w, &sum->tables[i], &sum->tables[i].rows[r], grades, ngrades, level);
}

/* ---------- 評価指標 ---------- */

static void write_indicator_header(CsvWriter *w, const int *years, int nyears)
{
    const SheetLayout *l = w->l;
    static const MsgId fixed[] = {M_IND_NAME,   M_IND_UNIT,      M_IND_BASELINE, M_IND_BASELINE_FY,
                                  M_IND_TARGET, M_IND_TARGET_FY, M_IND_BETTER};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        put_heading(w, msg(l->lang, fixed[i]), i == 0);
    for (int y = 0; y < nyears; y++)
        for (int rate = 0; rate < 2; rate++)
            put_heading(w, table_year_heading(l, years[y], rate, " ", w->arena), false);
    put_heading(w, msg(l->lang, M_IND_INITIATIVE), false);
    put_heading(w, msg(l->lang, M_IND_SOURCE), false);
    put_row_end(w);
}

/* One indicator: a dash for a year without an actual or a rate, as the
 * sheet shows it. */
static void write_indicator(CsvWriter *w, const Indicator *x)
{
    const SheetLayout *l = w->l;
    const char *dash = msg(l->lang, M_IND_NO_VALUE);
    put_field(w, msg(l->lang, M_IND_NAME), x->name, true);
    put_field(w, msg(l->lang, M_IND_UNIT), x->unit, false);
    put_number(w, msg(l->lang, M_IND_BASELINE), x->baseline);
    put_field(w, msg(l->lang, M_IND_BASELINE_FY), sheet_fy_name(x->baseline_fy, l->era, w->arena),
              false);
    put_number(w, msg(l->lang, M_IND_TARGET), x->target);
    put_field(w, msg(l->lang, M_IND_TARGET_FY), sheet_fy_name(x->target_fy, l->era, w->arena),
              false);
    put_field(w, msg(l->lang, M_IND_BETTER),
              msg(l->lang, x->higher_is_better ? M_IND_HIGHER : M_IND_LOWER), false);
    for (int y = 0; y < x->nyears; y++) {
        const IndicatorYear *iy = &x->years[y];
        const char *actual = table_year_heading(l, iy->fy, false, " ", w->arena);
        const char *rate = table_year_heading(l, iy->fy, true, " ", w->arena);
        if (iy->has_actual)
            put_number(w, actual, iy->actual_text);
        else
            put_field(w, actual, dash, false);
        if (iy->has_rate)
            put_number(w, rate, iy->rate_text);
        else
            put_field(w, rate, dash, false);
    }
    put_field(w, msg(l->lang, M_IND_INITIATIVE), table_indicator_initiative(l, x), false);
    put_field(w, msg(l->lang, M_IND_SOURCE), table_indicator_source(l, x, w->arena), false);
    put_row_end(w);
}

/* 指標名, 単位, 基準値, 基準年度, 目標値, 目標年度, 望ましい方向, each year's
 * 実績値 and 達成率（%）, 取組み, 実績値の出典: the XLSX's worksheet as one
 * table. */
static void write_indicators(CsvWriter *w)
{
    const IndicatorSet *set = w->l->indicators;
    const Sheet *s = w->l->sheet;
    int n = set ? set->n : 0;
    if (n == 0) {
        write_indicator_header(w, s->years, s->nyears);
        return;
    }
    int *years = ARENA_ARRAY(w->arena, int, (size_t)set->items[0].nyears + 1);
    for (int y = 0; y < set->items[0].nyears; y++)
        years[y] = set->items[0].years[y].fy;
    write_indicator_header(w, years, set->items[0].nyears);
    for (int i = 0; i < n && !w->err; i++)
        write_indicator(w, &set->items[i]);
}

Err export_csv(const SheetLayout *l, const CsvOptions *o, Buf *out, char **err)
{
    return export_csv_of(l, o, CSV_SHEET, out, err);
}

Err export_csv_of(const SheetLayout *l, const CsvOptions *o, CsvContent what, Buf *out, char **err)
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
    if (what == CSV_SUMMARY)
        write_summary(&w);
    else if (what == CSV_INDICATORS)
        write_indicators(&w);
    else
        write_sheet(&w);
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
