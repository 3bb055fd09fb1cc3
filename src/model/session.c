#include <stdio.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include "base/clock.h"
#include "model/audit.h"
#include "model/session.h"

/* Prefix that marks our API tokens, so that a leaked one is recognised. */
#define TOKEN_PREFIX "shk_"

static void random_id(char out[SESSION_ID_CHARS + 1])
{
    unsigned char raw[32];
    account_crypto_init();
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, SESSION_ID_CHARS + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

/* BLAKE2b of a secret, as hex: what the database keeps instead of it. */
static void secret_hash(const char *secret, char hex[65])
{
    unsigned char h[32];
    account_crypto_init();
    crypto_generichash(h, sizeof(h), (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

Err session_create(Db *db, int64_t user_id, const char *address, char sid[SESSION_ID_CHARS + 1])
{
    char hash[65], csrf[SESSION_ID_CHARS + 1];
    random_id(sid);
    random_id(csrf);
    secret_hash(sid, hash);
    int64_t now = (int64_t)time(NULL);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO user_session (id_hash, user_id, csrf_token, created_at,"
                            " last_seen_at, address) VALUES ($1, $2, $3, $4, $4, $5)",
                            0);
    db_bind_text(st, 1, hash);
    db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, csrf);
    db_bind_int64(st, 4, now);
    db_bind_text(st, 5, address ? address : "");
    int rc = db_step(st);
    db_done(st);
    /* Old sessions of anyone are swept now and then, here where it is cheap. */
    st = db_prepare(db, "DELETE FROM user_session WHERE last_seen_at < $1 OR created_at < $2", 0);
    db_bind_int64(st, 1, now - SESSION_IDLE);
    db_bind_int64(st, 2, now - SESSION_ABSOLUTE);
    db_step(st);
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

static void delete_session(Db *db, const char *hash)
{
    DbStmt *st = db_prepare(db, "DELETE FROM user_session WHERE id_hash = $1", 0);
    db_bind_text(st, 1, hash);
    db_step(st);
    db_done(st);
}

static Err fill_user(Db *db, Arena *a, int64_t user_id, Principal *out)
{
    User u;
    Err e = account_get(db, a, user_id, &u);
    if (e != ERR_OK)
        return e;
    if (u.disabled)
        return ERR_NOT_FOUND;
    out->user_id = u.id;
    out->login = u.login;
    out->display_name = u.display_name;
    out->lang = u.lang;
    return principal_load_grants(db, a, out);
}

Err session_principal(Db *db, Arena *a, const char *sid, Principal *out)
{
    *out = principal_anonymous;
    if (!sid || strlen(sid) != SESSION_ID_CHARS)
        return ERR_NOT_FOUND;
    char hash[65];
    secret_hash(sid, hash);
    enum { C_USER, C_CSRF, C_CREATED, C_SEEN, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT user_id, csrf_token, created_at, last_seen_at"
                            " FROM user_session WHERE id_hash = $1",
                            C_N);
    db_bind_text(st, 1, hash);
    int rc = db_step(st);
    int64_t user_id = 0, created = 0, seen = 0;
    const char *csrf = NULL;
    if (rc == DB_ROW) {
        user_id = db_col_int64(st, C_USER);
        csrf = arena_strdup(a, db_col_text(st, C_CSRF));
        created = db_col_int64(st, C_CREATED);
        seen = db_col_int64(st, C_SEEN);
    }
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    int64_t now = (int64_t)time(NULL);
    if (now - seen > SESSION_IDLE || now - created > SESSION_ABSOLUTE) {
        delete_session(db, hash);
        return ERR_NOT_FOUND;
    }
    Err e = fill_user(db, a, user_id, out);
    if (e != ERR_OK) {
        *out = principal_anonymous;
        return e;
    }
    out->csrf = csrf;
    /* Writing the time on every request would make every page a write. */
    if (now - seen >= 60) {
        st = db_prepare(db, "UPDATE user_session SET last_seen_at = $1 WHERE id_hash = $2", 0);
        db_bind_int64(st, 1, now);
        db_bind_text(st, 2, hash);
        db_step(st);
        db_done(st);
    }
    return ERR_OK;
}

void session_end(Db *db, const char *sid)
{
    if (!sid)
        return;
    char hash[65];
    secret_hash(sid, hash);
    delete_session(db, hash);
}

Err token_create(Db *db, const Actor *by, int64_t user_id, const char *name, int days,
                 char token[SESSION_ID_CHARS + 8], int64_t *token_id)
{
    if (days < 1 || days > TOKEN_MAX_DAYS || !name || !*name)
        return ERR_INVALID;
    char id[SESSION_ID_CHARS + 1], hash[65], now[21];
    random_id(id);
    snprintf(token, SESSION_ID_CHARS + 8, TOKEN_PREFIX "%s", id);
    secret_hash(token, hash);
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "INSERT INTO api_token (user_id, name, token_hash, created_at,"
                            " expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            1);
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, hash);
    db_bind_text(st, 4, now);
    db_bind_int64(st, 5, (int64_t)time(NULL) + (int64_t)days * 86400);
    int rc = db_step(st);
    *token_id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    json_t *after = json_pack("{s:s, s:i}", "name", name, "days", days);
    char *text = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    Err e = rc == DB_ROW ? audit_write(db, by->name, by->address, "token.create", "api_token",
                                       *token_id, 0, 0, NULL, text)
                         : ERR_DB;
    free(text);
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return ERR_DB;
    }
    return ERR_OK;
}

Err token_revoke(Db *db, const Actor *by, int64_t user_id, int64_t token_id)
{
    char now[21];
    clock_now_iso(now);
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db,
                            "UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND user_id = $3"
                            " AND revoked_at IS NULL RETURNING id",
                            1);
    db_bind_text(st, 1, now);
    db_bind_int64(st, 2, token_id);
    db_bind_int64(st, 3, user_id);
    int rc = db_step(st);
    db_done(st);
    Err e = rc == DB_ROW    ? audit_write(db, by->name, by->address, "token.revoke", "api_token",
                                          token_id, 0, 0, NULL, NULL)
            : rc == DB_DONE ? ERR_NOT_FOUND
                            : ERR_DB;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return e != ERR_OK ? e : ERR_DB;
    }
    return ERR_OK;
}

Err token_list(Db *db, Arena *a, int64_t user_id, ApiToken **out, int *count)
{
    enum { C_ID, C_NAME, C_CREATED, C_EXPIRES, C_REVOKED, C_USED, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, name, created_at, expires_at, revoked_at, last_used_at"
                            " FROM api_token WHERE user_id = $1 ORDER BY id DESC",
                            C_N);
    db_bind_int64(st, 1, user_id);
    int rc, n = 0, cap = 8;
    ApiToken *t = ARENA_ARRAY(a, ApiToken, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        ARENA_GROW(a, t, n, cap, ApiToken);
        ApiToken *k = &t[n++];
        k->id = db_col_int64(st, C_ID);
        k->name = arena_strdup(a, db_col_text(st, C_NAME));
        k->created_at = arena_strdup(a, db_col_text(st, C_CREATED));
        k->expires_at = db_col_int64(st, C_EXPIRES);
        k->revoked_at =
            db_col_null(st, C_REVOKED) ? NULL : arena_strdup(a, db_col_text(st, C_REVOKED));
        k->last_used_at = db_col_null(st, C_USED) ? NULL : arena_strdup(a, db_col_text(st, C_USED));
    }
    db_done(st);
    *out = t;
    *count = n;
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err token_principal(Db *db, Arena *a, const char *token, Principal *out)
{
    *out = principal_anonymous;
    if (!token || strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0)
        return ERR_NOT_FOUND;
    char hash[65];
    secret_hash(token, hash);
    enum { C_ID, C_USER, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT id, user_id FROM api_token WHERE token_hash = $1"
                            " AND revoked_at IS NULL AND expires_at > $2",
                            C_N);
    db_bind_text(st, 1, hash);
    db_bind_int64(st, 2, (int64_t)time(NULL));
    int rc = db_step(st);
    int64_t id = rc == DB_ROW ? db_col_int64(st, C_ID) : 0;
    int64_t user_id = rc == DB_ROW ? db_col_int64(st, C_USER) : 0;
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    Err e = fill_user(db, a, user_id, out);
    if (e != ERR_OK) {
        *out = principal_anonymous;
        return e;
    }
    out->via_token = true;
    char now[21];
    clock_now_iso(now);
    st = db_prepare(db, "UPDATE api_token SET last_used_at = $1 WHERE id = $2", 0);
    db_bind_text(st, 1, now);
    db_bind_int64(st, 2, id);
    db_step(st);
    db_done(st);
    return ERR_OK;
}
