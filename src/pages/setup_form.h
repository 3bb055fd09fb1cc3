/* The forms of the setup pages (plan structure, projects, fields,
 * indicators) in one shape: a form names itself ("d-12", "new-field" ...);
 * when a post was refused, the page is shown again with the message inside
 * the form that caused it, tied to it for screen readers. */
#ifndef PAGES_SETUP_FORM_H
#define PAGES_SETUP_FORM_H
#include <stdbool.h>
#include <stdint.h>
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

/* Writes a setup page again, with err at its form. */
typedef void (*SetupPageWriter)(Request *req, Response *res, int64_t plan_id, const FormError *err);

/* The answer to a setup action, for a form or for the API alike. Refused
 * input (ERR_INVALID): the API gets 400 {"error": {"code", "message"}}, a
 * form its page again (write) with message at form. Another error: its
 * status page. Done: the API gets {"id": id} (status 201 when created, else
 * 200), a form a redirect to done_path (a path of the site). */
void setup_answer(Request *req, Response *res, Err e, const char *code, MsgId message,
                  SetupPageWriter write, int64_t plan_id, const char *form, int64_t id,
                  bool created, const char *done_path);

#endif
