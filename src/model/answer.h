/* Answers (回答): one project's response in one round, its fields, and what
 * may be done with it by whom. Every save carries the version it was based
 * on; a save over a newer version is refused and nothing is overwritten. */
#ifndef MODEL_ANSWER_H
#define MODEL_ANSWER_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

/* A grade of a rating field's scale (or an option of a choice list). */
typedef struct AnswerGrade {
    int64_t id;
    const char *code, *label; /* A, 達成 */
    const char *description;  /* "" if none */
} AnswerGrade;

typedef struct AnswerField {
    int64_t field_id;
    const char *key, *label;
    const char *example; /* 記入例, or NULL */
    int max_chars;       /* 0: no limit */
    bool required;
    const char *value;     /* the current text, "" if none */
    const char *last_year; /* the confirmed answer of the year before, or NULL */
    const char *kind;      /* text, rating or number */
    const char *unit;      /* a number's unit (件), "" if none */
    AnswerGrade *grades;   /* a rating's grades, in order */
    int ngrades;
} AnswerField;

typedef struct Answer {
    int64_t id, round_id, project_id, plan_id, section_id;
    const char *project_name, *project_summary, *section, *bureau;
    int fiscal_year;
    bool at_year_end;
    const char *deadline; /* of the round */
    bool round_open;      /* the round takes answers */
    const char *status;   /* not_started, draft, submitted, returned, confirmed */
    int version;          /* counts the saves */
    const char *comment;  /* the last comment of a 差戻し */
    bool on_behalf;       /* last saved by the secretariat for the section */
    const char *updated_at, *updated_by;
    int64_t bureau_id;    /* the section's bureau in the round's year, or 0 */
    bool bureau_review;   /* the plan has the bureau review stage */
    bool bureau_approved; /* the bureau approved the submitted answer (局承認) */
    AnswerField *fields;
    int nfields;
} Answer;

typedef struct AnswerRow {
    int64_t id, project_id, section_id;
    const char *project_name, *section, *bureau, *status, *updated_at;
    int version;
    bool bureau_review, bureau_approved; /* as in Answer */
} AnswerRow;

/* What is wrong with one field of a save. */
typedef enum FieldProblem {
    FIELD_OK = 0,
    FIELD_REQUIRED, /* empty, but needed to submit */
    FIELD_TOO_LONG, /* over max_chars characters */
    FIELD_CONTROL,  /* a control character other than a line break */
    FIELD_BAD_UTF8,
    FIELD_BAD_GRADE,  /* a rating: neither a code nor a label of its grades */
    FIELD_NOT_NUMBER, /* a number field: not a number */
} FieldProblem;

/* The answers of a round that who may read (a section's own, a bureau's, all
 * for the secretariat), in the city's order. */
Err answer_list(Db *db, Arena *arena, const Principal *who, int64_t round_id, AnswerRow **out,
                int *n);
/* One answer with its fields. ERR_NOT_FOUND if who may not read it. */
Err answer_get(Db *db, Arena *arena, const Principal *who, int64_t id, Answer *out);
/* May who write this answer now: its section while it is not submitted or
 * confirmed, or the plan's secretariat (on the section's behalf) until it is
 * confirmed; never once the round is closed. */
bool answer_may_write(const Principal *who, const Answer *a);
bool answer_may_review(const Principal *who, const Answer *a); /* return or confirm */
/* Is who the reviewer of the answer's bureau on a plan with the bureau
 * review stage: may approve it (局承認), and send it back until then. */
bool answer_may_approve(const Principal *who, const Answer *a);

/* Saves values (one per field of the answer, in order; NULL keeps a field) as
 * a draft, or submits them. A rating's value is a code or a label of its
 * grades (stored as the label, with the grade); a number's is a number as
 * written (12, 1,234, １２), stored so and in its plain form. ERR_CONFLICT if base_version is not
 * the current version (nothing written); ERR_INVALID with problems[i] set per field; ERR_FORBIDDEN
 * if who may not write it. */
Err answer_save(Db *db, const Actor *by, const Principal *who, int64_t id, int base_version,
                const char *const *values, int nvalues, bool submit, FieldProblem *problems);
/* answer_save inside the caller's transaction (db_begin done, commit or
 * rollback the caller's), so that several answers are written all or none.
 * On an error nothing of this answer was written, except after ERR_DB: then
 * the caller must roll back. */
Err answer_save_in_transaction(Db *db, const Actor *by, const Principal *who, int64_t id,
                               int base_version, const char *const *values, int nvalues,
                               bool submit, FieldProblem *problems);
/* Submits, as they are, every answer of the round that who writes for its
 * own sections and that is a draft or sent back (未着手 answers are left:
 * nothing was written). Counts what was submitted and what was refused (a
 * required field empty, or changed meanwhile). */
Err answer_submit_all(Db *db, const Actor *by, const Principal *who, int64_t round_id,
                      int *submitted, int *refused);
/* Sends a submitted (or confirmed) answer back with a comment (差戻し). The
 * bureau's reviewer may too, while it is submitted and not yet approved. */
Err answer_return(Db *db, const Actor *by, const Principal *who, int64_t id, const char *comment);
/* Confirms a submitted answer (確定); with the bureau review stage, only
 * once the bureau approved it (ERR_CONFLICT before). */
Err answer_confirm(Db *db, const Actor *by, const Principal *who, int64_t id);
/* The bureau's approval of a submitted answer (局承認): who must be the
 * reviewer of its bureau (ERR_FORBIDDEN); ERR_CONFLICT unless the plan has
 * the stage and the answer is submitted and not yet approved. */
Err answer_approve(Db *db, const Actor *by, const Principal *who, int64_t id);

/* Text as stored: NFC, CRLF as LF; FIELD_OK or what is wrong. The result is
 * malloc'd into *out (free it) when FIELD_OK. */
FieldProblem answer_clean_text(const char *in, char **out);

/* ---------- History ---------- */

/* One saved text of a field: the answer's version that wrote it. */
typedef struct AnswerVersion {
    int version;
    const char *text;  /* "" if none */
    const char *actor; /* the login that saved it */
    const char *at;    /* UTC, "2026-11-25T09:04:05Z" */
} AnswerVersion;

/* A field's versions, and the texts it is compared with. */
typedef struct AnswerFieldHistory {
    int64_t field_id;
    const char *label;
    AnswerVersion *versions; /* oldest first; only the versions that changed it */
    int nversions;
    const char *other;     /* this field at the other checkpoint of the year, or NULL */
    const char *last_year; /* last year's confirmed text, or NULL */
} AnswerFieldHistory;

/* What happened to the answer: save, submit, return, confirm, reopen or
 * approve (局承認). */
typedef struct AnswerEvent {
    const char *action;
    int version; /* the answer's version after it */
    const char *actor, *at;
    const char *comment; /* of a return (差戻し); "" otherwise */
    bool on_behalf;      /* a save or submit by the secretariat for the section */
} AnswerEvent;

typedef struct AnswerHistory {
    Answer answer;
    AnswerFieldHistory *fields; /* as answer.fields, in order */
    int nfields;
    AnswerEvent *events; /* oldest first */
    int nevents;
    int64_t other_id; /* the project's answer at the other checkpoint of the same
                         fiscal year and plan (年度当初 <-> 年度末), or 0 */
} AnswerHistory;

/* Every version of every field of an answer, the events, and the texts to
 * compare with. ERR_NOT_FOUND if who may not read it (as answer_get). */
Err answer_history(Db *db, Arena *arena, const Principal *who, int64_t id, AnswerHistory *out);

#endif
