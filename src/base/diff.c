#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/diff.h"
#include "base/mem.h"
#include "base/utf8.h"

/* A text cut into characters: character k is s[off[k] .. off[k + 1]). */
typedef struct Chars {
    const char *s;
    size_t *off; /* n + 1 offsets, malloc'd */
    size_t n;
} Chars;

static void split(const char *s, Chars *c)
{
    size_t cap = 16;
    c->s = s;
    c->n = 0;
    c->off = xmalloc(cap * sizeof(size_t));
    c->off[0] = 0;
    for (const char *p = s; *p;) {
        p = utf8_skip_chars(p, 1); /* always moves on: one cluster is one byte or more */
        if (c->n + 2 > cap) {
            cap *= 2;
            c->off = xrealloc(c->off, cap * sizeof(size_t));
        }
        c->off[++c->n] = (size_t)(p - s);
    }
}

static size_t char_len(const Chars *c, size_t k)
{
    return c->off[k + 1] - c->off[k];
}

static bool same_char(const Chars *a, size_t i, const Chars *b, size_t j)
{
    size_t len = char_len(a, i);
    return len == char_len(b, j) && memcmp(a->s + a->off[i], b->s + b->off[j], len) == 0;
}

/* Runs as byte ranges of the texts while they are being found. */
typedef struct Span {
    DiffKind kind;
    const char *p;
    size_t len;
} Span;

typedef struct Spans {
    Span *v;
    size_t n, cap;
} Spans;

/* Appends the bytes [p, p + len) as kind, joined to the run before when it
 * is of the same kind and continues it. */
static void add(Spans *s, DiffKind kind, const char *p, size_t len)
{
    if (len == 0)
        return;
    if (s->n > 0) {
        Span *last = &s->v[s->n - 1];
        if (last->kind == kind && last->p + last->len == p) {
            last->len += len;
            return;
        }
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof(Span));
    }
    s->v[s->n++] = (Span){kind, p, len};
}

/* A changed stretch: old characters [i0, i1) deleted, new [j0, j1) inserted. */
static void changed(Spans *s, const Chars *a, size_t i0, size_t i1, const Chars *b, size_t j0,
                    size_t j1)
{
    add(s, DIFF_DELETE, a->s + a->off[i0], a->off[i1] - a->off[i0]);
    add(s, DIFF_INSERT, b->s + b->off[j0], b->off[j1] - b->off[j0]);
}

/* The direction of the longest common subsequence from cell (i, j), two bits
 * a cell: take the common character, drop the old one, or take the new one. */
enum { DIR_MATCH = 0, DIR_DELETE = 1, DIR_INSERT = 2 };

/* The middle part, a[ia, ia + n) against b[jb, jb + m), with n * m cells. */
static void lcs(Spans *s, const Chars *a, size_t ia, size_t n, const Chars *b, size_t jb, size_t m)
{
    unsigned char *dir = xcalloc((n * m + 3) / 4, 1);
    /* lengths of the common subsequence of a[i..] and b[j..]: rows i + 1 and i */
    uint32_t *below = xcalloc(m + 1, sizeof(uint32_t));
    uint32_t *row = xcalloc(m + 1, sizeof(uint32_t));
    for (size_t i = n; i-- > 0;) {
        row[m] = 0;
        for (size_t j = m; j-- > 0;) {
            unsigned d;
            if (same_char(a, ia + i, b, jb + j)) {
                row[j] = below[j + 1] + 1;
                d = DIR_MATCH;
            } else if (below[j] >= row[j + 1]) {
                row[j] = below[j];
                d = DIR_DELETE;
            } else {
                row[j] = row[j + 1];
                d = DIR_INSERT;
            }
            size_t cell = i * m + j;
            dir[cell / 4] |= (unsigned char)(d << (cell % 4 * 2));
        }
        uint32_t *t = below;
        below = row;
        row = t;
    }
    free(below);
    free(row);
    /* Walk forward; every stretch between common characters is shown as one
     * deletion followed by one insertion. */
    size_t i = 0, j = 0, i0 = 0, j0 = 0;
    while (i < n && j < m) {
        size_t cell = i * m + j;
        unsigned d = (dir[cell / 4] >> (cell % 4 * 2)) & 3u;
        if (d == DIR_MATCH) {
            changed(s, a, ia + i0, ia + i, b, jb + j0, jb + j);
            add(s, DIFF_SAME, a->s + a->off[ia + i], char_len(a, ia + i));
            i0 = ++i;
            j0 = ++j;
        } else if (d == DIR_DELETE) {
            i++;
        } else {
            j++;
        }
    }
    changed(s, a, ia + i0, ia + n, b, jb + j0, jb + m);
    free(dir);
}

void diff_texts(Arena *arena, const char *old_text, const char *new_text, Diff *out)
{
    memset(out, 0, sizeof(*out));
    Chars a, b;
    split(old_text ? old_text : "", &a);
    split(new_text ? new_text : "", &b);
    /* The common beginning and end need no table. */
    size_t pre = 0, suf = 0;
    while (pre < a.n && pre < b.n && same_char(&a, pre, &b, pre))
        pre++;
    while (suf < a.n - pre && suf < b.n - pre && same_char(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
        suf++;
    size_t n = a.n - pre - suf, m = b.n - pre - suf;
    Spans s = {0};
    add(&s, DIFF_SAME, a.s, a.off[pre]);
    if (n == 0 || m == 0) {
        changed(&s, &a, pre, pre + n, &b, pre, pre + m);
    } else if (n > DIFF_MAX_CELLS / m) {
        out->whole = true;
        changed(&s, &a, pre, pre + n, &b, pre, pre + m);
    } else {
        lcs(&s, &a, pre, n, &b, pre, m);
    }
    add(&s, DIFF_SAME, a.s + a.off[pre + n], a.off[a.n] - a.off[pre + n]);
    out->runs = ARENA_ARRAY(arena, DiffRun, s.n + 1);
    for (size_t k = 0; k < s.n; k++)
        out->runs[k] = (DiffRun){s.v[k].kind, arena_strndup(arena, s.v[k].p, s.v[k].len)};
    out->nruns = (int)s.n;
    free(s.v);
    free(a.off);
    free(b.off);
}
