#include <string.h>
#include "model/org.h"
#include "model/principal.h"

const Principal principal_anonymous = {0, "", "", NULL, 0, NULL, false, LANG_JA};

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin",   [ROLE_SECRETARIAT] = "secretariat", [ROLE_REVIEWER] = "reviewer",
    [ROLE_EDITOR] = "editor", [ROLE_VIEWER] = "viewer",
};

const char *role_name(Role r)
{
    return r >= 0 && r < ROLE_COUNT ? role_names[r] : "";
}

int role_from_name(const char *name)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (name && strcmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

Err principal_load_grants(Db *db, Arena *a, Principal *p)
{
    enum { G_ID, G_ROLE, G_PLAN, G_UNIT, G_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, role, plan_id, unit_id FROM user_grant WHERE user_id = $1"
                            " ORDER BY id",
                            G_N);
    db_bind_int64(st, 1, p->user_id);
    int rc, cap = 0;
    p->grants = NULL;
    p->ngrants = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int role = role_from_name(db_col_text(st, G_ROLE));
        if (role < 0)
            continue;
        if (p->ngrants == cap) {
            cap = cap ? cap * 2 : 4;
            Grant *more = ARENA_ARRAY(a, Grant, cap);
            if (p->ngrants)
                memcpy(more, p->grants, sizeof(Grant) * (size_t)p->ngrants);
            p->grants = more;
        }
        p->grants[p->ngrants++] = (Grant){db_col_int64(st, G_ID), (Role)role,
                                          db_col_int64(st, G_PLAN), db_col_int64(st, G_UNIT)};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

bool principal_signed_in(const Principal *p)
{
    return p && p->user_id != 0;
}

static bool has(const Principal *p, Role role, int64_t plan_id)
{
    for (int i = 0; p && i < p->ngrants; i++)
        if (p->grants[i].role == role && (!plan_id || p->grants[i].plan_id == plan_id))
            return true;
    return false;
}

bool principal_is_admin(const Principal *p)
{
    return has(p, ROLE_ADMIN, 0);
}

bool principal_runs_plan(const Principal *p, int64_t plan_id)
{
    return principal_is_admin(p) || has(p, ROLE_SECRETARIAT, plan_id);
}

bool principal_may_audit(const Principal *p)
{
    return principal_runs_plan(p, 0);
}

/* Does a project of unit (a section, or a bureau's sections) serve the plan?
 * A bureau's sections are those of today's organisation: after a
 * reorganisation a section's rows belong to its new bureau. */
static bool unit_in_plan(Db *db, int64_t unit_id, int64_t plan_id)
{
    enum { C_N = 1 };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT 1 FROM initiative_project ip"
        " JOIN initiative i ON i.id = ip.initiative_id"
        " JOIN project pr ON pr.id = ip.project_id"
        " WHERE i.plan_id = $1 AND (pr.section_id = $2 OR EXISTS"
        "  (SELECT 1 FROM org_unit_period u"
        "   WHERE u.id = " ORG_PERIOD_AT("pr.section_id", "$3") " AND u.parent_id = $2))"
        " LIMIT 1",
        C_N);
    /* clang-format on */
    db_bind_int64(st, 1, plan_id);
    db_bind_int64(st, 2, unit_id);
    db_bind_int64(st, 3, org_current_fy());
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

bool principal_may_read_plan(Db *db, const Principal *p, int64_t plan_id)
{
    enum { C_PUBLISHED, C_N };
    DbStmt *st = db_prepare(db, "SELECT published FROM plan WHERE id = $1", C_N);
    db_bind_int64(st, 1, plan_id);
    int rc = db_step(st);
    bool published = rc == DB_ROW && db_col_int64(st, C_PUBLISHED) != 0;
    db_done(st);
    if (rc != DB_ROW)
        return false;
    if (published || principal_is_admin(p))
        return true;
    for (int i = 0; p && i < p->ngrants; i++) {
        const Grant *g = &p->grants[i];
        if (g->plan_id == plan_id)
            return true;
        if (g->unit_id && unit_in_plan(db, g->unit_id, plan_id))
            return true;
    }
    return false;
}

bool principal_may_read_project(Db *db, const Principal *p, int64_t project_id)
{
    if (principal_is_admin(p))
        return true;
    enum { C_SECTION, C_N };
    DbStmt *st = db_prepare(db, "SELECT section_id FROM project WHERE id = $1", C_N);
    db_bind_int64(st, 1, project_id);
    int64_t section = db_step(st) == DB_ROW ? db_col_int64(st, C_SECTION) : 0;
    db_done(st);
    if (!section)
        return false;
    for (int i = 0; p && i < p->ngrants; i++) {
        const Grant *g = &p->grants[i];
        bool yes = false;
        if (g->role == ROLE_EDITOR) {
            yes = g->unit_id == section;
        } else if (g->role == ROLE_REVIEWER) {
            enum { U_N = 1 };
            /* clang-format off */
            DbStmt *u = db_prepare(db,
                "SELECT 1 FROM org_unit_period WHERE id = " ORG_PERIOD_AT("$1", "$3")
                " AND parent_id = $2",
                U_N);
            /* clang-format on */
            db_bind_int64(u, 1, section);
            db_bind_int64(u, 2, g->unit_id);
            db_bind_int64(u, 3, org_current_fy());
            yes = db_step(u) == DB_ROW;
            db_done(u);
        } else if (g->role == ROLE_SECRETARIAT) {
            enum { S_N = 1 };
            DbStmt *s = db_prepare(db,
                                   "SELECT 1 FROM initiative_project ip"
                                   " JOIN initiative i ON i.id = ip.initiative_id"
                                   " WHERE ip.project_id = $1 AND i.plan_id = $2 LIMIT 1",
                                   S_N);
            db_bind_int64(s, 1, project_id);
            db_bind_int64(s, 2, g->plan_id);
            yes = db_step(s) == DB_ROW;
            db_done(s);
        }
        if (yes)
            return true;
    }
    return false;
}
