/* A small test harness in the spirit of Redis' testhelp.h. Each test binary
 * calls TEST_RUN for its tests and ends with TEST_DONE, which prints
 * "NAME: N passed, N failed" (the line scripts/test adds up) and sets the
 * exit code. A test passes when none of its checks failed. */
#ifndef TESTLIB_H
#define TESTLIB_H
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int test_passed, test_failed, test_check_failed;
static const char *test_current;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "  FAIL %s (%s:%d): %s\n", test_current, __FILE__, __LINE__, #cond);   \
            test_check_failed++;                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "  FAIL %s (%s:%d): %s == %lld, want %lld\n", test_current, __FILE__,  \
                    __LINE__, #got, g_, w_);                                                       \
            test_check_failed++;                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!g_ || strcmp(g_, w_) != 0) {                                                          \
            fprintf(stderr, "  FAIL %s (%s:%d): %s == \"%s\", want \"%s\"\n", test_current,        \
                    __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_);                             \
            test_check_failed++;                                                                   \
        }                                                                                          \
    } while (0)

/* haystack contains needle */
#define CHECK_HAS(haystack, needle)                                                                \
    do {                                                                                           \
        const char *h_ = (haystack), *n_ = (needle);                                               \
        if (!h_ || !strstr(h_, n_)) {                                                              \
            fprintf(stderr, "  FAIL %s (%s:%d): %s does not contain \"%s\"\n", test_current,       \
                    __FILE__, __LINE__, #haystack, n_);                                            \
            test_check_failed++;                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_HASNT(haystack, needle)                                                              \
    do {                                                                                           \
        const char *h_ = (haystack), *n_ = (needle);                                               \
        if (!h_ || strstr(h_, n_)) {                                                               \
            fprintf(stderr, "  FAIL %s (%s:%d): %s contains \"%s\"\n", test_current, __FILE__,     \
                    __LINE__, #haystack, n_);                                                      \
            test_check_failed++;                                                                   \
        }                                                                                          \
    } while (0)

#define TEST_RUN(fn)                                                                               \
    do {                                                                                           \
        test_current = #fn;                                                                        \
        test_check_failed = 0;                                                                     \
        fn();                                                                                      \
        if (test_check_failed) {                                                                   \
            test_failed++;                                                                         \
            fprintf(stderr, "not ok %s\n", #fn);                                                   \
        } else {                                                                                   \
            test_passed++;                                                                         \
        }                                                                                          \
    } while (0)

#define TEST_DONE(name)                                                                            \
    (printf("%s: %d passed, %d failed\n", (name), test_passed, test_failed), test_failed ? 1 : 0)

#endif
