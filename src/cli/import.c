/* shinchoku import: a progress sheet (XLSX or CSV) loaded as a new plan, all
 * or nothing; --dry-run shows what would be loaded and every problem. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/era.h"
#include "base/log.h"
#include "cli/cli.h"
#include "import/sheet_import.h"

static const char usage[] =
    "usage: shinchoku import --db FILE --new-plan TITLE FILE.xlsx|FILE.csv\n"
    "         [--from-fy YEAR --to-fy YEAR] [--dry-run]\n"
    "Reads a progress sheet in the layout `shinchoku export` writes and creates a\n"
    "new plan from it in one transaction. The plan's period is the fiscal years the\n"
    "file has unless --from-fy and --to-fy give it (2019, 令和元年度 ...). --dry-run\n"
    "prints what would be created and every problem, and writes nothing.\n";

static int parse_fy(const char *opt, const char *text, int *fy)
{
    if (era_parse_fiscal_year(text, fy) != 0) {
        fprintf(stderr, "shinchoku import: %s: '%s' is not a fiscal year\n", opt, text);
        return 2;
    }
    return 0;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"new-plan", required_argument, NULL, 'n'},
        {"from-fy", required_argument, NULL, 'f'},
        {"to-fy", required_argument, NULL, 't'},
        {"dry-run", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_path = NULL;
    ImportOptions o = {0};
    bool dry_run = false;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_path = optarg;
            break;
        case 'n':
            o.title = optarg;
            break;
        case 'f':
            if (parse_fy("--from-fy", optarg, &o.from_fy))
                return 2;
            break;
        case 't':
            if (parse_fy("--to-fy", optarg, &o.to_fy))
                return 2;
            break;
        case 'r':
            dry_run = true;
            break;
        case 'h':
            printf("%s", usage);
            return 0;
        case ':':
            fprintf(stderr, "shinchoku import: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "shinchoku import: unknown option '%s'\n%s", argv[optind - 1], usage);
            return 2;
        }
    }
    if (!db_path || !o.title || !*o.title || optind != argc - 1) {
        fprintf(stderr, "shinchoku import: --db, --new-plan and one file are required\n%s", usage);
        return 2;
    }
    const char *file = argv[optind];
    log_set_quiet(1);
    Db *db = cli_open_db(db_path, false, false);
    if (!db)
        return 1;
    ImportResult r;
    int64_t plan_id = 0;
    Err e = sheet_import_file(db, file, &o, dry_run, &r, &plan_id);
    if (dry_run || e == ERR_OK)
        printf("%s: %d directions, %d initiatives, %d projects, %d answers\n", file, r.ndirections,
               r.ninitiatives, r.nprojects, r.nanswers);
    for (int i = 0; i < r.nproblems; i++)
        fprintf(dry_run ? stdout : stderr, "%s\n", r.problems[i]);
    int rc = 0;
    if (e != ERR_OK) {
        fprintf(stderr, "shinchoku import: %s refused, nothing written\n", file);
        rc = 1;
    } else if (dry_run) {
        printf("dry run: nothing written\n");
    } else {
        printf("created plan %lld\n", (long long)plan_id);
    }
    import_result_free(&r);
    db_close(db);
    return rc;
}
