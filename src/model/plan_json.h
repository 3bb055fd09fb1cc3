/* Loads a whole plan, with its organisation, projects and answers, from the
 * JSON form of the seed (data/demo/sendai.json): the demo data, and a way to
 * bring in a plan that someone has typed up. */
#ifndef MODEL_PLAN_JSON_H
#define MODEL_PLAN_JSON_H
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

#endif
