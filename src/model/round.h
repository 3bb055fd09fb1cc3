/* Rounds (照会): one collection of answers for a plan, a reviewed fiscal
 * year and a checkpoint. Opening a round fixes the projects it asks (those
 * linked to the plan) and gives each an empty answer (未着手). */
#ifndef MODEL_ROUND_H
#define MODEL_ROUND_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

typedef struct RoundInput {
    int64_t plan_id;
    int fiscal_year;          /* the reviewed fiscal year */
    bool at_year_end;         /* 年度末 (else 年度当初) */
    const char *doc_no;       /* 文書番号, may be "" */
    const char *inquiry_date; /* 照会日, YYYY-MM-DD or "" */
    const char *deadline;     /* 回答期限, YYYY-MM-DD */
    const char *instructions; /* may be "" */
} RoundInput;

typedef enum RoundProblem {
    ROUND_OK = 0,
    ROUND_BAD_YEAR,        /* outside the plan's period */
    ROUND_BAD_DATE,        /* not a date */
    ROUND_DEADLINE_BEFORE, /* the deadline is before the inquiry date */
    ROUND_EXISTS,          /* an open round of that year and checkpoint exists */
    ROUND_NOTHING_ASKED,   /* the plan has no projects or no fields of that checkpoint */
    ROUND_NOT_LATER,       /* round_extend: not after the current deadline */
} RoundProblem;

/* Who sees a round's confirmed answers on the sheet, besides those who run
 * the plan and the sections and bureaus whose projects they are. */
typedef enum RoundPublished {
    ROUND_UNPUBLISHED = 0, /* nobody else */
    ROUND_TO_VIEWERS = 1,  /* signed-in people who may read the plan (the council) */
    ROUND_PUBLIC = 2,      /* also anonymous readers of a published plan */
} RoundPublished;

typedef struct RoundCounts {
    int total, not_started, draft, submitted, returned, confirmed;
    int overdue; /* neither submitted nor confirmed, and the deadline has passed */
} RoundCounts;

typedef struct Round {
    int64_t id, plan_id;
    const char *plan_title;
    int fiscal_year;
    bool at_year_end;
    const char *doc_no, *inquiry_date, *deadline, *instructions;
    const char *status; /* draft, open, closed */
    int published;      /* a RoundPublished level */
    RoundCounts counts; /* of the answers who may see */
} Round;

/* Opens a round (who must run the plan; NULL: the command line). */
Err round_open(Db *db, const Actor *by, const Principal *who, const RoundInput *in, int64_t *id,
               RoundProblem *problem);
/* The rounds who takes part in, newest first (plan_id 0: every plan). */
Err round_list(Db *db, Arena *arena, const Principal *who, int64_t plan_id, Round **out, int *n);
/* One round, with counts of the answers who may see. ERR_NOT_FOUND if who
 * takes no part in it. */
Err round_get(Db *db, Arena *arena, const Principal *who, int64_t id, Round *out);
/* open -> closed and back; ERR_FORBIDDEN unless who runs the plan;
 * ERR_CONFLICT when reopening while another round of the same plan, year
 * and checkpoint is open. */
Err round_set_status(Db *db, const Actor *by, const Principal *who, int64_t id, bool open);
/* Sets who sees the round's confirmed answers (a RoundPublished level),
 * audited as round.publish; ERR_FORBIDDEN unless who runs the plan,
 * ERR_NOT_FOUND if who takes no part in the round, ERR_INVALID for a level
 * that is not one of RoundPublished. */
Err round_set_published(Db *db, const Actor *by, const Principal *who, int64_t id, int level);
/* A later deadline (YYYY-MM-DD): ROUND_BAD_DATE, ROUND_DEADLINE_BEFORE (before
 * the inquiry date) or ROUND_NOT_LATER (not after the current deadline) with
 * ERR_INVALID. */
Err round_extend(Db *db, const Actor *by, const Principal *who, int64_t id, const char *deadline,
                 RoundProblem *problem);
/* True if a YYYY-MM-DD date is valid. */
bool round_valid_date(const char *date);
/* Today's date in Japan (UTC+9), YYYY-MM-DD: deadlines are days there. */
void round_today(char out[11]);
/* Is an answer in this status overdue on today (YYYY-MM-DD): the round has a
 * deadline, today is after it, and the answer is neither submitted nor
 * confirmed. */
bool round_overdue(const Round *r, const char *status, const char *today);
/* Adds one answer in status to c (overdue as round_overdue says). */
void round_count_add(RoundCounts *c, const Round *r, const char *status, const char *today);

#endif
