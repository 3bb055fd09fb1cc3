/* Projects a round does not ask itself: linked to another plan too, they are
 * answered once per fiscal year and checkpoint, in the round of the plan that
 * asked first (migrations/012). The round's page lists them with where and
 * how far they are answered; the sheet takes their answers (plan_answer). */
#ifndef MODEL_ROUND_SHARED_H
#define MODEL_ROUND_SHARED_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

typedef struct SharedAnswer {
    int64_t project_id;
    const char *project_name;
    const char *section;    /* the answering section's name in the round's year */
    int64_t answer_id;      /* the answer in the other plan's round */
    int64_t round_id;       /* that round */
    const char *plan_title; /* its plan */
    const char *status;     /* not_started, draft, submitted, returned, confirmed */
} SharedAnswer;

/* The shared projects of round_id, in the city's order (no access check:
 * the caller has read the round). */
Err round_shared_list(Db *db, Arena *arena, int64_t round_id, SharedAnswer **out, int *n);

/* The titles of the other plans whose rounds take answer_id (none for an
 * answer of a project that serves one plan). */
Err round_shared_plans(Db *db, Arena *arena, int64_t answer_id, const char ***titles, int *n);

#endif
