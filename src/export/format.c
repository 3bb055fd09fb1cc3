/* The export formats by name: what the command line and the download links
 * ask for, and what each answers with. */
#include <string.h>
#include "export/export.h"

static const struct {
    const char *name; /* as asked: xlsx, pdf, csv, html */
    const char *type; /* Content-Type */
} formats[] = {
    [EXPORT_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    [EXPORT_PDF] = {"pdf", "application/pdf"},
    [EXPORT_CSV] = {"csv", "text/csv"},
    [EXPORT_HTML] = {"html", "text/html; charset=utf-8"},
};

bool export_format_parse(const char *name, ExportFormat *out)
{
    for (int i = 0; i < (int)(sizeof(formats) / sizeof(formats[0])); i++)
        if (name && strcmp(name, formats[i].name) == 0) {
            *out = (ExportFormat)i;
            return true;
        }
    return false;
}

const char *export_format_name(ExportFormat f)
{
    return formats[f].name;
}

const char *export_format_type(ExportFormat f, const CsvOptions *csv)
{
    if (f == EXPORT_CSV)
        return csv && csv->encoding == CSV_CP932 ? "text/csv; charset=Shift_JIS"
                                                 : "text/csv; charset=utf-8";
    return formats[f].type;
}

Err export_write(const SheetLayout *l, ExportFormat f, const CsvOptions *csv, Buf *out, char **err)
{
    static const CsvOptions utf8 = {CSV_UTF8_BOM, NULL};
    switch (f) {
    case EXPORT_XLSX:
        return export_xlsx(l, out, err);
    case EXPORT_PDF:
        return export_pdf(l, out, err);
    case EXPORT_CSV:
        return export_csv(l, csv ? csv : &utf8, out, err);
    case EXPORT_HTML:
        return export_html(l, out, err);
    }
    return ERR_INVALID;
}

const char *export_file_name(const SheetLayout *l, ExportFormat f, Arena *a)
{
    const Sheet *s = l->sheet;
    Buf b = BUF_INIT;
    buf_printf(&b, "%s_%s", l->title, s->title);
    if (s->nyears == 1)
        buf_printf(&b, "_%s", sheet_fy_name(s->years[0], l->era, a));
    else if (s->nyears > 1)
        buf_printf(&b, "_%s-%s", sheet_fy_name(s->years[0], l->era, a),
                   sheet_fy_name(s->years[s->nyears - 1], l->era, a));
    buf_printf(&b, ".%s", formats[f].name);
    /* A file name never holds a path separator or a control character. */
    for (char *p = b.data; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
    char *name = arena_strdup(a, b.data);
    buf_free(&b);
    return name;
}
