/* Answers in the model: text cleaning, who may write and review, the status
 * cycle, and no lost work under 50 concurrent saves to one answer. */
#include <pthread.h>
#include "base/log.h"
#include "model/answer.h"
#include "model/round.h"
#include "testdb.h"
#include "testlib.h"

static Db *db;
static int64_t round_id, answer_id;
static const Actor test_actor = {"test", ""};

static void test_clean_text(void)
{
    char *out = NULL;
    CHECK_INT(answer_clean_text("一行目\r\n二行目", &out), FIELD_OK);
    CHECK_STR(out, "一行目\n二行目");
    free(out);
    CHECK_INT(answer_clean_text("\xE3\x81\x8B\xE3\x82\x99", &out), FIELD_OK); /* か + ゛ */
    CHECK_STR(out, "が");
    free(out);
    CHECK_INT(answer_clean_text("tab\tkept", &out), FIELD_OK);
    free(out);
    CHECK_INT(answer_clean_text("bell\x07", &out), FIELD_CONTROL);
    CHECK(out == NULL);
    CHECK_INT(answer_clean_text("c1\xC2\x85", &out), FIELD_CONTROL);
    CHECK_INT(answer_clean_text("bad\xFF", &out), FIELD_BAD_UTF8);
}

static Arena principals; /* the principals' grants, freed at the end */

static Principal as(const char *login)
{
    Principal p = principal_anonymous;
    User u;
    if (account_by_login(db, &principals, login, &u) == ERR_OK) {
        p.user_id = u.id;
        p.login = u.login;
        principal_load_grants(db, &principals, &p);
    }
    return p;
}

static int64_t answer_of(const char *project_name)
{
    Arena a;
    arena_init(&a);
    AnswerRow *rows;
    int n;
    int64_t id = 0;
    if (answer_list(db, &a, NULL, round_id, &rows, &n) == ERR_OK)
        for (int i = 0; i < n; i++)
            if (strcmp(rows[i].project_name, project_name) == 0)
                id = rows[i].id;
    arena_free(&a);
    return id;
}

static int version_of(int64_t id, const char **status)
{
    static char st_buf[32];
    DbStmt *st = db_prepare(db, "SELECT version, status FROM response WHERE id = $1", 2);
    db_bind_int64(st, 1, id);
    int v = -1;
    if (db_step(st) == DB_ROW) {
        v = (int)db_col_int64(st, 0);
        snprintf(st_buf, sizeof(st_buf), "%s", db_col_text(st, 1));
    }
    db_done(st);
    if (status)
        *status = st_buf;
    return v;
}

static void test_cycle_and_rights(void)
{
    Principal editor = as("shogaikikaku"), other = as("shiminseikatsu"), jimu = as("jimukyoku");
    int64_t mine = answer_of("障害者に対する虐待相談窓口の周知");
    CHECK(mine > 0);
    FieldProblem p[8];
    const char *values[3] = {"実施した", "よくできた", "課題がある"};
    /* Another section may not even see it. */
    CHECK_INT(answer_save(db, &test_actor, &other, mine, 0, values, 3, false, p), ERR_NOT_FOUND);
    CHECK_INT(answer_save(db, &test_actor, &editor, mine, 0, values, 3, false, p), ERR_OK);
    const char *status;
    CHECK_INT(version_of(mine, &status), 1);
    CHECK_STR(status, "draft");
    /* Confirming a draft is out of order. */
    CHECK_INT(answer_confirm(db, &test_actor, &jimu, mine), ERR_CONFLICT);
    CHECK_INT(answer_save(db, &test_actor, &editor, mine, 1, values, 3, true, p), ERR_OK);
    CHECK_INT(version_of(mine, &status), 2);
    CHECK_STR(status, "submitted");
    /* Submitted: the section waits; it cannot change it now. */
    CHECK_INT(answer_save(db, &test_actor, &editor, mine, 2, values, 3, false, p), ERR_FORBIDDEN);
    /* Only the secretariat reviews; a 差戻し needs a comment. */
    CHECK_INT(answer_return(db, &test_actor, &editor, mine, "だめ"), ERR_FORBIDDEN);
    CHECK_INT(answer_return(db, &test_actor, &jimu, mine, ""), ERR_INVALID);
    CHECK_INT(answer_return(db, &test_actor, &jimu, mine, "数値を入れてください"), ERR_OK);
    CHECK_INT(version_of(mine, &status), 3);
    CHECK_STR(status, "returned");
    Arena a;
    arena_init(&a);
    Answer ans;
    CHECK_INT(answer_get(db, &a, &editor, mine, &ans), ERR_OK);
    CHECK_STR(ans.comment, "数値を入れてください");
    CHECK(answer_may_write(&editor, &ans));
    arena_free(&a);
    const char *fixed[3] = {"実施した（〇〇部）", NULL, NULL}; /* NULL keeps a field */
    CHECK_INT(answer_save(db, &test_actor, &editor, mine, 3, fixed, 3, true, p), ERR_OK);
    CHECK_INT(answer_confirm(db, &test_actor, &jimu, mine), ERR_OK);
    CHECK_INT(version_of(mine, &status), 5);
    CHECK_STR(status, "confirmed");
    arena_init(&a);
    CHECK_INT(answer_get(db, &a, &editor, mine, &ans), ERR_OK);
    CHECK_STR(ans.fields[0].value, "実施した（〇〇部）");
    CHECK_STR(ans.fields[1].value, "よくできた");
    CHECK(!answer_may_write(&editor, &ans));
    CHECK(!answer_may_write(&jimu, &ans)); /* confirmed is final until sent back */
    arena_free(&a);
    /* Every version of the first field was kept. */
    DbStmt *st =
        db_prepare(db, "SELECT COUNT(*) FROM response_value_version WHERE response_id = $1", 1);
    db_bind_int64(st, 1, mine);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 4); /* three fields at v1, the first again at v4 */
    db_done(st);
}

static void test_on_behalf_and_limits(void)
{
    Principal jimu = as("jimukyoku");
    int64_t id = answer_of("労働相談の実施");
    FieldProblem p[8];
    DbStmt *st = db_prepare(
        db, "UPDATE field_def SET max_chars = 5, required = 1 WHERE key = 'implementation'", 0);
    CHECK_INT(db_step(st), DB_DONE);
    db_done(st);
    const char *too_long[3] = {"一二三四五六", "", ""};
    CHECK_INT(answer_save(db, &test_actor, &jimu, id, 0, too_long, 3, false, p), ERR_INVALID);
    CHECK_INT(p[0], FIELD_TOO_LONG);
    CHECK_INT(p[1], FIELD_OK);
    const char *five[3] = {"一二三四五", "", ""}; /* five characters, fifteen bytes: fits */
    const char *empty[3] = {"", "", ""};
    CHECK_INT(answer_save(db, &test_actor, &jimu, id, 0, empty, 3, true, p), ERR_INVALID);
    CHECK_INT(p[0], FIELD_REQUIRED);
    CHECK_INT(answer_save(db, &test_actor, &jimu, id, 0, five, 3, false, p), ERR_OK);
    st = db_prepare(db, "SELECT on_behalf FROM response WHERE id = $1", 1);
    db_bind_int64(st, 1, id);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_INT(db_col_int64(st, 0), 1); /* the secretariat wrote it for the section */
    db_done(st);
    st = db_prepare(db, "UPDATE field_def SET max_chars = NULL, required = 0", 0);
    db_step(st);
    db_done(st);
}

/* 50 editors save the same answer at once, each from the version it read. */
typedef struct Saver {
    int n;            /* which saver */
    const char *path; /* the database file */
    int accepted;     /* the version it wrote, or 0 */
    int refused;      /* times it was told the answer had changed */
} Saver;

/* Every saver reads before any writes: they all start from the same version. */
static pthread_barrier_t all_read;

static void *saver(void *arg)
{
    Saver *s = arg;
    char *err = NULL;
    Db *own = db_open(s->path, DB_OPEN_EXISTING, &err);
    if (!own) {
        fprintf(stderr, "  saver %d could not open the database: %s\n", s->n, err);
        free(err);
        pthread_barrier_wait(&all_read);
        return NULL;
    }
    Arena a;
    arena_init(&a);
    Answer ans;
    Err got = answer_get(own, &a, NULL, answer_id, &ans);
    pthread_barrier_wait(&all_read);
    if (got == ERR_OK) {
        char text[64];
        snprintf(text, sizeof(text), "保存%d", s->n);
        const char *values[3] = {text, NULL, NULL};
        FieldProblem p[8];
        Err e = answer_save(own, &test_actor, NULL, answer_id, ans.version, values, 3, false, p);
        if (e == ERR_OK)
            s->accepted = ans.version + 1;
        else if (e == ERR_CONFLICT)
            s->refused++;
        else
            fprintf(stderr, "  saver %d: error %d: %s\n", s->n, e, db_errmsg(own));
    }
    arena_free(&a);
    db_close(own);
    return NULL;
}

static void test_no_lost_work_under_concurrent_saves(void)
{
    answer_id = answer_of("学校支援地域本部事業");
    enum { N = 50 };
    Saver savers[N];
    pthread_t threads[N];
    pthread_barrier_init(&all_read, NULL, N);
    /* test_url's buffer is shared: every saver gets this copy. */
    static char path[512];
    snprintf(path, sizeof(path), "%s", test_url("answers.db"));
    for (int i = 0; i < N; i++) {
        savers[i] = (Saver){.n = i, .path = path};
        pthread_create(&threads[i], NULL, saver, &savers[i]);
    }
    int accepted = 0, refused = 0, last = -1, last_version = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(threads[i], NULL);
        accepted += savers[i].accepted > 0;
        refused += savers[i].refused;
        if (savers[i].accepted > last_version) {
            last_version = savers[i].accepted;
            last = i;
        }
    }
    pthread_barrier_destroy(&all_read);
    /* All read version v: exactly one save wins, the 49 others are told the
     * answer changed under them, and none is lost silently. */
    CHECK_INT(accepted + refused, N);
    CHECK_INT(accepted, 1);
    const char *status;
    CHECK_INT(version_of(answer_id, &status), accepted); /* one version per accepted save */
    Arena a;
    arena_init(&a);
    Answer ans;
    CHECK_INT(answer_get(db, &a, NULL, answer_id, &ans), ERR_OK);
    char want[64];
    snprintf(want, sizeof(want), "保存%d", last);
    CHECK_STR(ans.fields[0].value, want); /* the last accepted one */
    arena_free(&a);
    /* No two accepted saves claimed the same version. */
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++)
            if (savers[i].accepted && savers[j].accepted)
                CHECK(savers[i].accepted != savers[j].accepted);
}

int main(void)
{
    log_set_quiet(1);
    arena_init(&principals);
    db = test_db("answers.db", true);
    RoundProblem problem;
    RoundInput in = {.plan_id = 1,
                     .fiscal_year = 2020,
                     .at_year_end = false,
                     .doc_no = "",
                     .inquiry_date = "2021-04-01",
                     .deadline = "2021-06-30",
                     .instructions = ""};
    /* The demo may already have opened this round. */
    if (round_open(db, &test_actor, NULL, &in, &round_id, &problem) != ERR_OK) {
        Arena a;
        arena_init(&a);
        Round *rounds;
        int n;
        round_list(db, &a, NULL, 1, &rounds, &n);
        for (int i = 0; i < n; i++)
            if (rounds[i].fiscal_year == 2020 && !rounds[i].at_year_end)
                round_id = rounds[i].id;
        arena_free(&a);
    }
    if (!round_id) {
        fprintf(stderr, "no round (%d)\n", problem);
        return 2;
    }
    TEST_RUN(test_clean_text);
    TEST_RUN(test_cycle_and_rights);
    TEST_RUN(test_on_behalf_and_limits);
    TEST_RUN(test_no_lost_work_under_concurrent_saves);
    db_close(db);
    arena_free(&principals);
    test_cleanup();
    return TEST_DONE("answer_model");
}
