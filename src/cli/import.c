/* shinchoku import: a progress sheet (XLSX or CSV) loaded as a new plan, all
 * or nothing; --dry-run shows what would be loaded and every problem. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/era.h"
#include "base/log.h"
#include "cli/cli.h"
#include "import/sheet_import.h"

static const char usage[] =
    "usage: shinchoku import --db FILE (--new-plan TITLE | --plan ID) FILE.xlsx|FILE.csv\n"
    "         [--map MAPPING.json] [--show-map] [--from-fy YEAR --to-fy YEAR] [--dry-run]\n"
    "         [--lang ja|en]\n"
    "Reads a progress sheet (the layout `shinchoku export` writes, or a city's own with\n"
    "a mapping of its columns) and creates a new plan from it, or merges it into plan ID\n"
    "(initiatives by number, projects by section and name, answers by year and field),\n"
    "all in one transaction. The header row and the meaning of each column are found\n"
    "from the headings unless --map gives them; --show-map prints the mapping used, as\n"
    "JSON to edit and pass back with --map next time. A new plan's period is the fiscal\n"
    "years the file has unless --from-fy and --to-fy give it (2019, 令和元年度 ...).\n"
    "--dry-run prints what would be created, updated and left alone, and every\n"
    "problem, and writes nothing.\n";

static int parse_fy(const char *opt, const char *text, int *fy)
{
    if (era_parse_fiscal_year(text, fy) != 0) {
        fprintf(stderr, "shinchoku import: %s: '%s' is not a fiscal year\n", opt, text);
        return 2;
    }
    return 0;
}

/* The file's bytes, NUL-terminated (malloc'd), their number in *len (may be
 * NULL); NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    if (len)
        *len = b.len;
    buf_putc(&b, '\0');
    return buf_take(&b);
}

static void print_counts(const PlanLoadCounts *c)
{
    static const char *const kinds[PL_KINDS] = {"directions", "initiatives", "projects", "answers"};
    for (int k = 0; k < PL_KINDS; k++)
        printf("  %-12s %5d created, %5d updated, %5d left alone\n", kinds[k], c->created[k],
               c->updated[k], c->unchanged[k]);
}

/* The suggested (or given) mapping of the file, printed as JSON. */
static int show_map(const char *file, const char *mapping_json)
{
    ImportResult r;
    import_result_init(&r);
    size_t len = 0;
    char *data = read_file(file, &len);
    int rc = 1;
    Table t;
    ImportMapping m;
    if (data && sheet_import_read(file, data, len, &t, &r) == ERR_OK &&
        (mapping_json ? import_mapping_from_json(mapping_json, &t, &m, &r) == ERR_OK
                      : import_mapping_suggest(&t, &m, &r))) {
        char *json = import_mapping_to_json(&t, &m);
        printf("%s\n", json);
        free(json);
        rc = 0;
    }
    for (int i = 0; i < r.nproblems; i++) {
        char *text = import_problem_text(&r.problems[i], LANG_EN);
        fprintf(stderr, "%s\n", text);
        free(text);
    }
    free(data);
    import_result_free(&r);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"new-plan", required_argument, NULL, 'n'},
        {"plan", required_argument, NULL, 'p'},
        {"map", required_argument, NULL, 'm'},
        {"show-map", no_argument, NULL, 's'},
        {"from-fy", required_argument, NULL, 'f'},
        {"to-fy", required_argument, NULL, 't'},
        {"dry-run", no_argument, NULL, 'r'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_path = NULL, *map_path = NULL;
    ImportOptions o = {0};
    bool dry_run = false, show = false;
    Lang lang = LANG_EN;
    optind = 1;
    opterr = 0;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_path = optarg;
            break;
        case 'n':
            o.title = optarg;
            break;
        case 'p':
            o.into_plan = strtoll(optarg, &end, 10);
            if (*end || o.into_plan <= 0) {
                fprintf(stderr, "shinchoku import: --plan: '%s' is not a plan id\n", optarg);
                return 2;
            }
            break;
        case 'm':
            map_path = optarg;
            break;
        case 's':
            show = true;
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
        case 'l':
            lang = lang_from_code(optarg);
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
    char *mapping = NULL;
    if (map_path && !(mapping = read_file(map_path, NULL))) {
        fprintf(stderr, "shinchoku import: --map: %s cannot be read\n", map_path);
        return 2;
    }
    if (show && optind == argc - 1) {
        int rc = show_map(argv[optind], mapping);
        free(mapping);
        return rc;
    }
    bool one_target = (o.title && *o.title) != (o.into_plan != 0);
    if (!db_path || !one_target || optind != argc - 1) {
        fprintf(stderr,
                "shinchoku import: --db, one of --new-plan or --plan, and one file are"
                " required\n%s",
                usage);
        free(mapping);
        return 2;
    }
    const char *file = argv[optind];
    log_set_quiet(1);
    Db *db = cli_open_db(db_path, false, false);
    if (!db) {
        free(mapping);
        return 1;
    }
    ImportResult r;
    PlanLoadCounts counts = {0};
    int64_t plan_id = 0;
    Err e = sheet_import_file(db, file, mapping, &o, dry_run, &r, &counts, &plan_id);
    if (e == ERR_OK) {
        printf("%s: %d directions, %d initiatives, %d projects, %d answers\n", file, r.ndirections,
               r.ninitiatives, r.nprojects, r.nanswers);
        print_counts(&counts);
    }
    for (int i = 0; i < r.nproblems; i++) {
        char *text = import_problem_text(&r.problems[i], lang);
        fprintf(dry_run ? stdout : stderr, "%s\n", text);
        free(text);
    }
    int rc = 0;
    if (e != ERR_OK) {
        fprintf(stderr, "shinchoku import: %s refused, nothing written\n", file);
        rc = 1;
    } else if (dry_run) {
        printf("dry run: nothing written\n");
    } else if (o.into_plan) {
        printf("merged into plan %lld\n", (long long)plan_id);
    } else {
        printf("created plan %lld\n", (long long)plan_id);
    }
    import_result_free(&r);
    free(mapping);
    db_close(db);
    return rc;
}
