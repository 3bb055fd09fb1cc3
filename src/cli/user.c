/* shinchoku user: accounts from the command line (add, list, passwd, disable,
 * enable, grant, revoke), for the first administrator's colleagues and for
 * recovery when nobody can sign in. Passwords come from standard input only,
 * never from the command line (where ps and the shell's history would see
 * them), and are never printed. Every change goes through model/account.h and
 * is audited with the actor "cli". */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>
#include <utf8proc.h>
#include "base/log.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "model/account.h"
#include "model/audit.h"
#include "model/principal.h"

static const Actor cli_actor = {"cli", ""};

enum {
    PASSWORD_MAX_BYTES = 1024, /* a longer line is refused, not cut */
};

/* The options, as a mask of what an action accepts. */
enum {
    U_DB = 1,
    U_LOGIN = 2,
    U_NAME = 4,
    U_SERVICE = 8,
    U_ROLE = 16,
    U_PLAN = 32,
    U_UNIT = 64,
    U_UNIT_NAME = 128,
    U_GRANT = 256,
};

typedef struct UserArgs {
    const char *action; /* "add", "list" ... */
    const char *db, *login, *name, *role, *unit_name;
    int64_t plan_id, unit_id, grant_id; /* 0 when not given */
    bool service;
} UserArgs;

static const char usage_user[] =
    "usage: shinchoku user <action> --db FILE [options]   (shinchoku user <action> --help)\n"
    "Manages the accounts of a database:\n"
    "  add      create an account (the password is read from standard input)\n"
    "  list     show the accounts, their state and their grants (with grant ids)\n"
    "  passwd   set an account's password (read from standard input)\n"
    "  disable  stop an account from signing in and end its sessions\n"
    "  enable   let a disabled account sign in again\n"
    "  grant    give an account a role in a scope\n"
    "  revoke   take a grant away (its id is shown by list)\n"
    "Exit codes: 0 done, 1 failed (unknown account, taken login, database error),\n"
    "2 usage error or input refused (a weak password, a grant without its scope).\n";

#define PASSWORD_HELP                                                                              \
    "The password is one line of standard input; on a terminal it is asked for\n"                  \
    "twice without echo. It needs at least 10 characters and must not be the\n"                    \
    "login. It is never taken from the command line.\n"

static const char usage_add[] =
    "usage: shinchoku user add --db FILE --login LOGIN --name NAME [--service]\n"
    "Creates an account. LOGIN is 1 to 64 of a-z 0-9 . _ -; NAME is the name shown\n"
    "to people (1 to 100 characters). --service marks an account for API tokens.\n" PASSWORD_HELP
    "Example: printf '%s\\n' \"$PW\" | shinchoku user add --db shinchoku.db \\\n"
    "           --login tanaka --name '田中 一郎'\n";

static const char usage_list[] =
    "usage: shinchoku user list --db FILE\n"
    "Shows every account: login, name, state (active or disabled) and grants, each\n"
    "as #ID ROLE [plan ID (title) | unit ID (name)]; revoke takes that ID.\n";

static const char usage_passwd[] =
    "usage: shinchoku user passwd --db FILE --login LOGIN\n"
    "Sets the account's password and ends its sessions.\n" PASSWORD_HELP;

static const char usage_disable[] =
    "usage: shinchoku user disable --db FILE --login LOGIN\n"
    "Disables the account: it can no longer sign in and its sessions end.\n";

static const char usage_enable[] = "usage: shinchoku user enable --db FILE --login LOGIN\n"
                                   "Enables a disabled account again.\n";

static const char usage_grant[] =
    "usage: shinchoku user grant --db FILE --login LOGIN\n"
    "         --role admin|secretariat|reviewer|editor|viewer\n"
    "         [--plan ID] [--unit ID | --unit-name NAME]\n"
    "Gives the account a role in a scope:\n"
    "  admin        everything; neither --plan nor --unit\n"
    "  secretariat  the 事務局 of a plan: --plan ID\n"
    "  viewer       reads a plan (a council member): --plan ID\n"
    "  reviewer     reviews a bureau or ward: --unit ID or --unit-name NAME\n"
    "  editor       answers for a section or office: --unit ID or --unit-name NAME\n"
    "Example: shinchoku user grant --db shinchoku.db --login tanaka --role editor \\\n"
    "           --unit-name 障害企画課\n";

static const char usage_revoke[] =
    "usage: shinchoku user revoke --db FILE --login LOGIN --grant GRANT_ID\n"
    "Takes the grant GRANT_ID (shown by list) away from the account.\n";

typedef struct Action {
    const char *name;
    unsigned accepted; /* U_* */
    const char *usage;
    int (*run)(Db *db, const UserArgs *a);
} Action;

/* ---- passwords ---------------------------------------------------------- */

/* The terminal's settings while echo is off, to restore them on a signal. */
static struct termios saved_tty;
static volatile sig_atomic_t echo_off;

static void restore_echo_and_die(int sig)
{
    if (echo_off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Reads one line of fd 0 into buf (without its end of line), byte by byte so
 * that no copy is left in a stdio buffer. Returns the length, -1 at end of
 * input before anything, -2 for a line too long or holding a NUL, -3 on a
 * read error. */
static int read_line(char buf[PASSWORD_MAX_BYTES + 1])
{
    size_t n = 0;
    bool any = false, bad = false;
    for (;;) {
        char c;
        ssize_t got = read(STDIN_FILENO, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -3;
        if (got == 0)
            break;
        any = true;
        if (c == '\n')
            break;
        if (c == '\0' || n == PASSWORD_MAX_BYTES)
            bad = true;
        else
            buf[n++] = c;
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    if (bad) {
        sodium_memzero(buf, PASSWORD_MAX_BYTES + 1);
        return -2;
    }
    return any ? (int)n : -1;
}

/* Prompts on stderr and reads a line from the terminal without echo. */
static int read_hidden(const char *prompt, char buf[PASSWORD_MAX_BYTES + 1])
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return read_line(buf);
    struct sigaction sa = {.sa_handler = restore_echo_and_die}, old[3];
    const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
    t = saved_tty;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    echo_off = 1;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
    int n = read_line(buf);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    echo_off = 0;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    fprintf(stderr, "\n");
    return n;
}

/* Reads the new password for login into pw: one line of standard input, or
 * on a terminal twice without echo. Returns 0, or the exit code after saying
 * why. pw is zeroed on failure; the caller zeroes it after use. */
static int read_password(const char *cmd, const char *login, char pw[PASSWORD_MAX_BYTES + 1])
{
    int n;
    if (isatty(STDIN_FILENO)) {
        char again[PASSWORD_MAX_BYTES + 1];
        char prompt[160];
        snprintf(prompt, sizeof(prompt), "New password for '%s': ", login);
        n = read_hidden(prompt, pw);
        int m = n >= 0 ? read_hidden("Repeat the password: ", again) : n;
        bool same = n >= 0 && m >= 0 && strcmp(pw, again) == 0;
        sodium_memzero(again, sizeof(again));
        if (n >= 0 && m >= 0 && !same) {
            sodium_memzero(pw, PASSWORD_MAX_BYTES + 1);
            fprintf(stderr, "shinchoku user %s: the passwords do not match\n", cmd);
            return 2;
        }
        if (m < 0)
            n = m;
    } else {
        n = read_line(pw);
    }
    if (n == -1 || n == 0) {
        fprintf(stderr, "shinchoku user %s: no password: give it as one line on standard input\n",
                cmd);
        return 2;
    }
    if (n == -2) {
        fprintf(stderr,
                "shinchoku user %s: the password must be one line of at most %d bytes without "
                "NUL\n",
                cmd, PASSWORD_MAX_BYTES);
        return 2;
    }
    if (n < 0) {
        fprintf(stderr, "shinchoku user %s: could not read standard input\n", cmd);
        return 1;
    }
    if (!utf8_valid(pw, (size_t)n)) {
        sodium_memzero(pw, PASSWORD_MAX_BYTES + 1);
        fprintf(stderr, "shinchoku user %s: the password is not valid UTF-8\n", cmd);
        return 2;
    }
    return 0;
}

/* ---- messages and look-ups ---------------------------------------------- */

/* Says why the model refused a change; returns the exit code. */
static int report_problem(const char *cmd, const UserArgs *a, AccountProblem p)
{
    switch (p) {
    case ACCOUNT_BAD_LOGIN:
        fprintf(stderr,
                "shinchoku user %s: the login must be 1 to 64 characters of a-z, 0-9, '.', '_' "
                "and '-'\n",
                cmd);
        return 2;
    case ACCOUNT_LOGIN_TAKEN:
        fprintf(stderr, "shinchoku user %s: the login '%s' is taken\n", cmd, a->login);
        return 1;
    case ACCOUNT_BAD_NAME:
        fprintf(stderr, "shinchoku user %s: the name must be 1 to 100 characters\n", cmd);
        return 2;
    case ACCOUNT_WEAK_PASSWORD:
        fprintf(stderr,
                "shinchoku user %s: the password must have at least %d characters and must not "
                "be the login\n",
                cmd, PASSWORD_MIN_CHARS);
        return 2;
    case ACCOUNT_BAD_GRANT:
        switch (role_from_name(a->role)) {
        case ROLE_ADMIN:
            fprintf(stderr, "shinchoku user %s: an admin grant takes neither --plan nor --unit\n",
                    cmd);
            break;
        case ROLE_SECRETARIAT:
        case ROLE_VIEWER:
            fprintf(stderr,
                    "shinchoku user %s: a %s grant needs --plan ID of an existing plan, and no "
                    "--unit\n",
                    cmd, a->role);
            break;
        case ROLE_REVIEWER:
            fprintf(stderr,
                    "shinchoku user %s: a reviewer grant needs --unit (or --unit-name) of an "
                    "existing bureau or ward, and no --plan\n",
                    cmd);
            break;
        default:
            fprintf(stderr,
                    "shinchoku user %s: an editor grant needs --unit (or --unit-name) of an "
                    "existing section or office, and no --plan\n",
                    cmd);
            break;
        }
        return 2;
    case ACCOUNT_OK:
        break;
    }
    return 1;
}

static int db_failed(const char *cmd, Db *db)
{
    fprintf(stderr, "shinchoku user %s: database error: %s\n", cmd, db_errmsg(db));
    return 1;
}

/* The account of a->login into *u; otherwise says why and returns the exit
 * code. */
static int find_account(Db *db, Arena *arena, const UserArgs *a, User *u)
{
    Err e = account_by_login(db, arena, a->login, u);
    if (e == ERR_NOT_FOUND) {
        fprintf(stderr, "shinchoku user %s: no account with the login '%s'\n", a->action, a->login);
        return 1;
    }
    return e == ERR_OK ? 0 : db_failed(a->action, db);
}

/* The unit's name in its latest period, or "". */
static const char *unit_name_of(Db *db, Arena *arena, int64_t unit_id)
{
    enum { C_NAME, C_N };
    DbStmt *st = db_prepare(db,
                            "SELECT name FROM org_unit_period WHERE unit_id = $1"
                            " ORDER BY from_fy DESC LIMIT 1",
                            C_N);
    db_bind_int64(st, 1, unit_id);
    const char *name = db_step(st) == DB_ROW ? arena_strdup(arena, db_col_text(st, C_NAME)) : "";
    db_done(st);
    return name;
}

static const char *plan_title_of(Db *db, Arena *arena, int64_t plan_id)
{
    enum { C_TITLE, C_N };
    DbStmt *st = db_prepare(db, "SELECT title FROM plan WHERE id = $1", C_N);
    db_bind_int64(st, 1, plan_id);
    const char *title = db_step(st) == DB_ROW ? arena_strdup(arena, db_col_text(st, C_TITLE)) : "";
    db_done(st);
    return title;
}

/* A grant as list shows it: "#4 editor unit 3 (障害企画課)". */
static const char *grant_text(Db *db, Arena *arena, const Grant *g)
{
    if (g->plan_id)
        return arena_printf(arena, "#%lld %s plan %lld (%s)", (long long)g->id, role_name(g->role),
                            (long long)g->plan_id, plan_title_of(db, arena, g->plan_id));
    if (g->unit_id)
        return arena_printf(arena, "#%lld %s unit %lld (%s)", (long long)g->id, role_name(g->role),
                            (long long)g->unit_id, unit_name_of(db, arena, g->unit_id));
    return arena_printf(arena, "#%lld %s", (long long)g->id, role_name(g->role));
}

/* The unit called name (in any year): 0 and a message (exit 2) when no unit
 * or several have that name. */
static int64_t unit_by_name(Db *db, const char *name)
{
    enum { C_ID, C_N };
    DbStmt *st = db_prepare(
        db, "SELECT DISTINCT unit_id FROM org_unit_period WHERE name = $1 ORDER BY unit_id", C_N);
    db_bind_text(st, 1, name);
    int64_t ids[8];
    int n = 0;
    while (db_step(st) == DB_ROW) {
        if (n < 8)
            ids[n] = db_col_int64(st, C_ID);
        n++;
    }
    db_done(st);
    if (n == 1)
        return ids[0];
    if (n == 0) {
        fprintf(stderr, "shinchoku user grant: no unit is named '%s'\n", name);
    } else {
        fprintf(stderr, "shinchoku user grant: %d units are named '%s' (ids", n, name);
        for (int i = 0; i < n && i < 8; i++)
            fprintf(stderr, "%s %lld", i ? "," : "", (long long)ids[i]);
        fprintf(stderr, "%s); choose one with --unit ID\n", n > 8 ? ", ..." : "");
    }
    return 0;
}

/* ---- the actions -------------------------------------------------------- */

/* Marks a new account as a service account, audited like every change. */
static Err mark_service(Db *db, int64_t user_id)
{
    if (db_begin(db) != 0)
        return ERR_DB;
    DbStmt *st = db_prepare(db, "UPDATE app_user SET service = 1 WHERE id = $1", 0);
    db_bind_int64(st, 1, user_id);
    int rc = db_step(st);
    db_done(st);
    Err e = rc == DB_DONE
                ? audit_write(db, cli_actor.name, cli_actor.address, "user.service", "user",
                              user_id, 0, 0, "{\"service\":false}", "{\"service\":true}")
                : ERR_DB;
    if (e != ERR_OK || db_commit(db) != 0) {
        db_rollback(db);
        return ERR_DB;
    }
    return ERR_OK;
}

static int do_add(Db *db, const UserArgs *a)
{
    Arena arena;
    arena_init(&arena);
    User u;
    Err e = account_by_login(db, &arena, a->login, &u);
    arena_free(&arena);
    if (e == ERR_OK)
        return report_problem("add", a, ACCOUNT_LOGIN_TAKEN);
    if (e != ERR_NOT_FOUND)
        return db_failed("add", db);
    char pw[PASSWORD_MAX_BYTES + 1];
    int rc = read_password("add", a->login, pw);
    if (rc)
        return rc;
    int64_t id = 0;
    AccountProblem problem = ACCOUNT_OK;
    e = account_create(db, &cli_actor, a->login, a->name, pw, false, &id, &problem);
    sodium_memzero(pw, sizeof(pw));
    if (e == ERR_INVALID)
        return report_problem("add", a, problem);
    if (e != ERR_OK)
        return db_failed("add", db);
    if (a->service && mark_service(db, id) != ERR_OK) {
        fprintf(stderr,
                "shinchoku user add: created '%s' (id %lld) but could not mark it as a service "
                "account: %s\n",
                a->login, (long long)id, db_errmsg(db));
        return 1;
    }
    printf("created %saccount '%s' (id %lld)\n", a->service ? "service " : "", a->login,
           (long long)id);
    return 0;
}

static int do_list(Db *db, const UserArgs *a)
{
    (void)a;
    Arena arena;
    arena_init(&arena);
    User *users;
    int n;
    if (account_list(db, &arena, &users, &n) != ERR_OK) {
        arena_free(&arena);
        return db_failed("list", db);
    }
    const char **states = ARENA_ARRAY(&arena, const char *, n + 1);
    const char **grants = ARENA_ARRAY(&arena, const char *, n + 1);
    int wlogin = utf8_display_width("LOGIN"), wname = utf8_display_width("NAME"),
        wstate = utf8_display_width("STATE");
    for (int i = 0; i < n; i++) {
        User *u = &users[i];
        Principal p = {.user_id = u->id};
        if (principal_load_grants(db, &arena, &p) != ERR_OK) {
            arena_free(&arena);
            return db_failed("list", db);
        }
        const char *text = p.ngrants ? "" : "-";
        for (int g = 0; g < p.ngrants; g++)
            text = arena_printf(&arena, "%s%s%s", text, g ? "; " : "",
                                grant_text(db, &arena, &p.grants[g]));
        grants[i] = text;
        states[i] = u->service ? (u->disabled ? "disabled, service" : "active, service")
                               : (u->disabled ? "disabled" : "active");
        int w;
        if ((w = utf8_display_width(u->login)) > wlogin)
            wlogin = w;
        if ((w = utf8_display_width(u->display_name)) > wname)
            wname = w;
        if ((w = utf8_display_width(states[i])) > wstate)
            wstate = w;
    }
    utf8_print_padded("LOGIN", wlogin);
    utf8_print_padded("NAME", wname);
    utf8_print_padded("STATE", wstate);
    printf("GRANTS\n");
    for (int i = 0; i < n; i++) {
        utf8_print_padded(users[i].login, wlogin);
        utf8_print_padded(users[i].display_name, wname);
        utf8_print_padded(states[i], wstate);
        printf("%s\n", grants[i]);
    }
    arena_free(&arena);
    return 0;
}

static int do_passwd(Db *db, const UserArgs *a)
{
    Arena arena;
    arena_init(&arena);
    User u;
    int rc = find_account(db, &arena, a, &u);
    arena_free(&arena);
    if (rc)
        return rc;
    char pw[PASSWORD_MAX_BYTES + 1];
    if ((rc = read_password("passwd", a->login, pw)))
        return rc;
    AccountProblem problem = ACCOUNT_OK;
    Err e = account_set_password(db, &cli_actor, u.id, pw, &problem);
    sodium_memzero(pw, sizeof(pw));
    if (e == ERR_INVALID)
        return report_problem("passwd", a, problem);
    if (e != ERR_OK)
        return db_failed("passwd", db);
    printf("changed the password of '%s'; its sessions have ended\n", a->login);
    return 0;
}

static int set_disabled(Db *db, const UserArgs *a, bool disabled)
{
    Arena arena;
    arena_init(&arena);
    User u;
    int rc = find_account(db, &arena, a, &u);
    arena_free(&arena);
    if (rc)
        return rc;
    if (u.disabled == disabled) {
        printf("account '%s' is already %s\n", a->login, disabled ? "disabled" : "active");
        return 0;
    }
    if (account_set_disabled(db, &cli_actor, u.id, disabled) != ERR_OK)
        return db_failed(a->action, db);
    printf(disabled ? "disabled account '%s'; its sessions have ended\n" : "enabled account '%s'\n",
           a->login);
    return 0;
}

static int do_disable(Db *db, const UserArgs *a)
{
    return set_disabled(db, a, true);
}

static int do_enable(Db *db, const UserArgs *a)
{
    return set_disabled(db, a, false);
}

static int do_grant(Db *db, const UserArgs *a)
{
    int role = role_from_name(a->role);
    if (role < 0) {
        fprintf(stderr,
                "shinchoku user grant: --role is admin, secretariat, reviewer, editor or viewer, "
                "not '%s'\n",
                a->role);
        return 2;
    }
    int64_t unit_id = a->unit_id;
    if (a->unit_name && !(unit_id = unit_by_name(db, a->unit_name)))
        return 2;
    Arena arena;
    arena_init(&arena);
    User u = {0};
    int rc = find_account(db, &arena, a, &u);
    Principal p = {.user_id = u.id};
    if (!rc && principal_load_grants(db, &arena, &p) != ERR_OK)
        rc = db_failed("grant", db);
    for (int i = 0; !rc && i < p.ngrants; i++) {
        const Grant *g = &p.grants[i];
        if (g->role == (Role)role && g->plan_id == a->plan_id && g->unit_id == unit_id) {
            printf("'%s' already has the grant %s\n", a->login, grant_text(db, &arena, g));
            arena_free(&arena);
            return 0;
        }
    }
    if (rc) {
        arena_free(&arena);
        return rc;
    }
    AccountProblem problem = ACCOUNT_OK;
    Err e = account_grant(db, &cli_actor, u.id, (Role)role, a->plan_id, unit_id, &problem);
    if (e == ERR_INVALID)
        rc = report_problem("grant", a, problem);
    else if (e != ERR_OK)
        rc = db_failed("grant", db);
    else if (principal_load_grants(db, &arena, &p) != ERR_OK || p.ngrants == 0)
        rc = db_failed("grant", db);
    else /* grants come in the order of their ids: the new one is last */
        printf("granted '%s' %s\n", a->login, grant_text(db, &arena, &p.grants[p.ngrants - 1]));
    arena_free(&arena);
    return rc;
}

static int do_revoke(Db *db, const UserArgs *a)
{
    Arena arena;
    arena_init(&arena);
    User u = {0};
    int rc = find_account(db, &arena, a, &u);
    Principal p = {.user_id = u.id};
    if (!rc && principal_load_grants(db, &arena, &p) != ERR_OK)
        rc = db_failed("revoke", db);
    const Grant *found = NULL;
    for (int i = 0; !rc && i < p.ngrants; i++)
        if (p.grants[i].id == a->grant_id)
            found = &p.grants[i];
    if (!rc && !found) {
        fprintf(stderr,
                "shinchoku user revoke: '%s' has no grant #%lld (shinchoku user list shows the "
                "grants)\n",
                a->login, (long long)a->grant_id);
        rc = 1;
    }
    if (!rc) {
        const char *text = grant_text(db, &arena, found);
        if (account_revoke(db, &cli_actor, a->grant_id) != ERR_OK)
            rc = db_failed("revoke", db);
        else
            printf("revoked %s from '%s'\n", text, a->login);
    }
    arena_free(&arena);
    return rc;
}

static const Action actions[] = {
    {"add", U_DB | U_LOGIN | U_NAME | U_SERVICE, usage_add, do_add},
    {"list", U_DB, usage_list, do_list},
    {"passwd", U_DB | U_LOGIN, usage_passwd, do_passwd},
    {"disable", U_DB | U_LOGIN, usage_disable, do_disable},
    {"enable", U_DB | U_LOGIN, usage_enable, do_enable},
    {"grant", U_DB | U_LOGIN | U_ROLE | U_PLAN | U_UNIT | U_UNIT_NAME, usage_grant, do_grant},
    {"revoke", U_DB | U_LOGIN | U_GRANT, usage_revoke, do_revoke},
    {NULL, 0, NULL, NULL},
};

/* ---- options ------------------------------------------------------------ */

/* A positive id, or 0. */
static int64_t parse_id(const char *s)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return (*s >= '0' && *s <= '9' && !*end && errno == 0 && v > 0) ? (int64_t)v : 0;
}

/* Prints an option as typed, without any "=value" (which might be a password
 * someone tried to pass on the command line). */
static void print_option_name(const char *arg)
{
    const char *eq = strchr(arg, '=');
    fprintf(stderr, "'%.*s'", (int)(eq ? (size_t)(eq - arg) : strlen(arg)), arg);
}

/* Parses the action's options into a. Returns 0, -1 after --help, or 2 after
 * a message. argv[0] is the action. */
static int parse_args(int argc, char **argv, const Action *act, UserArgs *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"login", required_argument, NULL, 'l'},
        {"name", required_argument, NULL, 'n'},
        {"service", no_argument, NULL, 's'},
        {"role", required_argument, NULL, 'r'},
        {"plan", required_argument, NULL, 'p'},
        {"unit", required_argument, NULL, 'u'},
        {"unit-name", required_argument, NULL, 'U'},
        {"grant", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const unsigned need[128] = {
        ['d'] = U_DB,   ['l'] = U_LOGIN, ['n'] = U_NAME,  ['s'] = U_SERVICE,  ['r'] = U_ROLE,
        ['p'] = U_PLAN, ['u'] = U_UNIT,  ['g'] = U_GRANT, ['U'] = U_UNIT_NAME};
    const char *cmd = act->name;
    optind = 1;
    opterr = 0;
    int c, index = -1;
    while ((index = -1, c = getopt_long(argc, argv, ":h", opts, &index)) != -1) {
        if (c == 'h') {
            printf("%s", act->usage);
            return -1;
        }
        if (c == ':') {
            fprintf(stderr, "shinchoku user %s: option ", cmd);
            print_option_name(argv[optind - 1]);
            fprintf(stderr, " needs a value\n");
            return 2;
        }
        if (c == '?' || c < 0 || c >= 128 || !(need[c] & act->accepted)) {
            /* A known option of another action has consumed its value: name
             * the option, not argv[optind - 1]. */
            fprintf(stderr, "shinchoku user %s: unknown option ", cmd);
            if (c != '?' && index >= 0)
                fprintf(stderr, "'--%s'", opts[index].name);
            else
                print_option_name(argv[optind - 1]);
            fprintf(stderr, "%s\n%s",
                    strncmp(argv[optind - 1], "--pass", 6) == 0
                        ? " (the password is read from standard input)"
                        : "",
                    act->usage);
            return 2;
        }
        switch (c) {
        case 'd':
            a->db = optarg;
            break;
        case 'l':
            a->login = optarg;
            break;
        case 'n':
            a->name = optarg;
            break;
        case 's':
            a->service = true;
            break;
        case 'r':
            a->role = optarg;
            break;
        case 'U':
            a->unit_name = optarg;
            break;
        case 'p':
        case 'u':
        case 'g': {
            int64_t id = parse_id(optarg);
            const char *what = c == 'p' ? "plan" : c == 'u' ? "unit" : "grant";
            if (!id) {
                fprintf(stderr, "shinchoku user %s: --%s takes a %s's id, a positive number\n", cmd,
                        what, what);
                return 2;
            }
            *(c == 'p' ? &a->plan_id : c == 'u' ? &a->unit_id : &a->grant_id) = id;
            break;
        }
        }
    }
    if (optind < argc) {
        /* Not echoed: it might be a password. */
        fprintf(stderr,
                "shinchoku user %s: unexpected argument (passwords are read from standard "
                "input, never from the command line)\n%s",
                cmd, act->usage);
        return 2;
    }
    const struct {
        unsigned opt;
        bool given;
        const char *text;
    } required[] = {
        {U_DB, a->db != NULL, "--db FILE"},
        {U_LOGIN, a->login != NULL, "--login LOGIN"},
        {U_NAME, a->name != NULL, "--name NAME"},
        {U_ROLE, a->role != NULL, "--role ROLE"},
        {U_GRANT, a->grant_id != 0, "--grant GRANT_ID"},
    };
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        if ((act->accepted & required[i].opt) && !required[i].given) {
            fprintf(stderr, "shinchoku user %s: %s is required\n%s", cmd, required[i].text,
                    act->usage);
            return 2;
        }
    if (a->unit_id && a->unit_name) {
        fprintf(stderr, "shinchoku user %s: give --unit or --unit-name, not both\n", cmd);
        return 2;
    }
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "shinchoku user: which action?\n%s", usage_user);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        printf("%s", usage_user);
        return 0;
    }
    const Action *act = actions;
    while (act->name && strcmp(act->name, name) != 0)
        act++;
    if (!act->name) {
        fprintf(stderr, "shinchoku user: ");
        print_option_name(name);
        fprintf(stderr, " is not an action\n%s", usage_user);
        return 2;
    }
    UserArgs a = {.action = act->name};
    int rc = parse_args(argc - 1, argv + 1, act, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    log_set_quiet(1);
    Db *db = cli_open_db(a.db, false, false);
    if (!db)
        return 1;
    rc = act->run(db, &a);
    db_close(db);
    return rc;
}
