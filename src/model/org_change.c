/* The organisation's yearly changes (model/org.h): each loads the unit's
 * periods, changes them in memory (split at the fiscal year, new values up to
 * the next change), and writes them back with an audit entry, all in one
 * transaction. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/clock.h"
#include "base/utf8.h"
#include "model/audit.h"
#include "model/org.h"

/* A unit's periods while a change is made to them. */
typedef struct Periods {
    OrgPeriod *p; /* oldest first, with one spare slot for a split */
    int n;
} Periods;

/* Unit's periods (arena) and, if kind is given, its kind. ERR_NOT_FOUND. */
static Err load_periods(Db *db, Arena *a, int64_t unit, Periods *ps, const char **kind)
{
    OrgHistory h;
    Err e = org_history(db, a, unit, &h);
    ps->n = h.nperiods;
    ps->p = ARENA_ARRAY(a, OrgPeriod, h.nperiods + 1);
    if (h.nperiods)
        memcpy(ps->p, h.periods, sizeof(OrgPeriod) * (size_t)h.nperiods);
    if (kind)
        *kind = h.kind;
    return e;
}

static bool valid_fy(int fy)
{
    return fy >= 1 && fy < ORG_FOREVER;
}

static bool valid_name(const char *name)
{
    if (!name || !utf8_valid(name, strlen(name)))
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    size_t n = utf8_char_count(name);
    return n > 0 && n <= 100;
}

/* Bureaus and wards stand at the top; sections and offices under one of them. */
static bool is_top(const char *kind)
{
    return strcmp(kind, "bureau") == 0 || strcmp(kind, "ward") == 0;
}

static bool valid_kind(const char *kind)
{
    return kind && (is_top(kind) || strcmp(kind, "section") == 0 || strcmp(kind, "office") == 0);
}

/* What a change needs to know of another unit: its level and its years. */
typedef struct Span {
    bool found; /* the unit exists */
    bool top;   /* a bureau or ward */
    int first;  /* its first fiscal year */
    int last;   /* its last */
} Span;

static Span unit_span(Db *db, int64_t id)
{
    enum { C_KIND, C_FIRST, C_LAST, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT u.kind, MIN(p.from_fy), MAX(p.to_fy) FROM org_unit u"
                            " JOIN org_unit_period p ON p.unit_id = u.id WHERE u.id = $1"
                            " GROUP BY u.kind",
                            C_N);
    db_bind_int64(st, 1, id);
    Span s = {false, false, 0, 0};
    if (db_step(st) == DB_ROW)
        s = (Span){true, is_top(db_col_text(st, C_KIND)), (int)db_col_int64(st, C_FIRST),
                   (int)db_col_int64(st, C_LAST)};
    db_done(st);
    return s;
}

/* Does a unit for all of [from, to] exist at that level? */
static bool spans(Span s, bool top, int from, int to)
{
    return s.found && s.top == top && s.first <= from && s.last >= to;
}

/* Another unit under parent (0: at the top) called name in fiscal year fy? */
static bool name_taken(Db *db, int64_t id, int64_t parent, const char *name, int fy)
{
    enum { C_N = 1 };
    DbStmt *st = db_prepare(db,
                            "SELECT 1 FROM org_unit_period WHERE unit_id <> $1"
                            " AND COALESCE(parent_id, 0) = $2 AND name = $3"
                            " AND $4 BETWEEN from_fy AND to_fy LIMIT 1",
                            C_N);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, parent);
    db_bind_text(st, 3, name);
    db_bind_int64(st, 4, fy);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

/* Splits the period holding fy so that one starts at fy; its index, or -1
 * when the unit does not exist in fy. */
static int split_at(Periods *ps, int fy)
{
    for (int k = 0; k < ps->n; k++) {
        OrgPeriod *p = &ps->p[k];
        if (fy < p->from_fy || fy > p->to_fy)
            continue;
        if (p->from_fy == fy)
            return k;
        memmove(&ps->p[k + 2], &ps->p[k + 1], sizeof(OrgPeriod) * (size_t)(ps->n - k - 1));
        ps->p[k + 1] = *p;
        ps->p[k + 1].from_fy = fy;
        p->to_fy = fy - 1;
        ps->n++;
        return k + 1;
    }
    return -1;
}

/* Neighbouring periods that say the same become one, so that a change and
 * its undoing leave the history as it was. */
static void coalesce(Periods *ps)
{
    int kept = 0;
    for (int i = 0; i < ps->n; i++) {
        OrgPeriod *last = kept ? &ps->p[kept - 1] : NULL, *p = &ps->p[i];
        if (last && last->to_fy + 1 == p->from_fy && strcmp(last->name, p->name) == 0 &&
            last->parent_id == p->parent_id && last->sort_order == p->sort_order)
            last->to_fy = p->to_fy;
        else
            ps->p[kept++] = *p;
    }
    ps->n = kept;
}

static Err save_periods(Db *db, int64_t unit, Periods *ps)
{
    coalesce(ps);
    DbStmt *st = db_prepare(db, "DELETE FROM org_unit_period WHERE unit_id = $1", 0);
    db_bind_int64(st, 1, unit);
    int rc = db_step(st);
    db_done(st);
    for (int i = 0; rc == DB_DONE && i < ps->n; i++) {
        const OrgPeriod *p = &ps->p[i];
        st = db_prepare(db,
                        "INSERT INTO org_unit_period (unit_id, from_fy, to_fy, name, parent_id,"
                        " sort_order) VALUES ($1, $2, $3, $4, $5, $6)",
                        0);
        db_bind_int64(st, 1, unit);
        db_bind_int64(st, 2, p->from_fy);
        db_bind_int64(st, 3, p->to_fy);
        db_bind_text(st, 4, p->name);
        if (p->parent_id)
            db_bind_int64(st, 5, p->parent_id);
        else
            db_bind_null(st, 5);
        db_bind_int64(st, 6, p->sort_order);
        rc = db_step(st);
        db_done(st);
    }
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static json_t *periods_json(const Periods *ps)
{
    json_t *arr = json_array();
    for (int i = 0; i < ps->n; i++) {
        const OrgPeriod *p = &ps->p[i];
        json_array_append_new(arr,
                              json_pack("{s:i, s:i, s:s, s:I, s:i}", "from_fy", p->from_fy, "to_fy",
                                        p->to_fy, "name", p->name, "parent_id",
                                        (json_int_t)p->parent_id, "sort_order", p->sort_order));
    }
    return arr;
}

static Err audit_json(Db *db, const Actor *by, const char *action, const char *entity, int64_t id,
                      int64_t project_id, json_t *before, json_t *after)
{
    char *b = before ? json_dumps(before, JSON_COMPACT) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT) : NULL;
    Err e = audit_write(db, by->name, by->address, action, entity, id, 0, project_id, b, a);
    free(b);
    free(a);
    json_decref(before);
    json_decref(after);
    return e;
}

/* One change to one unit: its periods loaded in a transaction, changed in
 * memory, then saved with an audit entry of before and after. */
typedef struct Change {
    Arena a;          /* everything of the change */
    bool began;       /* a transaction is open */
    int64_t id;       /* the unit */
    const char *kind; /* its kind */
    Periods ps;       /* its periods, changed in place */
    json_t *before;   /* its periods as they were */
    json_t *extra;    /* more for the audit entry (projects, grants moved), or NULL */
} Change;

static Err change_begin(Db *db, const Principal *who, int64_t id, Change *c)
{
    memset(c, 0, sizeof(*c));
    arena_init(&c->a);
    c->id = id;
    if (!principal_is_admin(who))
        return ERR_FORBIDDEN;
    if (db_begin(db) != 0)
        return ERR_DB;
    c->began = true;
    Err e = load_periods(db, &c->a, id, &c->ps, &c->kind);
    if (e != ERR_OK)
        return e;
    c->before = periods_json(&c->ps);
    return ERR_OK;
}

/* Saves and commits the change when e is ERR_OK and there is no problem;
 * otherwise rolls it back. Frees c. */
static Err change_end(Db *db, Change *c, Err e, OrgProblem problem, const Actor *by,
                      const char *action, int fy)
{
    if (e == ERR_OK && problem != ORG_OK)
        e = ERR_INVALID;
    if (e == ERR_OK)
        e = save_periods(db, c->id, &c->ps);
    if (e == ERR_OK) {
        json_t *after = c->extra ? c->extra : json_object();
        json_object_set_new(after, "fiscal_year", json_integer(fy));
        json_object_set_new(after, "periods", periods_json(&c->ps));
        c->extra = NULL;
        e = audit_json(db, by, action, "org_unit", c->id, 0,
                       json_pack("{s:o}", "periods", c->before), after);
        c->before = NULL;
    }
    if (c->began && (e != ERR_OK || db_commit(db) != 0)) {
        db_rollback(db);
        if (e == ERR_OK)
            e = ERR_DB;
    }
    json_decref(c->before);
    json_decref(c->extra);
    arena_free(&c->a);
    return e;
}

static OrgProblem check_year_and(int fy, bool ok, OrgProblem otherwise)
{
    return !valid_fy(fy) ? ORG_BAD_YEAR : ok ? ORG_OK : otherwise;
}

Err org_create(Db *db, const Actor *by, const Principal *who, const char *kind, const char *name,
               int64_t parent_id, int fy, int64_t *id, OrgProblem *problem)
{
    *id = 0;
    if (!principal_is_admin(who))
        return ERR_FORBIDDEN;
    *problem =
        !valid_kind(kind) ? ORG_BAD_KIND : check_year_and(fy, valid_name(name), ORG_BAD_NAME);
    if (*problem)
        return ERR_INVALID;
    int last = ORG_FOREVER;
    if (is_top(kind) ? parent_id != 0 : !spans(unit_span(db, parent_id), true, fy, fy))
        *problem = ORG_BAD_PARENT;
    else if (name_taken(db, 0, parent_id, name, fy))
        *problem = ORG_NAME_TAKEN;
    if (*problem)
        return ERR_INVALID;
    if (parent_id)
        last = unit_span(db, parent_id).last; /* a section ends with its bureau */
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st =
        db_prepare(db, "INSERT INTO org_unit (kind, created_at) VALUES ($1, $2) RETURNING id", 1);
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, now);
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    /* Last among its siblings: after every place used so far. */
    st = db_prepare(db,
                    "INSERT INTO org_unit_period (unit_id, from_fy, to_fy, name, parent_id,"
                    " sort_order) SELECT $1, $2, $3, $4, $5, COALESCE(MAX(sort_order), 0) + 10"
                    " FROM org_unit_period",
                    0);
    db_bind_int64(st, 1, *id);
    db_bind_int64(st, 2, fy);
    db_bind_int64(st, 3, last);
    db_bind_text(st, 4, name);
    if (parent_id)
        db_bind_int64(st, 5, parent_id);
    else
        db_bind_null(st, 5);
    int rc2 = *id ? db_step(st) : DB_ERROR;
    db_done(st);
    Err e = rc == DB_ROW && rc2 == DB_DONE
                ? audit_json(db, by, "org.create", "org_unit", *id, 0, NULL,
                             json_pack("{s:s, s:s, s:I, s:i}", "kind", kind, "name", name,
                                       "parent_id", (json_int_t)parent_id, "fiscal_year", fy))
                : ERR_DB;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        *id = 0;
        return ERR_DB;
    }
    return ERR_OK;
}

static OrgProblem rename_periods(Db *db, Change *c, int fy, const char *name)
{
    int k = split_at(&c->ps, fy);
    if (k < 0)
        return ORG_NOT_IN_YEAR;
    OrgPeriod *p = c->ps.p;
    const char *old = p[k].name;
    if (strcmp(old, name) == 0)
        return ORG_UNCHANGED;
    if (name_taken(db, c->id, p[k].parent_id, name, fy))
        return ORG_NAME_TAKEN;
    /* Up to the next renaming, if one is already planned. */
    for (int j = k; j < c->ps.n && strcmp(p[j].name, old) == 0; j++)
        p[j].name = arena_strdup(&c->a, name);
    return ORG_OK;
}

Err org_rename(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, const char *name,
               OrgProblem *problem)
{
    *problem = check_year_and(fy, valid_name(name), ORG_BAD_NAME);
    Change c;
    Err e = change_begin(db, who, id, &c);
    if (e == ERR_OK && !*problem)
        *problem = rename_periods(db, &c, fy, name);
    return change_end(db, &c, e, *problem, by, "org.rename", fy);
}

static OrgProblem move_periods(Db *db, Change *c, int fy, int64_t parent)
{
    if (is_top(c->kind))
        return ORG_BAD_PARENT;
    int k = split_at(&c->ps, fy);
    if (k < 0)
        return ORG_NOT_IN_YEAR;
    OrgPeriod *p = c->ps.p;
    int64_t old = p[k].parent_id;
    if (old == parent)
        return ORG_UNCHANGED;
    int end = k;
    while (end + 1 < c->ps.n && p[end + 1].parent_id == old)
        end++;
    if (!spans(unit_span(db, parent), true, fy, p[end].to_fy))
        return ORG_BAD_PARENT;
    if (name_taken(db, c->id, parent, p[k].name, fy))
        return ORG_NAME_TAKEN;
    for (int j = k; j <= end; j++)
        p[j].parent_id = parent;
    return ORG_OK;
}

Err org_move(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, int64_t parent_id,
             OrgProblem *problem)
{
    *problem = check_year_and(fy, true, ORG_OK);
    Change c;
    Err e = change_begin(db, who, id, &c);
    if (e == ERR_OK && !*problem)
        *problem = move_periods(db, &c, fy, parent_id);
    return change_end(db, &c, e, *problem, by, "org.move", fy);
}

/* Does the unit own projects valid in fy or later, or have sections then? */
static bool owns_projects(Db *db, int64_t id, int fy)
{
    enum { C_N = 1 };
    DbStmt *st =
        db_prepare(db, "SELECT 1 FROM project WHERE section_id = $1 AND to_fy >= $2 LIMIT 1", C_N);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, fy);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

static bool has_children(Db *db, int64_t id, int fy)
{
    enum { C_N = 1 };
    DbStmt *st = db_prepare(
        db, "SELECT 1 FROM org_unit_period WHERE parent_id = $1 AND to_fy >= $2 LIMIT 1", C_N);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, fy);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

/* The unit ends at fy-1: the index where its periods now end, or a problem. */
static OrgProblem end_at(Change *c, int fy, int *keep)
{
    int k = split_at(&c->ps, fy);
    if (k < 0)
        return ORG_NOT_IN_YEAR;
    if (k == 0)
        return ORG_FIRST_YEAR;
    *keep = k;
    return ORG_OK;
}

Err org_close(Db *db, const Actor *by, const Principal *who, int64_t id, int fy,
              OrgProblem *problem)
{
    *problem = check_year_and(fy, true, ORG_OK);
    Change c;
    Err e = change_begin(db, who, id, &c);
    int keep = 0;
    if (e == ERR_OK && !*problem && !(*problem = end_at(&c, fy, &keep))) {
        if (owns_projects(db, id, fy))
            *problem = ORG_HAS_PROJECTS;
        else if (has_children(db, id, fy))
            *problem = ORG_HAS_CHILDREN;
        else
            c.ps.n = keep;
    }
    return change_end(db, &c, e, *problem, by, "org.close", fy);
}

/* Section id goes from parent from to parent to in fy and every later period. */
static Err reparent(Db *db, int64_t id, int fy, int64_t from, int64_t to)
{
    Arena a;
    arena_init(&a);
    Periods ps;
    Err e = load_periods(db, &a, id, &ps, NULL);
    if (e == ERR_OK) {
        split_at(&ps, fy);
        for (int j = 0; j < ps.n; j++)
            if (ps.p[j].from_fy >= fy && ps.p[j].parent_id == from)
                ps.p[j].parent_id = to;
        e = save_periods(db, id, &ps);
    }
    arena_free(&a);
    return e;
}

/* The ids the query returns (its first column), appended to out. */
static Err ids_of(DbStmt *st, json_t *out)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(out, json_integer(db_col_int64(st, 0)));
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Before a move from fy: remembers the section that ran project in fy - 1
 * (the one a sheet of that year shows now: a recorded one, else current),
 * and forgets what was recorded of the years from fy on, which become the
 * new section's. Earlier records still name the years before theirs. */
static Err record_past_section(Db *db, int64_t project, int64_t current, int fy)
{
    DbStmt *st = db_prepare(db,
                            "SELECT section_id FROM project_section_past WHERE project_id = $1"
                            " AND to_fy >= $2 ORDER BY to_fy LIMIT 1",
                            1);
    db_bind_int64(st, 1, project);
    db_bind_int64(st, 2, fy - 1);
    int rc = db_step(st);
    int64_t before = rc == DB_ROW ? db_col_int64(st, 0) : current;
    db_done(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return ERR_DB;
    st =
        db_prepare(db, "DELETE FROM project_section_past WHERE project_id = $1 AND to_fy >= $2", 0);
    db_bind_int64(st, 1, project);
    db_bind_int64(st, 2, fy - 1);
    rc = db_step(st);
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;
    st = db_prepare(db,
                    "INSERT INTO project_section_past (project_id, to_fy, section_id)"
                    " VALUES ($1, $2, $3)",
                    0);
    db_bind_int64(st, 1, project);
    db_bind_int64(st, 2, fy - 1);
    db_bind_int64(st, 3, before);
    rc = db_step(st);
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static Err move_project(Db *db, const Actor *by, int64_t project, int64_t from, int64_t to, int fy)
{
    char now[21];
    clock_now_iso(now);
    if (record_past_section(db, project, from, fy) != ERR_OK)
        return ERR_DB;
    DbStmt *st =
        db_prepare(db, "UPDATE project SET section_id = $2, updated_at = $3 WHERE id = $1", 0);
    db_bind_int64(st, 1, project);
    db_bind_int64(st, 2, to);
    db_bind_text(st, 3, now);
    int rc = db_step(st);
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;
    return audit_json(db, by, "project.move", "project", project, project,
                      json_pack("{s:I}", "section_id", (json_int_t)from),
                      json_pack("{s:I, s:i}", "section_id", (json_int_t)to, "fiscal_year", fy));
}

/* The sections under unit from in fy or later go under into from fy. */
static Err hand_over_sections(Db *db, int64_t from, int fy, int64_t into, json_t *moved)
{
    DbStmt *st = db_prepare(db,
                            "SELECT DISTINCT unit_id FROM org_unit_period WHERE parent_id = $1"
                            " AND to_fy >= $2 ORDER BY unit_id",
                            1);
    db_bind_int64(st, 1, from);
    db_bind_int64(st, 2, fy);
    Err e = ids_of(st, moved);
    for (size_t i = 0; e == ERR_OK && i < json_array_size(moved); i++)
        e = reparent(db, json_integer_value(json_array_get(moved, i)), fy, from, into);
    return e;
}

/* The projects of unit from valid in fy or later go to into; those that
 * ended earlier stay with it (their years were its). */
static Err hand_over_projects(Db *db, const Actor *by, int64_t from, int fy, int64_t into,
                              json_t *moved)
{
    DbStmt *st = db_prepare(db,
                            "SELECT id FROM project WHERE section_id = $1 AND to_fy >= $2"
                            " ORDER BY id",
                            1);
    db_bind_int64(st, 1, from);
    db_bind_int64(st, 2, fy);
    Err e = ids_of(st, moved);
    for (size_t i = 0; e == ERR_OK && i < json_array_size(moved); i++)
        e = move_project(db, by, json_integer_value(json_array_get(moved, i)), from, into, fy);
    return e;
}

/* The grants on unit from become grants on into; one the person already has
 * on into is not made twice. */
static Err hand_over_grants(Db *db, int64_t from, int64_t into, json_t *moved)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM user_grant WHERE unit_id = $1 ORDER BY id", 1);
    db_bind_int64(st, 1, from);
    Err e = ids_of(st, moved);
    if (e != ERR_OK)
        return e;
    st = db_prepare(db,
                    "UPDATE user_grant SET unit_id = $2 WHERE unit_id = $1 AND NOT EXISTS"
                    " (SELECT 1 FROM user_grant g WHERE g.user_id = user_grant.user_id"
                    "  AND g.role = user_grant.role AND g.unit_id = $2)",
                    0);
    db_bind_int64(st, 1, from);
    db_bind_int64(st, 2, into);
    int rc = db_step(st);
    db_done(st);
    st = db_prepare(db, "DELETE FROM user_grant WHERE unit_id = $1", 0);
    db_bind_int64(st, 1, from);
    int rc2 = rc == DB_DONE ? db_step(st) : DB_ERROR;
    db_done(st);
    return rc2 == DB_DONE ? ERR_OK : ERR_DB;
}

/* Everything unit c has from fy on goes to into, listed for the audit entry. */
static Err hand_over(Db *db, const Actor *by, Change *c, int fy, int64_t into)
{
    json_t *sections = json_array(), *projects = json_array(), *grants = json_array();
    c->extra = json_pack("{s:I, s:o, s:o, s:o}", "merged_into", (json_int_t)into, "sections",
                         sections, "projects", projects, "grants", grants);
    Err e = hand_over_sections(db, c->id, fy, into, sections);
    if (e == ERR_OK)
        e = hand_over_projects(db, by, c->id, fy, into, projects);
    if (e == ERR_OK)
        e = hand_over_grants(db, c->id, into, grants);
    return e;
}

Err org_merge(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, int64_t into,
              OrgProblem *problem)
{
    *problem = check_year_and(fy, true, ORG_OK);
    Change c;
    Err e = change_begin(db, who, id, &c);
    int keep = 0;
    if (e == ERR_OK && !*problem && !(*problem = end_at(&c, fy, &keep))) {
        if (into == id || !spans(unit_span(db, into), is_top(c.kind), fy, c.ps.p[c.ps.n - 1].to_fy))
            *problem = ORG_BAD_TARGET;
        else if ((e = hand_over(db, by, &c, fy, into)) == ERR_OK)
            c.ps.n = keep;
    }
    return change_end(db, &c, e, *problem, by, "org.merge", fy);
}

/* The sibling before (step -1) or after (+1) the unit in fy, or 0. */
static int64_t neighbour(Db *db, Arena *a, int64_t id, int fy, int step)
{
    OrgUnit *units;
    int n;
    if (org_list(db, a, fy, &units, &n) != ERR_OK)
        return 0;
    int at = -1;
    for (int i = 0; i < n; i++)
        if (units[i].id == id)
            at = i;
    for (int i = at + step; at >= 0 && i >= 0 && i < n; i += step)
        if (units[i].parent_id == units[at].parent_id)
            return units[i].id;
    return 0;
}

/* Sets the place from period k on, up to the next change of place. */
static void set_order_from(Periods *ps, int k, int order)
{
    int old = ps->p[k].sort_order;
    for (int j = k; j < ps->n && ps->p[j].sort_order == old; j++)
        ps->p[j].sort_order = order;
}

static Err swap_places(Db *db, Change *c, int fy, int64_t other, OrgProblem *problem)
{
    Periods them;
    Err e = load_periods(db, &c->a, other, &them, NULL);
    int k = split_at(&c->ps, fy), m = split_at(&them, fy);
    if (e != ERR_OK || k < 0 || m < 0)
        return e != ERR_OK ? e : ERR_DB;
    int mine = c->ps.p[k].sort_order, theirs = them.p[m].sort_order;
    if (mine == theirs) {
        *problem = ORG_UNCHANGED;
        return ERR_OK;
    }
    set_order_from(&c->ps, k, theirs);
    set_order_from(&them, m, mine);
    c->extra = json_pack("{s:I}", "swapped_with", (json_int_t)other);
    return save_periods(db, other, &them);
}

Err org_reorder(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, int step,
                OrgProblem *problem)
{
    *problem = check_year_and(fy, step == 1 || step == -1, ORG_NO_NEIGHBOUR);
    Change c;
    Err e = change_begin(db, who, id, &c);
    if (e == ERR_OK && !*problem) {
        int64_t other = neighbour(db, &c.a, id, fy, step);
        if (split_at(&c.ps, fy) < 0)
            *problem = ORG_NOT_IN_YEAR;
        else if (!other)
            *problem = ORG_NO_NEIGHBOUR;
        else
            e = swap_places(db, &c, fy, other, problem);
    }
    return change_end(db, &c, e, *problem, by, "org.reorder", fy);
}

/* Is every project the unit's and valid in fy? */
static bool projects_of(Db *db, int64_t unit, const int64_t *projects, int n, int fy)
{
    for (int i = 0; i < n; i++) {
        enum { C_SECTION, C_TO, C_N };
        DbStmt *st = db_prepare(db, "SELECT section_id, to_fy FROM project WHERE id = $1", C_N);
        db_bind_int64(st, 1, projects[i]);
        bool ok = db_step(st) == DB_ROW && db_col_int64(st, C_SECTION) == unit &&
                  db_col_int64(st, C_TO) >= fy;
        db_done(st);
        if (!ok)
            return false;
    }
    return true;
}

Err org_move_projects(Db *db, const Actor *by, const Principal *who, int64_t from_id,
                      const int64_t *projects, int n, int64_t to_id, int fy, OrgProblem *problem)
{
    if (!principal_is_admin(who))
        return ERR_FORBIDDEN;
    *problem = check_year_and(fy, n > 0, ORG_NO_PROJECTS);
    if (!*problem && to_id == from_id)
        *problem = ORG_UNCHANGED;
    if (*problem)
        return ERR_INVALID;
    if (db_begin(db) != 0)
        return ERR_DB;
    Err e = ERR_OK;
    if (!unit_span(db, from_id).found)
        e = ERR_NOT_FOUND;
    else if (!spans(unit_span(db, to_id), false, fy, fy))
        *problem = ORG_BAD_SECTION;
    else if (!projects_of(db, from_id, projects, n, fy))
        *problem = ORG_BAD_PROJECT;
    for (int i = 0; e == ERR_OK && !*problem && i < n; i++)
        e = move_project(db, by, projects[i], from_id, to_id, fy);
    if (e == ERR_OK && *problem)
        e = ERR_INVALID;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return e != ERR_OK ? e : ERR_DB;
    }
    return ERR_OK;
}
