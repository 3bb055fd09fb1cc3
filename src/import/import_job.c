/* Uploaded files waiting to be imported, and saved mappings. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "base/clock.h"
#include "base/mem.h"
#include "import/import_job.h"
#include "model/audit.h"

bool import_may(const Principal *who, int64_t plan_id)
{
    return plan_id ? principal_runs_plan(who, plan_id) : principal_is_admin(who);
}

/* A person's uploads are kept while they are worked on: the oldest beyond
 * IMPORT_KEEP pending ones go, and a finished one keeps no file. */
static void forget_old_uploads(Db *db, int64_t user_id)
{
    DbStmt *st = db_prepare(db,
                            "DELETE FROM import_upload WHERE user_id = $1 AND status = 'pending'"
                            " AND id NOT IN (SELECT id FROM import_upload WHERE user_id = $1"
                            " AND status = 'pending' ORDER BY id DESC LIMIT $2)",
                            0);
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, IMPORT_KEEP - 1);
    db_step(st);
    db_done(st);
}

/* "2026-11-25T09:04:05Z" of seconds ago. */
static void iso_ago(int seconds, char out[21])
{
    time_t t = time(NULL) - seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

Err import_job_create(Db *db, const Principal *who, const char *filename, const void *data,
                      size_t len, int64_t plan_id, const char *title, const char *mapping,
                      int64_t *id)
{
    if (!principal_signed_in(who) || !import_may(who, plan_id))
        return ERR_FORBIDDEN;
    if (len > IMPORT_MAX_FILE)
        return ERR_TOO_BIG;
    forget_old_uploads(db, who->user_id);
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *text = xmalloc(cap);
    sodium_bin2base64(text, cap, data, len, sodium_base64_VARIANT_ORIGINAL);
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO import_upload (user_id, filename, data, size, plan_id,"
                            " title, mapping, status, created_at, updated_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8) RETURNING id",
                            1);
    db_bind_int64(st, 1, who->user_id);
    db_bind_text(st, 2, filename);
    db_bind_text(st, 3, text);
    db_bind_int64(st, 4, (int64_t)len);
    if (plan_id)
        db_bind_int64(st, 5, plan_id);
    else
        db_bind_null(st, 5);
    db_bind_text(st, 6, title ? title : "");
    db_bind_text(st, 7, mapping);
    db_bind_text(st, 8, now);
    Err e = db_step(st) == DB_ROW ? ERR_OK : ERR_DB;
    if (e == ERR_OK)
        *id = db_col_int64(st, 0);
    db_done(st);
    free(text);
    return e;
}

enum {
    J_ID,
    J_USER,
    J_PLAN,
    J_FILENAME,
    J_TITLE,
    J_MAPPING,
    J_STATUS,
    J_RESULT,
    J_CREATED,
    J_DATA,
    J_SIZE,
    J_NCOLS
};

Err import_job_get(Db *db, Arena *arena, const Principal *who, int64_t id, ImportJob *out)
{
    memset(out, 0, sizeof(*out));
    DbStmt *st = db_prepare(db,
                            "SELECT id, user_id, COALESCE(plan_id, 0), filename, title, mapping,"
                            " status, COALESCE(result_plan_id, 0), created_at, data, size"
                            " FROM import_upload WHERE id = $1 AND user_id = $2",
                            J_NCOLS);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, who->user_id);
    int rc = db_step(st);
    Err e = rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    if (e == ERR_OK) {
        out->id = db_col_int64(st, J_ID);
        out->user_id = db_col_int64(st, J_USER);
        out->plan_id = db_col_int64(st, J_PLAN);
        out->filename = arena_strdup(arena, db_col_text(st, J_FILENAME));
        out->title = arena_strdup(arena, db_col_text(st, J_TITLE));
        out->mapping =
            db_col_null(st, J_MAPPING) ? NULL : arena_strdup(arena, db_col_text(st, J_MAPPING));
        out->status = arena_strdup(arena, db_col_text(st, J_STATUS));
        out->result_plan_id = db_col_int64(st, J_RESULT);
        out->created_at = arena_strdup(arena, db_col_text(st, J_CREATED));
        const char *text = db_col_text(st, J_DATA);
        size_t size = (size_t)db_col_int64(st, J_SIZE);
        unsigned char *bin = arena_alloc(arena, size + 1);
        size_t got = 0;
        if (sodium_base642bin(bin, size + 1, text, strlen(text), NULL, &got, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            got != size)
            e = ERR_DB;
        bin[got] = '\0';
        out->data = bin;
        out->len = got;
    }
    db_done(st);
    return e;
}

Err import_job_set_mapping(Db *db, const Principal *who, int64_t id, const char *mapping)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "UPDATE import_upload SET mapping = $3, updated_at = $4"
                            " WHERE id = $1 AND user_id = $2 AND status = 'pending'",
                            0);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, who->user_id);
    db_bind_text(st, 3, mapping);
    db_bind_text(st, 4, now);
    Err e = db_step(st) == DB_DONE ? ERR_OK : ERR_DB;
    db_done(st);
    return e;
}

Err import_job_prepare(const ImportJob *job, Table *t, ImportMapping *m, ImportResult *r)
{
    memset(m, 0, sizeof(*m));
    m->sheet = -1;
    Err e = sheet_import_read(job->filename, job->data, job->len, t, r);
    if (e != ERR_OK)
        return e;
    if (job->mapping)
        e = import_mapping_from_json(job->mapping, t, m, r);
    else
        e = import_mapping_suggest(t, m, r) ? ERR_OK : ERR_INVALID;
    if (e != ERR_OK)
        return e;
    ImportOptions o = {.title = job->title, .into_plan = job->plan_id};
    return sheet_import_build_with(t, m, &o, r);
}

/* Moves a job from one status to another, if it is in the first: the one
 * confirm that gets to do it. */
static bool move_status(Db *db, int64_t id, const char *from, const char *to, int64_t result)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "UPDATE import_upload SET status = $3, updated_at = $4,"
                            " result_plan_id = CASE WHEN $5 = 0 THEN result_plan_id ELSE $5 END,"
                            " data = CASE WHEN $3 = 'done' THEN '' ELSE data END,"
                            " size = CASE WHEN $3 = 'done' THEN 0 ELSE size END"
                            " WHERE id = $1 AND status = $2 RETURNING id",
                            1);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, now);
    db_bind_int64(st, 5, result);
    bool moved = db_step(st) == DB_ROW;
    db_done(st);
    return moved;
}

/* A job left running by a process that died (a load takes seconds, not
 * IMPORT_STALE) may be confirmed again: its transaction was rolled back. */
static bool reset_stale(Db *db, int64_t id)
{
    char before[21];
    iso_ago(IMPORT_STALE, before);
    DbStmt *st = db_prepare(db,
                            "UPDATE import_upload SET status = 'pending' WHERE id = $1"
                            " AND status = 'running' AND updated_at < $2 RETURNING id",
                            1);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, before);
    bool reset = db_step(st) == DB_ROW;
    db_done(st);
    return reset;
}

Err import_job_run(Db *db, const Actor *by, const Principal *who, int64_t id, bool dry_run,
                   ImportResult *r, PlanLoadCounts *counts, int64_t *plan_id)
{
    ImportJob job;
    Err e = import_job_get(db, &r->arena, who, id, &job);
    if (e != ERR_OK)
        return e;
    if (!import_may(who, job.plan_id))
        return ERR_FORBIDDEN; /* the grant may have gone since the upload */
    if (strcmp(job.status, "running") == 0 && reset_stale(db, id))
        job.status = "pending";
    if (strcmp(job.status, "pending") != 0)
        return ERR_CONFLICT;
    Table t;
    ImportMapping m;
    e = import_job_prepare(&job, &t, &m, r);
    if (e != ERR_OK)
        return e;
    ImportOptions o = {.title = job.title, .into_plan = job.plan_id};
    if (dry_run)
        return sheet_import_load(db, &o, by->name, true, r, counts, plan_id);
    if (!move_status(db, id, "pending", "running", 0))
        return ERR_CONFLICT;
    e = sheet_import_load(db, &o, by->name, false, r, counts, plan_id);
    move_status(db, id, "running", e == ERR_OK ? "done" : "pending", e == ERR_OK ? *plan_id : 0);
    return e;
}

Err import_mapping_save(Db *db, const Actor *by, const Principal *who, const char *name,
                        const char *mapping)
{
    if (!principal_runs_plan(who, 0))
        return ERR_FORBIDDEN;
    char now[21];
    clock_now_iso(now);
    /* A name given again replaces its mapping: next year's file is read the
     * way this year's was corrected. */
    DbStmt *st = db_prepare(db,
                            "INSERT INTO import_mapping (name, mapping, created_by, created_at)"
                            " VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET"
                            " mapping = excluded.mapping, created_at = excluded.created_at"
                            " WHERE import_mapping.created_by = excluded.created_by RETURNING id",
                            1);
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, mapping);
    db_bind_text(st, 3, by->name);
    db_bind_text(st, 4, now);
    int rc = db_step(st);
    int64_t id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    if (rc == DB_DONE)
        return ERR_CONFLICT; /* the name is someone else's mapping */
    if (!id)
        return ERR_DB;
    return audit_write(db, by->name, by->address, "import_mapping.save", "import_mapping", id, 0, 0,
                       NULL, NULL) == ERR_OK
               ? ERR_OK
               : ERR_DB;
}

Err import_mapping_list(Db *db, Arena *arena, SavedMapping **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    DbStmt *st = db_prepare(db,
                            "SELECT id, name, mapping, created_by, created_at FROM import_mapping"
                            " ORDER BY name",
                            5);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            SavedMapping *grown = arena_alloc(arena, sizeof(SavedMapping) * (size_t)cap);
            if (*n)
                memcpy(grown, *out, sizeof(SavedMapping) * (size_t)*n);
            *out = grown;
        }
        (*out)[(*n)++] = (SavedMapping){
            db_col_int64(st, 0), arena_strdup(arena, db_col_text(st, 1)),
            arena_strdup(arena, db_col_text(st, 2)), arena_strdup(arena, db_col_text(st, 3)),
            arena_strdup(arena, db_col_text(st, 4))};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

const char *import_mapping_get(Db *db, Arena *arena, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT mapping FROM import_mapping WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    const char *m = db_step(st) == DB_ROW ? arena_strdup(arena, db_col_text(st, 0)) : NULL;
    db_done(st);
    return m;
}
