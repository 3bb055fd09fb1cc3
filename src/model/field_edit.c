/* A plan's rating scales and fields: checks, writes with their audit entries,
 * and the page's reading of them. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/decimal.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "model/edit.h"
#include "model/field_edit.h"

/* ---------- Checks ---------- */

/* A text a person typed (model/edit.c's check) as this module's problem. */
static FieldDefProblem check_text(const char *s, int max, bool optional)
{
    static const FieldDefProblem as[] = {[TEXT_OK] = FD_OK,
                                         [TEXT_MISSING] = FD_MISSING,
                                         [TEXT_TOO_LONG] = FD_TOO_LONG,
                                         [TEXT_BAD] = FD_BAD_TEXT};
    return as[edit_check_text(s, max, optional)];
}

/* The same reading of numbers as the indicators' (base/decimal.c): one rule
 * for what a number is, wherever a person types one. */
bool field_number_parse(const char *s, char **out)
{
    char canon[DECIMAL_TEXT];
    *out = NULL;
    if (!s || !utf8_valid(s, strlen(s)) || !decimal_parse(s, canon, NULL, NULL))
        return false;
    *out = xstrdup(canon);
    return true;
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static FieldDefProblem check_grade(const GradeInput *g)
{
    FieldDefProblem p = check_text(g->code, FIELD_CODE_MAX, false);
    if (!p)
        p = check_text(g->label, FIELD_LABEL_MAX, false);
    if (!p)
        p = check_text(g->description, FIELD_EXAMPLE_MAX, true);
    char *points = NULL;
    if (!p && g->points && *g->points && !field_number_parse(g->points, &points))
        p = FD_BAD_POINTS;
    free(points);
    return p;
}

static FieldDefProblem check_scale(const ScaleInput *in)
{
    FieldDefProblem p = check_text(in->name, FIELD_LABEL_MAX, false);
    if (!p && (in->ngrades < 1 || in->ngrades > SCALE_MAX_GRADES))
        p = FD_NO_GRADES;
    for (int i = 0; !p && i < in->ngrades; i++)
        p = check_grade(&in->grades[i]);
    /* An answer names its grade by code or label: neither may be ambiguous. */
    for (int i = 0; !p && i < in->ngrades; i++)
        for (int j = 0; !p && j < i; j++) {
            const GradeInput *a = &in->grades[i], *b = &in->grades[j];
            if (same(a->code, b->code) || same(a->label, b->label) || same(a->code, b->label) ||
                same(a->label, b->code))
                p = FD_CODE_TAKEN;
        }
    return p;
}

/* ---------- Small helpers ---------- */

int64_t scale_plan(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT plan_id FROM rating_scale WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    return edit_one_id(st);
}

int64_t field_plan(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT plan_id FROM field_def WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    return edit_one_id(st);
}

/* Has a round asked the field (so that answers, if only empty ones, exist)? */
static bool field_asked(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db,
                            "SELECT (SELECT COUNT(*) FROM round_field WHERE field_id = $1)"
                            " + (SELECT COUNT(*) FROM response_value WHERE field_id = $1)",
                            1);
    db_bind_int64(st, 1, id);
    return edit_one_id(st) > 0;
}

/* ---------- Scales ---------- */

/* Points in their plain form, or NULL for none (malloc'd). */
static char *plain_points(const GradeInput *g)
{
    char *out = NULL;
    if (g->points && *g->points)
        field_number_parse(g->points, &out);
    return out;
}

/* Writes grade i of in: the grade of that code updated in place (its id,
 * and the answers that chose it, kept), or a new one. */
static Err write_grade(Db *db, int64_t scale_id, const GradeInput *g, int order)
{
    char *points = plain_points(g);
    DbStmt *st = db_prepare(db,
                            "UPDATE rating_grade SET label = $3, points = $4, description = $5,"
                            " sort_order = $6 WHERE scale_id = $1 AND code = $2 RETURNING id",
                            1);
    db_bind_int64(st, 1, scale_id);
    db_bind_text(st, 2, g->code);
    db_bind_text(st, 3, g->label);
    db_bind_text(st, 4, points);
    db_bind_text(st, 5, g->description ? g->description : "");
    db_bind_int64(st, 6, order);
    Err e = ERR_OK;
    if (!edit_one_id(st)) {
        st = db_prepare(db,
                        "INSERT INTO rating_grade (scale_id, code, label, points, description,"
                        " sort_order) VALUES ($1, $2, $3, $4, $5, $6)",
                        0);
        db_bind_int64(st, 1, scale_id);
        db_bind_text(st, 2, g->code);
        db_bind_text(st, 3, g->label);
        db_bind_text(st, 4, points);
        db_bind_text(st, 5, g->description ? g->description : "");
        db_bind_int64(st, 6, order);
        e = edit_step(st);
    }
    free(points);
    return e;
}

/* Drops the scale's grades whose code in no longer among in's; one that an
 * answer chose stops it with FD_GRADE_IN_USE. */
static Err drop_other_grades(Db *db, int64_t scale_id, const ScaleInput *in,
                             FieldDefProblem *problem)
{
    enum { G_ID, G_CODE, G_USED, G_N };
    DbStmt *st = db_prepare(db,
                            "SELECT g.id, g.code, (SELECT COUNT(*) FROM response_value v"
                            " WHERE v.grade_id = g.id) FROM rating_grade g WHERE g.scale_id = $1",
                            G_N);
    db_bind_int64(st, 1, scale_id);
    int64_t drop[SCALE_MAX_GRADES * 4];
    int n = 0, rc;
    while ((rc = db_step(st)) == DB_ROW) {
        bool kept = false;
        for (int i = 0; i < in->ngrades; i++)
            kept |= same(in->grades[i].code, db_col_text(st, G_CODE));
        if (kept)
            continue;
        if (db_col_int64(st, G_USED) > 0)
            *problem = FD_GRADE_IN_USE;
        else if (n < (int)(sizeof(drop) / sizeof(drop[0])))
            drop[n++] = db_col_int64(st, G_ID);
    }
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;
    if (*problem)
        return ERR_INVALID;
    Err e = ERR_OK;
    for (int i = 0; i < n && e == ERR_OK; i++) {
        st = db_prepare(db, "DELETE FROM rating_grade WHERE id = $1", 0);
        db_bind_int64(st, 1, drop[i]);
        e = edit_step(st);
    }
    return e;
}

static json_t *scale_json(const ScaleInput *in)
{
    json_t *grades = json_array();
    for (int i = 0; i < in->ngrades; i++) {
        const GradeInput *g = &in->grades[i];
        json_array_append_new(grades, json_pack("{s:s, s:s, s:s}", "code", g->code, "label",
                                                g->label, "points", g->points ? g->points : ""));
    }
    return json_pack("{s:s, s:o}", "name", in->name, "grades", grades);
}

/* Writes the scale's name and grades (db_begin done); the caller finishes. */
static Err write_scale(Db *db, int64_t id, const ScaleInput *in, FieldDefProblem *problem)
{
    DbStmt *st = db_prepare(db, "UPDATE rating_scale SET name = $2 WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->name);
    Err e = edit_step(st);
    if (e == ERR_CONFLICT) {
        *problem = FD_NAME_TAKEN;
        return ERR_INVALID;
    }
    if (e == ERR_OK)
        e = drop_other_grades(db, id, in, problem);
    for (int i = 0; i < in->ngrades && e == ERR_OK; i++)
        e = write_grade(db, id, &in->grades[i], i + 1);
    return e;
}

Err scale_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const ScaleInput *in,
              int64_t *id, FieldDefProblem *problem)
{
    *problem = FD_OK;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_scale(in)) != FD_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st =
        db_prepare(db, "INSERT INTO rating_scale (plan_id, name) VALUES ($1, $2) RETURNING id", 1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, in->name);
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    if (rc == DB_CONSTRAINT) {
        db_rollback(db);
        *problem = FD_NAME_TAKEN;
        return ERR_INVALID;
    }
    e = *id ? write_scale(db, *id, in, problem) : ERR_DB;
    if (e == ERR_OK)
        e = edit_audit(db, by, "scale.add", "rating_scale", *id, plan_id, 0, scale_json(in));
    return edit_finish(db, e);
}

Err scale_update(Db *db, const Actor *by, const Principal *who, int64_t id, const ScaleInput *in,
                 FieldDefProblem *problem)
{
    *problem = FD_OK;
    int64_t plan_id = scale_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_scale(in)) != FD_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    e = write_scale(db, id, in, problem);
    if (e == ERR_OK)
        e = edit_audit(db, by, "scale.update", "rating_scale", id, plan_id, 0, scale_json(in));
    return edit_finish(db, e);
}

Err scale_remove(Db *db, const Actor *by, const Principal *who, int64_t id,
                 FieldDefProblem *problem)
{
    *problem = FD_OK;
    int64_t plan_id = scale_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM field_def WHERE scale_id = $1", 1);
    db_bind_int64(st, 1, id);
    if (edit_one_id(st) > 0) {
        *problem = FD_SCALE_IN_USE;
        return ERR_INVALID;
    }
    if (db_begin(db) != 0)
        return ERR_DB;
    st = db_prepare(db, "DELETE FROM rating_grade WHERE scale_id = $1", 0);
    db_bind_int64(st, 1, id);
    e = edit_step(st);
    if (e == ERR_OK) {
        st = db_prepare(db, "DELETE FROM rating_scale WHERE id = $1", 0);
        db_bind_int64(st, 1, id);
        e = edit_step(st);
    }
    if (e == ERR_OK)
        e = edit_audit(db, by, "scale.remove", "rating_scale", id, plan_id, 0, NULL);
    return edit_finish(db, e);
}

/* ---------- Fields ---------- */

static bool is_kind(const char *kind, const char *name)
{
    return kind && strcmp(kind, name) == 0;
}

/* Does another field of the plan (not id) have this label? */
static bool label_taken(Db *db, int64_t plan_id, int64_t id, const char *label)
{
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM field_def WHERE plan_id = $1 AND label = $2"
                            " AND id <> $3",
                            1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, label);
    db_bind_int64(st, 3, id);
    return edit_one_id(st) > 0;
}

static FieldDefProblem check_field(Db *db, int64_t plan_id, int64_t id, const FieldInput *in)
{
    FieldDefProblem p = check_text(in->label, FIELD_LABEL_MAX, false);
    if (!p)
        p = check_text(in->example, FIELD_EXAMPLE_MAX, true);
    if (!p && !is_kind(in->kind, "text") && !is_kind(in->kind, "rating") &&
        !is_kind(in->kind, "number"))
        p = FD_BAD_KIND;
    if (!p && is_kind(in->kind, "text") && (in->max_chars < 0 || in->max_chars > FIELD_CHARS_LIMIT))
        p = FD_BAD_LIMIT;
    if (!p && is_kind(in->kind, "number"))
        p = check_text(in->unit, FIELD_UNIT_MAX, true);
    if (!p && is_kind(in->kind, "rating") &&
        (!in->scale_id || scale_plan(db, in->scale_id) != plan_id))
        p = FD_BAD_SCALE;
    if (!p && label_taken(db, plan_id, id, in->label))
        p = FD_LABEL_TAKEN;
    return p;
}

/* Binds the columns that depend on the kind: max_chars, unit, scale_id. */
static void bind_kind(DbStmt *st, int n, const FieldInput *in)
{
    if (is_kind(in->kind, "text") && in->max_chars > 0)
        db_bind_int64(st, n, in->max_chars);
    else
        db_bind_null(st, n);
    db_bind_text(st, n + 1, is_kind(in->kind, "number") && in->unit ? in->unit : NULL);
    if (is_kind(in->kind, "rating"))
        db_bind_int64(st, n + 2, in->scale_id);
    else
        db_bind_null(st, n + 2);
}

static json_t *field_json(const FieldInput *in)
{
    return json_pack("{s:s, s:s, s:s, s:b}", "label", in->label, "kind", in->kind, "checkpoint",
                     in->at_year_end ? "end" : "start", "required", in->required);
}

Err field_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const FieldInput *in,
              int64_t *id, FieldDefProblem *problem)
{
    *problem = FD_OK;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_field(db, plan_id, 0, in)) != FD_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    /* The key names the field in files and JSON; people never type it. */
    DbStmt *st = db_prepare(db,
                            "INSERT INTO field_def (plan_id, key, label, kind, max_chars, unit,"
                            " scale_id, checkpoint, required, example, sort_order)"
                            " SELECT $1, 'field-' || ((SELECT COALESCE(MAX(id), 0) FROM field_def)"
                            " + 1), $2, $3, $4, $5, $6, $7, $8, $9, COALESCE(MAX(sort_order), 0)"
                            " + 1 FROM field_def WHERE plan_id = $1 RETURNING id",
                            1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, in->label);
    db_bind_text(st, 3, in->kind);
    bind_kind(st, 4, in);
    db_bind_text(st, 7, in->at_year_end ? "end" : "start");
    db_bind_int64(st, 8, in->required);
    db_bind_text(st, 9, in->example && *in->example ? in->example : NULL);
    *id = edit_one_id(st);
    e = *id ? edit_audit(db, by, "field.add", "field_def", *id, plan_id, 0, field_json(in))
            : ERR_DB;
    return edit_finish(db, e);
}

Err field_update(Db *db, const Actor *by, const Principal *who, int64_t id, const FieldInput *in,
                 FieldDefProblem *problem)
{
    *problem = FD_OK;
    int64_t plan_id = field_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_field(db, plan_id, id, in)) != FD_OK)
        return ERR_INVALID;
    /* Answers were written for the kind and scale the field had. */
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM field_def WHERE id = $1 AND (kind <> $2 OR"
                            " COALESCE(scale_id, 0) <> $3)",
                            1);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->kind);
    db_bind_int64(st, 3, is_kind(in->kind, "rating") ? in->scale_id : 0);
    if (edit_one_id(st) > 0 && field_asked(db, id)) {
        *problem = FD_HAS_ANSWERS;
        return ERR_INVALID;
    }
    if (db_begin(db) != 0)
        return ERR_DB;
    st = db_prepare(db,
                    "UPDATE field_def SET label = $2, kind = $3, max_chars = $4, unit = $5,"
                    " scale_id = $6, checkpoint = $7, required = $8, example = $9 WHERE id = $1",
                    0);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->label);
    db_bind_text(st, 3, in->kind);
    bind_kind(st, 4, in);
    db_bind_text(st, 7, in->at_year_end ? "end" : "start");
    db_bind_int64(st, 8, in->required);
    db_bind_text(st, 9, in->example && *in->example ? in->example : NULL);
    e = edit_step(st);
    if (e == ERR_OK)
        e = edit_audit(db, by, "field.update", "field_def", id, plan_id, 0, field_json(in));
    return edit_finish(db, e);
}

/* Swaps the field's place with its neighbour's in the plan's order. */
static Err swap_with_neighbour(Db *db, int64_t id, int delta, bool *moved)
{
    DbStmt *st = db_prepare(db,
                            "SELECT o.id FROM field_def t JOIN field_def o ON o.plan_id = t.plan_id"
                            " WHERE t.id = $1 AND ((($2 < 0) AND o.sort_order < t.sort_order) OR"
                            " (($2 > 0) AND o.sort_order > t.sort_order)) ORDER BY CASE WHEN"
                            " $2 < 0 THEN -o.sort_order ELSE o.sort_order END LIMIT 1",
                            1);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, delta);
    int64_t other = edit_one_id(st);
    *moved = other != 0;
    if (!other)
        return ERR_OK; /* first or last already */
    /* Both places read before either is written. */
    int64_t place[2], ids[2] = {id, other};
    for (int i = 0; i < 2; i++) {
        st = db_prepare(db, "SELECT sort_order FROM field_def WHERE id = $1", 1);
        db_bind_int64(st, 1, ids[i]);
        place[i] = edit_one_id(st);
    }
    Err e = ERR_OK;
    for (int i = 0; i < 2 && e == ERR_OK; i++) {
        st = db_prepare(db, "UPDATE field_def SET sort_order = $2 WHERE id = $1", 0);
        db_bind_int64(st, 1, ids[i]);
        db_bind_int64(st, 2, place[1 - i]);
        e = edit_step(st);
    }
    return e;
}

Err field_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta)
{
    int64_t plan_id = field_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    bool moved = false;
    e = swap_with_neighbour(db, id, delta < 0 ? -1 : 1, &moved);
    if (e == ERR_OK && moved)
        e = edit_audit(db, by, "field.move", "field_def", id, plan_id, 0,
                       json_pack("{s:i}", "delta", delta < 0 ? -1 : 1));
    return edit_finish(db, e);
}

Err field_retire(Db *db, const Actor *by, const Principal *who, int64_t id, bool retired)
{
    int64_t plan_id = field_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE field_def SET retired = $2 WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, retired);
    e = edit_step(st);
    if (e == ERR_OK)
        e = edit_audit(db, by, "field.retire", "field_def", id, plan_id, 0,
                       json_pack("{s:b}", "retired", retired));
    return edit_finish(db, e);
}

Err field_remove(Db *db, const Actor *by, const Principal *who, int64_t id,
                 FieldDefProblem *problem)
{
    *problem = FD_OK;
    int64_t plan_id = field_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (field_asked(db, id)) {
        *problem = FD_HAS_ANSWERS;
        return ERR_INVALID;
    }
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "DELETE FROM field_def WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    e = edit_step(st);
    if (e == ERR_OK)
        e = edit_audit(db, by, "field.remove", "field_def", id, plan_id, 0, NULL);
    return edit_finish(db, e);
}

/* ---------- Reading ---------- */

static Err load_grades(Db *db, Arena *a, FieldScale *sc)
{
    enum { G_ID, G_CODE, G_LABEL, G_POINTS, G_DESC, G_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, code, label, points, description FROM rating_grade"
                            " WHERE scale_id = $1 ORDER BY sort_order, id",
                            G_N);
    db_bind_int64(st, 1, sc->id);
    sc->grades = ARENA_ARRAY(a, FieldGrade, SCALE_MAX_GRADES * 4);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && sc->ngrades < SCALE_MAX_GRADES * 4)
        sc->grades[sc->ngrades++] = (FieldGrade){
            db_col_int64(st, G_ID), db_col_dup(a, st, G_CODE), db_col_dup(a, st, G_LABEL),
            db_col_null(st, G_POINTS) ? NULL : db_col_dup(a, st, G_POINTS),
            db_col_dup(a, st, G_DESC)};
    db_done(st);
    return rc == DB_ERROR ? ERR_DB : ERR_OK;
}

static Err load_scales(Db *db, Arena *a, FieldSetup *out)
{
    enum { S_ID, S_NAME, S_USED, S_N };
    DbStmt *st = db_prepare(db,
                            "SELECT s.id, s.name, (SELECT COUNT(*) FROM field_def f"
                            " WHERE f.scale_id = s.id) FROM rating_scale s WHERE s.plan_id = $1"
                            " ORDER BY s.id",
                            S_N);
    db_bind_int64(st, 1, out->plan_id);
    int cap = 0, rc;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, out->scales, out->nscales, cap, FieldScale);
        out->scales[out->nscales++] = (FieldScale){.id = db_col_int64(st, S_ID),
                                                   .name = db_col_dup(a, st, S_NAME),
                                                   .used = db_col_int64(st, S_USED) > 0};
    }
    db_done(st);
    Err e = rc == DB_DONE ? ERR_OK : ERR_DB;
    for (int i = 0; i < out->nscales && e == ERR_OK; i++)
        e = load_grades(db, a, &out->scales[i]);
    return e;
}

static Err load_fields(Db *db, Arena *a, FieldSetup *out)
{
    enum {
        F_ID,
        F_KEY,
        F_LABEL,
        F_KIND,
        F_MAX,
        F_UNIT,
        F_SCALE,
        F_CP,
        F_REQ,
        F_RET,
        F_EX,
        F_ASKED,
        F_N
    };
    /* Asked: as field_asked says, for every field in one query. */
    DbStmt *st = db_prepare(db,
                            "SELECT id, key, label, kind, COALESCE(max_chars, 0), unit,"
                            " COALESCE(scale_id, 0), checkpoint, required, retired, example,"
                            " CASE WHEN EXISTS (SELECT 1 FROM round_field rf"
                            "  WHERE rf.field_id = f.id) OR EXISTS (SELECT 1 FROM response_value v"
                            "  WHERE v.field_id = f.id) THEN 1 ELSE 0 END"
                            " FROM field_def f WHERE plan_id = $1 ORDER BY sort_order, id",
                            F_N);
    db_bind_int64(st, 1, out->plan_id);
    int cap = 0, rc;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, out->fields, out->nfields, cap, FieldDef);
        out->fields[out->nfields++] = (FieldDef){
            .id = db_col_int64(st, F_ID),
            .key = db_col_dup(a, st, F_KEY),
            .label = db_col_dup(a, st, F_LABEL),
            .kind = db_col_dup(a, st, F_KIND),
            .max_chars = (int)db_col_int64(st, F_MAX),
            .unit = db_col_dup(a, st, F_UNIT),
            .scale_id = db_col_int64(st, F_SCALE),
            .at_year_end = strcmp(db_col_text(st, F_CP), "end") == 0,
            .required = db_col_int64(st, F_REQ) != 0,
            .retired = db_col_int64(st, F_RET) != 0,
            .example = db_col_dup(a, st, F_EX),
            .asked = db_col_int64(st, F_ASKED) != 0,
        };
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err field_setup_load(Db *db, Arena *arena, const Principal *who, int64_t plan_id, FieldSetup *out)
{
    memset(out, 0, sizeof(*out));
    if (!principal_may_read_plan(db, who, plan_id))
        return ERR_NOT_FOUND;
    if (!principal_runs_plan(who, plan_id))
        return ERR_FORBIDDEN;
    DbStmt *st = db_prepare(db, "SELECT title FROM plan WHERE id = $1", 1);
    db_bind_int64(st, 1, plan_id);
    bool found = db_step(st) == DB_ROW;
    out->plan_title = found ? db_col_dup(arena, st, 0) : "";
    db_done(st);
    if (!found)
        return ERR_NOT_FOUND;
    out->plan_id = plan_id;
    Err e = load_scales(db, arena, out);
    return e == ERR_OK ? load_fields(db, arena, out) : e;
}
