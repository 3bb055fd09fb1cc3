/* A plan's numeric indicators (評価指標): a name and unit, a baseline
 * (基準値) and a target (目標値) each with its fiscal year, which way is
 * better, and where the yearly actuals (実績値) come from: the confirmed
 * answers of one of the plan's number fields, of one project or summed over
 * the projects of the indicator's initiative (or of the whole plan). The
 * plan's secretariat (or an administrator) sets them up; every change is one
 * transaction with an audit entry, and a change a person got wrong is refused
 * with an IndicatorProblem and nothing written. */
#ifndef MODEL_INDICATOR_H
#define MODEL_INDICATOR_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/decimal.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    INDICATOR_NAME_MAX = 200, /* characters */
    INDICATOR_UNIT_MAX = 20,  /* characters */
    INDICATOR_MAX_YEARS = 16, /* fiscal years one reading covers */
};

typedef enum IndicatorProblem {
    IND_OK = 0,
    IND_NAME_MISSING,   /* no name */
    IND_TOO_LONG,       /* name or unit over its limit */
    IND_BAD_TEXT,       /* invalid UTF-8 or control characters */
    IND_BAD_VALUE,      /* a baseline or target that is not a number */
    IND_BAD_YEAR,       /* a year that is not a fiscal year */
    IND_YEARS_ORDER,    /* the target year before the baseline year */
    IND_BAD_FIELD,      /* not a number field of the plan */
    IND_BAD_PROJECT,    /* a project not linked to the plan */
    IND_BAD_INITIATIVE, /* not an initiative of the plan */
} IndicatorProblem;

typedef struct IndicatorInput {
    int64_t initiative_id;         /* 0: the whole plan */
    const char *name, *unit;       /* unit "" or NULL: the field's unit */
    const char *baseline, *target; /* numbers as people write them */
    int baseline_fy, target_fy;    /* -1: could not be read */
    bool higher_is_better;         /* false: lower is better (自殺者数) */
    int64_t field_id;              /* a number field of the plan */
    int64_t project_id;            /* 0: the sum over the projects */
} IndicatorInput;

Err indicator_add(Db *db, const Actor *by, const Principal *who, int64_t plan_id,
                  const IndicatorInput *in, int64_t *id, IndicatorProblem *problem);
Err indicator_update(Db *db, const Actor *by, const Principal *who, int64_t id,
                     const IndicatorInput *in, IndicatorProblem *problem);
/* One place up (delta < 0) or down in the plan's order. */
Err indicator_move(Db *db, const Actor *by, const Principal *who, int64_t id, int delta);
Err indicator_remove(Db *db, const Actor *by, const Principal *who, int64_t id);
/* The plan of an indicator, or 0. */
int64_t indicator_plan(Db *db, int64_t id);
/* Has the plan any indicator? */
bool indicators_exist(Db *db, int64_t plan_id);

/* ---------- Reading ---------- */

typedef struct IndicatorYear {
    int fy;
    bool has_actual;         /* some confirmed answer was a number */
    double actual;           /* the sum of the answers */
    const char *actual_text; /* as written ("1,234" -> "1234"), "" when none */
    int answers;             /* the numbers summed */
    bool has_rate;           /* an actual, and target != baseline */
    double rate;             /* 達成率 in percent, rounded to one decimal */
    const char *rate_text;   /* "60.0", "" when none */
} IndicatorYear;

typedef struct Indicator {
    int64_t id, initiative_id, field_id, project_id;
    const char *name, *unit;
    const char *baseline, *target; /* canonical decimals */
    double baseline_value, target_value;
    int baseline_fy, target_fy;
    bool higher_is_better;
    const char *initiative; /* "1 相談窓口の周知", "" for the plan */
    const char *field;      /* the field's label */
    const char *project;    /* the project's name, "" for the sum */
    IndicatorYear *years;   /* one per year asked, in that order */
    int nyears;
} Indicator;

typedef struct IndicatorSet {
    int64_t plan_id;
    Indicator *items; /* in the plan's order */
    int n;
} IndicatorSet;

/* The plan's indicators with their actuals and 達成率 for years (ascending,
 * at most INDICATOR_MAX_YEARS), all in arena. Actuals count the confirmed
 * answers of rounds whose published level lets who see them; as the sums mix
 * sections, a round still kept to its sections counts only for those who run
 * the plan. who NULL: everything (the command line). ERR_NOT_FOUND if who
 * may not read the plan. */
Err indicators_load(Db *db, Arena *arena, const Principal *who, int64_t plan_id, const int *years,
                    int nyears, IndicatorSet *out);

typedef struct NumberField {
    int64_t id;
    const char *label, *unit;
} NumberField;

/* The plan's number fields, the sources an indicator may read (arena). */
Err indicator_number_fields(Db *db, Arena *arena, int64_t plan_id, NumberField **out, int *n);

/* 達成率 = (actual - baseline) / (target - baseline) x 100, rounded to one
 * decimal; false when target equals baseline. The same formula serves both
 * directions: for lower-is-better the target is below the baseline, so a
 * fall is progress. */
bool indicator_rate(double baseline, double target, double actual, double *rate);

#endif
