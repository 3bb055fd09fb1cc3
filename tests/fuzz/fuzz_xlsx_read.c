/* libFuzzer target for the XLSX reader: any bytes must give a table that
 * keeps the reader's promises or an error with a message, and nothing may
 * leak (scripts/fuzz builds it with ASan and UBSan). */
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_check.h"
#include "import/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    Err rc = xlsx_read(data, size, &arena, &t, &err);
    if (rc == ERR_OK) {
        if (err || t.nsheets < 1 || t.nsheets > XLSX_MAX_SHEETS)
            abort();
        long cells = 0;
        for (int i = 0; i < t.nsheets; i++)
            cells += t.sheets[i].ncells;
        if (cells > XLSX_MAX_CELLS)
            abort();
        fuzz_check_table(&t, XLSX_MAX_ROWS, XLSX_MAX_COLS);
    } else if ((rc != ERR_INVALID && rc != ERR_TOO_BIG) || !err || !err[0] || t.nsheets) {
        abort();
    }
    free(err);
    arena_free(&arena);
    return 0;
}
