/* The summary of a sheet's rating fields: which cells to count comes from
 * the loaded sheet (so the summary never shows more than the sheet), which
 * grade each cell is comes from the stored grade_id (so a grade renamed
 * after the answers still counts as itself). */
#include <stdlib.h>
#include <string.h>
#include "model/summary.h"

/* A confirmed answer's grade: project, year, field -> grade. */
typedef struct Graded {
    int64_t project_id;
    int year;
    int64_t field_id;
    int64_t grade_id;
} Graded;

typedef struct Grades {
    Graded *items; /* ordered by project, year, field; one per key */
    int n;
} Grades;

static int compare_key(const Graded *a, const Graded *b)
{
    if (a->project_id != b->project_id)
        return a->project_id < b->project_id ? -1 : 1;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->field_id != b->field_id)
        return a->field_id < b->field_id ? -1 : 1;
    return 0;
}

static int compare_graded(const void *a, const void *b)
{
    return compare_key(a, b);
}

/* Every confirmed graded answer of the plan in the sheet's years; of two
 * rounds of one year and field, the later's (the one the sheet shows). */
static Err load_graded(Db *db, Arena *a, const Sheet *s, Grades *out)
{
    enum { V_PROJECT, V_YEAR, V_FIELD, V_GRADE, V_N };
    DbStmt *st = db_prepare(db,
                            "SELECT project_id, fiscal_year, field_id, grade_id"
                            " FROM plan_answer WHERE plan_id = $1"
                            " AND fiscal_year BETWEEN $2 AND $3"
                            " AND status = 'confirmed' AND grade_id IS NOT NULL"
                            " ORDER BY project_id, fiscal_year, field_id, round_id DESC",
                            V_N);
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, s->nyears ? s->years[0] : 0);
    db_bind_int64(st, 3, s->nyears ? s->years[s->nyears - 1] : 0);
    int cap = 64, rc;
    out->n = 0;
    out->items = ARENA_ARRAY(a, Graded, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        Graded g = {db_col_int64(st, V_PROJECT), (int)db_col_int64(st, V_YEAR),
                    db_col_int64(st, V_FIELD), db_col_int64(st, V_GRADE)};
        if (out->n > 0 && compare_key(&out->items[out->n - 1], &g) == 0)
            continue; /* an earlier round of the same year */
        ARENA_GROW(a, out->items, out->n, cap, Graded);
        out->items[out->n++] = g;
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static int64_t grade_of(const Grades *g, int64_t project_id, int year, int64_t field_id)
{
    Graded key = {project_id, year, field_id, 0};
    const Graded *hit = bsearch(&key, g->items, (size_t)g->n, sizeof(Graded), compare_graded);
    return hit ? hit->grade_id : 0;
}

/* The grades of a rating field's scale; *n 0 for a field of another kind. */
static Err load_scale(Db *db, Arena *a, int64_t field_id, SummaryGrade **out, int *n)
{
    enum { G_ID, G_CODE, G_LABEL, G_POINTS, G_N };
    DbStmt *st = db_prepare(db,
                            "SELECT g.id, g.code, g.label, g.points FROM field_def f"
                            " JOIN rating_grade g ON g.scale_id = f.scale_id"
                            " WHERE f.id = $1 AND f.kind = 'rating' ORDER BY g.sort_order, g.id",
                            G_N);
    db_bind_int64(st, 1, field_id);
    int cap = 4, rc;
    *n = 0;
    *out = ARENA_ARRAY(a, SummaryGrade, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, *out, *n, cap, SummaryGrade);
        const char *points = db_col_text(st, G_POINTS);
        (*out)[(*n)++] = (SummaryGrade){
            .id = db_col_int64(st, G_ID),
            .code = arena_strdup(a, db_col_text(st, G_CODE)),
            .label = arena_strdup(a, db_col_text(st, G_LABEL)),
            .has_points = points != NULL,
            .points = points ? strtod(points, NULL) : 0,
        };
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* The directions the sheet shows, in the plan's order. */
static int shown_directions(const Sheet *s, Arena *a, const SheetDirection ***out)
{
    *out = ARENA_ARRAY(a, const SheetDirection *, (size_t)s->ndirections + 1);
    int n = 0;
    for (int d = 0; d < s->ndirections; d++)
        for (int i = 0; i < s->ninitiatives; i++)
            if (s->initiatives[i].direction == &s->directions[d]) {
                (*out)[n++] = &s->directions[d];
                break;
            }
    return n;
}

/* Has this row counted the project already? If not, it has now. */
static bool seen_before(int64_t *seen, int *nseen, int64_t project_id)
{
    for (int i = 0; i < *nseen; i++)
        if (seen[i] == project_id)
            return true;
    seen[(*nseen)++] = project_id;
    return false;
}

static void count(SummaryTable *t, SummaryRow *row, int64_t grade_id)
{
    for (int g = 0; g < t->ngrades; g++) {
        if (t->grades[g].id != grade_id)
            continue;
        row->counts[g]++;
        row->answers++;
        if (t->grades[g].has_points) {
            row->scored++;
            row->points += t->grades[g].points;
        }
        return;
    }
}

/* Counts year index y and field index f of the sheet into t. */
static void fill_table(const Sheet *s, Arena *a, const Grades *graded, int y, int f,
                       SummaryTable *t)
{
    size_t nprojects = 0;
    for (int i = 0; i < s->ninitiatives; i++)
        nprojects += (size_t)s->initiatives[i].nprojects;
    /* Each row's own list of the projects it counted: nprojects places each. */
    int64_t *seen = ARENA_ARRAY(a, int64_t, (size_t)t->nrows * nprojects + 1);
    int *nseen = ARENA_ARRAY(a, int, (size_t)t->nrows);
    int at = sheet_value_index(s, y, f);
    for (int i = 0; i < s->ninitiatives; i++) {
        const SheetInitiative *in = &s->initiatives[i];
        int r = 0;
        while (r < t->nrows - 1 && t->rows[r].direction != in->direction)
            r++;
        if (r == t->nrows - 1)
            continue; /* the 記入例 row */
        for (int p = 0; p < in->nprojects; p++) {
            const SheetProject *pr = &in->projects[p];
            if (!pr->values || !pr->values[at] || sheet_unconfirmed(pr, at))
                continue;
            int64_t grade = grade_of(graded, pr->id, s->years[y], s->fields[f].id);
            int rows[2] = {r, t->nrows - 1}; /* the direction's, the whole plan's */
            for (int k = 0; grade && k < 2; k++)
                if (!seen_before(seen + (size_t)rows[k] * nprojects, &nseen[rows[k]], pr->id))
                    count(t, &t->rows[rows[k]], grade);
        }
    }
}

Err summary_load(Db *db, Arena *arena, const Sheet *s, Summary *out)
{
    memset(out, 0, sizeof(*out));
    if (!summary_exists(db, s->plan_id))
        return ERR_OK; /* no rating asked: nothing to count, no answers to read */
    Grades graded;
    Err e = load_graded(db, arena, s, &graded);
    const SheetDirection **dirs;
    int ndirs = shown_directions(s, arena, &dirs);
    out->tables = ARENA_ARRAY(arena, SummaryTable, (size_t)(s->nyears * s->nfields) + 1);
    for (int f = 0; f < s->nfields && e == ERR_OK; f++) {
        SummaryGrade *grades;
        int ngrades;
        e = load_scale(db, arena, s->fields[f].id, &grades, &ngrades);
        for (int y = 0; y < s->nyears && e == ERR_OK && ngrades > 0; y++) {
            SummaryTable *t = &out->tables[out->ntables];
            *t = (SummaryTable){.year = s->years[y],
                                .field = &s->fields[f],
                                .grades = grades,
                                .ngrades = ngrades,
                                .nrows = ndirs + 1};
            for (int g = 0; g < ngrades; g++)
                t->has_points |= grades[g].has_points;
            t->rows = ARENA_ARRAY(arena, SummaryRow, (size_t)t->nrows);
            for (int r = 0; r < t->nrows; r++) {
                t->rows[r].direction = r < ndirs ? dirs[r] : NULL;
                t->rows[r].counts = ARENA_ARRAY(arena, int, (size_t)ngrades);
            }
            fill_table(s, arena, &graded, y, f, t);
            if (t->rows[ndirs].answers > 0)
                out->ntables++;
        }
    }
    /* By year first, as a council reads them; the fields keep their order. */
    for (int i = 1; i < out->ntables; i++)
        for (int j = i; j > 0 && out->tables[j - 1].year > out->tables[j].year; j--) {
            SummaryTable tmp = out->tables[j];
            out->tables[j] = out->tables[j - 1];
            out->tables[j - 1] = tmp;
        }
    return e;
}

bool summary_average(const SummaryRow *row, double *average)
{
    if (row->scored == 0)
        return false;
    *average = row->points / row->scored;
    return true;
}

bool summary_exists(Db *db, int64_t plan_id)
{
    DbStmt *st =
        db_prepare(db, "SELECT 1 FROM field_def WHERE plan_id = $1 AND kind = 'rating' LIMIT 1", 1);
    db_bind_int64(st, 1, plan_id);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}
