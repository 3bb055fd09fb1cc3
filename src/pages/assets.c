#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "base/embed.h"
#include "pages/assets.h"
#include "pages/layout.h"

static char version[17];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

/* FNV-1a over every asset: cheap, and only needs to change when they do. */
static void compute_version(void)
{
    uint64_t h = 1469598103934665603ULL;
    for (const EmbeddedFile *f = assets_files; f->name; f++)
        for (size_t i = 0; i < f->size; i++) {
            h ^= f->data[i];
            h *= 1099511628211ULL;
        }
    snprintf(version, sizeof(version), "%016llx", (unsigned long long)h);
}

const char *assets_version(void)
{
    pthread_once(&version_once, compute_version);
    return version;
}

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (strcmp(dot, ".json") == 0)
        return "application/json";
    return "application/octet-stream";
}

void api_openapi(Request *req, Response *res)
{
    const EmbeddedFile *f = embed_find(assets_files, "openapi.json");
    if (!f) {
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return;
    }
    res->content_type = "application/json";
    res->fixed = f->data;
    res->fixed_len = f->size;
    res->cache_control = "public, max-age=300";
}

void page_asset(Request *req, Response *res)
{
    const char *name = req->path + strlen("/assets/");
    const EmbeddedFile *f = strchr(name, '/') ? NULL : embed_find(assets_files, name);
    if (!f) {
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return;
    }
    res->content_type = type_of(name);
    res->fixed = f->data;
    res->fixed_len = f->size;
    const char *v = req_param(req, "v");
    res->cache_control = v && strcmp(v, assets_version()) == 0
                             ? "public, max-age=31536000, immutable"
                             : "public, max-age=300";
}
