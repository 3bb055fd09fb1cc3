/* A plan's fields and rating scales, set up by its secretariat without a
 * programmer: scales (A/B/C/D with points, ◎○△×, 達成/未達成) with their
 * grades, and fields (text with a character limit, a rating on one of the
 * plan's scales, a number with a unit), each with its checkpoint, whether it
 * is required, its 記入例 and its place; added, edited, moved, removed.
 *
 * A choice list (選択肢) is a scale whose grades have no points, and a field
 * on it is a rating field: the summary counts its answers per grade and has
 * no average. A field that a round has asked (every asked project then has
 * an answer, if only 未着手) is never removed: it is retired instead, and new
 * rounds no longer ask it; its answers stay on the sheet of their years.
 *
 * Who may: principal_runs_plan (the plan's secretariat or an administrator).
 * Every change is one transaction with an audit entry; a change a person got
 * wrong is refused with a FieldDefProblem and nothing written. */
#ifndef MODEL_FIELD_EDIT_H
#define MODEL_FIELD_EDIT_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    FIELD_LABEL_MAX = 100,     /* a field's label, a scale's name, a grade's label */
    FIELD_UNIT_MAX = 20,       /* 件, 人, % */
    FIELD_EXAMPLE_MAX = 2000,  /* 記入例, a grade's description */
    FIELD_CODE_MAX = 10,       /* a grade's code: A, ◎, 1 */
    FIELD_CHARS_LIMIT = 20000, /* the highest character limit a text field may have */
    SCALE_MAX_GRADES = 20,
};

typedef enum FieldDefProblem {
    FD_OK = 0,
    FD_MISSING,      /* a name, label or code is empty */
    FD_TOO_LONG,     /* over its limit */
    FD_BAD_TEXT,     /* invalid UTF-8 or control characters */
    FD_NAME_TAKEN,   /* another scale of the plan has this name */
    FD_CODE_TAKEN,   /* two grades of the scale have one code */
    FD_NO_GRADES,    /* none, or more than SCALE_MAX_GRADES */
    FD_BAD_POINTS,   /* a grade's points are not a number */
    FD_GRADE_IN_USE, /* the change drops a grade that answers chose */
    FD_SCALE_IN_USE, /* removing a scale that a field uses */
    FD_BAD_KIND,     /* not text, rating or number */
    FD_BAD_SCALE,    /* a rating field without one of the plan's scales */
    FD_BAD_LIMIT,    /* a character limit that is not 1..FIELD_CHARS_LIMIT */
    FD_HAS_ANSWERS,  /* removal, or a change of kind or scale, once rounds asked it */
    FD_LABEL_TAKEN,  /* another field of the plan has this label */
} FieldDefProblem;

typedef struct GradeInput {
    const char *code, *label;
    const char *points;      /* a number as text, or "" / NULL: none (a choice list) */
    const char *description; /* may be "" */
} GradeInput;

typedef struct ScaleInput {
    const char *name;
    const GradeInput *grades; /* in order */
    int ngrades;
} ScaleInput;

typedef struct FieldInput {
    const char *label;
    const char *kind;    /* "text", "rating" or "number" */
    int max_chars;       /* text: 0 none; -1 unreadable (refused) */
    const char *unit;    /* number: 件; may be "" */
    int64_t scale_id;    /* rating: one of the plan's scales */
    bool at_year_end;    /* 年度末 (else 年度当初) */
    bool required;       /* needed to submit */
    const char *example; /* 記入例; may be "" */
} FieldInput;

Err scale_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const ScaleInput *in,
              int64_t *id, FieldDefProblem *problem);
/* Replaces the scale's name and grades. Grades are matched by code: a grade
 * kept keeps its id (and the answers that chose it); one dropped that answers
 * chose is refused (FD_GRADE_IN_USE). */
Err scale_update(Db *db, const Actor *by, const Principal *who, int64_t id, const ScaleInput *in,
                 FieldDefProblem *problem);
/* Removes a scale no field uses (FD_SCALE_IN_USE). */
Err scale_remove(Db *db, const Actor *by, const Principal *who, int64_t id,
                 FieldDefProblem *problem);

Err field_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const FieldInput *in,
              int64_t *id, FieldDefProblem *problem);
/* Changes a field; its kind and scale only while no round has asked it. */
Err field_update(Db *db, const Actor *by, const Principal *who, int64_t id, const FieldInput *in,
                 FieldDefProblem *problem);
/* One place up (delta -1) or down (+1) in the plan's order. */
Err field_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta);
/* Retires a field from new rounds (retired), or brings it back. */
Err field_retire(Db *db, const Actor *by, const Principal *who, int64_t id, bool retired);
/* Removes a field no round has asked (else FD_HAS_ANSWERS: retire it). */
Err field_remove(Db *db, const Actor *by, const Principal *who, int64_t id,
                 FieldDefProblem *problem);

/* ---------- Reading ---------- */

typedef struct FieldGrade {
    int64_t id;
    const char *code, *label;
    const char *points; /* as stored, or NULL */
    const char *description;
} FieldGrade;

typedef struct FieldScale {
    int64_t id;
    const char *name;
    FieldGrade *grades; /* in order */
    int ngrades;
    bool used; /* a field uses it */
} FieldScale;

typedef struct FieldDef {
    int64_t id;
    const char *key, *label, *kind; /* kind: text, rating, number */
    int max_chars;                  /* 0: none */
    const char *unit;               /* "" if none */
    int64_t scale_id;               /* 0 unless rating */
    bool at_year_end, required, retired;
    const char *example; /* "" if none */
    bool asked;          /* a round has asked it: not removable */
} FieldDef;

typedef struct FieldSetup {
    int64_t plan_id;
    const char *plan_title;
    FieldScale *scales; /* by name */
    int nscales;
    FieldDef *fields; /* in the plan's order */
    int nfields;
} FieldSetup;

/* The plan's scales and fields (arena) for who, who must run the plan:
 * ERR_NOT_FOUND if who may not read it, ERR_FORBIDDEN if who only reads it. */
Err field_setup_load(Db *db, Arena *arena, const Principal *who, int64_t plan_id, FieldSetup *out);

/* The plan of a scale or a field, or 0. */
int64_t scale_plan(Db *db, int64_t id);
int64_t field_plan(Db *db, int64_t id);

/* True if s is a number as a person writes it: 12, -3, 1,234, 12.5, １２
 * (full-width digits), at most 15 significant digits; *out (malloc'd, or
 * NULL) is its canonical form: "1234", "-12.5", "0.05" (no grouping, no
 * leading zeros, no trailing fraction zeros, never "-0"). */
bool field_number_parse(const char *s, char **out);

#endif
