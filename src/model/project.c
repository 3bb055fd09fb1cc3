#include <string.h>
#include "model/org.h"
#include "model/project.h"

#define GROW(a, arr, n, cap, type)                                                                 \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            int c_ = (cap) ? (cap)*2 : 8;                                                          \
            type *m_ = ARENA_ARRAY((a), type, c_);                                                 \
            if (n)                                                                                 \
                memcpy(m_, (arr), sizeof(type) * (size_t)(n));                                     \
            (arr) = m_;                                                                            \
            (cap) = c_;                                                                            \
        }                                                                                          \
    } while (0)

static Err load_links(Db *db, Arena *a, const Principal *who, Project *p)
{
    enum { L_PLAN, L_TITLE, L_DIRECTION, L_NUMBER, L_INITIATIVE, L_N };
    DbStmt *st =
        db_prepare(db,
                   "SELECT pl.id, pl.title, d.label, i.number, i.title"
                   " FROM initiative_project ip JOIN initiative i ON i.id = ip.initiative_id"
                   " JOIN direction d ON d.id = i.direction_id"
                   " JOIN plan pl ON pl.id = i.plan_id"
                   " WHERE ip.project_id = $1 ORDER BY pl.id, d.sort_order, i.sort_order",
                   L_N);
    db_bind_int64(st, 1, p->id);
    int rc, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t plan = db_col_int64(st, L_PLAN);
        GROW(a, p->links, p->nlinks, cap, ProjectLink);
        p->links[p->nlinks++] =
            (ProjectLink){plan, db_col_dup(a, st, L_TITLE), db_col_dup(a, st, L_DIRECTION),
                          db_col_dup(a, st, L_NUMBER), db_col_dup(a, st, L_INITIATIVE)};
    }
    db_done(st);
    /* Links into plans the person may not read are not shown. */
    int kept = 0;
    for (int i = 0; i < p->nlinks; i++)
        if (principal_may_read_plan(db, who, p->links[i].plan_id))
            p->links[kept++] = p->links[i];
    p->nlinks = kept;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static Err load_responses(Db *db, Arena *a, Project *p)
{
    enum { R_ID, R_YEAR, R_CHECKPOINT, R_STATUS, R_VERSION, R_LABEL, R_VALUE, R_N };
    DbStmt *st = db_prepare(db,
                            "SELECT rs.id, r.fiscal_year, r.checkpoint, rs.status, rs.version,"
                            " f.label, COALESCE(v.text_value, v.number_value, g.label)"
                            " FROM response rs JOIN round r ON r.id = rs.round_id"
                            " LEFT JOIN response_value v ON v.response_id = rs.id"
                            " LEFT JOIN field_def f ON f.id = v.field_id"
                            " LEFT JOIN rating_grade g ON g.id = v.grade_id"
                            " WHERE rs.project_id = $1"
                            " ORDER BY r.fiscal_year DESC, r.checkpoint DESC, rs.id, f.sort_order",
                            R_N);
    db_bind_int64(st, 1, p->id);
    int rc, cap = 0, vcap = 0;
    int64_t current = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int64(st, R_ID);
        if (id != current) {
            current = id;
            vcap = 0;
            GROW(a, p->responses, p->nresponses, cap, ProjectResponse);
            ProjectResponse *r = &p->responses[p->nresponses++];
            *r = (ProjectResponse){.fiscal_year = (int)db_col_int64(st, R_YEAR),
                                   .at_year_end = strcmp(db_col_text(st, R_CHECKPOINT), "end") == 0,
                                   .status = db_col_dup(a, st, R_STATUS),
                                   .version = (int)db_col_int64(st, R_VERSION)};
        }
        ProjectResponse *r = &p->responses[p->nresponses - 1];
        if (db_col_null(st, R_LABEL))
            continue;
        GROW(a, r->values, r->nvalues, vcap, ProjectValue);
        r->values[r->nvalues++] =
            (ProjectValue){db_col_dup(a, st, R_LABEL), db_col_dup(a, st, R_VALUE)};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err project_load(Db *db, Arena *a, const Principal *who, int64_t id, int fy, Project *out)
{
    memset(out, 0, sizeof(*out));
    if (!principal_may_read_project(db, who, id))
        return ERR_NOT_FOUND;
    enum { P_NAME, P_SUMMARY, P_SECTION, P_BUREAU, P_N };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT pr.name, pr.summary, s.name, b.name FROM project pr"
        " LEFT JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("pr.section_id", "$2")
        " LEFT JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("s.parent_id", "$2")
        " WHERE pr.id = $1",
        P_N);
    /* clang-format on */
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, fy);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->id = id;
        out->name = db_col_dup(a, st, P_NAME);
        out->summary = db_col_dup(a, st, P_SUMMARY);
        out->section = db_col_dup(a, st, P_SECTION);
        out->bureau = db_col_dup(a, st, P_BUREAU);
    }
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    Err e = load_links(db, a, who, out);
    return e != ERR_OK ? e : load_responses(db, a, out);
}

Err project_list_mine(Db *db, Arena *a, const Principal *who, ProjectSummary **out, int *count)
{
    *out = NULL;
    *count = 0;
    int cap = 0;
    int fy = org_current_fy(); /* the organisation as it is today */
    for (int g = 0; g < who->ngrants; g++) {
        const Grant *gr = &who->grants[g];
        if (gr->role != ROLE_EDITOR && gr->role != ROLE_REVIEWER)
            continue;
        enum { C_ID, C_NAME, C_SECTION, C_N };
        /* clang-format off */
        DbStmt *st = db_prepare(db,
            "SELECT pr.id, pr.name, s.name FROM project pr"
            " JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("pr.section_id", "$2")
            " WHERE (pr.section_id = $1 OR s.parent_id = $1)"
            " ORDER BY s.sort_order, pr.id",
            C_N);
        /* clang-format on */
        db_bind_int64(st, 1, gr->unit_id);
        db_bind_int64(st, 2, fy);
        int rc;
        while ((rc = db_step(st)) == DB_ROW) {
            int64_t id = db_col_int64(st, C_ID);
            bool seen = false;
            for (int i = 0; i < *count; i++)
                seen |= (*out)[i].id == id;
            if (seen)
                continue;
            GROW(a, *out, *count, cap, ProjectSummary);
            (*out)[(*count)++] =
                (ProjectSummary){id, db_col_dup(a, st, C_NAME), db_col_dup(a, st, C_SECTION)};
        }
        db_done(st);
        if (rc != DB_DONE)
            return ERR_DB;
    }
    return ERR_OK;
}
