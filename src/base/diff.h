/* A character diff of two UTF-8 texts, for showing how an answer changed.
 * Characters are what a person sees (grapheme clusters, as utf8_char_count
 * counts them), so a letter and its combining marks are never split. The
 * longest common subsequence is found by dynamic programming over the part
 * between the common beginning and end; when that part is too big (more than
 * DIFF_MAX_CELLS cells) the diff falls back to replacing it whole. */
#ifndef BASE_DIFF_H
#define BASE_DIFF_H
#include <stdbool.h>
#include "base/arena.h"

enum {
    DIFF_MAX_CELLS = 4000000, /* characters of one text times the other's */
};

typedef enum DiffKind {
    DIFF_SAME,   /* in both texts */
    DIFF_INSERT, /* only in the new text */
    DIFF_DELETE, /* only in the old text */
} DiffKind;

typedef struct DiffRun {
    DiffKind kind;
    const char *text; /* never empty; in the arena */
} DiffRun;

typedef struct Diff {
    DiffRun *runs; /* in order; in a changed stretch the deletion comes first */
    int nruns;
    bool whole; /* too long to compare: the changed part is shown replaced whole */
} Diff;

/* The diff from old_text to new_text (NULL reads as ""), into the arena.
 * Identical texts give one DIFF_SAME run (none if both are empty). */
void diff_texts(Arena *arena, const char *old_text, const char *new_text, Diff *out);

#endif
