/* Sending one e-mail through the SMTP server of the configuration (libcurl):
 * UTF-8 subject and body, encoded so that any server passes them intact. */
#ifndef MAIL_SMTP_H
#define MAIL_SMTP_H
#include "base/err.h"

typedef struct MailConfig {
    const char *smtp_url; /* smtp://host:port, or NULL: no mail (lists only) */
    const char *from;     /* the sender's address */
    const char *base_url; /* how people reach this server, for links: https://... */
} MailConfig;

typedef struct Mail {
    const char *to;      /* one address */
    const char *subject; /* UTF-8 */
    const char *body;    /* UTF-8, lines separated by \n */
} Mail;

/* Sends m. ERR_IO with a malloc'd message in *err when the server refuses
 * or cannot be reached. */
Err mail_send(const MailConfig *c, const Mail *m, char **err);

#endif
