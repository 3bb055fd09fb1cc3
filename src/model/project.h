/* A project (事業) with its answers in every state: what a section, its
 * bureau and the plan's secretariat see of their own rows. Access is checked
 * here: a project the person may not read does not exist for them. */
#ifndef MODEL_PROJECT_H
#define MODEL_PROJECT_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/principal.h"
#include "store/db.h"

typedef struct ProjectLink {
    int64_t plan_id;
    const char *plan_title;
    const char *direction;  /* 方向性1 */
    const char *number;     /* 1 */
    const char *initiative; /* 取組み */
} ProjectLink;

typedef struct ProjectValue {
    const char *label; /* the field's label */
    const char *text;  /* the answer */
} ProjectValue;

typedef struct ProjectResponse {
    int fiscal_year;
    bool at_year_end;   /* the round's checkpoint */
    const char *status; /* not_started, draft, submitted, returned, confirmed */
    int version;
    ProjectValue *values;
    int nvalues;
} ProjectResponse;

typedef struct Project {
    int64_t id;
    const char *name, *summary, *section, *bureau;
    ProjectLink *links;
    int nlinks;
    ProjectResponse *responses; /* newest year first */
    int nresponses;
} Project;

typedef struct ProjectSummary {
    int64_t id;
    const char *name, *section;
} ProjectSummary;

/* Loads project id for who. ERR_NOT_FOUND if it does not exist or who may not
 * read it (the same answer, so that ids cannot be probed). */
Err project_load(Db *db, Arena *arena, const Principal *who, int64_t id, int fy, Project *out);
/* The projects of who's sections and bureaus (editors and reviewers). */
Err project_list_mine(Db *db, Arena *arena, const Principal *who, ProjectSummary **out, int *count);

#endif
