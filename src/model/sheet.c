/* Loads the sheet in a handful of queries, each over the whole plan, and
 * assembles it in C: the page costs the same few round trips whatever the
 * size of the plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/org.h"
#include "model/round.h"
#include "model/sheet.h"

/* A growable array in the arena: old copies are left behind, which is fine
 * for the few arrays of one request. */

static Err load_plan(Db *db, Arena *a, int64_t plan_id, Sheet *s)
{
    enum {
        C_TITLE,
        C_SUBTITLE,
        C_FROM,
        C_TO,
        C_PERIOD,
        C_CHAPTER,
        C_BASELINE,
        C_RELATED,
        C_PROGRESS,
        C_DOC_TITLE,
        C_MEETING,
        C_MATERIAL,
        C_DATE,
        C_N
    };
    DbStmt *st = db_prepare(db,
                            "SELECT p.title, p.subtitle, p.from_fy, p.to_fy, p.period_label,"
                            " p.chapter_label, p.baseline_label, p.related_label, p.progress_label,"
                            " d.title, d.meeting, d.material_no, d.doc_date"
                            " FROM plan p LEFT JOIN plan_document d ON d.plan_id = p.id"
                            " WHERE p.id = $1",
                            C_N);
    db_bind_int64(st, 1, plan_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        s->plan_id = plan_id;
        s->title = db_col_dup(a, st, C_TITLE);
        s->subtitle = db_col_dup(a, st, C_SUBTITLE);
        s->from_fy = (int)db_col_int64(st, C_FROM);
        s->to_fy = (int)db_col_int64(st, C_TO);
        s->period_label = db_col_dup(a, st, C_PERIOD);
        s->chapter_label = db_col_dup(a, st, C_CHAPTER);
        s->baseline_label = db_col_dup(a, st, C_BASELINE);
        s->related_label = db_col_dup(a, st, C_RELATED);
        s->progress_label = db_col_dup(a, st, C_PROGRESS);
        s->doc_title = db_col_dup(a, st, C_DOC_TITLE);
        s->doc_meeting = db_col_dup(a, st, C_MEETING);
        s->doc_material = db_col_dup(a, st, C_MATERIAL);
        const char *date = db_col_text(st, C_DATE);
        if (!date || sscanf(date, "%d-%d-%d", &s->doc_year, &s->doc_month, &s->doc_day) != 3)
            s->doc_year = 0;
    }
    db_done(st);
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    return rc == DB_ROW ? ERR_OK : ERR_DB;
}

static Err load_levels_and_fields(Db *db, Arena *a, Sheet *s)
{
    enum { L_NAME, L_N };
    DbStmt *st =
        db_prepare(db, "SELECT name FROM plan_level WHERE plan_id = $1 ORDER BY depth", L_N);
    db_bind_int64(st, 1, s->plan_id);
    int rc, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, s->levels, s->nlevels, cap, const char *);
        s->levels[s->nlevels++] = db_col_dup(a, st, L_NAME);
    }
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;

    enum { F_ID, F_KEY, F_LABEL, F_CHECKPOINT, F_EXAMPLE, F_N };
    st = db_prepare(db,
                    "SELECT id, key, label, checkpoint, example FROM field_def"
                    " WHERE plan_id = $1 ORDER BY sort_order, id",
                    F_N);
    db_bind_int64(st, 1, s->plan_id);
    cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, s->fields, s->nfields, cap, SheetField);
        SheetField *f = &s->fields[s->nfields++];
        f->id = db_col_int64(st, F_ID);
        f->key = db_col_dup(a, st, F_KEY);
        f->label = db_col_dup(a, st, F_LABEL);
        f->at_year_end = strcmp(db_col_text(st, F_CHECKPOINT), "end") == 0;
        f->example = db_col_null(st, F_EXAMPLE) ? NULL : db_col_dup(a, st, F_EXAMPLE);
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Validates the asked years, or picks the default ones. */
static Err choose_years(Db *db, const SheetQuery *q, Sheet *s)
{
    if (q->nyears > 0) {
        for (int i = 0; i < q->nyears; i++) {
            int fy = q->years[i];
            if (fy < s->from_fy || fy > s->to_fy)
                return ERR_INVALID;
            bool dup = false;
            for (int j = 0; j < s->nyears; j++)
                dup |= s->years[j] == fy;
            if (!dup)
                s->years[s->nyears++] = fy;
        }
        qsort(s->years, (size_t)s->nyears, sizeof(int), cmp_int);
        return ERR_OK;
    }
    /* Each year that has rounds, and whether any of its rounds is still open. */
    enum { Y_YEAR, Y_OPEN, Y_N };
    DbStmt *st = db_prepare(db,
                            "SELECT fiscal_year, MAX(CASE WHEN status = 'open' THEN 1 ELSE 0 END)"
                            " FROM round WHERE plan_id = $1"
                            " GROUP BY fiscal_year ORDER BY fiscal_year",
                            Y_N);
    db_bind_int64(st, 1, s->plan_id);
    int rc;
    bool latest_open = false;
    while ((rc = db_step(st)) == DB_ROW && s->nyears < SHEET_MAX_YEARS - 1) {
        s->years[s->nyears++] = (int)db_col_int64(st, Y_YEAR);
        latest_open = db_col_int64(st, Y_OPEN) != 0;
    }
    db_done(st);
    if (rc != DB_DONE && rc != DB_ROW)
        return ERR_DB;
    /* The year being collected next, as the seed shows it: only while no
     * round of the latest year is still open. */
    int next = s->nyears ? s->years[s->nyears - 1] + 1 : s->from_fy;
    if (!latest_open && next <= s->to_fy)
        s->years[s->nyears++] = next;
    return ERR_OK;
}

/* A direction or initiative retired from a fiscal year is left out of the
 * sheets that show only that year and later ones. */
static int first_year_shown(const Sheet *s)
{
    return s->nyears ? s->years[0] : s->from_fy;
}

static Err load_directions(Db *db, Arena *a, Sheet *s)
{
    enum { D_ID, D_LABEL, D_TITLE, D_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, label, title FROM direction WHERE plan_id = $1"
                            " AND (retired_fy IS NULL OR retired_fy > $2)"
                            " ORDER BY sort_order, id",
                            D_N);
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, first_year_shown(s));
    int rc, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, s->directions, s->ndirections, cap, SheetDirection);
        SheetDirection *d = &s->directions[s->ndirections++];
        d->id = db_col_int64(st, D_ID);
        d->label = db_col_dup(a, st, D_LABEL);
        d->title = db_col_dup(a, st, D_TITLE);
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static const SheetDirection *find_direction(const Sheet *s, int64_t id)
{
    for (int i = 0; i < s->ndirections; i++)
        if (s->directions[i].id == id)
            return &s->directions[i];
    return NULL;
}

typedef struct IdIndex {
    int64_t id; /* the key */
    int index;  /* position in the array it indexes */
} IdIndex;

static int cmp_id_index(const void *x, const void *y)
{
    const IdIndex *a = x, *b = y;
    if (a->id != b->id)
        return (a->id > b->id) - (a->id < b->id);
    return (a->index > b->index) - (a->index < b->index);
}

/* The first entry of a sorted index with this id, or NULL. */
static const IdIndex *index_find(const IdIndex *idx, int n, int64_t id)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (idx[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && idx[lo].id == id ? &idx[lo] : NULL;
}

static Err load_initiatives(Db *db, Arena *a, Sheet *s, int name_fy, IdIndex **index)
{
    enum { I_ID, I_DIRECTION, I_NUMBER, I_TITLE, I_CONTENT, I_N };
    DbStmt *st = db_prepare(db,
                            "SELECT i.id, i.direction_id, i.number, i.title, i.content"
                            " FROM initiative i JOIN direction d ON d.id = i.direction_id"
                            " WHERE i.plan_id = $1 AND (i.retired_fy IS NULL OR i.retired_fy > $2)"
                            " AND (d.retired_fy IS NULL OR d.retired_fy > $2)"
                            " ORDER BY d.sort_order, i.sort_order, i.id",
                            I_N);
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, first_year_shown(s));
    int rc, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, s->initiatives, s->ninitiatives, cap, SheetInitiative);
        SheetInitiative *in = &s->initiatives[s->ninitiatives++];
        in->id = db_col_int64(st, I_ID);
        in->direction = find_direction(s, db_col_int64(st, I_DIRECTION));
        in->number = db_col_dup(a, st, I_NUMBER);
        in->title = db_col_dup(a, st, I_TITLE);
        in->content = db_col_dup(a, st, I_CONTENT);
    }
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;

    IdIndex *idx = ARENA_ARRAY(a, IdIndex, s->ninitiatives + 1);
    for (int i = 0; i < s->ninitiatives; i++)
        idx[i] = (IdIndex){s->initiatives[i].id, i};
    qsort(idx, (size_t)s->ninitiatives, sizeof(IdIndex), cmp_id_index);
    *index = idx;

    enum { B_INITIATIVE, B_NAME, B_N };
    /* clang-format off */
    st = db_prepare(db,
        "SELECT ib.initiative_id, u.name FROM initiative_bureau ib"
        " JOIN initiative i ON i.id = ib.initiative_id"
        " JOIN org_unit_period u ON u.id = " ORG_PERIOD_AT("ib.unit_id", "$2")
        " WHERE i.plan_id = $1 ORDER BY ib.initiative_id, ib.sort_order",
        B_N);
    /* clang-format on */
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, name_fy);
    int bcap = 0;
    int64_t current = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        const IdIndex *hit = index_find(idx, s->ninitiatives, db_col_int64(st, B_INITIATIVE));
        if (!hit)
            continue;
        SheetInitiative *in = &s->initiatives[hit->index];
        if (in->id != current) {
            current = in->id;
            bcap = 0;
        }
        ARENA_GROW(a, in->bureaus, in->nbureaus, bcap, const char *);
        in->bureaus[in->nbureaus++] = db_col_dup(a, st, B_NAME);
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Remembers a bureau or section for the filters, once, in the city's order. */
static void note_unit(Arena *a, Sheet *s, int *cap, int64_t id, const char *name, int64_t parent,
                      int bureau_order, int sort_order)
{
    if (!id)
        return;
    for (int i = 0; i < s->nunits; i++)
        if (s->units[i].id == id)
            return;
    ARENA_GROW(a, s->units, s->nunits, *cap, SheetUnit);
    s->units[s->nunits++] = (SheetUnit){id, name, parent, bureau_order, sort_order};
}

/* SQL: the section of project pr in fiscal year $2 of plan $1. A project
 * moved to another section keeps, for the years its plan asked about, the
 * section the round asked (round_project); for other years before a move,
 * the section recorded at the move (project_section_past); after the last
 * move, the section it has now. */
#define SECTION_IN_YEAR                                                                            \
    "COALESCE((SELECT rp.section_id FROM round_project rp JOIN round r ON r.id = rp.round_id"      \
    " WHERE rp.project_id = pr.id AND r.plan_id = $1 AND r.fiscal_year = $2"                       \
    " ORDER BY r.id DESC LIMIT 1),"                                                                \
    " (SELECT ps.section_id FROM project_section_past ps WHERE ps.project_id = pr.id"              \
    " AND ps.to_fy >= $2 ORDER BY ps.to_fy LIMIT 1), pr.section_id)"

static Err load_projects(Db *db, Arena *a, Sheet *s, int name_fy, const IdIndex *init_index)
{
    enum {
        P_INITIATIVE,
        P_ID,
        P_SECTION_ID,
        P_SECTION,
        P_SECTION_ORDER,
        P_BUREAU_ID,
        P_BUREAU,
        P_BUREAU_ORDER,
        P_NAME,
        P_SUMMARY,
        P_SHARED,
        P_N
    };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT ip.initiative_id, pr.id, " SECTION_IN_YEAR ", sec.name, sec.sort_order,"
        " sec.parent_id, bur.name, bur.sort_order, pr.name, COALESCE(ip.baseline_text, pr.summary),"
        " EXISTS (SELECT 1 FROM initiative_project y JOIN initiative yi ON yi.id = y.initiative_id"
        "  WHERE y.project_id = pr.id AND yi.plan_id <> $1)"
        " FROM initiative_project ip"
        " JOIN initiative i ON i.id = ip.initiative_id"
        " JOIN project pr ON pr.id = ip.project_id"
        " LEFT JOIN org_unit_period sec ON sec.id = " ORG_PERIOD_AT(SECTION_IN_YEAR, "$2")
        " LEFT JOIN org_unit_period bur ON bur.id = " ORG_PERIOD_AT("sec.parent_id", "$2")
        " WHERE i.plan_id = $1 ORDER BY ip.initiative_id, ip.sort_order, pr.id",
        P_N);
    /* clang-format on */
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, name_fy);
    int rc, ucap = 0, pcap = 0;
    int64_t current = 0;
    size_t nvalues = (size_t)s->nyears * (size_t)s->nfields;
    while ((rc = db_step(st)) == DB_ROW) {
        const IdIndex *hit =
            index_find(init_index, s->ninitiatives, db_col_int64(st, P_INITIATIVE));
        if (!hit)
            continue;
        SheetInitiative *in = &s->initiatives[hit->index];
        if (in->id != current) {
            current = in->id;
            pcap = 0;
        }
        ARENA_GROW(a, in->projects, in->nprojects, pcap, SheetProject);
        SheetProject *p = &in->projects[in->nprojects++];
        p->id = db_col_int64(st, P_ID);
        p->section_id = db_col_int64(st, P_SECTION_ID);
        p->section = db_col_dup(a, st, P_SECTION);
        p->bureau_id = db_col_int64(st, P_BUREAU_ID);
        p->bureau = db_col_dup(a, st, P_BUREAU);
        p->name = db_col_dup(a, st, P_NAME);
        p->shared = db_col_int64(st, P_SHARED) != 0;
        p->summary = db_col_dup(a, st, P_SUMMARY);
        p->values = ARENA_ARRAY(a, const char *, nvalues + 1);
        p->statuses = ARENA_ARRAY(a, const char *, nvalues + 1);
        int bureau_order = (int)db_col_int64(st, P_BUREAU_ORDER);
        note_unit(a, s, &ucap, p->bureau_id, p->bureau, 0, bureau_order, bureau_order);
        note_unit(a, s, &ucap, p->section_id, p->section, p->bureau_id, bureau_order,
                  (int)db_col_int64(st, P_SECTION_ORDER));
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* The city's order: bureaus by their place, each followed by its sections. */
static int cmp_unit(const void *x, const void *y)
{
    const SheetUnit *a = x, *b = y;
    if (a->bureau_order != b->bureau_order)
        return (a->bureau_order > b->bureau_order) - (a->bureau_order < b->bureau_order);
    if ((a->parent_id != 0) != (b->parent_id != 0))
        return a->parent_id ? 1 : -1;
    if (a->sort_order != b->sort_order)
        return (a->sort_order > b->sort_order) - (a->sort_order < b->sort_order);
    return (a->id > b->id) - (a->id < b->id);
}

/* An answer's status as a constant string (the sheet keeps no copies). */
static const char *status_name(const char *status)
{
    static const char *const names[] = {"confirmed", "draft", "submitted", "returned"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (status && strcmp(status, names[i]) == 0)
            return names[i];
    return NULL;
}

/* What q->who may see of the confirmed answers of a round at this published
 * level, for the project at idx position first (its first entry): those who
 * run the plan everything; the project's own section and bureau (and whoever
 * may read its every row) everything of it; signed-in readers the rounds
 * published to viewers; everyone the public ones. own caches the per-project
 * answer: 0 not asked yet, 1 yes, -1 no. */
static bool may_see(Db *db, const SheetQuery *q, bool runs, int level, const IdIndex *first,
                    const IdIndex *idx, signed char *own)
{
    if (runs || level >= ROUND_PUBLIC)
        return true;
    if (level >= ROUND_TO_VIEWERS && principal_signed_in(q->who))
        return true;
    if (!principal_signed_in(q->who))
        return false;
    signed char *known = &own[first - idx];
    if (*known == 0)
        *known = principal_may_read_project(db, q->who, first->id) ? 1 : -1;
    return *known > 0;
}

/* Fills in the answers of the shown years. A field's answer comes from the
 * round of its own checkpoint (年度当初 or 年度末) for that year; where several
 * rounds have one, the latest round's. Confirmed answers only, as far as the
 * round's published level lets q->who see them; with q->all_answers (only for
 * who runs the plan) the latest answer in any status but 未着手, empty texts
 * left out. Each value's status goes beside it. */
/* Whether any round of the plan in the years shown takes a project's answer
 * from another plan's round (a partial index keeps this a few rows). */
static bool plan_takes_shared(Db *db, const Sheet *s)
{
    DbStmt *st = db_prepare(db,
                            "SELECT 1 FROM round r JOIN round_project rp ON rp.round_id = r.id"
                            " AND rp.shared_response_id IS NOT NULL WHERE r.plan_id = $1"
                            " AND r.fiscal_year BETWEEN $2 AND $3 LIMIT 1",
                            1);
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, s->years[0]);
    db_bind_int64(st, 3, s->years[s->nyears - 1]);
    bool shared = db_step(st) == DB_ROW;
    db_done(st);
    return shared;
}

static Err load_values(Db *db, Arena *a, Sheet *s, const SheetQuery *q)
{
    int nrows = 0;
    for (int i = 0; i < s->ninitiatives; i++)
        nrows += s->initiatives[i].nprojects;
    IdIndex *idx = ARENA_ARRAY(a, IdIndex, nrows + 1);
    SheetProject **rows = ARENA_ARRAY(a, SheetProject *, nrows + 1);
    signed char *own = ARENA_ARRAY(a, signed char, nrows + 1);
    int n = 0;
    for (int i = 0; i < s->ninitiatives; i++)
        for (int j = 0; j < s->initiatives[i].nprojects; j++) {
            rows[n] = &s->initiatives[i].projects[j];
            idx[n] = (IdIndex){rows[n]->id, n};
            n++;
        }
    qsort(idx, (size_t)n, sizeof(IdIndex), cmp_id_index);
    bool runs = !q->who || principal_runs_plan(q->who, s->plan_id);

    /* A later round's answer wins over an earlier one of the same year and
     * checkpoint (a round reopened): compared here by round id rather than
     * sorted by the database, which costs a sort of every text read. */
    size_t per_row = (size_t)s->nyears * (size_t)s->nfields;
    int64_t *from_round = ARENA_ARRAY(a, int64_t, (size_t)n * per_row + 1);
    /* Two statements with the same columns: the plan_answer view (migration
     * 012) adds the answers other plans' rounds give for shared projects,
     * and costs a third of the read in a co-routine; a plan with none reads
     * its own answers by a plain join. */
    enum {
        V_ROUND,
        V_YEAR,
        V_CHECKPOINT,
        V_PROJECT,
        V_FIELD,
        V_TEXT,
        V_NUMBER,
        V_GRADE,
        V_STATUS,
        V_PUBLISHED,
        V_N
    };
    DbStmt *st =
        plan_takes_shared(db, s)
            ? db_prepare(db,
                         "SELECT pa.round_id, pa.fiscal_year, pa.checkpoint, pa.project_id,"
                         " pa.field_id, pa.text_value, pa.number_value, g.label, pa.status,"
                         " pa.published"
                         " FROM plan_answer pa LEFT JOIN rating_grade g ON g.id = pa.grade_id"
                         " WHERE pa.plan_id = $1 AND (pa.status = 'confirmed'"
                         "  OR ($4 <> 0 AND pa.status <> 'not_started'))"
                         " AND pa.fiscal_year BETWEEN $2 AND $3",
                         V_N)
            : db_prepare(db,
                         "SELECT r.id, r.fiscal_year, r.checkpoint, rs.project_id,"
                         " rv.field_id, rv.text_value, rv.number_value, g.label, rs.status,"
                         " r.published"
                         " FROM round r JOIN response rs ON rs.round_id = r.id"
                         " JOIN response_value rv ON rv.response_id = rs.id"
                         " LEFT JOIN rating_grade g ON g.id = rv.grade_id"
                         " WHERE r.plan_id = $1 AND (rs.status = 'confirmed'"
                         "  OR ($4 <> 0 AND rs.status <> 'not_started'))"
                         " AND r.fiscal_year BETWEEN $2 AND $3",
                         V_N);
    db_bind_int64(st, 1, s->plan_id);
    db_bind_int64(st, 2, s->years[0]);
    db_bind_int64(st, 3, s->years[s->nyears - 1]);
    db_bind_int64(st, 4, q->all_answers && runs);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        /* Text, number or grade: whichever the field's kind stored. */
        int value_col = !db_col_null(st, V_TEXT)     ? V_TEXT
                        : !db_col_null(st, V_NUMBER) ? V_NUMBER
                        : !db_col_null(st, V_GRADE)  ? V_GRADE
                                                     : -1;
        if (value_col < 0)
            continue;
        const char *status = status_name(db_col_text(st, V_STATUS));
        if (!status)
            continue;
        bool confirmed = strcmp(status, "confirmed") == 0;
        if (!confirmed && !*db_col_text(st, value_col))
            continue; /* an empty field of a draft: nothing to show */
        int fy = (int)db_col_int64(st, V_YEAR), y = -1, f = -1;
        for (int i = 0; i < s->nyears; i++)
            if (s->years[i] == fy)
                y = i;
        int64_t field_id = db_col_int64(st, V_FIELD);
        bool at_end = strcmp(db_col_text(st, V_CHECKPOINT), "end") == 0;
        for (int i = 0; i < s->nfields; i++)
            if (s->fields[i].id == field_id && s->fields[i].at_year_end == at_end)
                f = i;
        if (y < 0 || f < 0)
            continue;
        int64_t project = db_col_int64(st, V_PROJECT);
        const IdIndex *hit = index_find(idx, n, project);
        if (!hit || !may_see(db, q, runs, (int)db_col_int64(st, V_PUBLISHED), hit, idx, own))
            continue;
        int vi = sheet_value_index(s, y, f);
        int64_t round = db_col_int64(st, V_ROUND);
        if (round < from_round[(size_t)hit->index * per_row + (size_t)vi])
            continue;
        const char *value = db_col_dup(a, st, value_col);
        for (; hit < idx + n && hit->id == project; hit++) {
            from_round[(size_t)hit->index * per_row + (size_t)vi] = round;
            rows[hit->index]->values[vi] = value;
            rows[hit->index]->statuses[vi] = status;
        }
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Keeps the initiatives and projects that the query's filters let through. */
static void apply_filters(Sheet *s, const SheetQuery *q)
{
    bool by_unit = q->bureau_id || q->section_id;
    int kept = 0;
    for (int i = 0; i < s->ninitiatives; i++) {
        SheetInitiative in = s->initiatives[i];
        if (q->direction_id && (!in.direction || in.direction->id != q->direction_id))
            continue;
        int np = 0;
        for (int j = 0; j < in.nprojects; j++) {
            const SheetProject *p = &in.projects[j];
            if (q->bureau_id && p->bureau_id != q->bureau_id)
                continue;
            if (q->section_id && p->section_id != q->section_id)
                continue;
            in.projects[np++] = *p;
        }
        in.nprojects = np;
        if (by_unit && np == 0)
            continue;
        s->initiatives[kept++] = in;
        s->nrows += np ? np : 1;
    }
    s->ninitiatives = kept;
}

/* Puts the 記入例 row first: one row whose answers are the fields' examples,
 * in every year shown, for the sections that will fill in the sheet. */
static void add_example_row(Arena *a, Sheet *s)
{
    SheetInitiative *all = ARENA_ARRAY(a, SheetInitiative, s->ninitiatives + 1);
    memcpy(all + 1, s->initiatives, sizeof(SheetInitiative) * (size_t)s->ninitiatives);
    SheetInitiative *ex = &all[0];
    ex->is_example = true;
    ex->number = ex->title = ex->content = "";
    ex->nprojects = 1;
    ex->projects = ARENA_NEW(a, SheetProject);
    SheetProject *p = ex->projects;
    p->bureau = p->section = p->name = p->summary = "";
    p->values = ARENA_ARRAY(a, const char *, s->nyears * s->nfields + 1);
    for (int y = 0; y < s->nyears; y++)
        for (int f = 0; f < s->nfields; f++)
            p->values[sheet_value_index(s, y, f)] = s->fields[f].example;
    s->initiatives = all;
    s->ninitiatives++;
    s->nrows++;
}

static bool has_unit(const Sheet *s, int64_t id, bool section)
{
    for (int i = 0; i < s->nunits; i++)
        if (s->units[i].id == id && (s->units[i].parent_id != 0) == section)
            return true;
    return false;
}

Err sheet_load(Db *db, Arena *arena, int64_t plan_id, const SheetQuery *q, Sheet *out,
               const char **bad_param)
{
    memset(out, 0, sizeof(*out));
    *bad_param = NULL;
    if (q->who && !principal_may_read_plan(db, q->who, plan_id))
        return ERR_NOT_FOUND; /* the same answer as for no plan at all */
    if (q->all_answers && q->who && !principal_runs_plan(q->who, plan_id)) {
        *bad_param = "answers"; /* the secretariat's view only */
        return ERR_INVALID;
    }
    Err err = load_plan(db, arena, plan_id, out);
    if (err)
        return err;
    if ((err = load_levels_and_fields(db, arena, out)))
        return err;
    if ((err = choose_years(db, q, out))) {
        if (err == ERR_INVALID)
            *bad_param = "years";
        return err;
    }
    if ((err = load_directions(db, arena, out)))
        return err;
    if (q->direction_id && !find_direction(out, q->direction_id)) {
        *bad_param = "direction";
        return ERR_INVALID;
    }
    /* Units are named as in the latest year shown: a renamed section reads as
     * the council knows it now, and a sheet of earlier years alone reads as
     * it was then. Each unit takes exactly one period of that year
     * (ORG_PERIOD_AT), so no row is doubled by a unit's history. */
    int name_fy = out->nyears ? out->years[out->nyears - 1] : out->to_fy;
    IdIndex *init_index = NULL;
    if ((err = load_initiatives(db, arena, out, name_fy, &init_index)))
        return err;
    if ((err = load_projects(db, arena, out, name_fy, init_index)))
        return err;
    qsort(out->units, (size_t)out->nunits, sizeof(SheetUnit), cmp_unit);
    if (q->bureau_id && !has_unit(out, q->bureau_id, false)) {
        *bad_param = "bureau";
        return ERR_INVALID;
    }
    if (q->section_id && !has_unit(out, q->section_id, true)) {
        *bad_param = "section";
        return ERR_INVALID;
    }
    if (out->nyears && (err = load_values(db, arena, out, q)))
        return err;
    apply_filters(out, q);
    if (q->examples && out->ninitiatives > 0)
        add_example_row(arena, out);
    return ERR_OK;
}
