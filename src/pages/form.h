/* Form parts in one shape for every page: a label above the field with
 * 必須 or 任意 beside it, help under the label, the error under the field and
 * tied to it (aria-describedby, aria-invalid), and the CSRF token. */
#ifndef PAGES_FORM_H
#define PAGES_FORM_H
#include <stdbool.h>
#include "http/request.h"

typedef struct FormField {
    const char *name;         /* the field's name and id */
    MsgId label;              /* its label */
    bool required;            /* 必須 (else 任意) */
    int help;                 /* a MsgId for help text, or -1 */
    const char *value;        /* the value to show again, or NULL */
    const char *error;        /* the message at the field, or NULL */
    const char *type;         /* "text", "password" ... */
    const char *autocomplete; /* "username", "current-password" ... or NULL */
} FormField;

/* Writes one labelled input. */
void form_input(const Request *req, Buf *b, const FormField *f);
/* Writes the hidden field with the session's (or the login form's) token. */
void form_csrf(const Request *req, Buf *b, const char *token);
/* Writes a summary at the top of a form whose fields have errors. */
void form_error_summary(const Request *req, Buf *b);
/* Writes a status message (role="status"), e.g. 保存しました。 */
void form_notice(Buf *b, const char *text);
/* The opening of a field written by hand (a select, radio buttons): its
 * label with 必須 or 任意, as a <div> or, for a group, a <fieldset>; the
 * caller closes it. */
void form_field_start(Request *req, Buf *b, const char *name, MsgId label, bool required,
                      const char *error, bool fieldset);
/* The message at field name (id f-NAME-error, for aria-describedby). */
void form_field_error(Buf *b, const char *name, const char *error);

#endif
