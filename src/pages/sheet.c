/* GET /plans/{id}/sheet: the progress sheet in the council's layout, with
 * filters above it. The table is the document: the print stylesheet turns the
 * page into the A3 landscape sheet with its header row on every page. */
#include <string.h>
#include "base/era.h"
#include "base/html.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/sheet_query.h"

static const char *fy_name(Request *req, int fy, EraStyle era)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, era, 0);
    char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

/* The query string that reproduces this view, for the JSON link. */
static void view_query(Request *req, const Sheet *s, const SheetQuery *q, EraStyle era, Buf *out)
{
    buf_puts(out, "years=");
    for (int i = 0; i < s->nyears; i++)
        buf_printf(out, "%s%d", i ? "," : "", s->years[i]);
    if (q->direction_id)
        buf_printf(out, "&direction=%lld", (long long)q->direction_id);
    if (q->bureau_id)
        buf_printf(out, "&bureau=%lld", (long long)q->bureau_id);
    if (q->section_id)
        buf_printf(out, "&section=%lld", (long long)q->section_id);
    if (era == ERA_WESTERN)
        buf_puts(out, "&era=western");
    page_lang_param(req, out, '&');
}

static void write_doc_header(Request *req, Buf *b, const Sheet *s, EraStyle era)
{
    Lang L = req->lang;
    html_printf(b, "<div class=\"doc-head\">\n<div class=\"doc-title\"><h1>%s</h1>\n",
                *s->doc_title ? s->doc_title : msg(L, M_SHEET));
    html_printf(b, "<p class=\"doc-plan\">%s", s->title);
    if (*s->period_label)
        html_printf(b, " <span class=\"doc-period\">%s</span>", s->period_label);
    HRAW(b, "</p></div>\n");
    html_printf(b, "<div class=\"doc-meta\" role=\"group\" aria-label=\"%s\">",
                msg(L, M_SHEET_DOC_META));
    if (*s->doc_meeting)
        html_printf(b, "<p class=\"doc-meeting\">%s</p>", s->doc_meeting);
    if (*s->doc_material)
        html_printf(b, "<p class=\"doc-material\">%s</p>", s->doc_material);
    if (s->doc_year) {
        Buf d = BUF_INIT;
        era_format_date(&d, s->doc_year, s->doc_month, s->doc_day, era,
                        era == ERA_JAPANESE ? ERA_FULLWIDTH : 0);
        html_printf(
            b, "<p class=\"doc-date\"><time datetime=\"%s\">%s</time></p>",
            arena_printf(req->arena, "%04d-%02d-%02d", s->doc_year, s->doc_month, s->doc_day),
            d.data);
        buf_free(&d);
    }
    HRAW(b, "</div>\n</div>\n");
}

static void write_select_option(Buf *b, int64_t id, int64_t selected, const char *label)
{
    html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)id,
                id == selected ? " selected" : "", label);
}

static void write_filters(Request *req, Buf *b, const Sheet *s, const SheetQuery *q, EraStyle era)
{
    Lang L = req->lang;
    const char *dir_label = s->nlevels ? s->levels[0] : "";
    html_printf(b,
                "<form class=\"filters\" method=\"get\" action=\"/plans/%lld/sheet\">\n"
                "<h2 class=\"filters-title\">%s</h2>\n<div class=\"filter-row\">\n",
                (long long)s->plan_id, msg(L, M_FILTER_HEADING));
    if (L == LANG_EN)
        HRAW(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    html_printf(b,
                "<div class=\"field\"><label for=\"f-direction\">%s</label>"
                "<select id=\"f-direction\" name=\"direction\"><option value=\"\">%s</option>",
                dir_label, msg(L, M_FILTER_ALL));
    for (int i = 0; i < s->ndirections; i++) {
        const char *label =
            arena_printf(req->arena, "%s %s", s->directions[i].label, s->directions[i].title);
        write_select_option(b, s->directions[i].id, q->direction_id, label);
    }
    html_printf(b,
                "</select></div>\n<div class=\"field\"><label for=\"f-bureau\">%s</label>"
                "<select id=\"f-bureau\" name=\"bureau\"><option value=\"\">%s</option>",
                msg(L, M_FILTER_BUREAU), msg(L, M_FILTER_ALL));
    for (int i = 0; i < s->nunits; i++)
        if (!s->units[i].parent_id)
            write_select_option(b, s->units[i].id, q->bureau_id, s->units[i].name);
    html_printf(b,
                "</select></div>\n<div class=\"field\"><label for=\"f-section\">%s</label>"
                "<select id=\"f-section\" name=\"section\"><option value=\"\">%s</option>",
                msg(L, M_FILTER_SECTION), msg(L, M_FILTER_ALL));
    for (int i = 0; i < s->nunits; i++) {
        if (s->units[i].parent_id)
            continue;
        html_printf(b, "<optgroup label=\"%s\">", s->units[i].name);
        for (int j = 0; j < s->nunits; j++)
            if (s->units[j].parent_id == s->units[i].id)
                write_select_option(b, s->units[j].id, q->section_id, s->units[j].name);
        HRAW(b, "</optgroup>");
    }
    html_printf(b,
                "</select></div>\n</div>\n<fieldset class=\"field years\"><legend>%s</legend>"
                "<p class=\"help\" id=\"f-years-help\">%s</p><div class=\"checks\">",
                msg(L, M_FILTER_YEARS), msg(L, M_FILTER_YEARS_HELP));
    for (int fy = s->from_fy; fy <= s->to_fy; fy++) {
        bool on = false;
        for (int i = 0; i < s->nyears; i++)
            on |= s->years[i] == fy;
        html_printf(b,
                    "<label class=\"check\"><input type=\"checkbox\" name=\"year\" value=\"%d\""
                    " aria-describedby=\"f-years-help\"%s> %s</label>",
                    fy, on ? " checked" : "", fy_name(req, fy, era));
    }
    html_printf(b,
                "</div></fieldset>\n<fieldset class=\"field era\"><legend>%s</legend>"
                "<div class=\"checks\">"
                "<label class=\"check\"><input type=\"radio\" name=\"era\" value=\"japanese\"%s> "
                "%s</label>"
                "<label class=\"check\"><input type=\"radio\" name=\"era\" value=\"western\"%s> "
                "%s</label></div></fieldset>\n",
                msg(L, M_FILTER_ERA), era == ERA_JAPANESE ? " checked" : "", msg(L, M_ERA_JAPANESE),
                era == ERA_WESTERN ? " checked" : "", msg(L, M_ERA_WESTERN));
    Buf json = BUF_INIT;
    buf_printf(&json, "/api/v1/plans/%lld/sheet?", (long long)s->plan_id);
    view_query(req, s, q, era, &json);
    const char *reset =
        page_url(req, arena_printf(req->arena, "/plans/%lld/sheet", (long long)s->plan_id));
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button><a class=\"button secondary\" href=\"%s\">%s</a>"
                "<button type=\"button\" class=\"button secondary\" data-print hidden>%s</button>"
                "<a class=\"json-link\" href=\"%s\">%s</a></div>\n</form>\n",
                msg(L, M_FILTER_APPLY), reset, msg(L, M_FILTER_RESET), msg(L, M_PRINT), json.data,
                msg(L, M_JSON_LINK));
    buf_free(&json);
}

static void write_table_head(Request *req, Buf *b, const Sheet *s, EraStyle era)
{
    Lang L = req->lang;
    const char *level0 = s->nlevels > 0 ? s->levels[0] : "";
    const char *level1 = s->nlevels > 1 ? s->levels[1] : "";
    html_printf(b,
                "<thead>\n<tr><th scope=\"colgroup\" colspan=\"5\" rowspan=\"2\">%s</th>"
                "<th scope=\"colgroup\" colspan=\"4\">%s</th>",
                s->chapter_label, s->baseline_label);
    for (int y = 0; y < s->nyears; y++) {
        int fy = s->years[y];
        const char *circled = era_circled_number(fy - s->from_fy + 1);
        html_printf(b,
                    "<th scope=\"colgroup\" colspan=\"%d\" class=\"year-start\">%s%s<br>"
                    "<span class=\"grasped\">%s%s%s</span></th>",
                    s->nfields, s->progress_label, circled ? circled : "", msg(L, M_GRASPED_PREFIX),
                    fy_name(req, fy + 1, era), msg(L, M_GRASPED_SUFFIX));
    }
    html_printf(b, "</tr>\n<tr><th scope=\"colgroup\" colspan=\"4\">%s</th>", s->related_label);
    for (int y = 0; y < s->nyears; y++)
        html_printf(b, "<th scope=\"colgroup\" colspan=\"%d\" class=\"year-start\">%s</th>",
                    s->nfields, fy_name(req, s->years[y], era));
    html_printf(b,
                "</tr>\n<tr class=\"col-heads\"><th scope=\"col\" class=\"c-direction\">%s</th>"
                "<th scope=\"col\" class=\"c-number\">%s</th>"
                "<th scope=\"col\" class=\"c-title\">%s</th>"
                "<th scope=\"col\" class=\"c-content\">%s</th>"
                "<th scope=\"col\" class=\"c-bureaus\">%s</th>"
                "<th scope=\"col\" class=\"c-bureau\">%s</th>"
                "<th scope=\"col\" class=\"c-section\">%s</th>"
                "<th scope=\"col\" class=\"c-project\">%s</th>"
                "<th scope=\"col\" class=\"c-summary\">%s</th>",
                level0, msg(L, M_COL_NUMBER), level1, msg(L, M_COL_CONTENT), msg(L, M_COL_BUREAUS),
                msg(L, M_COL_BUREAU), msg(L, M_COL_SECTION), msg(L, M_COL_PROJECT),
                msg(L, M_COL_SUMMARY));
    for (int y = 0; y < s->nyears; y++)
        for (int f = 0; f < s->nfields; f++)
            html_printf(b,
                        "<th scope=\"col\" class=\"c-value%s\">%s<br>"
                        "<span class=\"checkpoint\">[%s]</span></th>",
                        f == 0 ? " year-start" : "", s->fields[f].label,
                        msg(L, s->fields[f].at_year_end ? M_CHECK_END : M_CHECK_START));
    HRAW(b, "</tr>\n</thead>\n");
}

static void write_project_cells(Buf *b, const Sheet *s, const SheetProject *p)
{
    html_printf(b,
                "<td class=\"c-bureau\">%s</td><td class=\"c-section\">%s</td>"
                "<th scope=\"row\" class=\"c-project\">%s</th><td class=\"c-summary\">%s</td>",
                p->bureau, p->section, p->name, p->summary);
    for (int y = 0; y < s->nyears; y++)
        for (int f = 0; f < s->nfields; f++)
            html_printf(b, "<td class=\"c-value%s\">%s</td>", f == 0 ? " year-start" : "",
                        p->values[sheet_value_index(s, y, f)]);
}

static void write_body(Buf *b, const Sheet *s)
{
    for (int i = 0; i < s->ninitiatives; i++) {
        const SheetInitiative *in = &s->initiatives[i];
        int span = in->nprojects ? in->nprojects : 1;
        html_printf(b,
                    "<tbody class=\"initiative\" id=\"initiative-%lld\">\n<tr>"
                    "<td rowspan=\"%d\" class=\"c-direction\">%s</td>"
                    "<td rowspan=\"%d\" class=\"c-number\">%s</td>"
                    "<th scope=\"rowgroup\" rowspan=\"%d\" class=\"c-title\">%s</th>"
                    "<td rowspan=\"%d\" class=\"c-content\">%s</td>"
                    "<td rowspan=\"%d\" class=\"c-bureaus\">",
                    (long long)in->id, span, in->direction ? in->direction->label : "", span,
                    in->number, span, in->title, span, in->content, span);
        for (int k = 0; k < in->nbureaus; k++) {
            if (k)
                HRAW(b, "<br>");
            html_printf(b, "%s", in->bureaus[k]);
        }
        HRAW(b, "</td>");
        if (in->nprojects == 0) {
            html_printf(b, "<td class=\"c-empty\" colspan=\"%d\"></td>",
                        4 + s->nyears * s->nfields);
        }
        for (int j = 0; j < in->nprojects; j++) {
            if (j > 0)
                HRAW(b, "<tr>");
            write_project_cells(b, s, &in->projects[j]);
            HRAW(b, "</tr>\n");
        }
        if (in->nprojects == 0)
            HRAW(b, "</tr>\n");
        HRAW(b, "</tbody>\n");
    }
}

void page_sheet(Request *req, Response *res)
{
    Sheet s;
    SheetQuery q;
    EraStyle era;
    if (!sheet_query_load(req, res, &s, &q, &era))
        return;
    Lang L = req->lang;
    page_begin(
        req, res,
        arena_printf(req->arena, "%s %s", *s.doc_title ? s.doc_title : msg(L, M_SHEET), s.title));
    Buf *b = &res->body;
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/"), msg(L, M_PLAN_LIST_TITLE), s.title);
    write_doc_header(req, b, &s, era);
    write_filters(req, b, &s, &q, era);
    if (s.ninitiatives == 0) {
        html_printf(b, "<p class=\"empty-state\" role=\"status\">%s</p>\n", msg(L, M_SHEET_EMPTY));
        page_end(req, res);
        return;
    }
    html_printf(b,
                "<div class=\"sheet-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">\n"
                "<table class=\"sheet\" data-years=\"%d\" data-fields=\"%d\">\n"
                "<caption>%s %s</caption>\n",
                *s.doc_title ? s.doc_title : msg(L, M_SHEET), s.nyears, s.nfields,
                *s.doc_title ? s.doc_title : msg(L, M_SHEET), s.title);
    write_table_head(req, b, &s, era);
    write_body(b, &s);
    HRAW(b, "</table>\n</div>\n");
    page_end(req, res);
}
