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
} RoundProblem;

typedef struct RoundCounts {
    int total, not_started, draft, submitted, returned, confirmed;
} RoundCounts;

typedef struct Round {
    int64_t id, plan_id;
    const char *plan_title;
    int fiscal_year;
    bool at_year_end;
    const char *doc_no, *inquiry_date, *deadline, *instructions;
    const char *status; /* draft, open, closed */
    bool published;
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
/* open -> closed and back; ERR_FORBIDDEN unless who runs the plan. */
Err round_set_status(Db *db, const Actor *by, const Principal *who, int64_t id, bool open);
/* A later deadline (YYYY-MM-DD). */
Err round_extend(Db *db, const Actor *by, const Principal *who, int64_t id, const char *deadline,
                 RoundProblem *problem);
/* True if a YYYY-MM-DD date is valid. */
bool round_valid_date(const char *date);

#endif
