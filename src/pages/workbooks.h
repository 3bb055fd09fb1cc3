/* The round page's part about answering in Excel (workbooks.c). */
#ifndef PAGES_WORKBOOKS_H
#define PAGES_WORKBOOKS_H
#include "http/request.h"
#include "model/answer.h"
#include "model/round.h"

/* A download link per section among rows and the link to the upload page,
 * while round r takes answers. */
void workbooks_panel(Request *req, Buf *b, const Round *r, const AnswerRow *rows, int n);

#endif
