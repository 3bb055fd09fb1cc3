/* GET /audit: the audit log, newest first, a page of entries at a time, with
 * filters by user, plan, project and dates (Japan time). Which entries a
 * person may read is decided by the model (audit_list); this page only shows
 * them. Nothing here changes the log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/clock.h"
#include "base/html.h"
#include "base/log.h"
#include "base/utf8.h"
#include "model/audit.h"
#include "model/plan.h"
#include "pages/auth.h"
#include "pages/layout.h"
#include "pages/pages.h"

enum {
    JST_OFFSET = 9 * 60 * 60, /* Asia/Tokyo: UTC+9, no summer time */
    ACTOR_MAX_CHARS = 100,
    PAGE_MAX = 1000000,
};

/* The filters as given, checked. */
typedef struct AuditQuery {
    const char *actor, *plan, *project, *from, *to; /* as typed, for the form */
    AuditFilter filter;
} AuditQuery;

/* A whole number from 1 to max written only with digits, or 0. */
static int64_t positive_int(const char *s, int64_t max)
{
    if (!s || !*s || strlen(s) > 18)
        return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
    }
    return v >= 1 && v <= max ? v : 0;
}

/* Reads "YYYY-MM-DD", a real date, as midnight UTC of that day. */
static bool parse_date(const char *s, time_t *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t = timegm(&tm);
    struct tm back;
    /* timegm carries 2026-02-30 over into March: such a date does not exist. */
    if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_mday != d || back.tm_mon != m - 1)
        return false;
    *out = t;
    return true;
}

/* t as the log stores times: "2026-11-24T15:00:00Z" (arena). */
static const char *iso_utc(Arena *a, time_t t)
{
    struct tm tm;
    char s[32];
    gmtime_r(&t, &tm);
    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, s);
}

/* The plans the viewer runs, for the plan filter. */
static Err runnable_plans(Request *req, PlanSummary **plans, int *n)
{
    const Principal *who = page_user(req);
    Err e = plan_list(req->db, req->arena, who, plans, n);
    if (e != ERR_OK)
        return e;
    int kept = 0;
    for (int i = 0; i < *n; i++)
        if (principal_runs_plan(who, (*plans)[i].id))
            (*plans)[kept++] = (*plans)[i];
    *n = kept;
    return ERR_OK;
}

/* Reads and checks the filters; false (and the 400 answered, naming the
 * parameter) when one is not valid. */
static bool read_query(Request *req, Response *res, const PlanSummary *plans, int nplans,
                       AuditQuery *q)
{
    memset(q, 0, sizeof(*q));
    q->actor = req_param(req, "actor");
    q->plan = req_param(req, "plan");
    q->project = req_param(req, "project");
    q->from = req_param(req, "from");
    q->to = req_param(req, "to");
    const char *page = req_param(req, "page");
    AuditFilter *f = &q->filter;
    f->page = 1;
    if (q->actor && *q->actor) {
        if (utf8_char_count(q->actor) > ACTOR_MAX_CHARS) {
            page_error(req, res, 400, M_ERR_AUDIT_ACTOR, "actor");
            return false;
        }
        f->actor = q->actor;
    }
    if (q->plan && *q->plan) {
        f->plan_id = positive_int(q->plan, INT64_MAX / 10);
        bool listed = false;
        for (int i = 0; i < nplans && f->plan_id; i++)
            listed |= plans[i].id == f->plan_id;
        if (!listed) {
            page_error(req, res, 400, M_ERR_AUDIT_PLAN, "plan");
            return false;
        }
    }
    if (q->project && *q->project) {
        f->project_id = positive_int(q->project, INT64_MAX / 10);
        if (!f->project_id) {
            page_error(req, res, 400, M_ERR_AUDIT_PROJECT, "project");
            return false;
        }
    }
    /* Dates are days in Japan time: from its 00:00 JST up to the next day's. */
    time_t day;
    if (q->from && *q->from) {
        if (!parse_date(q->from, &day)) {
            page_error(req, res, 400, M_ERR_AUDIT_FROM, "from");
            return false;
        }
        f->at_from = iso_utc(req->arena, day - JST_OFFSET);
    }
    if (q->to && *q->to) {
        if (!parse_date(q->to, &day)) {
            page_error(req, res, 400, M_ERR_AUDIT_TO, "to");
            return false;
        }
        if (q->from && *q->from && strcmp(q->to, q->from) < 0) {
            page_error(req, res, 400, M_ERR_AUDIT_RANGE, "to");
            return false;
        }
        f->at_before = iso_utc(req->arena, day + 24 * 60 * 60 - JST_OFFSET);
    }
    if (page && *page) {
        f->page = (int)positive_int(page, PAGE_MAX);
        if (!f->page) {
            page_error(req, res, 400, M_ERR_AUDIT_PAGE, "page");
            return false;
        }
    }
    return true;
}

/* "/audit?actor=...&page=N" with the filters kept (arena). */
static const char *page_link(Request *req, const AuditQuery *q, int page)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "/audit");
    const char *names[] = {"actor", "plan", "project", "from", "to"};
    const char *values[] = {q->actor, q->plan, q->project, q->from, q->to};
    char sep = '?';
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!values[i] || !*values[i])
            continue;
        buf_putc(&b, sep);
        buf_puts(&b, names[i]);
        buf_putc(&b, '=');
        url_escape(&b, values[i]);
        sep = '&';
    }
    buf_printf(&b, "%cpage=%d", sep, page);
    page_lang_param(req, &b, '&');
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

static void write_filters(Request *req, Buf *b, const AuditQuery *q, const PlanSummary *plans,
                          int nplans)
{
    Lang L = req->lang;
    html_printf(b,
                "<form class=\"filters stack\" method=\"get\" action=\"/audit\">\n"
                "<h2 class=\"filters-title\">%s</h2>\n",
                msg(L, M_FILTER_HEADING));
    if (L == LANG_EN)
        HRAW(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">\n");
    html_printf(b,
                "<div class=\"filter-row\">\n"
                "<div class=\"field\"><label for=\"f-actor\">%s</label>"
                "<input id=\"f-actor\" name=\"actor\" type=\"text\" value=\"%s\""
                " autocomplete=\"off\"></div>\n"
                "<div class=\"field\"><label for=\"f-plan\">%s</label>"
                "<select id=\"f-plan\" name=\"plan\"><option value=\"\">%s</option>",
                msg(L, M_AUDIT_FILTER_ACTOR), q->actor ? q->actor : "", msg(L, M_AUDIT_FILTER_PLAN),
                msg(L, M_FILTER_ALL));
    for (int i = 0; i < nplans; i++)
        html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)plans[i].id,
                    plans[i].id == q->filter.plan_id ? " selected" : "", plans[i].title);
    html_printf(b,
                "</select></div>\n"
                "<div class=\"field\"><label for=\"f-project\">%s</label>"
                "<input id=\"f-project\" name=\"project\" type=\"text\" inputmode=\"numeric\""
                " value=\"%s\"></div>\n</div>\n"
                "<div class=\"filter-row\">\n"
                "<div class=\"field\"><label for=\"f-from\">%s</label>"
                "<p class=\"help\" id=\"f-from-help\">%s</p>"
                "<input id=\"f-from\" name=\"from\" type=\"date\" value=\"%s\""
                " aria-describedby=\"f-from-help\"></div>\n"
                "<div class=\"field\"><label for=\"f-to\">%s</label>"
                "<p class=\"help\" id=\"f-to-help\">%s</p>"
                "<input id=\"f-to\" name=\"to\" type=\"date\" value=\"%s\""
                " aria-describedby=\"f-to-help\"></div>\n</div>\n",
                msg(L, M_AUDIT_FILTER_PROJECT), q->project ? q->project : "",
                msg(L, M_AUDIT_FILTER_FROM), msg(L, M_AUDIT_DATE_HELP), q->from ? q->from : "",
                msg(L, M_AUDIT_FILTER_TO), msg(L, M_AUDIT_DATE_HELP), q->to ? q->to : "");
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button><a class=\"button secondary\" href=\"%s\">%s</a></div>\n</form>\n",
                msg(L, M_FILTER_APPLY), page_url(req, "/audit"), msg(L, M_FILTER_RESET));
}

/* A JSON text of the log, escaped, or nothing. */
static void write_json_cell(Buf *b, const char *json)
{
    if (json && *json)
        html_printf(b, "<td><pre><code>%s</code></pre></td>", json);
    else
        HRAW(b, "<td></td>");
}

static void write_table(Request *req, Buf *b, const AuditEntry *rows, int n)
{
    Lang L = req->lang;
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table audit-log\">\n<thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                msg(L, M_AUDIT_COL_AT), msg(L, M_AUDIT_COL_ACTOR), msg(L, M_AUDIT_COL_ADDRESS),
                msg(L, M_AUDIT_COL_ACTION), msg(L, M_AUDIT_COL_ENTITY), msg(L, M_AUDIT_COL_BEFORE),
                msg(L, M_AUDIT_COL_AFTER));
    for (int i = 0; i < n; i++) {
        const AuditEntry *e = &rows[i];
        html_printf(b,
                    "<tr><th scope=\"row\"><time datetime=\"%s\">%s</time></th><td>%s</td>"
                    "<td>%s</td><td><code>%s</code></td>",
                    e->at, clock_jst(req->arena, e->at, true), e->actor, e->address, e->action);
        if (e->entity_id)
            html_printf(b, "<td>%s %lld</td>", e->entity, (long long)e->entity_id);
        else
            html_printf(b, "<td>%s</td>", e->entity);
        write_json_cell(b, e->before_json);
        write_json_cell(b, e->after_json);
        HRAW(b, "</tr>\n");
    }
    HRAW(b, "</tbody></table></div>\n");
}

static void write_pager(Request *req, Buf *b, const AuditQuery *q, int64_t total)
{
    Lang L = req->lang;
    int page = q->filter.page;
    int64_t last = (total + AUDIT_PAGE_ROWS - 1) / AUDIT_PAGE_ROWS;
    if (page <= 1 && page >= last)
        return;
    html_printf(b, "<nav class=\"pager\" aria-label=\"%s\"><ul class=\"links\">",
                msg(L, M_AUDIT_PAGES));
    if (page > 1) {
        /* From past the end, back to the last page that has entries. */
        int prev = page - 1 < last ? page - 1 : (int)last;
        html_printf(b, "<li><a href=\"%s\" rel=\"prev\">%s</a></li>",
                    page_link(req, q, prev > 1 ? prev : 1), msg(L, M_AUDIT_PREV));
    }
    if (page < last)
        html_printf(b, "<li><a href=\"%s\" rel=\"next\">%s</a></li>", page_link(req, q, page + 1),
                    msg(L, M_AUDIT_NEXT));
    HRAW(b, "</ul></nav>\n");
}

void page_audit(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    PlanSummary *plans;
    int nplans;
    if (runnable_plans(req, &plans, &nplans) != ERR_OK) {
        log_error("audit plans: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    AuditQuery q;
    if (!read_query(req, res, plans, nplans, &q))
        return;
    AuditEntry *rows;
    int n;
    int64_t total;
    Err e = audit_list(req->db, req->arena, who, &q.filter, &rows, &n, &total);
    if (e == ERR_FORBIDDEN) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    if (e != ERR_OK) {
        log_error("audit list: %s", db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    page_begin(req, res, msg(L, M_AUDIT_TITLE));
    Buf *b = &res->body;
    html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", msg(L, M_AUDIT_TITLE),
                msg(L, principal_is_admin(who) ? M_AUDIT_SCOPE_ALL : M_AUDIT_SCOPE_PLANS));
    write_filters(req, b, &q, plans, nplans);
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_AUDIT_EMPTY));
    } else {
        int64_t first = (int64_t)(q.filter.page - 1) * AUDIT_PAGE_ROWS + 1;
        char s_total[24], s_first[24], s_last[24];
        snprintf(s_total, sizeof(s_total), "%lld", (long long)total);
        snprintf(s_first, sizeof(s_first), "%lld", (long long)first);
        snprintf(s_last, sizeof(s_last), "%lld", (long long)(first + n - 1));
        const char *args[] = {s_total, s_first, s_last};
        char *showing = msg_fill(L, M_AUDIT_SHOWING, args, 3);
        html_printf(b, "<p class=\"result-count\">%s</p>\n", showing);
        free(showing);
        write_table(req, b, rows, n);
    }
    write_pager(req, b, &q, total);
    page_end(req, res);
}
