/* The inputs of rating and number fields on the answer form (answers.c
 * writes text fields' textareas itself). */
#ifndef PAGES_ANSWER_INPUT_H
#define PAGES_ANSWER_INPUT_H
#include <stdbool.h>
#include "http/request.h"
#include "model/answer.h"

/* Writes the input of a rating field (a select of its grades, their
 * descriptions listed under it) or of a number field (an input with its
 * unit), with id f-f{field}, showing text (a code or label, or a number);
 * describedby lists the ids that describe it. False for a text field:
 * nothing is written. */
bool answer_input_write(Request *req, Buf *b, const AnswerField *f, const char *text, bool invalid,
                        const char *describedby);

/* The value as it reads: a number with its unit (12 件), else the text. */
const char *answer_input_shown(Request *req, const AnswerField *f);

#endif
