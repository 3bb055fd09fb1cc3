/* Numbered migrations compiled into the binary (migrations/NNN_name.sql),
 * applied in order, each in a transaction, recorded in schema_migrations. */
#ifndef STORE_MIGRATE_H
#define STORE_MIGRATE_H
#include "store/db.h"

/* Applies every migration the database lacks. Returns the number applied, or
 * -1 on error (logged; the failed migration left nothing behind). */
int migrate_apply(Db *db);
/* The highest migration version applied, 0 for an empty database. */
int migrate_version(Db *db);
/* The highest migration version this binary knows. */
int migrate_latest(void);

#endif
