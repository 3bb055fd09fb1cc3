/* The organisation as a list: bureaus and wards, each followed by its
 * sections, in the city's own order, named as in a given fiscal year. */
#ifndef MODEL_ORG_H
#define MODEL_ORG_H
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

typedef struct OrgUnit {
    int64_t id;        /* org_unit id */
    const char *name;  /* in the fiscal year asked */
    const char *kind;  /* bureau, ward, section, office */
    int64_t parent_id; /* 0 for a bureau or ward */
} OrgUnit;

/* Every unit valid in fiscal year fy, bureaus each followed by their sections. */
Err org_list(Db *db, Arena *arena, int fy, OrgUnit **out, int *count);
/* The unit's name in fiscal year fy, or NULL (arena). */
const char *org_name(const OrgUnit *units, int count, int64_t id);

#endif
