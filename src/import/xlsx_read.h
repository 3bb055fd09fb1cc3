/* Reading an XLSX workbook (Office Open XML spreadsheet) into a Table: every
 * sheet's non-empty cells as text, and its merged ranges. Only what a person
 * sees in a cell matters here: shared and inline strings, numbers as written,
 * dates (by their cell style) as YYYY-MM-DD, booleans as TRUE/FALSE. */
#ifndef IMPORT_XLSX_READ_H
#define IMPORT_XLSX_READ_H
#include <stddef.h>
#include "base/arena.h"
#include "base/err.h"
#include "import/table.h"

enum {
    XLSX_MAX_PART = 64 << 20, /* bytes of one uncompressed part (zip bombs) */
    XLSX_MAX_CELLS = 1000000, /* non-empty cells of the whole workbook */
};

/* Reads the XLSX file data[0..len) into *out, all of it in arena. Returns
 * ERR_INVALID for a file that is not an XLSX file or is damaged, ERR_TOO_BIG
 * over a limit above; then *err is a malloc'd message naming the part or the
 * cell ("xl/worksheets/sheet1.xml: not well-formed (invalid token) (line 3)",
 * "Sheet1!B3: invalid UTF-8") and *out is empty. Safe on any input. */
Err xlsx_read(const void *data, size_t len, Arena *arena, Table *out, char **err);

#endif
