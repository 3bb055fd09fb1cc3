/* libFuzzer target for an import's mapping (import/import_mapping.c), the
 * JSON that `shinchoku import --map FILE` reads and that imports keep, and
 * for the builder that reads a sheet's cells with it (import/sheet_import.c).
 * The input is the mapping, a NUL byte, and the sheet: an XLSX file if it
 * starts with "PK", else a CSV file; without a NUL byte, or when the sheet
 * cannot be read, a small sheet of the program's CSV layout is used.
 *
 * A mapping read must keep its promises (the sheet and header row exist,
 * every column is in the sheet with a known role, every text valid UTF-8)
 * and be written and read back the same; the mapping suggested from the
 * headings too. A refused mapping and the builder's problems must each have
 * a message in both languages, in valid UTF-8 unless it quotes a mapping
 * that is not JSON. A plan the builder makes must be JSON that the loader
 * takes, making what the builder counted (the preview's numbers), or
 * refuses with a message, in a dry run into a SQLite database in memory
 * that stays as it was; nothing may leak. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/log.h"
#include "base/utf8.h"
#include "import/csv_read.h"
#include "import/sheet_import.h"
#include "import/xlsx_read.h"
#include "fuzz_db.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The sheet when the input has none: the program's CSV layout, cut short. */
static const char fallback_csv[] =
    "方向性,番号,取組み,内容,局区等,局区,課,事業名・取組名,事業概要,年度,取組みの実施状況,"
    "課題\n"
    "方向性1,1,相談窓口の周知,窓口の周知,\"健康福祉局\n子供未来局\",健康福祉局,障害企画課,"
    "相談窓口の周知,概要,令和元年度,実施した,なし\n"
    ",,,,,子供未来局,子供相談支援センター,子供の相談,,2020,実施した,\n"
    "方向性2,2,人材の育成,研修,健康福祉局,健康福祉局,精神保健福祉総合センター,研修【共通】,"
    "研修の概要,R2年度,,課題がある\n";

static Db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_quiet(1);
    db = fuzz_open_db("fuzz_import_mapping");
    return 0;
}

/* What a dry run into the empty database must leave: nothing. */
static int64_t written(void)
{
    DbStmt *st = db_prepare(db,
                            "SELECT (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM org_unit)"
                            " + (SELECT COUNT(*) FROM round) + (SELECT COUNT(*) FROM audit_log)",
                            1);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

static bool text_ok(const char *s)
{
    return s && utf8_valid(s, strlen(s));
}

/* Every problem of r, as the pages and the command show them. */
static void check_problems(const ImportResult *r, bool quoted_ok)
{
    for (int i = 0; i < r->nproblems; i++) {
        for (int lang = 0; lang < 2; lang++) {
            char *text = import_problem_text(&r->problems[i], lang ? LANG_EN : LANG_JA);
            if (!text || !*text || (!quoted_ok && !utf8_valid(text, strlen(text))))
                abort();
            free(text);
        }
    }
}

static void check_mapping(const Table *t, const ImportMapping *m)
{
    if (m->sheet < 0 || m->sheet >= t->nsheets)
        abort();
    const TableSheet *s = &t->sheets[m->sheet];
    if (m->header_row < 1 || m->header_row > s->nrows || m->ncols < 0 ||
        m->ncols > IMPORT_MAX_COLUMNS || (m->ncols && !m->cols))
        abort();
    for (int i = 0; i < m->ncols; i++) {
        const ImportColumn *c = &m->cols[i];
        if (c->col < 1 || c->col > s->ncols || c->role < 0 || c->role >= IMP_ROLE_COUNT ||
            !text_ok(c->heading) || !text_ok(import_role_code(c->role)))
            abort();
        if (c->role == IMP_FIELD && !text_ok(c->field))
            abort();
    }
}

/* m written as JSON reads back as m. */
static void check_round_trip(const Table *t, const ImportMapping *m)
{
    char *json = import_mapping_to_json(t, m);
    if (!json)
        abort();
    ImportResult r;
    import_result_init(&r);
    ImportMapping back;
    if (import_mapping_from_json(json, t, &back, &r) != ERR_OK || r.nproblems)
        abort();
    check_mapping(t, &back);
    const char *name = t->sheets[m->sheet].name, *name_back = t->sheets[back.sheet].name;
    if (strcmp(name ? name : "", name_back ? name_back : "") != 0 ||
        back.header_row != m->header_row || back.ncols != m->ncols)
        abort();
    /* Two sheets of one name are told apart by nothing but their order. */
    for (int i = 0; back.sheet == m->sheet && i < m->ncols; i++) {
        const ImportColumn *a = &m->cols[i], *b = &back.cols[i];
        if (a->col != b->col || a->role != b->role || strcmp(a->heading, b->heading) != 0)
            abort();
        if (a->role == IMP_FIELD && (strcmp(a->field, b->field) != 0 ||
                                     a->fiscal_year != b->fiscal_year || a->at_end != b->at_end))
            abort();
    }
    free(json);
    import_result_free(&r);
}

/* The plan built from t with m, loaded as a dry run. */
static void build(const Table *t, const ImportMapping *m)
{
    ImportResult r;
    import_result_init(&r);
    ImportOptions o = {.title = "fuzz"};
    Err rc = sheet_import_build_with(t, m, &o, &r);
    if (rc == ERR_OK) {
        json_error_t jerr;
        json_t *root = r.json ? json_loads(r.json, JSON_REJECT_DUPLICATES, &jerr) : NULL;
        if (r.nproblems || !json_is_object(root) || r.ndirections < 0 || r.ninitiatives < 0 ||
            r.nprojects < 0 || r.nanswers < 0)
            abort();
        json_decref(root);
        PlanLoadCounts counts;
        int64_t plan_id = -1;
        if (sheet_import_load(db, &o, "fuzz", true, &r, &counts, &plan_id) == ERR_OK) {
            /* What the preview says the file holds is what the load makes. */
            if (r.nproblems || plan_id != 0 || counts.created[PL_DIRECTIONS] != r.ndirections ||
                counts.created[PL_INITIATIVES] != r.ninitiatives ||
                counts.created[PL_PROJECTS] != r.nprojects ||
                counts.created[PL_ANSWERS] != r.nanswers)
                abort();
        } else if (r.nproblems != 1) {
            abort();
        }
        if (written() != 0)
            abort();
    } else if (rc != ERR_INVALID || !r.nproblems || r.json) {
        abort();
    }
    check_problems(&r, false);
    import_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t mlen = nul ? (size_t)(nul - data) : size;
    char *mapping = malloc(mlen + 1);
    memcpy(mapping, data, mlen);
    mapping[mlen] = '\0';
    const uint8_t *sheet = nul ? nul + 1 : NULL;
    size_t slen = nul ? size - mlen - 1 : 0;

    ImportResult r;
    import_result_init(&r);
    Table t;
    char *err = NULL;
    bool xlsx = slen >= 2 && sheet[0] == 'P' && sheet[1] == 'K';
    Err read = !sheet ? ERR_INVALID
               : xlsx ? xlsx_read(sheet, slen, &r.arena, &t, &err)
                      : csv_read(sheet, slen, CSV_ENC_AUTO, &r.arena, &t, NULL, &err);
    free(err);
    err = NULL;
    if (read != ERR_OK && csv_read(fallback_csv, sizeof(fallback_csv) - 1, CSV_ENC_UTF8, &r.arena,
                                   &t, NULL, &err) != ERR_OK)
        abort();
    if (t.nsheets == 1 && !t.sheets[0].name[0])
        t.sheets[0].name = "sheet.csv"; /* as sheet_import_read names a CSV's sheet */

    ImportMapping m;
    json_error_t jerr;
    json_t *root = json_loads(mapping, JSON_REJECT_DUPLICATES, &jerr);
    json_decref(root);
    Err rc = import_mapping_from_json(mapping, &t, &m, &r);
    if (rc == ERR_OK) {
        if (r.nproblems)
            abort();
        check_mapping(&t, &m);
        check_round_trip(&t, &m);
        build(&t, &m);
    } else if (rc != ERR_INVALID || !r.nproblems) {
        abort();
    }
    check_problems(&r, root == NULL);

    ImportResult s;
    import_result_init(&s);
    if (import_mapping_suggest(&t, &m, &s)) {
        check_mapping(&t, &m);
        check_round_trip(&t, &m);
    } else if (s.nproblems != 1) {
        abort();
    }
    import_result_free(&s);
    import_result_free(&r);
    free(mapping);
    return 0;
}
