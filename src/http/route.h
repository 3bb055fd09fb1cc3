/* The route table's shape and its matcher. Each route names its permission and
 * whether it writes or may be kept; the dispatcher settles both before a handler runs. */
#ifndef HTTP_ROUTE_H
#define HTTP_ROUTE_H
#include <stdbool.h>
#include "http/request.h"

/* Who may use a route. PERM_UNSET is what a forgotten permission reads as:
 * the dispatcher refuses it and a test walks the table for it. */
typedef enum Perm {
    PERM_UNSET = 0,
    PERM_PUBLIC,    /* anyone; the model still hides unpublished plans */
    PERM_SIGNED_IN, /* any signed-in user; the model decides what they see */
    PERM_AUDIT,     /* administrators and secretariats */
    PERM_ADMIN,     /* system administrators */
} Perm;

typedef void (*Handler)(Request *req, Response *res);

typedef struct Route {
    const char *method;  /* "GET" or "POST"; GET also answers HEAD */
    const char *pattern; /* "/plans/{id}/sheet": {id} is a positive integer; a
                            trailing "*" matches any rest */
    Perm perm;           /* who may use it */
    bool writes;         /* changes state: POST, same origin and the session's CSRF token
                            (or an API token, which no browser sends by itself) */
    Handler handler;
    bool kept; /* its answers are kept and served again while the data stays the same
                  (pages/page_cache.h): only pages that show nothing but the data */
} Route;

/* Finds the route for req's method and path. Returns it and fills req->ids, or
 * NULL; *path_known then tells whether the path exists for another method
 * (405) or not at all (404). */
const Route *route_find(const Route *table, Request *req, bool *path_known);

/* Appends the methods that path answers to, for an Allow header ("GET, HEAD"). */
void route_allowed(const Route *table, const char *path, Buf *out);

#endif
