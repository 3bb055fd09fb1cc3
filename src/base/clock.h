/* Time as the program stores it: computed in C, never by the database, so that
 * every engine stores the same thing. */
#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H

/* Writes the current UTC time as "2019-09-11T01:02:03Z" into out (21 bytes). */
void clock_now_iso(char out[21]);

#endif
