/* Projects and their links to initiatives. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/clock.h"
#include "base/utf8.h"
#include "model/answer.h"
#include "model/audit.h"
#include "model/edit.h"
#include "model/org.h"
#include "model/plan_edit.h"
#include "model/project_edit.h"

static ProjectProblem check_text(const char *s, int max, bool optional)
{
    static const ProjectProblem as[] = {[TEXT_OK] = PROJECT_OK,
                                        [TEXT_MISSING] = PROJECT_NAME_MISSING,
                                        [TEXT_TOO_LONG] = PROJECT_TOO_LONG,
                                        [TEXT_BAD] = PROJECT_BAD_TEXT};
    return as[edit_check_text(s, max, optional)];
}

static Err audit(Db *db, const Actor *by, const char *action, int64_t project_id, int64_t plan_id,
                 json_t *after)
{
    return edit_audit(db, by, action, "project", project_id, plan_id, project_id, after);
}

static ProjectProblem check_project(Db *db, const ProjectInput *in)
{
    ProjectProblem p = check_text(in->name, PROJECT_NAME_MAX, false);
    if (!p)
        p = check_text(in->summary, PROJECT_SUMMARY_MAX, true);
    if (!p) {
        DbStmt *st = db_prepare(db,
                                "SELECT id FROM org_unit WHERE id = $1 AND kind IN ('section',"
                                " 'office')",
                                1);
        db_bind_int64(st, 1, in->section_id);
        if (!edit_one_id(st))
            p = PROJECT_BAD_SECTION;
    }
    /* 0 at either end: no limit there (-1: a year that could not be read). */
    int to = in->to_fy ? in->to_fy : 9999;
    bool bad_from = in->from_fy && (in->from_fy < 1900 || in->from_fy > 2999);
    bool bad_to = in->to_fy && (in->to_fy < 1900 || in->to_fy > 2999);
    if (!p && (in->from_fy < 0 || in->to_fy < 0 || bad_from || bad_to || in->from_fy > to))
        p = PROJECT_BAD_YEARS;
    return p;
}

/* Has the section another project of this name (other than id)? */
static bool name_taken(Db *db, const ProjectInput *in, int64_t id)
{
    DbStmt *st = db_prepare(db,
                            "SELECT id FROM project WHERE section_id = $1 AND name = $2"
                            " AND id <> $3",
                            1);
    db_bind_int64(st, 1, in->section_id);
    db_bind_text(st, 2, in->name);
    db_bind_int64(st, 3, id);
    return edit_one_id(st) != 0;
}

/* May who change project id: an administrator, or the secretariat of a plan
 * it is linked to. ERR_NOT_FOUND when there is no such project. */
static Err may_change_project(Db *db, const Principal *who, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM project WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    if (!edit_one_id(st))
        return ERR_NOT_FOUND;
    if (principal_is_admin(who))
        return ERR_OK;
    st = db_prepare(db,
                    "SELECT DISTINCT i.plan_id FROM initiative_project ip JOIN initiative i"
                    " ON i.id = ip.initiative_id WHERE ip.project_id = $1",
                    1);
    db_bind_int64(st, 1, id);
    bool may = false;
    while (db_step(st) == DB_ROW && !may)
        may = principal_runs_plan(who, db_col_int64(st, 0));
    db_done(st);
    return may ? ERR_OK : ERR_FORBIDDEN;
}

/* The plan of initiative_id, which who must run: ERR_NOT_FOUND, ERR_FORBIDDEN. */
static Err may_link(Db *db, const Principal *who, int64_t initiative_id, int64_t *plan_id)
{
    *plan_id = initiative_plan(db, initiative_id);
    if (!*plan_id)
        return ERR_NOT_FOUND;
    return principal_runs_plan(who, *plan_id) ? ERR_OK : ERR_FORBIDDEN;
}

static Err insert_link(Db *db, int64_t initiative_id, int64_t project_id, const char *baseline)
{
    DbStmt *st = db_prepare(db,
                            "INSERT INTO initiative_project (initiative_id, project_id,"
                            " baseline_text, sort_order) SELECT $1, $2, $3,"
                            " COALESCE(MAX(sort_order), 0) + 1 FROM initiative_project"
                            " WHERE initiative_id = $1",
                            0);
    db_bind_int64(st, 1, initiative_id);
    db_bind_int64(st, 2, project_id);
    db_bind_text(st, 3, baseline && *baseline ? baseline : NULL);
    return edit_step(st);
}

static json_t *project_json(const ProjectInput *in)
{
    return json_pack("{s:I, s:s, s:i, s:i}", "section_id", (json_int_t)in->section_id, "name",
                     in->name, "from_fy", in->from_fy, "to_fy", in->to_fy);
}

Err project_create(Db *db, const Actor *by, const Principal *who, int64_t initiative_id,
                   const ProjectInput *in, const char *baseline, int64_t *id,
                   ProjectProblem *problem)
{
    int64_t plan_id;
    Err e = may_link(db, who, initiative_id, &plan_id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_project(db, in)) == PROJECT_OK)
        *problem = check_text(baseline, PROJECT_SUMMARY_MAX, true);
    if (*problem == PROJECT_OK && name_taken(db, in, 0))
        *problem = PROJECT_NAME_TAKEN;
    if (*problem != PROJECT_OK)
        return ERR_INVALID;
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "INSERT INTO project (section_id, name, summary, from_fy, to_fy,"
                            " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)"
                            " RETURNING id",
                            1);
    db_bind_int64(st, 1, in->section_id);
    db_bind_text(st, 2, in->name);
    db_bind_text(st, 3, in->summary ? in->summary : "");
    db_bind_int64(st, 4, in->from_fy);
    db_bind_int64(st, 5, in->to_fy ? in->to_fy : 9999);
    db_bind_text(st, 6, now);
    *id = edit_one_id(st);
    e = *id ? insert_link(db, initiative_id, *id, baseline) : ERR_DB;
    if (e == ERR_OK)
        e = audit(db, by, "project.create", *id, plan_id, project_json(in));
    return edit_finish(db, e);
}

Err project_update(Db *db, const Actor *by, const Principal *who, int64_t id,
                   const ProjectInput *in, ProjectProblem *problem)
{
    Err e = may_change_project(db, who, id);
    if (e != ERR_OK)
        return e;
    if ((*problem = check_project(db, in)) == PROJECT_OK && name_taken(db, in, id))
        *problem = PROJECT_NAME_TAKEN;
    if (*problem != PROJECT_OK)
        return ERR_INVALID;
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    /* Rounds already opened keep the section they asked (round_project). */
    DbStmt *st = db_prepare(db,
                            "UPDATE project SET section_id = $2, name = $3, summary = $4,"
                            " from_fy = $5, to_fy = $6, updated_at = $7 WHERE id = $1",
                            0);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, in->section_id);
    db_bind_text(st, 3, in->name);
    db_bind_text(st, 4, in->summary ? in->summary : "");
    db_bind_int64(st, 5, in->from_fy);
    db_bind_int64(st, 6, in->to_fy ? in->to_fy : 9999);
    db_bind_text(st, 7, now);
    e = edit_step(st);
    if (e == ERR_OK)
        e = audit(db, by, "project.update", id, 0, project_json(in));
    return edit_finish(db, e);
}

Err project_link(Db *db, const Actor *by, const Principal *who, int64_t initiative_id,
                 int64_t project_id, const char *baseline, ProjectProblem *problem)
{
    int64_t plan_id;
    Err e = may_link(db, who, initiative_id, &plan_id);
    if (e != ERR_OK)
        return e;
    DbStmt *st = db_prepare(db, "SELECT id FROM project WHERE id = $1", 1);
    db_bind_int64(st, 1, project_id);
    if (!edit_one_id(st))
        return ERR_NOT_FOUND;
    if ((*problem = check_text(baseline, PROJECT_SUMMARY_MAX, true)) != PROJECT_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    e = insert_link(db, initiative_id, project_id, baseline);
    if (e == ERR_CONFLICT) {
        db_rollback(db);
        *problem = PROJECT_LINKED;
        return ERR_INVALID;
    }
    if (e == ERR_OK)
        e = audit(db, by, "project.link", project_id, plan_id,
                  json_pack("{s:I}", "initiative_id", (json_int_t)initiative_id));
    return edit_finish(db, e);
}

Err project_unlink(Db *db, const Actor *by, const Principal *who, int64_t initiative_id,
                   int64_t project_id)
{
    int64_t plan_id;
    Err e = may_link(db, who, initiative_id, &plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "DELETE FROM initiative_project WHERE initiative_id = $1 AND"
                            " project_id = $2 RETURNING project_id",
                            1);
    db_bind_int64(st, 1, initiative_id);
    db_bind_int64(st, 2, project_id);
    e = edit_one_id(st) ? ERR_OK : ERR_NOT_FOUND;
    if (e == ERR_OK)
        e = audit(db, by, "project.unlink", project_id, plan_id,
                  json_pack("{s:I}", "initiative_id", (json_int_t)initiative_id));
    return edit_finish(db, e);
}

/* The section called section under the bureau called bureau in fiscal year
 * fy, or 0. */
static int64_t section_named(Db *db, const char *bureau, const char *section, int fy)
{
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT u.id FROM org_unit u"
        " JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("u.id", "$3")
        " JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("s.parent_id", "$3")
        " WHERE u.kind IN ('section', 'office') AND s.name = $2 AND b.name = $1",
        1);
    /* clang-format on */
    db_bind_text(st, 1, bureau);
    db_bind_text(st, 2, section);
    db_bind_int64(st, 3, fy);
    return edit_one_id(st);
}

static int64_t initiative_numbered(Db *db, int64_t plan_id, const char *number)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM initiative WHERE plan_id = $1 AND number = $2", 1);
    db_bind_int64(st, 1, plan_id);
    db_bind_text(st, 2, number);
    return edit_one_id(st);
}

/* One line: the project made or found, and linked. */
static Err add_line(Db *db, int64_t initiative, int64_t section, const BulkProject *row,
                    int *created, int *linked, ProjectProblem *problem)
{
    char now[21];
    clock_now_iso(now);
    DbStmt *st = db_prepare(db, "SELECT id FROM project WHERE section_id = $1 AND name = $2", 1);
    db_bind_int64(st, 1, section);
    db_bind_text(st, 2, row->name);
    int64_t id = edit_one_id(st);
    if (!id) {
        st = db_prepare(db,
                        "INSERT INTO project (section_id, name, summary, from_fy, to_fy,"
                        " created_at, updated_at) VALUES ($1, $2, $3, 0, 9999, $4, $4)"
                        " RETURNING id",
                        1);
        db_bind_int64(st, 1, section);
        db_bind_text(st, 2, row->name);
        db_bind_text(st, 3, row->summary ? row->summary : "");
        db_bind_text(st, 4, now);
        if (!(id = edit_one_id(st)))
            return ERR_DB;
        (*created)++;
    }
    Err e = insert_link(db, initiative, id, NULL);
    if (e == ERR_CONFLICT)
        *problem = PROJECT_LINKED;
    else if (e == ERR_OK)
        (*linked)++;
    return e;
}

Err projects_add_bulk(Db *db, const Actor *by, const Principal *who, int64_t plan_id, int fy,
                      const BulkProject *rows, int n, int *bad_row, ProjectProblem *problem,
                      int *created, int *linked)
{
    *bad_row = -1;
    *problem = PROJECT_OK;
    *created = *linked = 0;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    /* Every line checked before anything is written. */
    int64_t *initiatives = calloc((size_t)n + 1, sizeof(int64_t));
    int64_t *sections = calloc((size_t)n + 1, sizeof(int64_t));
    for (int i = 0; i < n && !*problem; i++) {
        *problem = check_text(rows[i].name, PROJECT_NAME_MAX, false);
        if (!*problem)
            *problem = check_text(rows[i].summary, PROJECT_SUMMARY_MAX, true);
        if (!*problem && !(initiatives[i] = initiative_numbered(
                               db, plan_id, rows[i].number ? rows[i].number : "")))
            *problem = PROJECT_BAD_INITIATIVE;
        if (!*problem && !(sections[i] = section_named(db, rows[i].bureau ? rows[i].bureau : "",
                                                       rows[i].section ? rows[i].section : "", fy)))
            *problem = PROJECT_BAD_SECTION;
        if (*problem)
            *bad_row = i;
    }
    e = *problem ? ERR_INVALID : ERR_OK;
    if (e == ERR_OK && db_begin(db) != 0)
        e = ERR_DB;
    else if (e == ERR_OK) {
        for (int i = 0; i < n && e == ERR_OK; i++) {
            e = add_line(db, initiatives[i], sections[i], &rows[i], created, linked, problem);
            if (e == ERR_CONFLICT) {
                *bad_row = i;
                e = ERR_INVALID;
            }
        }
        if (e == ERR_OK)
            e = audit(db, by, "project.add_bulk", 0, plan_id,
                      json_pack("{s:i, s:i}", "created", *created, "linked", *linked));
        e = edit_finish(db, e);
        if (e != ERR_OK)
            *created = *linked = 0;
    }
    free(initiatives);
    free(sections);
    return e;
}

/* ---------- Reading ---------- */

enum {
    R_ID,
    R_INITIATIVE,
    R_SECTION_ID,
    R_NAME,
    R_SUMMARY,
    R_BASELINE,
    R_SECTION,
    R_FROM,
    R_TO,
    R_N
};

static void read_row(Arena *a, DbStmt *st, PlanProject *p)
{
    *p = (PlanProject){
        .id = db_col_int64(st, R_ID),
        .initiative_id = db_col_int64(st, R_INITIATIVE),
        .section_id = db_col_int64(st, R_SECTION_ID),
        .name = arena_strdup(a, db_col_text(st, R_NAME)),
        .summary = arena_strdup(a, db_col_text(st, R_SUMMARY)),
        .baseline = arena_strdup(a, db_col_null(st, R_BASELINE) ? "" : db_col_text(st, R_BASELINE)),
        .section = arena_strdup(a, db_col_null(st, R_SECTION) ? "" : db_col_text(st, R_SECTION)),
        .from_fy = (int)db_col_int64(st, R_FROM),
        .to_fy = (int)db_col_int64(st, R_TO)};
}

/* The titles of the plans other than plan_id that p is linked to. */
static void other_plans(Db *db, Arena *a, int64_t plan_id, PlanProject *p)
{
    DbStmt *st = db_prepare(db,
                            "SELECT pl.title FROM initiative_project ip JOIN initiative i"
                            " ON i.id = ip.initiative_id JOIN plan pl ON pl.id = i.plan_id"
                            " WHERE ip.project_id = $1 AND i.plan_id <> $2"
                            " GROUP BY pl.id, pl.title ORDER BY pl.id",
                            1);
    db_bind_int64(st, 1, p->id);
    db_bind_int64(st, 2, plan_id);
    int cap = 0;
    while (db_step(st) == DB_ROW) {
        if (p->nother_plans == cap) {
            cap = cap ? cap * 2 : 2;
            const char **more = ARENA_ARRAY(a, const char *, cap);
            for (int i = 0; i < p->nother_plans; i++)
                more[i] = p->other_plans[i];
            p->other_plans = more;
        }
        p->other_plans[p->nother_plans++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_done(st);
}

static Err collect(Db *db, Arena *a, DbStmt *st, int64_t plan_id, PlanProject **out, int *n)
{
    int cap = 16, rc;
    *n = 0;
    *out = ARENA_ARRAY(a, PlanProject, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *out, *n, cap, PlanProject);
        read_row(a, st, &(*out)[(*n)++]);
    }
    db_done(st);
    for (int i = 0; plan_id && i < *n; i++)
        other_plans(db, a, plan_id, &(*out)[i]);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err plan_projects(Db *db, Arena *a, const Principal *who, int64_t plan_id, int fy,
                  PlanProject **out, int *n)
{
    *out = NULL;
    *n = 0;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT pr.id, ip.initiative_id, pr.section_id, pr.name, pr.summary, ip.baseline_text,"
        " sec.name, pr.from_fy, pr.to_fy FROM initiative_project ip"
        " JOIN initiative i ON i.id = ip.initiative_id JOIN direction d ON d.id = i.direction_id"
        " JOIN project pr ON pr.id = ip.project_id"
        " LEFT JOIN org_unit_period sec ON sec.id = " ORG_PERIOD_AT("pr.section_id", "$2")
        " WHERE i.plan_id = $1 ORDER BY d.sort_order, i.sort_order, ip.sort_order, pr.id",
        R_N);
    /* clang-format on */
    db_bind_int64(st, 1, plan_id);
    db_bind_int64(st, 2, fy);
    return collect(db, a, st, plan_id, out, n);
}

Err projects_all(Db *db, Arena *a, int fy, PlanProject **out, int *n)
{
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT pr.id, 0, pr.section_id, pr.name, pr.summary, NULL, sec.name, pr.from_fy,"
        " pr.to_fy FROM project pr"
        " LEFT JOIN org_unit_period sec ON sec.id = " ORG_PERIOD_AT("pr.section_id", "$1")
        " ORDER BY sec.sort_order, pr.name, pr.id",
        R_N);
    /* clang-format on */
    db_bind_int64(st, 1, fy);
    return collect(db, a, st, 0, out, n);
}
