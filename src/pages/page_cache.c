/* Kept pages (see page_cache.h). One small table of entries behind a mutex:
 * the handlers of the sheet take tens of milliseconds, a copy out of here a
 * few microseconds, so the lock is never the bottleneck. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sodium.h>
#include "base/mem.h"
#include "model/principal.h"
#include "pages/page_cache.h"

/* A kept page's bytes, held by the table and by every response still
 * sending them; the last to let go frees them. */
typedef struct Body {
    int holds;
    char data[];
} Body;

typedef struct Entry {
    bool used;
    unsigned char key[16];
    char etag[PAGE_CACHE_TAG];
    Body *body;
    size_t len;
    char *content_type;
    char *cache_control; /* NULL: the default */
    Header headers[HTTP_MAX_HEADERS];
    int nheaders;
    unsigned long last_used;
} Entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Entry entries[PAGE_CACHE_ENTRIES];
static size_t kept_bytes;
static unsigned long tick;
static PageCacheStats stats;
static unsigned char boot_id[16];
static pthread_once_t boot_once = PTHREAD_ONCE_INIT;

/* A new process never answers 304 to another's ETag: a database restored
 * from a copy may reach the same version with other data. */
static void make_boot_id(void)
{
    randombytes_buf(boot_id, sizeof(boot_id));
}

/* The data's version: the database's token and its change count. */
static bool read_version(Db *db, char token[33], int64_t *n)
{
    DbStmt *st = db_prepare(db, "SELECT token, n FROM data_version WHERE id = 1", 2);
    bool ok = db_step(st) == DB_ROW;
    if (ok) {
        snprintf(token, 33, "%s", db_col_text(st, 0));
        *n = db_col_int64(st, 1);
    }
    db_done(st);
    return ok;
}

static void hash_str(crypto_generichash_state *h, const char *s)
{
    /* Each string with its length, so that no two lists hash alike. */
    uint64_t len = s ? strlen(s) + 1 : 0;
    crypto_generichash_update(h, (const unsigned char *)&len, sizeof(len));
    if (s)
        crypto_generichash_update(h, (const unsigned char *)s, len - 1);
}

static void hash_int(crypto_generichash_state *h, int64_t v)
{
    crypto_generichash_update(h, (const unsigned char *)&v, sizeof(v));
}

/* Everything the page may depend on but the data: the database, the page
 * and its parameters, the language, who reads with which session (the page
 * carries the session's CSRF token), the host, and the day in Japan (a
 * deadline's "n days left"). */
static void page_key(const Request *req, const char *token, unsigned char key[16])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 16);
    hash_str(&h, token);
    hash_str(&h, req->path);
    hash_int(&h, req->nparams);
    for (int i = 0; i < req->nparams; i++) {
        hash_str(&h, req->params[i].name);
        hash_str(&h, req->params[i].value);
    }
    hash_int(&h, req->lang);
    const Principal *who = req->user;
    hash_int(&h, who ? who->user_id : 0);
    hash_str(&h, who ? who->csrf : NULL);
    hash_int(&h, who && who->via_token);
    hash_str(&h, req->host);
    hash_int(&h, req->https);
    hash_int(&h, ((int64_t)time(NULL) + 9 * 3600) / 86400);
    crypto_generichash_final(&h, key, 16);
}

static void make_etag(const unsigned char key[16], int64_t version, char out[PAGE_CACHE_TAG])
{
    crypto_generichash_state h;
    unsigned char tag[16];
    crypto_generichash_init(&h, NULL, 0, sizeof(tag));
    pthread_once(&boot_once, make_boot_id);
    crypto_generichash_update(&h, boot_id, sizeof(boot_id));
    crypto_generichash_update(&h, key, 16);
    hash_int(&h, version);
    hash_str(&h, SHINCHOKU_VERSION);
    crypto_generichash_final(&h, tag, sizeof(tag));
    out[0] = '"';
    sodium_bin2hex(out + 1, 33, tag, sizeof(tag));
    out[33] = '"';
    out[34] = '\0';
}

/* Anonymous readers may keep the page in their browser and ask again with
 * If-None-Match; a signed-in page stays no-store (shared desks). */
static const char *cache_control_for(const Request *req, const char *handler_set)
{
    if (handler_set)
        return handler_set;
    return principal_signed_in(req->user) ? NULL : "no-cache";
}

static void body_release(void *body)
{
    Body *b = body;
    if (__atomic_sub_fetch(&b->holds, 1, __ATOMIC_ACQ_REL) == 0)
        free(b);
}

static Entry *find_tag(const char *etag)
{
    for (int i = 0; i < PAGE_CACHE_ENTRIES; i++)
        if (entries[i].used && strcmp(entries[i].etag, etag) == 0)
            return &entries[i];
    return NULL;
}

bool page_cache_serve(Request *req, Response *res, PageCacheSlot *slot)
{
    memset(slot, 0, sizeof(*slot));
    char token[33];
    int64_t version;
    if (!read_version(req->db, token, &version))
        return false;
    page_key(req, token, slot->key);
    make_etag(slot->key, version, slot->etag);
    slot->usable = true;
    slot->first_header = res->nheaders;
    const char *etag = arena_strdup(req->arena, slot->etag);
    if (req->if_none_match && strstr(req->if_none_match, slot->etag)) {
        res->status = 304;
        res->cache_control = cache_control_for(req, NULL);
        resp_header(res, "ETag", etag);
        pthread_mutex_lock(&lock);
        stats.not_modified++;
        pthread_mutex_unlock(&lock);
        return true;
    }
    pthread_mutex_lock(&lock);
    Entry *e = find_tag(slot->etag);
    if (!e) {
        stats.misses++;
        pthread_mutex_unlock(&lock);
        return false;
    }
    e->last_used = ++tick;
    stats.hits++;
    __atomic_add_fetch(&e->body->holds, 1, __ATOMIC_ACQ_REL);
    res->fixed = (const unsigned char *)e->body->data;
    res->fixed_len = e->len;
    res->release = body_release;
    res->release_ctx = e->body;
    res->content_type = arena_strdup(req->arena, e->content_type);
    res->cache_control = e->cache_control ? arena_strdup(req->arena, e->cache_control) : NULL;
    for (int i = 0; i < e->nheaders; i++)
        resp_header(res, arena_strdup(req->arena, e->headers[i].name),
                    arena_strdup(req->arena, e->headers[i].value));
    pthread_mutex_unlock(&lock);
    resp_header(res, "ETag", etag);
    return true;
}

static void entry_free(Entry *e)
{
    kept_bytes -= e->len;
    body_release(e->body);
    free(e->content_type);
    free(e->cache_control);
    for (int i = 0; i < e->nheaders; i++) {
        free((char *)e->headers[i].name);
        free((char *)e->headers[i].value);
    }
    memset(e, 0, sizeof(*e));
}

/* The entry to fill: the same page's older version, else a free one, else
 * the least recently used; and older ones go until the bytes fit. */
static Entry *room_for(const unsigned char key[16], size_t len)
{
    Entry *slot = NULL;
    for (int i = 0; i < PAGE_CACHE_ENTRIES; i++)
        if (entries[i].used && memcmp(entries[i].key, key, 16) == 0)
            entry_free(slot = &entries[i]);
    for (;;) {
        Entry *oldest = NULL;
        for (int i = 0; i < PAGE_CACHE_ENTRIES; i++) {
            Entry *e = &entries[i];
            if (!e->used) {
                if (!slot)
                    slot = e;
            } else if (!oldest || e->last_used < oldest->last_used) {
                oldest = e;
            }
        }
        if (slot && kept_bytes + len <= PAGE_CACHE_BYTES)
            return slot;
        if (!oldest)
            return slot;
        entry_free(oldest);
        if (!slot)
            slot = oldest;
    }
}

void page_cache_keep(const Request *req, Response *res, const PageCacheSlot *slot)
{
    if (!slot->usable || res->status != 200 || res->fixed)
        return;
    for (int i = slot->first_header; i < res->nheaders; i++)
        if (strcasecmp(res->headers[i].name, "Set-Cookie") == 0)
            return;
    res->cache_control = cache_control_for(req, res->cache_control);
    int first = slot->first_header;
    resp_header(res, "ETag", arena_strdup(req->arena, slot->etag));
    if (res->body.len > PAGE_CACHE_ENTRY_BYTES)
        return;

    Entry fresh = {.used = true, .len = res->body.len};
    memcpy(fresh.key, slot->key, sizeof(fresh.key));
    memcpy(fresh.etag, slot->etag, sizeof(fresh.etag));
    fresh.body = xmalloc(sizeof(Body) + res->body.len);
    fresh.body->holds = 1;
    memcpy(fresh.body->data, res->body.data, res->body.len);
    fresh.content_type = xstrdup(res->content_type ? res->content_type : "text/plain");
    fresh.cache_control = res->cache_control ? xstrdup(res->cache_control) : NULL;
    for (int i = first; i < res->nheaders - 1; i++) /* not the ETag just added */
        fresh.headers[fresh.nheaders++] =
            (Header){xstrdup(res->headers[i].name), xstrdup(res->headers[i].value)};

    pthread_mutex_lock(&lock);
    Entry *e = room_for(fresh.key, fresh.len);
    fresh.last_used = ++tick;
    *e = fresh;
    kept_bytes += fresh.len;
    pthread_mutex_unlock(&lock);
}

PageCacheStats page_cache_stats(void)
{
    pthread_mutex_lock(&lock);
    PageCacheStats s = stats;
    pthread_mutex_unlock(&lock);
    return s;
}

void page_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < PAGE_CACHE_ENTRIES; i++)
        if (entries[i].used)
            entry_free(&entries[i]);
    pthread_mutex_unlock(&lock);
}
