/* Reading a section workbook back: the sheet with the mark, its fields by
 * their headings, each row by its key; checks in the model's terms; one
 * transaction for all the rows that pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "export/section_book.h"
#include "import/section_upload.h"
#include "import/table.h"
#include "import/xlsx_read.h"
#include "model/answer.h"
#include "model/round.h"
#include "model/workbook.h"

/* A row that passed every check: what answer_save gets. */
typedef struct Pending {
    UploadRow *row;      /* its line of the report */
    int64_t answer_id;   /* the answer */
    int version;         /* its current version, which the row was written from */
    const char **values; /* one per field, cleaned */
    int nvalues;
} Pending;

typedef struct Upload {
    Db *db;
    Arena *arena;
    const Principal *who;
    int64_t round_id;
    bool round_open;
    bool submit;
    const TableSheet *sheet; /* the answer sheet */
    const char **labels;     /* the fields' headings as the file has them */
    int nlabels;
    bool fields_checked; /* the headings were compared with the round's fields */
    WorkbookSecret secret;
    int64_t *seen; /* answers met so far (duplicates) */
    int nseen;
    Pending *pending;
    int npending;
} Upload;

/* 1-based column of field i's answer (the file's numbering). */
static int answer_col(int i)
{
    return SECTION_BOOK_COL_FIELDS + 2 * i + 1 + 1;
}

/* The sheet with the mark in A1, or NULL. */
static const TableSheet *find_sheet(const Table *t)
{
    for (int i = 0; i < t->nsheets; i++) {
        const char *mark =
            table_cell(&t->sheets[i], SECTION_BOOK_ROW_TITLE + 1, SECTION_BOOK_COL_KEY + 1);
        if (mark && strcmp(mark, SECTION_BOOK_MARK) == 0)
            return &t->sheets[i];
    }
    return NULL;
}

/* The fields' labels over their two columns, from the first on. */
static void read_labels(Upload *u)
{
    int cap = u->sheet->ncols / 2 + 1;
    u->labels = ARENA_ARRAY(u->arena, const char *, (size_t)cap);
    for (int i = 0; i < cap; i++) {
        const char *l = table_cell(u->sheet, SECTION_BOOK_ROW_HEAD + 1, answer_col(i) - 1);
        if (!l)
            break;
        u->labels[u->nlabels++] = l;
    }
}

/* Do the file's headings name the answer's fields, in order? */
static bool same_fields(const Upload *u, const Answer *an)
{
    if (u->nlabels != an->nfields)
        return false;
    for (int i = 0; i < an->nfields; i++)
        if (strcmp(u->labels[i], an->fields[i].label) != 0)
            return false;
    return true;
}

static bool edits_section(const Principal *who, int64_t section_id)
{
    for (int i = 0; who && i < who->ngrants; i++)
        if (who->grants[i].role == ROLE_EDITOR && who->grants[i].unit_id == section_id)
            return true;
    return false;
}

/* Why who may not write an: the answer's state (submitted, confirmed: it
 * would be someone else's turn) or who (never theirs to write). */
static UploadOutcome refusal(const Principal *who, const Answer *an)
{
    if (!an->round_open)
        return UPLOAD_ROUND_CLOSED;
    bool could =
        !who || principal_runs_plan(who, an->plan_id) || edits_section(who, an->section_id);
    return could ? UPLOAD_NOT_EDITABLE : UPLOAD_FORBIDDEN;
}

/* The answer the key names, as who may read it; the outcome if none. */
static UploadOutcome find_answer(Upload *u, const WorkbookKey *k, Answer *an)
{
    Err e = answer_get(u->db, u->arena, u->who, k->answer_id, an);
    if (e == ERR_NOT_FOUND) /* there, but not for who: say so, the key was signed */
        return answer_get(u->db, u->arena, NULL, k->answer_id, an) == ERR_OK ? UPLOAD_FORBIDDEN
                                                                             : UPLOAD_UNKNOWN_KEY;
    if (e != ERR_OK || an->round_id != k->round_id || an->project_id != k->project_id)
        return UPLOAD_UNKNOWN_KEY;
    return UPLOAD_SAVED_DRAFT; /* found */
}

/* The grade text is a label or a code of the field's scale; *out the label. */
static bool grade_of(const WorkbookField *r, const char *text, const char **out)
{
    for (int g = 0; g < r->ngrades; g++)
        if (strcmp(text, r->grades[g]) == 0 || strcmp(text, r->codes[g]) == 0) {
            *out = r->grades[g];
            return true;
        }
    return false;
}

/* Field i's value in the row, cleaned as answer_save stores it; a problem
 * sets the row's outcome and field. */
static bool read_value(Upload *u, UploadRow *row, const AnswerField *f, int i, const char **out)
{
    const char *cell = table_cell(u->sheet, row->row, answer_col(i));
    char *clean = NULL;
    if (answer_clean_text(cell ? cell : "", &clean) != FIELD_OK) {
        row->outcome = UPLOAD_BAD_TEXT, row->field = f->label;
        return false;
    }
    *out = arena_strdup(u->arena, clean);
    free(clean);
    WorkbookField rule;
    if (workbook_field(u->db, u->arena, f->field_id, &rule) != ERR_OK)
        rule = (WorkbookField){0};
    if (rule.rating && **out && !grade_of(&rule, *out, out)) {
        row->outcome = UPLOAD_BAD_GRADE, row->field = f->label;
        return false;
    }
    return true;
}

static bool all_equal(const char **a, const char **b, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

/* The limits answer_save applies, checked here so that the row is named. */
static bool within_limits(const Upload *u, UploadRow *row, const Answer *an, const char **values)
{
    for (int i = 0; i < an->nfields; i++) {
        const AnswerField *f = &an->fields[i];
        if (f->max_chars > 0 && utf8_char_count(values[i]) > (size_t)f->max_chars) {
            row->outcome = UPLOAD_TOO_LONG, row->field = f->label, row->limit = f->max_chars;
            return false;
        }
        if (u->submit && f->required && !*values[i]) {
            row->outcome = UPLOAD_REQUIRED_MISSING, row->field = f->label;
            return false;
        }
    }
    return true;
}

static bool seen_before(Upload *u, int64_t answer_id)
{
    for (int i = 0; i < u->nseen; i++)
        if (u->seen[i] == answer_id)
            return true;
    u->seen[u->nseen++] = answer_id;
    return false;
}

/* The row's outcome from its key alone. */
static UploadOutcome key_outcome(const Upload *u, const char *key, WorkbookKey *k)
{
    WorkbookKeyCheck kc = workbook_key_parse(&u->secret, key, k);
    if (kc != WORKBOOK_KEY_OK)
        return kc == WORKBOOK_KEY_ALTERED ? UPLOAD_ALTERED_KEY : UPLOAD_UNKNOWN_KEY;
    if (k->round_id != u->round_id)
        return UPLOAD_OTHER_ROUND;
    return u->round_open ? UPLOAD_SAVED_DRAFT : UPLOAD_ROUND_CLOSED;
}

/* The row's key and the answer it names, as they stand now; false with
 * the row's outcome set when the row goes no further. */
static bool check_key(Upload *u, UploadRow *row, const char *key, WorkbookKey *k, Answer *an)
{
    if ((row->outcome = key_outcome(u, key, k)) != UPLOAD_SAVED_DRAFT ||
        (row->outcome = find_answer(u, k, an)) != UPLOAD_SAVED_DRAFT)
        return false;
    row->answer_id = an->id;
    row->project = an->project_name;
    if (an->section_id != k->section_id)
        row->outcome = UPLOAD_OTHER_SECTION;
    else if (seen_before(u, an->id))
        row->outcome = UPLOAD_DUPLICATE;
    return row->outcome == UPLOAD_SAVED_DRAFT;
}

/* Checks one keyed row; a row that passes joins u->pending. ERR_INVALID if
 * the file's fields are not the round's; ERR_DB. */
static Err check_row(Upload *u, UploadRow *row, const char *key)
{
    WorkbookKey k;
    Answer an;
    if (!check_key(u, row, key, &k, &an))
        return ERR_OK;
    if (!u->fields_checked && !same_fields(u, &an))
        return ERR_INVALID;
    u->fields_checked = true;
    const char **values = ARENA_ARRAY(u->arena, const char *, (size_t)an.nfields + 1);
    const char **then = ARENA_ARRAY(u->arena, const char *, (size_t)an.nfields + 1);
    const char **now = ARENA_ARRAY(u->arena, const char *, (size_t)an.nfields + 1);
    for (int i = 0; i < an.nfields; i++) {
        now[i] = an.fields[i].value;
        if (!read_value(u, row, &an.fields[i], i, &values[i]))
            return ERR_OK;
    }
    if (workbook_values_at(u->db, u->arena, &an, k.version, then) != ERR_OK)
        return ERR_DB;
    /* Untouched since it was written, or already what it says: nothing to
     * do, even when others changed the answer meanwhile. */
    if (all_equal(values, then, an.nfields) || all_equal(values, now, an.nfields))
        row->outcome = UPLOAD_UNCHANGED;
    else if (k.version != an.version)
        row->outcome = UPLOAD_CONFLICT;
    else if (!answer_may_write(u->who, &an))
        row->outcome = refusal(u->who, &an);
    else if (within_limits(u, row, &an, values)) {
        row->outcome = u->submit ? UPLOAD_SUBMITTED : UPLOAD_SAVED_DRAFT;
        u->pending[u->npending++] = (Pending){row, an.id, an.version, values, an.nfields};
    }
    return ERR_OK;
}

/* What answer_save said of a row this module had passed: only a change
 * made between the check and the write, which the transaction excludes;
 * mapped all the same rather than trusted away. */
static UploadOutcome outcome_of(Err e, const FieldProblem *problems, int n)
{
    if (e == ERR_CONFLICT)
        return UPLOAD_CONFLICT;
    if (e != ERR_INVALID)
        return UPLOAD_FORBIDDEN;
    for (int i = 0; i < n; i++)
        if (problems[i] == FIELD_TOO_LONG || problems[i] == FIELD_REQUIRED)
            return problems[i] == FIELD_TOO_LONG ? UPLOAD_TOO_LONG : UPLOAD_REQUIRED_MISSING;
    return UPLOAD_BAD_TEXT;
}

/* Writes every pending row inside the open transaction. ERR_DB: the caller
 * rolls back. */
static Err write_pending(Upload *u, const Actor *by)
{
    for (int i = 0; i < u->npending; i++) {
        Pending *p = &u->pending[i];
        FieldProblem *problems = ARENA_ARRAY(u->arena, FieldProblem, (size_t)p->nvalues + 1);
        Err e = answer_save_in_transaction(u->db, by, u->who, p->answer_id, p->version, p->values,
                                           p->nvalues, u->submit, problems);
        if (e == ERR_DB)
            return ERR_DB;
        if (e != ERR_OK)
            p->row->outcome = outcome_of(e, problems, p->nvalues);
    }
    return ERR_OK;
}

/* The report's rows: one per row of the sheet with a key-like text in A,
 * each not saved until its check says otherwise (the database may fail
 * before every row is checked). */
static void collect_rows(Upload *u, UploadReport *out)
{
    const TableSheet *s = u->sheet;
    /* Sized by the keys there are, not by the last row's number: one cell in
     * row 1048576 must not cost a megarow of memory. */
    int keys = 0;
    for (int i = 0; i < s->ncells; i++)
        keys += s->cells[i].col == SECTION_BOOK_COL_KEY + 1 &&
                s->cells[i].row > SECTION_BOOK_ROW_BODY && workbook_key_like(s->cells[i].text);
    if (keys > UPLOAD_MAX_ROWS) {
        out->nrows = keys; /* refused by the caller, nothing allocated */
        return;
    }
    out->rows = ARENA_ARRAY(u->arena, UploadRow, (size_t)(keys > 0 ? keys : 1));
    for (int i = 0; i < s->ncells && out->nrows < keys; i++) {
        const Cell *c = &s->cells[i];
        if (c->col != SECTION_BOOK_COL_KEY + 1 || c->row <= SECTION_BOOK_ROW_BODY ||
            !workbook_key_like(c->text))
            continue;
        const char *name = table_cell(s, c->row, SECTION_BOOK_COL_PROJECT + 1);
        out->rows[out->nrows++] = (UploadRow){.sheet = s->name,
                                              .row = c->row,
                                              .project = name ? name : "",
                                              .outcome = UPLOAD_NOT_SAVED};
    }
}

static void count(UploadReport *out)
{
    for (int i = 0; i < out->nrows; i++) {
        UploadOutcome o = out->rows[i].outcome;
        out->written += o == UPLOAD_SAVED_DRAFT || o == UPLOAD_SUBMITTED;
        out->unchanged += o == UPLOAD_UNCHANGED;
        out->conflicts += o == UPLOAD_CONFLICT;
        out->refused += section_upload_refused(o);
    }
}

/* The checks and the writes, in one transaction. */
static Err check_and_write(Upload *u, const Actor *by, UploadReport *out)
{
    if (db_begin(u->db) != 0)
        return ERR_DB;
    Err e = ERR_OK;
    for (int i = 0; i < out->nrows && e == ERR_OK; i++)
        e = check_row(u, &out->rows[i],
                      table_cell(u->sheet, out->rows[i].row, SECTION_BOOK_COL_KEY + 1));
    if (e == ERR_OK)
        e = write_pending(u, by);
    if (e != ERR_OK || db_commit(u->db) != 0) {
        db_rollback(u->db);
        for (int i = 0; i < u->npending; i++)
            u->pending[i].row->outcome = UPLOAD_NOT_SAVED;
        if (e == ERR_OK)
            e = ERR_DB;
    }
    return e;
}

/* The upload, with everything it reads in arena (the caller's is spared). */
static Err upload_in(Db *db, Arena *arena, const Actor *by, const Principal *who, int64_t round_id,
                     const void *data, size_t len, bool submit, UploadReport *out,
                     UploadProblem *problem)
{
    memset(out, 0, sizeof(*out));
    *problem = UPLOAD_FILE_OK;
    Table t;
    char *err = NULL;
    Err e = xlsx_read(data, len, arena, &t, &err);
    free(err); /* the reader's technical detail; the person gets the catalogue's */
    if (e != ERR_OK) {
        *problem = e == ERR_TOO_BIG ? UPLOAD_FILE_TOO_BIG : UPLOAD_FILE_NOT_XLSX;
        return e == ERR_TOO_BIG ? ERR_TOO_BIG : ERR_INVALID;
    }
    Upload u = {.db = db, .arena = arena, .who = who, .round_id = round_id, .submit = submit};
    if (!(u.sheet = find_sheet(&t))) {
        *problem = UPLOAD_FILE_NOT_BOOK;
        return ERR_INVALID;
    }
    collect_rows(&u, out);
    if (out->nrows == 0 || out->nrows > UPLOAD_MAX_ROWS) {
        *problem = out->nrows ? UPLOAD_FILE_TOO_BIG : UPLOAD_FILE_NOT_BOOK;
        out->nrows = 0;
        return *problem == UPLOAD_FILE_TOO_BIG ? ERR_TOO_BIG : ERR_INVALID;
    }
    Round round;
    if ((e = round_get(db, arena, who, round_id, &round)) != ERR_OK)
        return e;
    u.round_open = strcmp(round.status, "open") == 0;
    read_labels(&u);
    if ((e = workbook_secret(db, &u.secret)) != ERR_OK)
        return e;
    u.seen = ARENA_ARRAY(arena, int64_t, (size_t)out->nrows);
    u.pending = ARENA_ARRAY(arena, Pending, (size_t)out->nrows);
    e = check_and_write(&u, by, out);
    sodium_memzero(&u.secret, sizeof(u.secret));
    if (e == ERR_INVALID) {
        *problem = UPLOAD_FILE_FIELDS_CHANGED;
        out->nrows = 0;
        return e;
    }
    count(out);
    return e;
}

/* ---------- Messages ---------- */

bool section_upload_refused(UploadOutcome o)
{
    return o != UPLOAD_SAVED_DRAFT && o != UPLOAD_SUBMITTED && o != UPLOAD_UNCHANGED;
}

static const MsgId outcome_msg[UPLOAD_OUTCOME_COUNT] = {
    [UPLOAD_SAVED_DRAFT] = M_WB_UP_SAVED_DRAFT,
    [UPLOAD_SUBMITTED] = M_WB_UP_SUBMITTED,
    [UPLOAD_UNCHANGED] = M_WB_UP_UNCHANGED,
    [UPLOAD_CONFLICT] = M_WB_UP_CONFLICT,
    [UPLOAD_UNKNOWN_KEY] = M_WB_UP_UNKNOWN_KEY,
    [UPLOAD_ALTERED_KEY] = M_WB_UP_ALTERED_KEY,
    [UPLOAD_OTHER_ROUND] = M_WB_UP_OTHER_ROUND,
    [UPLOAD_OTHER_SECTION] = M_WB_UP_OTHER_SECTION,
    [UPLOAD_FORBIDDEN] = M_WB_UP_FORBIDDEN,
    [UPLOAD_NOT_EDITABLE] = M_WB_UP_NOT_EDITABLE,
    [UPLOAD_ROUND_CLOSED] = M_WB_UP_ROUND_CLOSED,
    [UPLOAD_DUPLICATE] = M_WB_UP_DUPLICATE,
    [UPLOAD_TOO_LONG] = M_WB_UP_TOO_LONG,
    [UPLOAD_BAD_GRADE] = M_WB_UP_BAD_GRADE,
    [UPLOAD_BAD_TEXT] = M_WB_UP_BAD_TEXT,
    [UPLOAD_REQUIRED_MISSING] = M_WB_UP_REQUIRED_MISSING,
    [UPLOAD_NOT_SAVED] = M_WB_UP_NOT_SAVED,
};

char *section_upload_message(Lang lang, const UploadRow *row)
{
    char limit[16];
    snprintf(limit, sizeof(limit), "%d", row->limit);
    const char *args[2] = {row->field ? row->field : "", limit};
    return msg_fill(lang, outcome_msg[row->outcome], args, 2);
}

const char *section_upload_problem_message(Lang lang, UploadProblem problem)
{
    switch (problem) {
    case UPLOAD_FILE_NOT_XLSX:
        return msg(lang, M_WB_UP_FILE_NOT_XLSX);
    case UPLOAD_FILE_TOO_BIG:
        return msg(lang, M_WB_UP_FILE_TOO_BIG);
    case UPLOAD_FILE_FIELDS_CHANGED:
        return msg(lang, M_WB_UP_FILE_FIELDS_CHANGED);
    case UPLOAD_FILE_NOT_BOOK:
    case UPLOAD_FILE_OK:
        break;
    }
    return msg(lang, M_WB_UP_FILE_NOT_BOOK);
}

char *section_upload_summary(Lang lang, const UploadReport *r)
{
    char n[4][16];
    snprintf(n[0], sizeof(n[0]), "%d", r->written);
    snprintf(n[1], sizeof(n[1]), "%d", r->unchanged);
    snprintf(n[2], sizeof(n[2]), "%d", r->refused);
    snprintf(n[3], sizeof(n[3]), "%d", r->conflicts);
    const char *args[4] = {n[0], n[1], n[2], n[3]};
    return msg_fill(lang, M_WB_UP_SUMMARY, args, 4);
}

static const char *copy_text(Arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

Err section_upload(Db *db, Arena *arena, const Actor *by, const Principal *who, int64_t round_id,
                   const void *data, size_t len, bool submit, UploadReport *out,
                   UploadProblem *problem)
{
    /* A file's sheet, checks and values live in their own arena: a bulk
     * upload of many files keeps only their reports. */
    Arena work;
    arena_init(&work);
    UploadReport tmp;
    Err e = upload_in(db, &work, by, who, round_id, data, len, submit, &tmp, problem);
    *out = tmp;
    out->rows = ARENA_ARRAY(arena, UploadRow, (size_t)(tmp.nrows > 0 ? tmp.nrows : 1));
    for (int i = 0; i < tmp.nrows; i++) {
        out->rows[i] = tmp.rows[i];
        out->rows[i].sheet = copy_text(arena, tmp.rows[i].sheet);
        out->rows[i].project = copy_text(arena, tmp.rows[i].project);
        out->rows[i].field = copy_text(arena, tmp.rows[i].field);
    }
    arena_free(&work);
    return e;
}
