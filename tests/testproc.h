/* Running programs from tests (the built binary, LibreOffice, poppler, node)
 * and reading what they wrote. */
#ifndef TESTPROC_H
#define TESTPROC_H
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "base/buf.h"

extern char **environ;

/* Runs argv (found on PATH when argv[0] has no slash) with standard input,
 * output and error from/to the given files (NULL: /dev/null). Returns the exit
 * code, or -1 if it could not run or was killed. */
static inline int test_spawn(char *const argv[], const char *in, const char *out, const char *err)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&fa, 2, err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid;
    int status = -1;
    if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0)
        waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The whole file, NUL-terminated (empty if it cannot be read); *len (if
 * given) gets its size. The caller frees it. */
static inline char *test_slurp(const char *path, size_t *len)
{
    Buf b = BUF_INIT;
    FILE *f = fopen(path, "rb");
    if (f) {
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
            buf_append(&b, chunk, n);
        fclose(f);
    }
    if (len)
        *len = b.len;
    return buf_take(&b);
}

#endif
