/* Setting up a plan without a programmer: the plan itself (title, period,
 * the names of its levels, the sheet's labels), its directions (方向性) and
 * initiatives (取組み) with their responsible bureaus: added, edited,
 * reordered, renumbered and retired from a fiscal year; and a plan copied
 * into a new period. Administrators create plans; a plan's secretariat (or
 * an administrator) changes it. Every change is one transaction with an
 * audit entry; a change a person got wrong is refused with a PlanProblem and
 * nothing written. */
#ifndef MODEL_PLAN_EDIT_H
#define MODEL_PLAN_EDIT_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    PLAN_TITLE_MAX = 200,  /* characters */
    PLAN_LABEL_MAX = 100,  /* a level's name, a direction's label, a sheet label */
    PLAN_TEXT_MAX = 2000,  /* a title or content of an initiative */
    PLAN_NUMBER_MAX = 20,  /* an initiative's number */
    PLAN_MAX_BUREAUS = 32, /* responsible bureaus of one initiative */
};

typedef enum PlanProblem {
    PLAN_OK = 0,
    PLAN_TITLE_MISSING,     /* a title (or label, or number) is empty */
    PLAN_TOO_LONG,          /* over its limit */
    PLAN_BAD_TEXT,          /* invalid UTF-8 or control characters */
    PLAN_BAD_PERIOD,        /* not fiscal years, or the end before the start */
    PLAN_LABEL_TAKEN,       /* another direction of the plan has this label */
    PLAN_NUMBER_TAKEN,      /* another initiative of the plan has this number */
    PLAN_BAD_DIRECTION,     /* not a direction of the plan */
    PLAN_BAD_BUREAU,        /* not a bureau or ward */
    PLAN_BAD_YEAR,          /* a retirement year outside the plan's period */
    PLAN_PERIOD_HAS_ROUNDS, /* the new period would leave out a year with rounds */
} PlanProblem;

typedef struct PlanInput {
    const char *title, *subtitle;
    int from_fy, to_fy;
    const char *period_label;    /* as the plan writes it; "" to derive it */
    const char *level1, *level2; /* 方向性, 取組み */
    const char *chapter_label, *baseline_label, *related_label, *progress_label;
} PlanInput;

typedef struct InitiativeInput {
    int64_t direction_id;
    const char *number, *title, *content;
    const int64_t *bureaus; /* org_unit ids of bureaus or wards, in order */
    int nbureaus;
} InitiativeInput;

Err plan_create(Db *db, const Actor *by, const Principal *who, const PlanInput *in,
                int64_t *plan_id, PlanProblem *problem);
Err plan_update(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const PlanInput *in,
                PlanProblem *problem);

Err direction_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const char *label,
                  const char *title, int64_t *id, PlanProblem *problem);
Err direction_update(Db *db, const Actor *by, const Principal *who, int64_t id, const char *label,
                     const char *title, PlanProblem *problem);

Err initiative_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id,
                   const InitiativeInput *in, int64_t *id, PlanProblem *problem);
Err initiative_update(Db *db, const Actor *by, const Principal *who, int64_t id,
                      const InitiativeInput *in, PlanProblem *problem);

/* Moves a direction or an initiative (within its direction) one place up
 * (delta -1) or down (+1) in the plan's order. */
Err direction_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta);
Err initiative_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta);
/* Retires it from fiscal year fy (0: brings it back): the sheets of that
 * year and later leave it out; earlier years keep it and its answers. */
Err direction_retire(Db *db, const Actor *by, const Principal *who, int64_t id, int fy,
                     PlanProblem *problem);
Err initiative_retire(Db *db, const Actor *by, const Principal *who, int64_t id, int fy,
                      PlanProblem *problem);
/* Numbers the plan's initiatives 1, 2, 3 ... in the plan's order. */
Err plan_renumber(Db *db, const Actor *by, const Principal *who, int64_t plan_id);

/* A new plan for from_fy..to_fy with the structure of plan_id: its levels
 * and labels, directions, initiatives (not retired) and their bureaus, tags,
 * scales, fields (not retired), indicators, and the links to the same
 * projects with their baseline texts. The old plan, its rounds and answers
 * stay as they are. Administrators only. */
Err plan_copy(Db *db, const Actor *by, const Principal *who, int64_t plan_id, const char *title,
              int from_fy, int to_fy, int64_t *new_id, PlanProblem *problem);

/* One line of a pasted list of initiatives. */
typedef struct BulkInitiative {
    const char *direction; /* the direction's label; a new one is made for a new label */
    const char *number, *title, *content;
} BulkInitiative;

/* Adds the initiatives of a pasted list (and the directions they name that
 * the plan lacks) in one transaction: all of them, or none, with *bad_row
 * (0-based) and *problem saying which line was wrong and how. *directions
 * counts the directions made. */
Err initiatives_add_bulk(Db *db, const Actor *by, const Principal *who, int64_t plan_id,
                         const BulkInitiative *rows, int n, int *bad_row, PlanProblem *problem,
                         int *directions);

/* ---------- Reading the structure ---------- */

typedef struct StructInitiative {
    int64_t id, direction_id;
    const char *number, *title, *content;
    int retired_fy;   /* 0: in use */
    int64_t *bureaus; /* org_unit ids, in order */
    const char **bureau_names;
    int nbureaus;
} StructInitiative;

typedef struct StructDirection {
    int64_t id;
    const char *label, *title;
    int retired_fy;
    StructInitiative *initiatives; /* in order */
    int ninitiatives;
} StructDirection;

typedef struct PlanStructure {
    int64_t id;
    PlanInput plan; /* as stored, the levels' names included */
    bool published;
    StructDirection *directions; /* in order */
    int ndirections;
} PlanStructure;

/* The plan's structure (arena), retired parts included, if who may read the
 * plan; else ERR_NOT_FOUND. */
Err plan_structure(Db *db, Arena *arena, const Principal *who, int64_t plan_id, PlanStructure *out);

/* The plan of a direction or an initiative, or 0. */
int64_t direction_plan(Db *db, int64_t id);
int64_t initiative_plan(Db *db, int64_t id);

#endif
