/* shinchoku round: rounds of answers from the command line (open, list,
 * extend, close, reopen), for the secretariat's scheduled jobs and for when
 * the site is not at hand. The command line may do everything (who = NULL);
 * every change goes through model/round.h and is audited with the actor
 * "cli". */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "base/era.h"
#include "base/log.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "model/plan.h"
#include "model/round.h"

static const Actor cli_actor = {"cli", ""};

/* The options, as a mask of what an action accepts. */
enum {
    O_DB = 1,
    O_PLAN = 2,
    O_YEAR = 4,
    O_CHECKPOINT = 8,
    O_DEADLINE = 16,
    O_DOC_NO = 32,
    O_INQUIRY = 64,
    O_INSTRUCTIONS = 128,
    O_ROUND = 256,
    O_LEVEL = 512,
};

typedef struct RoundArgs {
    const char *action; /* "open", "list" ... */
    const char *db, *year, *checkpoint, *deadline, *doc_no, *inquiry_date, *instructions;
    const char *level;         /* publish: sections, viewers or public */
    int64_t plan_id, round_id; /* 0 when not given */
} RoundArgs;

static const char usage_round[] =
    "usage: shinchoku round <action> --db FILE [options]   (shinchoku round <action> --help)\n"
    "Manages the rounds in which the secretariat asks every section for its answers:\n"
    "  open     open a round of a plan for a fiscal year and a checkpoint\n"
    "  list     show the rounds, their deadlines, states and answers by status\n"
    "  extend   give a round a later deadline\n"
    "  close    stop a round taking answers\n"
    "  reopen   let a closed round take answers again\n"
    "  publish  choose who sees its confirmed answers on the sheet\n"
    "Exit codes: 0 done, 1 failed (unknown plan or round, a round already open,\n"
    "database error), 2 usage error or input refused (a bad year or date).\n";

static const char usage_open[] =
    "usage: shinchoku round open --db FILE --plan ID --year FY --checkpoint start|end\n"
    "         --deadline YYYY-MM-DD [--doc-no TEXT] [--inquiry-date YYYY-MM-DD]\n"
    "         [--instructions TEXT]\n"
    "Opens a round: every project of the plan in that fiscal year is asked for its\n"
    "answer (not started), at the start of the year (start) or at its end (end).\n"
    "FY is a fiscal year within the plan's period, as 2020 or 令和2年度. The deadline\n"
    "may not be before the inquiry date. Only one round of a year and checkpoint\n"
    "may be open at a time.\n"
    "Example: shinchoku round open --db shinchoku.db --plan 1 --year 2021 \\\n"
    "           --checkpoint end --inquiry-date 2022-04-01 --deadline 2022-05-31\n";

static const char usage_list[] =
    "usage: shinchoku round list --db FILE [--plan ID]\n"
    "Shows the rounds (of one plan with --plan), newest first: id, plan, fiscal\n"
    "year, checkpoint, deadline, state (open or closed) and how many answers are\n"
    "not started, draft, submitted, returned and confirmed.\n";

static const char usage_extend[] =
    "usage: shinchoku round extend --db FILE --round ID --deadline YYYY-MM-DD\n"
    "Gives the round a later deadline (after the current one).\n";

static const char usage_close[] =
    "usage: shinchoku round close --db FILE --round ID\n"
    "Closes the round: its answers can no longer be saved or submitted.\n";

static const char usage_reopen[] =
    "usage: shinchoku round reopen --db FILE --round ID\n"
    "Opens a closed round again, unless another round of the same plan, fiscal\n"
    "year and checkpoint is open.\n";

typedef struct Action {
    const char *name;
    unsigned accepted; /* O_* */
    unsigned required; /* O_* */
    const char *usage;
    int (*run)(Db *db, Arena *arena, const RoundArgs *a);
} Action;

/* ---- messages and look-ups ---------------------------------------------- */

static int db_failed(const char *cmd, Db *db)
{
    fprintf(stderr, "shinchoku round %s: database error: %s\n", cmd, db_errmsg(db));
    return 1;
}

/* "2020 (令和2年度)" (arena). */
static const char *fy_text(Arena *arena, int fy)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, ERA_JAPANESE, 0);
    const char *s = arena_printf(arena, "%d (%s)", fy, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static const char *checkpoint_text(bool at_year_end)
{
    return at_year_end ? "end" : "start";
}

/* The plan of id into *out; 1 and a message if there is none. */
static int find_plan(Db *db, Arena *arena, const char *cmd, int64_t id, PlanSummary *out)
{
    PlanSummary *plans;
    int n;
    if (plan_list(db, arena, NULL, &plans, &n) != ERR_OK)
        return db_failed(cmd, db);
    for (int i = 0; i < n; i++)
        if (plans[i].id == id) {
            *out = plans[i];
            return 0;
        }
    fprintf(stderr, "shinchoku round %s: no plan has the id %lld\n", cmd, (long long)id);
    return 1;
}

/* The round of a->round_id into *r; 1 and a message if there is none. */
static int find_round(Db *db, Arena *arena, const RoundArgs *a, Round *r)
{
    Err e = round_get(db, arena, NULL, a->round_id, r);
    if (e == ERR_NOT_FOUND) {
        fprintf(stderr,
                "shinchoku round %s: no round has the id %lld (shinchoku round list shows them)\n",
                a->action, (long long)a->round_id);
        return 1;
    }
    return e == ERR_OK ? 0 : db_failed(a->action, db);
}

/* The open round of r's plan, year and checkpoint other than r, or 0. */
static int64_t open_twin(Db *db, Arena *arena, int64_t plan_id, int fy, bool at_year_end,
                         int64_t except)
{
    Round *rounds;
    int n;
    if (round_list(db, arena, NULL, plan_id, &rounds, &n) != ERR_OK)
        return 0;
    for (int i = 0; i < n; i++)
        if (rounds[i].id != except && rounds[i].fiscal_year == fy &&
            rounds[i].at_year_end == at_year_end && strcmp(rounds[i].status, "open") == 0)
            return rounds[i].id;
    return 0;
}

/* A date option: 0, or 2 after saying it is not a date. */
static int check_date(const char *cmd, const char *option, const char *value)
{
    if (round_valid_date(value))
        return 0;
    fprintf(stderr, "shinchoku round %s: %s '%s' is not a date written YYYY-MM-DD\n", cmd, option,
            value);
    return 2;
}

/* ---- the actions -------------------------------------------------------- */

static int do_open(Db *db, Arena *arena, const RoundArgs *a)
{
    int fy = 0;
    if (era_parse_fiscal_year(a->year, &fy) != 0) {
        fprintf(stderr,
                "shinchoku round open: --year '%s' is not a fiscal year (write 2020 or "
                "令和2年度)\n",
                a->year);
        return 2;
    }
    bool end = strcmp(a->checkpoint, "end") == 0;
    if (!end && strcmp(a->checkpoint, "start") != 0) {
        fprintf(stderr, "shinchoku round open: --checkpoint is start or end, not '%s'\n",
                a->checkpoint);
        return 2;
    }
    int rc = check_date("open", "--deadline", a->deadline);
    if (!rc && a->inquiry_date)
        rc = check_date("open", "--inquiry-date", a->inquiry_date);
    if (rc)
        return rc;
    PlanSummary plan;
    if ((rc = find_plan(db, arena, "open", a->plan_id, &plan)))
        return rc;
    RoundInput in = {a->plan_id,
                     fy,
                     end,
                     a->doc_no ? a->doc_no : "",
                     a->inquiry_date ? a->inquiry_date : "",
                     a->deadline,
                     a->instructions ? a->instructions : ""};
    int64_t id = 0;
    RoundProblem problem = ROUND_OK;
    Err e = round_open(db, &cli_actor, NULL, &in, &id, &problem);
    if (e == ERR_INVALID) {
        switch (problem) {
        case ROUND_BAD_YEAR:
            fprintf(stderr,
                    "shinchoku round open: fiscal year %d is outside the plan's period, %d to "
                    "%d\n",
                    fy, plan.from_fy, plan.to_fy);
            return 2;
        case ROUND_DEADLINE_BEFORE:
            fprintf(stderr, "shinchoku round open: the deadline %s is before the inquiry date %s\n",
                    a->deadline, a->inquiry_date);
            return 2;
        case ROUND_EXISTS:
            fprintf(stderr,
                    "shinchoku round open: a round of fiscal year %d at the %s of the year is "
                    "already open for plan %lld (round %lld); close it first\n",
                    fy, end ? "end" : "start", (long long)a->plan_id,
                    (long long)open_twin(db, arena, a->plan_id, fy, end, 0));
            return 1;
        case ROUND_NOTHING_ASKED:
            fprintf(stderr,
                    "shinchoku round open: plan %lld has no fields to ask at the %s of the year, "
                    "or no projects\n",
                    (long long)a->plan_id, end ? "end" : "start");
            return 1;
        default:
            fprintf(stderr, "shinchoku round open: a date is not valid (YYYY-MM-DD)\n");
            return 2;
        }
    }
    if (e == ERR_NOT_FOUND) {
        fprintf(stderr, "shinchoku round open: no plan has the id %lld\n", (long long)a->plan_id);
        return 1;
    }
    if (e != ERR_OK)
        return db_failed("open", db);
    Round r;
    if (round_get(db, arena, NULL, id, &r) != ERR_OK)
        return db_failed("open", db);
    printf("opened round %lld: %s, fiscal year %s, %s of the year, deadline %s; %d answers "
           "asked\n",
           (long long)id, r.plan_title, fy_text(arena, fy), end ? "end" : "start", r.deadline,
           r.counts.total);
    return 0;
}

static int do_list(Db *db, Arena *arena, const RoundArgs *a)
{
    PlanSummary plan;
    int rc;
    if (a->plan_id && (rc = find_plan(db, arena, "list", a->plan_id, &plan)))
        return rc;
    Round *rounds;
    int n;
    if (round_list(db, arena, NULL, a->plan_id, &rounds, &n) != ERR_OK)
        return db_failed("list", db);
    if (n == 0) {
        printf("no rounds%s\n", a->plan_id ? " for this plan" : "");
        return 0;
    }
    enum { C_ID, C_PLAN, C_YEAR, C_CP, C_DEADLINE, C_STATUS, C_COUNTS, C_N };
    static const char *const heads[C_N] = {"ID",       "PLAN",   "YEAR",   "CHECKPOINT",
                                           "DEADLINE", "STATUS", "ANSWERS"};
    const char **cells = ARENA_ARRAY(arena, const char *, (size_t)n *C_N);
    int width[C_N];
    for (int c = 0; c < C_N; c++)
        width[c] = utf8_display_width(heads[c]);
    for (int i = 0; i < n; i++) {
        const Round *r = &rounds[i];
        const RoundCounts *k = &r->counts;
        const char **row = cells + (size_t)i * C_N;
        row[C_ID] = arena_printf(arena, "%lld", (long long)r->id);
        row[C_PLAN] = r->plan_title;
        row[C_YEAR] = fy_text(arena, r->fiscal_year);
        row[C_CP] = checkpoint_text(r->at_year_end);
        row[C_DEADLINE] = *r->deadline ? r->deadline : "-";
        row[C_STATUS] = r->status;
        row[C_COUNTS] = arena_printf(arena,
                                     "not_started %d, draft %d, submitted %d, returned %d, "
                                     "confirmed %d (of %d)",
                                     k->not_started, k->draft, k->submitted, k->returned,
                                     k->confirmed, k->total);
        for (int c = 0; c < C_N; c++) {
            int w = utf8_display_width(row[c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (int c = 0; c < C_N - 1; c++)
        utf8_print_padded(heads[c], width[c]);
    printf("%s\n", heads[C_N - 1]);
    for (int i = 0; i < n; i++) {
        const char **row = cells + (size_t)i * C_N;
        for (int c = 0; c < C_N - 1; c++)
            utf8_print_padded(row[c], width[c]);
        printf("%s\n", row[C_N - 1]);
    }
    return 0;
}

static int do_extend(Db *db, Arena *arena, const RoundArgs *a)
{
    int rc = check_date("extend", "--deadline", a->deadline);
    Round r;
    if (rc || (rc = find_round(db, arena, a, &r)))
        return rc;
    RoundProblem problem = ROUND_OK;
    Err e = round_extend(db, &cli_actor, NULL, r.id, a->deadline, &problem);
    if (e == ERR_INVALID) {
        if (problem == ROUND_DEADLINE_BEFORE)
            fprintf(stderr,
                    "shinchoku round extend: the deadline %s is before the round's inquiry date "
                    "%s\n",
                    a->deadline, r.inquiry_date);
        else if (problem == ROUND_NOT_LATER)
            fprintf(stderr,
                    "shinchoku round extend: the new deadline %s is not after the current one, "
                    "%s\n",
                    a->deadline, r.deadline);
        else
            fprintf(stderr, "shinchoku round extend: '%s' is not a date written YYYY-MM-DD\n",
                    a->deadline);
        return 2;
    }
    if (e != ERR_OK)
        return db_failed("extend", db);
    printf("round %lld: the deadline is now %s (was %s)\n", (long long)r.id, a->deadline,
           *r.deadline ? r.deadline : "none");
    return 0;
}

static int set_open(Db *db, Arena *arena, const RoundArgs *a, bool open)
{
    Round r;
    int rc = find_round(db, arena, a, &r);
    if (rc)
        return rc;
    if ((strcmp(r.status, "open") == 0) == open) {
        printf("round %lld is already %s\n", (long long)r.id, open ? "open" : "closed");
        return 0;
    }
    Err e = round_set_status(db, &cli_actor, NULL, r.id, open);
    if (e == ERR_CONFLICT) {
        fprintf(stderr,
                "shinchoku round reopen: round %lld of the same plan, fiscal year and checkpoint "
                "is open; close it first\n",
                (long long)open_twin(db, arena, r.plan_id, r.fiscal_year, r.at_year_end, r.id));
        return 1;
    }
    if (e != ERR_OK)
        return db_failed(a->action, db);
    printf("%s round %lld: %s, fiscal year %s, %s of the year\n", open ? "reopened" : "closed",
           (long long)r.id, r.plan_title, fy_text(arena, r.fiscal_year),
           checkpoint_text(r.at_year_end));
    return 0;
}

static int do_close(Db *db, Arena *arena, const RoundArgs *a)
{
    return set_open(db, arena, a, false);
}

static int do_reopen(Db *db, Arena *arena, const RoundArgs *a)
{
    return set_open(db, arena, a, true);
}

static const char usage_publish[] =
    "usage: shinchoku round publish --db FILE --round ID --level sections|viewers|public\n"
    "Chooses who sees the round's confirmed answers on the sheet: only the secretariat\n"
    "and the sections and bureaus concerned (sections), also signed-in readers of the\n"
    "plan such as council members (viewers), or everyone who may read the plan\n"
    "(public).\n";

static int do_publish(Db *db, Arena *arena, const RoundArgs *a)
{
    static const char *const levels[] = {"sections", "viewers", "public"};
    int level = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(a->level, levels[i]) == 0)
            level = i;
    if (level < 0) {
        fprintf(stderr, "shinchoku round publish: --level is sections, viewers or public\n");
        return 2;
    }
    Round r;
    int rc = find_round(db, arena, a, &r);
    if (rc)
        return rc;
    if (round_set_published(db, &cli_actor, NULL, r.id, level) != ERR_OK)
        return db_failed("publish", db);
    printf("round %lld: %s\n", (long long)r.id, levels[level]);
    return 0;
}

static const Action actions[] = {
    {"open",
     O_DB | O_PLAN | O_YEAR | O_CHECKPOINT | O_DEADLINE | O_DOC_NO | O_INQUIRY | O_INSTRUCTIONS,
     O_DB | O_PLAN | O_YEAR | O_CHECKPOINT | O_DEADLINE, usage_open, do_open},
    {"list", O_DB | O_PLAN, O_DB, usage_list, do_list},
    {"extend", O_DB | O_ROUND | O_DEADLINE, O_DB | O_ROUND | O_DEADLINE, usage_extend, do_extend},
    {"close", O_DB | O_ROUND, O_DB | O_ROUND, usage_close, do_close},
    {"reopen", O_DB | O_ROUND, O_DB | O_ROUND, usage_reopen, do_reopen},
    {"publish", O_DB | O_ROUND | O_LEVEL, O_DB | O_ROUND | O_LEVEL, usage_publish, do_publish},
    {NULL, 0, 0, NULL, NULL},
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

/* Parses the action's options into a. Returns 0, -1 after --help, or 2 after
 * a message. argv[0] is the action. */
static int parse_args(int argc, char **argv, const Action *act, RoundArgs *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"plan", required_argument, NULL, 'p'},
        {"year", required_argument, NULL, 'y'},
        {"checkpoint", required_argument, NULL, 'c'},
        {"deadline", required_argument, NULL, 'D'},
        {"doc-no", required_argument, NULL, 'n'},
        {"inquiry-date", required_argument, NULL, 'i'},
        {"instructions", required_argument, NULL, 't'},
        {"round", required_argument, NULL, 'r'},
        {"level", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const unsigned option_bit[128] = {
        ['d'] = O_DB,       ['p'] = O_PLAN,   ['y'] = O_YEAR,    ['c'] = O_CHECKPOINT,
        ['D'] = O_DEADLINE, ['n'] = O_DOC_NO, ['i'] = O_INQUIRY, ['t'] = O_INSTRUCTIONS,
        ['r'] = O_ROUND,    ['L'] = O_LEVEL};
    const char *cmd = act->name;
    optind = 1;
    opterr = 0;
    int c, index = -1;
    unsigned given = 0;
    while ((index = -1, c = getopt_long(argc, argv, ":h", opts, &index)) != -1) {
        if (c == 'h') {
            printf("%s", act->usage);
            return -1;
        }
        if (c == ':') {
            fprintf(stderr, "shinchoku round %s: option '%s' needs a value\n", cmd,
                    argv[optind - 1]);
            return 2;
        }
        if (c == '?' || c < 0 || c >= 128 || !(option_bit[c] & act->accepted)) {
            fprintf(stderr, "shinchoku round %s: unknown option ", cmd);
            if (c != '?' && index >= 0)
                fprintf(stderr, "'--%s'", opts[index].name);
            else
                fprintf(stderr, "'%s'", argv[optind - 1]);
            fprintf(stderr, "\n%s", act->usage);
            return 2;
        }
        given |= option_bit[c];
        switch (c) {
        case 'd':
            a->db = optarg;
            break;
        case 'y':
            a->year = optarg;
            break;
        case 'c':
            a->checkpoint = optarg;
            break;
        case 'D':
            a->deadline = optarg;
            break;
        case 'n':
            a->doc_no = optarg;
            break;
        case 'i':
            a->inquiry_date = optarg;
            break;
        case 't':
            a->instructions = optarg;
            break;
        case 'L':
            a->level = optarg;
            break;
        case 'p':
        case 'r': {
            int64_t id = parse_id(optarg);
            const char *what = c == 'p' ? "plan" : "round";
            if (!id) {
                fprintf(stderr, "shinchoku round %s: --%s takes a %s's id, a positive number\n",
                        cmd, what, what);
                return 2;
            }
            *(c == 'p' ? &a->plan_id : &a->round_id) = id;
            break;
        }
        }
    }
    if (optind < argc) {
        fprintf(stderr, "shinchoku round %s: unexpected argument '%s'\n%s", cmd, argv[optind],
                act->usage);
        return 2;
    }
    static const struct {
        unsigned opt;
        const char *text;
    } names[] = {
        {O_DB, "--db FILE"},
        {O_PLAN, "--plan ID"},
        {O_YEAR, "--year FY"},
        {O_CHECKPOINT, "--checkpoint start|end"},
        {O_DEADLINE, "--deadline YYYY-MM-DD"},
        {O_ROUND, "--round ID"},
        {O_LEVEL, "--level sections|viewers|public"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if ((act->required & names[i].opt) && !(given & names[i].opt)) {
            fprintf(stderr, "shinchoku round %s: %s is required\n%s", cmd, names[i].text,
                    act->usage);
            return 2;
        }
    return 0;
}

int cmd_round(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "shinchoku round: which action?\n%s", usage_round);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        printf("%s", usage_round);
        return 0;
    }
    const Action *act = actions;
    while (act->name && strcmp(act->name, name) != 0)
        act++;
    if (!act->name) {
        fprintf(stderr, "shinchoku round: '%s' is not an action\n%s", name, usage_round);
        return 2;
    }
    RoundArgs a = {.action = act->name};
    int rc = parse_args(argc - 1, argv + 1, act, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    log_set_quiet(1);
    Db *db = cli_open_db(a.db, false, false);
    if (!db)
        return 1;
    Arena arena;
    arena_init(&arena);
    rc = act->run(db, &arena, &a);
    arena_free(&arena);
    db_close(db);
    return rc;
}
