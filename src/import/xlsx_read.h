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

/* Limits against damaged and hostile files (zip bombs, billions of rows):
 * each is far above what a progress sheet needs, and each refusal names the
 * part, sheet or cell where it was reached. */
enum {
    XLSX_MAX_PART = 64 << 20,   /* bytes of one uncompressed part */
    XLSX_MAX_TOTAL = 256 << 20, /* bytes uncompressed of all the parts read together */
    /* Uncompressed:compressed of one part, once more than XLSX_RATIO_FROM
     * bytes have come out of it. Sheets that people make stay far below
     * 200:1 (deflate reaches about 1030:1 on one repeated byte); smaller
     * parts are cheap whatever their ratio, and a sheet of one cell written a
     * million times (test_xlsx_read's limit of cells) is 14 MiB at 480:1. */
    XLSX_MAX_RATIO = 200,
    XLSX_RATIO_FROM = 16 << 20,
    XLSX_MAX_ENTRIES = 10000,  /* entries (files) in the archive */
    XLSX_MAX_SHEETS = 1000,    /* sheets of the workbook */
    XLSX_MAX_ROWS = 1048576,   /* Excel's own limits of a sheet */
    XLSX_MAX_COLS = 16384,     /* (XFD) */
    XLSX_MAX_SHARED = 1000000, /* shared strings */
    XLSX_MAX_STYLES = 65536,   /* cell formats (Excel itself allows 64,000) */
    XLSX_MAX_MERGES = 100000,  /* merged ranges of the whole workbook */
    XLSX_MAX_CELLS = 1000000,  /* non-empty cells of the whole workbook */
};

/* Reads the XLSX file data[0..len) into *out, all of it in arena. Returns
 * ERR_INVALID for a file that is not an XLSX file or is damaged, ERR_TOO_BIG
 * over a limit above; then *err is a malloc'd message naming the part or the
 * cell ("xl/worksheets/sheet1.xml: not well-formed (invalid token) (line 3)",
 * "Sheet1!B3: invalid UTF-8") and *out is empty. Safe on any input. */
Err xlsx_read(const void *data, size_t len, Arena *arena, Table *out, char **err);

#endif
