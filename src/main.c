/* shinchoku: progress management of municipal plans. One binary, subcommands
 * in the style of git. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

typedef struct Command {
    const char *name;                  /* as typed */
    int (*run)(int argc, char **argv); /* argv[0] is the name */
    const char *summary;               /* one line for the help */
} Command;

static const Command commands[] = {
    {"demo", cmd_demo, "create the demo database if missing, then serve it"},
    {"init", cmd_init, "create a database, or bring it to the latest schema"},
    {"migrate", cmd_migrate, "bring a database (SQLite or PostgreSQL) to the latest schema"},
    {"backup", cmd_backup, "copy a SQLite database to a new file while it is in use"},
    {"serve", cmd_serve, "serve a database over HTTP"},
    {"http", cmd_http, "answer one HTTP request read on standard input"},
    {"export", cmd_export, "write a plan's progress sheet as xlsx, pdf, csv or html"},
    {"import", cmd_import, "load a progress sheet (xlsx or csv) into a plan"},
    {"user", cmd_user, "manage accounts: add, list, passwd, disable, enable, grant, revoke"},
    {"round", cmd_round, "manage rounds of answers: open, list, extend, close, reopen"},
    {"workbook", cmd_workbook, "write a section's answer workbook (xlsx) for an open round"},
    {"upload", cmd_upload, "read a filled answer workbook back, with a report per row"},
    {"version", cmd_version, "print the version"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: shinchoku <command> [options]   (shinchoku <command> --help)\n\n");
    for (const Command *c = commands; c->name; c++)
        fprintf(out, "  %-8s %s\n", c->name, c->summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(0, NULL);
    for (const Command *c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "shinchoku: '%s' is not a command\n\n", argv[1]);
    usage(stderr);
    return 2;
}
