/* Section workbooks (課の回答用Excel): for an open round and one section,
 * an XLSX file with that section's answers, for sections that keep
 * answering in Excel. Sheet 1 has a row per project: a hidden, signed key
 * (model/workbook.h), the project, and for each field of the round last
 * year's confirmed answer beside the answer cell, the only cells a person
 * can change; sheet 2 says how to fill it in and send it back. The upload
 * (import/section_upload.h) reads it back by the positions below. */
#ifndef EXPORT_SECTION_BOOK_H
#define EXPORT_SECTION_BOOK_H
#include <stdint.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "i18n/msg.h"
#include "model/principal.h"
#include "store/db.h"

/* The first sheet's layout, 0-based as libxlsxwriter counts (a reader of
 * the file adds 1 to each). */
enum {
    SECTION_BOOK_ROW_TITLE = 0,   /* the marker in A, the title in B */
    SECTION_BOOK_ROW_HEAD = 1,    /* headings; each field's label over its two columns */
    SECTION_BOOK_ROW_SUB = 2,     /* 前年度 / 回答 under each field's label */
    SECTION_BOOK_ROW_EXAMPLE = 3, /* 記入例: each field's example under its answer cell */
    SECTION_BOOK_ROW_BODY = 4,    /* the first project's row */
    SECTION_BOOK_COL_KEY = 0,     /* A: the signed key, hidden */
    SECTION_BOOK_COL_NUMBER = 1,  /* B: the initiatives' numbers */
    SECTION_BOOK_COL_PROJECT = 2, /* C: 事業名 */
    SECTION_BOOK_COL_SUMMARY = 3, /* D: 事業概要 */
    SECTION_BOOK_COL_FIELDS = 4,  /* E: field i's last year at E + 2i, its answer at E + 2i + 1 */
};

/* In cell A1 of the answer sheet: says what the file is, whatever the
 * language of its texts. */
#define SECTION_BOOK_MARK "shinchoku:section-book:v1"

/* Writes the workbook of section_id in round_id (which must be open) with
 * the section's answers that who may read (NULL: everything, the command
 * line) into out, its texts in lang. *file_name (if not NULL) gets a name
 * for the download, in arena ("回答_令和2年度_年度当初確認_障害企画課.xlsx").
 * ERR_NOT_FOUND: no such round for who, or no answer of the section in it
 * that who may read; ERR_CONFLICT: the round is not open; ERR_DB; ERR_IO
 * with *err a malloc'd message (the caller frees it). */
Err section_book_write(Db *db, Arena *arena, const Principal *who, int64_t round_id,
                       int64_t section_id, Lang lang, Buf *out, const char **file_name, char **err);

#endif
