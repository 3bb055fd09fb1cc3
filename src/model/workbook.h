/* What section workbooks (課の回答用Excel) need of the model: the key each
 * answer row carries, signed with this database's secret so that an upload
 * can tell a row the program wrote from one altered or made up; each field's
 * grades; a project's initiative numbers; and an answer's texts as they were
 * at an older version (what a workbook was written with). */
#ifndef MODEL_WORKBOOK_H
#define MODEL_WORKBOOK_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/answer.h"
#include "store/db.h"

enum {
    WORKBOOK_SECRET_BYTES = 32, /* a BLAKE2b key */
    WORKBOOK_KEY_MAX = 160,     /* bytes of a key text with its NUL */
};

/* The per-database secret the keys are signed with. */
typedef struct WorkbookSecret {
    unsigned char bytes[WORKBOOK_SECRET_BYTES]; /* never shown, never in a file */
} WorkbookSecret;

/* What a row's key names: the answer and the state it was written from. */
typedef struct WorkbookKey {
    int64_t answer_id;  /* response.id */
    int64_t round_id;   /* its round */
    int64_t project_id; /* its project */
    int64_t section_id; /* the section that owned the project when written */
    int version;        /* the answer's version the row was written from */
} WorkbookKey;

typedef enum WorkbookKeyCheck {
    WORKBOOK_KEY_OK = 0,
    WORKBOOK_KEY_UNKNOWN, /* not a key of ours at all */
    WORKBOOK_KEY_ALTERED, /* in our form, but the MAC does not match */
} WorkbookKeyCheck;

/* Reads the database's secret, making and storing it at first use.
 * ERR_DB if it can be neither read nor stored. */
Err workbook_secret(Db *db, WorkbookSecret *out);

/* The key text of k: "shinchoku:v1:<answer>:<round>:<project>:<section>:
 * <version>:<MAC>", the MAC 16 bytes of keyed BLAKE2b over what precedes
 * it, in hex. No errors. */
void workbook_key_format(const WorkbookSecret *s, const WorkbookKey *k, char out[WORKBOOK_KEY_MAX]);
/* Parses and verifies a key text (in constant time for the MAC). *out is
 * set only for WORKBOOK_KEY_OK. */
WorkbookKeyCheck workbook_key_parse(const WorkbookSecret *s, const char *text, WorkbookKey *out);
/* Does text begin as a key does (signed or not): a row meant as an answer. */
bool workbook_key_like(const char *text);

/* How a field is answered, beyond AnswerField. */
typedef struct WorkbookField {
    bool rating;         /* kind 'rating': one of grades */
    const char **grades; /* the labels of the scale's grades, in order (arena) */
    const char **codes;  /* their codes, as grades */
    int ngrades;
} WorkbookField;

/* The kind and grades of field_id. ERR_NOT_FOUND, ERR_DB. */
Err workbook_field(Db *db, Arena *arena, int64_t field_id, WorkbookField *out);
/* The numbers of the plan's initiatives that the project serves, in the
 * plan's order, joined by "、" ("" if none); in the arena. ERR_DB. */
Err workbook_initiatives(Db *db, Arena *arena, int64_t plan_id, int64_t project_id,
                         const char **out);
/* The answer's texts as they were at version (one per field of an, "" for
 * none), from its history; an's own values for its current version. out
 * holds an->nfields pointers into the arena. ERR_DB. */
Err workbook_values_at(Db *db, Arena *arena, const Answer *an, int version, const char **out);

#endif
