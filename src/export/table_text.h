/* The texts of the summary's (集計) and the indicators' (評価指標) tables that
 * every writer shows alike: the XLSX's worksheets, the CSV files, the PDF's
 * pages. */
#ifndef EXPORT_TABLE_TEXT_H
#define EXPORT_TABLE_TEXT_H
#include "base/arena.h"
#include "export/layout.h"
#include "model/indicator.h"
#include "model/summary.h"

/* A summary row's name: "方向性1 一人ひとりの気づきと見守りの推進", or 計画全体
 * for the whole plan's row (arena). */
const char *table_summary_row(const SheetLayout *l, const SummaryRow *r, Arena *arena);

/* A grade's heading: "A 達成", or its label alone when the code is the label
 * (◎) (arena). */
const char *table_grade_heading(const SummaryGrade *g, Arena *arena);

/* The heading of a year's column of the indicators: "令和元年度" and what
 * (実績値, or 達成率（%）) joined by sep (arena). */
const char *table_year_heading(const SheetLayout *l, int fy, bool rate, const char *sep,
                               Arena *arena);

/* An indicator's initiative ("1 相談窓口の周知"), or 計画全体. */
const char *table_indicator_initiative(const SheetLayout *l, const Indicator *x);

/* Where an indicator's actuals come from: "相談件数（すべての事業の合計）" or
 * "相談件数（事業名）" (arena). */
const char *table_indicator_source(const SheetLayout *l, const Indicator *x, Arena *arena);

#endif
