#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include "base/clock.h"
#include "base/log.h"
#include "base/utf8.h"
#include "model/account.h"
#include "model/audit.h"

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void init_sodium(void)
{
    if (sodium_init() < 0) {
        log_error("libsodium could not start");
        abort();
    }
}

void account_crypto_init(void)
{
    pthread_once(&sodium_once, init_sodium);
}

/* argon2id at OWASP's first recommended setting: 19 MiB, two passes (about
 * 0.05 s here). Hashes made with other limits (libsodium's interactive
 * 64 MiB before) still verify and are made again at the next login. */
enum { PASSWORD_OPSLIMIT = 2, PASSWORD_MEMLIMIT = 19 << 20 };

/* One hashing at a time: each takes its 19 MiB and a core for a moment, so a
 * burst of logins waits its turn instead of taking the server's memory (it
 * stays under 64 MB however many sign in at once). */
static pthread_mutex_t pwhash_lock = PTHREAD_MUTEX_INITIALIZER;

static bool hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
    account_crypto_init();
    pthread_mutex_lock(&pwhash_lock);
    bool ok = crypto_pwhash_str(out, password, strlen(password), PASSWORD_OPSLIMIT,
                                PASSWORD_MEMLIMIT) == 0;
    pthread_mutex_unlock(&pwhash_lock);
    return ok;
}

static bool password_matches(const char *hash, const char *password)
{
    pthread_mutex_lock(&pwhash_lock);
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    pthread_mutex_unlock(&pwhash_lock);
    return ok;
}

static bool valid_login(const char *login)
{
    size_t n = strlen(login);
    if (n == 0 || n > 64)
        return false;
    for (const char *p = login; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

static bool valid_name(const char *name)
{
    size_t n = utf8_char_count(name);
    return n > 0 && n <= 100;
}

static bool strong_enough(const char *login, const char *password)
{
    return utf8_char_count(password) >= PASSWORD_MIN_CHARS && strcmp(login, password) != 0;
}

/* One audit entry about a user; never with a password in it. */
static Err audit_user(Db *db, const Actor *by, const char *action, int64_t user_id, json_t *before,
                      json_t *after)
{
    char *b = before ? json_dumps(before, JSON_COMPACT) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT) : NULL;
    Err e = audit_write(db, by->name, by->address, action, "user", user_id, 0, 0, b, a);
    free(b);
    free(a);
    json_decref(before);
    json_decref(after);
    return e;
}

Err account_create(Db *db, const Actor *by, const char *login, const char *display_name,
                   const char *password, bool allow_weak, int64_t *id, AccountProblem *problem)
{
    *problem = ACCOUNT_OK;
    if (!valid_login(login))
        *problem = ACCOUNT_BAD_LOGIN;
    else if (!valid_name(display_name))
        *problem = ACCOUNT_BAD_NAME;
    else if (!allow_weak && !strong_enough(login, password))
        *problem = ACCOUNT_WEAK_PASSWORD;
    if (*problem)
        return ERR_INVALID;
    char hash[crypto_pwhash_STRBYTES];
    if (!hash_password(password, hash))
        return ERR_IO;
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "INSERT INTO app_user (login, display_name, password_hash, created_at,"
                            " updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
                            1);
    db_bind_text(st, 1, login);
    db_bind_text(st, 2, display_name);
    db_bind_text(st, 3, hash);
    db_bind_text(st, 4, now);
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    sodium_memzero(hash, sizeof(hash));
    if (rc == DB_CONSTRAINT) {
        db_rollback(db);
        *problem = ACCOUNT_LOGIN_TAKEN;
        return ERR_INVALID;
    }
    Err e = rc == DB_ROW
                ? audit_user(db, by, "user.create", *id, NULL,
                             json_pack("{s:s, s:s}", "login", login, "display_name", display_name))
                : ERR_DB;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return ERR_DB;
    }
    return ERR_OK;
}

/* Runs an UPDATE of one user plus its audit entry in one transaction. */
static Err update_user(Db *db, DbStmt *st, const Actor *by, const char *action, int64_t user_id,
                       json_t *before, json_t *after)
{
    int rc = db_step(st);
    db_done(st);
    if (rc != DB_DONE) {
        json_decref(before);
        json_decref(after);
        return ERR_DB;
    }
    return audit_user(db, by, action, user_id, before, after);
}

static Err finish(Db *db, Err e)
{
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return e != ERR_OK ? e : ERR_DB;
    }
    return ERR_OK;
}

static void end_sessions(Db *db, int64_t user_id)
{
    DbStmt *st = db_prepare(db, "DELETE FROM user_session WHERE user_id = $1", 0);
    db_bind_int64(st, 1, user_id);
    db_step(st);
    db_done(st);
}

Err account_set_password(Db *db, const Actor *by, int64_t user_id, const char *password,
                         AccountProblem *problem)
{
    Arena a;
    arena_init(&a);
    User u;
    Err e = account_get(db, &a, user_id, &u);
    *problem = ACCOUNT_OK;
    if (e == ERR_OK && !strong_enough(u.login, password)) {
        *problem = ACCOUNT_WEAK_PASSWORD;
        e = ERR_INVALID;
    }
    arena_free(&a);
    if (e != ERR_OK)
        return e;
    char hash[crypto_pwhash_STRBYTES], now[21];
    if (!hash_password(password, hash))
        return ERR_IO;
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st =
        db_prepare(db, "UPDATE app_user SET password_hash = $1, updated_at = $2 WHERE id = $3", 0);
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, user_id);
    sodium_memzero(hash, sizeof(hash));
    /* A new password ends every session: whoever knew the old one is out. */
    end_sessions(db, user_id);
    return finish(db, update_user(db, st, by, "user.password", user_id, NULL,
                                  json_pack("{s:b}", "password_changed", 1)));
}

Err account_set_disabled(Db *db, const Actor *by, int64_t user_id, bool disabled)
{
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st =
        db_prepare(db, "UPDATE app_user SET disabled = $1, updated_at = $2 WHERE id = $3", 0);
    db_bind_int64(st, 1, disabled);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, user_id);
    if (disabled)
        end_sessions(db, user_id);
    return finish(db, update_user(db, st, by, disabled ? "user.disable" : "user.enable", user_id,
                                  json_pack("{s:b}", "disabled", !disabled),
                                  json_pack("{s:b}", "disabled", disabled)));
}

Err account_set_name(Db *db, const Actor *by, int64_t user_id, const char *display_name,
                     AccountProblem *problem)
{
    *problem = valid_name(display_name) ? ACCOUNT_OK : ACCOUNT_BAD_NAME;
    if (*problem)
        return ERR_INVALID;
    Arena a;
    arena_init(&a);
    User u;
    Err e = account_get(db, &a, user_id, &u);
    json_t *before = e == ERR_OK ? json_pack("{s:s}", "display_name", u.display_name) : NULL;
    arena_free(&a);
    if (e != ERR_OK)
        return e;
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0) {
        json_decref(before);
        return ERR_DB;
    }
    DbStmt *st =
        db_prepare(db, "UPDATE app_user SET display_name = $1, updated_at = $2 WHERE id = $3", 0);
    db_bind_text(st, 1, display_name);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, user_id);
    return finish(db, update_user(db, st, by, "user.rename", user_id, before,
                                  json_pack("{s:s}", "display_name", display_name)));
}

static const char *password_hash_of(Db *db, Arena *a, int64_t user_id, const char *login,
                                    int64_t *id, bool *disabled)
{
    enum { C_ID, C_HASH, C_DISABLED, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, password_hash, disabled FROM app_user"
                            " WHERE id = $1 OR login = $2",
                            C_N);
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, login ? login : "");
    const char *hash = NULL;
    if (db_step(st) == DB_ROW) {
        *id = db_col_int64(st, C_ID);
        hash = arena_strdup(a, db_col_text(st, C_HASH));
        *disabled = db_col_int64(st, C_DISABLED) != 0;
    }
    db_done(st);
    return hash;
}

bool account_check_password(Db *db, int64_t user_id, const char *password)
{
    account_crypto_init();
    Arena a;
    arena_init(&a);
    int64_t id = 0;
    bool disabled = false;
    const char *hash = password_hash_of(db, &a, user_id, NULL, &id, &disabled);
    bool ok = hash && password_matches(hash, password);
    arena_free(&a);
    return ok;
}

static int64_t failures_since(Db *db, const char *login, const char *address, int64_t since)
{
    enum { C_COUNT, C_N };
    DbStmt *st =
        login
            ? db_prepare(db, "SELECT COUNT(*) FROM login_failure WHERE login = $1 AND at > $2", C_N)
            : db_prepare(db, "SELECT COUNT(*) FROM login_failure WHERE address = $1 AND at > $2",
                         C_N);
    db_bind_text(st, 1, login ? login : address);
    db_bind_int64(st, 2, since);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, C_COUNT) : 0;
    db_done(st);
    return n;
}

/* Verifies against a fixed hash so that an unknown login costs as much time
 * as a known one: the answer's timing says nothing about which logins exist. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    if (!hash_password("not the password of anyone", dummy_hash))
        dummy_hash[0] = '\0';
}

static void verify_nothing(const char *password)
{
    pthread_once(&dummy_once, make_dummy);
    /* The answer is known to be no; only the time it takes matters. */
    if (dummy_hash[0] && password_matches(dummy_hash, password))
        log_error("a password matched the dummy hash");
}

Err account_login(Db *db, const char *login, const char *password, const char *address,
                  int64_t *user_id)
{
    account_crypto_init();
    int64_t now = (int64_t)time(NULL), since = now - LOGIN_WINDOW;
    if (failures_since(db, login, NULL, since) >= LOGIN_MAX_FAILURES ||
        failures_since(db, NULL, address, since) >= LOGIN_MAX_ADDRESS_FAILURES)
        return ERR_LIMITED;
    Arena a;
    arena_init(&a);
    int64_t id = 0;
    bool disabled = false;
    const char *hash = password_hash_of(db, &a, 0, login, &id, &disabled);
    bool ok;
    if (hash) {
        ok = password_matches(hash, password) && !disabled;
    } else {
        verify_nothing(password);
        ok = false;
    }
    if (ok && crypto_pwhash_str_needs_rehash(hash, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT) != 0) {
        char fresh[crypto_pwhash_STRBYTES];
        if (hash_password(password, fresh)) {
            DbStmt *st = db_prepare(db, "UPDATE app_user SET password_hash = $1 WHERE id = $2", 0);
            db_bind_text(st, 1, fresh);
            db_bind_int64(st, 2, id);
            db_step(st);
            db_done(st);
        }
    }
    arena_free(&a);
    DbStmt *st;
    if (ok) {
        st = db_prepare(db, "DELETE FROM login_failure WHERE login = $1", 0);
        db_bind_text(st, 1, login);
    } else {
        st =
            db_prepare(db, "INSERT INTO login_failure (login, address, at) VALUES ($1, $2, $3)", 0);
        db_bind_text(st, 1, login);
        db_bind_text(st, 2, address ? address : "");
        db_bind_int64(st, 3, now);
    }
    db_step(st);
    db_done(st);
    if (!ok)
        return ERR_FORBIDDEN;
    *user_id = id;
    return ERR_OK;
}

static void read_user(Arena *a, DbStmt *st, User *u)
{
    enum { C_ID, C_LOGIN, C_NAME, C_DISABLED, C_SERVICE, C_CREATED, C_EMAIL, C_LANG };
    u->id = db_col_int64(st, C_ID);
    u->login = arena_strdup(a, db_col_text(st, C_LOGIN));
    u->display_name = arena_strdup(a, db_col_text(st, C_NAME));
    u->disabled = db_col_int64(st, C_DISABLED) != 0;
    u->service = db_col_int64(st, C_SERVICE) != 0;
    u->created_at = arena_strdup(a, db_col_text(st, C_CREATED));
    u->email = arena_strdup(a, db_col_text(st, C_EMAIL));
    u->lang = lang_from_code(db_col_text(st, C_LANG));
}

Err account_get(Db *db, Arena *a, int64_t user_id, User *out)
{
    DbStmt *st =
        db_prepare(db,
                   "SELECT id, login, display_name, disabled, service, created_at, email, lang"
                   " FROM app_user WHERE id = $1",
                   8);
    db_bind_int64(st, 1, user_id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_user(a, st, out);
    db_done(st);
    return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

Err account_by_login(Db *db, Arena *a, const char *login, User *out)
{
    DbStmt *st =
        db_prepare(db,
                   "SELECT id, login, display_name, disabled, service, created_at, email, lang"
                   " FROM app_user WHERE login = $1",
                   8);
    db_bind_text(st, 1, login);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_user(a, st, out);
    db_done(st);
    return rc == DB_ROW ? ERR_OK : rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
}

Err account_list(Db *db, Arena *a, User **out, int *count)
{
    DbStmt *st =
        db_prepare(db,
                   "SELECT id, login, display_name, disabled, service, created_at, email, lang"
                   " FROM app_user ORDER BY login",
                   8);
    int rc, cap = 16, n = 0;
    User *users = ARENA_ARRAY(a, User, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, users, n, cap, User);
        read_user(a, st, &users[n++]);
    }
    db_done(st);
    *out = users;
    *count = n;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

/* Does the scope of a grant exist: the plan, or a unit of the right kind? */
static bool scope_exists(Db *db, Role role, int64_t plan_id, int64_t unit_id)
{
    if (role == ROLE_ADMIN)
        return !plan_id && !unit_id;
    if (role == ROLE_SECRETARIAT || role == ROLE_VIEWER) {
        if (!plan_id || unit_id)
            return false;
        DbStmt *st = db_prepare(db, "SELECT 1 FROM plan WHERE id = $1", 1);
        db_bind_int64(st, 1, plan_id);
        bool yes = db_step(st) == DB_ROW;
        db_done(st);
        return yes;
    }
    if (!unit_id || plan_id)
        return false;
    DbStmt *st = db_prepare(db, "SELECT kind FROM org_unit WHERE id = $1", 1);
    db_bind_int64(st, 1, unit_id);
    bool yes = false;
    if (db_step(st) == DB_ROW) {
        const char *kind = db_col_text(st, 0);
        bool is_section = strcmp(kind, "section") == 0 || strcmp(kind, "office") == 0;
        yes = role == ROLE_EDITOR ? is_section : !is_section;
    }
    db_done(st);
    return yes;
}

Err account_grant(Db *db, const Actor *by, int64_t user_id, Role role, int64_t plan_id,
                  int64_t unit_id, AccountProblem *problem)
{
    *problem = scope_exists(db, role, plan_id, unit_id) ? ACCOUNT_OK : ACCOUNT_BAD_GRANT;
    if (*problem)
        return ERR_INVALID;
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "INSERT INTO user_grant (user_id, role, plan_id, unit_id, created_at)"
                            " VALUES ($1, $2, $3, $4, $5)",
                            0);
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, role_name(role));
    if (plan_id)
        db_bind_int64(st, 3, plan_id);
    else
        db_bind_null(st, 3);
    if (unit_id)
        db_bind_int64(st, 4, unit_id);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, now);
    return finish(db, update_user(db, st, by, "user.grant", user_id, NULL,
                                  json_pack("{s:s, s:I, s:I}", "role", role_name(role), "plan_id",
                                            (json_int_t)plan_id, "unit_id", (json_int_t)unit_id)));
}

Err account_revoke(Db *db, const Actor *by, int64_t grant_id)
{
    enum { C_USER, C_ROLE, C_PLAN, C_UNIT, C_N };
    DbStmt *st =
        db_prepare(db, "SELECT user_id, role, plan_id, unit_id FROM user_grant WHERE id = $1", C_N);
    db_bind_int64(st, 1, grant_id);
    int rc = db_step(st);
    int64_t user_id = 0;
    json_t *before = NULL;
    if (rc == DB_ROW) {
        user_id = db_col_int64(st, C_USER);
        before = json_pack("{s:s, s:I, s:I}", "role", db_col_text(st, C_ROLE), "plan_id",
                           (json_int_t)db_col_int64(st, C_PLAN), "unit_id",
                           (json_int_t)db_col_int64(st, C_UNIT));
    }
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    if (db_begin(db) != 0) {
        json_decref(before);
        return ERR_DB;
    }
    st = db_prepare(db, "DELETE FROM user_grant WHERE id = $1", 0);
    db_bind_int64(st, 1, grant_id);
    return finish(db, update_user(db, st, by, "user.revoke", user_id, before, NULL));
}

bool account_valid_email(const char *email)
{
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    if (n < 3 || n > 254 || !at || at == email || !at[1] || strchr(at + 1, '@'))
        return false;
    for (const char *p = email; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == ';')
            return false;
    return true;
}

Err account_set_email(Db *db, const Actor *by, int64_t user_id, const char *email)
{
    if (*email && !account_valid_email(email))
        return ERR_INVALID;
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE app_user SET email = $1, updated_at = $2 WHERE id = $3", 0);
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, user_id);
    return finish(db, update_user(db, st, by, "user.email", user_id, NULL,
                                  json_pack("{s:s}", "email", email)));
}

Err account_set_lang(Db *db, const Actor *by, int64_t user_id, Lang lang)
{
    const char *code = lang == LANG_EN ? "en" : "ja";
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE app_user SET lang = $1, updated_at = $2 WHERE id = $3", 0);
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, now);
    db_bind_int64(st, 3, user_id);
    return finish(
        db, update_user(db, st, by, "user.lang", user_id, NULL, json_pack("{s:s}", "lang", code)));
}
