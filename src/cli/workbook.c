/* shinchoku workbook / upload: a section's answer workbook (課の回答用Excel)
 * written from the command line, and a filled one read back with a report
 * per row. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/log.h"
#include "cli/cli.h"
#include "export/section_book.h"
#include "import/section_upload.h"
#include "model/account.h"

static const char workbook_usage[] =
    "usage: shinchoku workbook --db FILE --round ID --section ID [-o FILE] [--lang ja|en]\n"
    "Writes the answer workbook of one section for an open round: a row per project\n"
    "of the section, last year's confirmed answers beside the answer cells, the only\n"
    "cells that can be changed. Without -o it is named 回答_<round>_<section>.xlsx;\n"
    "-o - writes to standard output.\n";

static const char upload_usage[] =
    "usage: shinchoku upload --db FILE --round ID --as LOGIN [--submit] [--lang ja|en]\n"
    "         FILE.xlsx\n"
    "Reads a filled answer workbook and saves its changed rows as drafts (or submits\n"
    "them with --submit) as the account LOGIN, with its rights. Prints a line per\n"
    "row; exits 1 if the file or any row was refused or in conflict.\n";

typedef struct Args {
    const char *db, *round, *section, *out, *lang, *login;
    bool submit; /* upload --submit */
    const char *file;
} Args;

/* Parses the options both commands share; 0, 2 (usage) or -1 (--help). */
static int parse(const char *cmd, const char *usage, int argc, char **argv, Args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"round", required_argument, NULL, 'r'},
        {"section", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"as", required_argument, NULL, 'a'},
        {"submit", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            a->db = optarg;
            break;
        case 'r':
            a->round = optarg;
            break;
        case 's':
            a->section = optarg;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'l':
            a->lang = optarg;
            break;
        case 'a':
            a->login = optarg;
            break;
        case 'S':
            a->submit = true;
            break;
        case 'h':
            printf("%s", usage);
            return -1;
        case ':':
            fprintf(stderr, "shinchoku %s: option '%s' needs a value\n", cmd, argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "shinchoku %s: unknown option '%s'\n%s", cmd, argv[optind - 1], usage);
            return 2;
        }
    }
    if (optind < argc)
        a->file = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "shinchoku %s: unexpected argument '%s'\n%s", cmd, argv[optind], usage);
        return 2;
    }
    if (a->lang && strcmp(a->lang, "ja") != 0 && strcmp(a->lang, "en") != 0) {
        fprintf(stderr, "shinchoku %s: --lang is ja or en\n", cmd);
        return 2;
    }
    return 0;
}

/* A positive id from text, or 0. */
static int64_t id_of(const char *text)
{
    char *end;
    long long v = text ? strtoll(text, &end, 10) : 0;
    return text && *text && !*end && v > 0 ? (int64_t)v : 0;
}

static int write_out(const char *path, const Buf *b)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f) {
        perror(path);
        return 1;
    }
    int rc = fwrite(b->data, 1, b->len, f) == b->len && fflush(f) == 0 ? 0 : 1;
    if (f != stdout && fclose(f) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "shinchoku workbook: could not write %s\n", path);
    return rc;
}

static int book_failed(Err e, Db *db, const Args *a, const char *err)
{
    if (e == ERR_NOT_FOUND)
        fprintf(stderr, "shinchoku workbook: round %s has no answers of section %s\n", a->round,
                a->section);
    else if (e == ERR_CONFLICT)
        fprintf(stderr, "shinchoku workbook: round %s is not open\n", a->round);
    else if (e == ERR_DB)
        fprintf(stderr, "shinchoku workbook: database error: %s\n", db_errmsg(db));
    else
        fprintf(stderr, "shinchoku workbook: %s\n", err ? err : "failed");
    return 1;
}

int cmd_workbook(int argc, char **argv)
{
    Args a = {0};
    int rc = parse("workbook", workbook_usage, argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    int64_t round_id = id_of(a.round), section_id = id_of(a.section);
    if (!a.db || !round_id || !section_id || a.file || a.login || a.submit) {
        fprintf(stderr, "shinchoku workbook: --db, --round ID and --section ID are required\n%s",
                workbook_usage);
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
    const char *name = NULL;
    Lang lang = lang_from_code(a.lang);
    /* The command line may do everything (who NULL), as `round open` does. */
    Err e = section_book_write(db, &arena, NULL, round_id, section_id, lang, &out, &name, &err);
    if (e != ERR_OK) {
        rc = book_failed(e, db, &a, err);
    } else {
        const char *path = a.out ? a.out : name;
        rc = write_out(path, &out);
        if (!rc && strcmp(path, "-") != 0)
            fprintf(stderr, "shinchoku workbook: wrote %s\n", path);
    }
    free(err);
    buf_free(&out);
    arena_free(&arena);
    db_close(db);
    return rc;
}

/* The file's bytes, or false (the reason printed). */
static bool read_file(const char *path, Buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return false;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(out, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok)
        fprintf(stderr, "shinchoku upload: could not read %s\n", path);
    return ok;
}

/* Who uploads: the account's rights, as if it had signed in. */
static bool load_principal(Db *db, Arena *arena, const char *login, Principal *p)
{
    User u;
    *p = principal_anonymous;
    if (account_by_login(db, arena, login, &u) != ERR_OK || u.disabled) {
        fprintf(stderr, "shinchoku upload: no active account '%s'\n", login);
        return false;
    }
    p->user_id = u.id;
    p->login = u.login;
    p->display_name = u.display_name;
    if (principal_load_grants(db, arena, p) != ERR_OK) {
        fprintf(stderr, "shinchoku upload: database error: %s\n", db_errmsg(db));
        return false;
    }
    return true;
}

static void print_report(Lang lang, const UploadReport *r)
{
    for (int i = 0; i < r->nrows; i++) {
        const UploadRow *row = &r->rows[i];
        char *text = section_upload_message(lang, row);
        printf("%s!%d: %s: %s\n", row->sheet, row->row, row->project, text);
        free(text);
    }
    char *summary = section_upload_summary(lang, r);
    printf("%s\n", summary);
    free(summary);
}

static int do_upload(Db *db, const Args *a, int64_t round_id, Lang lang)
{
    Arena arena;
    arena_init(&arena);
    Buf data = BUF_INIT;
    Principal who;
    int rc = 1;
    if (!read_file(a->file, &data) || !load_principal(db, &arena, a->login, &who))
        goto done;
    Actor by = {who.login, ""};
    UploadReport report;
    UploadProblem problem;
    Err e = section_upload(db, &arena, &by, &who, round_id, data.data, data.len, a->submit, &report,
                           &problem);
    if (e == ERR_INVALID || e == ERR_TOO_BIG)
        fprintf(stderr, "shinchoku upload: %s: %s\n", a->file,
                section_upload_problem_message(lang, problem));
    else if (e == ERR_NOT_FOUND)
        fprintf(stderr, "shinchoku upload: '%s' takes no part in round %s\n", a->login, a->round);
    else
        print_report(lang, &report);
    if (e == ERR_DB)
        fprintf(stderr, "shinchoku upload: database error, nothing written: %s\n", db_errmsg(db));
    rc = e == ERR_OK && report.refused == 0 ? 0 : 1;
done:
    buf_free(&data);
    arena_free(&arena);
    return rc;
}

int cmd_upload(int argc, char **argv)
{
    Args a = {0};
    int rc = parse("upload", upload_usage, argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    int64_t round_id = id_of(a.round);
    if (!a.db || !round_id || !a.login || !a.file || a.section || a.out) {
        fprintf(stderr,
                "shinchoku upload: --db, --round ID, --as LOGIN and one file are required\n%s",
                upload_usage);
        return 2;
    }
    log_set_quiet(1);
    Db *db = cli_open_db(a.db, false, false);
    if (!db)
        return 1;
    rc = do_upload(db, &a, round_id, lang_from_code(a.lang));
    db_close(db);
    return rc;
}
