/* Names people read for the codes the model stores. */
#ifndef PAGES_LABELS_H
#define PAGES_LABELS_H
#include "i18n/msg.h"
#include "model/plan_edit.h"

/* not_started, draft, submitted, returned, confirmed -> 未着手, 下書き ... */
MsgId status_label(const char *status);

/* What a refused plan or structure change says (plan_admin.c, plan_bulk.c). */
MsgId plan_problem_label(PlanProblem problem);

#endif
