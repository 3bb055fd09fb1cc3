/* Loads a whole plan, with its organisation, projects and answers, from the
 * JSON form of the seed (data/demo/sendai.json): the demo data, and a way to
 * bring in a plan that someone has typed up. */
#ifndef MODEL_PLAN_JSON_H
#define MODEL_PLAN_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "store/db.h"

/* Creates the plan described by json in one transaction: all of it or, on any
 * error, nothing. On success sets *plan_id. On failure returns ERR_INVALID with
 * a malloc'd message in *err naming the JSON path (e.g.
 * "initiatives[2].projects[0].section: missing"), or ERR_DB. */
Err plan_json_load(Db *db, const char *json, size_t len, const char *actor, int64_t *plan_id,
                   char **err);

/* What a load made, changed and found as it was, by kind. */
typedef enum PlanLoadKind {
    PL_DIRECTIONS,
    PL_INITIATIVES,
    PL_PROJECTS,
    PL_ANSWERS, /* one per field of a project's answer of a year */
    PL_KINDS
} PlanLoadKind;

typedef struct PlanLoadCounts {
    int created[PL_KINDS], updated[PL_KINDS], unchanged[PL_KINDS];
} PlanLoadCounts;

typedef struct PlanLoadOptions {
    const char *actor;
    int64_t into_plan; /* merge into this plan instead of making a new one */
    bool dry_run;      /* count, then roll everything back */
} PlanLoadOptions;

/* plan_json_load, and more: into an existing plan, the plan row and its
 * labels are left as they are; directions are matched by label, fields by
 * label (a new one is added), initiatives by number (title and content
 * updated when the file's differ), projects by bureau, section and name
 * (linked when another initiative has them already), answers by year and
 * field (a changed text is a new version, saved as the import). Answers of a
 * round that is still open or not yet opened are refused: they belong to
 * the sections. counts may be NULL. */
Err plan_json_apply(Db *db, const char *json, size_t len, const PlanLoadOptions *o,
                    PlanLoadCounts *counts, int64_t *plan_id, char **err);

#endif
