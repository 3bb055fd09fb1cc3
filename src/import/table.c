#include "import/table.h"

const char *table_cell(const TableSheet *s, int row, int col)
{
    int lo = 0, hi = s->ncells;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const Cell *c = &s->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->ncells && s->cells[lo].row == row && s->cells[lo].col == col ? s->cells[lo].text
                                                                                : NULL;
}

void table_col_name(int col, char out[8])
{
    char tmp[8];
    int n = 0;
    while (col > 0 && n < 7) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}
