#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "base/clock.h"
#include "base/era.h"
#include "model/answer.h"
#include "model/audit.h"
#include "model/org.h"
#include "model/round.h"

enum { JST_OFFSET = 9 * 60 * 60 }; /* Asia/Tokyo: UTC+9, no summer time */

bool round_valid_date(const char *date)
{
    int y, m, d;
    char tail;
    if (!date || sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(date) != 10)
        return false;
    return era_parse_date(date, &y, &m, &d) == 0;
}

void round_today(char out[11])
{
    time_t t = time(NULL) + JST_OFFSET;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "0000-00-00"); /* nothing is overdue */
}

bool round_overdue(const Round *r, const char *status, const char *today)
{
    return r->deadline && *r->deadline && strcmp(today, r->deadline) > 0 &&
           strcmp(status, "submitted") != 0 && strcmp(status, "confirmed") != 0;
}

static void count_n(RoundCounts *c, const Round *r, const char *status, int n, const char *today)
{
    c->total += n;
    if (strcmp(status, "not_started") == 0)
        c->not_started += n;
    else if (strcmp(status, "draft") == 0)
        c->draft += n;
    else if (strcmp(status, "submitted") == 0)
        c->submitted += n;
    else if (strcmp(status, "returned") == 0)
        c->returned += n;
    else if (strcmp(status, "confirmed") == 0)
        c->confirmed += n;
    if (round_overdue(r, status, today))
        c->overdue += n;
}

void round_count_add(RoundCounts *c, const Round *r, const char *status, const char *today)
{
    count_n(c, r, status, 1, today);
}

static Err audit_round(Db *db, const Actor *by, const char *action, int64_t round_id,
                       int64_t plan_id, json_t *after)
{
    char *text = after ? json_dumps(after, JSON_COMPACT) : NULL;
    Err e =
        audit_write(db, by->name, by->address, action, "round", round_id, plan_id, 0, NULL, text);
    free(text);
    json_decref(after);
    return e;
}

/* Does the plan ask anything at this checkpoint: fields of it, and projects? */
static bool asks_something(Db *db, int64_t plan_id, bool at_year_end)
{
    enum { C_N = 1 };
    DbStmt *st = db_prepare(
        db,
        "SELECT (SELECT COUNT(*) FROM field_def WHERE plan_id = $1"
        " AND checkpoint = $2 AND retired = 0) * (SELECT COUNT(*) FROM initiative_project ip"
        " JOIN initiative i ON i.id = ip.initiative_id WHERE i.plan_id = $1)",
        C_N);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, at_year_end ? "end" : "start");
    bool yes = db_step(st) == DB_ROW && db_col_int64(st, 0) > 0;
    db_done(st);
    return yes;
}

Err round_open(Db *db, const Actor *by, const Principal *who, const RoundInput *in, int64_t *id,
               RoundProblem *problem)
{
    *problem = ROUND_OK;
    if (who && !principal_runs_plan(who, in->plan_id))
        return ERR_FORBIDDEN;
    enum { P_FROM, P_TO, P_N };
    DbStmt *st = db_prepare(db, "SELECT from_fy, to_fy FROM plan WHERE id = $1", P_N);
    db_bind_int64(st, 1, in->plan_id);
    int rc = db_step(st);
    int from = rc == DB_ROW ? (int)db_col_int64(st, P_FROM) : 0;
    int to = rc == DB_ROW ? (int)db_col_int64(st, P_TO) : 0;
    db_done(st);
    if (rc != DB_ROW)
        return ERR_NOT_FOUND;
    const char *cp = in->at_year_end ? "end" : "start";
    if (in->fiscal_year < from || in->fiscal_year > to)
        *problem = ROUND_BAD_YEAR;
    else if (!round_valid_date(in->deadline) ||
             (in->inquiry_date && *in->inquiry_date && !round_valid_date(in->inquiry_date)))
        *problem = ROUND_BAD_DATE;
    else if (in->inquiry_date && *in->inquiry_date && strcmp(in->deadline, in->inquiry_date) < 0)
        *problem = ROUND_DEADLINE_BEFORE;
    else if (!asks_something(db, in->plan_id, in->at_year_end))
        *problem = ROUND_NOTHING_ASKED;
    if (*problem)
        return ERR_INVALID;
    st = db_prepare(db,
                    "SELECT 1 FROM round WHERE plan_id = $1 AND fiscal_year = $2"
                    " AND checkpoint = $3 AND status = 'open'",
                    1);
    db_bind_int64(st, 1, in->plan_id);
    db_bind_int64(st, 2, in->fiscal_year);
    db_bind_text(st, 3, cp);
    bool exists = db_step(st) == DB_ROW;
    db_done(st);
    if (exists) {
        *problem = ROUND_EXISTS;
        return ERR_INVALID;
    }
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    st = db_prepare(db,
                    "INSERT INTO round (plan_id, fiscal_year, checkpoint, doc_no, inquiry_date,"
                    " deadline, instructions, status, opened_at, created_at, updated_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8, $8) RETURNING id",
                    1);
    db_bind_int64(st, 1, in->plan_id);
    db_bind_int64(st, 2, in->fiscal_year);
    db_bind_text(st, 3, cp);
    db_bind_text(st, 4, in->doc_no ? in->doc_no : "");
    db_bind_text(st, 5, in->inquiry_date && *in->inquiry_date ? in->inquiry_date : NULL);
    db_bind_text(st, 6, in->deadline);
    db_bind_text(st, 7, in->instructions ? in->instructions : "");
    db_bind_text(st, 8, now);
    rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    /* The fields asked: the plan's fields of this checkpoint, but not the
     * retired ones (model/field_edit.h). */
    st = db_prepare(db,
                    "INSERT INTO round_field (round_id, field_id) SELECT $1, id FROM field_def"
                    " WHERE plan_id = $2 AND checkpoint = $3 AND retired = 0",
                    0);
    db_bind_int64(st, 1, *id);
    db_bind_int64(st, 2, in->plan_id);
    db_bind_text(st, 3, cp);
    int rc2 = db_step(st);
    db_done(st);
    /* The projects asked, with the section that answers for each. A project
     * of another plan too, already asked for this year and checkpoint by
     * that plan's round, is answered there once: this round points at that
     * answer (migrations/012) instead of asking again. */
    st = db_prepare(db,
                    "INSERT INTO round_project (round_id, project_id, section_id,"
                    " shared_response_id)"
                    " SELECT DISTINCT $1, pr.id, pr.section_id,"
                    " (SELECT rs.id FROM response rs JOIN round r2 ON r2.id = rs.round_id"
                    "  WHERE rs.project_id = pr.id AND r2.plan_id <> $2"
                    "  AND r2.fiscal_year = $3 AND r2.checkpoint = $4"
                    "  ORDER BY r2.id LIMIT 1)"
                    " FROM initiative_project ip"
                    " JOIN initiative i ON i.id = ip.initiative_id"
                    " JOIN project pr ON pr.id = ip.project_id"
                    " WHERE i.plan_id = $2 AND $3 BETWEEN pr.from_fy AND pr.to_fy",
                    0);
    db_bind_int64(st, 1, *id);
    db_bind_int64(st, 2, in->plan_id);
    db_bind_int64(st, 3, in->fiscal_year);
    db_bind_text(st, 4, cp);
    int rc3 = db_step(st);
    db_done(st);
    st = db_prepare(db,
                    "INSERT INTO response (round_id, project_id, status, version, updated_at,"
                    " updated_by) SELECT round_id, project_id, 'not_started', 0, $2, ''"
                    " FROM round_project WHERE round_id = $1 AND shared_response_id IS NULL",
                    0);
    db_bind_int64(st, 1, *id);
    db_bind_text(st, 2, now);
    int rc4 = db_step(st);
    db_done(st);
    Err e = rc == DB_ROW && rc2 == DB_DONE && rc3 == DB_DONE && rc4 == DB_DONE
                ? audit_round(db, by, "round.open", *id, in->plan_id,
                              json_pack("{s:i, s:s, s:s}", "fiscal_year", in->fiscal_year,
                                        "checkpoint", cp, "deadline", in->deadline))
                : ERR_DB;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return ERR_DB;
    }
    return ERR_OK;
}

/* Does who take part in the round: runs its plan, or answers or reviews one
 * of its projects? */
static bool takes_part(Db *db, const Principal *who, int64_t round_id, int64_t plan_id)
{
    if (!who || principal_runs_plan(who, plan_id))
        return true;
    for (int g = 0; g < who->ngrants; g++) {
        const Grant *gr = &who->grants[g];
        if (gr->role != ROLE_EDITOR && gr->role != ROLE_REVIEWER)
            continue;
        enum { C_N = 1 };
        /* clang-format off */
        DbStmt *st = db_prepare(db,
            "SELECT 1 FROM round_project rp WHERE rp.round_id = $1 AND"
            " (rp.section_id = $2 OR EXISTS (SELECT 1 FROM round r"
            "  JOIN org_unit_period u ON u.id = " ORG_PERIOD_AT("rp.section_id", "r.fiscal_year")
            "  WHERE r.id = rp.round_id AND u.parent_id = $2)) LIMIT 1",
            C_N);
        /* clang-format on */
        db_bind_int64(st, 1, round_id);
        db_bind_int64(st, 2, gr->unit_id);
        bool yes = db_step(st) == DB_ROW;
        db_done(st);
        if (yes)
            return true;
    }
    return false;
}

enum { R_ID, R_PLAN, R_TITLE, R_FY, R_CP, R_DOC, R_INQ, R_DEADLINE, R_INSTR, R_STATUS, R_PUB, R_N };

static void read_round(Arena *a, DbStmt *st, Round *r)
{
    const char *s;
    memset(r, 0, sizeof(*r));
    r->id = db_col_int64(st, R_ID);
    r->plan_id = db_col_int64(st, R_PLAN);
    r->plan_title = arena_strdup(a, db_col_text(st, R_TITLE));
    r->fiscal_year = (int)db_col_int64(st, R_FY);
    r->at_year_end = strcmp(db_col_text(st, R_CP), "end") == 0;
    r->doc_no = arena_strdup(a, db_col_text(st, R_DOC));
    r->inquiry_date = arena_strdup(a, (s = db_col_text(st, R_INQ)) ? s : "");
    r->deadline = arena_strdup(a, (s = db_col_text(st, R_DEADLINE)) ? s : "");
    r->instructions = arena_strdup(a, db_col_text(st, R_INSTR));
    r->status = arena_strdup(a, db_col_text(st, R_STATUS));
    r->published = (int)db_col_int64(st, R_PUB);
}

/* r->counts: of every answer for those who run the plan, otherwise of the
 * answers answer_list gives who (the same rows the round's page shows). */
static Err count_answers(Db *db, const Principal *who, Round *r)
{
    char today[11];
    round_today(today);
    memset(&r->counts, 0, sizeof(r->counts));
    if (!who || principal_runs_plan(who, r->plan_id)) {
        enum { C_STATUS, C_COUNT, C_N };
        DbStmt *st = db_prepare(db,
                                "SELECT status, COUNT(*) FROM response WHERE round_id = $1"
                                " GROUP BY status",
                                C_N);
        db_bind_int64(st, 1, r->id);
        int rc;
        while ((rc = db_step(st)) == DB_ROW)
            count_n(&r->counts, r, db_col_text(st, C_STATUS), (int)db_col_int64(st, C_COUNT),
                    today);
        db_done(st);
        return rc == DB_DONE ? ERR_OK : ERR_DB;
    }
    Arena a;
    arena_init(&a);
    AnswerRow *rows;
    int n;
    Err e = answer_list(db, &a, who, r->id, &rows, &n);
    for (int i = 0; e == ERR_OK && i < n; i++)
        count_n(&r->counts, r, rows[i].status, 1, today);
    arena_free(&a);
    return e;
}

Err round_list(Db *db, Arena *a, const Principal *who, int64_t plan_id, Round **out, int *n)
{
    DbStmt *st = db_prepare(db,
                            "SELECT r.id, r.plan_id, p.title, r.fiscal_year, r.checkpoint,"
                            " r.doc_no, r.inquiry_date, r.deadline, r.instructions, r.status,"
                            " r.published FROM round r JOIN plan p ON p.id = r.plan_id"
                            " WHERE ($1 = 0 OR r.plan_id = $1) AND r.opened_at IS NOT NULL"
                            " ORDER BY r.fiscal_year DESC, r.id DESC",
                            R_N);
    db_bind_int64(st, 1, plan_id);
    int rc, cap = 8;
    *n = 0;
    *out = ARENA_ARRAY(a, Round, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *out, *n, cap, Round);
        read_round(a, st, &(*out)[(*n)++]);
    }
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;
    int kept = 0;
    for (int i = 0; i < *n; i++)
        if (takes_part(db, who, (*out)[i].id, (*out)[i].plan_id))
            (*out)[kept++] = (*out)[i];
    *n = kept;
    for (int i = 0; i < *n; i++)
        if (count_answers(db, who, &(*out)[i]) != ERR_OK)
            return ERR_DB;
    return ERR_OK;
}

Err round_get(Db *db, Arena *a, const Principal *who, int64_t id, Round *out)
{
    DbStmt *st = db_prepare(db,
                            "SELECT r.id, r.plan_id, p.title, r.fiscal_year, r.checkpoint,"
                            " r.doc_no, r.inquiry_date, r.deadline, r.instructions, r.status,"
                            " r.published FROM round r JOIN plan p ON p.id = r.plan_id"
                            " WHERE r.id = $1 AND r.opened_at IS NOT NULL",
                            R_N);
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_round(a, st, out);
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    if (!takes_part(db, who, id, out->plan_id))
        return ERR_NOT_FOUND;
    return count_answers(db, who, out);
}

/* Is another round of r's plan, year and checkpoint open? */
static bool other_open(Db *db, const Round *r)
{
    enum { C_N = 1 };
    DbStmt *st = db_prepare(db,
                            "SELECT 1 FROM round WHERE plan_id = $1 AND fiscal_year = $2"
                            " AND checkpoint = $3 AND status = 'open' AND id <> $4",
                            C_N);
    db_bind_int64(st, 1, r->plan_id);
    db_bind_int64(st, 2, r->fiscal_year);
    db_bind_text(st, 3, r->at_year_end ? "end" : "start");
    db_bind_int64(st, 4, r->id);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

/* The round of id as who may act on it: ERR_NOT_FOUND if who takes no part,
 * ERR_FORBIDDEN unless who runs its plan. */
static Err runnable(Db *db, Arena *a, const Principal *who, int64_t id, Round *r)
{
    Err e = round_get(db, a, who, id, r);
    if (e == ERR_OK && who && !principal_runs_plan(who, r->plan_id))
        e = ERR_FORBIDDEN;
    return e;
}

static Err change(Db *db, const Actor *by, const Round *r, const char *action, const char *status,
                  const char *deadline)
{
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "UPDATE round SET status = COALESCE($2, status),"
                            " deadline = COALESCE($3, deadline), updated_at = $4,"
                            " closed_at = CASE WHEN $2 = 'closed' THEN $4 ELSE closed_at END"
                            " WHERE id = $1",
                            0);
    db_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, deadline);
    db_bind_text(st, 4, now);
    int rc = db_step(st);
    db_done(st);
    Err e = rc == DB_DONE
                ? audit_round(db, by, action, r->id, r->plan_id,
                              json_pack("{s:s?, s:s?}", "status", status, "deadline", deadline))
                : ERR_DB;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return ERR_DB;
    }
    return ERR_OK;
}

Err round_set_status(Db *db, const Actor *by, const Principal *who, int64_t id, bool open)
{
    Arena a;
    arena_init(&a);
    Round r;
    Err e = runnable(db, &a, who, id, &r);
    if (e == ERR_OK && open && other_open(db, &r))
        e = ERR_CONFLICT;
    if (e == ERR_OK)
        e = change(db, by, &r, open ? "round.reopen" : "round.close", open ? "open" : "closed",
                   NULL);
    arena_free(&a);
    return e;
}

Err round_set_published(Db *db, const Actor *by, const Principal *who, int64_t id, int level)
{
    Arena a;
    arena_init(&a);
    Round r;
    Err e = runnable(db, &a, who, id, &r);
    if (e == ERR_OK && (level < ROUND_UNPUBLISHED || level > ROUND_PUBLIC))
        e = ERR_INVALID;
    if (e == ERR_OK) {
        char now[21];
        clock_now_iso(now);
        if (db_begin(db) != 0) {
            arena_free(&a);
            return ERR_DB;
        }
        DbStmt *st =
            db_prepare(db, "UPDATE round SET published = $2, updated_at = $3 WHERE id = $1", 0);
        db_bind_int64(st, 1, r.id);
        db_bind_int64(st, 2, level);
        db_bind_text(st, 3, now);
        int rc = db_step(st);
        db_done(st);
        char before[32], after[32];
        snprintf(before, sizeof(before), "{\"published\":%d}", r.published);
        snprintf(after, sizeof(after), "{\"published\":%d}", level);
        e = rc == DB_DONE ? audit_write(db, by->name, by->address, "round.publish", "round", r.id,
                                        r.plan_id, 0, before, after)
                          : ERR_DB;
        if (e != ERR_OK || db_commit(db) != 0) {
            db_rollback(db);
            e = ERR_DB;
        }
    }
    arena_free(&a);
    return e;
}

Err round_extend(Db *db, const Actor *by, const Principal *who, int64_t id, const char *deadline,
                 RoundProblem *problem)
{
    *problem = ROUND_OK;
    Arena a;
    arena_init(&a);
    Round r;
    Err e = runnable(db, &a, who, id, &r);
    if (e == ERR_OK) {
        if (!round_valid_date(deadline))
            *problem = ROUND_BAD_DATE;
        else if (*r.inquiry_date && strcmp(deadline, r.inquiry_date) < 0)
            *problem = ROUND_DEADLINE_BEFORE;
        else if (*r.deadline && strcmp(deadline, r.deadline) <= 0)
            *problem = ROUND_NOT_LATER;
        e = *problem ? ERR_INVALID : change(db, by, &r, "round.extend", NULL, deadline);
    }
    arena_free(&a);
    return e;
}
