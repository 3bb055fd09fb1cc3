/* Opening a database for a command: create or migrate it, and put the demo
 * plan, a generated plan, and the first accounts into a new one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "base/embed.h"
#include "base/log.h"
#include "cli/cli.h"
#include "model/account.h"
#include "model/generate.h"
#include "model/plan.h"
#include "model/plan_json.h"
#include "model/round.h"
#include "store/migrate.h"

static const Actor cli_actor = {"cli", ""};

static bool has_rows(Db *db, bool users)
{
    enum { C_COUNT, C_N };
    DbStmt *st = users ? db_prepare(db, "SELECT COUNT(*) FROM app_user", C_N)
                       : db_prepare(db, "SELECT COUNT(*) FROM plan", C_N);
    bool yes = db_step(st) == DB_ROW && db_col_int64(st, C_COUNT) > 0;
    db_done(st);
    return yes;
}

/* The org unit of this name (in any year), or 0. */
static int64_t unit_named(Db *db, const char *name)
{
    enum { C_ID, C_N };
    DbStmt *st = db_prepare(db, "SELECT unit_id FROM org_unit_period WHERE name = $1 LIMIT 1", C_N);
    db_bind_text(st, 1, name);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, C_ID) : 0;
    db_done(st);
    return id;
}

/* The demo's accounts, one per role, all with the password "demo": only ever
 * made in a database that the demo plan has just been loaded into. */
static bool make_demo_accounts(Db *db, int64_t plan_id)
{
    static const struct {
        const char *login, *name, *unit;
        Role role;
    } accounts[] = {
        {"admin", "システム管理者", NULL, ROLE_ADMIN},
        {"jimukyoku", "事務局", NULL, ROLE_SECRETARIAT},
        {"kenkofukushi", "健康福祉局 確認者", "健康福祉局", ROLE_REVIEWER},
        {"shogaikikaku", "障害企画課 担当者", "障害企画課", ROLE_EDITOR},
        {"shiminseikatsu", "市民生活課 担当者", "市民生活課", ROLE_EDITOR},
        {"iin", "協議会委員", NULL, ROLE_VIEWER},
    };
    printf("demo accounts, each with the password \"demo\":\n");
    for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
        int64_t id = 0;
        AccountProblem problem;
        Role r = accounts[i].role;
        int64_t unit = accounts[i].unit ? unit_named(db, accounts[i].unit) : 0;
        int64_t plan = (r == ROLE_SECRETARIAT || r == ROLE_VIEWER) ? plan_id : 0;
        if (account_create(db, &cli_actor, accounts[i].login, accounts[i].name, "demo", true, &id,
                           &problem) != ERR_OK ||
            account_grant(db, &cli_actor, id, r, plan, unit, &problem) != ERR_OK)
            return false;
        printf("  %-15s %s\n", accounts[i].login, accounts[i].name);
    }
    return true;
}

/* The demo's round of 令和2年度 at 年度当初, open from the start, so that a new
 * user meets the cycle of inquiry, answers and confirmation at once. */
static bool open_demo_round(Db *db, int64_t plan_id)
{
    RoundInput in = {plan_id, 2020, false, "", "2021-04-01", "2021-06-30", ""};
    int64_t id = 0;
    RoundProblem problem;
    if (round_open(db, &cli_actor, NULL, &in, &id, &problem) != ERR_OK) {
        fprintf(stderr, "shinchoku: could not open the demo round (problem %d)\n", (int)problem);
        return false;
    }
    printf("demo round %lld: fiscal year 2020, start of the year, answers due 2021-06-30\n",
           (long long)id);
    return true;
}

/* The first administrator of a new database, with a random password shown
 * once: it is kept nowhere but as its hash. */
static bool make_first_admin(Db *db)
{
    unsigned char raw[12];
    char password[24];
    account_crypto_init();
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(password, sizeof(password), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    int64_t id = 0;
    AccountProblem problem;
    bool ok = account_create(db, &cli_actor, "admin", "システム管理者", password, false, &id,
                             &problem) == ERR_OK &&
              account_grant(db, &cli_actor, id, ROLE_ADMIN, 0, 0, &problem) == ERR_OK;
    if (ok)
        printf("administrator: admin\npassword (shown once; change it after signing in): %s\n",
               password);
    sodium_memzero(password, sizeof(password));
    return ok;
}

/* Loads a plan from JSON text into db and publishes it; false (the reason
 * printed) on failure. */
static bool load_plan(Db *db, const char *json, size_t len, const char *what, int64_t *plan_id)
{
    char *err = NULL;
    if (plan_json_load(db, json, len, "cli", plan_id, &err) != ERR_OK) {
        fprintf(stderr, "shinchoku: %s: %s\n", what, err);
        free(err);
        return false;
    }
    log_info("loaded the %s as plan %lld", what, (long long)*plan_id);
    return plan_set_published(db, &cli_actor, *plan_id, true) == ERR_OK;
}

Db *cli_open_generated(const char *url, int n, uint64_t seed)
{
    Db *db = cli_open_db(url, true, false);
    if (db && !has_rows(db, false)) {
        char *json = plan_generate_json(n, seed);
        int64_t plan_id;
        bool ok = load_plan(db, json, strlen(json), "generated plan", &plan_id);
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
    bool ok = migrate_apply(db) >= 0;
    if (!ok)
        fprintf(stderr, "shinchoku: could not migrate %s\n", url);
    if (ok && with_demo && !has_rows(db, false)) {
        const EmbeddedFile *f = embed_find(demo_files, "sendai.json");
        int64_t plan_id;
        ok = load_plan(db, (const char *)f->data, f->size, "demo plan", &plan_id) &&
             (has_rows(db, true) ||
              (make_demo_accounts(db, plan_id) && open_demo_round(db, plan_id)));
    }
    if (ok && create && !has_rows(db, true) && !make_first_admin(db)) {
        fprintf(stderr, "shinchoku: could not create the administrator\n");
        ok = false;
    }
    /* What was printed (accounts, passwords) must show before serving starts. */
    fflush(stdout);
    if (!ok) {
        db_close(db);
        return NULL;
    }
    return db;
}
