/* Plans as the list at / shows them. */
#ifndef MODEL_PLAN_H
#define MODEL_PLAN_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

typedef struct PlanSummary {
    int64_t id;               /* plan id */
    const char *title;        /* 仙台市自殺対策計画 */
    const char *subtitle;     /* may be "" */
    int from_fy, to_fy;       /* period, fiscal years */
    const char *period_label; /* as the plan writes it: 平成31年度～令和5年度 */
    int initiatives;          /* how many initiatives */
    int projects;             /* how many distinct projects are linked */
    bool published;           /* readable by anyone */
} PlanSummary;

/* The plans who may read (NULL: all), in the order they were made; the array
 * lives in arena. */
Err plan_list(Db *db, Arena *arena, const Principal *who, PlanSummary **out, int *count);
/* Publishes a plan's sheet to anonymous readers, or withdraws it. */
Err plan_set_published(Db *db, const Actor *by, int64_t plan_id, bool published);
/* Adds or removes the bureau review stage (局承認) of a plan: who must run
 * it (ERR_FORBIDDEN), audited as plan.bureau_review; ERR_NOT_FOUND if there
 * is no such plan. */
Err plan_set_bureau_review(Db *db, const Actor *by, const Principal *who, int64_t plan_id, bool on);
/* Has the plan the bureau review stage? (false if there is no such plan) */
bool plan_bureau_review(Db *db, int64_t plan_id);

#endif
