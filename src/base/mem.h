/* Allocation that never returns NULL: out of memory ends the process, so that
 * no caller needs an error path for it (see STYLE.md, "Errors and memory"). */
#ifndef BASE_MEM_H
#define BASE_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
