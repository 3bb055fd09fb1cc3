/* What a write action reads, whether it came from a form of a page or as a
 * JSON object to the API: one handler serves both (plan_admin.c and the
 * like), and answers the API with JSON. */
#ifndef PAGES_INPUT_H
#define PAGES_INPUT_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "http/request.h"

typedef struct Input {
    Request *req;
    json_t *json; /* the API's body, or NULL for a form */
} Input;

/* Is this a call to the JSON API (/api/...)? */
bool page_is_api(const Request *req);
/* Reads the request's input; for the API, its body must be a JSON object
 * (false with a 400 written). Free with input_free. */
bool input_read(Request *req, Response *res, Input *in);
void input_free(Input *in);
/* A field as text (a JSON integer as its digits), or NULL. */
const char *input_str(const Input *in, const char *name);
/* A fiscal year in any form people write (2021, 令和3年度 ...): 0 if empty or
 * missing, -1 if unreadable. */
int input_fy(const Input *in, const char *name);
/* A positive id, or 0. */
int64_t input_id(const Input *in, const char *name);
/* Sends root (taken) as the JSON answer with status. */
void page_send_json(Response *res, int status, json_t *root);

#endif
