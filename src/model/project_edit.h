/* Projects (事業) as a plan's secretariat sets them up: owned by a section,
 * valid for a range of fiscal years, linked to initiatives of one or several
 * plans with the text answered when each plan was made (the baseline). A
 * project linked to two plans is one project: both plans' sheets show it,
 * marked as shared. Rights: creating needs a plan one runs; changing a
 * project or a link needs the plan of the link (or, for the project itself,
 * any plan it is linked to); administrators may do all. */
#ifndef MODEL_PROJECT_EDIT_H
#define MODEL_PROJECT_EDIT_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    PROJECT_NAME_MAX = 200,     /* characters */
    PROJECT_SUMMARY_MAX = 2000, /* characters of a summary or a baseline text */
};

typedef enum ProjectProblem {
    PROJECT_OK = 0,
    PROJECT_NAME_MISSING,
    PROJECT_TOO_LONG,
    PROJECT_BAD_TEXT,
    PROJECT_BAD_SECTION, /* not a section (or office) */
    PROJECT_BAD_YEARS,   /* not fiscal years, or the end before the start */
    PROJECT_NAME_TAKEN,  /* the section has a project of this name */
    PROJECT_LINKED,      /* the initiative has it already */
    PROJECT_BAD_INITIATIVE,
} ProjectProblem;

typedef struct ProjectInput {
    int64_t section_id;
    const char *name, *summary;
    int from_fy, to_fy; /* 0 and 0: always */
} ProjectInput;

/* Creates a project and links it to initiative_id (which names the plan whose
 * secretariat who must be) with baseline text (may be NULL). */
Err project_create(Db *db, const Actor *by, const Principal *who, int64_t initiative_id,
                   const ProjectInput *in, const char *baseline, int64_t *id,
                   ProjectProblem *problem);
Err project_update(Db *db, const Actor *by, const Principal *who, int64_t id,
                   const ProjectInput *in, ProjectProblem *problem);
/* Links an existing project to initiative_id: shared when the initiative is
 * another plan's. */
Err project_link(Db *db, const Actor *by, const Principal *who, int64_t initiative_id,
                 int64_t project_id, const char *baseline, ProjectProblem *problem);
Err project_unlink(Db *db, const Actor *by, const Principal *who, int64_t initiative_id,
                   int64_t project_id);

/* One line of a pasted list of projects. */
typedef struct BulkProject {
    const char *number;           /* the initiative's number in the plan */
    const char *bureau, *section; /* named as in fiscal year fy */
    const char *name, *summary;
} BulkProject;

/* Adds the projects of a pasted list to plan_id's initiatives in one
 * transaction: a project the section has already (by name) is linked, a new
 * one made. All or none: *bad_row (0-based) and *problem say which line was
 * wrong and how. *created counts the projects made, *linked the links. */
Err projects_add_bulk(Db *db, const Actor *by, const Principal *who, int64_t plan_id, int fy,
                      const BulkProject *rows, int n, int *bad_row, ProjectProblem *problem,
                      int *created, int *linked);

/* ---------- Reading ---------- */

typedef struct PlanProject {
    int64_t id, initiative_id, section_id;
    const char *name, *summary, *baseline, *section;
    int from_fy, to_fy;
    const char **other_plans; /* titles of the other plans it is linked to */
    int nother_plans;
} PlanProject;

/* The links of plan_id's initiatives, in the plan's order (arena), if who
 * runs the plan (else ERR_FORBIDDEN / ERR_NOT_FOUND). Sections are named as
 * in fiscal year fy. */
Err plan_projects(Db *db, Arena *arena, const Principal *who, int64_t plan_id, int fy,
                  PlanProject **out, int *n);

/* The city's projects (for linking one to another plan): id, name, section,
 * named as in fy (arena). */
Err projects_all(Db *db, Arena *arena, int fy, PlanProject **out, int *n);

#endif
