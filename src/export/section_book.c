/* A section workbook: the answer sheet (protected: only the answer cells
 * can be changed), and the instructions. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include <xlsxwriter.h>
#include "base/clock.h"
#include "base/era.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "export/section_book.h"
#include "export/xlsx_file.h"
#include "export/xlsx_page.h"
#include "model/answer.h"
#include "model/round.h"
#include "model/workbook.h"

enum {
    HEAD_FILL = 0xDCE6F1, /* headings, as the progress sheet's */
    LAST_FILL = 0xEDEDED, /* last year's answers: grey, for reference */
    EXAMPLE_FILL = 0xF7F7F7,
    EXAMPLE_FONT = 0x595959,
    MIN_ANSWER_LINES = 5, /* room to write in an empty answer cell */
    LIST_MAX_CHARS = 255, /* Excel's limit of a list validation's text */
};

/* Column widths in full-width characters. */
static const double KEY_WIDTH = 6, NUMBER_WIDTH = 5, PROJECT_WIDTH = 14, SUMMARY_WIDTH = 22,
                    LAST_WIDTH = 20, ANSWER_WIDTH = 26, LABEL_WIDTH = 14, TEXT_WIDTH = 50;
static const double LINE_PT = 15.0, PAD_PT = 3.0, MAX_ROW_PT = 409;

typedef struct Formats {
    lxw_format *title, *head, *cell, *last, *input, *example, *key, *label, *text, *bold;
} Formats;

typedef struct Book {
    Lang lang;
    Round round;            /* the round */
    Answer *answers;        /* the section's answers, in the city's order */
    const char **numbers;   /* each answer's initiative numbers */
    const char **keys;      /* each answer's signed key */
    int n;                  /* answers */
    WorkbookField *rules;   /* per field of the round (answers[0].fields) */
    const char *written_at; /* when, in Japan time */
    lxw_workbook *wb;       /* closed (written) at the end */
    lxw_worksheet *ws;      /* the answers */
    lxw_worksheet *howto;   /* the instructions */
    Formats f;              /* owned by wb */
    Arena *arena;           /* texts */
    lxw_error error;        /* the first failure */
} Book;

static void check(Book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->error == LXW_NO_ERROR)
        b->error = e;
}

static const char *M(const Book *b, MsgId id)
{
    return msg(b->lang, id);
}

/* Message id with up to three arguments, in the arena. */
static const char *fill(const Book *b, MsgId id, const char *a1, const char *a2, const char *a3)
{
    const char *args[3] = {a1 ? a1 : "", a2 ? a2 : "", a3 ? a3 : ""};
    char *s = msg_fill(b->lang, id, args, 3);
    const char *out = arena_strdup(b->arena, s);
    free(s);
    return out;
}

/* ---------- What is written ---------- */

/* The section's answers of the round that who may read, with their
 * initiative numbers, keys and the fields' rules. */
static Err load(Db *db, const Principal *who, int64_t round_id, int64_t section_id, Book *b)
{
    Arena *a = b->arena;
    Err e = round_get(db, a, who, round_id, &b->round);
    if (e != ERR_OK)
        return e;
    if (strcmp(b->round.status, "open") != 0)
        return ERR_CONFLICT;
    AnswerRow *rows;
    int nrows;
    if ((e = answer_list(db, a, who, round_id, &rows, &nrows)) != ERR_OK)
        return e;
    WorkbookSecret secret;
    if ((e = workbook_secret(db, &secret)) != ERR_OK)
        return e;
    b->answers = ARENA_ARRAY(a, Answer, (size_t)nrows + 1);
    b->numbers = ARENA_ARRAY(a, const char *, (size_t)nrows + 1);
    b->keys = ARENA_ARRAY(a, const char *, (size_t)nrows + 1);
    for (int i = 0; i < nrows && e == ERR_OK; i++) {
        if (rows[i].section_id != section_id)
            continue;
        Answer *an = &b->answers[b->n];
        if ((e = answer_get(db, a, who, rows[i].id, an)) != ERR_OK)
            break;
        e = workbook_initiatives(db, a, an->plan_id, an->project_id, &b->numbers[b->n]);
        char key[WORKBOOK_KEY_MAX];
        workbook_key_format(
            &secret,
            &(WorkbookKey){an->id, an->round_id, an->project_id, an->section_id, an->version}, key);
        b->keys[b->n++] = arena_strdup(a, key);
    }
    sodium_memzero(&secret, sizeof(secret));
    if (e == ERR_OK && b->n == 0)
        e = ERR_NOT_FOUND;
    if (e != ERR_OK)
        return e;
    const Answer *first = &b->answers[0];
    b->rules = ARENA_ARRAY(a, WorkbookField, (size_t)first->nfields + 1);
    for (int i = 0; i < first->nfields && e == ERR_OK; i++)
        e = workbook_field(db, a, first->fields[i].field_id, &b->rules[i]);
    char now[21];
    clock_now_iso(now);
    b->written_at = clock_jst(a, now, false);
    return e;
}

/* ---------- Texts ---------- */

static const char *fy_text(const Book *b)
{
    Buf t = BUF_INIT;
    era_format_fiscal_year(&t, b->round.fiscal_year, ERA_JAPANESE, 0);
    const char *s =
        fill(b, M_ROUND_LABEL, t.data, M(b, b->round.at_year_end ? M_CHECK_END : M_CHECK_START),
             arena_printf(b->arena, "%d", b->round.fiscal_year));
    buf_free(&t);
    return s;
}

/* A YYYY-MM-DD date as people read it: 令和3年6月30日, or as it is in English. */
static const char *date_text(const Book *b, const char *iso)
{
    int y, m, d;
    if (!iso || !*iso)
        return M(b, M_WB_INFO_NONE);
    if (b->lang == LANG_EN || era_parse_date(iso, &y, &m, &d) != 0)
        return iso;
    Buf t = BUF_INIT;
    era_format_date(&t, y, m, d, ERA_JAPANESE, 0);
    const char *s = arena_strdup(b->arena, t.data);
    buf_free(&t);
    return s;
}

/* The grades of a rating field joined for the reader: "A、B、C". */
static const char *grades_text(const Book *b, const WorkbookField *r)
{
    Buf t = BUF_INIT;
    for (int g = 0; g < r->ngrades; g++)
        buf_printf(&t, "%s%s", g ? M(b, M_WB_LIST_SEPARATOR) : "", r->grades[g]);
    const char *s = arena_strdup(b->arena, t.data);
    buf_free(&t);
    return s;
}

/* What may be written in field i: "200字以内・必須", "A、B、C から選択". */
static const char *limit_text(const Book *b, int i)
{
    const AnswerField *f = &b->answers[0].fields[i];
    const WorkbookField *r = &b->rules[i];
    const char *limit =
        r->rating && r->ngrades ? fill(b, M_WB_LIMIT_GRADES, grades_text(b, r), NULL, NULL)
        : f->max_chars > 0
            ? fill(b, M_WB_LIMIT_CHARS, arena_printf(b->arena, "%d", f->max_chars), NULL, NULL)
            : M(b, M_WB_LIMIT_NONE);
    return f->required ? fill(b, M_WB_LIMIT_AND_REQUIRED, limit, M(b, M_WB_REQUIRED), NULL) : limit;
}

/* ---------- Sizes ---------- */

static double height_of(int lines)
{
    double h = lines * LINE_PT + PAD_PT;
    return h < MAX_ROW_PT ? h : MAX_ROW_PT;
}

/* ---------- Formats ---------- */

static lxw_format *new_format(Book *b, double size, bool bold, bool wrap)
{
    lxw_format *f = workbook_add_format(b->wb);
    format_set_font_name(f, XLSX_FONT_NAME);
    format_set_font_size(f, size);
    if (bold)
        format_set_bold(f);
    if (wrap) {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    return f;
}

static lxw_format *boxed(lxw_format *f, lxw_color_t fill)
{
    format_set_border(f, LXW_BORDER_THIN);
    if (fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
    }
    return f;
}

/* Every format is locked (Excel's default) except the answer cells'. */
static void make_formats(Book *b)
{
    Formats *f = &b->f;
    f->title = new_format(b, 14, true, false);
    f->head = boxed(new_format(b, 10, true, true), HEAD_FILL);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    f->cell = boxed(new_format(b, 10, false, true), 0);
    f->last = boxed(new_format(b, 10, false, true), LAST_FILL);
    f->example = boxed(new_format(b, 9, false, true), EXAMPLE_FILL);
    format_set_italic(f->example);
    format_set_font_color(f->example, EXAMPLE_FONT);
    f->input = boxed(new_format(b, 10, false, true), 0);
    format_set_unlocked(f->input);
    format_set_num_format(f->input, "@"); /* text: "1/2" stays 1/2, not a date */
    f->key = new_format(b, 8, false, false);
    f->label = new_format(b, 10, true, true);
    f->text = new_format(b, 10, false, true);
    f->bold = new_format(b, 11, true, false);
}

/* ---------- The answer sheet ---------- */

static void put(Book *b, lxw_worksheet *ws, int row, int col, const char *text, lxw_format *f)
{
    check(b, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, text ? text : "", f));
}

static void merge(Book *b, int r1, int c1, int r2, int c2, const char *text, lxw_format *f)
{
    check(b, worksheet_merge_range(b->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
                                   (lxw_col_t)c2, text, f));
}

static int answer_col(int field)
{
    return SECTION_BOOK_COL_FIELDS + 2 * field + 1;
}

static void write_head(Book *b)
{
    const Answer *first = &b->answers[0];
    put(b, b->ws, SECTION_BOOK_ROW_TITLE, SECTION_BOOK_COL_KEY, SECTION_BOOK_MARK, b->f.key);
    put(b, b->ws, SECTION_BOOK_ROW_TITLE, SECTION_BOOK_COL_NUMBER,
        fill(b, M_WB_TITLE, fy_text(b), first->section, b->round.plan_title), b->f.title);
    const int head = SECTION_BOOK_ROW_HEAD, sub = SECTION_BOOK_ROW_SUB;
    merge(b, head, SECTION_BOOK_COL_KEY, sub, SECTION_BOOK_COL_KEY, M(b, M_WB_KEY_HEADING),
          b->f.head);
    merge(b, head, SECTION_BOOK_COL_NUMBER, sub, SECTION_BOOK_COL_NUMBER, M(b, M_COL_NUMBER),
          b->f.head);
    merge(b, head, SECTION_BOOK_COL_PROJECT, sub, SECTION_BOOK_COL_PROJECT, M(b, M_COL_PROJECT),
          b->f.head);
    merge(b, head, SECTION_BOOK_COL_SUMMARY, sub, SECTION_BOOK_COL_SUMMARY, M(b, M_COL_SUMMARY),
          b->f.head);
    int lines = 2;
    for (int i = 0; i < first->nfields; i++) {
        const AnswerField *f = &first->fields[i];
        int c = answer_col(i);
        /* The label alone, exactly: the upload finds the field by it. */
        merge(b, head, c - 1, head, c, f->label, b->f.head);
        put(b, b->ws, sub, c - 1, M(b, M_WB_LAST_YEAR), b->f.head);
        const char *answer = fill(b, M_WB_ANSWER_HEADING, limit_text(b, i), NULL, NULL);
        put(b, b->ws, sub, c, answer, b->f.head);
        int n = xlsx_text_lines(answer, ANSWER_WIDTH);
        lines = n > lines ? n : lines;
    }
    check(b, worksheet_set_row(b->ws, SECTION_BOOK_ROW_TITLE, 22, NULL));
    check(b, worksheet_set_row(b->ws, head, height_of(2), NULL));
    check(b, worksheet_set_row(b->ws, sub, height_of(lines), NULL));
}

/* The 記入例 row: each field's example under its answer cell. */
static void write_examples(Book *b)
{
    const Answer *first = &b->answers[0];
    const int row = SECTION_BOOK_ROW_EXAMPLE;
    put(b, b->ws, row, SECTION_BOOK_COL_KEY, "", b->f.example);
    merge(b, row, SECTION_BOOK_COL_NUMBER, row, SECTION_BOOK_COL_SUMMARY, M(b, M_WB_EXAMPLES),
          b->f.example);
    int lines = 1;
    for (int i = 0; i < first->nfields; i++) {
        const char *ex = first->fields[i].example ? first->fields[i].example : "";
        put(b, b->ws, row, answer_col(i) - 1, "", b->f.example);
        put(b, b->ws, row, answer_col(i), ex, b->f.example);
        int n = xlsx_text_lines(ex, ANSWER_WIDTH);
        lines = n > lines ? n : lines;
    }
    check(b, worksheet_set_row(b->ws, row, height_of(lines), NULL));
}

static void write_row(Book *b, int k)
{
    const Answer *an = &b->answers[k];
    int row = SECTION_BOOK_ROW_BODY + k, lines = MIN_ANSWER_LINES, n;
    put(b, b->ws, row, SECTION_BOOK_COL_KEY, b->keys[k], b->f.key);
    put(b, b->ws, row, SECTION_BOOK_COL_NUMBER, b->numbers[k], b->f.cell);
    put(b, b->ws, row, SECTION_BOOK_COL_PROJECT, an->project_name, b->f.cell);
    put(b, b->ws, row, SECTION_BOOK_COL_SUMMARY, an->project_summary, b->f.cell);
    if ((n = xlsx_text_lines(an->project_name, PROJECT_WIDTH)) > lines)
        lines = n;
    if ((n = xlsx_text_lines(an->project_summary, SUMMARY_WIDTH)) > lines)
        lines = n;
    for (int i = 0; i < an->nfields; i++) {
        const AnswerField *f = &an->fields[i];
        const char *last = f->last_year ? f->last_year : "";
        put(b, b->ws, row, answer_col(i) - 1, last, b->f.last);
        put(b, b->ws, row, answer_col(i), f->value, b->f.input);
        if ((n = xlsx_text_lines(last, LAST_WIDTH)) > lines)
            lines = n;
        if ((n = xlsx_text_lines(f->value, ANSWER_WIDTH)) > lines)
            lines = n;
    }
    check(b, worksheet_set_row(b->ws, (lxw_row_t)row, height_of(lines), NULL));
}

/* A list validation fits when Excel can hold it: at most 255 characters,
 * and no comma inside a grade (the list is comma-separated). */
static bool list_fits(const WorkbookField *r)
{
    size_t chars = 0;
    for (int g = 0; g < r->ngrades; g++) {
        if (strchr(r->grades[g], ','))
            return false;
        chars += utf8_char_count(r->grades[g]) + 1;
    }
    return r->ngrades > 0 && chars <= LIST_MAX_CHARS;
}

/* Excel's own checks on the answer cells: a length limit, a list of grades.
 * They help the person; the upload checks again. */
static void write_validations(Book *b)
{
    const Answer *first = &b->answers[0];
    lxw_row_t r1 = SECTION_BOOK_ROW_BODY, r2 = (lxw_row_t)(SECTION_BOOK_ROW_BODY + b->n - 1);
    for (int i = 0; i < first->nfields; i++) {
        const AnswerField *f = &first->fields[i];
        const WorkbookField *r = &b->rules[i];
        lxw_col_t c = (lxw_col_t)answer_col(i);
        lxw_data_validation v = {.error_type = LXW_VALIDATION_ERROR_TYPE_STOP};
        const char **list = NULL;
        if (r->rating && list_fits(r)) {
            list = ARENA_ARRAY(b->arena, const char *, (size_t)r->ngrades + 1);
            memcpy(list, r->grades, sizeof(*list) * (size_t)r->ngrades);
            v.validate = LXW_VALIDATION_TYPE_LIST;
            v.value_list = (char **)list;
            v.error_title = (char *)M(b, M_WB_ERR_GRADE_TITLE);
            v.error_message = (char *)M(b, M_WB_ERR_GRADE);
        } else if (!r->rating && f->max_chars > 0) {
            v.validate = LXW_VALIDATION_TYPE_LENGTH;
            v.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            v.value_number = f->max_chars;
            v.error_title = (char *)M(b, M_WB_ERR_TOO_LONG_TITLE);
            v.error_message = (char *)fill(b, M_WB_ERR_TOO_LONG,
                                           arena_printf(b->arena, "%d", f->max_chars), NULL, NULL);
        } else {
            continue;
        }
        check(b, worksheet_data_validation_range(b->ws, r1, c, r2, c, &v));
    }
}

static void set_answer_page(Book *b)
{
    lxw_worksheet *ws = b->ws;
    int nfields = b->answers[0].nfields;
    lxw_col_t last = (lxw_col_t)(SECTION_BOOK_COL_FIELDS + 2 * nfields - 1);
    lxw_row_col_options hidden = {.hidden = 1};
    check(b, worksheet_set_column_opt(ws, SECTION_BOOK_COL_KEY, SECTION_BOOK_COL_KEY,
                                      xlsx_width_units(KEY_WIDTH), NULL, &hidden));
    check(b, worksheet_set_column(ws, SECTION_BOOK_COL_NUMBER, SECTION_BOOK_COL_NUMBER,
                                  xlsx_width_units(NUMBER_WIDTH), NULL));
    check(b, worksheet_set_column(ws, SECTION_BOOK_COL_PROJECT, SECTION_BOOK_COL_PROJECT,
                                  xlsx_width_units(PROJECT_WIDTH), NULL));
    check(b, worksheet_set_column(ws, SECTION_BOOK_COL_SUMMARY, SECTION_BOOK_COL_SUMMARY,
                                  xlsx_width_units(SUMMARY_WIDTH), NULL));
    for (int i = 0; i < nfields; i++) {
        lxw_col_t c = (lxw_col_t)answer_col(i);
        check(b, worksheet_set_column(ws, c - 1, c - 1, xlsx_width_units(LAST_WIDTH), NULL));
        check(b, worksheet_set_column(ws, c, c, xlsx_width_units(ANSWER_WIDTH), NULL));
    }
    /* Printed as the progress sheet, the headings on every page; on screen
     * the headings and the project stay. */
    check(b, xlsx_page_a3_landscape(ws));
    check(b, worksheet_print_area(ws, 0, SECTION_BOOK_COL_NUMBER,
                                  (lxw_row_t)(SECTION_BOOK_ROW_BODY + b->n - 1), last));
    check(b, worksheet_repeat_rows(ws, SECTION_BOOK_ROW_HEAD, SECTION_BOOK_ROW_SUB));
    worksheet_freeze_panes(ws, SECTION_BOOK_ROW_EXAMPLE, SECTION_BOOK_COL_SUMMARY);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    /* Only the answer cells change; widths and heights may, so that long
     * answers can be read; locked cells stay selectable so that last
     * year's answer can be copied. No password: this guards against
     * slips, the signed keys against the rest. */
    lxw_protection allow = {.format_columns = 1, .format_rows = 1};
    worksheet_protect(ws, NULL, &allow);
}

/* ---------- The instructions ---------- */

typedef struct HowtoWriter {
    Book *b;
    int row; /* the next row */
} HowtoWriter;

static void howto_line(HowtoWriter *h, const char *label, const char *text)
{
    Book *b = h->b;
    put(b, b->howto, h->row, 0, label, b->f.label);
    put(b, b->howto, h->row, 1, text, b->f.text);
    int n = xlsx_text_lines(text, TEXT_WIDTH), m = xlsx_text_lines(label, LABEL_WIDTH);
    check(b, worksheet_set_row(b->howto, (lxw_row_t)h->row, height_of(n > m ? n : m), NULL));
    h->row++;
}

static void howto_heading(HowtoWriter *h, const char *text)
{
    h->row++; /* a gap before */
    put(h->b, h->b->howto, h->row++, 0, text, h->b->f.bold);
}

static void write_howto(Book *b)
{
    const Round *r = &b->round;
    const Answer *first = &b->answers[0];
    HowtoWriter h = {b, 0};
    put(b, b->howto, h.row++, 0, M(b, M_WB_HOWTO_TITLE), b->f.title);
    h.row++;
    howto_line(&h, M(b, M_WB_INFO_PLAN), r->plan_title);
    howto_line(&h, M(b, M_WB_INFO_ROUND), fy_text(b));
    howto_line(&h, M(b, M_WB_INFO_DOC_NO), *r->doc_no ? r->doc_no : M(b, M_WB_INFO_NONE));
    howto_line(&h, M(b, M_WB_INFO_INQUIRY), date_text(b, r->inquiry_date));
    howto_line(&h, M(b, M_WB_INFO_DEADLINE), date_text(b, r->deadline));
    howto_line(&h, M(b, M_WB_INFO_SECTION),
               *first->bureau ? arena_printf(b->arena, "%s %s", first->bureau, first->section)
                              : first->section);
    howto_line(&h, M(b, M_WB_INFO_ROWS), arena_printf(b->arena, "%d", b->n));
    howto_line(&h, M(b, M_WB_INFO_WRITTEN), b->written_at);
    if (*r->instructions)
        howto_line(&h, M(b, M_WB_INFO_NOTES), r->instructions);
    howto_heading(&h, M(b, M_WB_HOWTO_STEPS));
    static const MsgId steps[] = {M_WB_HOWTO_1, M_WB_HOWTO_2, M_WB_HOWTO_3,
                                  M_WB_HOWTO_4, M_WB_HOWTO_5, M_WB_HOWTO_6};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        howto_line(&h, arena_printf(b->arena, "%zu", i + 1), M(b, steps[i]));
    howto_heading(&h, M(b, M_WB_HOWTO_LIMITS));
    for (int i = 0; i < first->nfields; i++)
        howto_line(&h, first->fields[i].label, limit_text(b, i));
    check(b, worksheet_set_column(b->howto, 0, 0, xlsx_width_units(LABEL_WIDTH), NULL));
    check(b, worksheet_set_column(b->howto, 1, 1, xlsx_width_units(TEXT_WIDTH), NULL));
    worksheet_set_paper(b->howto, XLSX_PAPER_A4);
    worksheet_fit_to_pages(b->howto, 1, 0);
    worksheet_gridlines(b->howto, LXW_HIDE_ALL_GRIDLINES);
    worksheet_protect(b->howto, NULL, &(lxw_protection){.format_columns = 1, .format_rows = 1});
}

/* ---------- The file ---------- */

static lxw_error write_workbook(Book *b, const char *path, const char *tmpdir)
{
    char *dir = xstrdup(tmpdir);
    lxw_workbook_options options = {.tmpdir = dir};
    b->wb = workbook_new_opt(path, &options);
    if (!b->wb) {
        free(dir);
        return LXW_ERROR_CREATING_XLSX_FILE;
    }
    b->ws = workbook_add_worksheet(b->wb, M(b, M_WB_SHEET_ANSWERS));
    b->howto = workbook_add_worksheet(b->wb, M(b, M_WB_SHEET_HOWTO));
    if (!b->ws || !b->howto) {
        lxw_workbook_free(b->wb);
        free(dir);
        return LXW_ERROR_PARAMETER_VALIDATION;
    }
    make_formats(b);
    write_head(b);
    write_examples(b);
    for (int k = 0; k < b->n; k++)
        write_row(b, k);
    write_validations(b);
    set_answer_page(b);
    write_howto(b);
    check(b, workbook_close(b->wb)); /* writes the file even after a failure: it is dropped */
    free(dir);
    return b->error;
}

/* write_workbook for xlsx_write_via_file. */
static lxw_error write_book(void *ctx, const char *path, const char *tmpdir)
{
    return write_workbook(ctx, path, tmpdir);
}

/* 回答_令和2年度_年度当初確認_障害企画課.xlsx: what, when and whose, without
 * what file systems refuse. */
static const char *file_name_of(Book *b)
{
    Buf t = BUF_INIT;
    buf_printf(&t, "%s_%s_%s.xlsx", M(b, M_WB_FILE_PREFIX), fy_text(b), b->answers[0].section);
    for (char *p = t.data; *p; p++)
        if (strchr("/\\:*?\"<>| ,", *p) || (unsigned char)*p < 0x20)
            *p = '_';
    const char *s = arena_strdup(b->arena, t.data);
    buf_free(&t);
    return s;
}

Err section_book_write(Db *db, Arena *arena, const Principal *who, int64_t round_id,
                       int64_t section_id, Lang lang, Buf *out, const char **file_name, char **err)
{
    *err = NULL;
    Book b = {.lang = lang, .arena = arena};
    Err e = load(db, who, round_id, section_id, &b);
    if (e != ERR_OK)
        return e;
    if (file_name)
        *file_name = file_name_of(&b);
    return xlsx_write_via_file("shinchoku-book", write_book, &b, out, err);
}
