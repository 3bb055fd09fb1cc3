/* The migrations give both engines the same schema: a fresh SQLite file and a
 * fresh PostgreSQL database (SHINCHOKU_TEST_PG, see tests/testdb.h) are
 * migrated and their catalogues compared as lines: tables, columns with their
 * type (INTEGER and BIGINT are one: both 64-bit), NOT NULL, primary, unique
 * and foreign keys, indexes and the number of CHECKs per table. Without
 * SHINCHOKU_TEST_PG there is nothing to compare with, and nothing runs. */
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include "base/mem.h"
#include "store/migrate.h"
#include "testdb.h"
#include "testlib.h"

typedef struct Lines {
    char **v;
    int n, cap;
} Lines;

static void add(Lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Lines *l, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof(char *));
    }
    l->v[l->n++] = xstrdup(line);
}

static const char *norm_type(const char *t)
{
    if (strcasecmp(t, "INTEGER") == 0 || strcasecmp(t, "BIGINT") == 0)
        return "integer";
    if (strcasecmp(t, "TEXT") == 0)
        return "text";
    return t;
}

/* The table names, in order. */
static Lines tables_of(Db *db)
{
    Lines t = {0};
    enum { C_NAME, C_N };
    DbStmt *st = strcmp(db_engine(db), "sqlite") == 0
                     ? db_prepare(db,
                                  "SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                  C_N)
                     : db_prepare(db,
                                  "SELECT table_name FROM information_schema.tables"
                                  " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                                  " ORDER BY table_name",
                                  C_N);
    while (db_step(st) == DB_ROW)
        add(&t, "%s", db_col_text(st, C_NAME));
    db_done(st);
    return t;
}

/* Columns are NOT NULL where declared so or in the primary key (SQLite's
 * catalogue says neither for INTEGER PRIMARY KEY, though it is never NULL). */
static void sqlite_table(Db *db, const char *t, Lines *out)
{
    enum { C_NAME, C_TYPE, C_NOTNULL, C_PK, C_N };
    DbStmt *st = db_prepare(
        db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid", C_N);
    db_bind_text(st, 1, t);
    char pk[8][64] = {{0}}; /* the key's columns by their place in it */
    while (db_step(st) == DB_ROW) {
        int64_t place = db_col_int64(st, C_PK);
        if (place >= 1 && place <= 8)
            snprintf(pk[place - 1], sizeof(pk[0]), "%s", db_col_text(st, C_NAME));
        add(out, "column %s.%s %s%s", t, db_col_text(st, C_NAME),
            norm_type(db_col_text(st, C_TYPE)),
            db_col_int64(st, C_NOTNULL) || place ? " not null" : "");
    }
    db_done(st);
    if (pk[0][0]) {
        char cols[600] = "";
        for (int k = 0; k < 8 && pk[k][0]; k++)
            snprintf(cols + strlen(cols), sizeof(cols) - strlen(cols), "%s%s", k ? ", " : "",
                     pk[k]);
        add(out, "primary key %s (%s)", t, cols);
    }
    enum { F_ID, F_TABLE, F_FROM, F_TO, F_N };
    st = db_prepare(db,
                    "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($1)"
                    " ORDER BY id, seq",
                    F_N);
    db_bind_text(st, 1, t);
    while (db_step(st) == DB_ROW)
        add(out, "foreign key %s (%s) -> %s (%s)", t, db_col_text(st, F_FROM),
            db_col_text(st, F_TABLE), db_col_text(st, F_TO));
    db_done(st);
    enum { I_NAME, I_UNIQUE, I_ORIGIN, I_COLS, I_N };
    st = db_prepare(db,
                    "SELECT il.name, il.\"unique\", il.origin,"
                    " (SELECT group_concat(name, ', ') FROM"
                    "  (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))"
                    " FROM pragma_index_list($1) il",
                    I_N);
    db_bind_text(st, 1, t);
    while (db_step(st) == DB_ROW) {
        const char *origin = db_col_text(st, I_ORIGIN);
        if (strcmp(origin, "u") == 0)
            add(out, "unique %s (%s)", t, db_col_text(st, I_COLS));
        else if (strcmp(origin, "c") == 0)
            add(out, "index %s %s (%s)%s", t, db_col_text(st, I_NAME), db_col_text(st, I_COLS),
                db_col_int64(st, I_UNIQUE) ? " unique" : "");
    }
    db_done(st);
    /* SQLite keeps CHECKs only in the table's text. */
    enum { S_SQL, S_N };
    st = db_prepare(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1", S_N);
    db_bind_text(st, 1, t);
    int checks = 0;
    if (db_step(st) == DB_ROW)
        for (const char *p = db_col_text(st, S_SQL); (p = strstr(p, "CHECK (")) != NULL; p++)
            checks++;
    db_done(st);
    add(out, "checks %s %d", t, checks);
}

static void pg_table(Db *db, const char *t, Lines *out)
{
    enum { C_NAME, C_TYPE, C_NULLABLE, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT column_name, data_type, is_nullable FROM"
                            " information_schema.columns WHERE table_schema = 'public'"
                            " AND table_name = $1 ORDER BY ordinal_position",
                            C_N);
    db_bind_text(st, 1, t);
    while (db_step(st) == DB_ROW)
        add(out, "column %s.%s %s%s", t, db_col_text(st, C_NAME),
            norm_type(db_col_text(st, C_TYPE)),
            strcmp(db_col_text(st, C_NULLABLE), "NO") == 0 ? " not null" : "");
    db_done(st);
    enum { K_TYPE, K_COLS, K_REF, K_REFCOLS, K_N };
    st = db_prepare(db,
                    "SELECT c.contype::text,"
                    " (SELECT string_agg(a.attname, ', ' ORDER BY k.n)"
                    "  FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a"
                    "  ON a.attrelid = c.conrelid AND a.attnum = k.attnum),"
                    " c.confrelid::regclass::text,"
                    " (SELECT string_agg(a.attname, ', ' ORDER BY k.n)"
                    "  FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a"
                    "  ON a.attrelid = c.confrelid AND a.attnum = k.attnum)"
                    " FROM pg_constraint c WHERE c.conrelid = $1::regclass",
                    K_N);
    db_bind_text(st, 1, t);
    int checks = 0;
    while (db_step(st) == DB_ROW) {
        const char *type = db_col_text(st, K_TYPE), *cols = db_col_text(st, K_COLS);
        if (strcmp(type, "p") == 0)
            add(out, "primary key %s (%s)", t, cols);
        else if (strcmp(type, "u") == 0)
            add(out, "unique %s (%s)", t, cols);
        else if (strcmp(type, "f") == 0)
            add(out, "foreign key %s (%s) -> %s (%s)", t, cols, db_col_text(st, K_REF),
                db_col_text(st, K_REFCOLS));
        else if (strcmp(type, "c") == 0)
            checks++;
    }
    db_done(st);
    add(out, "checks %s %d", t, checks);
    enum { I_NAME, I_UNIQUE, I_COLS, I_N };
    st = db_prepare(db,
                    "SELECT i.relname, x.indisunique,"
                    " (SELECT string_agg(a.attname, ', ' ORDER BY k.n)"
                    "  FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)"
                    "  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum)"
                    " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                    " WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM"
                    "  pg_constraint c WHERE c.conindid = x.indexrelid"
                    "  AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u'))",
                    I_N);
    db_bind_text(st, 1, t);
    while (db_step(st) == DB_ROW)
        add(out, "index %s %s (%s)%s", t, db_col_text(st, I_NAME), db_col_text(st, I_COLS),
            db_col_int64(st, I_UNIQUE) ? " unique" : "");
    db_done(st);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static Lines catalogue(Db *db)
{
    Lines out = {0}, tables = tables_of(db);
    for (int i = 0; i < tables.n; i++) {
        add(&out, "table %s", tables.v[i]);
        if (strcmp(db_engine(db), "sqlite") == 0)
            sqlite_table(db, tables.v[i], &out);
        else
            pg_table(db, tables.v[i], &out);
        free(tables.v[i]);
    }
    free(tables.v);
    qsort(out.v, (size_t)out.n, sizeof(char *), by_text);
    return out;
}

static Db *migrated(const char *url)
{
    char *err = NULL;
    Db *db = db_open(url, DB_OPEN_CREATE, &err);
    if (!db) {
        fprintf(stderr, "%s: %s\n", url, err);
        exit(2);
    }
    CHECK_INT(migrate_apply(db), migrate_latest());
    return db;
}

/* Each line in one catalogue only is a failure, named. */
static void missing_from(const Lines *have, const Lines *other, const char *engine)
{
    for (int i = 0; i < have->n; i++)
        if (!bsearch(&have->v[i], other->v, (size_t)other->n, sizeof(char *), by_text)) {
            fprintf(stderr, "  only in %s: %s\n", engine, have->v[i]);
            test_check_failed++;
        }
}

static void test_engines_have_one_schema(void)
{
    char path[512];
    snprintf(path, sizeof(path), "%s", test_path("parity.db"));
    Db *lite = migrated(path);
    Db *pg = migrated(test_db_url("parity"));
    CHECK_STR(db_engine(pg), "postgresql");
    Lines a = catalogue(lite), b = catalogue(pg);
    CHECK(a.n > 100);
    missing_from(&a, &b, "sqlite");
    missing_from(&b, &a, "postgresql");
    for (int i = 0; i < a.n; i++)
        free(a.v[i]);
    for (int i = 0; i < b.n; i++)
        free(b.v[i]);
    free(a.v);
    free(b.v);
    db_close(lite);
    db_close(pg);
}

int main(void)
{
    if (!test_pg()) {
        printf("schema_parity: SHINCHOKU_TEST_PG is not set, nothing to compare\n");
        return TEST_DONE("schema_parity");
    }
    TEST_RUN(test_engines_have_one_schema);
    test_cleanup();
    return TEST_DONE("schema_parity");
}
