/* Arena: memory for one request (or one command), freed all at once at its end,
 * so that handlers never free what they allocate. */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head; /* newest block first; NULL before the first allocation */
    size_t used;      /* total bytes handed out, for limits and statistics */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);             /* frees every allocation; a is ready for reuse */
void *arena_alloc(Arena *a, size_t n); /* zeroed, aligned for any type */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define ARENA_NEW(a, type)      ((type *)arena_alloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_alloc((a), sizeof(type) * (n)))

/* Makes room for one more element in arr (n used, cap allocated) by
 * doubling it in the arena; call before arr[n++] = .... */
#define ARENA_GROW(arena, arr, n, cap, type)                                                       \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            int newcap_ = (cap) ? (cap)*2 : 8;                                                     \
            type *more_ = ARENA_ARRAY((arena), type, newcap_);                                     \
            if (n)                                                                                 \
                memcpy(more_, (arr), sizeof(type) * (size_t)(n));                                  \
            (arr) = more_;                                                                         \
            (cap) = newcap_;                                                                       \
        }                                                                                          \
    } while (0)

#endif
