/* The character diff: Japanese edits, insertions and deletions, identical
 * and empty texts, combining marks and emoji kept whole, and the size guard
 * that replaces too long a text whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/diff.h"
#include "testlib.h"

/* The diff written as "=same" "+insert" "-delete" runs joined by '|', e.g.
 * "=リーフレットを|-配布|+作成|=した。" (valid until the next call). */
static const char *show(const char *old_text, const char *new_text)
{
    static char out[8192];
    Arena a;
    arena_init(&a);
    Diff d;
    diff_texts(&a, old_text, new_text, &d);
    Buf b = BUF_INIT;
    for (int i = 0; i < d.nruns; i++) {
        const DiffRun *r = &d.runs[i];
        buf_printf(&b, "%s%c%s", i ? "|" : "",
                   r->kind == DIFF_SAME     ? '='
                   : r->kind == DIFF_INSERT ? '+'
                                            : '-',
                   r->text);
    }
    snprintf(out, sizeof(out), "%s%s", d.whole ? "WHOLE:" : "", b.data);
    buf_free(&b);
    arena_free(&a);
    return out;
}

/* Puts the runs back together: the old text from same and deleted runs, the
 * new one from same and inserted runs. */
static void check_rebuilds(const char *old_text, const char *new_text)
{
    Arena a;
    arena_init(&a);
    Diff d;
    diff_texts(&a, old_text, new_text, &d);
    Buf o = BUF_INIT, n = BUF_INIT;
    for (int i = 0; i < d.nruns; i++) {
        CHECK(d.runs[i].text[0] != '\0');
        if (d.runs[i].kind != DIFF_INSERT)
            buf_puts(&o, d.runs[i].text);
        if (d.runs[i].kind != DIFF_DELETE)
            buf_puts(&n, d.runs[i].text);
        /* no two runs of one kind in a row */
        if (i > 0)
            CHECK(d.runs[i].kind != d.runs[i - 1].kind);
    }
    CHECK_STR(o.data, old_text);
    CHECK_STR(n.data, new_text);
    buf_free(&o);
    buf_free(&n);
    arena_free(&a);
}

static void test_japanese_edit(void)
{
    CHECK_STR(show("リーフレットを配布した。", "リーフレットを作成した。"),
              "=リーフレットを|-配布|+作成|=した。");
    CHECK_STR(show("相談窓口を周知した。", "相談窓口を広く周知した。"),
              "=相談窓口を|+広く|=周知した。");
    /* Two edits apart: the common text between them stays. */
    CHECK_STR(
        show("区役所の窓口に設置し、市民に配布した。", "区役所等の窓口に設置し、市民に周知した。"),
        "=区役所|+等|=の窓口に設置し、市民に|-配布|+周知|=した。");
    check_rebuilds("区役所の窓口に設置し、市民に配布した。",
                   "区役所等の窓口に設置し、市民に周知した。");
}

static void test_insert_in_the_middle(void)
{
    CHECK_STR(show("abcdef", "abcXYZdef"), "=abc|+XYZ|=def");
    CHECK_STR(show("令和2年度", "令和2・3年度"), "=令和2|+・3|=年度");
    check_rebuilds("abcdef", "abcXYZdef");
}

static void test_delete_at_the_end(void)
{
    CHECK_STR(show("周知を図る。（予定）", "周知を図る。"), "=周知を図る。|-（予定）");
    CHECK_STR(show("abc", "ab"), "=ab|-c");
    check_rebuilds("周知を図る。（予定）", "周知を図る。");
}

static void test_identical(void)
{
    CHECK_STR(show("同じ内容です。\n二行目", "同じ内容です。\n二行目"), "=同じ内容です。\n二行目");
    CHECK_STR(show("", ""), "");
    CHECK_STR(show(NULL, NULL), "");
}

static void test_empty_and_text(void)
{
    CHECK_STR(show("", "新しい回答"), "+新しい回答");
    CHECK_STR(show(NULL, "新しい回答"), "+新しい回答");
    CHECK_STR(show("古い回答", ""), "-古い回答");
}

static void test_whole_replacement_and_mixed(void)
{
    CHECK_STR(show("あいう", "かきく"), "-あいう|+かきく");
    /* Interleaved changes come out as one deletion then one insertion per
     * stretch, never alternating character by character. */
    CHECK_STR(show("xaxbx", "xcxdx"), "=x|-a|+c|=x|-b|+d|=x");
    CHECK_STR(show("abcd", "dcba"), "-abc|=d|+cba");
    check_rebuilds("abcd", "dcba");
    check_rebuilds("今年度は相談窓口を設置した", "昨年度に設置した相談窓口を周知した");
    check_rebuilds("a\nb\nc\n", "a\nc\nb\n");
}

static void test_combining_marks_kept_together(void)
{
    /* か + U+3099 (゛) is one character: changing the base changes the
     * whole cluster, and the mark never stands alone. */
    const char *ga = "\xE3\x81\x8B\xE3\x82\x99"; /* か゛ */
    const char *gi = "\xE3\x81\x8D\xE3\x82\x99"; /* き゛ */
    const char *ka = "\xE3\x81\x8B";             /* か */
    char old_text[64], new_text[64], want[128];
    snprintf(old_text, sizeof(old_text), "あ%sい", ga);
    snprintf(new_text, sizeof(new_text), "あ%sい", gi);
    snprintf(want, sizeof(want), "=あ|-%s|+%s|=い", ga, gi);
    CHECK_STR(show(old_text, new_text), want);
    /* Adding the mark to か replaces the character, not appends a mark. */
    snprintf(old_text, sizeof(old_text), "x%sy", ka);
    snprintf(new_text, sizeof(new_text), "x%sy", ga);
    snprintf(want, sizeof(want), "=x|-%s|+%s|=y", ka, ga);
    CHECK_STR(show(old_text, new_text), want);
    /* e + U+0301 against é written with the mark on another letter. */
    CHECK_STR(show("cafe\xCC\x81", "cafe"), "=caf|-e\xCC\x81|+e");
    /* A family emoji (joined by ZWJ) is one character. */
    CHECK_STR(show("A👨‍👩‍👧B", "A👨‍👩‍👦B"),
              "=A|-👨‍👩‍👧|+👨‍👩‍👦|=B");
    /* 葛 with a variation selector is one character. */
    CHECK_STR(show("葛\xF3\xA0\x84\x80飾", "葛飾"), "-葛\xF3\xA0\x84\x80|+葛|=飾");
}

static void test_size_guard(void)
{
    /* 2102 characters each: 4.4 million cells, over the limit. */
    enum { N = 2100 };
    Buf a = BUF_INIT, b = BUF_INIT;
    buf_puts(&a, "A");
    buf_puts(&b, "C");
    for (int i = 0; i < N; i++) {
        buf_puts(&a, "あ");
        buf_puts(&b, "あ");
    }
    buf_puts(&a, "B");
    buf_puts(&b, "D");
    CHECK((size_t)(N + 2) * (N + 2) > DIFF_MAX_CELLS);
    Arena arena;
    arena_init(&arena);
    Diff d;
    diff_texts(&arena, a.data, b.data, &d);
    CHECK(d.whole);
    CHECK_INT(d.nruns, 2);
    CHECK_INT(d.runs[0].kind, DIFF_DELETE);
    CHECK_STR(d.runs[0].text, a.data);
    CHECK_INT(d.runs[1].kind, DIFF_INSERT);
    CHECK_STR(d.runs[1].text, b.data);
    /* The common beginning and end do not count: a long text with one
     * change in the middle is still compared character by character. */
    Buf c = BUF_INIT, e = BUF_INIT;
    for (int i = 0; i < N; i++) {
        buf_puts(&c, "い");
        buf_puts(&e, "い");
    }
    buf_puts(&c, "旧");
    buf_puts(&e, "新");
    for (int i = 0; i < N; i++) {
        buf_puts(&c, "う");
        buf_puts(&e, "う");
    }
    diff_texts(&arena, c.data, e.data, &d);
    CHECK(!d.whole);
    CHECK_INT(d.nruns, 4);
    CHECK_INT(d.runs[1].kind, DIFF_DELETE);
    CHECK_STR(d.runs[1].text, "旧");
    CHECK_STR(d.runs[2].text, "新");
    /* Just under the limit: still a real diff. */
    Buf f = BUF_INIT, g = BUF_INIT;
    buf_puts(&f, "A");
    buf_puts(&g, "C");
    for (int i = 0; i < 1900; i++) {
        buf_puts(&f, "あ");
        buf_puts(&g, "あ");
    }
    buf_puts(&f, "B");
    buf_puts(&g, "D");
    diff_texts(&arena, f.data, g.data, &d);
    CHECK(!d.whole);
    CHECK_INT(d.nruns, 5);
    CHECK_STR(d.runs[0].text, "A");
    CHECK_STR(d.runs[1].text, "C");
    CHECK_INT(d.runs[2].kind, DIFF_SAME);
    arena_free(&arena);
    buf_free(&a);
    buf_free(&b);
    buf_free(&c);
    buf_free(&e);
    buf_free(&f);
    buf_free(&g);
}

int main(void)
{
    TEST_RUN(test_japanese_edit);
    TEST_RUN(test_insert_in_the_middle);
    TEST_RUN(test_delete_at_the_end);
    TEST_RUN(test_identical);
    TEST_RUN(test_empty_and_text);
    TEST_RUN(test_whole_replacement_and_mixed);
    TEST_RUN(test_combining_marks_kept_together);
    TEST_RUN(test_size_guard);
    return TEST_DONE("diff");
}
