/* A workbook through a private temporary file (export/xlsx_file.h says why). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "export/xlsx_file.h"

/* A new string, malloc'd: for *err and the temporary file's name. */
__attribute__((format(printf, 1, 2))) static char *str_printf(const char *fmt, ...)
{
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return buf_take(&b);
}

static bool read_all(int fd, Buf *out)
{
    char chunk[1 << 16];
    if (lseek(fd, 0, SEEK_SET) < 0)
        return false;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0;
        buf_append(out, chunk, (size_t)n);
    }
}

Err xlsx_write_via_file(const char *prefix, XlsxWriter write, void *ctx, Buf *out, char **err)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char *path = str_printf("%s/%s-XXXXXX", dir, prefix);
    Buf data = BUF_INIT;
    Err rc = ERR_IO;
    int fd = mkstemp(path);
    if (fd < 0) {
        *err = str_printf("cannot create a temporary file in %s: %s", dir, strerror(errno));
        goto done;
    }
    lxw_error e = write(ctx, path, dir);
    if (e != LXW_NO_ERROR) {
        *err = str_printf("cannot write the XLSX file: %s", lxw_strerror(e));
        goto done;
    }
    if (!read_all(fd, &data)) {
        *err = str_printf("cannot read back the XLSX file %s: %s", path, strerror(errno));
        goto done;
    }
    buf_append(out, data.data, data.len);
    rc = ERR_OK;
done:
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    buf_free(&data);
    free(path);
    return rc;
}
