#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/embed.h"
#include "base/log.h"
#include "cli/cli.h"
#include "model/generate.h"
#include "model/plan_json.h"
#include "store/migrate.h"

static bool has_plan(Db *db)
{
    enum { C_COUNT, C_N };
    DbStmt *st = db_prepare(db, "SELECT COUNT(*) FROM plan", C_N);
    bool yes = db_step(st) == DB_ROW && db_col_int64(st, C_COUNT) > 0;
    db_done(st);
    return yes;
}

/* Loads a plan from JSON text into db; false (the reason printed) on failure. */
static bool load_plan(Db *db, const char *json, size_t len, const char *what)
{
    int64_t plan_id = 0;
    char *err = NULL;
    if (plan_json_load(db, json, len, "demo", &plan_id, &err) != ERR_OK) {
        fprintf(stderr, "shinchoku: %s: %s\n", what, err);
        free(err);
        return false;
    }
    log_info("loaded the %s as plan %lld", what, (long long)plan_id);
    return true;
}

Db *cli_open_generated(const char *url, int n, uint64_t seed)
{
    Db *db = cli_open_db(url, true, false);
    if (db && !has_plan(db)) {
        char *json = plan_generate_json(n, seed);
        bool ok = load_plan(db, json, strlen(json), "generated plan");
        free(json);
        if (!ok) {
            db_close(db);
            return NULL;
        }
    }
    return db;
}

Db *cli_open_db(const char *url, bool create, bool with_demo)
{
    char *err = NULL;
    Db *db = db_open(url, create ? DB_OPEN_CREATE : DB_OPEN_EXISTING, &err);
    if (!db) {
        fprintf(stderr, "shinchoku: %s\n", err);
        if (!create)
            fprintf(stderr, "shinchoku: create it with: shinchoku init --db %s\n", url);
        free(err);
        return NULL;
    }
    if (migrate_apply(db) < 0) {
        fprintf(stderr, "shinchoku: could not migrate %s\n", url);
        db_close(db);
        return NULL;
    }
    if (with_demo && !has_plan(db)) {
        const EmbeddedFile *f = embed_find(demo_files, "sendai.json");
        int64_t plan_id = 0;
        if (plan_json_load(db, (const char *)f->data, f->size, "demo", &plan_id, &err) != ERR_OK) {
            fprintf(stderr, "shinchoku: demo data: %s\n", err);
            free(err);
            db_close(db);
            return NULL;
        }
        log_info("loaded the demo plan as plan %lld", (long long)plan_id);
    }
    return db;
}
