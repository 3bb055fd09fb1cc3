/* Fresh databases for tests: each test binary works in its own temporary
 * directory, removed at the end. */
#ifndef TESTDB_H
#define TESTDB_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"

static char test_dir[256];

/* Makes the temporary directory once; returns a path inside it. */
static inline const char *test_path(const char *name)
{
    static char path[512];
    if (!test_dir[0]) {
        const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(test_dir, sizeof(test_dir), "%s/shinchoku-test-XXXXXX", tmp);
        if (!mkdtemp(test_dir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    snprintf(path, sizeof(path), "%s/%s", test_dir, name);
    return path;
}

static inline void test_cleanup(void)
{
    if (test_dir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", test_dir);
    }
}

/* A new migrated database, with the demo plan if asked. */
static inline Db *test_db(const char *name, bool demo)
{
    const char *path = test_path(name);
    unlink(path);
    Db *db = cli_open_db(path, true, demo);
    if (!db) {
        fprintf(stderr, "cannot create test database %s\n", path);
        exit(2);
    }
    return db;
}

#endif
