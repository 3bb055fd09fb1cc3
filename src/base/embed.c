#include <string.h>
#include "base/embed.h"

const EmbeddedFile *embed_find(const EmbeddedFile *table, const char *name)
{
    for (const EmbeddedFile *f = table; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
