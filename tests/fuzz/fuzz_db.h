/* The database of the fuzz targets that load what they read: SQLite in
 * memory, migrated, made once per process. Exits if it cannot be made. */
#ifndef FUZZ_DB_H
#define FUZZ_DB_H
#include <stdio.h>
#include <stdlib.h>
#include "store/db.h"
#include "store/migrate.h"

static Db *fuzz_open_db(const char *target)
{
    char *err = NULL;
    Db *db = db_open(":memory:", DB_OPEN_CREATE, &err);
    if (!db || migrate_apply(db) < 0) {
        fprintf(stderr, "%s: cannot make the database: %s\n", target, err ? err : "");
        exit(1);
    }
    return db;
}

#endif
