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

static const struct {
    const char *name; /* as asked: what=summary */
    MsgId suffix;     /* what the file's name adds (not for the sheet) */
} csv_contents[] = {
    [CSV_SHEET] = {"sheet", M_SHEET},
    [CSV_SUMMARY] = {"summary", M_SUM_TITLE},
    [CSV_INDICATORS] = {"indicators", M_IND_HEADING},
};

bool export_csv_content_parse(const char *name, CsvContent *out)
{
    if (!name || !*name) {
        *out = CSV_SHEET;
        return true;
    }
    for (int i = 0; i < (int)(sizeof(csv_contents) / sizeof(csv_contents[0])); i++)
        if (strcmp(name, csv_contents[i].name) == 0) {
            *out = (CsvContent)i;
            return true;
        }
    return false;
}

/* <title>_<plan>_<years>[_<suffix>].<ext>, suffix NULL for none. */
static const char *file_name(const SheetLayout *l, ExportFormat f, const char *suffix, Arena *a)
{
    const Sheet *s = l->sheet;
    Buf b = BUF_INIT;
    buf_printf(&b, "%s_%s", l->title, s->title);
    if (s->nyears == 1)
        buf_printf(&b, "_%s", sheet_fy_name(s->years[0], l->era, a));
    else if (s->nyears > 1)
        buf_printf(&b, "_%s-%s", sheet_fy_name(s->years[0], l->era, a),
                   sheet_fy_name(s->years[s->nyears - 1], l->era, a));
    if (suffix)
        buf_printf(&b, "_%s", suffix);
    buf_printf(&b, ".%s", formats[f].name);
    /* A file name never holds a path separator or a control character. */
    for (char *p = b.data; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
    char *name = arena_strdup(a, b.data);
    buf_free(&b);
    return name;
}

const char *export_file_name(const SheetLayout *l, ExportFormat f, Arena *a)
{
    return file_name(l, f, NULL, a);
}

const char *export_csv_file_name(const SheetLayout *l, CsvContent what, Arena *a)
{
    const char *suffix = what == CSV_SHEET ? NULL : msg(l->lang, csv_contents[what].suffix);
    return file_name(l, EXPORT_CSV, suffix, a);
}
