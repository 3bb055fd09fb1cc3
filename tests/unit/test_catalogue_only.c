/* Every word a person reads comes from the message catalogues: no string
 * literal in the page or export code holds Japanese (or any non-ASCII) text.
 * A literal that is not shown to anyone (a glyph measured for line height)
 * says so with "catalogue: not text" in a comment on its line. argv[2] is
 * the source directory. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "testproc.h"

static const char *source_dir;

/* Reports each string literal with a byte >= 0x80 in path, outside
 * comments and character constants; returns how many. */
static int scan(const char *path)
{
    char *s = test_slurp(path, NULL);
    if (!s)
        return 1;
    int found = 0, line = 1;
    const char *line_start = s;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            line++;
            line_start = p + 1;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            for (const char *q = p; q < (end ? end : p + strlen(p)); q++)
                line += *q == '\n';
            if (!end)
                break;
            p = end + 1;
        } else if (p[0] == '/' && p[1] == '/') {
            while (p[1] && p[1] != '\n')
                p++;
        } else if (*p == '\'') {
            p++;
            while (*p && *p != '\'')
                p += *p == '\\' ? 2 : 1;
        } else if (*p == '"') {
            const char *start = p++;
            bool wide = false;
            while (*p && *p != '"') {
                wide |= (unsigned char)*p >= 0x80;
                p += *p == '\\' ? 2 : 1;
            }
            const char *eol = strchr(line_start, '\n');
            size_t n = eol ? (size_t)(eol - line_start) : strlen(line_start);
            char *l = strndup(line_start, n);
            if (wide && !strstr(l, "catalogue: not text")) {
                fprintf(stderr, "  %s:%d: %.*s\n", path, line, (int)(p - start + 1), start);
                found++;
            }
            free(l);
        }
    }
    free(s);
    return found;
}

static void test_no_text_outside_the_catalogues(void)
{
    const char *dirs[] = {"src/pages", "src/export"};
    for (size_t d = 0; d < 2; d++) {
        char dir[1024];
        snprintf(dir, sizeof(dir), "%s/%s", source_dir, dirs[d]);
        DIR *h = opendir(dir);
        CHECK(h != NULL);
        struct dirent *e;
        while (h && (e = readdir(h)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
                continue;
            char path[2048];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            CHECK_INT(scan(path), 0);
        }
        if (h)
            closedir(h);
    }
}

int main(int argc, char **argv)
{
    source_dir = argc > 2 ? argv[2] : ".";
    TEST_RUN(test_no_text_outside_the_catalogues);
    return TEST_DONE("catalogue_only");
}
