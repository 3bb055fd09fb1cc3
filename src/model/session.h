/* Sessions and API tokens: how a request becomes a Principal. The browser
 * holds a random id; the database holds only its hash, an idle and an
 * absolute expiry, and the session's CSRF token. */
#ifndef MODEL_SESSION_H
#define MODEL_SESSION_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "model/account.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    SESSION_IDLE = 2 * 60 * 60,      /* seconds without a request before it ends */
    SESSION_ABSOLUTE = 12 * 60 * 60, /* seconds after login at the most */
    SESSION_ID_CHARS = 43,           /* base64url of 32 random bytes */
    TOKEN_MAX_DAYS = 366,
};

/* Starts a session for user_id: writes its id (for the cookie) into sid and
 * returns ERR_OK. The id is new at every login, so a session id planted
 * before login is worth nothing after it. */
Err session_create(Db *db, int64_t user_id, const char *address, char sid[SESSION_ID_CHARS + 1]);
/* The principal of a session cookie's value: ERR_NOT_FOUND if there is no
 * such session, it has expired (idle or absolute; it is then deleted), or its
 * user is disabled. */
Err session_principal(Db *db, Arena *arena, const char *sid, Principal *out);
/* Ends the session (logout). */
void session_end(Db *db, const char *sid);

typedef struct ApiToken {
    int64_t id;
    const char *name;
    const char *created_at;
    int64_t expires_at;       /* epoch seconds */
    const char *revoked_at;   /* NULL while valid */
    const char *last_used_at; /* NULL if never used */
} ApiToken;

/* Creates a token for user_id valid for days days; the token itself goes to
 * token (shown once, stored only as a hash). */
Err token_create(Db *db, const Actor *by, int64_t user_id, const char *name, int days,
                 char token[SESSION_ID_CHARS + 8], int64_t *token_id);
/* Revokes a token of user_id (ERR_NOT_FOUND if it is not theirs). */
Err token_revoke(Db *db, const Actor *by, int64_t user_id, int64_t token_id);
Err token_list(Db *db, Arena *arena, int64_t user_id, ApiToken **out, int *count);
/* The principal of a bearer token: ERR_NOT_FOUND if unknown, revoked or
 * expired, or its user is disabled. Marks it used. */
Err token_principal(Db *db, Arena *arena, const char *token, Principal *out);

#endif
