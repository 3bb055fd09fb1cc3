/* The organisation over time: bureaus and wards, each followed by its
 * sections, in the city's own order, named as in a given fiscal year; and
 * the yearly reorganisation (create, rename, move, merge, close, reorder,
 * projects moved between sections), each from a fiscal year.
 *
 * A unit's name, parent and place hold for ranges of fiscal years
 * (org_unit_period). A change from fiscal year fy splits the period that
 * holds fy: up to fy-1 the old values stay, from fy the new ones hold, up to
 * the next change of the same value. So earlier years keep their names, and
 * a unit keeps one id (its projects and grants point to it) through renames
 * and moves. */
#ifndef MODEL_ORG_H
#define MODEL_ORG_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

/* SQL: the id of the one period of unit (an SQL expression) that names it in
 * fiscal year fy (an SQL expression): the period holding fy; for a unit that
 * did not exist then, its last period before fy, else its first after. Every
 * query that names units joins "org_unit_period p ON p.id = ORG_PERIOD_AT(...)",
 * so that a unit with several periods still gives one row. */
#define ORG_PERIOD_AT(unit, fy)                                                                    \
    "COALESCE((SELECT x.id FROM org_unit_period x WHERE x.unit_id = " unit " AND x.from_fy <= " fy \
    " ORDER BY x.from_fy DESC LIMIT 1),"                                                           \
    " (SELECT x.id FROM org_unit_period x WHERE x.unit_id = " unit " ORDER BY x.from_fy LIMIT 1))"

enum { ORG_FOREVER = 9999 }; /* to_fy of a period without an end */

typedef struct OrgUnit {
    int64_t id;        /* org_unit id */
    const char *name;  /* in the fiscal year asked */
    const char *kind;  /* bureau, ward, section, office */
    int64_t parent_id; /* 0 for a bureau or ward */
    int first_fy;      /* the first fiscal year it exists (0: from the start) */
    int last_fy;       /* the last (ORG_FOREVER: no end) */
} OrgUnit;

/* One range of fiscal years with the unit's name, parent and place. */
typedef struct OrgPeriod {
    int from_fy, to_fy; /* inclusive */
    const char *name;   /* the name in these years */
    int64_t parent_id;  /* 0 for none */
    int sort_order;     /* the place in the city's order */
} OrgPeriod;

/* A unit with its whole history, oldest period first. */
typedef struct OrgHistory {
    int64_t id;
    const char *kind;
    OrgPeriod *periods;
    int nperiods;
} OrgHistory;

/* A project as the reorganisation pages show it. */
typedef struct OrgProject {
    int64_t id;
    const char *name;
    int from_fy, to_fy; /* the years it is valid */
} OrgProject;

/* Why a change was refused (with ERR_INVALID); the page names it. */
typedef enum OrgProblem {
    ORG_OK = 0,
    ORG_BAD_YEAR,     /* not a fiscal year (1..9998) */
    ORG_BAD_NAME,     /* empty, over 100 characters, or with control characters */
    ORG_BAD_KIND,     /* not bureau, ward, section or office */
    ORG_BAD_PARENT,   /* a section's parent must be a bureau or ward of those years */
    ORG_NAME_TAKEN,   /* another unit under the same parent has the name that year */
    ORG_NOT_IN_YEAR,  /* the unit does not exist in that fiscal year */
    ORG_FIRST_YEAR,   /* closing (or merging) from its first year would leave nothing */
    ORG_UNCHANGED,    /* the change would change nothing */
    ORG_BAD_TARGET,   /* merge: not another unit of the same level for those years */
    ORG_HAS_PROJECTS, /* close: it owns projects valid in that year or later */
    ORG_HAS_CHILDREN, /* close: sections are under it in that year or later */
    ORG_NO_NEIGHBOUR, /* reorder: first or last already */
    ORG_NO_PROJECTS,  /* move projects: none chosen */
    ORG_BAD_PROJECT,  /* move projects: not the unit's, or ended before that year */
    ORG_BAD_SECTION,  /* move projects: the target is not a section or office then */
} OrgProblem;

/* Every unit valid in fiscal year fy, bureaus each followed by their sections. */
Err org_list(Db *db, Arena *arena, int fy, OrgUnit **out, int *count);
/* The unit's name in fiscal year fy, or NULL (arena). */
const char *org_name(const OrgUnit *units, int count, int64_t id);
/* The fiscal year of today in Japan (April to March). */
int org_current_fy(void);
/* Unit id with every period (arena). ERR_NOT_FOUND. */
Err org_history(Db *db, Arena *arena, int64_t id, OrgHistory *out);
/* The projects of a unit (section_id), oldest first (arena). */
Err org_projects(Db *db, Arena *arena, int64_t unit_id, OrgProject **out, int *count);

/* The changes. Each is for administrators only (ERR_FORBIDDEN otherwise),
 * runs in one transaction with an audit entry, and answers ERR_INVALID with
 * *problem set, ERR_NOT_FOUND for an unknown unit, or ERR_DB. */

/* A new unit of kind (bureau, ward: parent_id 0; section, office: under a
 * bureau or ward) from fiscal year fy, placed last among its siblings. */
Err org_create(Db *db, const Actor *by, const Principal *who, const char *kind, const char *name,
               int64_t parent_id, int fy, int64_t *id, OrgProblem *problem);
/* Unit id is called name from fiscal year fy. */
Err org_rename(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, const char *name,
               OrgProblem *problem);
/* Section id is under parent_id from fiscal year fy. */
Err org_move(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, int64_t parent_id,
             OrgProblem *problem);
/* Unit id is merged into unit into from fiscal year fy: its projects valid
 * then, its people's grants and its sections go to into, and it ends at fy-1
 * (earlier years keep it and its names). */
Err org_merge(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, int64_t into,
              OrgProblem *problem);
/* Unit id ends at fy-1. Refused while it owns projects valid in fy or later
 * (ORG_HAS_PROJECTS) or has sections then (ORG_HAS_CHILDREN). */
Err org_close(Db *db, const Actor *by, const Principal *who, int64_t id, int fy,
              OrgProblem *problem);
/* Unit id swaps places with its previous (step -1) or next (step +1)
 * sibling from fiscal year fy. */
Err org_reorder(Db *db, const Actor *by, const Principal *who, int64_t id, int fy, int step,
                OrgProblem *problem);
/* Projects[0..n) of unit from_id go to section to_id, valid from fiscal year
 * fy. Rounds already opened keep the section they asked (history). */
Err org_move_projects(Db *db, const Actor *by, const Principal *who, int64_t from_id,
                      const int64_t *projects, int n, int64_t to_id, int fy, OrgProblem *problem);

#endif
