/* Uploading a section workbook (export/section_book.h) filled in Excel or
 * LibreOffice: every row is checked (its signed key, the round, the
 * section, the uploader's rights, the version it was written from, each
 * value), then the rows that pass and changed are written in one
 * transaction, as drafts or submitted. The result is a report per row. */
#ifndef IMPORT_SECTION_UPLOAD_H
#define IMPORT_SECTION_UPLOAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "i18n/msg.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    UPLOAD_MAX_ROWS = 5000, /* answer rows of one file: far above a section's projects */
};

/* What became of one row. */
typedef enum UploadOutcome {
    UPLOAD_SAVED_DRAFT = 0,  /* written as a draft (下書き) */
    UPLOAD_SUBMITTED,        /* written and submitted (提出済) */
    UPLOAD_UNCHANGED,        /* as it was written, or as it is now: left alone */
    UPLOAD_CONFLICT,         /* changed in the program since the file was written */
    UPLOAD_UNKNOWN_KEY,      /* no key of ours, or it names no answer */
    UPLOAD_ALTERED_KEY,      /* a key whose signature does not match */
    UPLOAD_OTHER_ROUND,      /* a row of another round */
    UPLOAD_OTHER_SECTION,    /* the project has moved to another section since */
    UPLOAD_FORBIDDEN,        /* the uploader may not write this answer */
    UPLOAD_NOT_EDITABLE,     /* submitted or confirmed: the section may not change it */
    UPLOAD_ROUND_CLOSED,     /* the round takes no answers now */
    UPLOAD_DUPLICATE,        /* a second row of the same answer */
    UPLOAD_TOO_LONG,         /* field: over its max_chars (limit) */
    UPLOAD_BAD_GRADE,        /* field: not one of its scale's grades */
    UPLOAD_BAD_TEXT,         /* field: control characters or invalid UTF-8 */
    UPLOAD_REQUIRED_MISSING, /* field: empty, and required to submit */
    UPLOAD_NOT_SAVED,        /* passed every check, but the database failed: not written */
    UPLOAD_OUTCOME_COUNT
} UploadOutcome;

/* Why a whole file was refused. */
typedef enum UploadProblem {
    UPLOAD_FILE_OK = 0,
    UPLOAD_FILE_NOT_XLSX,       /* not an XLSX file, or a damaged one */
    UPLOAD_FILE_NOT_BOOK,       /* an XLSX file, but no section workbook */
    UPLOAD_FILE_TOO_BIG,        /* over the reader's limits or UPLOAD_MAX_ROWS */
    UPLOAD_FILE_FIELDS_CHANGED, /* its fields are not the round's (headings altered) */
} UploadProblem;

typedef struct UploadRow {
    const char *sheet;     /* the sheet's name */
    int row;               /* 1-based, as the spreadsheet shows it */
    int64_t answer_id;     /* the answer the key names; 0 when unknown */
    const char *project;   /* the project's name (the file's when the key is unknown) */
    UploadOutcome outcome; /* what became of it */
    const char *field;     /* the field concerned (TOO_LONG ... REQUIRED_MISSING), or NULL */
    int limit;             /* TOO_LONG: the field's limit in characters */
} UploadRow;

typedef struct UploadReport {
    UploadRow *rows; /* in the order of the file (arena) */
    int nrows;
    int written;   /* SAVED_DRAFT and SUBMITTED */
    int unchanged; /* UNCHANGED */
    int conflicts; /* CONFLICT */
    int refused;   /* every other outcome, conflicts included */
} UploadReport;

/* Reads the section workbook data[0..len) and writes the answers of its
 * rows that belong to round_id and that who may write (as answer_save: a
 * section's editor its own, the secretariat on the section's behalf), as
 * drafts or submitted (submit); by is recorded in the history and the
 * audit log. A workbook of any section of the round will do, so the
 * secretariat may upload several one after the other. Every row is
 * checked first; then all the good rows are written in one transaction.
 * ERR_OK: *out reports every row (some may still be refused). ERR_INVALID or
 * ERR_TOO_BIG: the file was refused whole, *problem says why, nothing
 * written. ERR_NOT_FOUND: no such round for who. ERR_DB: nothing written
 * (rows that passed are UPLOAD_NOT_SAVED). Everything is in arena. */
Err section_upload(Db *db, Arena *arena, const Actor *by, const Principal *who, int64_t round_id,
                   const void *data, size_t len, bool submit, UploadReport *out,
                   UploadProblem *problem);

/* Was the row left unwritten for a reason the person must act on (all but
 * SAVED_DRAFT, SUBMITTED and UNCHANGED)? */
bool section_upload_refused(UploadOutcome outcome);
/* The row's outcome as a sentence from the catalogue, naming the field and
 * the limit where they matter. malloc'd; the caller frees it. */
char *section_upload_message(Lang lang, const UploadRow *row);
/* Why a file was refused, from the catalogue (a static string). */
const char *section_upload_problem_message(Lang lang, UploadProblem problem);
/* "3 rows saved, 1 unchanged, 2 refused (1 conflict)", from the catalogue.
 * malloc'd; the caller frees it. */
char *section_upload_summary(Lang lang, const UploadReport *report);

#endif
