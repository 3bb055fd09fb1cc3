/* What the model's setup changes share (plan_edit.c, project_edit.c and the
 * like): a text a person typed checked the same way everywhere, one ending
 * for every transaction, one shape of audit entry. */
#ifndef MODEL_EDIT_H
#define MODEL_EDIT_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

typedef enum TextProblem {
    TEXT_OK = 0,
    TEXT_MISSING,  /* empty, and required */
    TEXT_TOO_LONG, /* over max characters */
    TEXT_BAD,      /* invalid UTF-8 or control characters */
} TextProblem;

/* A text a person typed: present (unless optional), clean, short enough. */
TextProblem edit_check_text(const char *s, int max, bool optional);
/* The end of a change: commit when e is ERR_OK, else roll back; ERR_DB if
 * the commit fails. */
Err edit_finish(Db *db, Err e);
/* An audit entry of the change (after is taken, may be NULL). */
Err edit_audit(Db *db, const Actor *by, const char *action, const char *entity, int64_t id,
               int64_t plan_id, int64_t project_id, json_t *after);
/* Steps a statement that returns no row: ERR_OK, ERR_CONFLICT on a
 * constraint, else ERR_DB. The statement is done after. */
Err edit_step(DbStmt *st);
/* The first column of the first row as an id, or 0; the statement is done. */
int64_t edit_one_id(DbStmt *st);
/* May who change plan_id, which must exist: ERR_OK, ERR_NOT_FOUND (no such
 * plan, or 0) or ERR_FORBIDDEN (who does not run it). */
Err edit_may_change_plan(Db *db, const Principal *who, int64_t plan_id);

#endif
