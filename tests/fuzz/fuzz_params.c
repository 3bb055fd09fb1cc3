/* libFuzzer target for what every request brings from outside before any
 * page sees it (http/request.c): the query string, an urlencoded form body,
 * the Cookie header and %XX decoding. Each parse must keep its promises
 * (valid UTF-8 names and values, no more than the limits, a cookie's value
 * without its neighbours) or refuse; nothing may leak or overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"
#include "base/utf8.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_pairs(const Param *p, int n, int max)
{
    if (n < 0 || n > max)
        abort();
    for (int i = 0; i < n; i++)
        if (!utf8_valid(p[i].name, strlen(p[i].name)) ||
            !utf8_valid(p[i].value, strlen(p[i].value)))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena arena;
    arena_init(&arena);
    /* As the transports keep them: NUL-terminated copies. */
    char *text = arena_alloc(&arena, size + 1);
    memcpy(text, data, size);
    text[size] = '\0';

    Request req;
    memset(&req, 0, sizeof(req));
    req.arena = &arena;
    req_parse_query(&req, text);
    if (!req.bad_query)
        check_pairs(req.params, req.nparams, HTTP_MAX_PARAMS);

    req.body = text;
    req.body_len = size;
    if (req_parse_form(&req))
        check_pairs(req.form, req.nform, HTTP_MAX_FORM);

    req.cookie = text;
    const char *sid = req_cookie(&req, "shinchoku_sid");
    if (sid && (strchr(sid, ';') || strlen(sid) > size))
        abort();

    char *decoded = url_decode(&arena, text, size, true);
    if (decoded && !utf8_valid(decoded, strlen(decoded)))
        abort();
    arena_free(&arena);
    return 0;
}
