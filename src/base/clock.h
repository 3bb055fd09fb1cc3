/* Time as the program stores it: computed in C, never by the database, so that
 * every engine stores the same thing. */
#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H

/* Writes the current UTC time as "2019-09-11T01:02:03Z" into out (21 bytes). */
void clock_now_iso(char out[21]);

/* A stored UTC time "2026-11-25T09:04:05Z" as Japan time (UTC+9, no summer
 * time), "2026-11-25 18:04:05" (with_seconds) or "2026-11-25 18:04", in the
 * arena; anything else is returned as it is ("" for NULL). */
#include <stdbool.h>
#include "base/arena.h"
const char *clock_jst(Arena *a, const char *iso, bool with_seconds);

#endif
