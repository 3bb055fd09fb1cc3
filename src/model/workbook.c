#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "base/buf.h"
#include "base/clock.h"
#include "model/account.h"
#include "model/workbook.h"

#define KEY_PREFIX "shinchoku:v1:"

enum {
    MAC_BYTES = 16,  /* crypto_generichash's shortest output */
    KEY_NUMBERS = 5, /* answer, round, project, section, version */
    SECRET_HEX = 2 * WORKBOOK_SECRET_BYTES + 1,
};

static bool secret_from_hex(const char *hex, WorkbookSecret *out)
{
    size_t n = 0;
    return hex &&
           sodium_hex2bin(out->bytes, sizeof(out->bytes), hex, strlen(hex), NULL, &n, NULL) == 0 &&
           n == sizeof(out->bytes);
}

/* The stored secret: 1 found, 0 none yet, -1 the database failed. */
static int read_secret(Db *db, WorkbookSecret *out)
{
    enum { S_SECRET, S_N };
    DbStmt *st = db_prepare(db, "SELECT secret FROM workbook_secret WHERE id = 1", S_N);
    int rc = db_step(st);
    int found = rc == DB_ROW    ? (secret_from_hex(db_col_text(st, S_SECRET), out) ? 1 : -1)
                : rc == DB_DONE ? 0
                                : -1;
    db_done(st);
    return found;
}

Err workbook_secret(Db *db, WorkbookSecret *out)
{
    int found = read_secret(db, out);
    if (found != 0)
        return found > 0 ? ERR_OK : ERR_DB;
    /* Two first uses at once: both insert, one row stays, both read it. */
    account_crypto_init();
    WorkbookSecret fresh;
    char hex[SECRET_HEX], now[21];
    randombytes_buf(fresh.bytes, sizeof(fresh.bytes));
    sodium_bin2hex(hex, sizeof(hex), fresh.bytes, sizeof(fresh.bytes));
    clock_now_iso(now);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO workbook_secret (id, secret, created_at)"
                            " VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
                            0);
    db_bind_text(st, 1, hex);
    db_bind_text(st, 2, now);
    int rc = db_step(st);
    db_done(st);
    sodium_memzero(hex, sizeof(hex));
    sodium_memzero(&fresh, sizeof(fresh));
    if (rc != DB_DONE)
        return ERR_DB;
    return read_secret(db, out) > 0 ? ERR_OK : ERR_DB;
}

static void mac_of(const WorkbookSecret *s, const char *text, size_t len,
                   unsigned char mac[MAC_BYTES])
{
    crypto_generichash(mac, MAC_BYTES, (const unsigned char *)text, len, s->bytes,
                       sizeof(s->bytes));
}

void workbook_key_format(const WorkbookSecret *s, const WorkbookKey *k, char out[WORKBOOK_KEY_MAX])
{
    int n = snprintf(out, WORKBOOK_KEY_MAX,
                     KEY_PREFIX "%" PRId64 ":%" PRId64 ":%" PRId64 ":%" PRId64 ":%d", k->answer_id,
                     k->round_id, k->project_id, k->section_id, k->version);
    unsigned char mac[MAC_BYTES];
    mac_of(s, out, (size_t)n, mac);
    out[n++] = ':';
    sodium_bin2hex(out + n, WORKBOOK_KEY_MAX - (size_t)n, mac, sizeof(mac));
}

bool workbook_key_like(const char *text)
{
    return text && strncmp(text, KEY_PREFIX, strlen(KEY_PREFIX)) == 0;
}

/* A number of the key: plain decimal digits, no sign, no leading zero, up
 * to 18 of them; advances *p past it. */
static bool key_number(const char **p, int64_t *out)
{
    const char *s = *p;
    int64_t v = 0;
    int digits = 0;
    for (; *s >= '0' && *s <= '9' && digits < 19; s++, digits++)
        v = v * 10 + (*s - '0');
    if (digits == 0 || digits > 18 || (digits > 1 && **p == '0'))
        return false;
    *out = v;
    *p = s;
    return true;
}

WorkbookKeyCheck workbook_key_parse(const WorkbookSecret *s, const char *text, WorkbookKey *out)
{
    if (!workbook_key_like(text) || strlen(text) >= WORKBOOK_KEY_MAX)
        return WORKBOOK_KEY_UNKNOWN;
    int64_t v[KEY_NUMBERS];
    const char *p = text + strlen(KEY_PREFIX);
    for (int i = 0; i < KEY_NUMBERS; i++)
        if (!key_number(&p, &v[i]) || *p++ != ':')
            return WORKBOOK_KEY_UNKNOWN;
    size_t signed_len = (size_t)(p - 1 - text);
    unsigned char got[MAC_BYTES], want[MAC_BYTES];
    size_t n = 0;
    const char *end = NULL;
    if (strlen(p) != 2 * MAC_BYTES ||
        sodium_hex2bin(got, sizeof(got), p, strlen(p), NULL, &n, &end) != 0 || n != MAC_BYTES ||
        *end != '\0' || v[4] > INT32_MAX)
        return WORKBOOK_KEY_UNKNOWN;
    mac_of(s, text, signed_len, want);
    if (sodium_memcmp(got, want, MAC_BYTES) != 0)
        return WORKBOOK_KEY_ALTERED;
    *out = (WorkbookKey){v[0], v[1], v[2], v[3], (int)v[4]};
    return WORKBOOK_KEY_OK;
}

Err workbook_field(Db *db, Arena *a, int64_t field_id, WorkbookField *out)
{
    memset(out, 0, sizeof(*out));
    enum { F_KIND, F_SCALE, F_N };
    DbStmt *st = db_prepare(db, "SELECT kind, scale_id FROM field_def WHERE id = $1", F_N);
    db_bind_int64(st, 1, field_id);
    int rc = db_step(st);
    int64_t scale = 0;
    if (rc == DB_ROW) {
        out->rating = strcmp(db_col_text(st, F_KIND), "rating") == 0;
        scale = db_col_int64(st, F_SCALE);
    }
    db_done(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ERR_NOT_FOUND : ERR_DB;
    if (!out->rating || !scale)
        return ERR_OK;
    enum { G_CODE, G_LABEL, G_N };
    st = db_prepare(db,
                    "SELECT code, label FROM rating_grade WHERE scale_id = $1"
                    " ORDER BY sort_order, id",
                    G_N);
    db_bind_int64(st, 1, scale);
    int cap = 8;
    out->grades = ARENA_ARRAY(a, const char *, cap);
    out->codes = ARENA_ARRAY(a, const char *, cap);
    while ((rc = db_step(st)) == DB_ROW) {
        if (out->ngrades == cap) {
            const char **g = ARENA_ARRAY(a, const char *, cap * 2);
            const char **c = ARENA_ARRAY(a, const char *, cap * 2);
            memcpy(g, out->grades, sizeof(*g) * (size_t)cap);
            memcpy(c, out->codes, sizeof(*c) * (size_t)cap);
            out->grades = g, out->codes = c, cap *= 2;
        }
        out->codes[out->ngrades] = arena_strdup(a, db_col_text(st, G_CODE));
        out->grades[out->ngrades++] = arena_strdup(a, db_col_text(st, G_LABEL));
    }
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err workbook_initiatives(Db *db, Arena *a, int64_t plan_id, int64_t project_id, const char **out)
{
    enum { I_NUMBER, I_N };
    DbStmt *st = db_prepare(db,
                            "SELECT i.number FROM initiative_project ip"
                            " JOIN initiative i ON i.id = ip.initiative_id"
                            " JOIN direction d ON d.id = i.direction_id"
                            " WHERE ip.project_id = $1 AND i.plan_id = $2"
                            " ORDER BY d.sort_order, i.sort_order, i.id",
                            I_N);
    db_bind_int64(st, 1, project_id);
    db_bind_int64(st, 2, plan_id);
    Buf b = BUF_INIT;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (b.len)
            buf_puts(&b, "、");
        buf_puts(&b, db_col_text(st, I_NUMBER));
    }
    db_done(st);
    *out = arena_strdup(a, b.data);
    buf_free(&b);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}

Err workbook_values_at(Db *db, Arena *a, const Answer *an, int version, const char **out)
{
    for (int i = 0; i < an->nfields; i++)
        out[i] = version == an->version ? an->fields[i].value : "";
    if (version == an->version)
        return ERR_OK;
    /* Each version row holds a field's text as that save wrote it; the last
     * one up to version is what the field said then. */
    enum { V_FIELD, V_TEXT, V_N };
    DbStmt *st = db_prepare(db,
                            "SELECT field_id, text_value FROM response_value_version"
                            " WHERE response_id = $1 AND version <= $2 ORDER BY version, id",
                            V_N);
    db_bind_int64(st, 1, an->id);
    db_bind_int64(st, 2, version);
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        for (int i = 0; i < an->nfields; i++)
            if (an->fields[i].field_id == db_col_int64(st, V_FIELD))
                out[i] = arena_strdup(a, db_col_null(st, V_TEXT) ? "" : db_col_text(st, V_TEXT));
    db_done(st);
    return rc == DB_DONE ? ERR_OK : ERR_DB;
}
