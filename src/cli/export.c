/* shinchoku export: the sheet as a file from the command line, with the same
 * selection as the page. Progress goes to stderr, the file to -o (or a name
 * made from the sheet's title). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/log.h"
#include "cli/cli.h"
#include "export/export.h"
#include "model/indicator.h"
#include "model/summary.h"

static const char usage[] =
    "usage: shinchoku export --db FILE --plan ID --format xlsx|pdf|csv|html\n"
    "         [--years 2019,2020] [--direction ID] [--bureau NAME] [--section NAME]\n"
    "         [--era japanese|western] [--encoding utf-8|cp932] [--replace TEXT]\n"
    "         [--what sheet|summary|indicators] [--examples] [--lang ja|en] [-o FILE]\n"
    "Writes the plan's progress sheet. Without -o the file is named after the sheet\n"
    "(進捗管理シート_<plan>_<years>.<format>) in the current directory; -o - writes to\n"
    "standard output. --replace gives the text written for a character that CP932\n"
    "lacks (without it such a character is an error naming its row and column).\n"
    "--examples puts a 記入例 row (each field's example) first. --what (CSV only) writes\n"
    "the summary (集計) or the indicators (評価指標) instead of the sheet, each a CSV\n"
    "of its own (the file's name ends in _集計 or _評価指標).\n";

typedef struct ExportArgs {
    const char *db, *plan, *format, *years, *direction, *bureau, *section, *era, *encoding,
        *replace, *lang, *out, *what;
    bool examples; /* --examples: the 記入例 row first */
} ExportArgs;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress on stderr: a line that updates itself on a terminal, a line per
 * tenth otherwise (logs of scheduled jobs stay short). */
static void show_progress(void *ctx, int done, int total)
{
    (void)ctx;
    if (isatty(2)) {
        fprintf(stderr, "\rshinchoku export: %d / %d pages%s", done, total,
                done == total ? "\n" : "");
    } else if (total >= 10 && done % (total / 10) == 0) {
        fprintf(stderr, "shinchoku export: %d / %d pages\n", done, total);
    }
}

static int parse_args(int argc, char **argv, ExportArgs *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"plan", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},
        {"years", required_argument, NULL, 'y'},
        {"direction", required_argument, NULL, 'r'},
        {"bureau", required_argument, NULL, 'b'},
        {"section", required_argument, NULL, 's'},
        {"era", required_argument, NULL, 'e'},
        {"encoding", required_argument, NULL, 'c'},
        {"replace", required_argument, NULL, 'x'},
        {"lang", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'},
        {"what", required_argument, NULL, 'w'},
        {"examples", no_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        const char **slot[] = {
            ['d'] = &a->db,        ['p'] = &a->plan,    ['f'] = &a->format,  ['y'] = &a->years,
            ['r'] = &a->direction, ['b'] = &a->bureau,  ['s'] = &a->section, ['e'] = &a->era,
            ['c'] = &a->encoding,  ['x'] = &a->replace, ['l'] = &a->lang,    ['o'] = &a->out,
            ['w'] = &a->what};
        if (c == 'h') {
            printf("%s", usage);
            return -1;
        }
        if (c == 'E') {
            a->examples = true;
            continue;
        }
        if (c == ':') {
            fprintf(stderr, "shinchoku export: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        }
        if (c < 0 || c >= (int)(sizeof(slot) / sizeof(slot[0])) || !slot[c]) {
            fprintf(stderr, "shinchoku export: unknown option '%s'\n%s", argv[optind - 1], usage);
            return 2;
        }
        *slot[c] = optarg;
    }
    if (optind < argc) {
        fprintf(stderr, "shinchoku export: unexpected argument '%s'\n%s", argv[optind], usage);
        return 2;
    }
    if (!a->db || !a->plan || !a->format) {
        fprintf(stderr, "shinchoku export: --db, --plan and --format are required\n%s", usage);
        return 2;
    }
    return 0;
}

/* The id of the unit called name in the sheet (a bureau, or a section). */
static int64_t unit_named(const Sheet *s, const char *name, bool section)
{
    for (int i = 0; i < s->nunits; i++)
        if ((s->units[i].parent_id != 0) == section && strcmp(s->units[i].name, name) == 0)
            return s->units[i].id;
    return 0;
}

/* Builds the query from the arguments; the names of units need the sheet. */
static int build_query(Db *db, Arena *arena, const ExportArgs *a, int64_t plan_id, SheetQuery *q,
                       EraStyle *era)
{
    memset(q, 0, sizeof(*q));
    *era = ERA_JAPANESE;
    if (a->years) {
        for (const char *p = a->years; *p;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            char one[64];
            int fy;
            snprintf(one, sizeof(one), "%.*s", (int)(n < 63 ? n : 63), p);
            if (q->nyears == SHEET_MAX_YEARS || era_parse_fiscal_year(one, &fy) != 0) {
                fprintf(stderr, "shinchoku export: --years: '%s' is not a fiscal year\n", one);
                return 2;
            }
            q->years[q->nyears++] = fy;
            p = comma ? comma + 1 : p + n;
        }
    }
    if (a->direction && (q->direction_id = strtoll(a->direction, NULL, 10)) <= 0) {
        fprintf(stderr, "shinchoku export: --direction takes a direction's id\n");
        return 2;
    }
    q->examples = a->examples;
    if (a->era && strcmp(a->era, "western") == 0)
        *era = ERA_WESTERN;
    else if (a->era && strcmp(a->era, "japanese") != 0) {
        fprintf(stderr, "shinchoku export: --era is japanese or western\n");
        return 2;
    }
    if (a->bureau || a->section) {
        Sheet all;
        const char *bad;
        SheetQuery plain = *q;
        plain.direction_id = 0;
        if (sheet_load(db, arena, plan_id, &plain, &all, &bad) != ERR_OK)
            return 0; /* the real load below reports it */
        if (a->bureau && !(q->bureau_id = unit_named(&all, a->bureau, false))) {
            fprintf(stderr, "shinchoku export: no project of this plan is in bureau '%s'\n",
                    a->bureau);
            return 2;
        }
        if (a->section && !(q->section_id = unit_named(&all, a->section, true))) {
            fprintf(stderr, "shinchoku export: no project of this plan is in section '%s'\n",
                    a->section);
            return 2;
        }
    }
    return 0;
}

static int write_file(const char *path, const Buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t n = fwrite(b->data, 1, b->len, f);
    int rc = (n == b->len && fflush(f) == 0) ? 0 : 1;
    if (f != stdout && fclose(f) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "shinchoku export: could not write %s\n", path);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    ExportArgs a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    ExportFormat format;
    if (!export_format_parse(a.format, &format)) {
        fprintf(stderr, "shinchoku export: --format is xlsx, pdf, csv or html, not '%s'\n",
                a.format);
        return 2;
    }
    CsvContent what;
    if (!export_csv_content_parse(a.what, &what) || (what != CSV_SHEET && format != EXPORT_CSV)) {
        fprintf(stderr, "shinchoku export: --what is sheet, summary or indicators, with --format "
                        "csv only\n");
        return 2;
    }
    CsvOptions csv = {CSV_UTF8_BOM, a.replace};
    if (a.encoding && strcmp(a.encoding, "cp932") == 0)
        csv.encoding = CSV_CP932;
    else if (a.encoding && strcmp(a.encoding, "utf-8") != 0) {
        fprintf(stderr, "shinchoku export: --encoding is utf-8 or cp932\n");
        return 2;
    }
    char *end;
    int64_t plan_id = strtoll(a.plan, &end, 10);
    if (*end || plan_id <= 0) {
        fprintf(stderr, "shinchoku export: --plan takes a plan's id (see /api/v1/plans)\n");
        return 2;
    }
    log_set_quiet(1);
    Db *db = cli_open_db(a.db, false, false);
    if (!db)
        return 1;
    Arena arena;
    arena_init(&arena);
    Buf out = BUF_INIT;
    char *err = NULL;
    double t0 = now_seconds();
    SheetQuery q;
    EraStyle era;
    Sheet s;
    const char *bad = NULL;
    rc = build_query(db, &arena, &a, plan_id, &q, &era);
    Err e = rc ? ERR_INVALID : sheet_load(db, &arena, plan_id, &q, &s, &bad);
    if (!rc && e == ERR_NOT_FOUND) {
        fprintf(stderr, "shinchoku export: there is no plan %lld\n", (long long)plan_id);
        rc = 1;
    } else if (!rc && e == ERR_INVALID) {
        fprintf(stderr, "shinchoku export: --%s is not valid for this plan\n", bad);
        rc = 2;
    } else if (!rc && e != ERR_OK) {
        fprintf(stderr, "shinchoku export: database error: %s\n", db_errmsg(db));
        rc = 1;
    }
    if (rc)
        goto done;
    int rows = 0;
    for (int i = 0; i < s.ninitiatives; i++)
        rows += s.initiatives[i].nprojects;
    fprintf(stderr, "shinchoku export: %s: %d initiatives, %d project rows, %d years\n", s.title,
            s.ninitiatives, rows, s.nyears);
    SheetLayout l;
    Lang lang = a.lang && strcmp(a.lang, "en") == 0 ? LANG_EN : LANG_JA;
    sheet_layout(&s, &(ExportOptions){era, lang, show_progress, NULL}, &arena, &l);
    /* The XLSX's worksheets and the PDF's pages after the sheet, or the
     * CSV asked for; the sheet's CSV has neither. */
    bool csv_only = format == EXPORT_CSV;
    Summary sum;
    if ((!csv_only || what == CSV_SUMMARY) && summary_load(db, &arena, &s, &sum) == ERR_OK)
        l.summary = &sum;
    IndicatorSet ind;
    if ((!csv_only || what == CSV_INDICATORS) &&
        indicators_load(db, &arena, NULL, s.plan_id, s.years, s.nyears, &ind) == ERR_OK)
        l.indicators = &ind;
    fprintf(stderr, "shinchoku export: writing %s ...\n", export_format_name(format));
    Err written = csv_only ? export_csv_of(&l, &csv, what, &out, &err)
                           : export_write(&l, format, &csv, &out, &err);
    if (written != ERR_OK) {
        fprintf(stderr, "shinchoku export: %s\n", err ? err : "failed");
        rc = 1;
        goto done;
    }
    const char *path = a.out      ? a.out
                       : csv_only ? export_csv_file_name(&l, what, &arena)
                                  : export_file_name(&l, format, &arena);
    rc = write_file(path, &out);
    if (!rc && strcmp(path, "-") != 0)
        fprintf(stderr, "shinchoku export: wrote %s (%.1f KB) in %.2f s\n", path,
                (double)out.len / 1024.0, now_seconds() - t0);
done:
    free(err);
    buf_free(&out);
    arena_free(&arena);
    db_close(db);
    return rc;
}
