/* The audit log: every write records who, when, from where, what, before and
 * after. Rows are only ever inserted; nothing in the program edits them. */
#ifndef MODEL_AUDIT_H
#define MODEL_AUDIT_H
#include <stdint.h>
#include "base/err.h"
#include "store/db.h"

/* Appends one entry inside the caller's transaction. before and after are
 * JSON texts or NULL. */
Err audit_write(Db *db, const char *actor, const char *address, const char *action,
                const char *entity, int64_t entity_id, const char *before_json,
                const char *after_json);

#endif
