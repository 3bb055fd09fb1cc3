/* What an engine implements behind store/db.h. Only store/ includes this. */
#ifndef STORE_DB_BACKEND_H
#define STORE_DB_BACKEND_H
#include "store/db.h"

typedef struct DbOps {
    const char *name;                 /* "sqlite", "postgresql" */
    const char *id_column;            /* replaces @ID@ in migrations */
    const char *integer_type;         /* replaces INTEGER in migrations (NULL: kept) */
    const char *begin_sql;            /* starts a write transaction */
    bool (*accepts)(const char *url); /* this engine's kind of url */
    bool (*exists)(const char *url);
    Db *(*open)(const char *url, DbOpenMode mode, char **err);
    void (*close)(Db *db);
    const char *(*errmsg)(Db *db);
    DbStmt *(*prepare)(Db *db, const char *sql, int ncols);
    void (*bind_int64)(DbStmt *st, int n, int64_t v);
    void (*bind_text)(DbStmt *st, int n, const char *v);
    void (*bind_null)(DbStmt *st, int n);
    int (*step)(DbStmt *st);
    int64_t (*col_int64)(DbStmt *st, int i);
    const char *(*col_text)(DbStmt *st, int i);
    bool (*col_null)(DbStmt *st, int i);
    void (*done)(DbStmt *st);
    int (*exec_script)(Db *db, const char *sql);
    /* A consistent copy into a new file (db_backup); NULL where the engine's
     * own tools do it (pg_dump). */
    int (*backup)(Db *db, const char *path, char **err);
} DbOps;

/* Every engine's connection and statement start with these. */
struct Db {
    const DbOps *ops; /* the engine */
};
struct DbStmt {
    Db *db; /* the connection it belongs to */
};

extern const DbOps db_sqlite_ops;
extern const DbOps db_pg_ops;

#endif
