/* The writers of the sheet: each turns a laid-out sheet into a file's bytes.
 * They know nothing of HTTP or the database. */
#ifndef EXPORT_EXPORT_H
#define EXPORT_EXPORT_H
#include "base/buf.h"
#include <stdbool.h>
#include "base/err.h"
#include "export/layout.h"

/* XLSX (libxlsxwriter) in the seed's layout. ERR_IO with *err (malloc'd) on
 * failure. */
Err export_xlsx(const SheetLayout *l, Buf *out, char **err);
/* PDF (cairo + pango), A3 landscape, a Japanese font embedded. */
Err export_pdf(const SheetLayout *l, Buf *out, char **err);

/* The sheet as HTML for the page and for print: the document header and the
 * table, each written escaped into b. */
void export_html_doc_head(const SheetLayout *l, Buf *b);
void export_html_table(const SheetLayout *l, Buf *b, Arena *arena);
/* A standalone HTML file (the stylesheet inlined) of the print view. */
Err export_html(const SheetLayout *l, Buf *out, char **err);

typedef enum CsvEncoding { CSV_UTF8_BOM = 0, CSV_CP932 = 1 } CsvEncoding;
typedef struct CsvOptions {
    CsvEncoding encoding;    /* UTF-8 with a BOM (default) or CP932 */
    const char *replacement; /* CP932: written for a character it lacks; NULL refuses */
} CsvOptions;
/* CSV, one row per project and year, RFC 4180. ERR_INVALID with *err naming
 * the row and the character when CP932 cannot hold a character and no
 * replacement is given. */
Err export_csv(const SheetLayout *l, const CsvOptions *o, Buf *out, char **err);

/* What a CSV file holds. A CSV is one table, so the summary and the
 * indicators, which follow the sheet in the XLSX and the PDF, are files of
 * their own: the sheet's CSV stays the table that imports back. */
typedef enum CsvContent {
    CSV_SHEET = 0,  /* the sheet: one row per project and year */
    CSV_SUMMARY,    /* 集計: a row per year, rating field and direction (l->summary) */
    CSV_INDICATORS, /* 評価指標: a row per indicator (l->indicators) */
} CsvContent;
/* export_csv of what, every column named in the first row; a summary or
 * indicators the layout lacks give that row alone. */
Err export_csv_of(const SheetLayout *l, const CsvOptions *o, CsvContent what, Buf *out, char **err);
/* "sheet", "summary", "indicators" -> what a CSV holds; NULL or "" is the
 * sheet; false for anything else. */
bool export_csv_content_parse(const char *name, CsvContent *out);

typedef enum ExportFormat { EXPORT_XLSX, EXPORT_PDF, EXPORT_CSV, EXPORT_HTML } ExportFormat;
/* "xlsx", "pdf", "csv", "html" -> the format; false for anything else. */
bool export_format_parse(const char *name, ExportFormat *out);
const char *export_format_name(ExportFormat f);
/* The Content-Type of a file in format f (csv: with its encoding). */
const char *export_format_type(ExportFormat f, const CsvOptions *csv);
/* Writes the sheet in format f (csv may be NULL: UTF-8 with a BOM). */
Err export_write(const SheetLayout *l, ExportFormat f, const CsvOptions *csv, Buf *out, char **err);
/* A file name a person recognises: 進捗管理シート_仙台市自殺対策計画_令和元年度-令和2年度.xlsx
 * (arena). */
const char *export_file_name(const SheetLayout *l, ExportFormat f, Arena *arena);
/* The name of a CSV of what: the sheet's, with 集計 or 評価指標 before the
 * extension (進捗管理シート_仙台市自殺対策計画_令和元年度_集計.csv) (arena). */
const char *export_csv_file_name(const SheetLayout *l, CsvContent what, Arena *arena);

#endif
