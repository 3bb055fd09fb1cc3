/* The two ways a request reaches the application: a libmicrohttpd server, and
 * one request read from a stream (the stdin mode, for tests and debugging).
 * Both call an AppHandler; neither knows what the application does. */
#ifndef HTTP_TRANSPORT_H
#define HTTP_TRANSPORT_H
#include <stdio.h>
#include "http/request.h"

typedef void (*AppHandler)(Request *req, Response *res);

typedef struct ServeOptions {
    const char *db_url; /* every worker thread opens its own connection to it */
    const char *listen; /* address to bind: "127.0.0.1", "::1", "0.0.0.0" ... */
    int port;           /* TCP port */
    int threads;        /* worker threads; 0 for the number of cores */
} ServeOptions;

/* Serves until SIGINT or SIGTERM. Returns 0, or 1 if the server could not
 * start (the reason is logged). */
int http_serve(const ServeOptions *opt, AppHandler app);

/* Reads one HTTP/1.x request from in, handles it with db, and writes the
 * response to out. Returns 0, or 1 if the request could not be read (a 400
 * response is still written). */
int http_stdin(FILE *in, FILE *out, Db *db, const char *remote, AppHandler app);

/* Writes the standard and the response's own headers through put(name, value). */
void http_each_header(const Response *res,
                      void (*put)(void *ctx, const char *name, const char *value), void *ctx);

#endif
