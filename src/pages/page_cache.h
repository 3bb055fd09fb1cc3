/* Kept pages: the answer of a route marked kept (the sheet and its files) is
 * kept in this process's memory under the data's version (migration 014: a
 * number every change moves on, whoever made it) and what the reader may see,
 * and served again while both are the same. Nothing stale is ever served: a
 * write anywhere, by any process, makes every kept page a miss. The same key
 * gives the page's ETag, so a browser that has it gets a 304. */
#ifndef PAGES_PAGE_CACHE_H
#define PAGES_PAGE_CACHE_H
#include <stdbool.h>
#include "http/request.h"

enum {
    PAGE_CACHE_ENTRIES = 64,          /* pages kept at most */
    PAGE_CACHE_BYTES = 16 << 20,      /* bytes kept at most, all pages together */
    PAGE_CACHE_ENTRY_BYTES = 4 << 20, /* a bigger answer is not kept */
    PAGE_CACHE_TAG = 2 * 16 + 3,      /* an ETag: 16 bytes in hex, quoted, NUL */
};

/* What one request needs between the lookup and the keeping. */
typedef struct PageCacheSlot {
    bool usable;               /* the version could be read: keep what is written */
    char etag[PAGE_CACHE_TAG]; /* "..." for this reader, page and version */
    unsigned char key[16];     /* this reader and page, without the version */
    int first_header;          /* res->headers the handler adds start here */
} PageCacheSlot;

/* Answers req from what is kept if it can: a 304 when If-None-Match has the
 * page's ETag, else the kept page. True when res is complete; false when the
 * handler must run, and page_cache_keep then keeps what it wrote. */
bool page_cache_serve(Request *req, Response *res, PageCacheSlot *slot);
/* Keeps a 200 answer the handler wrote (not one that sets a cookie) and
 * gives it its ETag. */
void page_cache_keep(const Request *req, Response *res, const PageCacheSlot *slot);
/* How many answers were served from memory, written by handlers, and 304s
 * (for tests and the benchmark). */
typedef struct PageCacheStats {
    long hits, misses, not_modified;
} PageCacheStats;
PageCacheStats page_cache_stats(void);
/* Forgets every kept page (tests). */
void page_cache_clear(void);

#endif
