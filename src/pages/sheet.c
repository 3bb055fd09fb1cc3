/* GET /plans/{id}/sheet: the progress sheet in the council's layout, with
 * filters above it. The table is the document: the print stylesheet turns the
 * page into the A3 landscape sheet with its header row on every page. */
#include <string.h>
#include "base/era.h"
#include "base/html.h"
#include "model/indicator.h"
#include "model/summary.h"
#include "pages/auth.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/sheet_query.h"
#include "export/export.h"

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
    if (q->examples)
        buf_puts(out, "&examples=1");
    if (q->all_answers)
        buf_puts(out, "&answers=all");
    page_lang_param(req, out, '&');
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
                    fy, on ? " checked" : "", sheet_fy_name(fy, era, req->arena));
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
    html_printf(b,
                "<div class=\"field examples\"><label class=\"check\"><input type=\"checkbox\""
                " name=\"examples\" value=\"1\"%s> %s</label></div>\n",
                q->examples ? " checked" : "", msg(L, M_FILTER_EXAMPLES));
    /* The secretariat's view with unconfirmed answers: offered to those who
     * run the plan only (the model refuses it to anyone else). */
    if (principal_runs_plan(page_user(req), s->plan_id))
        html_printf(b,
                    "<div class=\"field all-answers\"><label class=\"check\"><input"
                    " type=\"checkbox\" name=\"answers\" value=\"all\"%s> %s</label></div>\n",
                    q->all_answers ? " checked" : "", msg(L, M_FILTER_ALL_ANSWERS));
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

/* Links to the same view as a file: Excel, PDF, CSV in UTF-8 and Shift_JIS. */
static void write_downloads(Request *req, Buf *b, const Sheet *s, const SheetQuery *q, EraStyle era)
{
    Lang L = req->lang;
    enum { ALWAYS, IF_SUMMARY, IF_INDICATORS };
    static const struct {
        const char *ext, *extra;
        MsgId label;
        int when;
    } files[] = {
        {"xlsx", "", M_DOWNLOAD_XLSX, ALWAYS},
        {"pdf", "", M_DOWNLOAD_PDF, ALWAYS},
        {"csv", "", M_DOWNLOAD_CSV, ALWAYS},
        {"csv", "&encoding=cp932&replace=%E3%80%93", M_DOWNLOAD_CSV_CP932, ALWAYS},
        {"csv", "&what=summary", M_DOWNLOAD_SUMMARY_CSV, IF_SUMMARY},
        {"csv", "&what=indicators", M_DOWNLOAD_INDICATORS_CSV, IF_INDICATORS},
    };
    bool has[] = {true, summary_exists(req->db, s->plan_id), indicators_exist(req->db, s->plan_id)};
    html_printf(b,
                "<section class=\"downloads\" aria-labelledby=\"downloads-title\">"
                "<h2 id=\"downloads-title\">%s</h2><ul>",
                msg(L, M_DOWNLOAD_HEADING));
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (!has[files[i].when])
            continue;
        Buf href = BUF_INIT;
        buf_printf(&href, "/plans/%lld/sheet.%s?", (long long)s->plan_id, files[i].ext);
        view_query(req, s, q, era, &href);
        buf_puts(&href, files[i].extra);
        html_printf(b, "<li><a class=\"button secondary\" href=\"%s\" download>%s</a></li>",
                    href.data, msg(L, files[i].label));
        buf_free(&href);
    }
    HRAW(b, "</ul></section>\n");
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
    SheetLayout layout;
    sheet_layout(&s, &(ExportOptions){.era = era, .lang = L}, req->arena, &layout);
    export_html_doc_head(&layout, b);
    write_filters(req, b, &s, &q, era);
    write_downloads(req, b, &s, &q, era);
    if (q.all_answers)
        html_printf(b, "<p class=\"notice all-answers-note\" role=\"note\">%s</p>\n",
                    msg(L, M_SHEET_ALL_ANSWERS_NOTE));
    if (s.ninitiatives == 0) {
        html_printf(b, "<p class=\"empty-state\" role=\"status\">%s</p>\n", msg(L, M_SHEET_EMPTY));
        page_end(req, res);
        return;
    }
    export_html_table(&layout, b, req->arena);
    sheet_summary_write(req, b, &s, era);
    sheet_indicators_write(req, b, &s, era);
    page_end(req, res);
}
