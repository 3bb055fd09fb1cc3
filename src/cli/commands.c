/* init, migrate, demo, serve, http, version: option parsing and the calls behind them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/log.h"
#include "cli/cli.h"
#include "http/transport.h"
#include "pages/dispatch.h"
#include "model/account.h"
#include "pages/pages.h"
#include "store/migrate.h"

typedef struct Opts {
    const char *db;     /* --db */
    const char *listen; /* --listen */
    int port;           /* --port */
    int threads;        /* --threads */
    int generate;       /* --generate: initiatives of a generated plan instead of the seed */
    int seed;           /* --seed of the generated plan */
    bool demo;          /* --demo: load the seed's plan into an empty database */
    MailConfig mail;    /* --smtp, --mail-from, --base-url: reminders by e-mail */
    const char *out;    /* -o, --output: a file to write */
} Opts;

enum {
    OPT_DB = 1,
    OPT_PORT = 2,
    OPT_LISTEN = 4,
    OPT_THREADS = 8,
    OPT_GENERATE = 16,
    OPT_DEMO = 32,
    OPT_MAIL = 64,
    OPT_OUT = 128
};

/* A whole number from lo to hi, or -1. */
static long parse_number(const char *s, long lo, long hi)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    return (*s && !*end && v >= lo && v <= hi) ? v : -1;
}

/* Parses the options a subcommand accepts (a mask of OPT_*). Prints usage on
 * --help (returns 0 and sets *done) and a clear message on a bad option
 * (returns 2). */
static int parse(int argc, char **argv, unsigned accepted, const char *usage, Opts *o, bool *done)
{
    static const struct option all[] = {
        {"db", required_argument, NULL, 'd'},
        {"port", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"generate", required_argument, NULL, 'g'},
        {"seed", required_argument, NULL, 's'},
        {"demo", no_argument, NULL, 'm'},
        {"smtp", required_argument, NULL, 'S'},
        {"mail-from", required_argument, NULL, 'F'},
        {"base-url", required_argument, NULL, 'B'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const unsigned need[] = {
        ['d'] = OPT_DB,       ['p'] = OPT_PORT,     ['l'] = OPT_LISTEN, ['t'] = OPT_THREADS,
        ['g'] = OPT_GENERATE, ['s'] = OPT_GENERATE, ['m'] = OPT_DEMO,   ['S'] = OPT_MAIL,
        ['F'] = OPT_MAIL,     ['B'] = OPT_MAIL,     ['o'] = OPT_OUT};
    *done = false;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":ho:", all, NULL)) != -1) {
        if (c == 'h') {
            printf("%s", usage);
            *done = true;
            return 0;
        }
        if (c == ':') {
            fprintf(stderr, "shinchoku %s: option '%s' needs a value\n", argv[0], argv[optind - 1]);
            return 2;
        }
        if (c == '?' || c >= (int)(sizeof(need) / sizeof(need[0])) || !(need[c] & accepted)) {
            fprintf(stderr, "shinchoku %s: unknown option '%s'\n%s", argv[0], argv[optind - 1],
                    usage);
            return 2;
        }
        long v = 0;
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'S':
            o->mail.smtp_url = optarg;
            break;
        case 'F':
            o->mail.from = optarg;
            break;
        case 'B':
            o->mail.base_url = optarg;
            break;
        case 'm':
            o->demo = true;
            break;
        case 'p':
            if ((v = parse_number(optarg, 1, 65535)) < 0) {
                fprintf(stderr, "shinchoku %s: --port takes a number from 1 to 65535, not '%s'\n",
                        argv[0], optarg);
                return 2;
            }
            o->port = (int)v;
            break;
        case 't':
            if ((v = parse_number(optarg, 1, 256)) < 0) {
                fprintf(stderr, "shinchoku %s: --threads takes a number from 1 to 256, not '%s'\n",
                        argv[0], optarg);
                return 2;
            }
            o->threads = (int)v;
            break;
        case 'g':
        case 's':
            if ((v = parse_number(optarg, 1, 100000)) < 0) {
                fprintf(stderr, "shinchoku %s: --%s takes a number from 1 to 100000, not '%s'\n",
                        argv[0], c == 'g' ? "generate" : "seed", optarg);
                return 2;
            }
            *(c == 'g' ? &o->generate : &o->seed) = (int)v;
            break;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "shinchoku %s: unexpected argument '%s'\n%s", argv[0], argv[optind], usage);
        return 2;
    }
    return 0;
}

static int require_db(const Opts *o, const char *cmd, const char *usage)
{
    if (o->db)
        return 0;
    fprintf(stderr, "shinchoku %s: --db FILE is required\n%s", cmd, usage);
    return 2;
}

static int serve(const Opts *o)
{
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    download_set_slots(threads > 1 ? threads - 1 : 1);
    if (o->mail.smtp_url && (!o->mail.from || !account_valid_email(o->mail.from))) {
        fprintf(stderr, "shinchoku: --smtp needs --mail-from ADDRESS\n");
        return 2;
    }
    remind_configure(&o->mail);
    ServeOptions so = {
        .db_url = o->db, .listen = o->listen, .port = o->port, .threads = o->threads};
    return http_serve(&so, app_dispatch);
}

int cmd_init(int argc, char **argv)
{
    const char *usage =
        "usage: shinchoku init --db FILE [--demo | --generate N [--seed S]]\n"
        "Creates the database FILE, or brings it to the latest schema. Into an empty\n"
        "database, --demo loads the demo plan and --generate N a generated plan of N\n"
        "initiatives with five years of answers.\n";
    Opts o = {.seed = 1};
    bool done;
    int rc = parse(argc, argv, OPT_DB | OPT_GENERATE | OPT_DEMO, usage, &o, &done);
    if (rc || done || (rc = require_db(&o, "init", usage)))
        return rc;
    Db *db = o.generate ? cli_open_generated(o.db, o.generate, (uint64_t)o.seed)
                        : cli_open_db(o.db, true, o.demo);
    if (!db)
        return 1;
    db_close(db);
    printf("database ready: %s\n", o.db);
    return 0;
}

int cmd_migrate(int argc, char **argv)
{
    const char *usage =
        "usage: shinchoku migrate --db FILE|URL\n"
        "Brings the database to the latest schema and nothing else: a SQLite file (made\n"
        "if missing) or a PostgreSQL database (postgresql://... or \"host=... dbname=...\",\n"
        "made beforehand by its administrator).\n";
    Opts o = {0};
    bool done;
    int rc = parse(argc, argv, OPT_DB, usage, &o, &done);
    if (rc || done || (rc = require_db(&o, "migrate", usage)))
        return rc;
    char *err = NULL;
    Db *db = db_open(o.db, DB_OPEN_CREATE, &err);
    if (!db) {
        fprintf(stderr, "shinchoku migrate: %s\n", err);
        free(err);
        return 1;
    }
    int applied = migrate_apply(db);
    int version = applied >= 0 ? migrate_version(db) : -1;
    db_close(db);
    if (applied < 0) {
        fprintf(stderr, "shinchoku migrate: could not migrate %s\n", o.db);
        return 1;
    }
    printf("schema version %d (%d migrations applied)\n", version, applied);
    return 0;
}

int cmd_backup(int argc, char **argv)
{
    const char *usage =
        "usage: shinchoku backup --db FILE -o COPY\n"
        "Copies the SQLite database FILE into the new file COPY while the server may go on\n"
        "writing: one consistent snapshot, written whole or not at all. A PostgreSQL\n"
        "database is backed up with pg_dump (README: PostgreSQL).\n";
    Opts o = {0};
    bool done;
    int rc = parse(argc, argv, OPT_DB | OPT_OUT, usage, &o, &done);
    if (rc || done || (rc = require_db(&o, "backup", usage)))
        return rc;
    if (!o.out) {
        fprintf(stderr, "shinchoku backup: -o COPY is required\n%s", usage);
        return 2;
    }
    char *err = NULL;
    Db *db = db_open(o.db, DB_OPEN_EXISTING, &err);
    if (db && db_backup(db, o.out, &err) == 0) {
        db_close(db);
        printf("backed up %s to %s\n", o.db, o.out);
        return 0;
    }
    fprintf(stderr, "shinchoku backup: %s\n", err ? err : "failed");
    free(err);
    if (db)
        db_close(db);
    return 1;
}

int cmd_demo(int argc, char **argv)
{
    const char *usage =
        "usage: shinchoku demo [--db FILE] [--port N] [--listen ADDR] [--threads N]\n"
        "                      [--generate N [--seed S]] [--smtp URL --mail-from ADDR]\n"
        "Creates FILE with the demo plan if it is missing (default demo.db), then serves\n"
        "it (default http://127.0.0.1:8080/). --generate N makes a plan of N initiatives\n"
        "with five years of answers instead (the same S gives the same plan), for\n"
        "benchmarks and trials.\n";
    Opts o = {.db = "demo.db", .listen = "127.0.0.1", .port = 8080, .seed = 1};
    bool done;
    int rc =
        parse(argc, argv, OPT_DB | OPT_PORT | OPT_LISTEN | OPT_THREADS | OPT_GENERATE | OPT_MAIL,
              usage, &o, &done);
    if (rc || done)
        return rc;
    Db *db = o.generate ? cli_open_generated(o.db, o.generate, (uint64_t)o.seed)
                        : cli_open_db(o.db, true, true);
    if (!db)
        return 1;
    db_close(db);
    return serve(&o);
}

int cmd_serve(int argc, char **argv)
{
    const char *usage =
        "usage: shinchoku serve --db FILE [--port N] [--listen ADDR] [--threads N]\n"
        "         [--smtp smtp://HOST:PORT --mail-from ADDRESS [--base-url URL]]\n"
        "Serves the database FILE over HTTP (default 127.0.0.1 port 8080, one worker\n"
        "thread per core). Stops on SIGINT or SIGTERM. With --smtp, the secretariat can\n"
        "send reminders by e-mail; --base-url is how people reach this server, for links.\n";
    Opts o = {.listen = "127.0.0.1", .port = 8080};
    bool done;
    int rc = parse(argc, argv, OPT_DB | OPT_PORT | OPT_LISTEN | OPT_THREADS | OPT_MAIL, usage, &o,
                   &done);
    if (rc || done || (rc = require_db(&o, "serve", usage)))
        return rc;
    Db *db = cli_open_db(o.db, false, false);
    if (!db)
        return 1;
    db_close(db);
    return serve(&o);
}

int cmd_http(int argc, char **argv)
{
    const char *usage = "usage: shinchoku http --db FILE < request\n"
                        "Reads one HTTP request on standard input and writes the response on\n"
                        "standard output, without a socket: for tests and debugging.\n";
    Opts o = {0};
    bool done;
    int rc = parse(argc, argv, OPT_DB, usage, &o, &done);
    if (rc || done || (rc = require_db(&o, "http", usage)))
        return rc;
    log_set_quiet(1);
    Db *db = cli_open_db(o.db, false, false);
    if (!db)
        return 1;
    rc = http_stdin(stdin, stdout, db, "stdin", app_dispatch);
    db_close(db);
    return rc;
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("shinchoku %s\n", SHINCHOKU_VERSION);
    return 0;
}
