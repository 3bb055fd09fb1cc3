/* Reading a progress sheet back: an XLSX or CSV file, in the layouts the
 * program writes or in a city's own, turned into the plan's JSON form
 * (model/plan_json.h) and loaded in one transaction.
 *
 * Three steps, so that a person can look between them: read the file into a
 * Table; find its header row and suggest what each column is (a mapping,
 * which can be edited, saved as JSON and used again next year); build the
 * plan from the table with that mapping. Every problem is named by its cell
 * ("Sheet1!C12: ...") in the language asked for, and any problem refuses the
 * whole import. */
#ifndef IMPORT_SHEET_IMPORT_H
#define IMPORT_SHEET_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "i18n/msg.h"
#include "import/table.h"
#include "model/plan_json.h"
#include "store/db.h"

/* What a column holds. */
typedef enum ImportRole {
    IMP_IGNORE,
    IMP_DIRECTION, /* the first level (方向性) */
    IMP_NUMBER,    /* the initiative's number */
    IMP_TITLE,     /* the initiative (取組み) */
    IMP_CONTENT,   /* its content (内容) */
    IMP_BUREAUS,   /* its responsible bureaus (局区等), one per line */
    IMP_BUREAU,    /* the project's bureau (局区) */
    IMP_SECTION,   /* the project's section (課) */
    IMP_PROJECT,   /* the project's name */
    IMP_SUMMARY,   /* the project's summary (事業概要) */
    IMP_YEAR,      /* the fiscal year of the row (one row per project and year) */
    IMP_FIELD,     /* an answer field */
    IMP_ROLE_COUNT
} ImportRole;

enum { IMPORT_MAX_COLUMNS = 512 };

typedef struct ImportColumn {
    int col;             /* 1-based: A = 1 */
    const char *heading; /* the first line of its heading in the file */
    ImportRole role;
    const char *field; /* IMP_FIELD: the field's label (the heading unless renamed) */
    int fiscal_year;   /* IMP_FIELD: the year of the column, or 0 for the row's 年度 */
    bool at_end;       /* IMP_FIELD: answered at the year's end (年度末確認) */
} ImportColumn;

typedef struct ImportMapping {
    int sheet;      /* index of the sheet in the Table */
    int header_row; /* 1-based */
    ImportColumn *cols;
    int ncols;
} ImportMapping;

/* A problem at a cell (row and col 0 when it concerns the whole file). */
typedef struct ImportProblem {
    const char *sheet;
    int row, col;
    MsgId id;
    const char *args[4];
    int nargs;
} ImportProblem;

typedef struct ImportOptions {
    const char *title;  /* a new plan's title */
    int64_t into_plan;  /* or the plan to merge into (0: a new plan) */
    int from_fy, to_fy; /* a new plan's period; 0: the years the file has */
} ImportOptions;

/* What an import found; everything of it lives in its arena. */
typedef struct ImportResult {
    Arena arena;
    int ndirections, ninitiatives, nprojects, nanswers; /* what the file holds */
    ImportProblem *problems;
    int nproblems, cap;
    char *json; /* the plan's JSON, NULL when refused */
} ImportResult;

void import_result_init(ImportResult *r);
void import_result_free(ImportResult *r);

/* Reads the file called name (its extension says xlsx or csv). ERR_INVALID
 * with a problem in r when it is neither or cannot be read. */
Err sheet_import_read(const char *name, const void *data, size_t len, Table *out, ImportResult *r);
/* Finds the header row (the first one with 事業名・取組名 and 課, or Project
 * and Section) and suggests a role for every column by its heading. False
 * when no sheet has such a row (a problem in r). */
bool import_mapping_suggest(const Table *t, ImportMapping *m, ImportResult *r);
/* The same suggestion for a header row a person chose (sheet is an index
 * of t, hr a row of it). */
void import_mapping_suggest_at(const Table *t, int sheet, int hr, ImportMapping *m,
                               ImportResult *r);
/* The mapping as JSON (malloc'd), to keep for next year. */
char *import_mapping_to_json(const Table *t, const ImportMapping *m);
/* Reads a mapping back for table t. ERR_INVALID with a problem in r when it
 * is not a mapping or names a sheet or column t does not have. */
Err import_mapping_from_json(const char *json, const Table *t, ImportMapping *m, ImportResult *r);
/* Builds the plan's JSON from t with mapping m. ERR_OK with r->json set, or
 * ERR_INVALID with the problems in r. */
Err sheet_import_build_with(const Table *t, const ImportMapping *m, const ImportOptions *o,
                            ImportResult *r);

/* Read, suggest and build in one call (r is initialised here): ERR_OK with
 * r->json, or ERR_INVALID. */
Err sheet_import_build(const char *name, const void *data, size_t len, const ImportOptions *o,
                       ImportResult *r);

/* Loads r->json into db: a new plan, or merged into o->into_plan (what is
 * there already is matched by number, section and name, and counted as
 * updated or left alone). With dry_run nothing stays written: the counts say
 * what would be. A failure adds a problem to r. */
Err sheet_import_load(Db *db, const ImportOptions *o, const char *actor, bool dry_run,
                      ImportResult *r, PlanLoadCounts *counts, int64_t *plan_id);

/* The file at path: read, mapped (by mapping_json, or suggested when NULL),
 * built and loaded (or, with dry_run, counted). r is initialised here.
 * ERR_IO when the file cannot be read. */
Err sheet_import_file(Db *db, const char *path, const char *mapping_json, const ImportOptions *o,
                      bool dry_run, ImportResult *r, PlanLoadCounts *counts, int64_t *plan_id);

/* Adds a problem at sheet!row,col (sheet NULL and row 0 for the whole file);
 * the nargs const char * arguments fill {1}.. of the message and must live
 * as long as r (copy them into r->arena). */
void import_add_problem(ImportResult *r, const char *sheet, int row, int col, MsgId id, int nargs,
                        ...);
/* A problem as text in lang: "Sheet1!C12: 年度「来年度」を読み取れません"
 * (malloc'd). */
char *import_problem_text(const ImportProblem *p, Lang lang);
/* The name of a role in lang, for the mapping's choices. */
const char *import_role_name(ImportRole role, Lang lang);
/* The role named code ("direction", "field" ...), or -1; and its code. */
int import_role_from_code(const char *code);
const char *import_role_code(ImportRole role);

#endif
