/* libxlsxwriter 1.1.4 writes a workbook only to a named file. Every XLSX of
 * ours is therefore written to a private temporary file, read back through
 * the descriptor mkstemp gave, and removed: one place for that dance. */
#ifndef EXPORT_XLSX_FILE_H
#define EXPORT_XLSX_FILE_H
#include <xlsxwriter.h>
#include "base/buf.h"
#include "base/err.h"

/* Writes a workbook at path (its temporary files in tmpdir); ctx is the
 * caller's. */
typedef lxw_error (*XlsxWriter)(void *ctx, const char *path, const char *tmpdir);

/* Runs write into a temporary file named after prefix (in $TMPDIR, else
 * /tmp) and appends the file's bytes to out. ERR_IO with *err (malloc'd)
 * saying what failed. */
Err xlsx_write_via_file(const char *prefix, XlsxWriter write, void *ctx, Buf *out, char **err);

#endif
