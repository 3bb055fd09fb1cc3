/* A request and its response, independent of how they travelled: the
 * libmicrohttpd server and the stdin mode both fill a Request, call
 * http_dispatch, and send the Response. */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/buf.h"
#include "i18n/msg.h"
#include "store/db.h"

enum {
    HTTP_MAX_PARAMS = 64,              /* query parameters kept; more is a 400 */
    HTTP_MAX_FORM = 4096,              /* fields of a form (a mapping has 3 per column) */
    HTTP_MAX_HEADERS = 16,             /* response headers */
    HTTP_MAX_BODY = 1 << 20,           /* request body bytes; more is a 413 */
    HTTP_MAX_UPLOAD = 32 << 20,        /* the same for a multipart/form-data body (files) */
    HTTP_MAX_FILES = 64,               /* file parts of one multipart body (a bureau's sections) */
    HTTP_MAX_HEADER_BYTES = 32 * 1024, /* request line and headers */
};

typedef struct Param {
    const char *name;  /* decoded, valid UTF-8 */
    const char *value; /* decoded, valid UTF-8 */
} Param;

/* A file sent in a multipart/form-data body. */
typedef struct UploadFile {
    const char *field;        /* the form field's name */
    const char *filename;     /* as the browser gave it, without any directory; valid UTF-8 */
    const char *content_type; /* of the part, or "" */
    const char *data;         /* the bytes (NUL-terminated for convenience) */
    size_t len;
} UploadFile;

typedef struct Request {
    Arena *arena;                  /* everything of this request lives here */
    Db *db;                        /* this thread's connection */
    const char *method;            /* GET, HEAD, POST ... */
    const char *path;              /* decoded path, without the query */
    Param params[HTTP_MAX_PARAMS]; /* query string parameters, in order */
    int nparams;
    bool bad_query;            /* the query was not valid UTF-8 or had too many parameters */
    const char *host;          /* Host header, or NULL */
    const char *origin;        /* Origin header, or NULL */
    const char *cookie;        /* Cookie header, or NULL */
    const char *authorization; /* Authorization header, or NULL */
    const char *csrf_header;   /* X-CSRF-Token header, or NULL */
    const char *content_type;  /* Content-Type header, or NULL */
    const char *if_none_match; /* If-None-Match header, or NULL */
    bool https;                /* reached over HTTPS (X-Forwarded-Proto: https from a proxy) */
    const char *remote;        /* the peer's address as text */
    const char *body;          /* request body (NUL-terminated), or NULL */
    size_t body_len;
    Lang lang;      /* the language of the interface for this request */
    int64_t ids[4]; /* the {id} captures of the route, in order */
    Param *form;    /* fields of a POST body (arena, up to HTTP_MAX_FORM) */
    int nform;
    UploadFile files[HTTP_MAX_FILES]; /* files of a multipart/form-data body */
    int nfiles;
    const struct Principal *user; /* who is asking (model/principal.h); set by the dispatcher */
} Request;

typedef struct Header {
    const char *name;  /* e.g. "Location" */
    const char *value; /* arena or static memory */
} Header;

typedef struct Response {
    int status;                 /* HTTP status, 200 by default */
    const char *content_type;   /* e.g. "text/html; charset=utf-8" */
    Buf body;                   /* the body the handler wrote */
    const unsigned char *fixed; /* a body instead of body (assets, kept pages), or NULL */
    size_t fixed_len;
    void (*release)(void *ctx); /* if set, called once fixed is sent (a kept page's hold) */
    void *release_ctx;
    Header headers[HTTP_MAX_HEADERS]; /* extra headers */
    int nheaders;
    const char *cache_control; /* Cache-Control; "no-store" when NULL */
} Response;

/* The value of query parameter name, or NULL. */
const char *req_param(const Request *req, const char *name);
/* The value of form field name (urlencoded POST body), or NULL. */
const char *req_form(const Request *req, const char *name);
/* Parses an application/x-www-form-urlencoded body into req->form. False on
 * invalid UTF-8 or too many fields. */
bool req_parse_form(Request *req);
/* Parses a multipart/form-data body: its plain fields into req->form, its
 * files into req->files. False on a malformed body, a field that is not
 * valid UTF-8, or too many fields or files. */
bool req_parse_multipart(Request *req);
/* The file sent as form field name, or NULL. */
const UploadFile *req_file(const Request *req, const char *name);
/* The most body bytes a request may send: HTTP_MAX_UPLOAD for files
 * (multipart) sent to a page that takes them (/imports, /rounds/N/upload) by
 * someone with credentials (a cookie or an Authorization header; checked
 * later), else HTTP_MAX_BODY. */
size_t http_body_limit(const char *content_type, const char *path, bool credentials);
/* The value of cookie name from the Cookie header, or NULL (arena). */
const char *req_cookie(const Request *req, const char *name);
/* Answers 303 See Other to location (a path of this site). */
void resp_redirect(Response *res, const char *location);
/* Adds a response header; names and values must outlive the response. */
void resp_header(Response *res, const char *name, const char *value);
/* Parses a query string (the part after '?') into req->params, decoding %XX
 * and '+'. Sets req->bad_query on invalid UTF-8 or too many parameters. */
void req_parse_query(Request *req, const char *query);
/* Decodes %XX escapes of s[0..len) into the arena; '+' becomes a space when
 * plus_is_space. NULL if the result is not valid UTF-8. */
char *url_decode(Arena *a, const char *s, size_t len, bool plus_is_space);
/* The reason phrase of an HTTP status. */
const char *http_reason(int status);

#endif
