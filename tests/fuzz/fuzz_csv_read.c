/* libFuzzer target for the CSV reader: the bytes are read three times, with
 * the encoding guessed, as UTF-8 and as CP932, so that the seeds stay plain
 * CSV files and every path is explored. Each read must give a table that
 * keeps the reader's promises or an error with a message, the guess must
 * agree with the forced read it chose, and nothing may leak. */
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_check.h"
#include "import/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One read; the number of cells, or -1 when refused. */
static int read_as(const uint8_t *data, size_t size, CsvReadEncoding enc, CsvReadEncoding *used)
{
    Arena arena;
    arena_init(&arena);
    Table t;
    char *err = NULL;
    *used = (CsvReadEncoding)-1;
    Err rc = csv_read(data, size, enc, &arena, &t, used, &err);
    int ncells = -1;
    if (rc == ERR_OK) {
        if (err || t.nsheets != 1 || t.sheets[0].ncells > CSV_READ_MAX_CELLS)
            abort();
        if (*used != CSV_ENC_UTF8 && *used != CSV_ENC_CP932)
            abort();
        if (enc != CSV_ENC_AUTO && *used != enc)
            abort();
        fuzz_check_table(&t, CSV_READ_MAX_ROWS, CSV_READ_MAX_COLS);
        ncells = t.sheets[0].ncells;
    } else if (rc == ERR_IO || !err || !err[0] || t.nsheets) {
        abort(); /* ERR_IO would mean iconv lacks CP932: glibc has it */
    }
    free(err);
    arena_free(&arena);
    return ncells;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CsvReadEncoding guessed, used;
    int n = read_as(data, size, CSV_ENC_AUTO, &guessed);
    int utf8 = read_as(data, size, CSV_ENC_UTF8, &used);
    int cp932 = read_as(data, size, CSV_ENC_CP932, &used);
    if (n >= 0 && n != (guessed == CSV_ENC_UTF8 ? utf8 : cp932))
        abort();
    return 0;
}
