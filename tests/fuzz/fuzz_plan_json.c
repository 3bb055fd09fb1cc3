/* libFuzzer target for the plan's JSON form (model/plan_json.c), in which
 * every sheet import loads what it read from the uploaded file's cells: the
 * input is loaded into a SQLite database in memory twice, as a new plan
 * and merged into the demo plan, both as dry runs. Each load must succeed
 * (only if the input is JSON) or refuse with a message (never a database
 * error: the database in memory cannot fail), in valid UTF-8 unless it is
 * jansson's, quoting bytes that are not JSON; a dry run must count nothing
 * as updated in a new plan and leave the database exactly as it was,
 * whatever the input; nothing may leak. The database is made once: the
 * migrations, the demo plan, and an open round of the demo plan, which a
 * merge must not answer. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/embed.h"
#include "base/log.h"
#include "base/utf8.h"
#include "model/plan_json.h"
#include "fuzz_db.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Db *db;
static int64_t demo_plan;
static int64_t rows_before;

/* The rows of every table a load writes, and the versions of the answers:
 * what a dry run must leave as it found. */
static int64_t rows(void)
{
    DbStmt *st = db_prepare(
        db,
        "SELECT (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM plan_level)"
        " + (SELECT COUNT(*) FROM plan_document) + (SELECT COUNT(*) FROM tag_group)"
        " + (SELECT COUNT(*) FROM tag) + (SELECT COUNT(*) FROM direction)"
        " + (SELECT COUNT(*) FROM field_def) + (SELECT COUNT(*) FROM initiative)"
        " + (SELECT COUNT(*) FROM initiative_bureau) + (SELECT COUNT(*) FROM initiative_project)"
        " + (SELECT COUNT(*) FROM project) + (SELECT COUNT(*) FROM org_unit)"
        " + (SELECT COUNT(*) FROM org_unit_period) + (SELECT COUNT(*) FROM round)"
        " + (SELECT COUNT(*) FROM response) + (SELECT COUNT(*) FROM response_value)"
        " + (SELECT COUNT(*) FROM response_value_version) + (SELECT COUNT(*) FROM response_event)"
        " + (SELECT COUNT(*) FROM audit_log) + (SELECT COALESCE(SUM(version), 0) FROM response)",
        1);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    char *err = NULL;
    db = fuzz_open_db("fuzz_plan_json");
    const EmbeddedFile *demo = embed_find(demo_files, "sendai.json");
    if (!demo || plan_json_load(db, (const char *)demo->data, demo->size, "fuzz", &demo_plan,
                                &err) != ERR_OK) {
        fprintf(stderr, "fuzz_plan_json: cannot make the database: %s\n", err ? err : "");
        exit(1);
    }
    DbStmt *st = db_prepare(db,
                            "INSERT INTO round (plan_id, fiscal_year, checkpoint, status,"
                            " created_at, updated_at) VALUES ($1, 2020, 'end', 'open', '', '')",
                            0);
    db_bind_int64(st, 1, demo_plan);
    if (db_step(st) != DB_DONE)
        abort();
    db_done(st);
    rows_before = rows();
    return 0;
}

/* A text that is not JSON is refused with jansson's message, which quotes
 * the bad bytes as they are, cut anywhere (the program itself writes the
 * JSON it loads); the loader's own messages must be valid UTF-8. */
static void load(const uint8_t *data, size_t size, bool is_json, int64_t into)
{
    PlanLoadOptions o = {.actor = "fuzz", .into_plan = into, .dry_run = true};
    PlanLoadCounts counts;
    int64_t plan_id = -1;
    char *err = NULL;
    Err rc = plan_json_apply(db, (const char *)data, size, &o, &counts, &plan_id, &err);
    if (rc == ERR_OK) {
        if (!is_json || err || plan_id != into)
            abort();
        for (int k = 0; k < PL_KINDS; k++)
            if (counts.created[k] < 0 || counts.updated[k] < 0 || counts.unchanged[k] < 0 ||
                (!into && (counts.updated[k] || counts.unchanged[k])))
                abort();
    } else if (rc != ERR_INVALID || !err || !*err || (is_json && !utf8_valid(err, strlen(err)))) {
        abort();
    }
    free(err);
    if (rows() != rows_before)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    json_decref(root);
    load(data, size, root != NULL, 0);
    load(data, size, root != NULL, demo_plan);
    return 0;
}
