/* The forms of the setup pages (plan structure, projects, fields,
 * indicators) in one shape: a form names itself ("d-12", "new-field" ...);
 * when a post was refused, the page is shown again with the message inside
 * the form that caused it, tied to it for screen readers. */
#ifndef PAGES_SETUP_FORM_H
#define PAGES_SETUP_FORM_H
#include <stdbool.h>
#include "http/request.h"

/* A refusal and the form it belongs to. */
typedef struct FormError {
    const char *form;
    const char *message;
} FormError;

/* Is err about the form called form? */
bool setup_form_is(const FormError *err, const char *form);
/* Opens a POST form to action (a path of the site) with class cls, its CSRF
 * field, and err's message when it is this form's. */
void setup_form_start(Request *req, Buf *b, const char *action, const char *form,
                      const FormError *err, const char *cls);
/* A labelled text input (id FORM-NAME) with 必須 or 任意. */
void setup_text_field(Request *req, Buf *b, const char *form, const char *name, MsgId label,
                      const char *value, bool required);
/* A labelled textarea, optional. */
void setup_area_field(Request *req, Buf *b, const char *form, const char *name, MsgId label,
                      const char *value);
/* The submit button, and the end of the form. */
void setup_submit(Request *req, Buf *b, MsgId label, bool primary);

#endif
