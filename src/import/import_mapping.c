/* The mapping of a sheet's columns to the plan: suggested from the headings,
 * kept as JSON so that next year's file of the same city maps the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "base/era.h"
#include "base/mem.h"
#include "import/sheet_import.h"

/* Headings the program writes (export/layout.c, both languages) and the
 * usual variants of cities' own sheets. */
static const struct {
    const char *text;
    ImportRole role;
} known[] = {
    {"方向性", IMP_DIRECTION},
    {"Direction", IMP_DIRECTION},
    {"番号", IMP_NUMBER},
    {"No.", IMP_NUMBER},
    {"No", IMP_NUMBER},
    {"取組み", IMP_TITLE},
    {"取組", IMP_TITLE},
    {"Initiative", IMP_TITLE},
    {"内容", IMP_CONTENT},
    {"Content", IMP_CONTENT},
    {"局区等", IMP_BUREAUS},
    {"Bureaus", IMP_BUREAUS},
    {"局区", IMP_BUREAU},
    {"局", IMP_BUREAU},
    {"局名", IMP_BUREAU},
    {"Bureau", IMP_BUREAU},
    {"課", IMP_SECTION},
    {"課名", IMP_SECTION},
    {"担当課", IMP_SECTION},
    {"所管課", IMP_SECTION},
    {"Section", IMP_SECTION},
    {"事業名・取組名", IMP_PROJECT},
    {"事業名", IMP_PROJECT},
    {"取組名", IMP_PROJECT},
    {"事業・取組名", IMP_PROJECT},
    {"Project", IMP_PROJECT},
    {"事業概要", IMP_SUMMARY},
    {"Summary", IMP_SUMMARY},
    {"年度", IMP_YEAR},
    {"Fiscal year", IMP_YEAR},
};

static const char *const role_codes[IMP_ROLE_COUNT] = {
    [IMP_IGNORE] = "ignore",   [IMP_DIRECTION] = "direction", [IMP_NUMBER] = "number",
    [IMP_TITLE] = "title",     [IMP_CONTENT] = "content",     [IMP_BUREAUS] = "bureaus",
    [IMP_BUREAU] = "bureau",   [IMP_SECTION] = "section",     [IMP_PROJECT] = "project",
    [IMP_SUMMARY] = "summary", [IMP_YEAR] = "year",           [IMP_FIELD] = "field",
};

static const MsgId role_names[IMP_ROLE_COUNT] = {
    [IMP_IGNORE] = M_IMP_ROLE_IGNORE,   [IMP_DIRECTION] = M_IMP_ROLE_DIRECTION,
    [IMP_NUMBER] = M_IMP_ROLE_NUMBER,   [IMP_TITLE] = M_IMP_ROLE_TITLE,
    [IMP_CONTENT] = M_IMP_ROLE_CONTENT, [IMP_BUREAUS] = M_IMP_ROLE_BUREAUS,
    [IMP_BUREAU] = M_IMP_ROLE_BUREAU,   [IMP_SECTION] = M_IMP_ROLE_SECTION,
    [IMP_PROJECT] = M_IMP_ROLE_PROJECT, [IMP_SUMMARY] = M_IMP_ROLE_SUMMARY,
    [IMP_YEAR] = M_IMP_ROLE_YEAR,       [IMP_FIELD] = M_IMP_ROLE_FIELD,
};

const char *import_role_code(ImportRole role)
{
    return role >= 0 && role < IMP_ROLE_COUNT ? role_codes[role] : "ignore";
}

const char *import_role_name(ImportRole role, Lang lang)
{
    return msg(lang, role_names[role >= 0 && role < IMP_ROLE_COUNT ? role : IMP_IGNORE]);
}

int import_role_from_code(const char *code)
{
    for (int i = 0; i < IMP_ROLE_COUNT; i++)
        if (code && strcmp(code, role_codes[i]) == 0)
            return i;
    return -1;
}

/* The first line of a heading, trimmed (the XLSX writer adds
 * "\n[年度当初確認]"). */
static char *first_line(Arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strcspn(s, "\r\n");
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(a, s, n);
}

static ImportRole known_role(const char *heading)
{
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcasecmp(heading, known[i].text) == 0)
            return known[i].role;
    return IMP_IGNORE;
}

/* The first row of s with a project and a section heading, or 0. */
static int header_row(const TableSheet *s, Arena *a)
{
    int last = s->nrows < 50 ? s->nrows : 50; /* a header is near the top */
    for (int row = 1; row <= last; row++) {
        bool project = false, section = false;
        for (int col = 1; col <= s->ncols; col++) {
            const char *t = table_cell(s, row, col);
            if (!t)
                continue;
            ImportRole r = known_role(first_line(a, t));
            project |= r == IMP_PROJECT;
            section |= r == IMP_SECTION;
        }
        if (project && section)
            return row;
    }
    return 0;
}

/* The text at row, col or of the merged range that covers it; "". */
static const char *merged_cell(const TableSheet *s, int row, int col)
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

bool import_mapping_suggest(const Table *t, ImportMapping *m, ImportResult *r)
{
    memset(m, 0, sizeof(*m));
    m->sheet = -1;
    int hr = 0, si = 0;
    for (; si < t->nsheets && !hr; si++)
        hr = header_row(&t->sheets[si], &r->arena);
    if (!hr) {
        import_add_problem(r, NULL, 0, 0, M_IMP_NO_HEADER, 0);
        return false;
    }
    import_mapping_suggest_at(t, si - 1, hr, m, r);
    return true;
}

void import_mapping_suggest_at(const Table *t, int sheet, int hr, ImportMapping *m, ImportResult *r)
{
    Arena *a = &r->arena;
    memset(m, 0, sizeof(*m));
    const TableSheet *s = &t->sheets[sheet];
    m->sheet = sheet;
    m->header_row = hr;
    int ncols = s->ncols < IMPORT_MAX_COLUMNS ? s->ncols : IMPORT_MAX_COLUMNS;
    m->cols = arena_alloc(a, sizeof(ImportColumn) * (size_t)(ncols + 1));
    bool fixed_done = false, number_seen = false, direction_seen = false;
    ImportRole previous = IMP_IGNORE;
    for (int col = 1; col <= ncols; col++) {
        const char *raw = table_cell(s, hr, col);
        if (!raw || !*raw)
            continue;
        ImportColumn *c = &m->cols[m->ncols++];
        *c = (ImportColumn){.col = col, .heading = first_line(a, raw)};
        ImportRole role = known_role(c->heading);
        /* After 事業概要 (or 年度) every heading is a field, except the 年度
         * column of a one-row-per-year CSV. */
        bool fields_seen = false;
        for (int k = 0; k < m->ncols - 1; k++)
            fields_seen |= m->cols[k].role == IMP_FIELD;
        if (fixed_done && (role != IMP_YEAR || fields_seen))
            role = IMP_IGNORE;
        if (role == IMP_SUMMARY || role == IMP_YEAR)
            fixed_done = true;
        /* The level headings are the plan's own words: the direction's
         * column is the first unknown one before 番号, the initiative's
         * title the one right after it. */
        if (role == IMP_IGNORE && !fixed_done && !number_seen && !direction_seen)
            role = IMP_DIRECTION;
        else if (role == IMP_IGNORE && !fixed_done && previous == IMP_NUMBER)
            role = IMP_TITLE;
        number_seen |= role == IMP_NUMBER;
        direction_seen |= role == IMP_DIRECTION;
        previous = role;
        if (role == IMP_IGNORE) {
            role = IMP_FIELD;
            c->field = c->heading;
            c->at_end = strstr(raw, "年度末") || strcasestr(raw, "end of year");
            const char *y = hr > 1 ? merged_cell(s, hr - 1, col) : "";
            int fy;
            if (*y && era_parse_fiscal_year(y, &fy) == 0)
                c->fiscal_year = fy;
        }
        c->role = role;
    }
}

char *import_mapping_to_json(const Table *t, const ImportMapping *m)
{
    json_t *cols = json_array();
    for (int i = 0; i < m->ncols; i++) {
        const ImportColumn *c = &m->cols[i];
        char name[8];
        table_col_name(c->col, name);
        json_t *o = json_pack("{s:s, s:s, s:s}", "column", name, "heading", c->heading, "role",
                              import_role_code(c->role));
        if (c->role == IMP_FIELD) {
            json_object_set_new(o, "field", json_string(c->field ? c->field : c->heading));
            json_object_set_new(o, "fiscal_year", json_integer(c->fiscal_year));
            json_object_set_new(o, "at_end", json_boolean(c->at_end));
        }
        json_array_append_new(cols, o);
    }
    const char *sheet = m->sheet < t->nsheets ? t->sheets[m->sheet].name : "";
    json_t *root = json_pack("{s:i, s:s, s:i, s:o}", "version", 1, "sheet", sheet ? sheet : "",
                             "header_row", m->header_row, "columns", cols);
    char *out = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return out;
}

/* "AB" -> 28, or 0. */
static int col_number(const char *name)
{
    int n = 0;
    for (const char *p = name; *p; p++) {
        if (*p < 'A' || *p > 'Z' || n > 100000)
            return 0;
        n = n * 26 + (*p - 'A' + 1);
    }
    return n;
}

/* what may live in the JSON being read: the problem keeps a copy. */
static Err bad_mapping(ImportResult *r, const char *what)
{
    import_add_problem(r, NULL, 0, 0, M_IMP_BAD_MAPPING, 1, arena_strdup(&r->arena, what));
    return ERR_INVALID;
}

Err import_mapping_from_json(const char *json, const Table *t, ImportMapping *m, ImportResult *r)
{
    Arena *a = &r->arena;
    memset(m, 0, sizeof(*m));
    json_error_t jerr;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return bad_mapping(r, root ? "not an object" : jerr.text);
    }
    Err e = ERR_OK;
    const char *sheet = json_string_value(json_object_get(root, "sheet"));
    json_t *hr = json_object_get(root, "header_row"), *cols = json_object_get(root, "columns");
    m->sheet = -1;
    for (int i = 0; sheet && i < t->nsheets; i++)
        if (strcmp(t->sheets[i].name ? t->sheets[i].name : "", sheet) == 0 ||
            (t->nsheets == 1 && !*t->sheets[i].name))
            m->sheet = i;
    if (m->sheet < 0 && t->nsheets == 1)
        m->sheet = 0; /* one sheet: its name may differ from last year's */
    if (m->sheet < 0) {
        import_add_problem(r, NULL, 0, 0, M_IMP_MAPPING_SHEET, 1,
                           arena_strdup(a, sheet ? sheet : ""));
        e = ERR_INVALID;
        goto done;
    }
    if (!json_is_integer(hr) || json_integer_value(hr) < 1 ||
        json_integer_value(hr) > t->sheets[m->sheet].nrows || !json_is_array(cols) ||
        json_array_size(cols) > IMPORT_MAX_COLUMNS) {
        e = bad_mapping(r, "header_row, columns");
        goto done;
    }
    m->header_row = (int)json_integer_value(hr);
    m->cols = arena_alloc(a, sizeof(ImportColumn) * (json_array_size(cols) + 1));
    json_t *o;
    size_t i;
    json_array_foreach(cols, i, o)
    {
        const char *name = json_string_value(json_object_get(o, "column"));
        int role = import_role_from_code(json_string_value(json_object_get(o, "role")));
        int col = name ? col_number(name) : 0;
        if (!col || role < 0) {
            e = bad_mapping(r, name ? name : "column");
            goto done;
        }
        if (col > t->sheets[m->sheet].ncols) {
            import_add_problem(r, NULL, 0, 0, M_IMP_MAPPING_COLUMN, 1, arena_strdup(a, name));
            e = ERR_INVALID;
            continue;
        }
        const char *raw = table_cell(&t->sheets[m->sheet], m->header_row, col);
        ImportColumn *c = &m->cols[m->ncols++];
        *c = (ImportColumn){
            .col = col, .role = (ImportRole)role, .heading = first_line(a, raw ? raw : "")};
        if (role == IMP_FIELD) {
            const char *field = json_string_value(json_object_get(o, "field"));
            c->field = arena_strdup(a, field && *field ? field : c->heading);
            json_t *fy = json_object_get(o, "fiscal_year");
            c->fiscal_year = json_is_integer(fy) ? (int)json_integer_value(fy) : 0;
            c->at_end = json_is_true(json_object_get(o, "at_end"));
        }
    }
done:
    json_decref(root);
    return e;
}
