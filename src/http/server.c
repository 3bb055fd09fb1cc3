/* The HTTP server on libmicrohttpd: a thread pool with one database connection
 * per worker thread, request bodies gathered up to a limit, and one Request
 * per call of the application. */
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <microhttpd.h>
#include "base/log.h"
#include "base/mem.h"
#include "http/transport.h"

typedef struct Server {
    const ServeOptions *opt; /* what to serve */
    AppHandler app;          /* the application */
    pthread_key_t db_key;    /* each worker's Db, closed when its thread ends */
} Server;

typedef struct Upload {
    Buf body;     /* the request body so far */
    size_t limit; /* the most body bytes taken (http_body_limit) */
    bool too_big; /* the body passed the limit; the rest is dropped */
} Upload;

static void close_db(void *db)
{
    db_close(db);
}

static Db *thread_db(Server *srv)
{
    Db *db = pthread_getspecific(srv->db_key);
    if (!db) {
        char *err = NULL;
        db = db_open(srv->opt->db_url, DB_OPEN_EXISTING, &err);
        if (!db) {
            log_error("cannot open database: %s", err);
            free(err);
            return NULL;
        }
        pthread_setspecific(srv->db_key, db);
    }
    return db;
}

/* Keeps the URL as sent: the application decodes paths and parameters itself,
 * the same way in both transports. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

typedef struct ParamCtx {
    Request *req; /* where decoded parameters go */
} ParamCtx;

static enum MHD_Result add_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    Request *req = ((ParamCtx *)cls)->req;
    char *name = url_decode(req->arena, key, strlen(key), true);
    char *v =
        value ? url_decode(req->arena, value, strlen(value), true) : arena_strdup(req->arena, "");
    if (!name || !v || req->nparams == HTTP_MAX_PARAMS) {
        req->bad_query = true;
        return MHD_NO;
    }
    req->params[req->nparams++] = (Param){name, v};
    return MHD_YES;
}

static void put_header(void *ctx, const char *name, const char *value)
{
    MHD_add_response_header(ctx, name, value);
}

static enum MHD_Result send_response(struct MHD_Connection *c, Response *res)
{
    struct MHD_Response *r;
    if (res->fixed && res->release) {
        /* Sent straight from the kept page, which stays until this is done:
         * 32 readers of a 1 MB sheet hold one copy, not 32. */
        r = MHD_create_response_from_buffer_with_free_callback_cls(
            res->fixed_len, (void *)res->fixed, res->release, res->release_ctx);
        res->release = NULL;
    } else if (res->fixed) {
        r = MHD_create_response_from_buffer(res->fixed_len, (void *)res->fixed,
                                            MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len = res->body.len;
        r = MHD_create_response_from_buffer(len, buf_take(&res->body), MHD_RESPMEM_MUST_FREE);
    }
    http_each_header(res, put_header, r);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

static const char *client_address(struct MHD_Connection *c, Arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof(text));
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof(text));
    }
    return arena_strdup(a, text);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    Server *srv = cls;
    Upload *up = *con_cls;
    if (!up) {
        up = xcalloc(1, sizeof(*up));
        buf_init(&up->body);
        bool credentials =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE) ||
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        up->limit = http_body_limit(
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), url,
            credentials);
        *con_cls = up;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (up->body.len + *upload_data_size > up->limit)
            up->too_big = true;
        else
            buf_append(&up->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }

    Arena arena;
    arena_init(&arena);
    Request req = {.arena = &arena, .method = method};
    Response res = {.status = 200};
    buf_init(&res.body);
    req.path = url_decode(&arena, url, strlen(url), false);
    req.remote = client_address(c, &arena);
    req.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    req.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    req.cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    req.authorization =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    req.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    req.content_type =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.if_none_match =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    req.https = proto && strcmp(proto, "https") == 0;
    req.body = up->body.data;
    req.body_len = up->body.len;
    ParamCtx pc = {&req};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_param, &pc);
    req.db = thread_db(srv);
    if (!req.path || req.path[0] != '/') {
        res.status = 400;
        buf_puts(&res.body, "Bad Request\n");
    } else if (up->too_big) {
        res.status = 413;
        buf_puts(&res.body, "Payload Too Large\n");
    } else if (!req.db) {
        res.status = 503;
        buf_puts(&res.body, "Service Unavailable\n");
    } else {
        srv->app(&req, &res);
    }
    enum MHD_Result ok = send_response(c, &res);
    if (res.release)
        res.release(res.release_ctx);
    buf_free(&res.body);
    arena_free(&arena);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    Upload *up = *con_cls;
    if (up) {
        buf_free(&up->body);
        free(up);
        *con_cls = NULL;
    }
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n')
        line[--n] = '\0';
    log_error("http: %s", line);
}

int http_serve(const ServeOptions *opt, AppHandler app)
{
    Server srv = {.opt = opt, .app = app};
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, opt->listen, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)opt->port);
    } else if (inet_pton(AF_INET6, opt->listen, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)opt->port);
        flags |= MHD_USE_IPv6;
    } else {
        log_error("not an IP address to listen on: %s", opt->listen);
        return 1;
    }
    int threads = opt->threads > 0 ? opt->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    pthread_key_create(&srv.db_key, close_db);

    /* Workers inherit this mask, so only sigwait below sees the signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)opt->port, NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER,
        log_mhd, NULL, MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(2 * HTTP_MAX_HEADER_BYTES),
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        log_error("cannot listen on %s port %d (in use, or not allowed)", opt->listen, opt->port);
        return 1;
    }
    if (strchr(opt->listen, ':'))
        log_info("listening on http://[%s]:%d/ with %d threads", opt->listen, opt->port, threads);
    else
        log_info("listening on http://%s:%d/ with %d threads", opt->listen, opt->port, threads);
    int sig = 0;
    sigwait(&stop, &sig);
    log_info("stopping (signal %d)", sig);
    MHD_stop_daemon(d);
    return 0;
}
