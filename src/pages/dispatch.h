/* The application's one entry point for a request: route, checks, handler,
 * headers. Both transports (server and stdin) call it. */
#ifndef PAGES_DISPATCH_H
#define PAGES_DISPATCH_H
#include "http/request.h"
#include "http/route.h"

/* The route table (pages/routes.c), ended by an entry with a NULL pattern. */
extern const Route app_routes[];

/* Handles req into res (status, headers, body). */
void app_dispatch(Request *req, Response *res);

#endif
