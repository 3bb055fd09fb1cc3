/* The handlers of the site, one file per area; the route table names them. */
#ifndef PAGES_PAGES_H
#define PAGES_PAGES_H
#include "http/request.h"

void page_home(Request *req, Response *res);  /* GET / */
void page_sheet(Request *req, Response *res); /* GET /plans/{id}/sheet */
void api_plans(Request *req, Response *res);  /* GET /api/v1/plans */
void api_sheet(Request *req, Response *res);  /* GET /api/v1/plans/{id}/sheet */
/* GET /plans/{id}/sheet.xlsx, .pdf, .csv, .html */
void page_download(Request *req, Response *res);
/* How many PDF or Excel exports may run at once (the server sets it to one
 * less than its worker threads); more are answered 503 with Retry-After. */
void download_set_slots(int slots);

#endif
