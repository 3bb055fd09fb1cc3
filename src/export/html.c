/* The sheet as HTML: the page shows it on screen, the print stylesheet turns
 * it into the A3 document, and a standalone file carries its own style. */
#include <stdlib.h>
#include <string.h>
#include "base/embed.h"
#include "base/html.h"
#include "export/export.h"

static const char *const col_class[] = {
    [COL_DIRECTION] = "c-direction", [COL_NUMBER] = "c-number",   [COL_TITLE] = "c-title",
    [COL_CONTENT] = "c-content",     [COL_BUREAUS] = "c-bureaus", [COL_BUREAU] = "c-bureau",
    [COL_SECTION] = "c-section",     [COL_PROJECT] = "c-project", [COL_SUMMARY] = "c-summary",
    [COL_VALUE] = "c-value",
};

void export_html_doc_head(const SheetLayout *l, Buf *b)
{
    const Sheet *s = l->sheet;
    html_printf(b, "<div class=\"doc-head\">\n<div class=\"doc-title\"><h1>%s</h1>\n", l->title);
    html_printf(b, "<p class=\"doc-plan\">%s", s->title);
    if (*s->period_label)
        html_printf(b, " <span class=\"doc-period\">%s</span>", s->period_label);
    HRAW(b, "</p></div>\n");
    html_printf(b, "<div class=\"doc-meta\" role=\"group\" aria-label=\"%s\">",
                msg(l->lang, M_SHEET_DOC_META));
    if (*l->meeting)
        html_printf(b, "<p class=\"doc-meeting\">%s</p>", l->meeting);
    if (*l->material)
        html_printf(b, "<p class=\"doc-material\">%s</p>", l->material);
    if (*l->date)
        html_printf(b, "<p class=\"doc-date\"><time datetime=\"%s\">%s</time></p>", l->iso_date,
                    l->date);
    HRAW(b, "</div>\n</div>\n");
}

static void write_group(Buf *b, const SheetLayout *l, const SheetGroup *g)
{
    bool year = l->cols[g->first].year_start;
    html_printf(b, "<th scope=\"colgroup\" colspan=\"%d\"", g->count);
    if (g->rows > 1)
        html_printf(b, " rowspan=\"%d\"", g->rows);
    if (year)
        HRAW(b, " class=\"year-start\"");
    html_printf(b, ">%s", g->text);
    if (g->text2)
        html_printf(b, "<br><span class=\"grasped\">%s</span>", g->text2);
    HRAW(b, "</th>");
}

static void write_head(const SheetLayout *l, Buf *b)
{
    HRAW(b, "<thead>\n<tr>");
    for (int i = 0; i < l->ntop; i++)
        write_group(b, l, &l->top[i]);
    HRAW(b, "</tr>\n<tr>");
    for (int i = 0; i < l->nmid; i++)
        write_group(b, l, &l->mid[i]);
    HRAW(b, "</tr>\n<tr class=\"col-heads\">");
    for (int i = 0; i < l->ncols; i++) {
        const SheetColumn *c = &l->cols[i];
        html_printf(b, "<th scope=\"col\" class=\"%s%s\">%s", col_class[c->kind],
                    c->year_start ? " year-start" : "", c->heading);
        if (c->checkpoint)
            html_printf(b, "<br><span class=\"checkpoint\">%s</span>", c->checkpoint);
        HRAW(b, "</th>");
    }
    HRAW(b, "</tr>\n</thead>\n");
}

/* Text with its line breaks as <br>, every line escaped. */
static void put_lines(Buf *b, const char *text)
{
    for (const char *p = text;;) {
        const char *nl = strchr(p, '\n');
        char line[1024];
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n >= sizeof(line)) {
            html_printf(b, "%s", p); /* one long value: pre-wrap keeps its breaks */
            return;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        html_printf(b, "%s", line);
        if (!nl)
            return;
        HRAW(b, "<br>");
        p = nl + 1;
    }
}

/* The name of an unconfirmed answer's status: 下書き, 提出済, 差戻し. */
static MsgId status_label(const char *status)
{
    if (strcmp(status, "draft") == 0)
        return M_STATUS_DRAFT;
    if (strcmp(status, "submitted") == 0)
        return M_STATUS_SUBMITTED;
    return M_STATUS_RETURNED;
}

/* A value of the secretariat's view (answers=all) not yet confirmed: its own
 * class and a badge 未確定（下書き） before the text, instead of the prefix
 * the files get. */
static void write_unconfirmed(Buf *b, const SheetLayout *l, const SheetColumn *c,
                              const SheetProject *p, const char *status)
{
    const char *text = p->values[sheet_value_index(l->sheet, c->year, c->field)];
    const char *args[] = {msg(l->lang, status_label(status))};
    char *badge = msg_fill(l->lang, M_UNCONFIRMED_BADGE, args, 1);
    html_printf(b,
                "<td class=\"c-value unconfirmed%s\" data-status=\"%s\"><span"
                " class=\"unconfirmed-badge\">%s</span> %s</td>",
                c->year_start ? " year-start" : "", status, badge, text);
    free(badge);
}

static void write_cell(Buf *b, const SheetLayout *l, const SheetColumn *c,
                       const SheetInitiative *in, const SheetProject *p, int span, Arena *a)
{
    const char *status = c->kind == COL_VALUE
                             ? sheet_unconfirmed(p, sheet_value_index(l->sheet, c->year, c->field))
                             : NULL;
    if (status) {
        write_unconfirmed(b, l, c, p, status);
        return;
    }
    const char *text = sheet_cell(l, c, in, p, a);
    const char *cls = col_class[c->kind];
    const char *start = c->year_start ? " year-start" : "";
    if (c->kind == COL_TITLE)
        html_printf(b, "<th scope=\"rowgroup\" rowspan=\"%d\" class=\"%s\">", span, cls);
    else if (c->kind == COL_PROJECT)
        html_printf(b, "<th scope=\"row\" class=\"%s\">", cls);
    else if (c->per_initiative)
        html_printf(b, "<td rowspan=\"%d\" class=\"%s\">", span, cls);
    else
        html_printf(b, "<td class=\"%s%s\">", cls, start);
    if (c->kind == COL_BUREAUS)
        put_lines(b, text);
    else
        html_printf(b, "%s", text);
    /* A project other plans share: one project, answered once, in each sheet. */
    if (c->kind == COL_PROJECT && p && p->shared)
        html_printf(b, " <span class=\"shared-badge\" title=\"%s\">%s</span>",
                    msg(l->lang, M_SHEET_SHARED_HELP), msg(l->lang, M_SHEET_SHARED));
    if (c->kind == COL_TITLE || c->kind == COL_PROJECT)
        HRAW(b, "</th>");
    else
        HRAW(b, "</td>");
}

void export_html_table(const SheetLayout *l, Buf *b, Arena *a)
{
    const Sheet *s = l->sheet;
    html_printf(b,
                "<div class=\"sheet-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">\n"
                "<table class=\"sheet\" data-years=\"%d\" data-fields=\"%d\">\n"
                "<caption>%s %s</caption>\n",
                l->title, s->nyears, s->nfields, l->title, s->title);
    write_head(l, b);
    for (int i = 0; i < s->ninitiatives; i++) {
        const SheetInitiative *in = &s->initiatives[i];
        int span = in->nprojects ? in->nprojects : 1;
        if (in->is_example)
            HRAW(b, "<tbody class=\"initiative example\" id=\"example\">\n<tr>");
        else
            html_printf(b, "<tbody class=\"initiative\" id=\"initiative-%lld\">\n<tr>",
                        (long long)in->id);
        for (int j = 0; j < span; j++) {
            const SheetProject *p = in->nprojects ? &in->projects[j] : NULL;
            if (j > 0)
                HRAW(b, "<tr>");
            for (int c = 0; c < l->ncols; c++) {
                const SheetColumn *col = &l->cols[c];
                if (col->per_initiative && j > 0)
                    continue;
                if (!p && !col->per_initiative) {
                    html_printf(b, "<td class=\"c-empty\" colspan=\"%d\"></td>", l->ncols - c);
                    break;
                }
                write_cell(b, l, col, in, p, span, a);
            }
            HRAW(b, "</tr>\n");
        }
        HRAW(b, "</tbody>\n");
    }
    HRAW(b, "</table>\n</div>\n");
}

Err export_html(const SheetLayout *l, Buf *out, char **err)
{
    (void)err;
    Arena arena;
    arena_init(&arena);
    const EmbeddedFile *css = embed_find(assets_files, "style.css");
    html_printf(out,
                "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%s %s</title>\n<style>\n",
                msg(l->lang, M_LANG_CODE), l->title, l->sheet->title);
    /* Our own stylesheet, compiled in: not user data. */
    if (css)
        buf_append(out, css->data, css->size);
    HRAW(out, "</style>\n</head>\n<body class=\"print-view\">\n<main id=\"main\">\n");
    export_html_doc_head(l, out);
    export_html_table(l, out, &arena);
    HRAW(out, "</main>\n</body>\n</html>\n");
    arena_free(&arena);
    return ERR_OK;
}
