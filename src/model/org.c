#include <string.h>
#include <time.h>
#include "base/era.h"
#include "model/org.h"

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

Err org_list(Db *db, Arena *a, int fy, OrgUnit **out, int *count)
{
    enum { C_ID, C_NAME, C_KIND, C_PARENT, C_FIRST, C_LAST, C_N };
    /* Sections sort under their bureau: by the bureau's place, then their own. */
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT u.id, p.name, u.kind, COALESCE(p.parent_id, 0),"
        " (SELECT MIN(f.from_fy) FROM org_unit_period f WHERE f.unit_id = u.id),"
        " (SELECT MAX(l.to_fy) FROM org_unit_period l WHERE l.unit_id = u.id)"
        " FROM org_unit u JOIN org_unit_period p ON p.unit_id = u.id"
        "  AND $1 BETWEEN p.from_fy AND p.to_fy"
        " LEFT JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("p.parent_id", "$1")
        " ORDER BY COALESCE(b.sort_order, p.sort_order),"
        "  p.parent_id IS NOT NULL, p.sort_order, u.id",
        C_N);
    /* clang-format on */
    db_bind_int64(st, 1, fy);
    int rc, n = 0, cap = 0;
    OrgUnit *units = NULL;
    while ((rc = db_step(st)) == DB_ROW) {
        GROW(a, units, n, cap, OrgUnit);
        units[n++] = (OrgUnit){db_col_int64(st, C_ID),
                               arena_strdup(a, db_col_text(st, C_NAME)),
                               arena_strdup(a, db_col_text(st, C_KIND)),
                               db_col_int64(st, C_PARENT),
                               (int)db_col_int64(st, C_FIRST),
                               (int)db_col_int64(st, C_LAST)};
    }
    db_done(st);
    *out = units ? units : ARENA_ARRAY(a, OrgUnit, 1);
    *count = n;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

const char *org_name(const OrgUnit *units, int count, int64_t id)
{
    for (int i = 0; i < count; i++)
        if (units[i].id == id)
            return units[i].name;
    return NULL;
}

int org_current_fy(void)
{
    /* Japan has no summer time: UTC+9 all year. */
    time_t now = time(NULL) + 9 * 3600;
    struct tm tm;
    gmtime_r(&now, &tm);
    return era_fiscal_year_of_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* A unit's periods, oldest first. */
typedef struct Periods {
    OrgPeriod *p;
    int n;
} Periods;

static Err load_periods(Db *db, Arena *a, int64_t unit, Periods *ps)
{
    enum { P_FROM, P_TO, P_NAME, P_PARENT, P_ORDER, P_N };
    DbStmt *st = db_prepare(db,
                            "SELECT from_fy, to_fy, name, COALESCE(parent_id, 0), sort_order"
                            " FROM org_unit_period WHERE unit_id = $1 ORDER BY from_fy",
                            P_N);
    db_bind_int64(st, 1, unit);
    int rc, cap = 0;
    ps->p = NULL;
    ps->n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        GROW(a, ps->p, ps->n, cap, OrgPeriod);
        ps->p[ps->n++] = (OrgPeriod){(int)db_col_int64(st, P_FROM), (int)db_col_int64(st, P_TO),
                                     arena_strdup(a, db_col_text(st, P_NAME)),
                                     db_col_int64(st, P_PARENT), (int)db_col_int64(st, P_ORDER)};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err org_history(Db *db, Arena *a, int64_t id, OrgHistory *out)
{
    memset(out, 0, sizeof(*out));
    enum { C_KIND, C_N };
    DbStmt *st = db_prepare(db, "SELECT kind FROM org_unit WHERE id = $1", C_N);
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        out->kind = arena_strdup(a, db_col_text(st, C_KIND));
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    Periods ps;
    Err e = load_periods(db, a, id, &ps);
    out->id = id;
    out->periods = ps.p;
    out->nperiods = ps.n;
    return e;
}

Err org_projects(Db *db, Arena *a, int64_t unit_id, OrgProject **out, int *count)
{
    enum { C_ID, C_NAME, C_FROM, C_TO, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, name, from_fy, to_fy FROM project WHERE section_id = $1"
                            " ORDER BY id",
                            C_N);
    db_bind_int64(st, 1, unit_id);
    int rc, cap = 0;
    *out = NULL;
    *count = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        GROW(a, *out, *count, cap, OrgProject);
        (*out)[(*count)++] =
            (OrgProject){db_col_int64(st, C_ID), arena_strdup(a, db_col_text(st, C_NAME)),
                         (int)db_col_int64(st, C_FROM), (int)db_col_int64(st, C_TO)};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}
