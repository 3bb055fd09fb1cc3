/* The CSV reader: RFC 4180 text, as Excel and our own writer make it, in
 * UTF-8 (with or without a BOM) or CP932 (Excel's Shift_JIS), turned into one
 * sheet of cells. Every problem is named by its row, so that a person can
 * find it in the file. */
#ifndef IMPORT_CSV_READ_H
#define IMPORT_CSV_READ_H
#include <stddef.h>
#include "base/arena.h"
#include "base/err.h"
#include "import/table.h"

/* Named apart from export.h's CsvEncoding so that both headers can be used
 * together. */
typedef enum CsvReadEncoding {
    CSV_ENC_AUTO,  /* a BOM or valid UTF-8 means UTF-8; else CP932 */
    CSV_ENC_UTF8,  /* UTF-8, a BOM skipped */
    CSV_ENC_CP932, /* Shift_JIS with the NEC and IBM extensions, as Excel writes it */
} CsvReadEncoding;

/* Limits against damaged and hostile files, far above what a progress sheet
 * needs; each refusal names the row where it was reached. */
enum {
    CSV_READ_MAX_BYTES = 64 * 1024 * 1024, /* larger input is refused */
    CSV_READ_MAX_CELLS = 1000000,          /* non-empty cells */
    CSV_READ_MAX_ROWS = 1048576,           /* rows, blank ones too (Excel's own limit) */
    CSV_READ_MAX_COLS = 16384,             /* fields of a row (Excel's own limit, XFD) */
    /* Bytes of one field in UTF-8: Excel holds at most 32,767 characters in a
     * cell (about 96 KiB of Japanese); a longer field is mostly a quote left
     * open that swallowed the rest of the file. */
    CSV_READ_MAX_FIELD = 256 * 1024,
};

/* Reads data[0..len) into out: one TableSheet named "", its non-empty cells by
 * row then column (1-based; a quoted field's line breaks do not start a new
 * row), CRLF inside a quoted field given as LF, and the apostrophe our writer
 * puts before a formula-like value ('=, '+, '-, '@) removed. nrows and ncols
 * are the extent of the non-empty cells. Everything lives in arena. The
 * encoding used goes to *detected (may be NULL).
 * ERR_INVALID when the text does not decode or a quote is not closed,
 * ERR_TOO_BIG over the limits above, ERR_IO when iconv lacks CP932; each with
 * *err (malloc'd) naming the row. */
Err csv_read(const void *data, size_t len, CsvReadEncoding enc, Arena *arena, Table *out,
             CsvReadEncoding *detected, char **err);

#endif
