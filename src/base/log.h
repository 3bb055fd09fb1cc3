/* Logging to stderr with a UTC timestamp; one line per call. */
#ifndef BASE_LOG_H
#define BASE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences log_info (tests and the stdin mode keep stderr for errors). */
void log_set_quiet(int quiet);

#endif
