/* HTML escaping, the escaped-by-default writer, URL components, and Buf. */
#include <stdlib.h>
#include "base/buf.h"
#include "base/html.h"
#include "testlib.h"

static const char *escaped(const char *s)
{
    static char out[512];
    Buf b = BUF_INIT;
    html_escape(&b, s);
    snprintf(out, sizeof(out), "%s", b.data);
    buf_free(&b);
    return out;
}

static void test_escape_every_special_character(void)
{
    CHECK_STR(escaped("&"), "&amp;");
    CHECK_STR(escaped("<"), "&lt;");
    CHECK_STR(escaped(">"), "&gt;");
    CHECK_STR(escaped("\""), "&quot;");
    CHECK_STR(escaped("'"), "&#39;");
    CHECK_STR(escaped("<script>alert('x')</script>"),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK_STR(escaped("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
    CHECK_STR(escaped("&amp;"), "&amp;amp;");
}

static void test_escape_replaces_control_characters(void)
{
    CHECK_STR(escaped("a\x01"
                      "b\x7f"
                      "c"),
              "a\xEF\xBF\xBD"
              "b\xEF\xBF\xBD"
              "c");
    CHECK_STR(escaped("x\xC2\x85y"), "x\xEF\xBF\xBD"
                                     "y");                           /* U+0085, C1 */
    CHECK_STR(escaped("\t\n\r\f<\xC2\xA0"), "\t\n\r\f&lt;\xC2\xA0"); /* kept */
}

static void test_escape_leaves_japanese_alone(void)
{
    CHECK_STR(escaped("児童、高齢者、障害者に向けた虐待相談窓口の周知"),
              "児童、高齢者、障害者に向けた虐待相談窓口の周知");
    CHECK_STR(escaped("（例）〇〇〇〇部＜全角＞"), "（例）〇〇〇〇部＜全角＞");
    CHECK_STR(escaped(""), "");
    CHECK_STR(escaped(NULL), "");
}

static void test_html_printf_escapes_strings_only(void)
{
    Buf b = BUF_INIT;
    html_printf(&b, "<a href=\"%s\" data-n=\"%d\">%s</a>", "/x?a=1&b=\"2\"", -42, "<b>");
    CHECK_STR(b.data, "<a href=\"/x?a=1&amp;b=&quot;2&quot;\" data-n=\"-42\">&lt;b&gt;</a>");
    buf_reset(&b);
    const char *none = getenv("SHINCHOKU_TEST_UNSET_VARIABLE");
    html_printf(&b, "%lld %zu %u %x %ld %% %s", (long long)9007199254740993LL, (size_t)7, 3u, 255u,
                -5L, none);
    CHECK_STR(b.data, "9007199254740993 7 3 ff -5 % ");
    buf_reset(&b);
    HRAW(&b, "<br>");
    CHECK_STR(b.data, "<br>");
    buf_free(&b);
}

static void test_url_escape(void)
{
    Buf b = BUF_INIT;
    url_escape(&b, "a b&c=d/é~-._");
    CHECK_STR(b.data, "a%20b%26c%3Dd%2F%C3%A9~-._");
    buf_reset(&b);
    url_escape(&b, "令和");
    CHECK_STR(b.data, "%E4%BB%A4%E5%92%8C");
    buf_free(&b);
}

static void test_buf_grows_and_stays_terminated(void)
{
    Buf b = BUF_INIT;
    CHECK_STR(b.data, "");
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i % 10);
    CHECK_INT(b.len, 2000);
    CHECK_INT(b.data[b.len], 0);
    char *s = buf_take(&b);
    CHECK_INT(strlen(s), 2000);
    CHECK_INT(b.len, 0);
    free(s);
}

int main(void)
{
    TEST_RUN(test_escape_every_special_character);
    TEST_RUN(test_escape_replaces_control_characters);
    TEST_RUN(test_escape_leaves_japanese_alone);
    TEST_RUN(test_html_printf_escapes_strings_only);
    TEST_RUN(test_url_escape);
    TEST_RUN(test_buf_grows_and_stays_terminated);
    return TEST_DONE("html");
}
