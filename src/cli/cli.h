/* The subcommands of `shinchoku`, in the style of git. Each takes its own
 * argv (argv[0] is the subcommand's name) and returns the exit code: 0 for
 * success, 1 for a failure, 2 for a usage error. */
#ifndef CLI_CLI_H
#define CLI_CLI_H
#include <stdbool.h>
#include <stdint.h>
#include "store/db.h"

int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_http(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_workbook(int argc, char **argv);
int cmd_upload(int argc, char **argv);

/* Opens (creating if asked) and migrates the database; loads the demo plan
 * into it when with_demo and it has no plan. Returns the connection or NULL
 * (the reason printed). Shared by init, demo and the tests. */
Db *cli_open_db(const char *url, bool create, bool with_demo);
/* Like cli_open_db, but a database without a plan gets a generated one of n
 * initiatives (model/generate.h). */
Db *cli_open_generated(const char *url, int n, uint64_t seed);

#endif
