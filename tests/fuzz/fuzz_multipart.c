/* libFuzzer target for multipart/form-data bodies (http/multipart.c): the
 * first line of the input is the boundary, the rest the body. A parse must
 * keep its promises (fields and file names valid UTF-8, files within the
 * body's bounds, no more than the limits) or refuse; nothing may leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/utf8.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t blen = nl ? (size_t)(nl - data) : size;
    Arena arena;
    arena_init(&arena);
    char *ct = arena_alloc(&arena, blen + 32);
    memcpy(ct, "multipart/form-data; boundary=", 30);
    memcpy(ct + 30, data, blen);
    ct[30 + blen] = '\0';
    size_t len = nl ? size - blen - 1 : 0;
    char *body = arena_alloc(&arena, len + 1); /* as the transports keep it */
    if (len)
        memcpy(body, nl + 1, len);
    body[len] = '\0';
    Request req;
    memset(&req, 0, sizeof(req));
    req.arena = &arena;
    req.content_type = ct;
    req.body = body;
    req.body_len = len;
    if (req_parse_multipart(&req)) {
        if (req.nform > HTTP_MAX_PARAMS || req.nfiles > HTTP_MAX_FILES)
            abort();
        for (int i = 0; i < req.nform; i++)
            if (!utf8_valid(req.form[i].name, strlen(req.form[i].name)) ||
                !utf8_valid(req.form[i].value, strlen(req.form[i].value)))
                abort();
        for (int i = 0; i < req.nfiles; i++) {
            const UploadFile *f = &req.files[i];
            if (f->len > len || f->data[f->len] != '\0' ||
                !utf8_valid(f->filename, strlen(f->filename)) || strchr(f->filename, '/'))
                abort();
        }
    }
    arena_free(&arena);
    return 0;
}
