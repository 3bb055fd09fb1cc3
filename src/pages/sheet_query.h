/* Reads the sheet's parameters from the query string, for the page and the
 * API alike: years=2019,2020 (or repeated year=), direction=, bureau=,
 * section= (ids; empty means all), era=japanese|western. */
#ifndef PAGES_SHEET_QUERY_H
#define PAGES_SHEET_QUERY_H
#include "base/era.h"
#include "base/err.h"
#include "http/request.h"
#include "model/sheet.h"

/* Fills q and *era from req. On a bad value returns false and sets *detail to
 * the message and *param to the parameter's name. */
bool sheet_query_parse(const Request *req, SheetQuery *q, EraStyle *era, MsgId *detail,
                       const char **param);
/* Loads the sheet for the request, answering the error itself (400 with the
 * parameter, 404, 500). Returns false when it did. */
bool sheet_query_load(Request *req, Response *res, Sheet *sheet, SheetQuery *q, EraStyle *era);

#endif
