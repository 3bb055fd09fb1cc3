/* Every page escapes what people typed. The demo database gets an example of
 * each kind of content through the pages (answers in every state with their
 * history, a returned answer's comment, a rating scale with rating and number
 * fields, an indicator, a round with its instructions, API tokens, imports
 * waiting at their preview, a renamed section, e-mail addresses for the
 * reminders); then every text column of every table gets a marker appended,
 * <script>x:TABLE.COLUMN"'<b>, so that a leak names its column. The
 * columns the program would not work with changed are listed in `untouched`
 * with their reason: a column added later is poisoned unless listed there.
 *
 * Then forms are sent with markers (post.*) through the real handlers, those
 * that are saved and those refused and shown again, and pages are asked with
 * markers in their query (query.*). Last, anonymous and each demo role read
 * every GET route of the table with real ids, each also in English. An HTML
 * body may hold a marker only escaped; a JSON body must parse; CSV, XLSX and
 * PDF are no markup and only their headers are looked at. The important
 * columns must have been seen escaped on some page (and a few in the API's
 * JSON), so that the test cannot pass because the poison never reached the
 * pages. The catalogue is read in SQLite or PostgreSQL alike. */
#include <jansson.h>
#include "base/log.h"
#include "model/account.h"
#include "pages/dispatch.h"
#include "testauth.h"
#include "testdb.h"
#include "testlib.h"

enum { ANON, ADMIN, JIMU, REVIEW, EDIT_SHOGAI, EDIT_SHIMIN, VIEWER, NROLES };
static const char *const logins[NROLES] = {
    NULL, "admin", "jimukyoku", "kenkofukushi", "shogaikikaku", "shiminseikatsu", "iin"};

static Db *db;
static Session as[NROLES];

/* ---------- Markers ---------- */

#define MARK_OPEN     "<script>x:"
#define MARK_END      "\"'<b>"
#define ESC_OPEN      "&lt;script&gt;x:"
#define ESC_END       "&quot;&#39;&lt;b&gt;"
#define ESC_END_JSON  "\\&quot;&#39;&lt;b&gt;" /* JSON shown on a page: \" escaped */
#define ELLIPSIS      "\xE2\x80\xA6"
#define MARKS_MAX     256
#define LEAKS_PRINTED 30

/* A marker's id ("plan.title", "post.answer") and where it was seen. */
typedef struct Mark {
    char id[80];
    bool poisoned; /* a column of the database */
    bool html;     /* seen escaped on an HTML page */
    bool json;     /* seen in a JSON body */
} Mark;

static Mark marks[MARKS_MAX];
static int nmarks, pages_checked, leaks;

static Mark *mark_of(const char *id, size_t len)
{
    for (int i = 0; i < nmarks; i++)
        if (strlen(marks[i].id) == len && strncmp(marks[i].id, id, len) == 0)
            return &marks[i];
    if (nmarks == MARKS_MAX || len >= sizeof(marks[0].id))
        return NULL;
    snprintf(marks[nmarks].id, sizeof(marks[0].id), "%.*s", (int)len, id);
    return &marks[nmarks++];
}

/* The marker of id; a form takes several at once, so the last eight stay
 * valid. */
static const char *marker(const char *id)
{
    static char m[8][128];
    static int next;
    char *out = m[next++ % 8];
    snprintf(out, sizeof(m[0]), MARK_OPEN "%s" MARK_END, id);
    return out;
}

/* A file name with the marker of id, as a browser puts it in a multipart
 * header: its quote escaped (static: until the next call). */
static const char *file_marker(const char *id, const char *ext)
{
    static char m[128];
    snprintf(m, sizeof(m), MARK_OPEN "%s\\\"'<b>.%s", id, ext);
    return m;
}

static size_t id_len(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_' ||
           s[n] == '.')
        n++;
    return n;
}

/* One failure, with the text around it on one line (the marker's id is in
 * it); only the first few are printed. */
static void leak(const char *what, const char *where, const char *body, const char *at)
{
    leaks++;
    test_check_failed++;
    if (leaks > LEAKS_PRINTED)
        return;
    const char *from = at - body > 60 ? at - 60 : body;
    char context[200];
    snprintf(context, sizeof(context), "%.*s", (int)(at - from) + 60, from);
    for (char *c = context; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    fprintf(stderr, "  LEAK %s on %s: ...%s...\n", what, where, context);
}

/* Every occurrence of needle in body is a leak called what. */
static void refuse_all(const char *body, const char *needle, const char *what, const char *where)
{
    for (const char *p = body; (p = strstr(p, needle)); p += strlen(needle))
        leak(what, where, body, p);
}

/* How much of the escaped end e the text at p matches. */
static size_t matched(const char *p, const char *e)
{
    size_t k = 0;
    while (e[k] && p[k] == e[k])
        k++;
    return k;
}

/* An HTML body: markers only escaped, and once. After a marker's id comes its
 * whole escaped end, or markup of the page (a diff marks changes inside a
 * value), or an ellipsis (the import preview cuts long cells); anything else
 * (a raw quote) is a value escaped only in part. Notes the markers seen. */
static void scan_html(const char *body, const char *where)
{
    pages_checked++;
    refuse_all(body, MARK_OPEN, "a raw <script> marker", where);
    refuse_all(body, MARK_END, "a marker's raw end", where);
    refuse_all(body, "&amp;lt;script&amp;gt;x:", "a marker escaped twice", where);
    for (const char *p = body; (p = strstr(p, ESC_OPEN));) {
        p += strlen(ESC_OPEN);
        size_t n = id_len(p);
        const char *end = p + n;
        size_t ke = matched(end, ESC_END), kj = matched(end, ESC_END_JSON);
        size_t k = ke > kj ? ke : kj;
        bool whole = !ESC_END[ke] || !ESC_END_JSON[kj];
        if (!whole && end[k] != '<' && strncmp(end + k, ELLIPSIS, 3) != 0)
            leak("a marker escaped only in part", where, body, p);
        Mark *m = n && whole ? mark_of(p, n) : NULL;
        if (m)
            m->html = true;
    }
}

/* Notes the markers in every string of a JSON value. */
static void scan_json_value(json_t *v)
{
    const char *key;
    json_t *item;
    size_t i;
    if (json_is_string(v)) {
        for (const char *p = json_string_value(v); (p = strstr(p, MARK_OPEN));) {
            p += strlen(MARK_OPEN);
            Mark *m = mark_of(p, id_len(p));
            if (m)
                m->json = true;
        }
    } else if (json_is_object(v)) {
        json_object_foreach(v, key, item)
        {
            scan_json_value(item);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            scan_json_value(item);
        }
    }
}

/* Any reply: no marker in a header; HTML scanned, JSON parsed. A body that
 * is no HTML may carry a marker as it is (JSON, CSV), but then a browser must
 * not take it for HTML: nosniff. */
static void scan_reply(const Reply *r, const char *where)
{
    refuse_all(r->headers, MARK_OPEN, "a marker in a header", where);
    if (strstr(r->headers, "Content-Type: text/html")) {
        scan_html(r->body, where);
        return;
    }
    if (memmem(r->body, r->body_len, MARK_OPEN, strlen(MARK_OPEN)))
        CHECK_HAS(r->headers, "X-Content-Type-Options: nosniff");
    if (strstr(r->headers, "Content-Type: application/json")) {
        json_error_t err;
        json_t *j = json_loadb(r->body, r->body_len, 0, &err);
        if (!j)
            fprintf(stderr, "  %s: not JSON: %s\n", where, err.text);
        CHECK(j != NULL);
        scan_json_value(j);
        json_decref(j);
    }
}

/* ---------- Requests ---------- */

/* "name=value&..." from name, value pairs (NULL-terminated), each value
 * percent-encoded (malloc'd). */
static char *form_body(const char *const *pairs)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (int i = 0; pairs[i]; i += 2) {
        char *v = test_form_escape(pairs[i + 1]);
        fprintf(f, "%s%s=%s", i ? "&" : "", pairs[i], v);
        free(v);
    }
    fclose(f);
    return out;
}

static const char *who_name(int who)
{
    return logins[who] ? logins[who] : "anonymous";
}

/* GET target as who (anonymous without a session). */
static Reply get_as(int who, const char *target)
{
    return who == ANON ? http_get(db, target) : http_get_as(db, &as[who], target);
}

/* POST the form pairs to target as who; the reply is scanned and returned. */
static Reply post_form(int who, const char *target, const char *const *pairs)
{
    char *body = form_body(pairs);
    Reply r = http_post_as(db, &as[who], target, body);
    free(body);
    char where[256];
    snprintf(where, sizeof(where), "POST %s as %s", target, who_name(who));
    scan_reply(&r, where);
    return r;
}

/* The same, for a reply of status want. */
static void post_want(int who, const char *target, const char *const *pairs, int want)
{
    Reply r = post_form(who, target, pairs);
    if (r.status != want)
        fprintf(stderr, "  POST %s as %s: %d, want %d\n%.300s\n", target, who_name(who), r.status,
                want, r.body);
    CHECK_INT(r.status, want);
    reply_free(&r);
}

/* POST JSON to an API route as jimukyoku; returns the "id" of the reply. */
static long long api_create(const char *target, json_t *body, int want)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    Reply r = http_post_json_as(db, &as[JIMU], target, text);
    free(text);
    if (r.status != want)
        fprintf(stderr, "  POST %s: %d\n%s\n", target, r.status, r.body);
    CHECK_INT(r.status, want);
    json_t *j = json_loads(r.body, 0, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    reply_free(&r);
    return id;
}

/* One number the SQL finds, or 0. */
static long long one_id(DbStmt *st)
{
    long long id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    return id;
}

/* ---------- The ids of the walk ---------- */

typedef struct Ids {
    long long open_round, end_round, closed_round;
    long long returned, draft, submitted, confirmed, not_started, end_answer;
    long long section, rating_field, number_field, user, import_a, import_b;
} Ids;
static Ids ids = {.closed_round = 1, .section = 3};

static long long answer_of(long long round, int project)
{
    DbStmt *st =
        db_prepare(db, "SELECT id FROM response WHERE round_id = $1 AND project_id = $2", 1);
    db_bind_int64(st, 1, round);
    db_bind_int64(st, 2, project);
    return one_id(st);
}

/* ---------- Content of every kind, before the poison ---------- */

/* A rating scale, a rating and a number field at the year's end, and an
 * indicator on the number field, through the API. */
static void setup_fields(void)
{
    json_t *grades = json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]", "code", "A", "label",
                               "達成", "points", "2", "description", "目標を上回った", "code", "B",
                               "label", "未達成", "points", "1", "description", "目標に届かない");
    long long scale =
        api_create("/api/v1/plans/1/scales",
                   json_pack("{s:s, s:o}", "name", "達成度評価", "grades", grades), 200);
    ids.rating_field =
        api_create("/api/v1/plans/1/fields",
                   json_pack("{s:s, s:s, s:I, s:s, s:s}", "label", "達成度", "kind", "rating",
                             "scale_id", scale, "checkpoint", "end", "example", "A"),
                   200);
    ids.number_field =
        api_create("/api/v1/plans/1/fields",
                   json_pack("{s:s, s:s, s:s, s:s, s:s}", "label", "相談件数", "kind", "number",
                             "unit", "件", "checkpoint", "end", "example", "120"),
                   200);
    api_create("/api/v1/plans/1/indicators",
               json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:b, s:I, s:i}", "name", "相談延件数",
                         "unit", "件", "baseline", "100", "baseline_fy", 2019, "target", "150",
                         "target_fy", 2023, "higher_is_better", 1, "field_id", ids.number_field,
                         "project_id", 1),
               201);
}

/* The version the answer form of id carries, read as who. */
static int form_version(int who, long long id)
{
    char target[64];
    snprintf(target, sizeof(target), "/answers/%lld", id);
    Reply r = get_as(who, target);
    const char *p = strstr(r.body, "name=\"version\" value=\"");
    int v = p ? atoi(p + 22) : -1;
    reply_free(&r);
    return v;
}

/* Saves (or submits) answer id as who with field, value pairs: want is the
 * status of the reply. */
static void answer_want(int who, long long id, bool submit, const char *const *values, int want)
{
    char target[64], version[16];
    snprintf(target, sizeof(target), "/answers/%lld", id);
    snprintf(version, sizeof(version), "%d", form_version(who, id));
    const char *pairs[16] = {"version", version, "action", submit ? "submit" : "save"};
    int n = 4;
    for (int i = 0; values[i] && n < 14; i++)
        pairs[n++] = values[i];
    pairs[n] = NULL;
    post_want(who, target, pairs, want);
}

static void answer(int who, long long id, bool submit, const char *const *values)
{
    answer_want(who, id, submit, values, 303);
}

/* POST /things/id/action with pairs (NULL: none) as jimukyoku. */
static void act(const char *things, long long id, const char *action, const char *const *pairs)
{
    char target[96];
    snprintf(target, sizeof(target), "/%s/%lld/%s", things, id, action);
    static const char *const none[] = {NULL};
    post_want(JIMU, target, pairs ? pairs : none, 303);
}

/* The demo's open round: returned (with two saves before), draft,
 * submitted, confirmed and not started; a round at the year's end with the
 * new fields, its answer confirmed; both rounds public. */
static void setup_answers(void)
{
    DbStmt *st = db_prepare(db, "SELECT id FROM round WHERE status = 'open'", 1);
    ids.open_round = one_id(st);
    ids.returned = answer_of(ids.open_round, 1);
    ids.submitted = answer_of(ids.open_round, 2);
    ids.confirmed = answer_of(ids.open_round, 3);
    ids.not_started = answer_of(ids.open_round, 4);
    ids.draft = answer_of(ids.open_round, 6);
    answer(EDIT_SHOGAI, ids.returned, false, (const char *[]){"f1", "窓口を周知した", NULL});
    answer(EDIT_SHOGAI, ids.returned, false,
           (const char *[]){"f1", "窓口を周知した。", "f2", "伝わった", NULL});
    answer(EDIT_SHOGAI, ids.returned, true, (const char *[]){"f3", "周知の方法", NULL});
    act("answers", ids.returned, "return",
        (const char *[]){"comment", "評価を具体的に書いてください", NULL});
    answer(EDIT_SHIMIN, ids.draft, false, (const char *[]){"f1", "労働相談を実施", NULL});
    answer(JIMU, ids.submitted, true, (const char *[]){"f1", "代わりに入力", NULL});
    answer(JIMU, ids.confirmed, true, (const char *[]){"f1", "確認済みの回答", NULL});
    act("answers", ids.confirmed, "confirm", NULL);

    post_want(JIMU, "/plans/1/rounds",
              (const char *[]){"year", "2020", "checkpoint", "end", "inquiry_date", "2021-04-01",
                               "deadline", "2021-09-30", "doc_no", "仙健第123号", "instructions",
                               "年度末の実績を記入してください", NULL},
              303);
    st = db_prepare(db, "SELECT MAX(id) FROM round", 1);
    ids.end_round = one_id(st);
    ids.end_answer = answer_of(ids.end_round, 1);
    char rating[32], number[32];
    snprintf(rating, sizeof(rating), "f%lld", ids.rating_field);
    snprintf(number, sizeof(number), "f%lld", ids.number_field);
    answer(EDIT_SHOGAI, ids.end_answer, true,
           (const char *[]){"f4", "周知を続ける", rating, "A", number, "120", NULL});
    act("answers", ids.end_answer, "confirm", NULL);
    act("rounds", ids.end_round, "publish", (const char *[]){"level", "2", NULL});
    act("rounds", ids.open_round, "publish", (const char *[]){"level", "2", NULL});
}

/* An account with an e-mail address and a grant; addresses for the demo's
 * editors (the reminders list them); tokens; a section renamed from 2021. */
static void setup_accounts(void)
{
    Actor by = {"test", ""};
    AccountProblem problem;
    int64_t id = 0;
    CHECK_INT(account_create(db, &by, "tanto", "障害企画課 担当者2", "tanto-password-1", false, &id,
                             &problem),
              ERR_OK);
    ids.user = id;
    CHECK_INT(account_grant(db, &by, id, ROLE_EDITOR, 0, 3, &problem), ERR_OK);
    CHECK_INT(account_set_email(db, &by, id, "tanto@example.jp"), ERR_OK);
    Arena a;
    arena_init(&a);
    const char *editors[] = {"shogaikikaku", "shiminseikatsu"};
    for (int i = 0; i < 2; i++) {
        User u;
        CHECK_INT(account_by_login(db, &a, editors[i], &u), ERR_OK);
        CHECK_INT(account_set_email(db, &by, u.id, "editor@example.jp"), ERR_OK);
    }
    arena_free(&a);
    post_want(JIMU, "/account/tokens", (const char *[]){"name", "集計用", "days", "30", NULL}, 200);
    post_want(VIEWER, "/account/tokens", (const char *[]){"name", "閲覧用", "days", "7", NULL},
              200);
    post_want(ADMIN, "/admin/org/units/3/rename",
              (const char *[]){"name", "障害者支援課", "rename_fy", "2021", NULL}, 303);
}

/* A project of initiative 1 with its summary and baseline (現状). */
static void setup_project(void)
{
    post_want(JIMU, "/plans/1/projects",
              (const char *[]){"initiative_id", "1", "section_id", "3", "name", "相談員の研修",
                               "summary", "相談員向けの研修を行う", "baseline", "年2回", NULL},
              303);
}

/* Uploads the plan's sheet as XLSX, as it is now, under filename as a new
 * plan's import by the administrator; returns the job's id. */
static long long upload_import(const char *filename, const char *title)
{
    Reply x = http_get_as(db, &as[ADMIN], "/plans/1/sheet.xlsx?years=2019,2020");
    CHECK_INT(x.status, 200);
    const char *fields[] = {"target", "new", "title", title, NULL};
    Reply r =
        http_post_file_as(db, &as[ADMIN], "/imports", fields, "file", filename, x.body, x.body_len);
    reply_free(&x);
    CHECK_INT(r.status, 303);
    const char *l = strstr(r.headers, "Location: /imports/");
    long long id = l ? atoll(l + 19) : 0;
    reply_free(&r);
    CHECK(id > 0);
    return id;
}

/* An import at its preview whose (emptied) mapping is saved under a name. */
static void setup_import(void)
{
    ids.import_a = upload_import("sheet.xlsx", "取り込んだ計画");
    char target[64];
    snprintf(target, sizeof(target), "/imports/%lld/mapping", ids.import_a);
    post_want(ADMIN, target, (const char *[]){"save_name", "仙台形式", NULL}, 303);
}

/* ---------- The poison ---------- */

/* Text columns left alone, each with why the program needs it as it is. */
#define WHEN "a timestamp: parsed, compared and shown as a date"
#define ENUM "an enum the schema CHECKs and the program looks up"
static const struct {
    const char *column, *why;
} untouched[] = {
    {"schema_migrations.name", "which migrations ran: read to migrate"},
    {"schema_migrations.applied_at", WHEN},
    {"org_unit.kind", ENUM},
    {"org_unit.created_at", WHEN},
    {"plan.created_at", WHEN},
    {"plan.updated_at", WHEN},
    {"plan_document.doc_date", "a date, formatted as an era date"},
    {"project.created_at", WHEN},
    {"project.updated_at", WHEN},
    {"rating_grade.points", "a number, averaged by the summary"},
    {"field_def.kind", ENUM},
    {"field_def.checkpoint", ENUM},
    {"round.checkpoint", ENUM},
    {"round.inquiry_date", "a date, formatted as an era date"},
    {"round.deadline", "a date, compared with today"},
    {"round.status", ENUM},
    {"round.created_at", WHEN},
    {"round.updated_at", WHEN},
    {"round.opened_at", WHEN},
    {"round.closed_at", WHEN},
    {"response.status", ENUM},
    {"response.updated_at", WHEN},
    {"response_value.number_value", "a number, summed by the indicators"},
    {"audit_log.at", WHEN},
    {"audit_log.before_json", "JSON, parsed for the audit page"},
    {"audit_log.after_json", "JSON, parsed for the audit page"},
    {"app_user.password_hash", "a password hash: the sessions' owners sign in no more"},
    {"app_user.created_at", WHEN},
    {"app_user.updated_at", WHEN},
    {"app_user.lang", "a language code (CHECK)"},
    {"user_grant.role", ENUM},
    {"user_grant.created_at", WHEN},
    {"user_session.id_hash", "the sessions' keys: the roles would be signed out"},
    {"user_session.csrf_token", "the sessions' tokens: every form would be refused"},
    {"api_token.token_hash", "a token's key"},
    {"api_token.created_at", WHEN},
    {"api_token.revoked_at", WHEN},
    {"api_token.last_used_at", WHEN},
    {"response_value_version.at", WHEN},
    {"response_event.at", WHEN},
    {"response_event.action", ENUM},
    {"workbook_secret.secret", "the key that signs workbooks"},
    {"workbook_secret.created_at", WHEN},
    {"import_upload.data", "the uploaded file, base64"},
    {"import_upload.mapping", "JSON, parsed for the preview"},
    {"import_upload.status", ENUM},
    {"import_upload.created_at", WHEN},
    {"import_upload.updated_at", WHEN},
    {"import_mapping.mapping", "JSON, parsed when chosen"},
    {"import_mapping.created_at", WHEN},
    {"indicator.baseline_value", "a number, compared with the actuals"},
    {"indicator.target_value", "a number, compared with the actuals"},
};
#undef WHEN
#undef ENUM
enum { NUNTOUCHED = sizeof(untouched) / sizeof(untouched[0]) };

/* What people typed that each page shows: seen escaped, or the test proves
 * nothing. */
static const char *const must_see[] = {
    "plan.title",
    "plan.subtitle",
    "plan_document.title",
    "direction.title",
    "initiative.title",
    "initiative.number",
    "project.name",
    "org_unit_period.name",
    "field_def.label",
    "field_def.example",
    "field_def.unit",
    "rating_scale.name",
    "rating_grade.label",
    "rating_grade.code",
    "response_value.text_value",
    "response_value_version.text_value",
    "response.comment",
    "response_event.comment",
    "round.doc_no",
    "round.instructions",
    "indicator.name",
    "indicator.unit",
    "app_user.display_name",
    "app_user.login",
    "app_user.email",
    "api_token.name",
    "audit_log.actor",
    "import_upload.filename",
    "import_upload.title",
    "import_mapping.name",
    "post.answer",
    "post.return_comment",
    "post.user_name",
    "post.token_name",
    "post.import_title",
    "post.import_file",
    "post.upload_file",
    "form.sign_in",
    "form.user_name",
    "form.token",
    "form.answer",
    "form.number",
    "form.plan_title",
    "form.instructions",
    "query.audit_actor",
};

/* And what the API hands out, as it is. */
static const char *const must_see_json[] = {
    "plan.title",
    "initiative.title",
    "project.name",
    "field_def.label",
    "rating_grade.label",
    "indicator.name",
    "response_value.text_value",
};

static int untouched_index(const char *column)
{
    for (int i = 0; i < NUNTOUCHED; i++)
        if (strcmp(untouched[i].column, column) == 0)
            return i;
    return -1;
}

/* Appends the marker of table.column to each of its values; NULL stays
 * NULL. The quote of the marker is doubled for SQL. */
static void poison_column(const char *table, const char *column)
{
    char id[80], sql[512];
    snprintf(id, sizeof(id), "%s.%s", table, column);
    snprintf(sql, sizeof(sql), "UPDATE \"%s\" SET \"%s\" = \"%s\" || '" MARK_OPEN "%s\"''<b>'",
             table, column, column, id);
    int rc = db_exec_script(db, sql);
    if (rc != 0)
        fprintf(stderr, "  %s: %s\n", sql, db_errmsg(db));
    CHECK_INT(rc, 0);
    Mark *m = mark_of(id, strlen(id));
    if (m)
        m->poisoned = true;
}

/* The text columns of the tables (not the views), from the engine's own
 * catalogue: "table.column" lines into out (malloc'd). */
static char *text_columns(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    DbStmt *st = strcmp(db_engine(db), "postgresql") == 0
                     ? db_prepare(db,
                                  "SELECT c.table_name, c.column_name FROM"
                                  " information_schema.columns c JOIN information_schema.tables t"
                                  " ON t.table_schema = c.table_schema AND t.table_name ="
                                  " c.table_name WHERE c.table_schema = current_schema() AND"
                                  " t.table_type = 'BASE TABLE' AND c.data_type = 'text'"
                                  " ORDER BY c.table_name, c.ordinal_position",
                                  2)
                     : db_prepare(db,
                                  "SELECT m.name, p.name FROM sqlite_master m JOIN"
                                  " pragma_table_info(m.name) p WHERE m.type = 'table' AND"
                                  " upper(p.type) = 'TEXT' ORDER BY m.name, p.cid",
                                  2);
    while (db_step(st) == DB_ROW)
        fprintf(f, "%s.%s\n", db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    fclose(f);
    return out;
}

static void test_poison_every_text_column(void)
{
    char *columns = text_columns();
    bool listed_seen[NUNTOUCHED] = {false};
    int poisoned = 0;
    for (char *line = strtok(columns, "\n"); line; line = strtok(NULL, "\n")) {
        int u = untouched_index(line);
        if (u >= 0) {
            listed_seen[u] = true;
            continue;
        }
        char *dot = strchr(line, '.');
        *dot = '\0';
        poison_column(line, dot + 1);
        poisoned++;
    }
    free(columns);
    /* The list names only columns that exist: it is kept up to date. */
    for (int i = 0; i < NUNTOUCHED; i++) {
        if (!listed_seen[i])
            fprintf(stderr, "  untouched lists %s, which is no text column\n", untouched[i].column);
        CHECK(listed_seen[i]);
    }
    CHECK(poisoned > 40);
    printf("escape: %d text columns poisoned, %d left alone\n", poisoned, NUNTOUCHED);
}

/* ---------- Forms sent with markers ---------- */

/* Forms whose values are saved, then shown by the pages of the walk. */
static void test_saved_forms(void)
{
    answer(EDIT_SHIMIN, ids.draft, false,
           (const char *[]){"f1", marker("post.answer"), "f2", marker("post.answer"), NULL});
    act("answers", ids.submitted, "return",
        (const char *[]){"comment", marker("post.return_comment"), NULL});
    post_want(ADMIN, "/admin/users",
              (const char *[]){"login", "escape", "name", marker("post.user_name"), "password",
                               "escape-password-1", NULL},
              303);
    post_want(JIMU, "/account/tokens",
              (const char *[]){"name", marker("post.token_name"), "days", "30", NULL}, 200);
    /* The poisoned sheet imported again: its cells carry the markers. */
    ids.import_b =
        upload_import(file_marker("post.import_file", "xlsx"), marker("post.import_title"));
}

/* A section's workbook of the open round, read back as two files: the report
 * of each is on the page that answers the upload. */
static void test_workbook_upload_report(void)
{
    char target[128], name_a[128], name_b[128];
    snprintf(target, sizeof(target), "/rounds/%lld/sections/%lld/workbook.xlsx", ids.open_round,
             ids.section);
    Reply wb = get_as(EDIT_SHOGAI, target);
    CHECK_INT(wb.status, 200);
    snprintf(name_a, sizeof(name_a), "a%s", file_marker("post.upload_file", "xlsx"));
    snprintf(name_b, sizeof(name_b), "b%s", file_marker("post.upload_file", "xlsx"));
    TestFile files[] = {{"file", name_a, wb.body, wb.body_len},
                        {"file", name_b, wb.body, wb.body_len}};
    snprintf(target, sizeof(target), "/rounds/%lld/upload", ids.open_round);
    Reply r = http_post_files_as(db, &as[EDIT_SHOGAI], target, NULL, files, 2);
    CHECK_INT(r.status, 200);
    CHECK_HAS(r.body, "upload-report");
    scan_reply(&r, "POST upload as shogaikikaku");
    reply_free(&r);
    reply_free(&wb);
}

/* Forms refused, each text field holding a marker of its form (form.*) and
 * one value wrong: the page that answers shows again what was typed (but for
 * the setup pages, whose forms for something new come back empty). */
static void test_refused_forms(void)
{
    char target[96];
#define M(id) marker("form." id)
    Reply r = test_login_post(db, M("sign_in"), "wrong-password");
    CHECK_INT(r.status, 401);
    scan_reply(&r, "POST /login as anonymous");
    reply_free(&r);
    post_want(ADMIN, "/admin/users",
              (const char *[]){"login", M("login"), "name", M("user_name"), "password", "x", NULL},
              400);
    snprintf(target, sizeof(target), "/admin/users/%lld", ids.user);
    post_want(ADMIN, target, (const char *[]){"name", M("user_name"), "email", M("email"), NULL},
              400);
    post_want(JIMU, "/account/tokens", (const char *[]){"name", M("token"), "days", "-1", NULL},
              400);
    post_want(JIMU, "/plans/1/fields",
              (const char *[]){"label", M("field_label"), "kind", "text", "max_chars", "x",
                               "example", M("example"), "checkpoint", "start", NULL},
              400);
    post_want(JIMU, "/plans/1/scales",
              (const char *[]){"name", M("scale"), "g_order", "1", "g_code", M("code"), "g_label",
                               M("grade"), "g_points", "many", "g_desc", M("desc"), NULL},
              400);
    post_want(JIMU, "/plans/1/indicators",
              (const char *[]){"name", M("indicator"), "unit", M("unit"), "baseline", M("number"),
                               "target", "y", NULL},
              400);
    post_want(JIMU, "/plans/1/projects",
              (const char *[]){"initiative_id", "1", "section_id", "3", "name", M("project"),
                               "summary", M("summary"), "baseline", M("baseline"), "from_fy",
                               "2020", "to_fy", "2019", NULL},
              400);
    post_want(JIMU, "/plans/1/directions",
              (const char *[]){"label", "", "title", M("direction"), NULL}, 400);
    post_want(JIMU, "/plans/1/initiatives/bulk", (const char *[]){"lines", M("lines"), NULL}, 400);
    post_want(JIMU, "/plans/1/rounds",
              (const char *[]){"year", "2021", "checkpoint", "start", "deadline", M("deadline"),
                               "doc_no", M("doc_no"), "instructions", M("instructions"), NULL},
              400);
    post_want(ADMIN, "/plans",
              (const char *[]){"title", M("plan_title"), "from_fy", "x", "to_fy", "", NULL}, 400);
    post_want(ADMIN, "/admin/org/units/3/rename",
              (const char *[]){"name", M("unit_name"), "rename_fy", "x", NULL}, 400);
    /* A control character in a text answer; a number that is none. */
    char bad[128], number[32];
    snprintf(bad, sizeof(bad), "%s\x01", M("answer"));
    answer_want(EDIT_SHOGAI, ids.returned, false, (const char *[]){"f1", bad, NULL}, 400);
    snprintf(number, sizeof(number), "f%lld", ids.number_field);
    answer_want(JIMU, answer_of(ids.end_round, 2), false,
                (const char *[]){number, M("number"), "f4", M("answer_end"), NULL}, 400);
#undef M
}

/* ---------- The walk ---------- */

typedef struct Page {
    const char *pattern; /* the route it covers */
    const char *target;  /* {name}: an id of the walk */
} Page;

static const Page walk[] = {
    {"/", "/"},
    {"/plans/{id}/sheet", "/plans/1/sheet"},
    {"/plans/{id}/sheet", "/plans/1/sheet?years=2019,2020&answers=all"},
    {"/plans/{id}/sheet", "/plans/1/sheet?years=2020&examples=1&era=western"},
    {"/plans/{id}/sheet", "/plans/1/sheet?years=2020&direction=1&section=3"},
    {"/plans/{id}/sheet.xlsx", "/plans/1/sheet.xlsx?years=2019,2020"},
    {"/plans/{id}/sheet.pdf", "/plans/1/sheet.pdf?years=2020"},
    {"/plans/{id}/sheet.csv", "/plans/1/sheet.csv?years=2019,2020"},
    {"/plans/{id}/sheet.html", "/plans/1/sheet.html?years=2019,2020&answers=all"},
    {"/plans/{id}/sheet.html", "/plans/1/sheet.html?years=2020&era=western&examples=1"},
    {"/api/v1/plans", "/api/v1/plans"},
    {"/api/v1/openapi.json", "/api/v1/openapi.json"},
    {"/api/v1/plans/{id}/sheet", "/api/v1/plans/1/sheet?years=2019,2020&answers=all"},
    {"/assets/*", "/assets/app.js"},
    {"/login", "/login"},
    {"/account/password", "/account/password"},
    {"/projects/{id}", "/projects/1"},
    {"/projects/{id}", "/projects/6"},
    {"/admin/users", "/admin/users"},
    {"/admin/users/new", "/admin/users/new"},
    {"/admin/users/{id}", "/admin/users/{user}"},
    {"/admin/users/{id}", "/admin/users/4"},
    {"/audit", "/audit"},
    {"/audit", "/audit?page=2"},
    {"/account/tokens", "/account/tokens"},
    {"/rounds/{id}/reminders", "/rounds/{open_round}/reminders"},
    {"/rounds/{id}/reminders.csv", "/rounds/{open_round}/reminders.csv"},
    {"/rounds", "/rounds"},
    {"/plans/{id}/rounds/new", "/plans/1/rounds/new"},
    {"/rounds/{id}", "/rounds/{open_round}"},
    {"/rounds/{id}", "/rounds/{end_round}"},
    {"/rounds/{id}", "/rounds/{closed_round}"},
    {"/inbox", "/inbox"},
    {"/answers/{id}", "/answers/{returned}"},
    {"/answers/{id}", "/answers/{draft}"},
    {"/answers/{id}", "/answers/{submitted}"},
    {"/answers/{id}", "/answers/{confirmed}"},
    {"/answers/{id}", "/answers/{not_started}"},
    {"/answers/{id}", "/answers/{end_answer}"},
    {"/answers/{id}/history", "/answers/{returned}/history"},
    {"/answers/{id}/history", "/answers/{returned}/history?field=1&compare=last_year"},
    {"/answers/{id}/history", "/answers/{end_answer}/history"},
    {"/answers/{id}/history", "/answers/{draft}/history"},
    {"/imports/new", "/imports/new"},
    {"/imports/{id}", "/imports/{import_a}"},
    {"/imports/{id}", "/imports/{import_b}"},
    {"/rounds/{id}/sections/{id}/workbook.xlsx", "/rounds/{open_round}/sections/3/workbook.xlsx"},
    {"/rounds/{id}/upload", "/rounds/{open_round}/upload"},
    {"/plans/new", "/plans/new"},
    {"/plans/{id}/structure", "/plans/1/structure"},
    {"/api/v1/plans/{id}/structure", "/api/v1/plans/1/structure"},
    {"/admin/org", "/admin/org"},
    {"/admin/org", "/admin/org?fy=2021"},
    {"/admin/org/units/{id}", "/admin/org/units/3"},
    {"/plans/{id}/projects", "/plans/1/projects"},
    {"/api/v1/plans/{id}/projects", "/api/v1/plans/1/projects"},
    {"/plans/{id}/fields", "/plans/1/fields"},
    {"/api/v1/plans/{id}/fields", "/api/v1/plans/1/fields"},
    {"/plans/{id}/initiatives/bulk", "/plans/1/initiatives/bulk"},
    {"/plans/{id}/indicators", "/plans/1/indicators"},
    {"/api/v1/plans/{id}/indicators", "/api/v1/plans/1/indicators"},
    {"/plans/{id}/projects/bulk", "/plans/1/projects/bulk"},
};
enum { NWALK = sizeof(walk) / sizeof(walk[0]) };

static long long id_named(const char *name, size_t len)
{
    static const struct {
        const char *name;
        const long long *id;
    } names[] = {
        {"open_round", &ids.open_round},
        {"end_round", &ids.end_round},
        {"closed_round", &ids.closed_round},
        {"returned", &ids.returned},
        {"draft", &ids.draft},
        {"submitted", &ids.submitted},
        {"confirmed", &ids.confirmed},
        {"not_started", &ids.not_started},
        {"end_answer", &ids.end_answer},
        {"user", &ids.user},
        {"import_a", &ids.import_a},
        {"import_b", &ids.import_b},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == len && strncmp(names[i].name, name, len) == 0)
            return *names[i].id;
    fprintf(stderr, "  no id called %.*s\n", (int)len, name);
    return 0;
}

/* target with each {name} replaced by its id, into out. */
static void expand(const char *target, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = target; *p && o + 1 < n;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close) {
            o += (size_t)snprintf(out + o, n - o, "%lld", id_named(p + 1, (size_t)(close - p - 1)));
            p = close + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o < n ? o : n - 1] = '\0';
}

/* Pages that show a value of their query: each target ends in the value. */
static const struct {
    const char *id, *target;
} queries[] = {
    {"query.audit_actor", "/audit?actor="},
    {"query.next", "/login?next="},
    {"query.years", "/plans/1/sheet?years="},
    {"query.history", "/answers/{returned}/history?compare=last_year&field="},
    {"query.fy", "/admin/org?fy="},
};

static void test_query_values_shown(void)
{
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        char *m = test_form_escape(marker(queries[i].id)), target[512], full[1024];
        expand(queries[i].target, target, sizeof(target));
        snprintf(full, sizeof(full), "%s%s", target, m);
        free(m);
        int who = strstr(target, "/login") ? ANON : ADMIN;
        Reply r = get_as(who, full);
        char where[1200];
        snprintf(where, sizeof(where), "GET %s as %s", full, who_name(who));
        scan_reply(&r, where);
        reply_free(&r);
    }
}

static void test_every_get_route_is_walked(void)
{
    for (const Route *r = app_routes; r->pattern; r++) {
        if (strcmp(r->method, "GET") != 0)
            continue;
        bool found = false;
        for (int i = 0; i < NWALK; i++)
            found |= strcmp(walk[i].pattern, r->pattern) == 0;
        if (!found)
            fprintf(stderr, "  GET %s is not walked\n", r->pattern);
        CHECK(found);
    }
}

/* XLSX and PDF files: no markup, and slow to make (the PDF most). */
static bool binary(const char *target)
{
    return strstr(target, ".xlsx") || strstr(target, ".pdf");
}

/* Each page of the walk as each role, in Japanese and in English; a binary
 * file once, by the secretariat, for its headers. */
static void test_walk(void)
{
    int ok = 0;
    for (int i = 0; i < NWALK; i++) {
        char target[256], en[300], where[400];
        expand(walk[i].target, target, sizeof(target));
        snprintf(en, sizeof(en), "%s%clang=en", target, strchr(target, '?') ? '&' : '?');
        bool once = binary(target);
        for (int who = once ? JIMU : 0; who < (once ? JIMU + 1 : NROLES); who++) {
            for (int lang = 0; lang < (once ? 1 : 2); lang++) {
                const char *t = lang ? en : target;
                Reply r = get_as(who, t);
                snprintf(where, sizeof(where), "GET %s as %s", t, who_name(who));
                if (r.status >= 500)
                    fprintf(stderr, "  %s: %d\n", where, r.status);
                CHECK(r.status < 500);
                ok += r.status == 200;
                scan_reply(&r, where);
                reply_free(&r);
            }
        }
    }
    /* Most pages are someone's: a walk of refusals would prove nothing. */
    CHECK(ok > NWALK * 4);
    printf("escape: %d requests of the walk answered 200\n", ok);
}

static void test_markers_reached_the_pages(void)
{
    for (size_t i = 0; i < sizeof(must_see) / sizeof(must_see[0]); i++) {
        Mark *m = mark_of(must_see[i], strlen(must_see[i]));
        if (!m || !m->html)
            fprintf(stderr, "  %s was never seen escaped on a page\n", must_see[i]);
        CHECK(m && m->html);
        CHECK(untouched_index(must_see[i]) < 0);
    }
    for (size_t i = 0; i < sizeof(must_see_json) / sizeof(must_see_json[0]); i++) {
        Mark *m = mark_of(must_see_json[i], strlen(must_see_json[i]));
        if (!m || !m->json)
            fprintf(stderr, "  %s was never seen in the API's JSON\n", must_see_json[i]);
        CHECK(m && m->json);
    }
    /* Poisoned but never shown is no failure (exports only, or never read
     * back), but it is told. */
    int seen = 0;
    printf("escape: on no page:");
    for (int i = 0; i < nmarks; i++) {
        seen += marks[i].html;
        if (marks[i].poisoned && !marks[i].html && !marks[i].json)
            printf(" %s", marks[i].id);
    }
    printf("\nescape: %d HTML bodies checked, %d markers seen escaped\n", pages_checked, seen);
    if (leaks)
        fprintf(stderr, "  %d leaks in all (the first %d printed)\n", leaks, LEAKS_PRINTED);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("escape.db", true);
    test_current = "setup";
    for (int who = 1; who < NROLES; who++) {
        as[who] = test_login(db, logins[who], "demo");
        if (!as[who].ok) {
            fprintf(stderr, "cannot sign in as %s (%d)\n", logins[who], as[who].status);
            test_cleanup();
            return 2;
        }
    }
    setup_fields();
    setup_answers();
    setup_accounts();
    setup_import();
    setup_project();
    if (test_check_failed) {
        fprintf(stderr, "the content could not be set up\n");
        test_cleanup();
        return 2;
    }
    TEST_RUN(test_poison_every_text_column);
    TEST_RUN(test_saved_forms);
    TEST_RUN(test_workbook_upload_report);
    TEST_RUN(test_refused_forms);
    TEST_RUN(test_query_values_shown);
    TEST_RUN(test_every_get_route_is_walked);
    TEST_RUN(test_walk);
    TEST_RUN(test_markers_reached_the_pages);
    db_close(db);
    test_cleanup();
    return TEST_DONE("escape");
}
