/* What every table a reader gives must be, checked by the fuzz targets after
 * each successful read: a broken promise aborts, and libFuzzer keeps the
 * input that broke it. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H
#include <stdlib.h>
#include <string.h>
#include "base/utf8.h"
#include "import/table.h"

static void fuzz_check_table(const Table *t, int max_rows, int max_cols)
{
    for (int i = 0; i < t->nsheets; i++) {
        const TableSheet *s = &t->sheets[i];
        if (!s->name || s->ncells < 0 || s->nmerges < 0)
            abort();
        for (int k = 0; k < s->ncells; k++) {
            const Cell *c = &s->cells[k];
            if (c->row < 1 || c->row > max_rows || c->col < 1 || c->col > max_cols)
                abort();
            if (c->row > s->nrows || c->col > s->ncols)
                abort();
            /* By row then column, each place once: table_cell's binary search
             * relies on it. */
            if (k > 0 && (c->row < c[-1].row || (c->row == c[-1].row && c->col <= c[-1].col)))
                abort();
            if (!c->text || !c->text[0] || !utf8_valid(c->text, strlen(c->text)))
                abort();
            if (table_cell(s, c->row, c->col) != c->text)
                abort();
        }
        for (int k = 0; k < s->nmerges; k++) {
            const Merge *m = &s->merges[k];
            if (m->row1 < 1 || m->row1 > m->row2 || m->row2 > max_rows || m->col1 < 1 ||
                m->col1 > m->col2 || m->col2 > max_cols)
                abort();
        }
    }
}

#endif
