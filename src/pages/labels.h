/* Names people read for the codes the model stores. */
#ifndef PAGES_LABELS_H
#define PAGES_LABELS_H
#include "i18n/msg.h"

/* not_started, draft, submitted, returned, confirmed -> 未着手, 下書き ... */
MsgId status_label(const char *status);

#endif
