/* The error codes every layer returns. The HTTP dispatcher maps them to a
 * status and a page or JSON error; commands map them to an exit code. */
#ifndef BASE_ERR_H
#define BASE_ERR_H

typedef enum Err {
    ERR_OK = 0,
    ERR_INVALID,   /* the person's input is wrong: 400, with a message */
    ERR_NOT_FOUND, /* no such thing, or not for this person's eyes: 404 */
    ERR_FORBIDDEN, /* known, but not allowed: 403 */
    ERR_CONFLICT,  /* based on an older version: 409 */
    ERR_DB,        /* the database failed: 500, logged */
    ERR_IO,        /* a file or the network failed: 500, logged */
    ERR_TOO_BIG,   /* over a size limit: 413 */
    ERR_LIMITED,   /* too many attempts: 429, try later */
} Err;

#endif
