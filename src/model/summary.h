/* The summary (集計) of a sheet's rating fields: for each fiscal year shown
 * and each rating field, how many confirmed answers chose each grade and the
 * average of their points, per direction and for the whole plan. It counts
 * exactly the confirmed answers the loaded sheet shows (its filters, and who
 * may see which round), each project once per row even when it serves two
 * initiatives. A choice list (a scale without points) is counted with no
 * average. */
#ifndef MODEL_SUMMARY_H
#define MODEL_SUMMARY_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/sheet.h"
#include "store/db.h"

typedef struct SummaryGrade {
    int64_t id;               /* rating_grade id */
    const char *code, *label; /* A, 達成 */
    bool has_points;          /* false in a choice list */
    double points;            /* when has_points */
} SummaryGrade;

typedef struct SummaryRow {
    const SheetDirection *direction; /* NULL: the whole plan */
    int *counts;                     /* answers per grade, as SummaryTable.grades */
    int answers;                     /* confirmed answers with a grade */
    int scored;                      /* of them, those whose grade has points */
    double points;                   /* the sum of their points */
} SummaryRow;

typedef struct SummaryTable {
    int year;                /* the fiscal year */
    const SheetField *field; /* the rating field, as the sheet has it */
    SummaryGrade *grades;    /* its scale's grades, in order */
    int ngrades;
    bool has_points;  /* some grade has points: averages are shown */
    SummaryRow *rows; /* the directions shown, in order, then the whole plan */
    int nrows;
} SummaryTable;

typedef struct Summary {
    SummaryTable *tables; /* by year, then by the fields' order; only those with answers */
    int ntables;
} Summary;

/* The summary of a loaded sheet (arena). ERR_DB. */
Err summary_load(Db *db, Arena *arena, const Sheet *sheet, Summary *out);

/* The average of a row's points; false when no answer of it had points. */
bool summary_average(const SummaryRow *row, double *average);
/* Does the plan ask a rating (so that it has a summary to offer)? */
bool summary_exists(Db *db, int64_t plan_id);

#endif
