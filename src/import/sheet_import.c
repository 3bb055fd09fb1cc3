/* A progress sheet, XLSX or CSV, read back into the plan's JSON form with a
 * mapping of its columns (import_mapping.c), and loaded. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "base/buf.h"
#include "base/era.h"
#include "base/mem.h"
#include "export/layout.h"
#include "import/csv_read.h"
#include "import/sheet_import.h"
#include "import/xlsx_read.h"

enum { MAX_FIELDS = 256 };

void import_result_init(ImportResult *r)
{
    memset(r, 0, sizeof(*r));
    arena_init(&r->arena);
}

void import_result_free(ImportResult *r)
{
    free(r->problems);
    free(r->json);
    arena_free(&r->arena);
    memset(r, 0, sizeof(*r));
}

void import_add_problem(ImportResult *r, const char *sheet, int row, int col, MsgId id, int nargs,
                        ...)
{
    if (r->nproblems == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->problems = xrealloc(r->problems, sizeof(ImportProblem) * (size_t)r->cap);
    }
    ImportProblem *p = &r->problems[r->nproblems++];
    *p = (ImportProblem){.sheet = sheet, .row = row, .col = col, .id = id};
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs && i < 4; i++)
        p->args[p->nargs++] = va_arg(ap, const char *);
    va_end(ap);
}

char *import_problem_text(const ImportProblem *p, Lang lang)
{
    char *text = msg_fill(lang, p->id, p->args, p->nargs);
    if (!p->row && !p->sheet)
        return text;
    Buf b = BUF_INIT;
    if (p->row) {
        char name[8];
        table_col_name(p->col ? p->col : 1, name);
        buf_printf(&b, "%s%s%s%d: %s", p->sheet ? p->sheet : "", p->sheet && *p->sheet ? "!" : "",
                   name, p->row, text);
    } else {
        buf_printf(&b, "%s: %s", p->sheet, text);
    }
    free(text);
    return buf_take(&b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

Err sheet_import_read(const char *name, const void *data, size_t len, Table *out, ImportResult *r)
{
    memset(out, 0, sizeof(*out));
    bool xlsx = ends_with(name, ".xlsx"), csv = ends_with(name, ".csv");
    if (!xlsx && !csv) {
        import_add_problem(r, NULL, 0, 0, M_IMP_NOT_XLSX_CSV, 0);
        return ERR_INVALID;
    }
    char *err = NULL;
    Err e = xlsx ? xlsx_read(data, len, &r->arena, out, &err)
                 : csv_read(data, len, CSV_ENC_AUTO, &r->arena, out, NULL, &err);
    if (e != ERR_OK) {
        import_add_problem(r, NULL, 0, 0, xlsx ? M_IMP_UNREADABLE_XLSX : M_IMP_UNREADABLE_CSV, 1,
                           arena_strdup(&r->arena, err ? err : ""));
        free(err);
        return ERR_INVALID;
    }
    /* A CSV's one sheet is named after the file, so that problems say where. */
    if (csv && out->nsheets == 1) {
        const char *base = strrchr(name, '/');
        out->sheets[0].name = arena_strdup(&r->arena, base ? base + 1 : name);
    }
    return ERR_OK;
}

/* The merged ranges that cover one column, by their first row: found by a
 * binary search, so that a file of many merges costs no more than a scan of
 * them per column (a crafted one made the importer quadratic). */
typedef struct ColMerges {
    const Merge **merges;
    int n;
    bool built;
} ColMerges;

typedef struct Builder {
    const TableSheet *s;
    const ImportMapping *m;
    ImportResult *r;
    const char *fields[MAX_FIELDS]; /* the labels, in order of first sight */
    bool at_end[MAX_FIELDS];
    int nfields;
    ColMerges *by_col; /* [1..ncols] */
    int ncols;
    int min_fy, max_fy;
} Builder;

static void problem(Builder *b, int row, int col, MsgId id, int nargs, const char *arg)
{
    import_add_problem(b->r, b->s->name, row, col, id, nargs, arg);
}

static int by_first_row(const void *a, const void *b)
{
    const Merge *x = *(const Merge *const *)a, *y = *(const Merge *const *)b;
    return (x->row1 > y->row1) - (x->row1 < y->row1);
}

static const ColMerges *merges_of(Builder *b, int col)
{
    ColMerges *c = &b->by_col[col];
    if (c->built)
        return c;
    c->built = true;
    const TableSheet *s = b->s;
    for (int i = 0; i < s->nmerges; i++)
        c->n += col >= s->merges[i].col1 && col <= s->merges[i].col2;
    c->merges = arena_alloc(&b->r->arena, sizeof(Merge *) * (size_t)(c->n + 1));
    c->n = 0;
    for (int i = 0; i < s->nmerges; i++)
        if (col >= s->merges[i].col1 && col <= s->merges[i].col2)
            c->merges[c->n++] = &s->merges[i];
    qsort(c->merges, (size_t)c->n, sizeof(Merge *), by_first_row);
    return c;
}

/* The text at row, col, or the text of the merged range that covers it; "". */
static const char *cell(Builder *b, int row, int col)
{
    const char *t = table_cell(b->s, row, col);
    if (t)
        return t;
    if (col < 1 || col > b->ncols || row < 1)
        return "";
    const ColMerges *c = merges_of(b, col);
    int lo = 0, hi = c->n - 1, found = -1;
    while (lo <= hi) { /* the last range that starts at or above row */
        int mid = lo + (hi - lo) / 2;
        if (c->merges[mid]->row1 <= row) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (found < 0 || row > c->merges[found]->row2)
        return "";
    t = table_cell(b->s, c->merges[found]->row1, c->merges[found]->col1);
    return t ? t : "";
}

static int col_of(const Builder *b, ImportRole role)
{
    for (int i = 0; i < b->m->ncols; i++)
        if (b->m->cols[i].role == role)
            return b->m->cols[i].col;
    return 0;
}

static const char *at(Builder *b, int row, ImportRole role)
{
    int c = col_of(b, role);
    return c ? cell(b, row, c) : "";
}

static int field_index(Builder *b, const ImportColumn *c)
{
    const char *label = c->field ? c->field : c->heading;
    for (int i = 0; i < b->nfields; i++)
        if (strcmp(b->fields[i], label) == 0)
            return i;
    if (b->nfields == MAX_FIELDS)
        return -1;
    b->fields[b->nfields] = label;
    b->at_end[b->nfields] = c->at_end;
    return b->nfields++;
}

static void see_year(Builder *b, int fy)
{
    if (!b->min_fy || fy < b->min_fy)
        b->min_fy = fy;
    if (fy > b->max_fy)
        b->max_fy = fy;
}

static json_t *find_by(json_t *arr, const char *key, const char *value)
{
    json_t *o;
    size_t i;
    json_array_foreach(arr, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, key)), value) == 0)
            return o;
    }
    return NULL;
}

static json_t *find_project(json_t *projects, const char *bureau, const char *section,
                            const char *name)
{
    json_t *o;
    size_t i;
    json_array_foreach(projects, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "bureau")), bureau) == 0 &&
            strcmp(json_string_value(json_object_get(o, "section")), section) == 0 &&
            strcmp(json_string_value(json_object_get(o, "name")), name) == 0)
            return o;
    }
    return NULL;
}

static void set_answer(Builder *b, json_t *project, int fy, int field, const char *text)
{
    json_t *answers = json_object_get(project, "answers");
    char year[16], key[16];
    snprintf(year, sizeof(year), "%d", fy);
    snprintf(key, sizeof(key), "f%d", field + 1);
    json_t *values = json_object_get(answers, year);
    if (!values) {
        values = json_object();
        json_object_set_new(answers, year, values);
    }
    if (!json_object_get(values, key))
        b->r->nanswers++;
    json_object_set_new(values, key, json_string(text));
}

static json_t *new_initiative(Builder *b, json_t *directions, const char *dir, const char *num,
                              const char *title, const char *content, const char *bureaus)
{
    if (!find_by(directions, "label", dir))
        json_array_append_new(directions, json_pack("{s:s, s:s}", "label", dir, "title", ""));
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:[], s:[]}", "direction", dir, "number", num, "title",
                  *title ? title : num, "content", content, "bureaus", "projects");
    for (const char *p = bureaus; *p;) {
        size_t n = strcspn(p, "\n");
        if (n)
            json_array_append_new(json_object_get(in, "bureaus"), json_stringn(p, n));
        p += n + (p[n] == '\n');
    }
    b->r->ninitiatives++;
    return in;
}

/* The answers of one row: each field column's text, in the column's year or
 * the row's. */
static void read_answers(Builder *b, int row, int row_fy, json_t *project)
{
    for (int i = 0; i < b->m->ncols; i++) {
        const ImportColumn *c = &b->m->cols[i];
        if (c->role != IMP_FIELD)
            continue;
        const char *v = table_cell(b->s, row, c->col);
        int fy = c->fiscal_year ? c->fiscal_year : row_fy;
        int f = field_index(b, c);
        if (!v || !*v || !fy || f < 0)
            continue;
        set_answer(b, project, fy, f, v);
    }
}

/* Reads the body rows below the header into directions and initiatives. */
static void read_rows(Builder *b, json_t *directions, json_t *initiatives)
{
    const TableSheet *s = b->s;
    int ncol = col_of(b, IMP_NUMBER), ycol = col_of(b, IMP_YEAR);
    json_t *current = NULL;
    for (int row = b->m->header_row + 1; row <= s->nrows; row++) {
        bool any = false;
        for (int i = 0; i < b->m->ncols && !any; i++)
            any = *cell(b, row, b->m->cols[i].col) != '\0';
        if (!any)
            continue;
        const char *dir = at(b, row, IMP_DIRECTION), *num = at(b, row, IMP_NUMBER);
        const char *title = at(b, row, IMP_TITLE), *content = at(b, row, IMP_CONTENT);
        const char *bureaus = at(b, row, IMP_BUREAUS);
        bool initiative_cells = *dir || *num || *title || *content || *bureaus;
        if (!initiative_cells && !current) {
            problem(b, row, ncol, M_IMP_PROJECT_BEFORE_INITIATIVE, 0, NULL);
            continue;
        }
        if (initiative_cells) {
            if (!*num) {
                problem(b, row, ncol, M_IMP_NO_NUMBER, 0, NULL);
                continue;
            }
            current = find_by(initiatives, "number", num);
            if (!current) {
                if (!*dir) {
                    problem(b, row, col_of(b, IMP_DIRECTION), M_IMP_NO_DIRECTION, 1, num);
                    continue;
                }
                current = new_initiative(b, directions, dir, num, title, content, bureaus);
                json_array_append_new(initiatives, current);
            }
        }
        const char *bureau = at(b, row, IMP_BUREAU), *section = at(b, row, IMP_SECTION);
        /* Our files mark a project that serves another plan too after its
         * name (事業名【共通】); the project itself is called without it. */
        const char *name = sheet_strip_shared_mark(at(b, row, IMP_PROJECT), &b->r->arena);
        if (!*bureau && !*section && !*name)
            continue; /* an initiative without projects */
        if (!*bureau || !*section || !*name) {
            ImportRole miss = !*bureau ? IMP_BUREAU : !*section ? IMP_SECTION : IMP_PROJECT;
            problem(b, row, col_of(b, miss), M_IMP_PROJECT_INCOMPLETE, 0, NULL);
            continue;
        }
        json_t *projects = json_object_get(current, "projects");
        json_t *p = find_project(projects, bureau, section, name);
        if (!p) {
            p = json_pack("{s:s, s:s, s:s, s:s, s:{}}", "bureau", bureau, "section", section,
                          "name", name, "summary", at(b, row, IMP_SUMMARY), "answers");
            json_array_append_new(projects, p);
            b->r->nprojects++;
        }
        int row_fy = 0;
        if (ycol) {
            const char *y = cell(b, row, ycol);
            if (era_parse_fiscal_year(y, &row_fy) != 0) {
                problem(b, row, ycol, M_IMP_BAD_YEAR, 1, arena_strdup(&b->r->arena, y));
                continue;
            }
            see_year(b, row_fy);
        }
        read_answers(b, row, row_fy, p);
    }
}

/* The group headings of our XLSX header (the two rows above the column
 * headings) that the plan keeps: 計画（第5章）記載内容, the two labels over
 * the projects, the label of the progress columns. */
static void read_labels(Builder *b, json_t *plan, json_t *root)
{
    int hr = b->m->header_row;
    if (hr < 3)
        return;
    int dcol = col_of(b, IMP_DIRECTION), bcol = col_of(b, IMP_BUREAU), fcol = col_of(b, IMP_FIELD);
    if (dcol && *cell(b, hr - 2, dcol))
        json_object_set_new(plan, "chapter_label", json_string(cell(b, hr - 2, dcol)));
    if (bcol && *cell(b, hr - 2, bcol))
        json_object_set_new(plan, "baseline_label", json_string(cell(b, hr - 2, bcol)));
    if (bcol && *cell(b, hr - 1, bcol))
        json_object_set_new(plan, "related_label", json_string(cell(b, hr - 1, bcol)));
    if (fcol && *cell(b, hr - 2, fcol)) {
        const char *label = cell(b, hr - 2, fcol);
        json_object_set_new(root, "checks",
                            json_pack("[{s:s%}]", "label", label, strcspn(label, "\n")));
    }
}

/* The rightmost non-empty cell of row, or "". */
static const char *last_in_row(const TableSheet *s, int row)
{
    for (int col = s->ncols; col >= 1; col--) {
        const char *t = table_cell(s, row, col);
        if (t && *t)
            return t;
    }
    return "";
}

/* The title block our XLSX writes above the group headings: the document's
 * title (A1), the plan's title and period (A2, "計画名 平成31年度～令和5年度"),
 * and at the right the meeting, the material's number and the date. */
static void read_document(Builder *b, json_t *plan, json_t *root)
{
    int top = b->m->header_row - 3; /* the rows above the two group headings */
    if (top < 3)
        return;
    const TableSheet *s = b->s;
    const char *title = cell(b, 1, 1), *plan_line = cell(b, 2, 1);
    const char *date = last_in_row(s, 3);
    int y, mo, d;
    if (!*title || era_parse_date(date, &y, &mo, &d) != 0)
        return; /* not our title block */
    json_object_set_new(root, "document",
                        json_pack("{s:s, s:s, s:s, s:s}", "title", title, "meeting",
                                  last_in_row(s, 1), "material_no", last_in_row(s, 2), "date",
                                  date));
    const char *space = strrchr(plan_line, ' ');
    if (space && strstr(space, "～"))
        json_object_set_new(json_object_get(plan, "period"), "label", json_string(space + 1));
}

/* Checks the mapping itself: the columns a plan needs, a year for every
 * answer. */
static void check_mapping(Builder *b)
{
    int hr = b->m->header_row;
    if (!col_of(b, IMP_NUMBER))
        problem(b, hr, 1, M_IMP_NO_NUMBER_COLUMN, 0, NULL);
    if (!col_of(b, IMP_DIRECTION))
        problem(b, hr, 1, M_IMP_NO_DIRECTION_COLUMN, 0, NULL);
    if (!col_of(b, IMP_PROJECT) || !col_of(b, IMP_SECTION) || !col_of(b, IMP_BUREAU))
        problem(b, hr, 1, M_IMP_NO_PROJECT_COLUMNS, 0, NULL);
    bool ycol = col_of(b, IMP_YEAR) != 0;
    for (int i = 0; i < b->m->ncols; i++) {
        const ImportColumn *c = &b->m->cols[i];
        if (c->role == IMP_FIELD && c->fiscal_year)
            see_year(b, c->fiscal_year);
        if (c->role == IMP_FIELD && !c->fiscal_year && !ycol)
            problem(b, hr, c->col, M_IMP_NO_YEAR, 1, c->heading);
    }
}

/* The plan's period: given, or the years of the file, which must lie in it. */
static void period(Builder *b, const ImportOptions *o, int *from, int *to)
{
    *from = o->from_fy ? o->from_fy : b->min_fy;
    *to = o->to_fy ? o->to_fy : b->max_fy;
    if (o->into_plan)
        return; /* the plan has its period */
    if (!o->title || !*o->title)
        import_add_problem(b->r, NULL, 0, 0, M_IMP_NO_TITLE, 0);
    char y[4][16];
    if (!*from || !*to) {
        if (!b->r->nproblems) /* else a year that could not be read says it */
            import_add_problem(b->r, NULL, 0, 0, M_IMP_NO_PERIOD, 0);
    } else if (*from > *to) {
        import_add_problem(b->r, NULL, 0, 0, M_IMP_PERIOD_REVERSED, 0);
    } else if (b->min_fy && (b->min_fy < *from || b->max_fy > *to)) {
        int v[4] = {b->min_fy, b->max_fy, *from, *to};
        const char *a[4];
        for (int i = 0; i < 4; i++) {
            snprintf(y[i], sizeof(y[i]), "%d", v[i]);
            a[i] = arena_strdup(&b->r->arena, y[i]);
        }
        import_add_problem(b->r, NULL, 0, 0, M_IMP_OUTSIDE_PERIOD, 4, a[0], a[1], a[2], a[3]);
    }
}

Err sheet_import_build_with(const Table *t, const ImportMapping *m, const ImportOptions *o,
                            ImportResult *r)
{
    if (m->sheet < 0 || m->sheet >= t->nsheets)
        return ERR_INVALID;
    Builder *b = xcalloc(1, sizeof(*b));
    b->r = r;
    b->m = m;
    b->s = &t->sheets[m->sheet];
    b->ncols = b->s->ncols;
    b->by_col = xcalloc((size_t)b->ncols + 1, sizeof(ColMerges));
    check_mapping(b);
    json_t *root = json_object(), *plan = json_object(), *directions = json_array();
    json_t *initiatives = json_array(), *fields = json_array();
    if (!r->nproblems)
        read_rows(b, directions, initiatives);
    read_labels(b, plan, root);
    int from, to;
    period(b, o, &from, &to);
    for (int i = 0; i < b->nfields; i++) {
        char key[16];
        snprintf(key, sizeof(key), "f%d", i + 1);
        json_array_append_new(fields, json_pack("{s:s, s:s, s:s}", "key", key, "label",
                                                b->fields[i], "checkpoint",
                                                b->at_end[i] ? "年度末確認" : "年度当初確認"));
    }
    int dcol = col_of(b, IMP_DIRECTION), tcol = col_of(b, IMP_TITLE);
    r->ndirections = (int)json_array_size(directions);
    json_object_set_new(plan, "title", json_string(o->title ? o->title : ""));
    json_object_set_new(plan, "period", json_pack("{s:i, s:i}", "from_fy", from, "to_fy", to));
    read_document(b, plan, root);
    json_object_set_new(plan, "levels",
                        json_pack("[s, s]", dcol ? cell(b, m->header_row, dcol) : "方向性",
                                  tcol ? cell(b, m->header_row, tcol) : "取組み"));
    json_object_set_new(plan, "directions", directions);
    json_object_set_new(root, "plan", plan);
    json_object_set_new(root, "fields", fields);
    json_object_set_new(root, "initiatives", initiatives);
    Err e = ERR_OK;
    if (r->nproblems)
        e = ERR_INVALID;
    else
        r->json = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    free(b->by_col);
    free(b);
    return e;
}

Err sheet_import_build(const char *name, const void *data, size_t len, const ImportOptions *o,
                       ImportResult *r)
{
    import_result_init(r);
    Table t;
    ImportMapping m;
    if (sheet_import_read(name, data, len, &t, r) != ERR_OK || !import_mapping_suggest(&t, &m, r))
        return ERR_INVALID;
    return sheet_import_build_with(&t, &m, o, r);
}

Err sheet_import_load(Db *db, const ImportOptions *o, const char *actor, bool dry_run,
                      ImportResult *r, PlanLoadCounts *counts, int64_t *plan_id)
{
    if (!r->json)
        return ERR_INVALID;
    char *err = NULL;
    PlanLoadOptions lo = {.actor = actor, .into_plan = o->into_plan, .dry_run = dry_run};
    Err e = plan_json_apply(db, r->json, strlen(r->json), &lo, counts, plan_id, &err);
    if (e != ERR_OK)
        import_add_problem(r, NULL, 0, 0, M_IMP_LOAD_FAILED, 1,
                           arena_strdup(&r->arena, err ? err : ""));
    free(err);
    return e;
}

Err sheet_import_file(Db *db, const char *path, const char *mapping_json, const ImportOptions *o,
                      bool dry_run, ImportResult *r, PlanLoadCounts *counts, int64_t *plan_id)
{
    import_result_init(r);
    FILE *f = fopen(path, "rb");
    if (!f) {
        import_add_problem(r, arena_strdup(&r->arena, path), 0, 0, M_IMP_CANNOT_READ_FILE, 0);
        return ERR_IO;
    }
    Buf data = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(&data, chunk, n);
    fclose(f);
    Table t;
    ImportMapping m;
    Err e = sheet_import_read(path, data.data ? data.data : "", data.len, &t, r);
    buf_free(&data);
    if (e != ERR_OK)
        return e;
    if (mapping_json)
        e = import_mapping_from_json(mapping_json, &t, &m, r);
    else
        e = import_mapping_suggest(&t, &m, r) ? ERR_OK : ERR_INVALID;
    if (e == ERR_OK)
        e = sheet_import_build_with(&t, &m, o, r);
    if (e == ERR_OK)
        e = sheet_import_load(db, o, "import", dry_run, r, counts, plan_id);
    return e;
}
