#include <string.h>
#include "model/org.h"

Err org_list(Db *db, Arena *a, int fy, OrgUnit **out, int *count)
{
    enum { C_ID, C_NAME, C_KIND, C_PARENT, C_N };
    /* Sections sort under their bureau: by the bureau's place, then their own. */
    DbStmt *st = db_prepare(db,
                            "SELECT u.id, p.name, u.kind, COALESCE(p.parent_id, 0)"
                            " FROM org_unit u JOIN org_unit_period p ON p.unit_id = u.id"
                            "  AND $1 BETWEEN p.from_fy AND p.to_fy"
                            " LEFT JOIN org_unit_period b ON b.unit_id = p.parent_id"
                            "  AND $1 BETWEEN b.from_fy AND b.to_fy"
                            " ORDER BY COALESCE(b.sort_order, p.sort_order),"
                            "  p.parent_id IS NOT NULL, p.sort_order, u.id",
                            C_N);
    db_bind_int64(st, 1, fy);
    int rc, n = 0, cap = 32;
    OrgUnit *units = ARENA_ARRAY(a, OrgUnit, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            OrgUnit *more = ARENA_ARRAY(a, OrgUnit, cap * 2);
            memcpy(more, units, sizeof(OrgUnit) * (size_t)n);
            units = more;
            cap *= 2;
        }
        units[n++] =
            (OrgUnit){db_col_int64(st, C_ID), arena_strdup(a, db_col_text(st, C_NAME)),
                      arena_strdup(a, db_col_text(st, C_KIND)), db_col_int64(st, C_PARENT)};
    }
    db_done(st);
    *out = units;
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
