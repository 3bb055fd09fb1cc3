/* Reminders: the sections of a round that have not answered, the projects
 * they owe and the addresses of their editors; and the e-mail to each. */
#ifndef MODEL_REMINDER_H
#define MODEL_REMINDER_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "i18n/msg.h"
#include "mail/smtp.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

typedef struct ReminderTarget {
    int64_t section_id;
    const char *section, *bureau;
    const char **projects; /* names of the projects not yet submitted */
    int nprojects;
    const char **emails; /* the section's enabled editors with an address */
    int nemails;
} ReminderTarget;

/* The sections that owe answers in the round (who must run its plan; NULL:
 * the command line). */
Err reminder_targets(Db *db, Arena *arena, const Principal *who, int64_t round_id,
                     ReminderTarget **out, int *n);
/* Sends each target's editors the reminder in lang; counts what was sent and
 * the sections that have no address. Audited per section. */
Err reminder_send(Db *db, const Actor *by, const Principal *who, const MailConfig *mail,
                  int64_t round_id, Lang lang, int *sent, int *no_address, char **err);

#endif
