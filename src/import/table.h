/* What the readers of outside files give: sheets of cells, each with its
 * sheet, row and column, so that every problem can be named where it is.
 * The readers know nothing of plans. */
#ifndef IMPORT_TABLE_H
#define IMPORT_TABLE_H
#include <stddef.h>
#include "base/arena.h"

typedef struct Cell {
    int row;          /* 1-based, as a spreadsheet shows it */
    int col;          /* 1-based: A = 1 */
    const char *text; /* the value as text, UTF-8 (numbers as written, dates as YYYY-MM-DD) */
} Cell;

typedef struct Merge {
    int row1, col1, row2, col2; /* inclusive, 1-based */
} Merge;

typedef struct TableSheet {
    const char *name; /* the sheet's name ("" for CSV) */
    Cell *cells;      /* non-empty cells, by row then column */
    int ncells;
    Merge *merges; /* merged ranges (XLSX) */
    int nmerges;
    int nrows, ncols; /* the extent */
} TableSheet;

typedef struct Table {
    TableSheet *sheets;
    int nsheets;
} Table;

/* The text at row, col of sheet s, or NULL (binary search over cells). */
const char *table_cell(const TableSheet *s, int row, int col);
/* The column name of col: 1 -> "A", 27 -> "AA" (out must hold 8 bytes). */
void table_col_name(int col, char out[8]);

#endif
