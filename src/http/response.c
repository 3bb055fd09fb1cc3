#include <stdio.h>
#include "http/transport.h"

void http_each_header(const Response *res,
                      void (*put)(void *ctx, const char *name, const char *value), void *ctx)
{
    put(ctx, "Content-Type", res->content_type ? res->content_type : "text/plain; charset=utf-8");
    put(ctx, "Cache-Control", res->cache_control ? res->cache_control : "no-store");
    for (int i = 0; i < res->nheaders; i++)
        put(ctx, res->headers[i].name, res->headers[i].value);
}
