/* A progress sheet, XLSX or CSV, read back into the plan's JSON form. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/era.h"
#include "base/mem.h"
#include "import/csv_read.h"
#include "import/sheet_import.h"
#include "import/xlsx_read.h"
#include "model/plan_json.h"

enum { MAX_FIELDS = 256 };

typedef enum Role {
    R_NONE,
    R_DIRECTION,
    R_NUMBER,
    R_TITLE,
    R_CONTENT,
    R_BUREAUS,
    R_BUREAU,
    R_SECTION,
    R_PROJECT,
    R_SUMMARY,
    R_YEAR,
    R_FIELD,
} Role;

/* The fixed headings, Japanese and English (export/layout.c, i18n). */
static const struct {
    const char *ja, *en;
    Role role;
} known[] = {
    {"方向性", "Direction", R_DIRECTION}, {"番号", "No.", R_NUMBER},
    {"取組み", "Initiative", R_TITLE},    {"内容", "Content", R_CONTENT},
    {"局区等", "Bureaus", R_BUREAUS},     {"局区", "Bureau", R_BUREAU},
    {"課", "Section", R_SECTION},         {"事業名・取組名", "Project", R_PROJECT},
    {"事業概要", "Summary", R_SUMMARY},   {"年度", "Fiscal year", R_YEAR},
};

typedef struct Field {
    char *label;
    bool at_end; /* 年度末確認 */
} Field;

typedef struct Builder {
    const char *sheet; /* the name used in problems */
    const TableSheet *s;
    ImportResult *r;
    Role role[1024]; /* by column, 1-based */
    int field_of[1024];
    int year_of[1024]; /* XLSX: the fiscal year of a field column */
    int ncols;
    Field fields[MAX_FIELDS];
    int nfields;
    int min_fy, max_fy;
} Builder;

static void problem(Builder *b, int row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(Builder *b, int row, int col, const char *fmt, ...)
{
    char name[8];
    table_col_name(col, name);
    Buf m = BUF_INIT;
    buf_printf(&m, "%s!%s%d: ", b->sheet, name, row);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    b->r->problems = xrealloc(b->r->problems, sizeof(char *) * (size_t)(b->r->nproblems + 1));
    b->r->problems[b->r->nproblems++] = buf_take(&m);
}

static void problem_plain(ImportResult *r, const char *text)
{
    r->problems = xrealloc(r->problems, sizeof(char *) * (size_t)(r->nproblems + 1));
    r->problems[r->nproblems++] = xstrdup(text);
}

/* The text at row, col, or the text of the merged range that covers it; "". */
static const char *cell(const TableSheet *s, int row, int col)
{
    const char *t = table_cell(s, row, col);
    if (t)
        return t;
    for (int i = 0; i < s->nmerges; i++) {
        const Merge *m = &s->merges[i];
        if (row >= m->row1 && row <= m->row2 && col >= m->col1 && col <= m->col2) {
            t = table_cell(s, m->row1, m->col1);
            return t ? t : "";
        }
    }
    return "";
}

/* The first line of a heading (the XLSX writer adds "\n[年度当初確認]"). */
static char *first_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
}

static Role known_role(const char *heading)
{
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(heading, known[i].ja) == 0 || strcasecmp(heading, known[i].en) == 0)
            return known[i].role;
    return R_NONE;
}

/* The header row: the first row of s with 事業名・取組名 and 課 (or Project
 * and Section), or 0. */
static int header_row(const TableSheet *s)
{
    for (int row = 1; row <= s->nrows; row++) {
        bool project = false, section = false;
        for (int col = 1; col <= s->ncols; col++) {
            const char *t = table_cell(s, row, col);
            if (!t)
                continue;
            Role r = known_role(t);
            project |= r == R_PROJECT;
            section |= r == R_SECTION;
        }
        if (project && section)
            return row;
    }
    return 0;
}

static int field_index(Builder *b, const char *label, bool at_end)
{
    for (int i = 0; i < b->nfields; i++)
        if (strcmp(b->fields[i].label, label) == 0)
            return i;
    if (b->nfields == MAX_FIELDS)
        return -1;
    b->fields[b->nfields] = (Field){xstrdup(label), at_end};
    return b->nfields++;
}

static void see_year(Builder *b, int fy)
{
    if (!b->min_fy || fy < b->min_fy)
        b->min_fy = fy;
    if (fy > b->max_fy)
        b->max_fy = fy;
}

static int col_of(const Builder *b, Role r)
{
    for (int c = 1; c <= b->ncols; c++)
        if (b->role[c] == r)
            return c;
    return 0;
}

/* Maps the columns of header row hr by their headings. */
static void map_columns(Builder *b, int hr, bool xlsx)
{
    const TableSheet *s = b->s;
    b->ncols = s->ncols < 1023 ? s->ncols : 1023;
    bool fixed_done = false;
    int number_col = 0;
    for (int col = 1; col <= b->ncols; col++) {
        const char *t = table_cell(s, hr, col);
        if (!t || !*t)
            continue;
        char *h = first_line(t);
        Role r = known_role(h);
        if (fixed_done && !(r == R_YEAR && !b->nfields && !col_of(b, R_YEAR)))
            r = R_NONE; /* after 事業概要 (and 年度) every heading is a field */
        if (r == R_NUMBER)
            number_col = col;
        if (r == R_SUMMARY || r == R_YEAR)
            fixed_done = true;
        if (r == R_NONE && !fixed_done) {
            /* The level headings are the plan's own words: the direction's
             * column comes before 番号, the initiative's title after it. */
            r = number_col ? R_TITLE : R_DIRECTION;
        }
        if (r == R_NONE) {
            bool at_end = strstr(t, "年度末") || strstr(t, "end of year");
            int f = field_index(b, h, at_end);
            if (f < 0) {
                problem(b, hr, col, "too many fields");
            } else {
                r = R_FIELD;
                b->field_of[col] = f;
            }
            if (xlsx && r == R_FIELD) {
                const char *y = hr > 1 ? cell(s, hr - 1, col) : "";
                int fy;
                if (era_parse_fiscal_year(y, &fy) != 0)
                    problem(b, hr - 1, col, "cannot read the fiscal year '%s'", y);
                else {
                    b->year_of[col] = fy;
                    see_year(b, fy);
                }
            }
        }
        b->role[col] = r;
        free(h);
    }
}

static const char *at(const Builder *b, int row, Role r)
{
    int c = col_of(b, r);
    return c ? cell(b->s, row, c) : "";
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

/* Reads the body rows below hr into directions and initiatives. */
static void read_rows(Builder *b, int hr, bool xlsx, json_t *directions, json_t *initiatives)
{
    const TableSheet *s = b->s;
    int ncol = col_of(b, R_NUMBER), ycol = col_of(b, R_YEAR);
    json_t *current = NULL;
    for (int row = hr + 1; row <= s->nrows; row++) {
        bool any = false;
        for (int c = 1; c <= b->ncols && !any; c++)
            any = *cell(s, row, c) != '\0';
        if (!any)
            continue;
        const char *dir = at(b, row, R_DIRECTION), *num = at(b, row, R_NUMBER);
        const char *title = at(b, row, R_TITLE), *content = at(b, row, R_CONTENT);
        const char *bureaus = at(b, row, R_BUREAUS);
        bool initiative_cells = *dir || *num || *title || *content || *bureaus;
        if (!initiative_cells && !current) {
            problem(b, row, ncol ? ncol : 1, "a project row before any initiative");
            continue;
        }
        if (initiative_cells) {
            if (!*num) {
                problem(b, row, ncol ? ncol : 1, "an initiative row without a number");
                continue;
            }
            current = find_by(initiatives, "number", num);
            if (!current) {
                if (!*dir) {
                    problem(b, row, col_of(b, R_DIRECTION) ? col_of(b, R_DIRECTION) : 1,
                            "initiative %s has no direction", num);
                    continue;
                }
                if (!find_by(directions, "label", dir))
                    json_array_append_new(directions,
                                          json_pack("{s:s, s:s}", "label", dir, "title", ""));
                current = json_pack("{s:s, s:s, s:s, s:s, s:[], s:[]}", "direction", dir, "number",
                                    num, "title", *title ? title : num, "content", content,
                                    "bureaus", "projects");
                for (const char *p = bureaus; *p;) {
                    const char *nl = strchr(p, '\n');
                    size_t n = nl ? (size_t)(nl - p) : strlen(p);
                    if (n)
                        json_array_append_new(json_object_get(current, "bureaus"),
                                              json_stringn(p, n));
                    p = nl ? nl + 1 : p + n;
                }
                json_array_append_new(initiatives, current);
                b->r->ninitiatives++;
            }
        }
        const char *bureau = at(b, row, R_BUREAU), *section = at(b, row, R_SECTION);
        const char *name = at(b, row, R_PROJECT);
        if (!*bureau && !*section && !*name)
            continue; /* an initiative without projects */
        if (!*bureau || !*section || !*name) {
            Role miss = !*bureau ? R_BUREAU : !*section ? R_SECTION : R_PROJECT;
            problem(b, row, col_of(b, miss) ? col_of(b, miss) : 1,
                    "a project needs its bureau, section and name");
            continue;
        }
        json_t *projects = json_object_get(current, "projects");
        json_t *p = find_project(projects, bureau, section, name);
        if (!p) {
            p = json_pack("{s:s, s:s, s:s, s:s, s:{}}", "bureau", bureau, "section", section,
                          "name", name, "summary", at(b, row, R_SUMMARY), "answers");
            json_array_append_new(projects, p);
            b->r->nprojects++;
        }
        int row_fy = 0;
        if (!xlsx && ycol) {
            const char *y = cell(s, row, ycol);
            if (era_parse_fiscal_year(y, &row_fy) != 0) {
                problem(b, row, ycol, "cannot read the fiscal year '%s'", y);
                continue;
            }
            see_year(b, row_fy);
        }
        for (int c = 1; c <= b->ncols; c++) {
            if (b->role[c] != R_FIELD)
                continue;
            const char *v = table_cell(s, row, c);
            int fy = xlsx ? b->year_of[c] : row_fy;
            if (!v || !*v || !fy)
                continue;
            set_answer(b, p, fy, b->field_of[c], v);
        }
    }
}

/* The group headings of the XLSX header (rows hr-2 and hr-1) that the plan
 * keeps: 計画（第5章）記載内容, the two labels over the projects, the label of
 * the progress columns (without its circled number). */
static void read_labels(Builder *b, int hr, json_t *plan, json_t *root)
{
    if (hr < 3)
        return;
    int dcol = col_of(b, R_DIRECTION), bcol = col_of(b, R_BUREAU), fcol = col_of(b, R_FIELD);
    if (dcol && *cell(b->s, hr - 2, dcol))
        json_object_set_new(plan, "chapter_label", json_string(cell(b->s, hr - 2, dcol)));
    if (bcol && *cell(b->s, hr - 2, bcol))
        json_object_set_new(plan, "baseline_label", json_string(cell(b->s, hr - 2, bcol)));
    if (bcol && *cell(b->s, hr - 1, bcol))
        json_object_set_new(plan, "related_label", json_string(cell(b->s, hr - 1, bcol)));
    if (fcol && *cell(b->s, hr - 2, fcol)) {
        char *label = first_line(cell(b->s, hr - 2, fcol));
        json_object_set_new(root, "checks", json_pack("[{s:s}]", "label", label));
        free(label);
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

Err sheet_import_build(const char *name, const void *data, size_t len, const ImportOptions *o,
                       ImportResult *r)
{
    memset(r, 0, sizeof(*r));
    bool xlsx = ends_with(name, ".xlsx"), csv = ends_with(name, ".csv");
    if (!xlsx && !csv) {
        problem_plain(r, "the file is neither .xlsx nor .csv");
        return ERR_INVALID;
    }
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    Err e = xlsx ? xlsx_read(data, len, &arena, &t, &err)
                 : csv_read(data, len, CSV_ENC_AUTO, &arena, &t, NULL, &err);
    if (e != ERR_OK) {
        Buf m = BUF_INIT;
        buf_printf(&m, "%s: %s", xlsx ? "not a readable XLSX file" : "not a readable CSV file",
                   err ? err : "");
        r->problems = xmalloc(sizeof(char *));
        r->problems[0] = buf_take(&m);
        r->nproblems = 1;
        free(err);
        arena_free(&arena);
        return ERR_INVALID;
    }
    Builder *b = xcalloc(1, sizeof(*b));
    b->r = r;
    int hr = 0;
    for (int i = 0; i < t.nsheets && !hr; i++) {
        hr = header_row(&t.sheets[i]);
        b->s = &t.sheets[i];
    }
    if (!hr) {
        problem_plain(r,
                      "no header row found: looked for a row with the headings 事業名・取組名 "
                      "and 課 (or Project and Section), with 方向性, 番号, 取組み, 内容, 局区等, "
                      "局区, 事業概要 and 年度 beside them");
        free(b);
        arena_free(&arena);
        return ERR_INVALID;
    }
    const char *base = strrchr(name, '/');
    b->sheet = xlsx ? b->s->name : (base ? base + 1 : name);
    map_columns(b, hr, xlsx);
    if (!col_of(b, R_NUMBER))
        problem(b, hr, 1, "no 番号 (No.) column");
    if (!xlsx && !col_of(b, R_YEAR))
        problem(b, hr, 1, "no 年度 (Fiscal year) column");
    json_t *root = json_object(), *plan = json_object(), *directions = json_array();
    json_t *initiatives = json_array(), *fields = json_array();
    read_rows(b, hr, xlsx, directions, initiatives);
    if (xlsx)
        read_labels(b, hr, plan, root);
    int from = o->from_fy ? o->from_fy : b->min_fy, to = o->to_fy ? o->to_fy : b->max_fy;
    if (!from || !to) {
        if (!r->nproblems) /* else a year that could not be read says it */
            problem_plain(r, "no fiscal year found: give --from-fy and --to-fy");
    } else if (from > to) {
        problem_plain(r, "the plan's period ends before it begins");
    } else if (b->min_fy && (b->min_fy < from || b->max_fy > to)) {
        char m[128];
        snprintf(m, sizeof(m), "the file has fiscal years %d to %d, outside the period %d to %d",
                 b->min_fy, b->max_fy, from, to);
        problem_plain(r, m);
    }
    for (int i = 0; i < b->nfields; i++) {
        char key[16];
        snprintf(key, sizeof(key), "f%d", i + 1);
        json_array_append_new(
            fields, json_pack("{s:s, s:s, s:s}", "key", key, "label", b->fields[i].label,
                              "checkpoint", b->fields[i].at_end ? "年度末確認" : "年度当初確認"));
        free(b->fields[i].label);
    }
    int dcol = col_of(b, R_DIRECTION), tcol = col_of(b, R_TITLE);
    r->ndirections = (int)json_array_size(directions);
    json_object_set_new(plan, "title", json_string(o->title ? o->title : ""));
    json_object_set_new(plan, "period", json_pack("{s:i, s:i}", "from_fy", from, "to_fy", to));
    json_object_set_new(plan, "levels",
                        json_pack("[s, s]", dcol ? cell(b->s, hr, dcol) : "方向性",
                                  tcol ? cell(b->s, hr, tcol) : "取組み"));
    json_object_set_new(plan, "directions", directions);
    json_object_set_new(root, "plan", plan);
    json_object_set_new(root, "fields", fields);
    json_object_set_new(root, "initiatives", initiatives);
    e = ERR_OK;
    if (r->nproblems)
        e = ERR_INVALID;
    else
        r->json = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    free(b);
    arena_free(&arena);
    return e;
}

Err sheet_import_file(Db *db, const char *path, const ImportOptions *o, bool dry_run,
                      ImportResult *r, int64_t *plan_id)
{
    memset(r, 0, sizeof(*r));
    FILE *f = fopen(path, "rb");
    if (!f) {
        Buf m = BUF_INIT;
        buf_printf(&m, "%s: cannot be read", path);
        r->problems = xmalloc(sizeof(char *));
        r->problems[0] = buf_take(&m);
        r->nproblems = 1;
        return ERR_IO;
    }
    Buf data = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(&data, chunk, n);
    fclose(f);
    Err e = sheet_import_build(path, data.data ? data.data : "", data.len, o, r);
    buf_free(&data);
    if (e != ERR_OK || dry_run)
        return e;
    char *err = NULL;
    e = plan_json_load(db, r->json, strlen(r->json), "import", plan_id, &err);
    if (e != ERR_OK) {
        problem_plain(r, err ? err : "the plan could not be loaded");
        free(err);
    }
    return e;
}

void import_result_free(ImportResult *r)
{
    for (int i = 0; i < r->nproblems; i++)
        free(r->problems[i]);
    free(r->problems);
    free(r->json);
    memset(r, 0, sizeof(*r));
}
