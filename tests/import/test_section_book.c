/* Section workbooks (課の回答用Excel) on the demo database, whose round of
 * 令和2年度 is given a character limit and a rating field first: the
 * workbook as exceljs reads it (protected, key column hidden, only answer
 * cells unlocked, validations, instructions), filled by exceljs and
 * uploaded (drafts; unchanged; conflicts after another save, nothing
 * written; altered and unknown keys; another section's user; over the
 * limit; a bad grade; another round; a moved project; not a workbook; the
 * database failing half-way writes nothing), LibreOffice's round trip, and
 * the two commands. argv[1] is the built binary, argv[2] the sources. */
#include <jansson.h>
#include <sys/stat.h>
#include "base/log.h"
#include "export/section_book.h"
#include "import/section_upload.h"
#include "import/table.h"
#include "import/xlsx_read.h"
#include "model/account.h"
#include "model/answer.h"
#include "model/round.h"
#include "model/workbook.h"
#include "testanswer.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static const char *binary, *source_dir;
static char db_file[512];
static Db *db;
static Arena arena; /* principals and reports, freed at the end */
static const Actor test_actor = {"test", ""};
static const int64_t ROUND = 3;  /* the demo's open round: FY2020, 年度当初 */
static const int64_t CENTRE = 6; /* 精神保健福祉総合センター: two projects, no editor */
static const int64_t SHOGAI = 3; /* 障害企画課: one project, editor shogaikikaku */
static const char *LIMITED = "取組みの実施状況"; /* given a limit of 40 below */

/* ---------- Helpers ---------- */

static Principal as(const char *login)
{
    Principal p = principal_anonymous;
    User u;
    if (account_by_login(db, &arena, login, &u) == ERR_OK) {
        p.user_id = u.id;
        p.login = u.login;
        principal_load_grants(db, &arena, &p);
    }
    return p;
}

/* A path in the test's directory, in the arena (test_path reuses its buffer). */
static const char *path_of(const char *name)
{
    return arena_strdup(&arena, test_path(name));
}

/* "F5": field i's answer cell (or its last year's, last) in body row k. */
static const char *cell(int field, int k, bool last)
{
    char col[8];
    table_col_name(SECTION_BOOK_COL_FIELDS + 2 * field + (last ? 1 : 2), col);
    return arena_printf(&arena, "%s%d", col, SECTION_BOOK_ROW_BODY + 1 + k);
}

static const char *edit(const char *cell_name, const char *text)
{
    return arena_printf(&arena, "%s=%s", cell_name, text);
}

static Err write_book(const Principal *who, int64_t round_id, int64_t section, Lang lang,
                      const char *path)
{
    Buf out = BUF_INIT;
    char *err = NULL;
    const char *name = NULL;
    Err e = section_book_write(db, &arena, who, round_id, section, lang, &out, &name, &err);
    if (e == ERR_OK) {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len)
            e = ERR_IO;
        if (f)
            fclose(f);
        CHECK(name && strstr(name, ".xlsx"));
    }
    if (err)
        fprintf(stderr, "  section_book_write: %s\n", err);
    free(err);
    buf_free(&out);
    return e;
}

/* node SCRIPT args...: 0 when it ran and succeeded. */
static int node(const char *script, const char *const *args, int nargs, const char *out)
{
    char *argv[40] = {"node",
                      (char *)arena_printf(&arena, "%s/tests/import/%s", source_dir, script)};
    for (int i = 0; i < nargs && i < 37; i++)
        argv[2 + i] = (char *)args[i];
    int rc = test_spawn(argv, NULL, out, NULL);
    if (rc != 0)
        fprintf(stderr, "  node %s failed (%d): npm ci in the source directory?\n", script, rc);
    return rc;
}

/* Fills in (a copy of) the workbook: edits are CELL=TEXT. */
static void fill(const char *in, const char *out, const char *const *edits, int n)
{
    const char *args[32] = {in, out};
    for (int i = 0; i < n && i < 30; i++)
        args[2 + i] = edits[i];
    CHECK_INT(node("fill_section_book.mjs", args, n + 2, NULL), 0);
}

static json_t *summary_of(const char *xlsx)
{
    const char *out = path_of("check.json");
    const char *args[1] = {xlsx};
    int rc = node("section_book_check.mjs", args, 1, out);
    json_t *j = rc == 0 ? json_load_file(out, 0, NULL) : NULL;
    return j ? j : json_object();
}

static Err upload(const char *path, const Principal *who, bool submit, UploadReport *r,
                  UploadProblem *problem)
{
    size_t len;
    char *data = test_slurp(path, &len);
    Err e = section_upload(db, &arena, &(Actor){who->login, ""}, who, ROUND, data, len, submit, r,
                           problem);
    free(data);
    return e;
}

static int64_t answer_of(int64_t round_id, const char *project)
{
    AnswerRow *rows;
    int n;
    int64_t id = 0;
    if (answer_list(db, &arena, NULL, round_id, &rows, &n) == ERR_OK)
        for (int i = 0; i < n; i++)
            if (strcmp(rows[i].project_name, project) == 0)
                id = rows[i].id;
    return id;
}

/* The stored text of field i of an answer. */
static const char *value_of(int64_t id, int field)
{
    Answer a;
    if (answer_get(db, &arena, NULL, id, &a) != ERR_OK || field >= a.nfields)
        return "(no answer)";
    return a.fields[field].value;
}

static const char *GATE = "専門職向けゲートキーパー養成研修";  /* the centre's first row */
static const char *STAFF = "市職員向けゲートキーパー養成研修"; /* its second */
static const char *ABUSE = "障害者に対する虐待相談窓口の周知"; /* 障害企画課's one */

/* Saves texts for field 0 on the answer as the secretariat (another save). */
static void save_other(int64_t id, const char *text)
{
    Principal jimu = as("jimukyoku");
    Answer a;
    CHECK_INT(answer_get(db, &arena, NULL, id, &a), ERR_OK);
    const char *values[8] = {text};
    FieldProblem p[8];
    CHECK_INT(answer_save(db, &test_actor, &jimu, id, a.version, values, a.nfields, false, p),
              ERR_OK);
}

/* A fresh workbook of the centre, filled with edits; its path. */
static const char *filled_book(const char *name, const char *const *edits, int n)
{
    Principal jimu = as("jimukyoku");
    const char *blank = path_of(arena_printf(&arena, "%s-blank.xlsx", name));
    const char *out = path_of(arena_printf(&arena, "%s.xlsx", name));
    CHECK_INT(write_book(&jimu, ROUND, CENTRE, LANG_JA, blank), ERR_OK);
    fill(blank, out, edits, n);
    return out;
}

/* ---------- The model's keys ---------- */

static void test_keys(void)
{
    WorkbookSecret s1, s2;
    CHECK_INT(workbook_secret(db, &s1), ERR_OK);
    CHECK_INT(workbook_secret(db, &s2), ERR_OK);
    CHECK(memcmp(s1.bytes, s2.bytes, sizeof(s1.bytes)) == 0); /* kept, not made again */
    char key[WORKBOOK_KEY_MAX];
    workbook_key_format(&s1, &(WorkbookKey){12, 3, 4, 6, 7}, key);
    CHECK(strncmp(key, "shinchoku:v1:12:3:4:6:7:", 24) == 0);
    WorkbookKey k;
    CHECK_INT(workbook_key_parse(&s1, key, &k), WORKBOOK_KEY_OK);
    CHECK_INT(k.answer_id, 12);
    CHECK_INT(k.version, 7);
    char altered[WORKBOOK_KEY_MAX];
    snprintf(altered, sizeof(altered), "%s", key);
    altered[22] = '8'; /* the version */
    CHECK_INT(workbook_key_parse(&s1, altered, &k), WORKBOOK_KEY_ALTERED);
    s2.bytes[0] ^= 1; /* another database's secret */
    CHECK_INT(workbook_key_parse(&s2, key, &k), WORKBOOK_KEY_ALTERED);
    CHECK_INT(workbook_key_parse(&s1, "shinchoku:v1:12:3", &k), WORKBOOK_KEY_UNKNOWN);
    CHECK_INT(workbook_key_parse(&s1, "hello", &k), WORKBOOK_KEY_UNKNOWN);
}

/* ---------- The workbook ---------- */

static const char *str_at(json_t *j, const char *key, int r, int c)
{
    const char *s = json_string_value(
        json_array_get(json_array_get(json_object_get(j, key), (size_t)r), (size_t)c));
    return s ? s : "";
}

static bool has_string(json_t *array, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) if (json_is_string(v) &&
                                        strcmp(json_string_value(v), s) == 0) return true;
    return false;
}

/* The howto lines joined, for CHECK_HAS. */
static const char *howto_text(json_t *j)
{
    Buf b = BUF_INIT;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "howto"), i, v)
        buf_printf(&b, "%s\n", json_string_value(v));
    const char *s = arena_strdup(&arena, b.data);
    buf_free(&b);
    return s;
}

static void test_workbook_as_exceljs_reads_it(void)
{
    Principal jimu = as("jimukyoku");
    const char *path = path_of("layout.xlsx");
    CHECK_INT(write_book(&jimu, ROUND, CENTRE, LANG_JA, path), ERR_OK);
    json_t *j = summary_of(path);
    json_t *sheets = json_object_get(j, "sheets");
    CHECK_INT(json_array_size(sheets), 2);
    CHECK_STR(json_string_value(json_array_get(sheets, 0)), "回答");
    CHECK_STR(json_string_value(json_array_get(sheets, 1)), "記入方法");
    json_t *prot = json_object_get(j, "protection");
    CHECK(json_is_true(json_object_get(prot, "sheet")));
    CHECK(json_is_true(json_object_get(prot, "formatColumns"))); /* widths may change */
    CHECK(json_is_true(json_object_get(j, "howtoProtected")));
    json_t *hidden = json_object_get(j, "hidden");
    CHECK_INT(json_array_size(hidden), 1);
    CHECK_INT(json_integer_value(json_array_get(hidden, 0)), 1); /* column A */
    /* Exactly the answer cells of the two rows are unlocked. */
    json_t *unlocked = json_object_get(j, "unlocked");
    CHECK_INT(json_array_size(unlocked), 8);
    for (int k = 0; k < 2; k++)
        for (int f = 0; f < 4; f++) {
            CHECK(has_string(unlocked, cell(f, k, false)));
            CHECK(!has_string(unlocked, cell(f, k, true)));
        }
    CHECK(!has_string(unlocked, "A5"));
    /* Rows: the key, the number, the project; last year's answer. */
    CHECK_STR(str_at(j, "cells", 0, 0), SECTION_BOOK_MARK);
    CHECK(strncmp(str_at(j, "cells", 4, 0), "shinchoku:v1:", 13) == 0);
    CHECK(strncmp(str_at(j, "cells", 5, 0), "shinchoku:v1:", 13) == 0);
    CHECK_STR(str_at(j, "cells", 4, 1), "67");
    CHECK_STR(str_at(j, "cells", 4, 2), GATE);
    CHECK_STR(str_at(j, "cells", 5, 2), STAFF);
    Answer a;
    CHECK_INT(answer_get(db, &arena, NULL, answer_of(ROUND, GATE), &a), ERR_OK);
    CHECK(a.fields[0].last_year && *a.fields[0].last_year);
    CHECK_STR(str_at(j, "cells", 4, SECTION_BOOK_COL_FIELDS), a.fields[0].last_year);
    CHECK_STR(str_at(j, "cells", 1, SECTION_BOOK_COL_FIELDS), LIMITED);
    CHECK_STR(str_at(j, "cells", 2, SECTION_BOOK_COL_FIELDS + 1), "回答（40字以内）");
    CHECK_STR(str_at(j, "cells", 2, SECTION_BOOK_COL_FIELDS + 7),
              "回答（A（順調）、B（概ね順調）、C（遅れ） から選択・必須）");
    CHECK_STR(str_at(j, "cells", 3, SECTION_BOOK_COL_FIELDS + 1), a.fields[0].example);
    /* Excel's checks (exceljs lists them per cell): a length limit on field
     * 0, the grades on field 3, on both rows and nowhere else. */
    json_t *v = json_object_get(j, "validations");
    for (int k = 0; k < 2; k++) {
        json_t *len = json_object_get(v, cell(0, k, false));
        CHECK_STR(json_string_value(json_object_get(len, "type")), "textLength");
        CHECK_STR(json_string_value(json_object_get(len, "operator")), "lessThanOrEqual");
        CHECK_INT(json_integer_value(json_array_get(json_object_get(len, "formulae"), 0)), 40);
        CHECK(json_is_true(json_object_get(len, "showErrorMessage")));
        json_t *list = json_object_get(v, cell(3, k, false));
        CHECK_STR(json_string_value(json_object_get(list, "type")), "list");
        CHECK_STR(json_string_value(json_array_get(json_object_get(list, "formulae"), 0)),
                  "\"A（順調）,B（概ね順調）,C（遅れ）\"");
    }
    CHECK_INT(json_object_size(v), 4);
    json_t *view = json_object_get(j, "view");
    CHECK_STR(json_string_value(json_object_get(view, "state")), "frozen");
    CHECK_INT(json_integer_value(json_object_get(view, "ySplit")), 3);
    CHECK_INT(json_integer_value(json_object_get(j, "paperSize")), 8);
    CHECK_STR(json_string_value(json_object_get(j, "orientation")), "landscape");
    const char *howto = howto_text(j);
    CHECK_HAS(howto, "令和2年度 年度当初確認");
    CHECK_HAS(howto, "令和3年6月30日");
    CHECK_HAS(howto, "精神保健福祉総合センター");
    CHECK_HAS(howto, "取組みの実施状況 40字以内");
    CHECK_HAS(howto, "アップロード");
    json_decref(j);

    /* In English: the catalogue's other language. */
    path = path_of("layout-en.xlsx");
    CHECK_INT(write_book(&jimu, ROUND, CENTRE, LANG_EN, path), ERR_OK);
    j = summary_of(path);
    CHECK_STR(json_string_value(json_array_get(json_object_get(j, "sheets"), 0)), "Answers");
    CHECK_HAS(howto_text(j), "FY2020, start of year");
    CHECK_HAS(howto_text(j), "up to 40 characters");
    json_decref(j);
}

static void test_who_gets_a_workbook(void)
{
    Principal shimin = as("shiminseikatsu"), shogai = as("shogaikikaku"), iin = as("iin");
    const char *path = path_of("access.xlsx");
    CHECK_INT(write_book(&shogai, ROUND, SHOGAI, LANG_JA, path), ERR_OK);
    CHECK_INT(write_book(&shimin, ROUND, SHOGAI, LANG_JA, path), ERR_NOT_FOUND);
    CHECK_INT(write_book(&iin, ROUND, SHOGAI, LANG_JA, path), ERR_NOT_FOUND);
    CHECK_INT(write_book(&shogai, ROUND, 999, LANG_JA, path), ERR_NOT_FOUND);
    CHECK_INT(write_book(&shogai, 999, SHOGAI, LANG_JA, path), ERR_NOT_FOUND);
}

/* ---------- Uploads ---------- */

static const char *stale_book; /* filled at version 0, uploaded once */

static void test_upload_saves_drafts_then_unchanged(void)
{
    Principal jimu = as("jimukyoku");
    const char *edits[] = {edit(cell(0, 0, false), "研修を2回実施した（受講者40名）。"),
                           edit(cell(1, 0, false), "よくできた\n二行目"),
                           edit(cell(0, 1, false), "市職員研修を実施した。")};
    stale_book = filled_book("drafts", edits, 3);
    UploadReport r;
    UploadProblem problem;
    int64_t gate = answer_of(ROUND, GATE), staff = answer_of(ROUND, STAFF);
    CHECK_INT(upload(stale_book, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.nrows, 2);
    CHECK_INT(r.written, 2);
    CHECK_INT(r.refused, 0);
    CHECK_INT(r.rows[0].outcome, UPLOAD_SAVED_DRAFT);
    CHECK_INT(r.rows[0].row, 5);
    CHECK_STR(r.rows[0].sheet, "回答");
    CHECK_STR(r.rows[0].project, GATE);
    CHECK_INT(r.rows[1].outcome, UPLOAD_SAVED_DRAFT);
    CHECK_STR(answer_status(db, gate), "draft");
    CHECK_INT(answer_version(db, gate), 1);
    CHECK_INT(answer_version(db, staff), 1);
    CHECK_STR(value_of(gate, 0), "研修を2回実施した（受講者40名）。");
    CHECK_STR(value_of(gate, 1), "よくできた\n二行目");
    CHECK_STR(value_of(gate, 2), "");
    CHECK_STR(value_of(staff, 0), "市職員研修を実施した。");
    /* The same file again: nothing to do. */
    CHECK_INT(upload(stale_book, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_UNCHANGED);
    CHECK_INT(r.rows[1].outcome, UPLOAD_UNCHANGED);
    CHECK_INT(r.unchanged, 2);
    CHECK_INT(answer_version(db, gate), 1);
    char *msg_ja = section_upload_message(LANG_JA, &r.rows[0]);
    CHECK_HAS(msg_ja, "変更がない");
    free(msg_ja);
}

static void test_stale_workbook_conflicts(void)
{
    Principal jimu = as("jimukyoku");
    int64_t gate = answer_of(ROUND, GATE), staff = answer_of(ROUND, STAFF);
    save_other(gate, "画面で書き直した。");
    save_other(staff, "画面で書き直した（2）。");
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(stale_book, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.nrows, 2);
    CHECK_INT(r.rows[0].outcome, UPLOAD_CONFLICT);
    CHECK_INT(r.rows[1].outcome, UPLOAD_CONFLICT);
    CHECK_INT(r.conflicts, 2);
    CHECK_INT(r.written, 0);
    CHECK_INT(answer_version(db, gate), 2);
    CHECK_INT(answer_version(db, staff), 2);
    CHECK_STR(value_of(gate, 0), "画面で書き直した。");
    CHECK_STR(value_of(gate, 1), "よくできた\n二行目");
    char *en = section_upload_message(LANG_EN, &r.rows[0]);
    CHECK_HAS(en, "changed in shinchoku");
    free(en);
}

/* A fresh workbook where only the second row changes: the first, untouched,
 * is left alone although it is not the newest either. */
static void test_untouched_rows_are_left_alone(void)
{
    Principal jimu = as("jimukyoku");
    int64_t gate = answer_of(ROUND, GATE), staff = answer_of(ROUND, STAFF);
    const char *edits[] = {edit(cell(2, 1, false), "課題がある。")};
    const char *path = filled_book("untouched", edits, 1);
    save_other(gate, "その間に画面で変更。");
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_UNCHANGED);
    CHECK_INT(r.rows[1].outcome, UPLOAD_SAVED_DRAFT);
    CHECK_STR(value_of(gate, 0), "その間に画面で変更。");
    CHECK_STR(value_of(staff, 2), "課題がある。");
    CHECK_INT(answer_version(db, staff), 3);
}

static void test_altered_and_unknown_keys(void)
{
    Principal jimu = as("jimukyoku");
    Answer a;
    int64_t gate = answer_of(ROUND, GATE), staff = answer_of(ROUND, STAFF);
    CHECK_INT(answer_get(db, &arena, NULL, gate, &a), ERR_OK);
    /* The key of row 5 with its version raised, its MAC kept; row 6 no key. */
    const char *blank = path_of("keys-blank.xlsx"), *path = path_of("keys.xlsx");
    CHECK_INT(write_book(&jimu, ROUND, CENTRE, LANG_JA, blank), ERR_OK);
    Arena t;
    arena_init(&t);
    Table tab;
    char *err = NULL;
    size_t len;
    char *data = test_slurp(blank, &len);
    CHECK_INT(xlsx_read(data, len, &t, &tab, &err), ERR_OK);
    free(data);
    free(err);
    const char *key = table_cell(&tab.sheets[0], 5, 1);
    char altered[WORKBOOK_KEY_MAX];
    snprintf(altered, sizeof(altered), "%s", key ? key : "");
    char *colon = strrchr(altered, ':');
    CHECK(colon && colon[-1] == '0' + a.version);
    if (colon)
        colon[-1] = (char)(colon[-1] + 1);
    const char *edits[] = {edit("A5", altered), edit("A6", "shinchoku:v1:nonsense"),
                           edit(cell(0, 0, false), "改ざんされた行"),
                           edit(cell(0, 1, false), "鍵のない行")};
    fill(blank, path, edits, 4);
    arena_free(&t);
    int v_gate = answer_version(db, gate), v_staff = answer_version(db, staff);
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.nrows, 2);
    CHECK_INT(r.rows[0].outcome, UPLOAD_ALTERED_KEY);
    CHECK_INT(r.rows[1].outcome, UPLOAD_UNKNOWN_KEY);
    CHECK_INT(r.refused, 2);
    CHECK_INT(answer_version(db, gate), v_gate);
    CHECK_INT(answer_version(db, staff), v_staff);
}

static void test_other_sections_user_is_refused(void)
{
    Principal shogai = as("shogaikikaku"), shimin = as("shiminseikatsu"),
              kenko = as("kenkofukushi");
    const char *blank = path_of("shogai-blank.xlsx"), *path = path_of("shogai.xlsx");
    CHECK_INT(write_book(&shogai, ROUND, SHOGAI, LANG_JA, blank), ERR_OK);
    const char *edits[] = {edit(cell(0, 0, false), "窓口を周知した。"),
                           edit(cell(3, 0, false), "A（順調）")};
    fill(blank, path, edits, 2);
    int64_t abuse = answer_of(ROUND, ABUSE);
    UploadReport r;
    UploadProblem problem;
    /* Another section's editor, in the same round: not theirs to read. */
    CHECK_INT(upload(path, &shimin, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_FORBIDDEN);
    CHECK_INT(r.refused, 1);
    /* The bureau's reviewer reads it, but may not write. */
    CHECK_INT(upload(path, &kenko, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_FORBIDDEN);
    CHECK_INT(answer_version(db, abuse), 0);
    CHECK_STR(answer_status(db, abuse), "not_started");
    /* Its own section may. */
    CHECK_INT(upload(path, &shogai, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_SAVED_DRAFT);
    CHECK_STR(value_of(abuse, 3), "A（順調）");
    CHECK_INT(answer_version(db, abuse), 1);
}

static void test_limits_and_grades(void)
{
    Principal jimu = as("jimukyoku");
    const char *long_text =
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十超";
    const char *edits[] = {edit(cell(0, 0, false), long_text), edit(cell(3, 1, false), "Z")};
    const char *path = filled_book("limits", edits, 2);
    int64_t gate = answer_of(ROUND, GATE), staff = answer_of(ROUND, STAFF);
    int v_gate = answer_version(db, gate), v_staff = answer_version(db, staff);
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_TOO_LONG);
    CHECK_STR(r.rows[0].field, LIMITED);
    CHECK_INT(r.rows[0].limit, 40);
    CHECK_INT(r.rows[1].outcome, UPLOAD_BAD_GRADE);
    CHECK_STR(r.rows[1].field, "達成度");
    char *ja = section_upload_message(LANG_JA, &r.rows[0]),
         *en = section_upload_message(LANG_EN, &r.rows[0]);
    CHECK_HAS(ja, "「取組みの実施状況」が40字を超えている");
    CHECK_HAS(en, "\"取組みの実施状況\" is longer than 40 characters");
    free(ja);
    free(en);
    CHECK_INT(answer_version(db, gate), v_gate);
    CHECK_INT(answer_version(db, staff), v_staff);
    /* A grade's code is taken for its label; submitting needs the grade. */
    const char *edits2[] = {edit(cell(3, 0, false), "B"), edit(cell(0, 1, false), "提出します。")};
    path = filled_book("grades", edits2, 2);
    CHECK_INT(upload(path, &jimu, true, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_SUBMITTED);
    CHECK_INT(r.rows[1].outcome, UPLOAD_REQUIRED_MISSING);
    CHECK_STR(r.rows[1].field, "達成度");
    CHECK_STR(value_of(gate, 3), "B（概ね順調）");
    CHECK_STR(answer_status(db, gate), "submitted");
    CHECK_INT(answer_version(db, staff), v_staff);
}

static void test_other_round_and_moved_project(void)
{
    Principal jimu = as("jimukyoku");
    RoundInput in = {1, 2020, true, "", "2021-04-01", "2022-06-30", ""};
    int64_t end_round = 0;
    RoundProblem rp;
    CHECK_INT(round_open(db, &test_actor, NULL, &in, &end_round, &rp), ERR_OK);
    const char *blank = path_of("end-blank.xlsx"), *path = path_of("end.xlsx");
    CHECK_INT(write_book(&jimu, end_round, CENTRE, LANG_JA, blank), ERR_OK);
    const char *edits[] = {edit(cell(0, 0, false), "年度末の回答")};
    fill(blank, path, edits, 1);
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK); /* to the start round */
    CHECK_INT(r.rows[0].outcome, UPLOAD_OTHER_ROUND);
    CHECK_INT(r.rows[1].outcome, UPLOAD_OTHER_ROUND);
    CHECK_INT(round_set_status(db, &test_actor, NULL, end_round, false), ERR_OK);

    /* The second project moves to 障害企画課 after the file was written. */
    const char *edits2[] = {edit(cell(1, 1, false), "移管前に書いた。")};
    path = filled_book("moved", edits2, 1);
    int64_t staff = answer_of(ROUND, STAFF);
    int v = answer_version(db, staff);
    db_exec1(db, "UPDATE round_project SET section_id = 3 WHERE round_id = 3 AND project_id = 5");
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[1].outcome, UPLOAD_OTHER_SECTION);
    db_exec1(db, "UPDATE round_project SET section_id = 6 WHERE round_id = 3 AND project_id = 5");
    CHECK_INT(answer_version(db, staff), v);
}

static void test_not_a_workbook(void)
{
    Principal jimu = as("jimukyoku");
    const char *junk = path_of("junk.xlsx");
    FILE *f = fopen(junk, "wb");
    for (int i = 0; f && i < 4096; i++)
        fputc((i * 7919) & 0xFF, f);
    if (f)
        fclose(f);
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(junk, &jimu, false, &r, &problem), ERR_INVALID);
    CHECK_INT(problem, UPLOAD_FILE_NOT_XLSX);
    CHECK_HAS(section_upload_problem_message(LANG_JA, problem),
              "Excelファイル（.xlsx）として読み込めません");
    CHECK_HAS(section_upload_problem_message(LANG_EN, problem),
              "could not be read as an Excel file");
    /* An XLSX file, but not a workbook of ours (its mark is gone). */
    const char *edits[] = {edit("A1", "something else")};
    const char *path = filled_book("unmarked", edits, 1);
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_INVALID);
    CHECK_INT(problem, UPLOAD_FILE_NOT_BOOK);
    CHECK_HAS(section_upload_problem_message(LANG_JA, problem), "回答用Excelではありません");
    /* Headings altered: the fields cannot be trusted. */
    const char *edits2[] = {
        edit(arena_printf(&arena, "%c2", 'A' + SECTION_BOOK_COL_FIELDS), "別の欄"),
        edit(cell(0, 0, false), "見出しの違う行")};
    path = filled_book("headings", edits2, 2);
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_INVALID);
    CHECK_INT(problem, UPLOAD_FILE_FIELDS_CHANGED);
}

/* The database fails on the second row's write: the first, written before
 * in the same transaction, is rolled back too. */
static void test_all_or_nothing(void)
{
    Principal jimu = as("jimukyoku");
    const char *edits[] = {edit(cell(2, 0, false), "一行目は書ける。"),
                           edit(cell(2, 1, false), "FAIL")};
    const char *path = filled_book("fail", edits, 2);
    int64_t gate = answer_of(ROUND, GATE), staff = answer_of(ROUND, STAFF);
    int v_gate = answer_version(db, gate), v_staff = answer_version(db, staff);
    const char *before = arena_strdup(&arena, value_of(gate, 2));
    bool pg = strcmp(db_engine(db), "postgresql") == 0;
    if (pg)
        CHECK_INT(db_exec_script(db, "CREATE FUNCTION fail_upload() RETURNS trigger"
                                     " LANGUAGE plpgsql AS $$ BEGIN"
                                     " RAISE EXCEPTION 'test'; END $$;"
                                     " CREATE TRIGGER fail_upload BEFORE INSERT"
                                     " ON response_value_version FOR EACH ROW"
                                     " WHEN (NEW.text_value = 'FAIL')"
                                     " EXECUTE FUNCTION fail_upload()"),
                  0);
    else
        CHECK_INT(db_exec1(db, "CREATE TEMP TRIGGER fail_upload BEFORE INSERT"
                               " ON response_value_version WHEN NEW.text_value = 'FAIL'"
                               " BEGIN SELECT RAISE(ABORT, 'test'); END"),
                  0);
    UploadReport r;
    UploadProblem problem;
    log_set_quiet(1);
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_DB);
    if (pg)
        CHECK_INT(db_exec_script(db, "DROP TRIGGER fail_upload ON response_value_version;"
                                     " DROP FUNCTION fail_upload()"),
                  0);
    else
        CHECK_INT(db_exec1(db, "DROP TRIGGER fail_upload"), 0);
    CHECK_INT(r.rows[0].outcome, UPLOAD_NOT_SAVED);
    CHECK_INT(r.rows[1].outcome, UPLOAD_NOT_SAVED);
    CHECK_INT(answer_version(db, gate), v_gate);
    CHECK_INT(answer_version(db, staff), v_staff);
    CHECK_STR(value_of(gate, 2), before);
    /* Without the failure, the same file goes in. */
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.written, 2);
    CHECK_STR(value_of(staff, 2), "FAIL");
}

static void test_libreoffice_round_trip(void)
{
    Principal jimu = as("jimukyoku");
    const char *edits[] = {edit(cell(1, 1, false), "LibreOffice で保存した。\n改行あり")};
    const char *path = filled_book("lo", edits, 1);
    const char *dir = path_of("lo-out");
    mkdir(dir, 0700);
    char *argv[] = {
        "soffice",
        "--headless",
        "--norestore",
        (char *)arena_printf(&arena, "-env:UserInstallation=file://%s", path_of("lo-profile")),
        "--convert-to",
        "xlsx",
        "--outdir",
        (char *)dir,
        (char *)path,
        NULL};
    CHECK_INT(test_spawn(argv, NULL, NULL, NULL), 0);
    const char *converted = arena_printf(&arena, "%s/lo.xlsx", dir);
    int64_t staff = answer_of(ROUND, STAFF);
    int v = answer_version(db, staff);
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(converted, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.nrows, 2);
    CHECK_INT(r.rows[0].outcome, UPLOAD_UNCHANGED);
    CHECK_INT(r.rows[1].outcome, UPLOAD_SAVED_DRAFT);
    CHECK_STR(value_of(staff, 1), "LibreOffice で保存した。\n改行あり");
    CHECK_INT(answer_version(db, staff), v + 1);
}

/* ---------- The commands ---------- */

static int run(const char *const *args, const char *out, const char *err)
{
    char *argv[16] = {(char *)binary};
    for (int i = 0; args[i] && i < 14; i++)
        argv[1 + i] = (char *)args[i];
    return test_spawn(argv, NULL, out, err);
}

static void test_commands(void)
{
    const char *book = path_of("cli.xlsx"), *filled = path_of("cli-filled.xlsx");
    const char *out = path_of("cli.out"), *err = path_of("cli.err");
    const char *wb[] = {"workbook",  "--db", db_file, "--round", "3",
                        "--section", "3",    "-o",    book,      NULL};
    CHECK_INT(run(wb, out, err), 0);
    const char *edits[] = {edit(cell(2, 0, false), "コマンドから取り込んだ。")};
    fill(book, filled, edits, 1);
    const char *up[] = {"upload",       "--db",   db_file, "--round", "3", "--as",
                        "shogaikikaku", "--lang", "en",    filled,    NULL};
    CHECK_INT(run(up, out, err), 0);
    char *text = test_slurp(out, NULL);
    CHECK_HAS(text, "回答!5: 障害者に対する虐待相談窓口の周知: Saved as a draft.");
    CHECK_HAS(text, "1 saved, 0 unchanged, 0 not taken in");
    free(text);
    /* The same file again after the answer moved on: a conflict, exit 1. */
    save_other(answer_of(ROUND, ABUSE), "画面から。");
    CHECK_INT(run(up, out, err), 1);
    text = test_slurp(out, NULL);
    CHECK_HAS(text, "Not taken in: the answer was changed");
    free(text);
    const char *junk[] = {"upload", "--db", db_file,        "--round",
                          "3",      "--as", "shogaikikaku", path_of("junk.xlsx"),
                          NULL};
    CHECK_INT(run(junk, out, err), 1);
    text = test_slurp(err, NULL);
    CHECK_HAS(text, "として読み込めませんでした");
    free(text);
    const char *usage[] = {"upload", "--db", db_file, filled, NULL};
    CHECK_INT(run(usage, out, err), 2);
    const char *help[] = {"workbook", "--help", NULL};
    CHECK_INT(run(help, out, err), 0);
    text = test_slurp(out, NULL);
    CHECK_HAS(text, "usage: shinchoku workbook");
    free(text);
}

static void test_closed_round(void)
{
    Principal jimu = as("jimukyoku");
    const char *edits[] = {edit(cell(2, 0, false), "締切後")};
    const char *path = filled_book("closed", edits, 1);
    CHECK_INT(round_set_status(db, &test_actor, NULL, ROUND, false), ERR_OK);
    CHECK_INT(write_book(&jimu, ROUND, CENTRE, LANG_JA, path_of("closed-book.xlsx")), ERR_CONFLICT);
    UploadReport r;
    UploadProblem problem;
    CHECK_INT(upload(path, &jimu, false, &r, &problem), ERR_OK);
    CHECK_INT(r.rows[0].outcome, UPLOAD_ROUND_CLOSED);
    CHECK_INT(r.rows[1].outcome, UPLOAD_ROUND_CLOSED);
    CHECK_INT(round_set_status(db, &test_actor, NULL, ROUND, true), ERR_OK);
}

/* The demo's round gains a limit on 取組みの実施状況 and a required rating
 * field 達成度 on a scale of three grades. */
static void prepare(void)
{
    db = test_db("book.db", true);
    snprintf(db_file, sizeof(db_file), "%s", test_url("book.db"));
    int rc = db_exec1(db, "UPDATE field_def SET max_chars = 40 WHERE key = 'implementation'");
    rc |= db_exec1(db, "INSERT INTO rating_scale (plan_id, name) VALUES (1, '達成度')");
    rc |= db_exec1(db, "INSERT INTO rating_grade (scale_id, code, label, sort_order)"
                       " SELECT MAX(id), 'A', 'A（順調）', 1 FROM rating_scale UNION ALL"
                       " SELECT MAX(id), 'B', 'B（概ね順調）', 2 FROM rating_scale UNION ALL"
                       " SELECT MAX(id), 'C', 'C（遅れ）', 3 FROM rating_scale");
    rc |= db_exec1(db, "INSERT INTO field_def (plan_id, key, label, kind, scale_id, checkpoint,"
                       " required, example, sort_order)"
                       " SELECT 1, 'grade', '達成度', 'rating', MAX(id), 'start', 1, '（例）A', 99"
                       " FROM rating_scale");
    rc |= db_exec1(db, "INSERT INTO round_field (round_id, field_id)"
                       " SELECT 3, id FROM field_def WHERE key = 'grade'");
    if (rc != 0) {
        fprintf(stderr, "cannot prepare the test database: %s\n", db_errmsg(db));
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_section_book PATH-TO-shinchoku SOURCE-DIR\n");
        return 2;
    }
    binary = argv[1];
    source_dir = argv[2];
    log_set_quiet(1);
    arena_init(&arena);
    prepare();
    TEST_RUN(test_keys);
    TEST_RUN(test_workbook_as_exceljs_reads_it);
    TEST_RUN(test_who_gets_a_workbook);
    TEST_RUN(test_upload_saves_drafts_then_unchanged);
    TEST_RUN(test_stale_workbook_conflicts);
    TEST_RUN(test_untouched_rows_are_left_alone);
    TEST_RUN(test_altered_and_unknown_keys);
    TEST_RUN(test_other_sections_user_is_refused);
    TEST_RUN(test_limits_and_grades);
    TEST_RUN(test_other_round_and_moved_project);
    TEST_RUN(test_not_a_workbook);
    TEST_RUN(test_all_or_nothing);
    TEST_RUN(test_libreoffice_round_trip);
    TEST_RUN(test_commands);
    TEST_RUN(test_closed_round);
    db_close(db);
    arena_free(&arena);
    test_cleanup();
    return TEST_DONE("section_book");
}
