/* Reading a progress sheet back: an XLSX or CSV file in the layouts the
 * program writes (or one typed up like them) turned into the plan's JSON form
 * (model/plan_json.h) and loaded in one transaction. The header row is found
 * by its texts, the columns by their headings; every problem is named by its
 * cell ("Sheet1!C12: ..."), and any problem refuses the whole import. */
#ifndef IMPORT_SHEET_IMPORT_H
#define IMPORT_SHEET_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "store/db.h"

typedef struct ImportOptions {
    const char *title;  /* the new plan's title (required) */
    int from_fy, to_fy; /* the plan's period; 0: the years the file has */
} ImportOptions;

typedef struct ImportResult {
    int ndirections, ninitiatives, nprojects, nanswers;
    char **problems; /* malloc'd, "SHEET!C12: what is wrong" */
    int nproblems;
    char *json; /* the plan's JSON (malloc'd), NULL when refused */
} ImportResult;

/* Builds the plan JSON from the file called name (its extension says xlsx or
 * csv), data[0..len). ERR_OK with r->json set, or ERR_INVALID with the
 * problems in r. */
Err sheet_import_build(const char *name, const void *data, size_t len, const ImportOptions *o,
                       ImportResult *r);

/* Reads the file at path, builds the plan and, unless dry_run, loads it with
 * plan_json_load (all or nothing) and sets *plan_id. ERR_INVALID (problems in
 * r) when refused, ERR_IO when the file cannot be read, ERR_DB. */
Err sheet_import_file(Db *db, const char *path, const ImportOptions *o, bool dry_run,
                      ImportResult *r, int64_t *plan_id);

void import_result_free(ImportResult *r);

#endif
