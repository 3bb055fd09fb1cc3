#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/utf8.h"
#include "testlib.h"

/* utf8_valid on a string literal, embedded NULs included. */
#define VALID(lit) utf8_valid((lit), sizeof(lit) - 1)

/* The search key as a string (valid until the next call), "(null)" for NULL. */
static const char *key(const char *s)
{
    static char out[256];
    char *k = utf8_search_key(s);
    snprintf(out, sizeof out, "%s", k ? k : "(null)");
    free(k);
    return out;
}

/* Bytes skipped by utf8_skip_chars. */
static long skipped(const char *s, size_t n)
{
    return (long)(utf8_skip_chars(s, n) - s);
}

static void test_valid(void)
{
    CHECK(VALID(""));
    CHECK(utf8_valid(NULL, 0));
    CHECK(VALID("abc"));
    CHECK(VALID("仙台市"));
    CHECK(VALID("\x7F"));
    CHECK(VALID("\xC2\x80"));           /* U+0080, smallest 2-byte */
    CHECK(VALID("\xDF\xBF"));           /* U+07FF */
    CHECK(VALID("\xE0\xA0\x80"));       /* U+0800, smallest 3-byte */
    CHECK(VALID("\xED\x9F\xBF"));       /* U+D7FF, just below the surrogates */
    CHECK(VALID("\xEE\x80\x80"));       /* U+E000, just above them */
    CHECK(VALID("\xEF\xBF\xBF"));       /* U+FFFF */
    CHECK(VALID("\xF0\x90\x80\x80"));   /* U+10000, smallest 4-byte */
    CHECK(VALID("\xF4\x8F\xBF\xBF"));   /* U+10FFFF, the last code point */
    CHECK(VALID("葛\xF3\xA0\x84\x80")); /* with U+E0100 */
    CHECK(VALID("👨‍👩‍👧"));

    /* overlong forms */
    CHECK(!VALID("\xC0\xAF"));
    CHECK(!VALID("\xC1\xBF"));
    CHECK(!VALID("\xC0\x80")); /* "modified UTF-8" NUL */
    CHECK(!VALID("\xE0\x80\xAF"));
    CHECK(!VALID("\xE0\x9F\xBF"));
    CHECK(!VALID("\xF0\x80\x80\xAF"));
    CHECK(!VALID("\xF0\x8F\xBF\xBF"));
    /* surrogates */
    CHECK(!VALID("\xED\xA0\x80"));
    CHECK(!VALID("\xED\xBF\xBF"));
    CHECK(!VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
    /* above U+10FFFF */
    CHECK(!VALID("\xF4\x90\x80\x80"));
    CHECK(!VALID("\xF5\x80\x80\x80"));
    CHECK(!VALID("\xFF"));
    CHECK(!VALID("\xFE"));
    /* truncated, lone and stray continuation bytes */
    CHECK(!VALID("\xE4\xBB"));
    CHECK(!VALID("仙台\xE5"));
    CHECK(!VALID("\xF0\x9F\x98"));
    CHECK(!VALID("\xC3"));
    CHECK(!VALID("\x80"));
    CHECK(!VALID("a\xBFz"));
    CHECK(!VALID("\xC3(")); /* lead byte followed by a non-continuation */
    CHECK(!VALID("\xE4\xBBz"));
    /* embedded NUL */
    CHECK(!VALID("a\0b"));
    CHECK(!VALID("\0"));
    /* len is honoured: a valid prefix of an invalid buffer, and a cut sequence */
    CHECK(utf8_valid("abc\xFF", 3));
    CHECK(!utf8_valid("仙", 2));
    CHECK(utf8_valid("仙", 3));
}

static void test_char_count(void)
{
    CHECK_INT(utf8_char_count(""), 0);
    CHECK_INT(utf8_char_count("a"), 1);
    CHECK_INT(utf8_char_count("abc"), 3);
    CHECK_INT(utf8_char_count("仙台市"), 3);
    CHECK_INT(utf8_char_count("仙台市 青葉区"), 7);
    CHECK_INT(utf8_char_count("が"), 1);             /* precomposed U+304C */
    CHECK_INT(utf8_char_count("か\xE3\x82\x99"), 1); /* か + U+3099 */
    CHECK_INT(utf8_char_count("か\xE3\x82\x99き"), 2);
    CHECK_INT(utf8_char_count("葛\xF3\xA0\x84\x80"), 1); /* 葛 + U+E0100 */
    CHECK_INT(utf8_char_count("葛\xF3\xA0\x84\x80飾区"), 3);
    CHECK_INT(utf8_char_count("👨‍👩‍👧"), 1);
    CHECK_INT(utf8_char_count("👨‍👩‍👧👨‍👩‍👧"), 2);
    CHECK_INT(utf8_char_count("\r\n"), 1);
    CHECK_INT(utf8_char_count("a\r\nb"), 3);
    CHECK_INT(utf8_char_count("\n\r"), 2);
    CHECK_INT(utf8_char_count("🇯🇵"), 1); /* a flag: two regional indicators */
    CHECK_INT(utf8_char_count("🇯🇵🇯🇵"), 2);
    CHECK_INT(utf8_char_count("e\xCC\x81"), 1); /* e + combining acute */
    CHECK_INT(utf8_char_count("①②"), 2);
    CHECK_INT(utf8_char_count("ｶﾞ"), 1); /* half-width voiced mark extends */
    /* never bytes */
    CHECK(utf8_char_count("仙台市") != strlen("仙台市"));
    /* invalid bytes count one each, even before a combining mark */
    CHECK_INT(utf8_char_count("a\xFFz"), 3);
    CHECK_INT(utf8_char_count("\xFF\xE3\x82\x99"), 2);
    CHECK_INT(utf8_char_count("\xE4\xBB"), 2);
}

static void test_search_key(void)
{
    CHECK_STR(key("１２３ＡＢＣ（"), "123abc(");
    CHECK_STR(key("123abc("), "123abc(");
    CHECK_STR(key("ｶﾞ"), "ガ");
    CHECK_STR(key("ｶﾞｯｺｳ"), "ガッコウ");
    CHECK_STR(key("か\xE3\x82\x99"), "が"); /* composed */
    CHECK_STR(key("仙台市"), "仙台市");
    CHECK_STR(key("Straße"), "strasse");
    CHECK_STR(key("ＦＹ２０２３"), "fy2023");
    CHECK_STR(key("\xE3\x80\x80"), " "); /* U+3000 -> space */
    CHECK_STR(key("①"), "1");
    CHECK_STR(key("㈱"), "(株)");
    CHECK_STR(key(""), "");
    /* both forms give the same key */
    char *a = utf8_search_key("ﾃｽﾄＡ");
    char *b = utf8_search_key("テストa");
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);

    CHECK(utf8_search_key("\xC0\xAF") == NULL);
    CHECK(utf8_search_key("\xED\xA0\x80") == NULL);
    CHECK(utf8_search_key("abc\xE4\xBB") == NULL);
    CHECK(utf8_search_key("\xF4\x90\x80\x80") == NULL);
}

static void test_skip_chars(void)
{
    const char *s = "仙台市";
    CHECK(utf8_skip_chars(s, 0) == s);
    CHECK_INT(skipped(s, 1), 3);
    CHECK_INT(skipped(s, 2), 6);
    CHECK_INT(skipped(s, 3), 9);
    CHECK_INT(skipped(s, 4), 9);
    CHECK(*utf8_skip_chars(s, 100) == '\0');
    CHECK_STR(utf8_skip_chars("仙台市青葉区", 3), "青葉区");
    CHECK_INT(skipped("", 0), 0);
    CHECK_INT(skipped("", 5), 0);
    /* never inside a cluster */
    CHECK_STR(utf8_skip_chars("か\xE3\x82\x99x", 1), "x");
    CHECK_STR(utf8_skip_chars("葛\xF3\xA0\x84\x80飾区", 1), "飾区");
    CHECK_STR(utf8_skip_chars("👨‍👩‍👧!", 1), "!");
    CHECK_STR(utf8_skip_chars("\r\nx", 1), "x");
    CHECK_STR(utf8_skip_chars("ab", 1), "b");
    /* invalid bytes are skipped one at a time */
    CHECK_STR(utf8_skip_chars("\xFFxy", 1), "xy");
}

int main(int argc, char **argv)
{
    (void)argc; /* the runner passes the binary path and the source dir */
    (void)argv;
    TEST_RUN(test_valid);
    TEST_RUN(test_char_count);
    TEST_RUN(test_search_key);
    TEST_RUN(test_skip_chars);
    return TEST_DONE("utf8");
}
