/* The audit log: every write records who, when, from where, what, before and
 * after. Rows are only ever inserted; nothing in the program edits them. */
#ifndef MODEL_AUDIT_H
#define MODEL_AUDIT_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/principal.h"
#include "store/db.h"

enum { AUDIT_PAGE_ROWS = 100 }; /* entries a page of the log shows */

/* Appends one entry inside the caller's transaction. plan_id and project_id
 * name the plan and the project the entry is about (0: none), so that a
 * plan's secretariat can read it. before and after are JSON texts or NULL. */
Err audit_write(Db *db, const char *actor, const char *address, const char *action,
                const char *entity, int64_t entity_id, int64_t plan_id, int64_t project_id,
                const char *before_json, const char *after_json);

/* What to read of the log; every field narrows it, a zero field does not. */
typedef struct AuditFilter {
    const char *actor;     /* exactly this login, or NULL */
    int64_t plan_id;       /* about this plan, or 0 */
    int64_t project_id;    /* about this project, or 0 */
    const char *at_from;   /* at >= this UTC time ("2026-11-24T15:00:00Z"), or NULL */
    const char *at_before; /* at < this UTC time, or NULL */
    int page;              /* 1-based; AUDIT_PAGE_ROWS entries a page */
} AuditFilter;

typedef struct AuditEntry {
    int64_t id;
    const char *at;                       /* UTC, "2026-11-25T09:04:05Z" */
    const char *actor;                    /* login, "cli", "anonymous" ... */
    const char *address;                  /* may be "" */
    const char *action;                   /* "plan.publish" ... */
    const char *entity;                   /* "plan", "user" ... */
    int64_t entity_id;                    /* 0 when none */
    const char *before_json, *after_json; /* NULL when none */
    int64_t plan_id, project_id;          /* 0 when none */
} AuditEntry;

/* One page of the entries who may read that match f, newest first, in arena;
 * *total counts every matching entry they may read, on all pages. The scope
 * is decided here, whatever f says: an administrator reads every entry; a
 * secretariat only the entries about a plan they run; anyone else nothing
 * (ERR_FORBIDDEN). */
Err audit_list(Db *db, Arena *arena, const Principal *who, const AuditFilter *f, AuditEntry **out,
               int *count, int64_t *total);

#endif
