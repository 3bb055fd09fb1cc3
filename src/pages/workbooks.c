/* Answering in Excel: a section's workbook for an open round (GET
 * /rounds/{id}/sections/{id}/workbook.xlsx), and its upload, by the section
 * or in bulk by the secretariat (GET and POST /rounds/{id}/upload), answered
 * with what became of every row. The export and the checks are in
 * export/section_book.c and import/section_upload.c; rights in the model. */
#include <stdlib.h>
#include <string.h>
#include "base/html.h"
#include "export/section_book.h"
#include "import/section_upload.h"
#include "model/round.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/workbooks.h"

static const char *round_path(Request *req, int64_t round_id, const char *rest)
{
    return page_url(req, arena_printf(req->arena, "/rounds/%lld%s", (long long)round_id, rest));
}

void workbooks_panel(Request *req, Buf *b, const Round *r, const AnswerRow *rows, int n)
{
    Lang L = req->lang;
    if (strcmp(r->status, "open") != 0 || n == 0)
        return;
    html_printf(b,
                "<section class=\"panel workbooks\" aria-labelledby=\"round-workbooks\">"
                "<h2 id=\"round-workbooks\">%s</h2><p>%s</p><ul>",
                msg(L, M_WB_PANEL_TITLE), msg(L, M_WB_PANEL_HELP));
    /* One link per section, in the order of the list (the city's). */
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = rows[j].section_id == rows[i].section_id;
        if (seen)
            continue;
        html_printf(b, "<li><a href=\"%s\" download>%s %s</a></li>",
                    round_path(req, r->id,
                               arena_printf(req->arena, "/sections/%lld/workbook.xlsx",
                                            (long long)rows[i].section_id)),
                    rows[i].section, msg(L, M_WB_DOWNLOAD));
    }
    html_printf(b, "</ul><p><a class=\"button secondary\" href=\"%s\">%s</a></p></section>\n",
                round_path(req, r->id, "/upload"), msg(L, M_WB_UPLOAD_TITLE));
}

void page_workbook(Request *req, Response *res)
{
    const char *name = NULL;
    char *err = NULL;
    Buf out = BUF_INIT;
    Err e = section_book_write(req->db, req->arena, page_user(req), req->ids[0], req->ids[1],
                               req->lang, &out, &name, &err);
    free(err);
    if (e != ERR_OK) {
        buf_free(&out);
        if (e == ERR_CONFLICT)
            page_error(req, res, 409, M_WB_ROUND_NOT_OPEN, NULL);
        else
            page_model_error(req, res, e);
        return;
    }
    Buf d = BUF_INIT;
    buf_printf(&d,
               "attachment; filename=\"shinchoku-round-%lld-section-%lld.xlsx\";"
               " filename*=UTF-8''",
               (long long)req->ids[0], (long long)req->ids[1]);
    url_escape(&d, name ? name : "workbook.xlsx");
    resp_header(res, "Content-Disposition", arena_strdup(req->arena, d.data));
    buf_free(&d);
    res->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res->body = out;
}

static void write_upload_form(Request *req, Buf *b, const Round *r, const char *file_error)
{
    Lang L = req->lang;
    if (file_error)
        form_error_summary(req, b);
    html_printf(b,
                "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\""
                " class=\"stack\">",
                round_path(req, r->id, "/upload"));
    form_csrf(req, b, page_user(req)->csrf);
    form_field_start(req, b, "file", M_WB_UPLOAD_FILE, true, file_error, false);
    html_printf(
        b,
        "<p class=\"help\" id=\"f-file-help\">%s</p><input type=\"file\" id=\"f-file\""
        " name=\"file\" accept=\".xlsx\" multiple required aria-describedby=\"f-file-help%s\"",
        msg(L, M_WB_UPLOAD_HELP), file_error ? " f-file-error" : "");
    if (file_error)
        HRAW(b, " aria-invalid=\"true\"");
    HRAW(b, ">");
    form_field_error(b, "file", file_error);
    html_printf(b,
                "</div><div class=\"field\"><label class=\"check\"><input type=\"checkbox\""
                " name=\"submit\" value=\"1\"> %s</label></div><div class=\"actions\"><button"
                " type=\"submit\" class=\"button primary\">%s</button></div></form>\n",
                msg(L, M_WB_UPLOAD_SUBMIT), msg(L, M_WB_UPLOAD_BUTTON));
}

static void begin(Request *req, Response *res, const Round *r)
{
    Lang L = req->lang;
    page_begin(req, res, msg(L, M_WB_UPLOAD_TITLE));
    html_printf(&res->body,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li><a href=\"%s\">%s %s</a></li><li aria-current=\"page\">%s</li></ol></nav>\n"
                "<h1>%s</h1>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/rounds"), msg(L, M_ROUNDS_TITLE),
                round_path(req, r->id, ""), r->plan_title, page_fy_name(req, r->fiscal_year),
                msg(L, M_WB_UPLOAD_TITLE), msg(L, M_WB_UPLOAD_TITLE));
}

static bool load_round(Request *req, Response *res, Round *r)
{
    Err e = round_get(req->db, req->arena, page_user(req), req->ids[0], r);
    if (e != ERR_OK)
        page_model_error(req, res, e);
    return e == ERR_OK;
}

void page_workbook_upload_form(Request *req, Response *res)
{
    Round r;
    if (!load_round(req, res, &r))
        return;
    begin(req, res, &r);
    write_upload_form(req, &res->body, &r, NULL);
    page_end(req, res);
}

static void write_report(Request *req, Buf *b, const UploadReport *rep)
{
    Lang L = req->lang;
    char *summary = section_upload_summary(L, rep);
    html_printf(b, "<p class=\"notice%s\" role=\"status\">%s</p>",
                rep->refused ? " error" : " success", summary);
    free(summary);
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table upload-report\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>",
                msg(L, M_WB_UP_COL_SHEET), msg(L, M_WB_UP_COL_ROW), msg(L, M_COL_PROJECT),
                msg(L, M_WB_UP_COL_RESULT));
    for (int i = 0; i < rep->nrows; i++) {
        const UploadRow *row = &rep->rows[i];
        char *text = section_upload_message(L, row);
        html_printf(b,
                    "<tr class=\"%s\"><td>%s</td><td class=\"num\">%d</td><th scope=\"row\">%s"
                    "</th><td>%s</td></tr>",
                    section_upload_refused(row->outcome) ? "refused" : "done", row->sheet, row->row,
                    row->project ? row->project : "", text);
        free(text);
    }
    HRAW(b, "</tbody></table></div>\n");
}

/* Every file sent as "file": the secretariat may send all its sections'
 * workbooks at once. Each is checked and saved on its own (a file refused
 * whole says so under its name). */
void page_workbook_upload(Request *req, Response *res)
{
    Lang L = req->lang;
    Round r;
    if (!load_round(req, res, &r))
        return;
    int nfiles = 0;
    for (int i = 0; i < req->nfiles; i++)
        nfiles += strcmp(req->files[i].field, "file") == 0 && req->files[i].len > 0;
    if (!nfiles) {
        res->status = 400;
        begin(req, res, &r);
        write_upload_form(req, &res->body, &r, msg(L, M_IMPORT_ERR_NO_FILE));
        page_end(req, res);
        return;
    }
    Buf reports = BUF_INIT;
    Actor by = page_actor(req);
    bool submit = req_form(req, "submit") != NULL;
    int refused_files = 0;
    const char *file_error = NULL;
    for (int i = 0; i < req->nfiles; i++) {
        const UploadFile *file = &req->files[i];
        if (strcmp(file->field, "file") != 0 || !file->len)
            continue;
        UploadReport rep = {0};
        UploadProblem problem = UPLOAD_FILE_OK;
        Err e = section_upload(req->db, req->arena, &by, page_user(req), r.id, file->data,
                               file->len, submit, &rep, &problem);
        if (e == ERR_NOT_FOUND || e == ERR_FORBIDDEN) {
            buf_free(&reports);
            page_model_error(req, res, e); /* the round, not the file: all files alike */
            return;
        }
        if (nfiles > 1)
            html_printf(&reports, "<h2 class=\"upload-file\">%s</h2>", file->filename);
        if (e == ERR_OK) {
            write_report(req, &reports, &rep);
        } else if (e != ERR_INVALID && e != ERR_TOO_BIG) {
            /* This file's rows were not written; the files before it were and
             * keep their reports. */
            refused_files++;
            file_error = msg(L, M_WB_UP_FILE_NOT_SAVED);
            html_printf(&reports, "<p class=\"notice error\" role=\"alert\">%s</p>", file_error);
        } else {
            refused_files++;
            file_error = section_upload_problem_message(L, problem);
            html_printf(&reports, "<p class=\"notice error\" role=\"alert\">%s</p>",
                        section_upload_problem_message(L, problem));
        }
    }
    /* One file refused whole, sent alone: its message is at the field. */
    bool alone = nfiles == 1 && refused_files == 1;
    if (alone)
        res->status = 400;
    begin(req, res, &r);
    if (!alone)
        buf_append(&res->body, reports.data ? reports.data : "", reports.len);
    buf_free(&reports);
    write_upload_form(req, &res->body, &r, alone ? file_error : NULL);
    page_end(req, res);
}
