/* The seed's JSON form, read with jansson. Every string is stored verbatim;
 * the loader only derives what the sheet computes itself (the checkpoint of a
 * field, the date of the document, the label of the progress columns). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/buf.h"
#include "base/clock.h"
#include "base/era.h"
#include "base/mem.h"
#include "model/audit.h"
#include "model/plan_json.h"

enum { MAX_UNITS = 4096 };

typedef struct Unit {
    char *name;        /* as written in the JSON */
    int64_t parent_id; /* 0 for a bureau */
    int64_t id;        /* org_unit id */
} Unit;

typedef struct Loader {
    Db *db;                /* the connection, inside a transaction */
    char now[21];          /* the time stamped on every row */
    Buf err;               /* the first error, as "path: what" */
    Unit units[MAX_UNITS]; /* org units made so far, to reuse by name */
    int nunits;
    int64_t plan_id;
    json_t *fields;         /* the "fields" array, to look up keys */
    int64_t *field_ids;     /* field_def id of each entry in fields */
    const char **field_cps; /* and its checkpoint, start or end */
    bool merge;             /* into an existing plan (plan_id) */
    PlanLoadCounts *counts; /* never NULL */
} Loader;

static void fail(Loader *l, const char *path, const char *what)
{
    if (l->err.len == 0)
        buf_printf(&l->err, "%s: %s", path, what);
}

/* A required non-empty string member of obj, or NULL (and an error). */
static const char *get_str(Loader *l, json_t *obj, const char *key, const char *path)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || json_string_length(v) == 0) {
        char p[256];
        snprintf(p, sizeof(p), "%s.%s", path, key);
        fail(l, p, v ? "must be a non-empty string" : "missing");
        return NULL;
    }
    return json_string_value(v);
}

/* An optional string member: "" when absent. */
static const char *opt_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int64_t insert_returning_id(Loader *l, DbStmt *st)
{
    int64_t id = 0;
    if (db_step(st) == DB_ROW)
        id = db_col_int64(st, 0);
    else
        fail(l, "database", db_errmsg(l->db));
    db_done(st);
    return id;
}

static void step_done(Loader *l, DbStmt *st)
{
    if (db_step(st) != DB_DONE)
        fail(l, "database", db_errmsg(l->db));
    db_done(st);
}

/* The org unit called name under parent, made on first sight. Units are
 * ordered as they first appear, which in the seed is the city's order. */
static int64_t unit_for(Loader *l, const char *name, int64_t parent_id)
{
    for (int i = 0; i < l->nunits; i++)
        if (l->units[i].parent_id == parent_id && strcmp(l->units[i].name, name) == 0)
            return l->units[i].id;
    if (l->nunits == MAX_UNITS) {
        fail(l, "organisation", "too many units");
        return 0;
    }
    /* A unit the database has already (another plan's, or this one's): the
     * same section answers for all its plans. */
    DbStmt *st = db_prepare(l->db,
                            "SELECT unit_id FROM org_unit_period WHERE name = $1"
                            " AND COALESCE(parent_id, 0) = $2 ORDER BY to_fy DESC LIMIT 1",
                            1);
    db_bind_text(st, 1, name);
    db_bind_int64(st, 2, parent_id);
    int64_t found = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    if (found) {
        l->units[l->nunits++] = (Unit){xstrdup(name), parent_id, found};
        return found;
    }
    const char *kind = "section";
    if (!parent_id) {
        size_t n = strlen(name);
        kind = n >= 3 && strcmp(name + n - 3, "区") == 0 ? "ward" : "bureau";
    }
    st = db_prepare(l->db, "INSERT INTO org_unit (kind, created_at) VALUES ($1, $2) RETURNING id",
                    1);
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, l->now);
    int64_t id = insert_returning_id(l, st);
    st = db_prepare(l->db,
                    "INSERT INTO org_unit_period (unit_id, from_fy, to_fy, name, parent_id,"
                    " sort_order) SELECT $1, 0, 9999, $2, $3,"
                    " COALESCE(MAX(sort_order), 0) + 10 FROM org_unit_period",
                    0);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, name);
    if (parent_id)
        db_bind_int64(st, 3, parent_id);
    else
        db_bind_null(st, 3);
    step_done(l, st);
    l->units[l->nunits++] = (Unit){xstrdup(name), parent_id, id};
    return id;
}

/* "計画期間の取組み状況の確認①" -> "計画期間の取組み状況の確認": the sheet
 * numbers the years itself. */
static char *progress_label(json_t *checks)
{
    const char *label = opt_str(json_array_get(checks, 0), "label");
    size_t n = strlen(label);
    for (int i = 1; i <= 20; i++) {
        const char *c = era_circled_number(i);
        size_t cn = strlen(c);
        if (n >= cn && strcmp(label + n - cn, c) == 0)
            return xstrndup(label, n - cn);
    }
    return xstrdup(label);
}

/* Into an existing plan: it must be there; nothing of it changes. */
static void find_plan_row(Loader *l)
{
    DbStmt *st = db_prepare(l->db, "SELECT id FROM plan WHERE id = $1", 1);
    db_bind_int64(st, 1, l->plan_id);
    if (db_step(st) != DB_ROW)
        fail(l, "plan", "no such plan");
    db_done(st);
}

static void load_plan_row(Loader *l, json_t *root)
{
    if (l->merge) {
        find_plan_row(l);
        return;
    }
    json_t *plan = json_object_get(root, "plan");
    json_t *period = json_object_get(plan, "period");
    json_t *from = json_object_get(period, "from_fy"), *to = json_object_get(period, "to_fy");
    const char *title = get_str(l, plan, "title", "plan");
    if (!json_is_integer(from) || !json_is_integer(to) ||
        json_integer_value(from) > json_integer_value(to)) {
        fail(l, "plan.period", "from_fy and to_fy must be fiscal years, from <= to");
        return;
    }
    if (!title)
        return;
    char *progress = progress_label(json_object_get(root, "checks"));
    DbStmt *st = db_prepare(l->db,
                            "INSERT INTO plan (title, subtitle, from_fy, to_fy, period_label,"
                            " chapter_label, chapter_title, baseline_label, related_label,"
                            " progress_label, term_note, created_at, updated_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
                            " RETURNING id",
                            1);
    db_bind_text(st, 1, title);
    db_bind_text(st, 2, opt_str(plan, "subtitle"));
    db_bind_int64(st, 3, json_integer_value(from));
    db_bind_int64(st, 4, json_integer_value(to));
    db_bind_text(st, 5, opt_str(period, "label"));
    db_bind_text(st, 6, opt_str(plan, "chapter_label"));
    db_bind_text(st, 7, opt_str(plan, "chapter5_title"));
    db_bind_text(st, 8, opt_str(plan, "baseline_label"));
    db_bind_text(st, 9, opt_str(plan, "related_label"));
    db_bind_text(st, 10, progress);
    db_bind_text(st, 11, opt_str(plan, "term_note"));
    db_bind_text(st, 12, l->now);
    l->plan_id = insert_returning_id(l, st);
    free(progress);

    json_t *levels = json_object_get(plan, "levels"), *lv;
    size_t i;
    json_array_foreach(levels, i, lv)
    {
        st = db_prepare(l->db, "INSERT INTO plan_level (plan_id, depth, name) VALUES ($1, $2, $3)",
                        0);
        db_bind_int64(st, 1, l->plan_id);
        db_bind_int64(st, 2, (int64_t)i);
        db_bind_text(st, 3, json_is_string(lv) ? json_string_value(lv) : "");
        step_done(l, st);
    }

    json_t *doc = json_object_get(root, "document");
    if (json_is_object(doc)) {
        char date[16] = "";
        const char *when = opt_str(doc, "date");
        int y, m, d;
        if (*when && era_parse_date(when, &y, &m, &d) != 0) {
            fail(l, "document.date", "not a date (令和元年９月１１日, 2019-09-11 ...)");
            return;
        }
        if (*when)
            snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
        st = db_prepare(l->db,
                        "INSERT INTO plan_document (plan_id, title, meeting, material_no,"
                        " doc_date) VALUES ($1, $2, $3, $4, $5)",
                        0);
        db_bind_int64(st, 1, l->plan_id);
        db_bind_text(st, 2, opt_str(doc, "title"));
        db_bind_text(st, 3, opt_str(doc, "meeting"));
        db_bind_text(st, 4, opt_str(doc, "material_no"));
        db_bind_text(st, 5, *date ? date : NULL);
        step_done(l, st);
    }
}

static void load_focus_groups(Loader *l, json_t *plan)
{
    json_t *groups = json_object_get(plan, "focus_groups");
    if (!json_is_object(groups) || l->merge)
        return;
    DbStmt *st = db_prepare(l->db,
                            "INSERT INTO tag_group (plan_id, label, sort_order) VALUES ($1, $2, 1)"
                            " RETURNING id",
                            1);
    db_bind_int64(st, 1, l->plan_id);
    db_bind_text(st, 2, opt_str(groups, "label"));
    int64_t group_id = insert_returning_id(l, st);
    json_t *item;
    size_t i;
    json_array_foreach(json_object_get(groups, "items"), i, item)
    {
        st = db_prepare(l->db, "INSERT INTO tag (group_id, label, sort_order) VALUES ($1, $2, $3)",
                        0);
        db_bind_int64(st, 1, group_id);
        db_bind_text(st, 2, json_is_string(item) ? json_string_value(item) : "");
        db_bind_int64(st, 3, (int64_t)i + 1);
        step_done(l, st);
    }
}

static int64_t direction_id(Loader *l, const char *label)
{
    DbStmt *st = db_prepare(l->db, "SELECT id FROM direction WHERE plan_id = $1 AND label = $2", 1);
    db_bind_int64(st, 1, l->plan_id);
    db_bind_text(st, 2, label);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

static void load_directions(Loader *l, json_t *plan)
{
    json_t *d;
    size_t i;
    json_array_foreach(json_object_get(plan, "directions"), i, d)
    {
        char path[64];
        snprintf(path, sizeof(path), "plan.directions[%zu]", i);
        const char *label = get_str(l, d, "label", path);
        if (!label)
            return;
        if (l->merge && direction_id(l, label)) {
            l->counts->unchanged[PL_DIRECTIONS]++;
            continue;
        }
        DbStmt *st = db_prepare(l->db,
                                "INSERT INTO direction (plan_id, label, title, sort_order)"
                                " SELECT $1, $2, $3, COALESCE(MAX(sort_order), 0) + 1"
                                " FROM direction WHERE plan_id = $1",
                                0);
        db_bind_int64(st, 1, l->plan_id);
        db_bind_text(st, 2, label);
        db_bind_text(st, 3, opt_str(d, "title"));
        if (db_step(st) == DB_CONSTRAINT)
            fail(l, path, "this label is given twice");
        db_done(st);
        l->counts->created[PL_DIRECTIONS]++;
    }
}

/* Into a plan: the plan's field of this label answers for entry i of the
 * file (its checkpoint is the plan's). */
static bool existing_field(Loader *l, const char *label, size_t i)
{
    DbStmt *st = db_prepare(
        l->db, "SELECT id, checkpoint FROM field_def WHERE plan_id = $1 AND label = $2", 2);
    db_bind_int64(st, 1, l->plan_id);
    db_bind_text(st, 2, label);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        l->field_ids[i] = db_col_int64(st, 0);
        l->field_cps[i] = strcmp(db_col_text(st, 1), "end") == 0 ? "end" : "start";
    }
    db_done(st);
    return found;
}

static void load_fields(Loader *l, json_t *root)
{
    l->fields = json_object_get(root, "fields");
    l->field_ids = xcalloc(json_array_size(l->fields) + 1, sizeof(int64_t));
    l->field_cps = xcalloc(json_array_size(l->fields) + 1, sizeof(char *));
    json_t *f;
    size_t i;
    json_array_foreach(l->fields, i, f)
    {
        char path[64];
        snprintf(path, sizeof(path), "fields[%zu]", i);
        const char *key = get_str(l, f, "key", path);
        const char *label = get_str(l, f, "label", path);
        const char *checkpoint = get_str(l, f, "checkpoint", path);
        if (!key || !label || !checkpoint)
            return;
        const char *cp = strcmp(checkpoint, "年度当初確認") == 0 ? "start"
                         : strcmp(checkpoint, "年度末確認") == 0 ? "end"
                                                                 : NULL;
        if (!cp) {
            fail(l, path, "checkpoint must be 年度当初確認 or 年度末確認");
            return;
        }
        l->field_cps[i] = cp;
        if (l->merge && existing_field(l, label, i))
            continue;
        json_t *limit = json_object_get(f, "max_chars");
        DbStmt *st = db_prepare(l->db,
                                "INSERT INTO field_def (plan_id, key, label, kind, max_chars,"
                                " checkpoint, required, example, sort_order)"
                                " SELECT $1, $2, $3, 'text', $4, $5, 0, $6,"
                                " COALESCE(MAX(sort_order), 0) + 1 FROM field_def"
                                " WHERE plan_id = $1 RETURNING id",
                                1);
        /* Into a plan, the file's own keys (f1, f2 ...) may be taken. */
        char fresh[64];
        snprintf(fresh, sizeof(fresh), "import-%zu-%s", i + 1, l->now);
        db_bind_int64(st, 1, l->plan_id);
        db_bind_text(st, 2, l->merge ? fresh : key);
        db_bind_text(st, 3, label);
        if (json_is_integer(limit))
            db_bind_int64(st, 4, json_integer_value(limit));
        else
            db_bind_null(st, 4);
        db_bind_text(st, 5, cp);
        json_t *example = json_object_get(f, "example");
        db_bind_text(st, 6, json_is_string(example) ? json_string_value(example) : NULL);
        l->field_ids[i] = insert_returning_id(l, st);
    }
}

/* The field of this key and its checkpoint, or 0. */
static int64_t field_for(Loader *l, const char *key, const char **checkpoint)
{
    json_t *f;
    size_t i;
    json_array_foreach(l->fields, i, f)
    {
        if (strcmp(opt_str(f, "key"), key) == 0) {
            *checkpoint = l->field_cps[i];
            return l->field_ids[i];
        }
    }
    return 0;
}

/* The closed round of the plan for fy and checkpoint, made on first use:
 * answers from a typed-up sheet were collected by some earlier round, and
 * the council has seen them already, so the round is public (published 2,
 * ROUND_PUBLIC in model/round.h). */
static int64_t round_for(Loader *l, int fy, const char *checkpoint)
{
    DbStmt *st = db_prepare(l->db,
                            "SELECT id, status FROM round WHERE plan_id = $1 AND fiscal_year = $2"
                            " AND checkpoint = $3 ORDER BY status = 'closed', id DESC LIMIT 1",
                            2);
    db_bind_int64(st, 1, l->plan_id);
    db_bind_int64(st, 2, fy);
    db_bind_text(st, 3, checkpoint);
    /* A round not closed comes first: while one is open (or not yet), the
     * year's answers are the sections', even beside an older closed round. */
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    bool open = id && strcmp(db_col_text(st, 1), "closed") != 0;
    db_done(st);
    if (open) {
        char what[160];
        snprintf(what, sizeof(what),
                 "the round of fiscal year %d (%s) is not closed: its answers come from the"
                 " sections",
                 fy, checkpoint);
        fail(l, "answers", what);
        return 0;
    }
    if (id)
        return id;
    st = db_prepare(l->db,
                    "INSERT INTO round (plan_id, fiscal_year, checkpoint, status, published,"
                    " created_at, updated_at) VALUES ($1, $2, $3, 'closed', 2, $4, $4)"
                    " RETURNING id",
                    1);
    db_bind_int64(st, 1, l->plan_id);
    db_bind_int64(st, 2, fy);
    db_bind_text(st, 3, checkpoint);
    db_bind_text(st, 4, l->now);
    return insert_returning_id(l, st);
}

/* The text of a field of a project's response in a round: NULL when there
 * is no response (*response_id 0), "" when the field is empty. */
static char *stored_value(Loader *l, int64_t round_id, int64_t project_id, int64_t field_id,
                          int64_t *response_id)
{
    DbStmt *st = db_prepare(l->db,
                            "SELECT r.id, v.text_value FROM response r LEFT JOIN response_value v"
                            " ON v.response_id = r.id AND v.field_id = $3"
                            " WHERE r.round_id = $1 AND r.project_id = $2",
                            2);
    db_bind_int64(st, 1, round_id);
    db_bind_int64(st, 2, project_id);
    db_bind_int64(st, 3, field_id);
    char *text = NULL;
    *response_id = 0;
    if (db_step(st) == DB_ROW) {
        *response_id = db_col_int64(st, 0);
        text = xstrdup(db_col_null(st, 1) ? "" : db_col_text(st, 1));
    }
    db_done(st);
    return text;
}

/* A changed answer: a new version of the response, kept in its history as
 * saved by the import. */
static void update_answer(Loader *l, int64_t response_id, int64_t field_id, const char *text)
{
    DbStmt *st = db_prepare(l->db,
                            "UPDATE response SET version = version + 1, updated_at = $2,"
                            " updated_by = 'import' WHERE id = $1 RETURNING version",
                            1);
    db_bind_int64(st, 1, response_id);
    db_bind_text(st, 2, l->now);
    int64_t version = insert_returning_id(l, st);
    st = db_prepare(l->db,
                    "INSERT INTO response_value (response_id, field_id, text_value)"
                    " VALUES ($1, $2, $3) ON CONFLICT (response_id, field_id)"
                    " DO UPDATE SET text_value = excluded.text_value",
                    0);
    db_bind_int64(st, 1, response_id);
    db_bind_int64(st, 2, field_id);
    db_bind_text(st, 3, text);
    step_done(l, st);
    st = db_prepare(l->db,
                    "INSERT INTO response_value_version (response_id, field_id, version,"
                    " text_value, at, actor) VALUES ($1, $2, $3, $4, $5, 'import')",
                    0);
    db_bind_int64(st, 1, response_id);
    db_bind_int64(st, 2, field_id);
    db_bind_int64(st, 3, version);
    db_bind_text(st, 4, text);
    db_bind_text(st, 5, l->now);
    step_done(l, st);
    st = db_prepare(l->db,
                    "INSERT INTO response_event (response_id, at, actor, action, version)"
                    " VALUES ($1, $2, 'import', 'save', $3)",
                    0);
    db_bind_int64(st, 1, response_id);
    db_bind_text(st, 2, l->now);
    db_bind_int64(st, 3, version);
    step_done(l, st);
}

/* A project of two plans answered in the other plan's round (round_project's
 * shared_response_id): the text this plan shows for the field ("" when none),
 * or NULL when the round asks the project itself. */
static char *shared_value(Loader *l, int64_t round_id, int64_t project_id, int64_t field_id)
{
    DbStmt *st =
        db_prepare(l->db,
                   "SELECT (SELECT pa.text_value FROM plan_answer pa WHERE pa.round_id = $1"
                   "  AND pa.project_id = $2 AND pa.field_id = $3 AND pa.shared = 1)"
                   " FROM round_project WHERE round_id = $1 AND project_id = $2"
                   " AND shared_response_id IS NOT NULL",
                   1);
    db_bind_int64(st, 1, round_id);
    db_bind_int64(st, 2, project_id);
    db_bind_int64(st, 3, field_id);
    char *text = NULL;
    if (db_step(st) == DB_ROW)
        text = xstrdup(db_col_null(st, 0) ? "" : db_col_text(st, 0));
    db_done(st);
    return text;
}

static void store_answer(Loader *l, int64_t round_id, int64_t project_id, int64_t field_id,
                         const char *text)
{
    int64_t response_id = 0;
    char *old = l->merge ? stored_value(l, round_id, project_id, field_id, &response_id) : NULL;
    char *shared = l->merge && !old ? shared_value(l, round_id, project_id, field_id) : NULL;
    if (shared) {
        /* Answered once, in the other plan's round: the file may repeat
         * it, not change it from here. */
        if (strcmp(shared, text) == 0) {
            l->counts->unchanged[PL_ANSWERS]++;
        } else {
            char what[160];
            snprintf(what, sizeof(what),
                     "project %lld is shared with another plan and answered in its round:"
                     " change the answer there",
                     (long long)project_id);
            fail(l, "answers", what);
        }
        free(shared);
        return;
    }
    if (old && strcmp(old, text) == 0) {
        l->counts->unchanged[PL_ANSWERS]++;
    } else if (old) {
        update_answer(l, response_id, field_id, text);
        l->counts->updated[PL_ANSWERS]++;
    } else {
        DbStmt *st = db_prepare(l->db,
                                "INSERT INTO response (round_id, project_id, status, version,"
                                " updated_at, updated_by) VALUES ($1, $2, 'confirmed', 1, $3,"
                                " 'import') ON CONFLICT (round_id, project_id)"
                                " DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
                                1);
        db_bind_int64(st, 1, round_id);
        db_bind_int64(st, 2, project_id);
        db_bind_text(st, 3, l->now);
        response_id = insert_returning_id(l, st);
        st = db_prepare(l->db,
                        "INSERT INTO response_value (response_id, field_id, text_value)"
                        " VALUES ($1, $2, $3)",
                        0);
        db_bind_int64(st, 1, response_id);
        db_bind_int64(st, 2, field_id);
        db_bind_text(st, 3, text);
        step_done(l, st);
        l->counts->created[PL_ANSWERS]++;
    }
    free(old);
}

static void load_answers(Loader *l, int64_t project_id, json_t *answers, const char *path)
{
    const char *year;
    json_t *values;
    json_object_foreach(answers, year, values)
    {
        char *end;
        long fy = strtol(year, &end, 10);
        if (*end || fy < 1900 || fy > 2999) {
            fail(l, path, "answers are keyed by fiscal year (e.g. \"2019\")");
            return;
        }
        const char *key;
        json_t *value;
        json_object_foreach(values, key, value)
        {
            const char *checkpoint = NULL;
            int64_t field_id = field_for(l, key, &checkpoint);
            if (!field_id || !json_is_string(value)) {
                fail(l, path, "an answer names an unknown field or is not a string");
                return;
            }
            int64_t round_id = round_for(l, (int)fy, checkpoint);
            if (!round_id)
                return;
            store_answer(l, round_id, project_id, field_id, json_string_value(value));
        }
    }
}

static void link_project(Loader *l, int64_t initiative_id, int64_t project_id, size_t order)
{
    DbStmt *st = db_prepare(l->db,
                            "INSERT INTO initiative_project (initiative_id, project_id, sort_order)"
                            " VALUES ($1, $2, $3)",
                            0);
    db_bind_int64(st, 1, initiative_id);
    db_bind_int64(st, 2, project_id);
    db_bind_int64(st, 3, (int64_t)order + 1);
    step_done(l, st);
}

/* Into a plan: the project of this section and name that the initiative has
 * (its summary updated when the file's differs), or that another initiative
 * of the plan has (then linked here too), or 0 for a new one. */
static int64_t merge_project(Loader *l, int64_t initiative_id, int64_t section_id, const char *name,
                             json_t *p)
{
    DbStmt *st = db_prepare(l->db,
                            "SELECT pr.id, pr.summary,"
                            " EXISTS (SELECT 1 FROM initiative_project x WHERE"
                            " x.project_id = pr.id AND x.initiative_id = $1),"
                            " EXISTS (SELECT 1 FROM initiative_project y JOIN initiative yi"
                            " ON yi.id = y.initiative_id WHERE y.project_id = pr.id"
                            " AND yi.plan_id <> $4)"
                            " FROM project pr JOIN initiative_project ip ON ip.project_id = pr.id"
                            " JOIN initiative i ON i.id = ip.initiative_id"
                            " WHERE i.plan_id = $4 AND pr.section_id = $2 AND pr.name = $3"
                            " ORDER BY 3 DESC, pr.id LIMIT 1",
                            4);
    db_bind_int64(st, 1, initiative_id);
    db_bind_int64(st, 2, section_id);
    db_bind_text(st, 3, name);
    db_bind_int64(st, 4, l->plan_id);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return 0;
    }
    int64_t id = db_col_int64(st, 0);
    const char *summary = opt_str(p, "summary");
    /* A project shared with another plan keeps its summary: one plan's
     * import must not change what another plan's sheet shows. */
    bool shared = db_col_int64(st, 3) != 0;
    bool changed = !shared && *summary && strcmp(summary, db_col_text(st, 1)) != 0;
    bool linked = db_col_int64(st, 2) != 0;
    db_done(st);
    if (!linked) {
        st = db_prepare(l->db,
                        "SELECT COALESCE(MAX(sort_order), 0) FROM initiative_project"
                        " WHERE initiative_id = $1",
                        1);
        db_bind_int64(st, 1, initiative_id);
        size_t order = db_step(st) == DB_ROW ? (size_t)db_col_int64(st, 0) : 0;
        db_done(st);
        link_project(l, initiative_id, id, order);
    }
    if (changed) {
        st = db_prepare(l->db, "UPDATE project SET summary = $2, updated_at = $3 WHERE id = $1", 0);
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, summary);
        db_bind_text(st, 3, l->now);
        step_done(l, st);
    }
    if (changed || !linked)
        l->counts->updated[PL_PROJECTS]++;
    else
        l->counts->unchanged[PL_PROJECTS]++;
    return id;
}

static void load_project(Loader *l, int64_t initiative_id, json_t *p, size_t order,
                         const char *path, int from_fy)
{
    const char *bureau = get_str(l, p, "bureau", path);
    const char *section = get_str(l, p, "section", path);
    const char *name = get_str(l, p, "name", path);
    if (!bureau || !section || !name)
        return;
    int64_t section_id = unit_for(l, section, unit_for(l, bureau, 0));
    int64_t project_id = l->merge ? merge_project(l, initiative_id, section_id, name, p) : 0;
    if (project_id) {
        json_t *answers = json_object_get(p, "answers");
        if (json_is_object(answers))
            load_answers(l, project_id, answers, path);
        return;
    }
    DbStmt *st = db_prepare(l->db,
                            "INSERT INTO project (section_id, name, summary, from_fy, created_at,"
                            " updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                            1);
    db_bind_int64(st, 1, section_id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, opt_str(p, "summary"));
    db_bind_int64(st, 4, from_fy);
    db_bind_text(st, 5, l->now);
    project_id = insert_returning_id(l, st);
    link_project(l, initiative_id, project_id, order);
    l->counts->created[PL_PROJECTS]++;
    json_t *answers = json_object_get(p, "answers");
    if (json_is_object(answers))
        load_answers(l, project_id, answers, path);
}

/* Into a plan: the initiative of this number, its title and content updated
 * when the file's differ; 0 when the plan has none. */
static int64_t merge_initiative(Loader *l, const char *num, const char *title, const char *content)
{
    DbStmt *st = db_prepare(l->db,
                            "SELECT id, title, content FROM initiative WHERE plan_id = $1"
                            " AND number = $2",
                            3);
    db_bind_int64(st, 1, l->plan_id);
    db_bind_text(st, 2, num);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return 0;
    }
    int64_t id = db_col_int64(st, 0);
    /* A file without the column gives the number as the title, and no content. */
    bool same_title = strcmp(title, num) == 0 || strcmp(title, db_col_text(st, 1)) == 0;
    bool same_content = !*content || strcmp(content, db_col_text(st, 2)) == 0;
    db_done(st);
    if (same_title && same_content) {
        l->counts->unchanged[PL_INITIATIVES]++;
        return id;
    }
    st = db_prepare(l->db,
                    "UPDATE initiative SET title = CASE WHEN $2 THEN title ELSE $3 END,"
                    " content = CASE WHEN $4 THEN content ELSE $5 END WHERE id = $1",
                    0);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, same_title);
    db_bind_text(st, 3, title);
    db_bind_int64(st, 4, same_content);
    db_bind_text(st, 5, content);
    step_done(l, st);
    l->counts->updated[PL_INITIATIVES]++;
    return id;
}

static void load_initiatives(Loader *l, json_t *root, int from_fy)
{
    json_t *in;
    size_t i;
    json_array_foreach(json_object_get(root, "initiatives"), i, in)
    {
        char path[64];
        snprintf(path, sizeof(path), "initiatives[%zu]", i);
        const char *dir = get_str(l, in, "direction", path);
        const char *title = get_str(l, in, "title", path);
        json_t *number = json_object_get(in, "number");
        if (!dir || !title)
            return;
        int64_t dir_id = direction_id(l, dir);
        if (!dir_id) {
            fail(l, path, "direction is not one of plan.directions");
            return;
        }
        char num[32];
        if (json_is_integer(number))
            snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(number));
        else if (json_is_string(number) && json_string_length(number) < sizeof(num))
            snprintf(num, sizeof(num), "%s", json_string_value(number));
        else {
            fail(l, path, "number must be a number or a short string");
            return;
        }
        int64_t initiative_id =
            l->merge ? merge_initiative(l, num, title, opt_str(in, "content")) : 0;
        bool created = !initiative_id;
        if (created) {
            DbStmt *st = db_prepare(l->db,
                                    "INSERT INTO initiative (plan_id, direction_id, number, title,"
                                    " content, sort_order) SELECT $1, $2, $3, $4, $5,"
                                    " COALESCE(MAX(sort_order), 0) + 1 FROM initiative"
                                    " WHERE plan_id = $1 RETURNING id",
                                    1);
            db_bind_int64(st, 1, l->plan_id);
            db_bind_int64(st, 2, dir_id);
            db_bind_text(st, 3, num);
            db_bind_text(st, 4, title);
            db_bind_text(st, 5, opt_str(in, "content"));
            initiative_id = insert_returning_id(l, st);
            l->counts->created[PL_INITIATIVES]++;
        }
        json_t *b;
        size_t j;
        DbStmt *st;
        json_array_foreach(json_object_get(in, "bureaus"), j, b)
        {
            if (!created)
                break; /* an existing initiative keeps its bureaus */
            if (!json_is_string(b))
                continue;
            st = db_prepare(l->db,
                            "INSERT INTO initiative_bureau (initiative_id, unit_id, sort_order)"
                            " VALUES ($1, $2, $3)",
                            0);
            db_bind_int64(st, 1, initiative_id);
            db_bind_int64(st, 2, unit_for(l, json_string_value(b), 0));
            db_bind_int64(st, 3, (int64_t)j + 1);
            step_done(l, st);
        }
        json_t *p;
        json_array_foreach(json_object_get(in, "projects"), j, p)
        {
            char ppath[96];
            snprintf(ppath, sizeof(ppath), "%s.projects[%zu]", path, j);
            load_project(l, initiative_id, p, j, ppath, from_fy);
        }
        if (l->err.len)
            return;
    }
}

Err plan_json_load(Db *db, const char *json, size_t len, const char *actor, int64_t *plan_id,
                   char **err)
{
    PlanLoadOptions o = {.actor = actor};
    return plan_json_apply(db, json, len, &o, NULL, plan_id, err);
}

Err plan_json_apply(Db *db, const char *json, size_t len, const PlanLoadOptions *o,
                    PlanLoadCounts *counts, int64_t *plan_id, char **err)
{
    PlanLoadCounts ignored;
    if (!counts)
        counts = &ignored;
    memset(counts, 0, sizeof(*counts));
    const char *actor = o->actor;
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        Buf b = BUF_INIT;
        buf_printf(&b, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
        *err = buf_take(&b);
        return ERR_INVALID;
    }
    Loader *l = xcalloc(1, sizeof(*l));
    l->db = db;
    l->merge = o->into_plan != 0;
    l->plan_id = o->into_plan;
    l->counts = counts;
    buf_init(&l->err);
    clock_now_iso(l->now);
    Err result = ERR_OK;
    if (db_begin(db) != 0) {
        *err = xstrdup(db_errmsg(db));
        result = ERR_DB;
        goto done;
    }
    load_plan_row(l, root);
    if (!l->err.len)
        load_focus_groups(l, json_object_get(root, "plan"));
    if (!l->err.len)
        load_directions(l, json_object_get(root, "plan"));
    if (!l->err.len)
        load_fields(l, root);
    if (!l->err.len)
        load_initiatives(l, root,
                         (int)json_integer_value(json_object_get(
                             json_object_get(json_object_get(root, "plan"), "period"), "from_fy")));
    if (!l->err.len) {
        json_t *summary = json_pack(
            "{s:s, s:I, s:i, s:[i,i,i,i], s:[i,i,i,i]}", "source", "json", "plan_id",
            (json_int_t)l->plan_id, "org_units", l->nunits, "created", counts->created[0],
            counts->created[1], counts->created[2], counts->created[3], "updated",
            counts->updated[0], counts->updated[1], counts->updated[2], counts->updated[3]);
        char *after = json_dumps(summary, JSON_COMPACT);
        if (audit_write(db, actor, NULL, l->merge ? "plan.import_merge" : "plan.import", "plan",
                        l->plan_id, l->plan_id, 0, NULL, after))
            fail(l, "database", db_errmsg(db));
        free(after);
        json_decref(summary);
    }
    if (!l->err.len && o->dry_run) {
        db_rollback(db); /* counted, and nothing kept */
        *plan_id = o->into_plan;
        goto done;
    }
    if (l->err.len || db_commit(db) != 0) {
        db_rollback(db);
        *err = l->err.len ? buf_take(&l->err) : xstrdup(db_errmsg(db));
        result = ERR_INVALID;
        goto done;
    }
    *plan_id = l->plan_id;
done:
    for (int i = 0; i < l->nunits; i++)
        free(l->units[i].name);
    free(l->field_ids);
    free(l->field_cps);
    buf_free(&l->err);
    free(l);
    json_decref(root);
    return result;
}
