/* The frame every HTML page shares, and the error pages and JSON errors. */
#ifndef PAGES_LAYOUT_H
#define PAGES_LAYOUT_H
#include "base/err.h"
#include "http/request.h"

/* Writes the document head and the site header, up to the opening of <main>.
 * title is plain text (escaped). */
void page_begin(Request *req, Response *res, const char *title);
/* Closes <main> and writes the footer. */
void page_end(Request *req, Response *res);
/* Answers with status and the message detail: an HTML page, or a JSON error
 * for /api/ paths. The message is given in the request's language and in the
 * other one, so a person reading either understands it. param names the
 * query parameter at fault, or NULL. */
void page_error(Request *req, Response *res, int status, MsgId detail, const char *param);
/* Answers with status and a message made at run time (it may hold two
 * languages, one per line). */
void page_error_text(Request *req, Response *res, int status, const char *text);
/* The URL of an embedded asset with its content version, for caching forever. */
const char *asset_url(Request *req, const char *name);
/* Appends "lang=en" (with sep before it) when the page is in English, so that
 * links keep the language. */
void page_lang_param(Request *req, Buf *b, char sep);
/* path, with the page's language kept: "/" or "/?lang=en". In the arena. */
const char *page_url(Request *req, const char *path);
/* 2020 -> 令和2年度 (arena). */
const char *page_fy_name(Request *req, int fy);
/* The message id with {1} replaced by text, in the page's language (arena). */
const char *page_fill(Request *req, MsgId id, const char *text);
/* The same with {1} and {2}: "name（unit）" as M_FMT_PAREN says in each language. */
const char *page_fill2(Request *req, MsgId id, const char *first, const char *second);
/* Answers an error of the model: 404, 403, or 500. */
void page_model_error(Request *req, Response *res, Err e);

#endif
