/* The browser's files (CSS, JS, icon), compiled into the binary. */
#ifndef PAGES_ASSETS_H
#define PAGES_ASSETS_H
#include "http/request.h"

/* A short hash of all assets, put into their URLs so browsers may cache them
 * forever and still see a new version at once. */
const char *assets_version(void);
/* GET /api/v1/openapi.json: the API described (assets/openapi.json). */
void api_openapi(Request *req, Response *res);
/* GET /assets/{name}. */
void page_asset(Request *req, Response *res);

#endif
