/* Indicators: checks, writes with their audit entries, and the yearly
 * actuals.
 *
 * Numbers are stored as canonical decimal text and computed as doubles.
 * Why doubles and not integers with a scale: the actuals are answers people
 * type in any precision (件, 人, %, 千円), summed over a few dozen projects;
 * decimal_parse limits them to 15 significant digits, which a double holds
 * exactly enough that printing a sum with the largest scale of its terms
 * gives the decimal result (0.1 + 0.2 is printed "0.3"), and 達成率 is a ratio
 * rounded to one decimal anyway. Fixed scales would force a scale per
 * indicator on people, or overflow where a scale is chosen too large. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/buf.h"
#include "base/utf8.h"
#include "model/answer.h"
#include "model/audit.h"
#include "model/edit.h"
#include "model/indicator.h"
#include "model/plan_edit.h"

/* ---------- Checks ---------- */

static IndicatorProblem check_text(const char *s, int max, bool optional)
{
    static const IndicatorProblem as[] = {[TEXT_OK] = IND_OK,
                                          [TEXT_MISSING] = IND_NAME_MISSING,
                                          [TEXT_TOO_LONG] = IND_TOO_LONG,
                                          [TEXT_BAD] = IND_BAD_TEXT};
    return as[edit_check_text(s, max, optional)];
}

static bool valid_fy(int fy)
{
    return fy >= 1900 && fy <= 2999;
}

/* The unit of a number field of plan_id (malloc'd, "" when none), or NULL
 * when field_id is no such field. */
static char *number_field_unit(Db *db, int64_t plan_id, int64_t field_id)
{
    DbStmt *st = db_prepare(db,
                            "SELECT COALESCE(unit, '') FROM field_def WHERE id = $1 AND"
                            " plan_id = $2 AND kind = 'number'",
                            1);
    db_bind_int64(st, 1, field_id);
    db_bind_int64(st, 2, plan_id);
    char *unit = db_step(st) == DB_ROW ? strdup(db_col_text(st, 0)) : NULL;
    db_done(st);
    return unit;
}

static bool project_in_plan(Db *db, int64_t plan_id, int64_t project_id)
{
    DbStmt *st = db_prepare(db,
                            "SELECT ip.project_id FROM initiative_project ip JOIN initiative i"
                            " ON i.id = ip.initiative_id WHERE ip.project_id = $1 AND"
                            " i.plan_id = $2 LIMIT 1",
                            1);
    db_bind_int64(st, 1, project_id);
    db_bind_int64(st, 2, plan_id);
    return edit_one_id(st) != 0;
}

/* A checked input, its numbers canonical and its unit settled. */
typedef struct Checked {
    char baseline[DECIMAL_TEXT], target[DECIMAL_TEXT];
    char *unit; /* malloc'd */
} Checked;

static IndicatorProblem check_years(const IndicatorInput *in)
{
    if (!valid_fy(in->baseline_fy) || !valid_fy(in->target_fy))
        return IND_BAD_YEAR;
    return in->target_fy < in->baseline_fy ? IND_YEARS_ORDER : IND_OK;
}

static IndicatorProblem check_input(Db *db, int64_t plan_id, const IndicatorInput *in, Checked *c)
{
    IndicatorProblem p = check_text(in->name, INDICATOR_NAME_MAX, false);
    if (!p)
        p = check_text(in->unit, INDICATOR_UNIT_MAX, true);
    if (!p && (!decimal_parse(in->baseline, c->baseline, NULL, NULL) ||
               !decimal_parse(in->target, c->target, NULL, NULL)))
        p = IND_BAD_VALUE;
    if (!p)
        p = check_years(in);
    if (!p && in->initiative_id && initiative_plan(db, in->initiative_id) != plan_id)
        p = IND_BAD_INITIATIVE;
    if (!p && in->project_id && !project_in_plan(db, plan_id, in->project_id))
        p = IND_BAD_PROJECT;
    char *field_unit = p ? NULL : number_field_unit(db, plan_id, in->field_id);
    if (!p && !field_unit)
        p = IND_BAD_FIELD;
    if (!p)
        c->unit = strdup(in->unit && *in->unit ? in->unit : field_unit);
    free(field_unit);
    return p;
}

int64_t indicator_plan(Db *db, int64_t id)
{
    DbStmt *st = db_prepare(db, "SELECT plan_id FROM indicator WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    return edit_one_id(st);
}

static Err audit(Db *db, const Actor *by, const char *action, int64_t id, int64_t plan_id,
                 json_t *after)
{
    return edit_audit(db, by, action, "indicator", id, plan_id, 0, after);
}

static json_t *input_json(const IndicatorInput *in, const Checked *c)
{
    return json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:b, s:I, s:I, s:I}", "name", in->name, "unit",
                     c->unit, "baseline", c->baseline, "baseline_fy", in->baseline_fy, "target",
                     c->target, "target_fy", in->target_fy, "higher_is_better",
                     in->higher_is_better, "field_id", (json_int_t)in->field_id, "project_id",
                     (json_int_t)in->project_id, "initiative_id", (json_int_t)in->initiative_id);
}

/* Binds the input's columns as $2..$11 of a statement. */
static void bind_input(DbStmt *st, const IndicatorInput *in, const Checked *c)
{
    if (in->initiative_id)
        db_bind_int64(st, 2, in->initiative_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, in->name);
    db_bind_text(st, 4, c->unit);
    db_bind_text(st, 5, c->baseline);
    db_bind_int64(st, 6, in->baseline_fy);
    db_bind_text(st, 7, c->target);
    db_bind_int64(st, 8, in->target_fy);
    db_bind_int64(st, 9, in->higher_is_better ? 1 : 0);
    db_bind_int64(st, 10, in->field_id);
    if (in->project_id)
        db_bind_int64(st, 11, in->project_id);
    else
        db_bind_null(st, 11);
}

Err indicator_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id,
                  const IndicatorInput *in, int64_t *id, IndicatorProblem *problem)
{
    *id = 0;
    *problem = IND_OK;
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    Checked c = {0};
    if ((*problem = check_input(db, plan_id, in, &c)) != IND_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0) {
        free(c.unit);
        return ERR_DB;
    }
    DbStmt *st = db_prepare(db,
                            "INSERT INTO indicator (plan_id, initiative_id, name, unit,"
                            " baseline_value, baseline_fy, target_value, target_fy,"
                            " higher_is_better, field_id, project_id, sort_order)"
                            " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                            " COALESCE(MAX(sort_order), 0) + 1 FROM indicator WHERE plan_id = $1"
                            " RETURNING id",
                            1);
    db_bind_int64(st, 1, plan_id);
    bind_input(st, in, &c);
    *id = edit_one_id(st);
    e = *id ? audit(db, by, "indicator.add", *id, plan_id, input_json(in, &c)) : ERR_DB;
    free(c.unit);
    return edit_finish(db, e);
}

Err indicator_update(Db *db, const Actor *by, const Principal *who, int64_t id,
                     const IndicatorInput *in, IndicatorProblem *problem)
{
    *problem = IND_OK;
    int64_t plan_id = indicator_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    Checked c = {0};
    if ((*problem = check_input(db, plan_id, in, &c)) != IND_OK)
        return ERR_INVALID;
    if (db_begin(db) != 0) {
        free(c.unit);
        return ERR_DB;
    }
    DbStmt *st = db_prepare(db,
                            "UPDATE indicator SET initiative_id = $2, name = $3, unit = $4,"
                            " baseline_value = $5, baseline_fy = $6, target_value = $7,"
                            " target_fy = $8, higher_is_better = $9, field_id = $10,"
                            " project_id = $11 WHERE id = $1",
                            0);
    db_bind_int64(st, 1, id);
    bind_input(st, in, &c);
    e = edit_step(st);
    if (e == ERR_OK)
        e = audit(db, by, "indicator.update", id, plan_id, input_json(in, &c));
    free(c.unit);
    return edit_finish(db, e);
}

/* Swaps the places of indicator id and its neighbour (none: nothing). */
static Err swap_with_neighbour(Db *db, int64_t id, int delta, bool *moved)
{
    enum { N_ID, N_ORDER, N_MINE, N_N };
    DbStmt *st = db_prepare(db,
                            "SELECT o.id, o.sort_order, t.sort_order FROM indicator t JOIN"
                            " indicator o ON o.plan_id = t.plan_id WHERE t.id = $1 AND"
                            " ((($2 < 0) AND o.sort_order < t.sort_order) OR"
                            " (($2 > 0) AND o.sort_order > t.sort_order))"
                            " ORDER BY CASE WHEN $2 < 0 THEN -o.sort_order"
                            " ELSE o.sort_order END LIMIT 1",
                            N_N);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, delta);
    int64_t other = 0, place[2] = {0, 0};
    if (db_step(st) == DB_ROW) {
        other = db_col_int64(st, N_ID);
        place[1] = db_col_int64(st, N_ORDER);
        place[0] = db_col_int64(st, N_MINE);
    }
    db_done(st);
    *moved = other != 0;
    int64_t ids[2] = {id, other};
    Err e = ERR_OK;
    for (int i = 0; i < 2 && other && e == ERR_OK; i++) {
        st = db_prepare(db, "UPDATE indicator SET sort_order = $2 WHERE id = $1", 0);
        db_bind_int64(st, 1, ids[i]);
        db_bind_int64(st, 2, place[1 - i]);
        e = edit_step(st);
    }
    return e;
}

Err indicator_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta)
{
    int64_t plan_id = indicator_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    bool moved = false;
    e = swap_with_neighbour(db, id, delta < 0 ? -1 : 1, &moved);
    if (e == ERR_OK && moved)
        e = audit(db, by, "indicator.move", id, plan_id,
                  json_pack("{s:i}", "delta", delta < 0 ? -1 : 1));
    return edit_finish(db, e);
}

Err indicator_remove(Db *db, const Actor *by, const Principal *who, int64_t id)
{
    int64_t plan_id = indicator_plan(db, id);
    Err e = edit_may_change_plan(db, who, plan_id);
    if (e != ERR_OK)
        return e;
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "DELETE FROM indicator WHERE id = $1", 0);
    db_bind_int64(st, 1, id);
    e = edit_step(st);
    if (e == ERR_OK)
        e = audit(db, by, "indicator.remove", id, plan_id, NULL);
    return edit_finish(db, e);
}

/* ---------- Reading ---------- */

bool indicator_rate(double baseline, double target, double actual, double *rate)
{
    double span = target - baseline;
    if (span == 0)
        return false;
    /* Half away from zero, in C: libm is not linked. */
    double tenths = (actual - baseline) / span * 1000.0;
    *rate = (double)(long long)(tenths + (tenths < 0 ? -0.5 : 0.5)) / 10.0;
    if (*rate == 0)
        *rate = 0; /* no "-0.0" */
    return true;
}

enum {
    I_ID,
    I_INITIATIVE_ID,
    I_NAME,
    I_UNIT,
    I_BASELINE,
    I_BASELINE_FY,
    I_TARGET,
    I_TARGET_FY,
    I_HIGHER,
    I_FIELD_ID,
    I_PROJECT_ID,
    I_INITIATIVE,
    I_FIELD,
    I_PROJECT,
    I_N
};

static void read_indicator(Arena *a, DbStmt *st, Indicator *x)
{
    *x = (Indicator){
        .id = db_col_int64(st, I_ID),
        .initiative_id = db_col_null(st, I_INITIATIVE_ID) ? 0 : db_col_int64(st, I_INITIATIVE_ID),
        .field_id = db_col_int64(st, I_FIELD_ID),
        .project_id = db_col_null(st, I_PROJECT_ID) ? 0 : db_col_int64(st, I_PROJECT_ID),
        .name = arena_strdup(a, db_col_text(st, I_NAME)),
        .unit = arena_strdup(a, db_col_text(st, I_UNIT)),
        .baseline = arena_strdup(a, db_col_text(st, I_BASELINE)),
        .target = arena_strdup(a, db_col_text(st, I_TARGET)),
        .baseline_fy = (int)db_col_int64(st, I_BASELINE_FY),
        .target_fy = (int)db_col_int64(st, I_TARGET_FY),
        .higher_is_better = db_col_int64(st, I_HIGHER) != 0,
        .initiative = arena_strdup(a, db_col_text(st, I_INITIATIVE)),
        .field = arena_strdup(a, db_col_text(st, I_FIELD)),
        .project = arena_strdup(a, db_col_text(st, I_PROJECT))};
    char canon[DECIMAL_TEXT];
    decimal_parse(x->baseline, canon, &x->baseline_value, NULL);
    decimal_parse(x->target, canon, &x->target_value, NULL);
}

/* One project's number in one year; the latest round's wins. */
typedef struct Answer1 {
    int fy;
    int64_t project;
    double value;
    int scale;
} Answer1;

/* The numbers of x's answers in years[0]..years[n-1] that who may see, one
 * per year and project (malloc'd *out). */
static Err read_answers(Db *db, int64_t plan_id, const Indicator *x, int first, int last,
                        int min_published, Answer1 **out, int *n)
{
    enum { A_FY, A_PROJECT, A_NUMBER, A_TEXT, A_N };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT pa.fiscal_year, pa.project_id, pa.number_value, pa.text_value"
        " FROM plan_answer pa"
        " WHERE pa.plan_id = $1 AND pa.field_id = $2 AND pa.status = 'confirmed'"
        " AND pa.published >= $7 AND pa.fiscal_year BETWEEN $3 AND $4"
        " AND ($5 = 0 OR pa.project_id = $5)"
        " AND ($5 <> 0 OR $6 = 0 OR pa.project_id IN"
        "  (SELECT project_id FROM initiative_project WHERE initiative_id = $6))"
        " AND ($5 <> 0 OR $6 <> 0 OR pa.project_id IN (SELECT ip.project_id FROM"
        "  initiative_project ip JOIN initiative i ON i.id = ip.initiative_id"
        "  WHERE i.plan_id = $1))"
        " ORDER BY pa.round_id",
        A_N);
    /* clang-format on */
    db_bind_int64(st, 1, plan_id);
    db_bind_int64(st, 2, x->field_id);
    db_bind_int64(st, 3, first);
    db_bind_int64(st, 4, last);
    db_bind_int64(st, 5, x->project_id);
    db_bind_int64(st, 6, x->initiative_id);
    db_bind_int64(st, 7, min_published);
    int cap = 16, rc;
    *n = 0;
    *out = malloc(sizeof(Answer1) * (size_t)cap);
    while ((rc = db_step(st)) == DB_ROW) {
        int col = db_col_null(st, A_NUMBER) ? A_TEXT : A_NUMBER;
        char canon[DECIMAL_TEXT];
        Answer1 v = {(int)db_col_int64(st, A_FY), db_col_int64(st, A_PROJECT), 0, 0};
        if (db_col_null(st, col) || !decimal_parse(db_col_text(st, col), canon, &v.value, &v.scale))
            continue; /* an answer that is not a number counts for nothing */
        int k = 0;
        while (k < *n && ((*out)[k].fy != v.fy || (*out)[k].project != v.project))
            k++;
        if (k == *n && *n == cap)
            *out = realloc(*out, sizeof(Answer1) * (size_t)(cap *= 2));
        (*out)[k] = v;
        if (k == *n)
            (*n)++;
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static const char *format(Arena *a, double v, int scale)
{
    Buf b = BUF_INIT;
    decimal_format(&b, v, scale);
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static void fill_year(Arena *a, const Indicator *x, const Answer1 *v, int nv, IndicatorYear *y)
{
    double sum = 0;
    int scale = 0;
    for (int k = 0; k < nv; k++)
        if (v[k].fy == y->fy) {
            sum += v[k].value;
            scale = v[k].scale > scale ? v[k].scale : scale;
            y->answers++;
        }
    y->has_actual = y->answers > 0;
    y->actual = sum;
    y->actual_text = y->has_actual ? format(a, sum, scale) : "";
    y->has_rate =
        y->has_actual && indicator_rate(x->baseline_value, x->target_value, sum, &y->rate);
    y->rate_text = y->has_rate ? arena_printf(a, "%.1f", y->rate) : "";
}

static Err load_actuals(Db *db, Arena *a, int64_t plan_id, Indicator *x, const int *years,
                        int nyears, int min_published)
{
    x->nyears = nyears;
    x->years = ARENA_ARRAY(a, IndicatorYear, nyears + 1);
    if (nyears == 0)
        return ERR_OK;
    Answer1 *v = NULL;
    int nv = 0;
    Err e = read_answers(db, plan_id, x, years[0], years[nyears - 1], min_published, &v, &nv);
    for (int i = 0; i < nyears && e == ERR_OK; i++) {
        x->years[i].fy = years[i];
        fill_year(a, x, v, nv, &x->years[i]);
    }
    free(v);
    return e;
}

Err indicators_load(Db *db, Arena *a, const Principal *who, int64_t plan_id, const int *years,
                    int nyears, IndicatorSet *out)
{
    *out = (IndicatorSet){.plan_id = plan_id};
    if (who && !principal_may_read_plan(db, who, plan_id))
        return ERR_NOT_FOUND;
    if (nyears > INDICATOR_MAX_YEARS)
        nyears = INDICATOR_MAX_YEARS;
    /* Rounds kept to their sections (0) count for those who run the plan;
     * those published to viewers (1) for signed-in readers; public ones (2)
     * for everyone. */
    int min_published = !who || principal_runs_plan(who, plan_id) ? 0
                        : principal_signed_in(who)                ? 1
                                                                  : 2;
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT x.id, x.initiative_id, x.name, x.unit, x.baseline_value, x.baseline_fy,"
        " x.target_value, x.target_fy, x.higher_is_better, x.field_id, x.project_id,"
        " COALESCE(i.number || ' ' || i.title, ''), f.label, COALESCE(p.name, '')"
        " FROM indicator x JOIN field_def f ON f.id = x.field_id"
        " LEFT JOIN initiative i ON i.id = x.initiative_id"
        " LEFT JOIN project p ON p.id = x.project_id"
        " WHERE x.plan_id = $1 ORDER BY x.sort_order, x.id",
        I_N);
    /* clang-format on */
    db_bind_int64(st, 1, plan_id);
    int cap = 8, rc;
    out->items = ARENA_ARRAY(a, Indicator, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, out->items, out->n, cap, Indicator);
        read_indicator(a, st, &out->items[out->n++]);
    }
    db_done(st);
    Err e = rc == DB_DONE ? ERR_OK : ERR_DB;
    for (int i = 0; i < out->n && e == ERR_OK; i++)
        e = load_actuals(db, a, plan_id, &out->items[i], years, nyears, min_published);
    return e;
}

Err indicator_number_fields(Db *db, Arena *a, int64_t plan_id, NumberField **out, int *n)
{
    enum { F_ID, F_LABEL, F_UNIT, F_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, label, COALESCE(unit, '') FROM field_def WHERE"
                            " plan_id = $1 AND kind = 'number' ORDER BY sort_order, id",
                            F_N);
    db_bind_int64(st, 1, plan_id);
    int cap = 8, rc;
    *n = 0;
    *out = ARENA_ARRAY(a, NumberField, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *out, *n, cap, NumberField);
        (*out)[(*n)++] =
            (NumberField){db_col_int64(st, F_ID), arena_strdup(a, db_col_text(st, F_LABEL)),
                          arena_strdup(a, db_col_text(st, F_UNIT))};
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

bool indicators_exist(Db *db, int64_t plan_id)
{
    DbStmt *st = db_prepare(db, "SELECT 1 FROM indicator WHERE plan_id = $1 LIMIT 1", 1);
    db_bind_int64(st, 1, plan_id);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}
