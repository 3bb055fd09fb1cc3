/* The worksheets of the sheet's workbook after the sheet itself (private to
 * xlsx.c and xlsx_tables.c): the summary (集計) and the indicators (評価指標),
 * each printed like the sheet. */
#ifndef EXPORT_XLSX_TABLES_H
#define EXPORT_XLSX_TABLES_H
#include <xlsxwriter.h>
#include "base/arena.h"
#include "export/layout.h"

typedef struct XlsxTables {
    const SheetLayout *l; /* what is written: its summary and indicators */
    lxw_workbook *wb;     /* the workbook the worksheets are added to */
    lxw_format *caption;  /* a table's caption, as the sheet's plan line */
    lxw_format *head;     /* heading cells, as the sheet's */
    lxw_format *cell;     /* text cells, as the sheet's */
    Arena *arena;         /* the texts */
    lxw_error error;      /* the first failure; LXW_NO_ERROR while none */
} XlsxTables;

/* Adds the worksheet 集計 (Summary): a table per year and rating field, a row
 * per direction and the whole plan's. Nothing when l->summary is NULL or
 * has no table. */
void xlsx_summary_sheet(XlsxTables *t);

/* Adds the worksheet 評価指標 (Indicators): a row per indicator with its
 * unit, baseline and target with their years, which way is better, each
 * shown year's actual and 達成率, its initiative and source. Nothing when
 * l->indicators is NULL or empty. */
void xlsx_indicator_sheet(XlsxTables *t);

#endif
