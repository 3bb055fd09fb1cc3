/* An answer's state as stored, for tests that check what a page did. */
#ifndef TESTANSWER_H
#define TESTANSWER_H
#include <stdio.h>
#include "store/db.h"

/* The answer's status ("" if there is no such answer); the text lives until
 * the next call. */
static inline const char *answer_status(Db *db, int64_t id)
{
    static char status[32];
    DbStmt *st = db_prepare(db, "SELECT status FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    snprintf(status, sizeof(status), "%s", db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
    db_done(st);
    return status;
}

/* The answer's version, or -1. */
static inline int answer_version(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT version FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    int v = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
    db_done(st);
    return v;
}

#endif
