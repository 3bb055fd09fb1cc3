/* Rounds (照会): GET /rounds lists the rounds one takes part in; the
 * secretariat opens one at /plans/{id}/rounds/new, watches its answers come in
 * at /rounds/{id}, confirms submitted answers in bulk, closes, reopens and
 * extends it. Editors and reviewers see the same page with their own rows
 * only. The model decides who may do what (model/round.h, model/answer.h)
 * and audits every write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/era.h"
#include "base/clock.h"
#include "base/html.h"
#include "model/answer.h"
#include "model/plan.h"
#include "model/round.h"
#include "model/round_shared.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/labels.h"
#include "pages/layout.h"
#include "pages/pages.h"
#include "pages/workbooks.h"

enum {
    JST_OFFSET = 9 * 60 * 60, /* Asia/Tokyo: UTC+9, no summer time */
};

/* ---- small helpers ------------------------------------------------------- */

static void write_downloads(Request *req, Buf *b, const Round *r);

/* Who sees the round's confirmed answers on the sheet (model/round.h). */
static MsgId publish_label(int level)
{
    return level >= ROUND_PUBLIC       ? M_ROUND_PUBLISH_2
           : level == ROUND_TO_VIEWERS ? M_ROUND_PUBLISH_1
                                       : M_ROUND_PUBLISH_0;
}

/* "2021-06-30" -> 令和3年6月30日 (arena); "" stays "". */
static const char *date_name(Request *req, const char *iso)
{
    int y, m, d;
    if (!iso || !*iso || era_parse_date(iso, &y, &m, &d) != 0)
        return iso ? iso : "";
    Buf b = BUF_INIT;
    era_format_date(&b, y, m, d, ERA_JAPANESE, 0);
    const char *s = arena_strdup(req->arena, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

/* Writes a date as <time>, or 「なし」 when there is none. */
static void write_date(Request *req, Buf *b, const char *iso)
{
    if (!iso || !*iso)
        html_printf(b, "%s", msg(req->lang, M_ROUND_NONE));
    else
        html_printf(b, "<time datetime=\"%s\">%s</time>", iso, date_name(req, iso));
}

/* A date as typed: "2021-06-30", "2021/6/30" or 令和3年6月30日 becomes
 * "2021-06-30" (arena); NULL if it is no date. */
static const char *normal_date(Request *req, const char *text)
{
    int y, m, d;
    if (!text || era_parse_date(text, &y, &m, &d) != 0 || y < 1 || y > 9999)
        return NULL;
    return arena_printf(req->arena, "%04d-%02d-%02d", y, m, d);
}

/* /rounds/ID<rest>, then ?query (may be NULL) and the page's language. */
static const char *round_url(Request *req, int64_t id, const char *rest, const char *query)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "/rounds/%lld%s", (long long)id, rest);
    if (query)
        buf_printf(&b, "?%s", query);
    page_lang_param(req, &b, query ? '&' : '?');
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

/* The message id with {1} filled, in the arena. */
static const char *fill_int(Request *req, MsgId id, int n)
{
    char num[16];
    snprintf(num, sizeof(num), "%d", n);
    const char *args[] = {num};
    char *s = msg_fill(req->lang, id, args, 1);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

/* A small non-negative integer of the query, or -1. */
static int query_int(const Request *req, const char *name)
{
    const char *v = req_param(req, name);
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : -1;
    return v && *v && !*end && n >= 0 && n <= 1000000 ? (int)n : -1;
}

/* The counts as 未着手 n, 下書き n ... */
static void write_counts(Request *req, Buf *b, const RoundCounts *c)
{
    Lang L = req->lang;
    const struct {
        const char *code;
        int n;
    } items[] = {{"not_started", c->not_started},
                 {"draft", c->draft},
                 {"submitted", c->submitted},
                 {"returned", c->returned},
                 {"confirmed", c->confirmed}};
    HRAW(b, "<ul class=\"counts\">");
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
        html_printf(b, "<li class=\"count-%s\">%s <strong>%d</strong></li>", items[i].code,
                    msg(L, status_label(items[i].code)), items[i].n);
    HRAW(b, "</ul>");
}

/* ---- GET /rounds ---------------------------------------------------------- */

void page_rounds(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    Round *rounds;
    int n;
    PlanSummary *plans;
    int nplans;
    if (round_list(req->db, req->arena, who, 0, &rounds, &n) != ERR_OK ||
        plan_list(req->db, req->arena, NULL, &plans, &nplans) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    page_begin(req, res, msg(L, M_ROUNDS_TITLE));
    Buf *b = &res->body;
    html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", msg(L, M_ROUNDS_TITLE), msg(L, M_ROUNDS_INTRO));
    bool any = false;
    for (int i = 0; i < nplans; i++) {
        if (!principal_runs_plan(who, plans[i].id))
            continue;
        if (!any)
            HRAW(b, "<ul class=\"links round-start\">");
        any = true;
        html_printf(b, "<li><a href=\"%s\">%s</a></li>",
                    page_url(req, arena_printf(req->arena, "/plans/%lld/rounds/new",
                                               (long long)plans[i].id)),
                    page_fill(req, M_ROUND_START_FOR, plans[i].title));
    }
    if (any)
        HRAW(b, "</ul>\n");
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_ROUNDS_EMPTY));
        page_end(req, res);
        return;
    }
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table rounds\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "</tr></thead><tbody>\n",
                msg(L, M_PLAN_COL_TITLE), msg(L, M_COL_FISCAL_YEAR), msg(L, M_COL_CHECKPOINT),
                msg(L, M_ROUND_DEADLINE), msg(L, M_COL_STATUS), msg(L, M_ROUND_COL_ANSWERS));
    for (int i = 0; i < n; i++) {
        const Round *r = &rounds[i];
        bool open = strcmp(r->status, "open") == 0;
        html_printf(b, "<tr><td>%s</td><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>",
                    r->plan_title, round_url(req, r->id, "", NULL),
                    page_fy_name(req, r->fiscal_year),
                    msg(L, r->at_year_end ? M_CHECK_END : M_CHECK_START));
        write_date(req, b, r->deadline);
        html_printf(b, "</td><td><span class=\"status round-%s\">%s</span></td><td>",
                    open ? "open" : "closed", msg(L, open ? M_ROUND_OPEN : M_ROUND_CLOSED));
        write_counts(req, b, &r->counts);
        HRAW(b, "</td></tr>\n");
    }
    HRAW(b, "</tbody></table></div>\n");
    page_end(req, res);
}

/* ---- opening a round ------------------------------------------------------- */

/* What the form shows again, and the messages at its fields. */
typedef struct OpenForm {
    int year;
    bool at_year_end;
    const char *doc_no, *inquiry_date, *deadline, *instructions;
    const char *year_error, *checkpoint_error, *inquiry_error, *deadline_error;
} OpenForm;

/* The plan of the URL, if who may read it (else 404) and runs it (else
 * 403); false with the answer written. */
static bool load_plan(Request *req, Response *res, PlanSummary *out)
{
    const Principal *who = page_user(req);
    PlanSummary *plans;
    int n;
    if (plan_list(req->db, req->arena, NULL, &plans, &n) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (plans[i].id != req->ids[0])
            continue;
        if (!principal_may_read_plan(req->db, who, plans[i].id))
            break;
        if (!principal_runs_plan(who, plans[i].id)) {
            page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
            return false;
        }
        *out = plans[i];
        return true;
    }
    page_error(req, res, 404, M_ERR_BODY_404, NULL);
    return false;
}

static void write_open_form(Request *req, Response *res, const PlanSummary *p, const OpenForm *f)
{
    Lang L = req->lang;
    Buf *b = &res->body;
    const char *title = page_fill(req, M_ROUND_START_FOR, p->title);
    page_begin(req, res, title);
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<div class=\"narrow\"><h1>%s</h1>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/rounds"), msg(L, M_ROUNDS_TITLE),
                msg(L, M_ROUND_START), title);
    if (f->year_error || f->checkpoint_error || f->inquiry_error || f->deadline_error)
        form_error_summary(req, b);
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                page_url(req, arena_printf(req->arena, "/plans/%lld/rounds", (long long)p->id)));
    form_csrf(req, b, page_user(req)->csrf);
    /* 対象年度: the plan's fiscal years. */
    form_field_start(req, b, "year", M_ROUND_FY, true, f->year_error, false);
    html_printf(b, "<select id=\"f-year\" name=\"year\" aria-required=\"true\"");
    if (f->year_error)
        HRAW(b, " aria-invalid=\"true\" aria-describedby=\"f-year-error\"");
    HRAW(b, ">");
    for (int fy = p->from_fy; fy <= p->to_fy; fy++)
        html_printf(b, "<option value=\"%d\"%s>%s</option>", fy, fy == f->year ? " selected" : "",
                    page_fy_name(req, fy));
    HRAW(b, "</select>");
    form_field_error(b, "year", f->year_error);
    HRAW(b, "</div>\n");
    /* 確認時期: 年度当初 or 年度末. */
    form_field_start(req, b, "checkpoint", M_COL_CHECKPOINT, true, f->checkpoint_error, true);
    form_field_error(b, "checkpoint", f->checkpoint_error);
    HRAW(b, "<div class=\"checks\">");
    for (int end = 0; end < 2; end++) {
        html_printf(b,
                    "<label class=\"check\"><input type=\"radio\" name=\"checkpoint\" value=\"%s\""
                    "%s%s> %s</label>",
                    end ? "end" : "start", (bool)end == f->at_year_end ? " checked" : "",
                    f->checkpoint_error ? " aria-describedby=\"f-checkpoint-error\"" : "",
                    msg(L, end ? M_ROUND_AT_END : M_ROUND_AT_START));
    }
    HRAW(b, "</div></fieldset>\n");
    form_input(req, b,
               &(FormField){"doc_no", M_ROUND_DOC_NO, false, -1, f->doc_no, NULL, "text", "off"});
    form_input(req, b,
               &(FormField){"inquiry_date", M_ROUND_INQUIRY_DATE, false, M_ROUND_DATE_HELP,
                            f->inquiry_date, f->inquiry_error, "date", "off"});
    form_input(req, b,
               &(FormField){"deadline", M_ROUND_DEADLINE, true, M_ROUND_DATE_HELP, f->deadline,
                            f->deadline_error, "date", "off"});
    form_field_start(req, b, "instructions", M_ROUND_INSTRUCTIONS, false, NULL, false);
    html_printf(b,
                "<p class=\"help\" id=\"f-instructions-help\">%s</p><textarea id=\"f-instructions\""
                " name=\"instructions\" rows=\"6\" aria-describedby=\"f-instructions-help\">%s"
                "</textarea></div>\n",
                msg(L, M_ROUND_INSTRUCTIONS_HELP), f->instructions ? f->instructions : "");
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button><a class=\"button secondary\" href=\"%s\">%s</a></div></form></div>\n",
                msg(L, M_ROUND_START), page_url(req, "/rounds"), msg(L, M_ROUNDS_TITLE));
    page_end(req, res);
}

/* The current fiscal year, in Japan. */
static int current_fy(void)
{
    char today[11];
    int y, m, d;
    round_today(today);
    if (era_parse_date(today, &y, &m, &d) != 0)
        return 0;
    return era_fiscal_year_of_date(y, m, d);
}

void page_round_new(Request *req, Response *res)
{
    PlanSummary p;
    if (!load_plan(req, res, &p))
        return;
    int fy = current_fy();
    OpenForm f = {.year = fy < p.from_fy ? p.from_fy : fy > p.to_fy ? p.to_fy : fy};
    write_open_form(req, res, &p, &f);
}

void page_round_create(Request *req, Response *res)
{
    Lang L = req->lang;
    PlanSummary p;
    if (!load_plan(req, res, &p))
        return;
    const char *year = req_form(req, "year"), *cp = req_form(req, "checkpoint");
    OpenForm f = {
        .doc_no = req_form(req, "doc_no"),
        .inquiry_date = req_form(req, "inquiry_date"),
        .deadline = req_form(req, "deadline"),
        .instructions = req_form(req, "instructions"),
    };
    if (!year || era_parse_fiscal_year(year, &f.year) != 0 || f.year < p.from_fy ||
        f.year > p.to_fy)
        f.year_error = msg(L, M_ERR_ROUND_YEAR);
    if (cp && strcmp(cp, "end") == 0)
        f.at_year_end = true;
    else if (!cp || strcmp(cp, "start") != 0)
        f.checkpoint_error = msg(L, M_ERR_ROUND_CHECKPOINT);
    const char *inquiry = "", *deadline = NULL;
    if (f.inquiry_date && *f.inquiry_date && !(inquiry = normal_date(req, f.inquiry_date)))
        f.inquiry_error = msg(L, M_ERR_ROUND_DATE);
    if (!f.deadline || !*f.deadline)
        f.deadline_error = msg(L, M_ERR_REQUIRED);
    else if (!(deadline = normal_date(req, f.deadline)))
        f.deadline_error = msg(L, M_ERR_ROUND_DATE);
    if (!f.year_error && !f.checkpoint_error && !f.inquiry_error && !f.deadline_error) {
        RoundInput in = {p.id,
                         f.year,
                         f.at_year_end,
                         f.doc_no ? f.doc_no : "",
                         inquiry,
                         deadline,
                         f.instructions ? f.instructions : ""};
        Actor by = page_actor(req);
        int64_t id = 0;
        RoundProblem problem = ROUND_OK;
        Err e = round_open(req->db, &by, page_user(req), &in, &id, &problem);
        if (e == ERR_OK) {
            resp_redirect(res, round_url(req, id, "", "opened=1"));
            return;
        }
        if (e != ERR_INVALID) {
            page_model_error(req, res, e);
            return;
        }
        switch (problem) {
        case ROUND_BAD_YEAR:
            f.year_error = msg(L, M_ERR_ROUND_YEAR);
            break;
        case ROUND_EXISTS:
            f.year_error = msg(L, M_ERR_ROUND_EXISTS);
            break;
        case ROUND_NOTHING_ASKED:
            f.checkpoint_error = msg(L, M_ERR_ROUND_NOTHING);
            break;
        case ROUND_DEADLINE_BEFORE:
            f.deadline_error = msg(L, M_ERR_ROUND_DEADLINE_BEFORE);
            break;
        default:
            f.deadline_error = msg(L, M_ERR_ROUND_DATE);
            break;
        }
    }
    res->status = 400;
    write_open_form(req, res, &p, &f);
}

/* ---- GET /rounds/{id} ---------------------------------------------------- */

/* The answers of one section, and their bureau. */
typedef struct UnitCounts {
    int64_t section_id;
    const char *bureau, *section;
    RoundCounts c;
} UnitCounts;

/* Errors shown on the round's page. */
typedef struct RoundErrors {
    const char *deadline; /* at the new deadline */
    const char *alert;    /* above everything */
    const char *deadline_value;
} RoundErrors;

static void write_notices(Request *req, Buf *b)
{
    Lang L = req->lang;
    static const struct {
        const char *param;
        MsgId text;
    } simple[] = {{"opened", M_ROUND_OPENED},
                  {"closed", M_ROUND_CLOSED_NOTICE},
                  {"reopened", M_ROUND_REOPENED},
                  {"extended", M_ROUND_EXTENDED},
                  {"published", M_ROUND_PUBLISHED_NOTICE},
                  {"stage", M_ROUND_REVIEW_STAGE_CHANGED}};
    for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
        if (query_int(req, simple[i].param) == 1)
            form_notice(b, msg(L, simple[i].text));
    int confirmed = query_int(req, "confirmed"), refused = query_int(req, "refused");
    if (confirmed > 0)
        form_notice(b, fill_int(req, M_ROUND_CONFIRMED_N, confirmed));
    if (refused > 0)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    fill_int(req, M_ROUND_REFUSED_N, refused));
    if (confirmed == 0 && refused == 0)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    msg(L, M_ROUND_NONE_SELECTED));
}

static void write_header(Request *req, Buf *b, const Round *r)
{
    Lang L = req->lang;
    bool open = strcmp(r->status, "open") == 0;
    html_printf(b,
                "<dl class=\"facts round-facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
                msg(L, M_PLAN_COL_TITLE), r->plan_title, msg(L, M_ROUND_FY),
                page_fy_name(req, r->fiscal_year), msg(L, M_COL_CHECKPOINT),
                msg(L, r->at_year_end ? M_CHECK_END : M_CHECK_START), msg(L, M_ROUND_DOC_NO),
                *r->doc_no ? r->doc_no : msg(L, M_ROUND_NONE), msg(L, M_ROUND_INQUIRY_DATE));
    write_date(req, b, r->inquiry_date);
    html_printf(b, "</dd><dt>%s</dt><dd class=\"round-deadline\">", msg(L, M_ROUND_DEADLINE));
    write_date(req, b, r->deadline);
    html_printf(b, "</dd><dt>%s</dt><dd><span class=\"status round-%s\">%s</span></dd>",
                msg(L, M_COL_STATUS), open ? "open" : "closed",
                msg(L, open ? M_ROUND_OPEN : M_ROUND_CLOSED));
    html_printf(b, "<dt>%s</dt><dd class=\"round-published\">%s</dd>",
                msg(L, M_ROUND_PUBLISH_TITLE), msg(L, publish_label(r->published)));
    if (*r->instructions)
        html_printf(b, "<dt>%s</dt><dd class=\"instructions\">%s</dd>",
                    msg(L, M_ROUND_INSTRUCTIONS), r->instructions);
    HRAW(b, "</dl>\n");
}

/* Counts per section, in the order of the rows (the city's order). */
static UnitCounts *count_units(Request *req, const Round *r, const AnswerRow *rows, int n,
                               const char *today, int *nunits)
{
    UnitCounts *u = ARENA_ARRAY(req->arena, UnitCounts, n + 1);
    *nunits = 0;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < *nunits && u[k].section_id != rows[i].section_id)
            k++;
        if (k == *nunits) {
            u[k] = (UnitCounts){rows[i].section_id, rows[i].bureau, rows[i].section, {0}};
            (*nunits)++;
        }
        round_count_add(&u[k].c, r, rows[i].status, today);
    }
    return u;
}

static void write_count_cells(Buf *b, const RoundCounts *c)
{
    html_printf(b, "<td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>",
                c->not_started, c->draft, c->submitted, c->returned, c->confirmed, c->total);
}

static void add_counts(RoundCounts *to, const RoundCounts *c)
{
    to->total += c->total;
    to->not_started += c->not_started;
    to->draft += c->draft;
    to->submitted += c->submitted;
    to->returned += c->returned;
    to->confirmed += c->confirmed;
    to->overdue += c->overdue;
}

/* 局・課別の件数: each bureau's total, then its sections. */
static void write_units(Request *req, Buf *b, const UnitCounts *u, int n)
{
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-scroll\">"
                "<table class=\"data-table round-units\"><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_ROUND_BY_UNIT), msg(L, M_COL_BUREAU), msg(L, M_COL_SECTION),
                msg(L, M_STATUS_NOT_STARTED), msg(L, M_STATUS_DRAFT), msg(L, M_STATUS_SUBMITTED),
                msg(L, M_STATUS_RETURNED), msg(L, M_STATUS_CONFIRMED), msg(L, M_ROUND_TOTAL));
    bool *done = ARENA_ARRAY(req->arena, bool, n + 1);
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        /* The bureau of u[i]: its total first, then each of its sections. */
        RoundCounts sum = {0};
        for (int k = i; k < n; k++)
            if (strcmp(u[k].bureau, u[i].bureau) == 0)
                add_counts(&sum, &u[k].c);
        html_printf(b, "<tr class=\"bureau-total\"><th scope=\"row\">%s</th><td>%s</td>",
                    u[i].bureau, msg(L, M_ROUND_TOTAL));
        write_count_cells(b, &sum);
        HRAW(b, "</tr>\n");
        for (int k = i; k < n; k++) {
            if (done[k] || strcmp(u[k].bureau, u[i].bureau) != 0)
                continue;
            done[k] = true;
            html_printf(b, "<tr><td>%s</td><th scope=\"row\">%s</th>", u[k].bureau, u[k].section);
            write_count_cells(b, &u[k].c);
            HRAW(b, "</tr>\n");
        }
    }
    HRAW(b, "</tbody></table></div></section>\n");
}

/* 期限を過ぎても提出されていない回答: by section, each with its projects. */
static void write_overdue(Request *req, Buf *b, const Round *r, const AnswerRow *rows, int n,
                          const UnitCounts *u, int nunits, const char *today)
{
    Lang L = req->lang;
    html_printf(b, "<section class=\"panel round-overdue\"><h2>%s</h2>\n",
                msg(L, M_ROUND_OVERDUE_TITLE));
    if (r->counts.overdue == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p></section>\n", msg(L, M_ROUND_OVERDUE_NONE));
        return;
    }
    HRAW(b, "<ul class=\"overdue-list\">");
    for (int k = 0; k < nunits; k++) {
        if (u[k].c.overdue == 0)
            continue;
        html_printf(b, "<li>%s %s (%d)<ul>", u[k].bureau, u[k].section, u[k].c.overdue);
        for (int i = 0; i < n; i++)
            if (rows[i].section_id == u[k].section_id && round_overdue(r, rows[i].status, today))
                html_printf(
                    b, "<li><a href=\"%s\">%s</a> <span class=\"status status-%s\">%s</span></li>",
                    page_url(req, arena_printf(req->arena, "/answers/%lld", (long long)rows[i].id)),
                    rows[i].project_name, rows[i].status, msg(L, status_label(rows[i].status)));
        HRAW(b, "</ul></li>");
    }
    HRAW(b, "</ul></section>\n");
}

/* 回答一覧, with a checkbox per submitted answer for the secretariat. */
static void write_answers(Request *req, Buf *b, const Round *r, const AnswerRow *rows, int n,
                          bool runs, const char *today)
{
    Lang L = req->lang;
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>\n", msg(L, M_ROUND_ANSWERS));
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p></section>\n", msg(L, M_ROUND_NO_ANSWERS));
        return;
    }
    bool confirmable = runs && r->counts.submitted > 0;
    if (confirmable) {
        html_printf(b, "<form method=\"post\" action=\"%s\">",
                    round_url(req, r->id, "/confirm", NULL));
        form_csrf(req, b, page_user(req)->csrf);
    }
    HRAW(b, "<div class=\"table-scroll\"><table class=\"data-table round-answers\"><thead><tr>");
    if (confirmable)
        html_printf(b, "<th scope=\"col\">%s</th>", msg(L, M_ROUND_COL_SELECT));
    html_printf(b,
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "</tr></thead><tbody>\n",
                msg(L, M_COL_PROJECT), msg(L, M_COL_BUREAU), msg(L, M_COL_SECTION),
                msg(L, M_COL_STATUS), msg(L, M_ROUND_COL_UPDATED), msg(L, M_ROUND_COL_VERSION));
    for (int i = 0; i < n; i++) {
        const AnswerRow *a = &rows[i];
        bool overdue = round_overdue(r, a->status, today);
        html_printf(b, "<tr id=\"answer-%lld\" class=\"%s\">", (long long)a->id,
                    overdue ? "is-overdue" : "answer");
        if (confirmable) {
            HRAW(b, "<td>");
            if (strcmp(a->status, "submitted") == 0)
                html_printf(b,
                            "<input type=\"checkbox\" name=\"answer\" value=\"%lld\""
                            " aria-label=\"%s\">",
                            (long long)a->id, page_fill(req, M_ROUND_SELECT, a->project_name));
            HRAW(b, "</td>");
        }
        html_printf(b,
                    "<th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td>"
                    "<td><span class=\"status status-%s\">%s</span>",
                    page_url(req, arena_printf(req->arena, "/answers/%lld", (long long)a->id)),
                    a->project_name, a->bureau, a->section, a->status,
                    msg(L, status_label(a->status)));
        if (overdue)
            html_printf(b, " <strong class=\"error-text overdue\">%s</strong>",
                        msg(L, M_ROUND_OVERDUE));
        HRAW(b, "</td><td>");
        if (a->version > 0)
            html_printf(b, "<time datetime=\"%s\">%s</time>", a->updated_at,
                        clock_jst(req->arena, a->updated_at, false));
        html_printf(b, "</td><td>%d</td></tr>\n", a->version);
    }
    HRAW(b, "</tbody></table></div>\n");
    if (confirmable)
        html_printf(b,
                    "<p class=\"help\">%s</p><div class=\"actions\"><button type=\"submit\""
                    " class=\"button primary\">%s</button></div></form>\n",
                    msg(L, M_ROUND_CONFIRM_HELP), msg(L, M_ROUND_CONFIRM_SELECTED));
    HRAW(b, "</section>\n");
}

/* The projects this round takes from another plan's round (answered there
 * once): where, and how far. Nothing when there are none. */
static void write_shared(Request *req, Buf *b, const Round *r)
{
    Lang L = req->lang;
    SharedAnswer *rows;
    int n;
    if (round_shared_list(req->db, req->arena, r->id, &rows, &n) != ERR_OK || n == 0)
        return;
    html_printf(b,
                "<section class=\"panel round-shared\" aria-labelledby=\"round-shared\">"
                "<h2 id=\"round-shared\">%s</h2><p class=\"help\">%s</p>\n"
                "<div class=\"table-scroll\"><table class=\"data-table\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_ROUND_SHARED), msg(L, M_ROUND_SHARED_HELP), msg(L, M_COL_PROJECT),
                msg(L, M_COL_SECTION), msg(L, M_ROUND_COL_ANSWERED_IN), msg(L, M_COL_STATUS));
    for (int i = 0; i < n; i++) {
        const SharedAnswer *a = &rows[i];
        html_printf(
            b,
            "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td>"
            "<td><a href=\"%s\">%s</a></td><td><span class=\"status status-%s\">%s</span></td>"
            "</tr>\n",
            page_url(req, arena_printf(req->arena, "/answers/%lld", (long long)a->answer_id)),
            a->project_name, a->section, round_url(req, a->round_id, "", NULL), a->plan_title,
            a->status, msg(L, status_label(a->status)));
    }
    HRAW(b, "</tbody></table></div></section>\n");
}

/* 進捗管理シートへの掲載: who sees the round's confirmed answers. */
static void write_publish(Request *req, Buf *b, const Round *r)
{
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"panel round-publish\"><h2 id=\"round-publish\">%s</h2>\n"
                "<form method=\"post\" action=\"%s\" class=\"stack\">",
                msg(L, M_ROUND_PUBLISH_TITLE), round_url(req, r->id, "/publish", NULL));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<fieldset class=\"field\"><legend>%s</legend><p class=\"help\""
                " id=\"f-level-help\">%s</p><div class=\"checks\">",
                msg(L, M_ROUND_PUBLISH_TITLE), msg(L, M_ROUND_PUBLISH_HELP));
    for (int level = ROUND_UNPUBLISHED; level <= ROUND_PUBLIC; level++)
        html_printf(b,
                    "<label class=\"check\"><input type=\"radio\" name=\"level\" value=\"%d\""
                    " aria-describedby=\"f-level-help\"%s> %s</label>",
                    level, level == r->published ? " checked" : "", msg(L, publish_label(level)));
    html_printf(b,
                "</div></fieldset><div class=\"actions\"><button type=\"submit\""
                " class=\"button secondary\">%s</button></div></form></section>\n",
                msg(L, M_ROUND_PUBLISH));
}

/* 局の承認段階: the plan's switch for the bureau review stage. */
static void write_review_stage(Request *req, Buf *b, const Round *r)
{
    Lang L = req->lang;
    bool on = plan_bureau_review(req->db, r->plan_id);
    html_printf(
        b,
        "<section class=\"panel review-stage\" aria-labelledby=\"review-stage\">"
        "<h2 id=\"review-stage\">%s</h2><p>%s</p>\n"
        "<form method=\"post\" action=\"%s\" class=\"stack\">",
        msg(L, M_ROUND_REVIEW_STAGE),
        msg(L, on ? M_ROUND_REVIEW_STAGE_ON : M_ROUND_REVIEW_STAGE_OFF),
        page_url(req, arena_printf(req->arena, "/plans/%lld/review-stage", (long long)r->plan_id)));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<input type=\"hidden\" name=\"on\" value=\"%d\"><input type=\"hidden\""
                " name=\"back\" value=\"%lld\"><div class=\"actions\"><button type=\"submit\""
                " class=\"button secondary\">%s</button></div></form></section>\n",
                on ? 0 : 1, (long long)r->id,
                msg(L, on ? M_ROUND_REVIEW_STAGE_DISABLE : M_ROUND_REVIEW_STAGE_ENABLE));
}

/* 照会の操作: close or reopen, and a later deadline. */
static void write_controls(Request *req, Buf *b, const Round *r, const RoundErrors *e)
{
    Lang L = req->lang;
    bool open = strcmp(r->status, "open") == 0;
    html_printf(b, "<section class=\"panel round-controls\"><h2>%s</h2>\n",
                msg(L, M_ROUND_CONTROLS));
    html_printf(b, "<p><a href=\"%s\">%s</a></p>\n", round_url(req, r->id, "/reminders", NULL),
                msg(L, M_REMINDERS_TITLE));
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                round_url(req, r->id, open ? "/close" : "/reopen", NULL));
    form_csrf(req, b, page_user(req)->csrf);
    if (open)
        html_printf(b, "<p class=\"help\">%s</p>", msg(L, M_ROUND_CLOSE_HELP));
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form>\n",
                msg(L, open ? M_ROUND_CLOSE : M_ROUND_REOPEN));
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
                round_url(req, r->id, "/extend", NULL));
    form_csrf(req, b, page_user(req)->csrf);
    form_input(req, b,
               &(FormField){"deadline", M_ROUND_NEW_DEADLINE, true, M_ROUND_DATE_HELP,
                            e->deadline_value ? e->deadline_value : r->deadline, e->deadline,
                            "date", "off"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form></section>\n",
                msg(L, M_ROUND_EXTEND));
    write_publish(req, b, r);
    write_review_stage(req, b, r);
}

static void write_round_page(Request *req, Response *res, const Round *r, const RoundErrors *e)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    AnswerRow *rows;
    int n;
    if (answer_list(req->db, req->arena, who, r->id, &rows, &n) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    bool runs = principal_runs_plan(who, r->plan_id);
    char today[11];
    round_today(today);
    const char *title =
        arena_printf(req->arena, "%s %s %s", r->plan_title, page_fy_name(req, r->fiscal_year),
                     msg(L, r->at_year_end ? M_CHECK_END : M_CHECK_START));
    page_begin(req, res, title);
    Buf *b = &res->body;
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<h1>%s</h1>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/rounds"), msg(L, M_ROUNDS_TITLE), title,
                title);
    if (e->alert)
        html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n", e->alert);
    else if (e->deadline)
        form_error_summary(req, b);
    else
        write_notices(req, b);
    write_header(req, b, r);
    html_printf(b, "<section class=\"panel round-counts\"><h2>%s</h2>", msg(L, M_ROUND_BY_STATUS));
    write_counts(req, b, &r->counts);
    html_printf(b, "<p>%s <strong>%d</strong></p></section>\n", msg(L, M_ROUND_TOTAL),
                r->counts.total);
    int nunits;
    UnitCounts *units = count_units(req, r, rows, n, today, &nunits);
    if (nunits > 0)
        write_units(req, b, units, nunits);
    write_overdue(req, b, r, rows, n, units, nunits, today);
    write_answers(req, b, r, rows, n, runs, today);
    if (runs)
        write_shared(req, b, r);
    workbooks_panel(req, b, r, rows, n);
    write_downloads(req, b, r);
    if (runs)
        write_controls(req, b, r, e);
    page_end(req, res);
}

/* The round's year of the sheet as files, as on the sheet page. */
static void write_downloads(Request *req, Buf *b, const Round *r)
{
    Lang L = req->lang;
    static const struct {
        const char *ext;
        MsgId label;
    } files[] = {{"xlsx", M_DOWNLOAD_XLSX}, {"pdf", M_DOWNLOAD_PDF}, {"csv", M_DOWNLOAD_CSV}};
    html_printf(b,
                "<section class=\"downloads\" aria-labelledby=\"round-downloads\">"
                "<h2 id=\"round-downloads\">%s</h2><ul>",
                msg(L, M_DOWNLOAD_HEADING));
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        html_printf(
            b, "<li><a class=\"button secondary\" href=\"%s\" download>%s</a></li>",
            page_url(req, arena_printf(req->arena, "/plans/%lld/sheet.%s?years=%d",
                                       (long long)r->plan_id, files[i].ext, r->fiscal_year)),
            msg(L, files[i].label));
    HRAW(b, "</ul></section>\n");
}

/* The round of the URL as the person may see it; false with 404 written. */
static bool load_round(Request *req, Response *res, Round *r)
{
    Err e = round_get(req->db, req->arena, page_user(req), req->ids[0], r);
    if (e == ERR_OK)
        return true;
    page_model_error(req, res, e);
    return false;
}

void page_round(Request *req, Response *res)
{
    Round r;
    if (load_round(req, res, &r))
        write_round_page(req, res, &r, &(RoundErrors){0});
}

/* ---- the secretariat's actions ------------------------------------------ */

/* The round of the URL if the person runs its plan: else 404 or 403. */
static bool load_runnable(Request *req, Response *res, Round *r)
{
    if (!load_round(req, res, r))
        return false;
    if (principal_runs_plan(page_user(req), r->plan_id))
        return true;
    page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
    return false;
}

void page_round_confirm(Request *req, Response *res)
{
    Round r;
    if (!load_runnable(req, res, &r))
        return;
    const Principal *who = page_user(req);
    AnswerRow *rows;
    int n;
    if (answer_list(req->db, req->arena, who, r.id, &rows, &n) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    Actor by = page_actor(req);
    int confirmed = 0, refused = 0;
    for (int f = 0; f < req->nform; f++) {
        if (strcmp(req->form[f].name, "answer") != 0)
            continue;
        char *end;
        const char *v = req->form[f].value;
        long long id = *v ? strtoll(v, &end, 10) : 0;
        bool ours = *v && !*end && id > 0;
        /* Only answers of this round. */
        int i = 0;
        while (ours && i < n && rows[i].id != id)
            i++;
        if (ours && i < n && answer_confirm(req->db, &by, who, id) == ERR_OK)
            confirmed++;
        else
            refused++;
    }
    resp_redirect(
        res, round_url(req, r.id, "",
                       arena_printf(req->arena, "confirmed=%d&refused=%d", confirmed, refused)));
}

static void set_open(Request *req, Response *res, bool open)
{
    Round r;
    if (!load_round(req, res, &r))
        return;
    Actor by = page_actor(req);
    Err e = round_set_status(req->db, &by, page_user(req), r.id, open);
    if (e == ERR_OK) {
        resp_redirect(res, round_url(req, r.id, "", open ? "reopened=1" : "closed=1"));
    } else if (e == ERR_CONFLICT) {
        res->status = 409;
        write_round_page(req, res, &r, &(RoundErrors){.alert = msg(req->lang, M_ERR_ROUND_REOPEN)});
    } else {
        page_model_error(req, res, e);
    }
}

void page_round_close(Request *req, Response *res)
{
    set_open(req, res, false);
}

void page_round_reopen(Request *req, Response *res)
{
    set_open(req, res, true);
}

void page_round_extend(Request *req, Response *res)
{
    Lang L = req->lang;
    Round r;
    if (!load_runnable(req, res, &r))
        return;
    const char *typed = req_form(req, "deadline");
    const char *deadline = normal_date(req, typed);
    RoundErrors e = {.deadline_value = typed ? typed : ""};
    if (!typed || !*typed) {
        e.deadline = msg(L, M_ERR_REQUIRED);
    } else if (!deadline) {
        e.deadline = msg(L, M_ERR_ROUND_DATE);
    } else {
        Actor by = page_actor(req);
        RoundProblem problem = ROUND_OK;
        Err err = round_extend(req->db, &by, page_user(req), r.id, deadline, &problem);
        if (err == ERR_OK) {
            resp_redirect(res, round_url(req, r.id, "", "extended=1"));
            return;
        }
        if (err != ERR_INVALID) {
            page_model_error(req, res, err);
            return;
        }
        e.deadline = msg(L, problem == ROUND_DEADLINE_BEFORE ? M_ERR_ROUND_DEADLINE_BEFORE
                            : problem == ROUND_NOT_LATER     ? M_ERR_ROUND_NOT_LATER
                                                             : M_ERR_ROUND_DATE);
    }
    res->status = 400;
    write_round_page(req, res, &r, &e);
}

/* POST /rounds/{id}/publish: level=0|1|2. The model decides who may (403
 * otherwise) and audits it. */
void page_round_publish(Request *req, Response *res)
{
    Round r;
    if (!load_round(req, res, &r))
        return;
    const char *v = req_form(req, "level");
    int level = v && strlen(v) == 1 && v[0] >= '0' && v[0] <= '9' ? v[0] - '0' : -1;
    Actor by = page_actor(req);
    Err e = round_set_published(req->db, &by, page_user(req), r.id, level);
    if (e == ERR_OK) {
        resp_redirect(res, round_url(req, r.id, "", "published=1"));
    } else if (e == ERR_INVALID) {
        res->status = 400;
        write_round_page(req, res, &r,
                         &(RoundErrors){.alert = msg(req->lang, M_ERR_ROUND_PUBLISH_LEVEL)});
    } else {
        page_model_error(req, res, e);
    }
}

/* POST /plans/{id}/review-stage: on=1|0, back=<round id>. The model decides
 * who may (403 otherwise) and audits it; then back to the round's page. */
void page_plan_review_stage(Request *req, Response *res)
{
    const char *on = req_form(req, "on");
    const char *back = req_form(req, "back");
    char *end = "";
    long long round = back && *back ? strtoll(back, &end, 10) : 0;
    if (round <= 0 || *end)
        round = 0;
    Actor by = page_actor(req);
    Err e = plan_set_bureau_review(req->db, &by, page_user(req), req->ids[0],
                                   on && strcmp(on, "1") == 0);
    if (e != ERR_OK)
        page_model_error(req, res, e);
    else if (round)
        resp_redirect(res, round_url(req, round, "", "stage=1"));
    else
        resp_redirect(res, page_url(req, "/rounds"));
}
