/* An import as a person does it in the browser: the file is uploaded and
 * kept, its mapping looked at and changed, the preview (a dry run) read, and
 * only then is it loaded, once. Who may: an administrator for a new plan,
 * the plan's secretariat (or an administrator) to merge into a plan; and only
 * the person who uploaded a file sees it. */
#ifndef IMPORT_IMPORT_JOB_H
#define IMPORT_IMPORT_JOB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "import/sheet_import.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    IMPORT_MAX_FILE = 20 << 20, /* bytes of an uploaded file */
    IMPORT_KEEP = 20,           /* pending uploads kept per person (the oldest go) */
    IMPORT_STALE = 15 * 60,     /* seconds after which a job left running may run again */
};

typedef struct ImportJob {
    int64_t id, user_id;
    int64_t plan_id; /* merge into it, or 0 for a new plan */
    const char *filename, *title;
    const char *mapping; /* JSON, or NULL for the suggested one */
    const char *status;  /* pending, running, done */
    int64_t result_plan_id;
    const char *created_at;
    const unsigned char *data; /* the file */
    size_t len;
} ImportJob;

typedef struct SavedMapping {
    int64_t id;
    const char *name, *mapping, *created_by, *created_at;
} SavedMapping;

/* May who import a new plan (plan_id 0) or into plan_id. */
bool import_may(const Principal *who, int64_t plan_id);

/* Keeps an uploaded file. ERR_FORBIDDEN (import_may), ERR_TOO_BIG. */
Err import_job_create(Db *db, const Principal *who, const char *filename, const void *data,
                      size_t len, int64_t plan_id, const char *title, const char *mapping,
                      int64_t *id);
/* The job, if who uploaded it; else ERR_NOT_FOUND. */
Err import_job_get(Db *db, Arena *arena, const Principal *who, int64_t id, ImportJob *out);
/* Replaces the mapping of a pending job of who's. */
Err import_job_set_mapping(Db *db, const Principal *who, int64_t id, const char *mapping);

/* Reads the job's file with its mapping into t and m (in r's arena), then
 * builds the plan (r->json). ERR_INVALID with problems in r. */
Err import_job_prepare(const ImportJob *job, Table *t, ImportMapping *m, ImportResult *r);
/* Prepares and loads the job: with dry_run, counts and writes nothing; else
 * loads it once (a second confirm finds it done: ERR_CONFLICT). */
Err import_job_run(Db *db, const Actor *by, const Principal *who, int64_t id, bool dry_run,
                   ImportResult *r, PlanLoadCounts *counts, int64_t *plan_id);

/* Keeps a mapping under a name, or replaces the mapping of that name if who
 * saved it (ERR_CONFLICT if someone else did). Administrators and
 * secretariats (ERR_FORBIDDEN). */
Err import_mapping_save(Db *db, const Actor *by, const Principal *who, const char *name,
                        const char *mapping);
Err import_mapping_list(Db *db, Arena *arena, SavedMapping **out, int *n);
/* The mapping of that id (arena), or NULL. */
const char *import_mapping_get(Db *db, Arena *arena, int64_t id);

#endif
