/* GET /plans/{id}/sheet.xlsx|.pdf|.csv|.html: the sheet as a file, for the
 * same selection as the page (years, filters, era) and, for CSV, the
 * encoding: encoding=cp932 and replace=〓 for characters CP932 lacks, and
 * what=summary or what=indicators for those tables instead of the sheet. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "base/html.h"
#include "base/log.h"
#include "export/export.h"
#include "model/indicator.h"
#include "model/summary.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/sheet_query.h"

/* PDF and Excel of a large plan take seconds of a worker thread; at most
 * this many run at once, so that some thread is always free for pages. */
static atomic_int heavy_slots = 1;
static atomic_int heavy_running;

void download_set_slots(int slots)
{
    atomic_store(&heavy_slots, slots < 0 ? 0 : slots);
}

static bool take_slot(void)
{
    int n = atomic_fetch_add(&heavy_running, 1);
    if (n < atomic_load(&heavy_slots))
        return true;
    atomic_fetch_sub(&heavy_running, 1);
    return false;
}

/* attachment; filename="sheet-1.xlsx"; filename*=UTF-8''進捗管理シート...; a
 * CSV of the summary or the indicators says so in both names. */
static const char *disposition(Request *req, const SheetLayout *l, ExportFormat f, CsvContent what)
{
    static const char *const suffix[] = {
        [CSV_SHEET] = "", [CSV_SUMMARY] = "-summary", [CSV_INDICATORS] = "-indicators"};
    bool csv = f == EXPORT_CSV;
    Buf b = BUF_INIT;
    buf_printf(&b, "attachment; filename=\"shinchoku-plan-%lld%s.%s\"; filename*=UTF-8''",
               (long long)l->sheet->plan_id, csv ? suffix[what] : "", export_format_name(f));
    url_escape(&b, csv ? export_csv_file_name(l, what, req->arena)
                       : export_file_name(l, f, req->arena));
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

void page_download(Request *req, Response *res)
{
    const char *dot = strrchr(req->path, '.');
    ExportFormat f;
    if (!dot || !export_format_parse(dot + 1, &f)) {
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return;
    }
    CsvOptions csv = {CSV_UTF8_BOM, NULL};
    const char *enc = req_param(req, "encoding");
    if (enc && *enc && strcmp(enc, "utf-8") != 0 && strcmp(enc, "cp932") != 0) {
        page_error(req, res, 400, M_ERR_BAD_ENCODING, "encoding");
        return;
    }
    if (enc && strcmp(enc, "cp932") == 0)
        csv.encoding = CSV_CP932;
    const char *rep = req_param(req, "replace");
    if (rep && *rep)
        csv.replacement = rep;
    CsvContent what;
    if (!export_csv_content_parse(req_param(req, "what"), &what) ||
        (what != CSV_SHEET && f != EXPORT_CSV)) {
        page_error(req, res, 400, M_ERR_BAD_WHAT, "what");
        return;
    }

    Sheet s;
    SheetQuery q;
    EraStyle era;
    if (!sheet_query_load(req, res, &s, &q, &era))
        return;
    bool heavy = f == EXPORT_PDF || f == EXPORT_XLSX;
    if (heavy && !take_slot()) {
        resp_header(res, "Retry-After", "10");
        page_error(req, res, 503, M_ERR_BUSY, NULL);
        return;
    }
    SheetLayout l;
    sheet_layout(&s, &(ExportOptions){.era = era, .lang = req->lang}, req->arena, &l);
    bool all = f == EXPORT_XLSX || f == EXPORT_PDF; /* they follow the sheet */
    Summary sum; /* the XLSX's 集計 worksheet, the PDF's page, the CSV of what=summary */
    if ((all || what == CSV_SUMMARY) && summary_load(req->db, req->arena, &s, &sum) == ERR_OK)
        l.summary = &sum;
    IndicatorSet ind; /* the XLSX's 評価指標, the PDF's charts, the CSV of what=indicators */
    if ((all || what == CSV_INDICATORS) &&
        indicators_load(req->db, req->arena, q.who, s.plan_id, s.years, s.nyears, &ind) == ERR_OK)
        l.indicators = &ind;
    char *err = NULL;
    Err e = f == EXPORT_CSV ? export_csv_of(&l, &csv, what, &res->body, &err)
                            : export_write(&l, f, &csv, &res->body, &err);
    if (heavy)
        atomic_fetch_sub(&heavy_running, 1);
    if (e == ERR_INVALID) {
        page_error_text(req, res, 400, err);
    } else if (e != ERR_OK) {
        log_error("export %s of plan %lld: %s", export_format_name(f), (long long)s.plan_id,
                  err ? err : "failed");
        page_error(req, res, 500, M_ERR_EXPORT_FAILED, NULL);
    } else {
        res->content_type = export_format_type(f, &csv);
        resp_header(res, "Content-Disposition", disposition(req, &l, f, what));
    }
    free(err);
}
