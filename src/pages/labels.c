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
