/* `shinchoku user`: accounts managed from the command line, run as a person
 * runs it (the built binary, passwords on standard input), with what it did
 * checked in the database itself: logins, grants, the audit log, and that no
 * password is ever printed or logged. argv[1] is the built binary. The tests
 * run in order on one demo database. */
#include "base/log.h"
#include "model/account.h"
#include "model/session.h"
#include "testdb.h"
#include "testlib.h"
#include "testproc.h"

static const char *bin;
static char db_path[512];
static Buf seen = BUF_INIT; /* everything the binary printed, for the password check */

/* The passwords the tests use; none may ever appear in output or the log. */
static const char PW_FIRST[] = "correct horse battery";
static const char PW_SECOND[] = "staple-Tr0mbone-7";
static const char PW_WEAK_LINE[] = "short\n"; /* under 10 characters */
static const char PW_ARGV[] = "hunter2hunter2";
static const char PW_SATO[] = "sato password 42";

/* Writes text into a file of the test directory; returns its path (static). */
static const char *input_file(const char *text)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s", test_path("stdin.txt"));
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Runs `shinchoku user ARGS...` (NULL-terminated, "DB" stands for the test
 * database) with standard input from in (NULL: /dev/null); returns the exit
 * code and the outputs (the caller frees them). */
static int run_user(const char *in, char **out, char **err, const char *const *args)
{
    char outp[512], errp[512];
    snprintf(outp, sizeof(outp), "%s", test_path("out.txt"));
    snprintf(errp, sizeof(errp), "%s", test_path("err.txt"));
    char *argv[24];
    int n = 0;
    argv[n++] = (char *)bin;
    argv[n++] = "user";
    for (int i = 0; args[i] && n < 23; i++)
        argv[n++] = (char *)(strcmp(args[i], "DB") == 0 ? db_path : args[i]);
    argv[n] = NULL;
    int rc = test_spawn(argv, in, outp, errp);
    *out = test_slurp(outp, NULL);
    *err = test_slurp(errp, NULL);
    buf_append(&seen, *out, strlen(*out));
    buf_append(&seen, *err, strlen(*err));
    return rc;
}

#define RUN(in, out, err, ...)                                                                     \
    run_user((in), (out), (err), (const char *const[]){__VA_ARGS__, NULL})

static Db *open_db(void)
{
    Db *db = cli_open_db(db_path, false, false);
    if (!db) {
        fprintf(stderr, "cannot open %s\n", db_path);
        exit(2);
    }
    return db;
}

static int64_t user_id(const char *login)
{
    Db *db = open_db();
    Arena a;
    arena_init(&a);
    User u;
    int64_t id = account_by_login(db, &a, login, &u) == ERR_OK ? u.id : 0;
    arena_free(&a);
    db_close(db);
    return id;
}

static Err try_login(const char *login, const char *password)
{
    Db *db = open_db();
    int64_t id = 0;
    Err e = account_login(db, login, password, "192.0.2.1", &id);
    db_close(db);
    return e;
}

static bool password_is(const char *login, const char *password)
{
    Db *db = open_db();
    Arena a;
    arena_init(&a);
    User u;
    bool ok =
        account_by_login(db, &a, login, &u) == ERR_OK && account_check_password(db, u.id, password);
    arena_free(&a);
    db_close(db);
    return ok;
}

static int64_t count_where_user(const char *what, int64_t id)
{
    Db *db = open_db();
    DbStmt *st = strcmp(what, "grants") == 0
                     ? db_prepare(db, "SELECT COUNT(*) FROM user_grant WHERE user_id = $1", 1)
                     : db_prepare(db, "SELECT COUNT(*) FROM user_session WHERE user_id = $1", 1);
    db_bind_int64(st, 1, id);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    db_close(db);
    return n;
}

/* The id of the grant of login with this role (the newest), or 0. */
static int64_t grant_id(const char *login, const char *role)
{
    Db *db = open_db();
    DbStmt *st = db_prepare(db,
                            "SELECT g.id FROM user_grant g JOIN app_user u ON u.id = g.user_id"
                            " WHERE u.login = $1 AND g.role = $2 ORDER BY g.id DESC LIMIT 1",
                            1);
    db_bind_text(st, 1, login);
    db_bind_text(st, 2, role);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    db_close(db);
    return id;
}

static int64_t unit_id_named(const char *name)
{
    Db *db = open_db();
    DbStmt *st = db_prepare(db, "SELECT unit_id FROM org_unit_period WHERE name = $1", 1);
    db_bind_text(st, 1, name);
    int64_t id = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_done(st);
    db_close(db);
    return id;
}

/* The row of login in list's output, with each run of two or more spaces (the
 * gap between columns) made " | ": "tanaka | 田中 一郎 | active | -". The
 * caller frees it; "" when there is no such row. */
static char *row_of(const char *out, const char *login)
{
    size_t n = strlen(login);
    const char *p = out;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > n && strncmp(p, login, n) == 0 && p[n] == ' ') {
            char *row = calloc(1, len * 2 + 1);
            size_t o = 0;
            for (size_t i = 0; i < len;) {
                if (p[i] == ' ' && i + 1 < len && p[i + 1] == ' ') {
                    while (i < len && p[i] == ' ')
                        i++;
                    memcpy(row + o, " | ", 3);
                    o += 3;
                } else {
                    row[o++] = p[i++];
                }
            }
            return row;
        }
        p = end ? end + 1 : NULL;
    }
    return calloc(1, 1);
}

static void test_help_and_usage_errors(void)
{
    char *out, *err;
    CHECK_INT(RUN(NULL, &out, &err, "--help"), 0);
    CHECK_HAS(out, "usage: shinchoku user <action>");
    CHECK_HAS(out, "  revoke   take a grant away");
    free(out), free(err);
    const char *acts[] = {"add", "list", "passwd", "disable", "enable", "grant", "revoke"};
    for (int i = 0; i < 7; i++) {
        char want[64];
        snprintf(want, sizeof(want), "usage: shinchoku user %s --db FILE", acts[i]);
        CHECK_INT(RUN(NULL, &out, &err, acts[i], "--help"), 0);
        CHECK_HAS(out, want);
        CHECK_STR(err, "");
        free(out), free(err);
    }
    /* The top-level help lists the command. */
    char *argv[] = {(char *)bin, "--help", NULL};
    char outp[512];
    snprintf(outp, sizeof(outp), "%s", test_path("top.txt"));
    CHECK_INT(test_spawn(argv, NULL, outp, NULL), 0);
    out = test_slurp(outp, NULL);
    CHECK_HAS(out,
              "  user     manage accounts: add, list, passwd, disable, enable, grant, revoke\n");
    free(out);

    CHECK_INT(RUN(NULL, &out, &err, "frob", "--db", "DB"), 2);
    CHECK_HAS(err, "shinchoku user: 'frob' is not an action\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "lis", "--db", "DB"), 2); /* no abbreviations */
    CHECK_HAS(err, "shinchoku user: 'lis' is not an action\n");
    free(out), free(err);
    const char *none[] = {NULL};
    CHECK_INT(run_user(NULL, &out, &err, none), 2);
    CHECK_HAS(err, "shinchoku user: which action?\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB", "--frobnicate"), 2);
    CHECK_HAS(err, "shinchoku user list: unknown option '--frobnicate'\n");
    free(out), free(err);
    /* An option of another action is unknown here. */
    CHECK_INT(RUN(NULL, &out, &err, "disable", "--db", "DB", "--login", "iin", "--role", "admin"),
              2);
    CHECK_HAS(err, "shinchoku user disable: unknown option '--role'\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "list"), 2);
    CHECK_HAS(err, "shinchoku user list: --db FILE is required\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "passwd", "--db", "DB"), 2);
    CHECK_HAS(err, "shinchoku user passwd: --login LOGIN is required\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "revoke", "--db", "DB", "--login", "iin", "--grant", "x1"), 2);
    CHECK_HAS(err, "shinchoku user revoke: --grant takes a grant's id, a positive number\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "iin", "--role", "editor",
                  "--unit", "3", "--unit-name", "障害企画課"),
              2);
    CHECK_HAS(err, "give --unit or --unit-name, not both\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", test_path("missing.db")), 1);
    CHECK_HAS(err, "shinchoku init --db");
    free(out), free(err);
}

static void test_add_then_list_and_login(void)
{
    char *out, *err, in[128];
    snprintf(in, sizeof(in), "%s\n", PW_FIRST);
    CHECK_INT(RUN(input_file(in), &out, &err, "add", "--db", "DB", "--login", "tanaka", "--name",
                  "田中 一郎"),
              0);
    int64_t id = user_id("tanaka");
    CHECK(id > 0);
    char want[128];
    snprintf(want, sizeof(want), "created account 'tanaka' (id %lld)\n", (long long)id);
    CHECK_STR(out, want);
    CHECK_STR(err, "");
    free(out), free(err);

    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    char *row = row_of(out, "tanaka");
    CHECK_STR(row, "tanaka | 田中 一郎 | active | -");
    free(row);
    /* The header, and the demo's accounts with their grants and ids. */
    CHECK(strncmp(out, "LOGIN ", 6) == 0);
    char expect[256];
    snprintf(expect, sizeof(expect),
             "jimukyoku | 事務局 | active | #%lld secretariat plan 1 (仙台市自殺対策計画)",
             (long long)grant_id("jimukyoku", "secretariat"));
    row = row_of(out, "jimukyoku");
    CHECK_STR(row, expect);
    free(row);
    row = row_of(out, "admin");
    snprintf(expect, sizeof(expect), "admin | システム管理者 | active | #%lld admin",
             (long long)grant_id("admin", "admin"));
    CHECK_STR(row, expect);
    free(row);
    /* Columns line up by display width: "NAME" (4) and 事務局 (6) both end
     * where the widest name, 健康福祉局 確認者 (17), ends. */
    CHECK_HAS(out, "\njimukyoku       事務局             active  ");
    free(out), free(err);

    /* The new account signs in with the password given on standard input. */
    CHECK_INT(try_login("tanaka", PW_FIRST), ERR_OK);
    CHECK(password_is("tanaka", PW_FIRST));
    CHECK(!password_is("tanaka", PW_SECOND));

    /* --service marks a service account. */
    snprintf(in, sizeof(in), "%s\n", PW_SATO);
    CHECK_INT(RUN(input_file(in), &out, &err, "add", "--db", "DB", "--login", "sato-bot", "--name",
                  "集計連携", "--service"),
              0);
    CHECK_HAS(out, "created service account 'sato-bot'");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    row = row_of(out, "sato-bot");
    CHECK_STR(row, "sato-bot | 集計連携 | active, service | -");
    free(row);
    free(out), free(err);
}

static void test_add_refuses_bad_input(void)
{
    char *out, *err;
    /* A weak password: nothing is created. */
    CHECK_INT(RUN(input_file(PW_WEAK_LINE), &out, &err, "add", "--db", "DB", "--login", "suzuki",
                  "--name", "鈴木"),
              2);
    CHECK_STR(err, "shinchoku user add: the password must have at least 10 characters and must "
                   "not be the login\n");
    CHECK_STR(out, "");
    free(out), free(err);
    CHECK_INT(user_id("suzuki"), 0);
    /* The login itself as the password. */
    CHECK_INT(RUN(input_file("suzuki1234\n"), &out, &err, "add", "--db", "DB", "--login",
                  "suzuki1234", "--name", "鈴木"),
              2);
    CHECK_HAS(err, "at least 10 characters and must not be the login");
    free(out), free(err);
    CHECK_INT(user_id("suzuki1234"), 0);
    /* No password at all. */
    CHECK_INT(RUN(NULL, &out, &err, "add", "--db", "DB", "--login", "suzuki", "--name", "鈴木"), 2);
    CHECK_HAS(err, "shinchoku user add: no password");
    free(out), free(err);
    CHECK_INT(user_id("suzuki"), 0);
    /* A bad login and an empty name. */
    CHECK_INT(RUN(input_file("long enough password\n"), &out, &err, "add", "--db", "DB", "--login",
                  "Suzuki!", "--name", "鈴木"),
              2);
    CHECK_HAS(err, "the login must be 1 to 64 characters of a-z, 0-9");
    free(out), free(err);
    CHECK_INT(RUN(input_file("long enough password\n"), &out, &err, "add", "--db", "DB", "--login",
                  "suzuki", "--name", ""),
              2);
    CHECK_HAS(err, "the name must be 1 to 100 characters");
    free(out), free(err);
    CHECK_INT(user_id("suzuki"), 0);
    /* A login that is taken: the account keeps its name and password. */
    CHECK_INT(RUN(input_file("long enough password\n"), &out, &err, "add", "--db", "DB", "--login",
                  "shogaikikaku", "--name", "別人"),
              1);
    CHECK_STR(err, "shinchoku user add: the login 'shogaikikaku' is taken\n");
    free(out), free(err);
    CHECK(password_is("shogaikikaku", "demo"));
    CHECK(!password_is("shogaikikaku", "long enough password"));
    /* The password is never an option: not --password, not --password=... */
    char opt[64];
    snprintf(opt, sizeof(opt), "--password=%s", PW_ARGV);
    CHECK_INT(RUN(NULL, &out, &err, "add", "--db", "DB", "--login", "kato", "--name", "加藤", opt),
              2);
    CHECK_HAS(err, "shinchoku user add: unknown option '--password'");
    CHECK_HASNT(err, PW_ARGV);
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "add", "--db", "DB", "--login", "kato", "--name", "加藤",
                  "--password", PW_ARGV),
              2);
    CHECK_HAS(err, "unknown option '--password'");
    CHECK_HASNT(err, PW_ARGV);
    free(out), free(err);
    CHECK_INT(
        RUN(NULL, &out, &err, "add", "--db", "DB", "--login", "kato", "--name", "加藤", PW_ARGV),
        2);
    CHECK_HAS(err, "unexpected argument");
    CHECK_HASNT(err, PW_ARGV);
    free(out), free(err);
    CHECK_INT(user_id("kato"), 0);
}

static void test_passwd(void)
{
    char *out, *err, in[128];
    snprintf(in, sizeof(in), "%s\r\n", PW_SECOND); /* a CRLF line ends the same */
    CHECK_INT(RUN(input_file(in), &out, &err, "passwd", "--db", "DB", "--login", "tanaka"), 0);
    CHECK_STR(out, "changed the password of 'tanaka'; its sessions have ended\n");
    free(out), free(err);
    CHECK(!password_is("tanaka", PW_FIRST));
    CHECK(password_is("tanaka", PW_SECOND));
    CHECK_INT(try_login("tanaka", PW_FIRST), ERR_FORBIDDEN);
    CHECK_INT(try_login("tanaka", PW_SECOND), ERR_OK);
    /* A weak one is refused and changes nothing. */
    CHECK_INT(RUN(input_file("short\n"), &out, &err, "passwd", "--db", "DB", "--login", "tanaka"),
              2);
    CHECK_HAS(err, "at least 10 characters");
    free(out), free(err);
    CHECK(password_is("tanaka", PW_SECOND));
    CHECK_INT(RUN(input_file("long enough password\n"), &out, &err, "passwd", "--db", "DB",
                  "--login", "nobody"),
              1);
    CHECK_STR(err, "shinchoku user passwd: no account with the login 'nobody'\n");
    free(out), free(err);
}

static void test_disable_and_enable(void)
{
    int64_t id = user_id("tanaka");
    /* A session, which disabling must end. */
    Db *db = open_db();
    char sid[SESSION_ID_CHARS + 1];
    CHECK_INT(session_create(db, id, "192.0.2.1", sid), ERR_OK);
    db_close(db);
    CHECK_INT(count_where_user("sessions", id), 1);

    char *out, *err;
    CHECK_INT(RUN(NULL, &out, &err, "disable", "--db", "DB", "--login", "tanaka"), 0);
    CHECK_STR(out, "disabled account 'tanaka'; its sessions have ended\n");
    free(out), free(err);
    CHECK_INT(count_where_user("sessions", id), 0);
    /* The right password fails just as a wrong one does. */
    CHECK_INT(try_login("tanaka", PW_SECOND), ERR_FORBIDDEN);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    char *row = row_of(out, "tanaka");
    CHECK_STR(row, "tanaka | 田中 一郎 | disabled | -");
    free(row);
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "disable", "--db", "DB", "--login", "tanaka"), 0);
    CHECK_STR(out, "account 'tanaka' is already disabled\n");
    free(out), free(err);

    CHECK_INT(RUN(NULL, &out, &err, "enable", "--db", "DB", "--login", "tanaka"), 0);
    CHECK_STR(out, "enabled account 'tanaka'\n");
    free(out), free(err);
    CHECK_INT(try_login("tanaka", PW_SECOND), ERR_OK);
    CHECK_INT(RUN(NULL, &out, &err, "enable", "--db", "DB", "--login", "nobody"), 1);
    CHECK_STR(err, "shinchoku user enable: no account with the login 'nobody'\n");
    free(out), free(err);
}

static void test_grant_and_revoke(void)
{
    char *out, *err;
    int64_t id = user_id("tanaka"), unit = unit_id_named("障害企画課");
    CHECK(unit > 0);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "editor",
                  "--unit-name", "障害企画課"),
              0);
    int64_t g = grant_id("tanaka", "editor");
    char text[160], want[256];
    snprintf(text, sizeof(text), "#%lld editor unit %lld (障害企画課)", (long long)g,
             (long long)unit);
    snprintf(want, sizeof(want), "granted 'tanaka' %s\n", text);
    CHECK_STR(out, want);
    free(out), free(err);
    CHECK_INT(count_where_user("grants", id), 1);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    char *row = row_of(out, "tanaka");
    snprintf(want, sizeof(want), "tanaka | 田中 一郎 | active | %s", text);
    CHECK_STR(row, want);
    free(row);
    free(out), free(err);
    /* The same grant again adds nothing. */
    char unit_text[32];
    snprintf(unit_text, sizeof(unit_text), "%lld", (long long)unit);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "editor",
                  "--unit", unit_text),
              0);
    snprintf(want, sizeof(want), "'tanaka' already has the grant %s\n", text);
    CHECK_STR(out, want);
    free(out), free(err);
    CHECK_INT(count_where_user("grants", id), 1);
    /* A second grant, by plan: both are listed. */
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "viewer",
                  "--plan", "1"),
              0);
    free(out), free(err);
    int64_t gv = grant_id("tanaka", "viewer");
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    row = row_of(out, "tanaka");
    snprintf(want, sizeof(want),
             "tanaka | 田中 一郎 | active | %s; #%lld viewer plan 1 (仙台市自殺対策計画)", text,
             (long long)gv);
    CHECK_STR(row, want);
    free(row);
    free(out), free(err);

    /* Bad scopes are refused and grant nothing. */
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "editor",
                  "--plan", "1"),
              2);
    CHECK_STR(err, "shinchoku user grant: an editor grant needs --unit (or --unit-name) of an "
                   "existing section or office, and no --plan\n");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role",
                  "reviewer", "--unit-name", "障害企画課"),
              2); /* a section, not a bureau */
    CHECK_HAS(err, "a reviewer grant needs --unit");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role",
                  "secretariat", "--plan", "99"),
              2);
    CHECK_HAS(err, "a secretariat grant needs --plan ID of an existing plan");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "admin",
                  "--plan", "1"),
              2);
    CHECK_HAS(err, "an admin grant takes neither --plan nor --unit");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "editor",
                  "--unit-name", "存在しない課"),
              2);
    CHECK_STR(err, "shinchoku user grant: no unit is named '存在しない課'\n");
    free(out), free(err);
    /* A name that two units have (here made so) needs --unit. */
    Db *db = open_db();
    int64_t twins[2];
    for (int i = 0; i < 2; i++) {
        DbStmt *st = db_prepare(db,
                                "INSERT INTO org_unit (kind, created_at) VALUES ('section',"
                                " '2026-01-01T00:00:00Z') RETURNING id",
                                1);
        twins[i] = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
        db_done(st);
        st = db_prepare(db,
                        "INSERT INTO org_unit_period (unit_id, from_fy, name, sort_order)"
                        " VALUES ($1, 2019, '重複課', 99)",
                        0);
        db_bind_int64(st, 1, twins[i]);
        CHECK_INT(db_step(st), DB_DONE);
        db_done(st);
    }
    db_close(db);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "editor",
                  "--unit-name", "重複課"),
              2);
    snprintf(want, sizeof(want),
             "shinchoku user grant: 2 units are named '重複課' (ids %lld, %lld); choose one with "
             "--unit ID\n",
             (long long)twins[0], (long long)twins[1]);
    CHECK_STR(err, want);
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "tanaka", "--role", "boss"),
              2);
    CHECK_HAS(err, "--role is admin, secretariat, reviewer, editor or viewer, not 'boss'");
    free(out), free(err);
    CHECK_INT(RUN(NULL, &out, &err, "grant", "--db", "DB", "--login", "nobody", "--role", "admin"),
              1);
    CHECK_STR(err, "shinchoku user grant: no account with the login 'nobody'\n");
    free(out), free(err);
    CHECK_INT(count_where_user("grants", id), 2);

    /* Revoke: only a grant of that account, and then it is gone. */
    char gtext[32];
    int64_t other = grant_id("shogaikikaku", "editor");
    snprintf(gtext, sizeof(gtext), "%lld", (long long)other);
    CHECK_INT(RUN(NULL, &out, &err, "revoke", "--db", "DB", "--login", "tanaka", "--grant", gtext),
              1);
    snprintf(want, sizeof(want), "shinchoku user revoke: 'tanaka' has no grant #%lld",
             (long long)other);
    CHECK_HAS(err, want);
    free(out), free(err);
    CHECK_INT(grant_id("shogaikikaku", "editor"), other);
    /* The newer grant first, then the editor grant: each goes, the other stays. */
    snprintf(gtext, sizeof(gtext), "%lld", (long long)gv);
    CHECK_INT(RUN(NULL, &out, &err, "revoke", "--db", "DB", "--login", "tanaka", "--grant", gtext),
              0);
    snprintf(want, sizeof(want), "revoked #%lld viewer plan 1 (仙台市自殺対策計画) from 'tanaka'\n",
             (long long)gv);
    CHECK_STR(out, want);
    free(out), free(err);
    CHECK_INT(grant_id("tanaka", "viewer"), 0);
    CHECK_INT(grant_id("tanaka", "editor"), g);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    row = row_of(out, "tanaka");
    snprintf(want, sizeof(want), "tanaka | 田中 一郎 | active | %s", text);
    CHECK_STR(row, want);
    free(row);
    free(out), free(err);
    snprintf(gtext, sizeof(gtext), "%lld", (long long)g);
    CHECK_INT(RUN(NULL, &out, &err, "revoke", "--db", "DB", "--login", "tanaka", "--grant", gtext),
              0);
    snprintf(want, sizeof(want), "revoked %s from 'tanaka'\n", text);
    CHECK_STR(out, want);
    free(out), free(err);
    CHECK_INT(grant_id("tanaka", "editor"), 0);
    CHECK_INT(count_where_user("grants", id), 0);
    CHECK_INT(RUN(NULL, &out, &err, "list", "--db", "DB"), 0);
    row = row_of(out, "tanaka");
    CHECK_STR(row, "tanaka | 田中 一郎 | active | -");
    free(row);
    free(out), free(err);
    /* Gone: a second revoke finds nothing. */
    CHECK_INT(RUN(NULL, &out, &err, "revoke", "--db", "DB", "--login", "tanaka", "--grant", gtext),
              1);
    snprintf(want, sizeof(want), "shinchoku user revoke: 'tanaka' has no grant #%lld",
             (long long)g);
    CHECK_HAS(err, want);
    free(out), free(err);
}

/* Counts the audit entries of action about user id by the actor "cli". */
static int64_t audit_count(Db *db, const char *action, int64_t id)
{
    DbStmt *st = db_prepare(db,
                            "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND entity = 'user'"
                            " AND entity_id = $2 AND actor = 'cli'",
                            1);
    db_bind_text(st, 1, action);
    db_bind_int64(st, 2, id);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
    db_done(st);
    return n;
}

static void test_audit_and_no_password_anywhere(void)
{
    int64_t id = user_id("tanaka");
    Db *db = open_db();
    CHECK_INT(audit_count(db, "user.create", id), 1);
    CHECK_INT(audit_count(db, "user.password", id), 1);
    CHECK_INT(audit_count(db, "user.disable", id), 1);
    CHECK_INT(audit_count(db, "user.enable", id), 1);
    CHECK_INT(audit_count(db, "user.grant", id), 2);
    CHECK_INT(audit_count(db, "user.revoke", id), 2);
    CHECK_INT(audit_count(db, "user.service", user_id("sato-bot")), 1);
    /* Every column of every entry, as one text. */
    DbStmt *st = db_prepare(db,
                            "SELECT COALESCE(actor, '') || ' ' || COALESCE(address, '') || ' ' ||"
                            " COALESCE(action, '') || ' ' || COALESCE(entity, '') || ' ' ||"
                            " COALESCE(before_json, '') || ' ' || COALESCE(after_json, '')"
                            " FROM audit_log",
                            1);
    Buf log = BUF_INIT;
    int rows = 0;
    while (db_step(st) == DB_ROW) {
        const char *t = db_col_text(st, 0);
        buf_append(&log, t, strlen(t));
        buf_append(&log, "\n", 1);
        rows++;
    }
    db_done(st);
    db_close(db);
    buf_append(&log, "", 1);
    CHECK(rows >= 8);
    CHECK_HAS(log.data, "cli  user.create user  {\"login\":\"tanaka\"");
    const char *secrets[] = {PW_FIRST, PW_SECOND, PW_ARGV, PW_SATO, "long enough password"};
    buf_append(&seen, "", 1);
    CHECK(seen.len > 1000); /* the outputs were captured */
    for (int i = 0; i < 5; i++) {
        CHECK_HASNT(log.data, secrets[i]);
        CHECK_HASNT(seen.data, secrets[i]);
    }
    buf_free(&log);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_user_cli PATH-TO-shinchoku\n");
        return 2;
    }
    bin = argv[1];
    log_set_quiet(1);
    Db *db = test_db("users.db", true);
    db_close(db);
    snprintf(db_path, sizeof(db_path), "%s", test_url("users.db"));
    TEST_RUN(test_help_and_usage_errors);
    TEST_RUN(test_add_then_list_and_login);
    TEST_RUN(test_add_refuses_bad_input);
    TEST_RUN(test_passwd);
    TEST_RUN(test_disable_and_enable);
    TEST_RUN(test_grant_and_revoke);
    TEST_RUN(test_audit_and_no_password_anywhere);
    buf_free(&seen);
    test_cleanup();
    return TEST_DONE("user_cli");
}
