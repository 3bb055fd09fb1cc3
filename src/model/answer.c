#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <utf8proc.h>
#include "base/buf.h"
#include "base/clock.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "model/answer.h"
#include "model/audit.h"
#include "model/field_edit.h"
#include "model/org.h"
#include "model/round.h"

FieldProblem answer_clean_text(const char *in, char **out)
{
    *out = NULL;
    if (!utf8_valid(in, strlen(in)))
        return FIELD_BAD_UTF8;
    Buf b = BUF_INIT;
    for (const char *p = in; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r' && p[1] == '\n')
            continue; /* CRLF from a browser's textarea: one line break */
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            buf_free(&b);
            return FIELD_CONTROL;
        }
        /* C1 controls (U+0080..U+009F) are two bytes: C2 80..C2 9F. */
        if (c == 0xC2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9F) {
            buf_free(&b);
            return FIELD_CONTROL;
        }
        buf_putc(&b, (char)c);
    }
    /* NFC: the same text typed on two machines is stored the same. */
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)b.data);
    buf_free(&b);
    if (!nfc)
        return FIELD_BAD_UTF8;
    *out = xstrdup((const char *)nfc);
    free(nfc);
    return FIELD_OK;
}

/* The grades of a rating field's scale, in order; false on a database error. */
static bool load_grades(Db *db, Arena *a, AnswerField *f)
{
    enum { G_ID, G_CODE, G_LABEL, G_DESC, G_N };
    DbStmt *st = db_prepare(db,
                            "SELECT g.id, g.code, g.label, g.description FROM field_def f"
                            " JOIN rating_grade g ON g.scale_id = f.scale_id WHERE f.id = $1"
                            " ORDER BY g.sort_order, g.id",
                            G_N);
    db_bind_int64(st, 1, f->field_id);
    int cap = 4, rc;
    f->grades = ARENA_ARRAY(a, AnswerGrade, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, f->grades, f->ngrades, cap, AnswerGrade);
        f->grades[f->ngrades++] =
            (AnswerGrade){db_col_int64(st, G_ID), db_col_dup(a, st, G_CODE),
                          db_col_dup(a, st, G_LABEL), db_col_dup(a, st, G_DESC)};
    }
    db_done(st);
    return rc == DB_DONE;
}

/* Reads the answer's row, its fields and their values; no access check. */
static Err load(Db *db, Arena *a, int64_t id, Answer *out)
{
    memset(out, 0, sizeof(*out));
    enum {
        A_ROUND,
        A_PROJECT,
        A_PLAN,
        A_SECTION,
        A_NAME,
        A_SUMMARY,
        A_SECNAME,
        A_BUREAU,
        A_FY,
        A_CP,
        A_DEADLINE,
        A_RSTATUS,
        A_STATUS,
        A_VERSION,
        A_COMMENT,
        A_BEHALF,
        A_UPDATED,
        A_BY,
        A_BUREAU_ID,
        A_STAGE,
        A_APPROVED,
        A_N
    };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT rs.round_id, rs.project_id, r.plan_id, rp.section_id, pr.name,"
        " pr.summary, s.name, b.name, r.fiscal_year, r.checkpoint, r.deadline,"
        " r.status, rs.status, rs.version, rs.comment, rs.on_behalf,"
        " rs.updated_at, rs.updated_by, s.parent_id, pl.bureau_review,"
        " rs.bureau_approved"
        " FROM response rs JOIN round r ON r.id = rs.round_id"
        " JOIN plan pl ON pl.id = r.plan_id"
        " JOIN project pr ON pr.id = rs.project_id"
        " JOIN round_project rp ON rp.round_id = rs.round_id"
        "  AND rp.project_id = rs.project_id"
        " LEFT JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("rp.section_id", "r.fiscal_year")
        " LEFT JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("s.parent_id", "r.fiscal_year")
        " WHERE rs.id = $1",
        A_N);
    /* clang-format on */
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->id = id;
        out->round_id = db_col_int64(st, A_ROUND);
        out->project_id = db_col_int64(st, A_PROJECT);
        out->plan_id = db_col_int64(st, A_PLAN);
        out->section_id = db_col_int64(st, A_SECTION);
        out->project_name = db_col_dup(a, st, A_NAME);
        out->project_summary = db_col_dup(a, st, A_SUMMARY);
        out->section = db_col_dup(a, st, A_SECNAME);
        out->bureau = db_col_dup(a, st, A_BUREAU);
        out->fiscal_year = (int)db_col_int64(st, A_FY);
        out->at_year_end = strcmp(db_col_text(st, A_CP), "end") == 0;
        out->deadline = db_col_dup(a, st, A_DEADLINE);
        out->round_open = strcmp(db_col_text(st, A_RSTATUS), "open") == 0;
        out->status = db_col_dup(a, st, A_STATUS);
        out->version = (int)db_col_int64(st, A_VERSION);
        out->comment = db_col_dup(a, st, A_COMMENT);
        out->on_behalf = db_col_int64(st, A_BEHALF) != 0;
        out->updated_at = db_col_dup(a, st, A_UPDATED);
        out->updated_by = db_col_dup(a, st, A_BY);
        out->bureau_id = db_col_int64(st, A_BUREAU_ID);
        out->bureau_review = db_col_int64(st, A_STAGE) != 0;
        out->bureau_approved = db_col_int64(st, A_APPROVED) != 0;
    }
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;

    /* The round's fields, the value of each, and last year's confirmed one. */
    enum { F_ID, F_KEY, F_LABEL, F_EXAMPLE, F_MAX, F_REQ, F_VALUE, F_LAST, F_KIND, F_UNIT, F_N };
    st = db_prepare(db,
                    "SELECT f.id, f.key, f.label, f.example, COALESCE(f.max_chars, 0), f.required,"
                    " v.text_value,"
                    " (SELECT lv.text_value FROM response_value lv"
                    "   JOIN response lr ON lr.id = lv.response_id AND lr.status = 'confirmed'"
                    "   JOIN round lrd ON lrd.id = lr.round_id"
                    "  WHERE lr.project_id = $2 AND lv.field_id = f.id"
                    "   AND lrd.fiscal_year = $3 - 1 ORDER BY lrd.id DESC LIMIT 1),"
                    " f.kind, COALESCE(f.unit, '')"
                    " FROM round_field rf JOIN field_def f ON f.id = rf.field_id"
                    " LEFT JOIN response_value v ON v.response_id = $1 AND v.field_id = f.id"
                    " WHERE rf.round_id = $4 ORDER BY f.sort_order, f.id",
                    F_N);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, out->project_id);
    db_bind_int64(st, 3, out->fiscal_year);
    db_bind_int64(st, 4, out->round_id);
    int cap = 8;
    out->fields = ARENA_ARRAY(a, AnswerField, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, out->fields, out->nfields, cap, AnswerField);
        out->fields[out->nfields++] = (AnswerField){
            .field_id = db_col_int64(st, F_ID),
            .key = db_col_dup(a, st, F_KEY),
            .label = db_col_dup(a, st, F_LABEL),
            .example = db_col_null(st, F_EXAMPLE) ? NULL : db_col_dup(a, st, F_EXAMPLE),
            .max_chars = (int)db_col_int64(st, F_MAX),
            .required = db_col_int64(st, F_REQ) != 0,
            .value = db_col_dup(a, st, F_VALUE),
            .last_year = db_col_null(st, F_LAST) ? NULL : db_col_dup(a, st, F_LAST),
            .kind = db_col_dup(a, st, F_KIND),
            .unit = db_col_dup(a, st, F_UNIT),
        };
    }
    db_done(st);
    for (int i = 0; rc == DB_DONE && i < out->nfields; i++)
        if (strcmp(out->fields[i].kind, "rating") == 0 && !load_grades(db, a, &out->fields[i]))
            rc = DB_ERROR;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static bool edits_section(const Principal *who, int64_t section_id)
{
    for (int i = 0; who && i < who->ngrants; i++)
        if (who->grants[i].role == ROLE_EDITOR && who->grants[i].unit_id == section_id)
            return true;
    return false;
}

bool answer_may_write(const Principal *who, const Answer *a)
{
    if (!a->round_open || strcmp(a->status, "confirmed") == 0)
        return false;
    if (!who || principal_runs_plan(who, a->plan_id))
        return true;
    return edits_section(who, a->section_id) && strcmp(a->status, "submitted") != 0;
}

bool answer_may_review(const Principal *who, const Answer *a)
{
    return !who || principal_runs_plan(who, a->plan_id);
}

bool answer_may_approve(const Principal *who, const Answer *a)
{
    for (int i = 0; who && a->bureau_id && i < who->ngrants; i++)
        if (who->grants[i].role == ROLE_REVIEWER && who->grants[i].unit_id == a->bureau_id)
            return true;
    return false;
}

/* Submitted and waiting for its bureau: the stage is on, not yet approved. */
static bool awaits_bureau(const Answer *a)
{
    return a->bureau_review && !a->bureau_approved && strcmp(a->status, "submitted") == 0;
}

Err answer_get(Db *db, Arena *arena, const Principal *who, int64_t id, Answer *out)
{
    Err e = load(db, arena, id, out);
    if (e != ERR_OK)
        return e;
    if (who && !principal_may_read_project(db, who, out->project_id) &&
        !principal_runs_plan(who, out->plan_id))
        return ERR_NOT_FOUND;
    return ERR_OK;
}

Err answer_list(Db *db, Arena *a, const Principal *who, int64_t round_id, AnswerRow **out, int *n)
{
    enum {
        L_ID,
        L_PROJECT,
        L_SECTION,
        L_NAME,
        L_SECNAME,
        L_BUREAU,
        L_STATUS,
        L_UPDATED,
        L_VERSION,
        L_STAGE,
        L_APPROVED,
        L_N
    };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT rs.id, rs.project_id, rp.section_id, pr.name, s.name, b.name,"
        " rs.status, rs.updated_at, rs.version, pl.bureau_review,"
        " rs.bureau_approved FROM response rs"
        " JOIN round r ON r.id = rs.round_id"
        " JOIN plan pl ON pl.id = r.plan_id"
        " JOIN round_project rp ON rp.round_id = rs.round_id"
        "  AND rp.project_id = rs.project_id"
        " JOIN project pr ON pr.id = rs.project_id"
        " LEFT JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("rp.section_id", "r.fiscal_year")
        " LEFT JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("s.parent_id", "r.fiscal_year")
        " WHERE rs.round_id = $1"
        " ORDER BY b.sort_order, s.sort_order, pr.id",
        L_N);
    /* clang-format on */
    db_bind_int64(st, 1, round_id);
    int rc, cap = 16;
    *n = 0;
    *out = ARENA_ARRAY(a, AnswerRow, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *out, *n, cap, AnswerRow);
        (*out)[(*n)++] =
            (AnswerRow){db_col_int64(st, L_ID),           db_col_int64(st, L_PROJECT),
                        db_col_int64(st, L_SECTION),      db_col_dup(a, st, L_NAME),
                        db_col_dup(a, st, L_SECNAME),     db_col_dup(a, st, L_BUREAU),
                        db_col_dup(a, st, L_STATUS),      db_col_dup(a, st, L_UPDATED),
                        (int)db_col_int64(st, L_VERSION), db_col_int64(st, L_STAGE) != 0,
                        db_col_int64(st, L_APPROVED) != 0};
    }
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;
    /* The secretariat sees every row; others their sections' and bureaus'. */
    int kept = 0;
    for (int i = 0; i < *n; i++)
        if (!who || principal_may_read_project(db, who, (*out)[i].project_id))
            (*out)[kept++] = (*out)[i];
    *n = kept;
    return ERR_OK;
}

static Err event(Db *db, const Actor *by, int64_t id, const char *action, int version,
                 const char *comment, bool on_behalf)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO response_event (response_id, at, actor, action, version,"
                            " comment, on_behalf) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            0);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, by->name);
    db_bind_text(st, 4, action);
    db_bind_int64(st, 5, version);
    db_bind_text(st, 6, comment ? comment : "");
    db_bind_int64(st, 7, on_behalf);
    int rc = db_step(st);
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Moves the answer to status if it is at base_version now; the version goes
 * up by one. ERR_CONFLICT when someone else got there first. A bureau's
 * approval lasts until the answer is confirmed: a save, a submit or a
 * return clears it. */
static Err bump(Db *db, const Actor *by, int64_t id, int base_version, const char *status,
                const char *comment, bool on_behalf)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "UPDATE response SET status = $1, version = version + 1,"
                            " updated_at = $2, updated_by = $3, comment = COALESCE($4, comment),"
                            " on_behalf = $5, bureau_approved = CASE WHEN $1 = 'confirmed'"
                            " THEN bureau_approved ELSE 0 END"
                            " WHERE id = $6 AND version = $7 RETURNING version",
                            1);
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, by->name);
    db_bind_text(st, 4, comment);
    db_bind_int64(st, 5, on_behalf);
    db_bind_int64(st, 6, id);
    db_bind_int64(st, 7, base_version);
    int rc = db_step(st);
    db_done(st);
    return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_CONFLICT : ERR_DB;
}

static Err audit_answer(Db *db, const Actor *by, const Answer *a, const char *action, json_t *after)
{
    char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
    Err e = audit_write(db, by->name, by->address, action, "response", a->id, a->plan_id,
                        a->project_id, NULL, text);
    free(text);
    json_decref(after);
    return e;
}

/* What a rating or a number field stores besides its text. */
typedef struct Typed {
    int64_t grade_id; /* a rating's grade, or 0 */
    char *number;     /* a number's plain form (malloc'd), or NULL */
} Typed;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Checks a rating's or a number's text (not empty) and makes *text what is
 * stored: the grade's label, or the number as written without the spaces
 * around it. */
static FieldProblem check_typed(const AnswerField *f, char **text, Typed *t)
{
    if (strcmp(f->kind, "rating") == 0) {
        for (int g = 0; g < f->ngrades; g++)
            if (strcmp(*text, f->grades[g].code) == 0 || strcmp(*text, f->grades[g].label) == 0) {
                free(*text);
                *text = xstrdup(f->grades[g].label);
                t->grade_id = f->grades[g].id;
                return FIELD_OK;
            }
        return FIELD_BAD_GRADE;
    }
    if (strcmp(f->kind, "number") != 0)
        return FIELD_OK;
    if (!field_number_parse(*text, &t->number))
        return FIELD_NOT_NUMBER;
    const char *start = *text;
    size_t len = strlen(start);
    while (is_space(*start))
        start++, len--;
    while (len > 0 && is_space(start[len - 1]))
        len--;
    char *trimmed = xstrndup(start, len);
    free(*text);
    *text = trimmed;
    return FIELD_OK;
}

static Err write_values(Db *db, const Actor *by, const Answer *a, const char *const *clean,
                        const Typed *typed, int version)
{
    char now[21];
    clock_now_iso(now);
    for (int i = 0; i < a->nfields; i++) {
        if (!clean[i] || strcmp(clean[i], a->fields[i].value) == 0)
            continue;
        DbStmt *st = db_prepare(db,
                                "INSERT INTO response_value (response_id, field_id, text_value,"
                                " number_value, grade_id) VALUES ($1, $2, $3, $4, $5)"
                                " ON CONFLICT (response_id, field_id) DO UPDATE SET"
                                " text_value = excluded.text_value, number_value ="
                                " excluded.number_value, grade_id = excluded.grade_id",
                                0);
        db_bind_int64(st, 1, a->id);
        db_bind_int64(st, 2, a->fields[i].field_id);
        db_bind_text(st, 3, clean[i]);
        db_bind_text(st, 4, typed[i].number);
        if (typed[i].grade_id)
            db_bind_int64(st, 5, typed[i].grade_id);
        else
            db_bind_null(st, 5);
        int rc = db_step(st);
        db_done(st);
        st = db_prepare(db,
                        "INSERT INTO response_value_version (response_id, field_id, version,"
                        " text_value, at, actor) VALUES ($1, $2, $3, $4, $5, $6)",
                        0);
        db_bind_int64(st, 1, a->id);
        db_bind_int64(st, 2, a->fields[i].field_id);
        db_bind_int64(st, 3, version);
        db_bind_text(st, 4, clean[i]);
        db_bind_text(st, 5, now);
        db_bind_text(st, 6, by->name);
        int rc2 = db_step(st);
        db_done(st);
        if (rc != DB_DONE || rc2 != DB_DONE)
            return ERR_DB;
    }
    return ERR_OK;
}

/* answer_save, in a transaction of its own (own_tx) or in the caller's. */
static Err save(Db *db, const Actor *by, const Principal *who, int64_t id, int base_version,
                const char *const *values, int nvalues, bool submit, FieldProblem *problems,
                bool own_tx)
{
    Arena arena;
    arena_init(&arena);
    Answer a;
    Err e = answer_get(db, &arena, who, id, &a);
    char **clean = NULL;
    Typed *typed = NULL;
    if (e != ERR_OK)
        goto done;
    if (!answer_may_write(who, &a)) {
        e = ERR_FORBIDDEN;
        goto done;
    }
    if (nvalues != a.nfields) {
        e = ERR_INVALID;
        goto done;
    }
    clean = xcalloc((size_t)a.nfields + 1, sizeof(char *));
    typed = xcalloc((size_t)a.nfields + 1, sizeof(Typed));
    bool bad = false;
    for (int i = 0; i < a.nfields; i++) {
        problems[i] = FIELD_OK;
        if (values[i])
            problems[i] = answer_clean_text(values[i], &clean[i]);
        if (problems[i] == FIELD_OK && clean[i] && *clean[i])
            problems[i] = check_typed(&a.fields[i], &clean[i], &typed[i]);
        const char *text = clean[i] ? clean[i] : a.fields[i].value;
        if (problems[i] == FIELD_OK && a.fields[i].max_chars > 0 &&
            utf8_char_count(text) > (size_t)a.fields[i].max_chars)
            problems[i] = FIELD_TOO_LONG;
        if (problems[i] == FIELD_OK && submit && a.fields[i].required && !*text)
            problems[i] = FIELD_REQUIRED;
        bad |= problems[i] != FIELD_OK;
    }
    if (bad) {
        e = ERR_INVALID;
        goto done;
    }
    if (base_version != a.version) {
        e = ERR_CONFLICT;
        goto done;
    }
    bool on_behalf = who && !edits_section(who, a.section_id);
    if (own_tx && db_begin(db) != 0) {
        e = ERR_DB;
        goto done;
    }
    /* The version check and the write are one statement inside one
     * transaction: of two saves on the same version, one wins, one is told. */
    e = bump(db, by, id, base_version, submit ? "submitted" : "draft", submit ? "" : NULL,
             on_behalf);
    if (e == ERR_OK)
        e = write_values(db, by, &a, (const char *const *)clean, typed, base_version + 1);
    if (e == ERR_OK)
        e = event(db, by, id, submit ? "submit" : "save", base_version + 1, NULL, on_behalf);
    if (e == ERR_OK)
        e = audit_answer(
            db, by, &a, submit ? "response.submit" : "response.save",
            json_pack("{s:i, s:b}", "version", base_version + 1, "on_behalf", on_behalf));
    if (own_tx && (e != ERR_OK || db_commit(db) != 0)) {
        db_rollback(db);
        if (e == ERR_OK)
            e = ERR_DB;
    }
done:
    for (int i = 0; clean && i < a.nfields; i++)
        free(clean[i]), free(typed[i].number);
    free(clean);
    free(typed);
    arena_free(&arena);
    return e;
}

Err answer_save(Db *db, const Actor *by, const Principal *who, int64_t id, int base_version,
                const char *const *values, int nvalues, bool submit, FieldProblem *problems)
{
    return save(db, by, who, id, base_version, values, nvalues, submit, problems, true);
}

Err answer_save_in_transaction(Db *db, const Actor *by, const Principal *who, int64_t id,
                               int base_version, const char *const *values, int nvalues,
                               bool submit, FieldProblem *problems)
{
    return save(db, by, who, id, base_version, values, nvalues, submit, problems, false);
}

/* A review step: from one of the statuses allowed to the next. */
static Err review(Db *db, const Actor *by, const Principal *who, int64_t id, const char *to,
                  const char *comment)
{
    Arena arena;
    arena_init(&arena);
    Answer a;
    Err e = answer_get(db, &arena, who, id, &a);
    bool returning = strcmp(to, "returned") == 0;
    /* The bureau's reviewer may send back what waits for the bureau. */
    bool by_bureau = e == ERR_OK && returning && !answer_may_review(who, &a) &&
                     answer_may_approve(who, &a) && a.bureau_review;
    if (e == ERR_OK && !answer_may_review(who, &a) && !by_bureau)
        e = ERR_FORBIDDEN;
    if (e == ERR_OK &&
        (returning ? strcmp(a.status, "submitted") != 0 && strcmp(a.status, "confirmed") != 0
                   : strcmp(a.status, "submitted") != 0))
        e = ERR_CONFLICT;
    if (e == ERR_OK && (by_bureau || !returning) && awaits_bureau(&a) != by_bureau)
        e = ERR_CONFLICT; /* confirm: not yet approved; bureau return: approved */
    if (e == ERR_OK && db_begin(db) != 0)
        e = ERR_DB;
    if (e == ERR_OK) {
        e = bump(db, by, id, a.version, to, returning ? comment : NULL, a.on_behalf);
        if (e == ERR_OK)
            e = event(db, by, id, returning ? "return" : "confirm", a.version + 1, comment, false);
        if (e == ERR_OK)
            e = audit_answer(
                db, by, &a, returning ? "response.return" : "response.confirm",
                json_pack("{s:s, s:s}", "status", to, "comment", comment ? comment : ""));
        if (e != ERR_OK || db_commit(db) != 0) {
            db_rollback(db);
            if (e == ERR_OK)
                e = ERR_DB;
        }
    }
    arena_free(&arena);
    return e;
}

Err answer_return(Db *db, const Actor *by, const Principal *who, int64_t id, const char *comment)
{
    if (!comment || !*comment || utf8_char_count(comment) > 1000)
        return ERR_INVALID;
    return review(db, by, who, id, "returned", comment);
}

Err answer_confirm(Db *db, const Actor *by, const Principal *who, int64_t id)
{
    return review(db, by, who, id, "confirmed", NULL);
}

Err answer_approve(Db *db, const Actor *by, const Principal *who, int64_t id)
{
    Arena arena;
    arena_init(&arena);
    Answer a;
    Err e = answer_get(db, &arena, who, id, &a);
    if (e == ERR_OK && !answer_may_approve(who, &a))
        e = ERR_FORBIDDEN;
    if (e == ERR_OK && !awaits_bureau(&a))
        e = ERR_CONFLICT;
    if (e == ERR_OK && db_begin(db) != 0)
        e = ERR_DB;
    if (e == ERR_OK) {
        e = bump(db, by, id, a.version, "submitted", NULL, a.on_behalf);
        if (e == ERR_OK) {
            DbStmt *st = db_prepare(db, "UPDATE response SET bureau_approved = 1 WHERE id = $1", 0);
            db_bind_int64(st, 1, id);
            e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
            db_done(st);
        }
        if (e == ERR_OK)
            e = event(db, by, id, "approve", a.version + 1, NULL, false);
        if (e == ERR_OK)
            e = audit_answer(db, by, &a, "response.approve",
                             json_pack("{s:i, s:s}", "version", a.version + 1, "bureau",
                                       a.bureau ? a.bureau : ""));
        if (e != ERR_OK || db_commit(db) != 0) {
            db_rollback(db);
            if (e == ERR_OK)
                e = ERR_DB;
        }
    }
    arena_free(&arena);
    return e;
}

/* ---------- History ---------- */

static AnswerFieldHistory *history_field(AnswerHistory *h, int64_t field_id)
{
    for (int i = 0; i < h->nfields; i++)
        if (h->fields[i].field_id == field_id)
            return &h->fields[i];
    return NULL;
}

/* The versions of every field, oldest first. */
static Err load_versions(Db *db, Arena *a, AnswerHistory *h)
{
    enum { V_FIELD, V_VERSION, V_TEXT, V_AT, V_ACTOR, V_N };
    DbStmt *st = db_prepare(db,
                            "SELECT field_id, version, text_value, at, actor"
                            " FROM response_value_version WHERE response_id = $1"
                            " ORDER BY field_id, version, id",
                            V_N);
    db_bind_int64(st, 1, h->answer.id);
    int rc;
    int *cap = ARENA_ARRAY(a, int, (size_t)h->nfields + 1);
    while ((rc = db_step(st)) == DB_ROW) {
        AnswerFieldHistory *f = history_field(h, db_col_int64(st, V_FIELD));
        if (!f)
            continue; /* a field the round no longer asks */
        int *c = &cap[f - h->fields];
        if (f->nversions == *c) {
            *c = *c ? *c * 2 : 8;
            AnswerVersion *more = ARENA_ARRAY(a, AnswerVersion, (size_t)*c);
            if (f->nversions)
                memcpy(more, f->versions, sizeof(AnswerVersion) * (size_t)f->nversions);
            f->versions = more;
        }
        f->versions[f->nversions++] =
            (AnswerVersion){(int)db_col_int64(st, V_VERSION), db_col_dup(a, st, V_TEXT),
                            db_col_dup(a, st, V_ACTOR), db_col_dup(a, st, V_AT)};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static Err load_events(Db *db, Arena *a, AnswerHistory *h)
{
    enum { E_ACTION, E_VERSION, E_ACTOR, E_AT, E_COMMENT, E_BEHALF, E_N };
    DbStmt *st = db_prepare(db,
                            "SELECT action, version, actor, at, comment, on_behalf"
                            " FROM response_event WHERE response_id = $1 ORDER BY at, id",
                            E_N);
    db_bind_int64(st, 1, h->answer.id);
    int rc, cap = 8;
    h->events = ARENA_ARRAY(a, AnswerEvent, (size_t)cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, h->events, h->nevents, cap, AnswerEvent);
        h->events[h->nevents++] =
            (AnswerEvent){db_col_dup(a, st, E_ACTION),  (int)db_col_int64(st, E_VERSION),
                          db_col_dup(a, st, E_ACTOR),   db_col_dup(a, st, E_AT),
                          db_col_dup(a, st, E_COMMENT), db_col_int64(st, E_BEHALF) != 0};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* The project's answer at the other checkpoint of the same year and plan
 * (the newest round of it), and its texts of the fields this answer has. */
static Err load_other(Db *db, Arena *a, AnswerHistory *h)
{
    const Answer *an = &h->answer;
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id FROM response rs JOIN round r ON r.id = rs.round_id"
                            " WHERE rs.project_id = $1 AND r.plan_id = $2 AND r.fiscal_year = $3"
                            " AND r.checkpoint = $4 ORDER BY r.id DESC LIMIT 1",
                            1);
    db_bind_int64(st, 1, an->project_id);
    db_bind_int64(st, 2, an->plan_id);
    db_bind_int64(st, 3, an->fiscal_year);
    db_bind_text(st, 4, an->at_year_end ? "start" : "end");
    int rc = db_step(st);
    if (rc == DB_ROW)
        h->other_id = db_col_int64(st, 0);
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_OK : ERR_DB;
    enum { O_FIELD, O_TEXT, O_N };
    st = db_prepare(db,
                    "SELECT field_id, text_value FROM response_value WHERE response_id = $1"
                    " AND text_value IS NOT NULL",
                    O_N);
    db_bind_int64(st, 1, h->other_id);
    while ((rc = db_step(st)) == DB_ROW) {
        AnswerFieldHistory *f = history_field(h, db_col_int64(st, O_FIELD));
        if (f)
            f->other = db_col_dup(a, st, O_TEXT);
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err answer_history(Db *db, Arena *arena, const Principal *who, int64_t id, AnswerHistory *out)
{
    memset(out, 0, sizeof(*out));
    Err e = answer_get(db, arena, who, id, &out->answer);
    if (e != ERR_OK)
        return e;
    const Answer *an = &out->answer;
    out->nfields = an->nfields;
    out->fields = ARENA_ARRAY(arena, AnswerFieldHistory, (size_t)an->nfields + 1);
    for (int i = 0; i < an->nfields; i++)
        out->fields[i] = (AnswerFieldHistory){.field_id = an->fields[i].field_id,
                                              .label = an->fields[i].label,
                                              .last_year = an->fields[i].last_year};
    e = load_versions(db, arena, out);
    if (e == ERR_OK)
        e = load_events(db, arena, out);
    if (e == ERR_OK)
        e = load_other(db, arena, out);
    return e;
}

Err answer_submit_all(Db *db, const Actor *by, const Principal *who, int64_t round_id,
                      int *submitted, int *refused)
{
    *submitted = *refused = 0;
    Arena a;
    arena_init(&a);
    AnswerRow *rows;
    int n;
    Round round;
    Err e = round_get(db, &a, who, round_id, &round); /* a round one takes no part in: 404 */
    if (e == ERR_OK)
        e = answer_list(db, &a, who, round_id, &rows, &n);
    for (int i = 0; e == ERR_OK && i < n; i++) {
        /* Only the person's own sections: a reviewer or the secretariat
         * does not submit for them here. */
        if (!edits_section(who, rows[i].section_id) ||
            (strcmp(rows[i].status, "draft") != 0 && strcmp(rows[i].status, "returned") != 0))
            continue;
        Answer ans;
        if (answer_get(db, &a, who, rows[i].id, &ans) != ERR_OK)
            continue;
        const char **keep = ARENA_ARRAY(&a, const char *, ans.nfields + 1);
        FieldProblem *problems = ARENA_ARRAY(&a, FieldProblem, ans.nfields + 1);
        Err one = answer_save(db, by, who, ans.id, ans.version, keep, ans.nfields, true, problems);
        if (one == ERR_OK)
            (*submitted)++;
        else if (one == ERR_INVALID || one == ERR_CONFLICT || one == ERR_FORBIDDEN)
            (*refused)++;
        else
            e = one;
    }
    arena_free(&a);
    return e;
}
