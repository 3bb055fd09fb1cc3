/* Local accounts: users, their passwords (argon2id through libsodium, the
 * parameters kept in the hash so they can be raised later), grants, and the
 * login with throttling by account and by address. Every write is audited. */
#ifndef MODEL_ACCOUNT_H
#define MODEL_ACCOUNT_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "i18n/msg.h"
#include "model/principal.h"
#include "store/db.h"

enum {
    LOGIN_MAX_FAILURES = 5,          /* per account in LOGIN_WINDOW */
    LOGIN_MAX_ADDRESS_FAILURES = 20, /* per address in LOGIN_WINDOW */
    LOGIN_WINDOW = 15 * 60,          /* seconds */
    PASSWORD_MIN_CHARS = 10,
};

/* Why an account change was refused, for the message at the field. */
typedef enum AccountProblem {
    ACCOUNT_OK = 0,
    ACCOUNT_BAD_LOGIN,     /* not 1-64 of a-z 0-9 . _ - */
    ACCOUNT_LOGIN_TAKEN,   /* another account has it */
    ACCOUNT_BAD_NAME,      /* display name empty or over 100 characters */
    ACCOUNT_WEAK_PASSWORD, /* under PASSWORD_MIN_CHARS characters, or the login itself */
    ACCOUNT_BAD_GRANT,     /* role without its scope, or a scope that does not exist */
} AccountProblem;

typedef struct User {
    int64_t id;
    const char *login;
    const char *display_name;
    const char *email; /* for reminders; "" if none */
    bool disabled;
    bool service; /* a service account for API tokens */
    const char *created_at;
    Lang lang; /* the interface language they chose */
} User;

/* Who did it and from where, for the audit log. */
typedef struct Actor {
    const char *name;    /* the acting user's login, or "system", "cli" */
    const char *address; /* their address, or "" */
} Actor;

/* Makes sodium ready; safe to call any number of times from any thread. */
void account_crypto_init(void);

/* Creates a user. allow_weak skips the password rules (demo accounts only).
 * ERR_INVALID with *problem set; ERR_DB. */
Err account_create(Db *db, const Actor *by, const char *login, const char *display_name,
                   const char *password, bool allow_weak, int64_t *id, AccountProblem *problem);
Err account_set_password(Db *db, const Actor *by, int64_t user_id, const char *password,
                         AccountProblem *problem);
/* Disables or enables an account; disabling also ends its sessions. */
Err account_set_disabled(Db *db, const Actor *by, int64_t user_id, bool disabled);
Err account_set_name(Db *db, const Actor *by, int64_t user_id, const char *display_name,
                     AccountProblem *problem);
/* Sets the address reminders go to ("" for none). ERR_INVALID for anything
 * that is not one plain address. */
Err account_set_email(Db *db, const Actor *by, int64_t user_id, const char *email);
/* The interface language the person reads pages in (audited). */
Err account_set_lang(Db *db, const Actor *by, int64_t user_id, Lang lang);
/* True for one plain address: local@domain, printable ASCII, no spaces. */
bool account_valid_email(const char *email);
/* Checks the current password of user_id (for the password change page). */
bool account_check_password(Db *db, int64_t user_id, const char *password);

Err account_get(Db *db, Arena *arena, int64_t user_id, User *out);
Err account_by_login(Db *db, Arena *arena, const char *login, User *out);
Err account_list(Db *db, Arena *arena, User **out, int *count);

/* Grants role to the user in a scope (plan_id for secretariat and viewer,
 * unit_id for reviewer and editor, neither for admin). */
Err account_grant(Db *db, const Actor *by, int64_t user_id, Role role, int64_t plan_id,
                  int64_t unit_id, AccountProblem *problem);
Err account_revoke(Db *db, const Actor *by, int64_t grant_id);

/* Checks a login. ERR_OK and *user_id; ERR_FORBIDDEN for an unknown login, a
 * wrong password or a disabled account alike (the caller says the same for
 * all three); ERR_LIMITED when the account or the address failed too often
 * in the last LOGIN_WINDOW seconds. */
Err account_login(Db *db, const char *login, const char *password, const char *address,
                  int64_t *user_id);

#endif
