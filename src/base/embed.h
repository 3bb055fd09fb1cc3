/* Files compiled into the binary by cmake/embed.cmake. */
#ifndef BASE_EMBED_H
#define BASE_EMBED_H
#include <stddef.h>

typedef struct EmbeddedFile {
    const char *name;          /* path relative to its folder, e.g. "style.css" */
    const unsigned char *data; /* contents, followed by one NUL byte */
    size_t size;               /* size in bytes, without the NUL */
} EmbeddedFile;

/* Tables end with a {NULL, NULL, 0} entry. */
extern const EmbeddedFile migrations_files[];
extern const EmbeddedFile assets_files[];
extern const EmbeddedFile demo_files[];

/* The file called name in table, or NULL. */
const EmbeddedFile *embed_find(const EmbeddedFile *table, const char *name);

#endif
