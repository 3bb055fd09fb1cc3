/* The progress sheet (進捗管理シート) of a plan: its structure, the projects
 * linked to each initiative, and the confirmed answers of the chosen fiscal
 * years. One model feeds the HTML page, the JSON API and (later) the exports.
 *
 * Whose confirmed answers are shown depends on the round's published level
 * (model/round.h): those who run the plan and the sections and bureaus whose
 * projects they are see every confirmed answer; signed-in readers those of
 * rounds published to viewers; anonymous readers those of public rounds. The
 * secretariat may also ask for the unconfirmed answers (all_answers). */
#ifndef MODEL_SHEET_H
#define MODEL_SHEET_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/principal.h"
#include "store/db.h"

enum { SHEET_MAX_YEARS = 16 };

/* What the person asked for. Zero ids mean "all"; no years mean the default:
 * the fiscal years that have rounds and, when no round of the latest of them
 * is open, the year after it (the seed shows the coming year too). */
typedef struct SheetQuery {
    int years[SHEET_MAX_YEARS]; /* fiscal years, ascending after sheet_load */
    int nyears;                 /* 0 for the default */
    int64_t direction_id;       /* only this direction */
    int64_t bureau_id;          /* only projects of sections in this bureau */
    int64_t section_id;         /* only projects of this section */
    bool examples;              /* put the 記入例 row (the fields' examples) first */
    bool all_answers;           /* answers=all: also unconfirmed answers (who runs the plan) */
    const Principal *who;       /* who asks; NULL for the command line (no limit) */
} SheetQuery;

typedef struct SheetField {
    int64_t id;          /* field_def id */
    const char *key;     /* implementation, evaluation ... */
    const char *label;   /* 取組みの実施状況 */
    bool at_year_end;    /* collected at 年度末 (else 年度当初) */
    const char *example; /* 記入例, or NULL */
} SheetField;

typedef struct SheetUnit {
    int64_t id;        /* org unit id */
    const char *name;  /* its name in the sheet's naming year */
    int64_t parent_id; /* the bureau of a section; 0 for a bureau */
    int bureau_order;  /* the place of its bureau (its own for a bureau) */
    int sort_order;    /* its own place in the city's order */
} SheetUnit;

typedef struct SheetDirection {
    int64_t id;        /* direction id */
    const char *label; /* 方向性1 */
    const char *title; /* 一人ひとりの気づきと見守りの推進 */
} SheetDirection;

typedef struct SheetProject {
    int64_t id;          /* project id */
    int64_t bureau_id;   /* org unit of the section's bureau, 0 if none */
    int64_t section_id;  /* org unit of the section */
    const char *bureau;  /* 健康福祉局 */
    const char *section; /* 障害企画課 */
    const char *name;    /* 事業名・取組名 */
    const char *summary; /* 事業概要, as answered when the plan was made */
    bool shared;         /* linked to initiatives of another plan too */
    const char **values; /* [year * nfields + field]; NULL where nothing is confirmed */
    /* Parallel to values: the status of the answer each value comes from
     * ("confirmed", "draft", "submitted", "returned"), NULL where there is no
     * value. The array itself is NULL for the 記入例 row. */
    const char **statuses;
} SheetProject;

typedef struct SheetInitiative {
    int64_t id;                      /* initiative id; 0 for the 記入例 row */
    bool is_example;                 /* the 記入例 row, not an initiative */
    const SheetDirection *direction; /* its direction; NULL for the 記入例 row */
    const char *number;              /* 1, 67, 130 ... */
    const char *title;               /* 取組み */
    const char *content;             /* 内容 */
    const char **bureaus;            /* 局区等, in order */
    int nbureaus;
    SheetProject *projects; /* the rows it spans, after filtering */
    int nprojects;
} SheetInitiative;

typedef struct Sheet {
    int64_t plan_id;
    const char *title, *subtitle, *period_label;
    int from_fy, to_fy;
    const char *chapter_label; /* 計画（第5章）記載内容 */
    const char *baseline_label; /* 平成30年度照会時の回答（計画策定の際に確認した内容） */
    const char *related_label;        /* 左記の取組みに関連する事業・取組み */
    const char *progress_label;       /* 計画期間の取組み状況の確認 */
    const char *doc_title;            /* 進捗管理シート（記入例） */
    const char *doc_meeting;          /* 第1回仙台市自殺対策連絡協議会 */
    const char *doc_material;         /* 資料２－１ */
    int doc_year, doc_month, doc_day; /* the document's date; doc_year 0 if none */
    const char **levels;              /* level names from the top: 方向性, 取組み */
    int nlevels;
    SheetField *fields;
    int nfields;
    int years[SHEET_MAX_YEARS]; /* the fiscal years shown, ascending */
    int nyears;
    SheetDirection *directions; /* all of the plan's, for the filter */
    int ndirections;
    SheetUnit *units; /* bureaus and sections that have projects, in city order */
    int nunits;
    SheetInitiative *initiatives; /* after filtering, in the plan's order */
    int ninitiatives;
    int nrows; /* table rows: projects, or 1 for an initiative without */
} Sheet;

/* Loads plan plan_id's sheet for q into *out (all memory from arena).
 * ERR_NOT_FOUND: no such plan, or not one q->who may read. ERR_INVALID: a year outside the plan's
 * period, or a direction, bureau or section that is not the plan's, or all_answers asked by
 * someone who does not run the plan; *bad_param then names the parameter ("years", "direction",
 * "bureau", "section", "answers"). */
Err sheet_load(Db *db, Arena *arena, int64_t plan_id, const SheetQuery *q, Sheet *out,
               const char **bad_param);

/* The position of a project's value in SheetProject.values. */
static inline int sheet_value_index(const Sheet *s, int year_index, int field_index)
{
    return year_index * s->nfields + field_index;
}

/* The status of an unconfirmed value at index i of p ("draft", "submitted",
 * "returned"), or NULL when the value is confirmed or there is none. */
static inline const char *sheet_unconfirmed(const SheetProject *p, int i)
{
    const char *st = p && p->statuses ? p->statuses[i] : NULL;
    return st && strcmp(st, "confirmed") != 0 ? st : NULL;
}

#endif
