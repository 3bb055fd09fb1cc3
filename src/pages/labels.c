#include <string.h>
#include "pages/labels.h"

MsgId status_label(const char *status)
{
    static const struct {
        const char *code;
        MsgId label;
    } map[] = {{"not_started", M_STATUS_NOT_STARTED},
               {"draft", M_STATUS_DRAFT},
               {"submitted", M_STATUS_SUBMITTED},
               {"returned", M_STATUS_RETURNED},
               {"confirmed", M_STATUS_CONFIRMED}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (status && strcmp(status, map[i].code) == 0)
            return map[i].label;
    return M_STATUS_NOT_STARTED;
}

MsgId plan_problem_label(PlanProblem problem)
{
    static const MsgId msgs[] = {
        [PLAN_OK] = M_PLAN_SAVED,
        [PLAN_TITLE_MISSING] = M_ERR_REQUIRED,
        [PLAN_TOO_LONG] = M_PLAN_ERR_TOO_LONG,
        [PLAN_BAD_TEXT] = M_PLAN_ERR_BAD_TEXT,
        [PLAN_BAD_PERIOD] = M_PLAN_ERR_PERIOD,
        [PLAN_LABEL_TAKEN] = M_PLAN_ERR_LABEL_TAKEN,
        [PLAN_NUMBER_TAKEN] = M_PLAN_ERR_NUMBER_TAKEN,
        [PLAN_BAD_DIRECTION] = M_PLAN_ERR_DIRECTION,
        [PLAN_BAD_BUREAU] = M_PLAN_ERR_BUREAU,
        [PLAN_BAD_YEAR] = M_PLAN_ERR_YEAR,
        [PLAN_PERIOD_HAS_ROUNDS] = M_PLAN_ERR_PERIOD_ROUNDS,
    };
    return (size_t)problem < sizeof(msgs) / sizeof(msgs[0]) ? msgs[problem] : M_ERR_BODY_500;
}
