/* GET /inbox: the open rounds that ask one's sections (editors) or bureaus
 * (reviewers), with their answers. GET/POST /answers/{id}: one project's
 * answer in one round, written by its section (or by the plan's secretariat
 * on its behalf), submitted, sent back with a comment or confirmed.
 *
 * Every check and every write is model/answer.c's. A save carries the
 * version the page was made from: when someone saved in between, nothing is
 * overwritten and the page shows both texts of every field that differs,
 * the person's own kept in its box, with the new version so that saving
 * again overwrites knowingly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/era.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/utf8.h"
#include "export/layout.h"
#include "model/answer.h"
#include "model/round.h"
#include "model/round_shared.h"
#include "pages/answer_input.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/labels.h"
#include "pages/layout.h"
#include "pages/pages.h"

enum {
    JST_OFFSET = 9 * 60 * 60, /* Asia/Tokyo: UTC+9, no summer time */
    DAY_SECONDS = 24 * 60 * 60,
    COMMENT_MAX_CHARS = 1000, /* as model/answer.c takes */
    TEXTAREA_ROWS = 8,
};

/* ---------- Small helpers ---------- */

/* A YYYY-MM-DD date as days since 1970-01-01, with its parts; false if it is
 * not a date. */
static bool date_days(const char *date, long *days, int *y, int *m, int *d)
{
    if (!date || !round_valid_date(date) || sscanf(date, "%4d-%2d-%2d", y, m, d) != 3)
        return false;
    struct tm tm = {.tm_year = *y - 1900, .tm_mon = *m - 1, .tm_mday = *d};
    *days = (long)(timegm(&tm) / DAY_SECONDS);
    return true;
}

/* Days from today in Japan to the deadline: 0 on the day, negative after. */
static bool days_left(const char *deadline, long *left)
{
    long days;
    int y, m, d;
    if (!date_days(deadline, &days, &y, &m, &d))
        return false;
    *left = days - (long)((time(NULL) + JST_OFFSET) / DAY_SECONDS);
    return true;
}

/* The deadline as people read it: 令和3年6月30日 in Japanese, 2021-06-30 in
 * English. */
static const char *deadline_text(Request *req, const char *date)
{
    long days;
    int y, m, d;
    if (!date_days(date, &days, &y, &m, &d) || req->lang == LANG_EN)
        return date ? date : "";
    Buf b = BUF_INIT;
    era_format_date(&b, y, m, d, ERA_JAPANESE, 0);
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

/* Message id with {1}..{3} filled in, in the arena. */
static const char *fill(Request *req, MsgId id, const char *a1, const char *a2, const char *a3)
{
    const char *args[3] = {a1 ? a1 : "", a2 ? a2 : "", a3 ? a3 : ""};
    char *s = msg_fill(req->lang, id, args, 3);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

static const char *num(Request *req, long long n)
{
    return arena_printf(req->arena, "%lld", n);
}

/* The status as shown: a submitted answer of a plan with the bureau review
 * stage waits for the bureau (局の承認待ち) or is approved (局承認済). */
static MsgId shown_label(const char *status, bool bureau_review, bool bureau_approved)
{
    if (bureau_review && strcmp(status, "submitted") == 0)
        return bureau_approved ? M_STATUS_BUREAU_APPROVED : M_STATUS_AWAITING_BUREAU;
    return status_label(status);
}

static void write_status(Request *req, Buf *b, const char *status, bool bureau_review,
                         bool bureau_approved)
{
    bool approved = bureau_review && bureau_approved && strcmp(status, "submitted") == 0;
    html_printf(b, "<span class=\"status status-%s%s\">%s</span>", status,
                approved ? " bureau-approved" : "",
                msg(req->lang, shown_label(status, bureau_review, bureau_approved)));
}

/* Still owed by the section: neither submitted nor confirmed. */
static bool outstanding(const char *status)
{
    return strcmp(status, "submitted") != 0 && strcmp(status, "confirmed") != 0;
}

/* "令和2年度 年度当初確認" (Japanese), "FY2020, start of year" (English). */
static const char *round_label(Request *req, int fy, bool at_year_end)
{
    return fill(req, M_ROUND_LABEL, sheet_fy_name(fy, ERA_JAPANESE, req->arena),
                msg(req->lang, at_year_end ? M_CHECK_END : M_CHECK_START), num(req, fy));
}

/* /answers/{id}{rest}?{query}, keeping the page's language. */
static const char *answer_url(Request *req, int64_t id, const char *rest, const char *query)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "/answers/%lld%s", (long long)id, rest);
    if (query)
        buf_printf(&b, "?%s", query);
    page_lang_param(req, &b, query ? '&' : '?');
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

/* Characters as the model counts them: of the text as it would be stored. */
static size_t char_count(const char *text)
{
    char *clean = NULL;
    size_t n = answer_clean_text(text, &clean) == FIELD_OK ? utf8_char_count(clean)
                                                           : utf8_char_count(text);
    free(clean);
    return n;
}

/* Does the text sent differ from the one saved now? (NULL: nothing sent.) */
static bool differs(const char *sent, const char *saved)
{
    if (!sent)
        return false;
    char *clean = NULL;
    bool diff = answer_clean_text(sent, &clean) != FIELD_OK || strcmp(clean, saved) != 0;
    free(clean);
    return diff;
}

/* Only spaces (ASCII or U+3000) and line breaks? */
static bool blank(const char *s)
{
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
            s += 3;
        else
            return false;
    }
    return true;
}

/* The secretariat (or an administrator) writing for a section it is not an
 * editor of: the save will be recorded as made on the section's behalf. */
static bool on_behalf(const Principal *who, const Answer *a)
{
    for (int i = 0; i < who->ngrants; i++)
        if (who->grants[i].role == ROLE_EDITOR && who->grants[i].unit_id == a->section_id)
            return false;
    return principal_runs_plan(who, a->plan_id);
}

/* ---------- The answer page ---------- */

/* What one showing of the answer page adds to the answer itself. */
typedef struct View {
    const char *const *sent;      /* per field: the text the person sent, or NULL */
    const FieldProblem *problems; /* per field, or NULL */
    bool conflict;                /* the texts sent met a newer save: show both */
    const char *alert;            /* a message at the top (role="alert"), or NULL */
    const char *comment;          /* the return comment to show again, or NULL */
    const char *comment_error;    /* the message at the comment, or NULL */
    bool keep_version;            /* the form keeps version, not the answer's */
    int version;                  /* the version the person's form was made from */
} View;

static const char *problem_text(Request *req, const AnswerField *f, FieldProblem p,
                                const char *text)
{
    Lang L = req->lang;
    switch (p) {
    case FIELD_OK:
        break;
    case FIELD_REQUIRED:
        return msg(L, M_ERR_ANS_REQUIRED);
    case FIELD_TOO_LONG:
        return fill(req, M_ERR_ANS_TOO_LONG, num(req, (long long)char_count(text)),
                    num(req, f->max_chars), NULL);
    case FIELD_CONTROL:
        return msg(L, M_ERR_ANS_CONTROL);
    case FIELD_BAD_UTF8:
        return msg(L, M_ERR_ANS_ENCODING);
    case FIELD_BAD_GRADE:
        return msg(L, M_ERR_ANS_BAD_GRADE);
    case FIELD_NOT_NUMBER:
        return msg(L, M_ERR_ANS_NOT_NUMBER);
    }
    return NULL;
}

/* A project of several plans is answered here once for all of them: says
 * on which other plans' sheets the answer appears too. */
static void write_shared_with(Request *req, Buf *b, const Answer *a)
{
    const char **titles;
    int n;
    if (round_shared_plans(req->db, req->arena, a->id, &titles, &n) != ERR_OK || n == 0)
        return;
    Buf list = BUF_INIT;
    for (int i = 0; i < n; i++)
        buf_printf(&list, "%s%s", i ? msg(req->lang, M_WB_LIST_SEPARATOR) : "", titles[i]);
    html_printf(b, "<dt>%s</dt><dd class=\"shared-with\">%s</dd>", msg(req->lang, M_ANS_SHARED),
                page_fill(req, M_ANS_SHARED_WITH, list.data));
    buf_free(&list);
}

static void write_head(Request *req, Buf *b, const Answer *a)
{
    Lang L = req->lang;
    Round r;
    const char *plan = round_get(req->db, req->arena, page_user(req), a->round_id, &r) == ERR_OK
                           ? r.plan_title
                           : NULL;
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n<div class=\"answer-head\">"
                "<p class=\"answer-round\">",
                msg(L, M_BREADCRUMB), page_url(req, "/inbox"), msg(L, M_INBOX_TITLE),
                a->project_name);
    if (plan)
        html_printf(b, "<span class=\"answer-plan\">%s</span> ", plan);
    html_printf(b, "<span>%s</span></p>\n<h1>%s</h1>\n<dl class=\"facts answer-facts\">",
                round_label(req, a->fiscal_year, a->at_year_end), a->project_name);
    html_printf(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", msg(L, M_COL_BUREAU), a->bureau,
                msg(L, M_COL_SECTION), a->section);
    if (a->project_summary && *a->project_summary)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>", msg(L, M_COL_SUMMARY), a->project_summary);
    write_shared_with(req, b, a);
    html_printf(b, "<dt>%s</dt><dd><span class=\"deadline\">%s</span>", msg(L, M_ANS_DEADLINE),
                deadline_text(req, a->deadline));
    long left;
    if (outstanding(a->status) && days_left(a->deadline, &left) && left < 0)
        html_printf(b, " <span class=\"overdue\">%s</span>", msg(L, M_ANS_OVERDUE));
    html_printf(b, "</dd><dt>%s</dt><dd>", msg(L, M_COL_STATUS));
    write_status(req, b, a->status, a->bureau_review, a->bureau_approved);
    HRAW(b, "</dd>");
    if (a->version > 0) {
        html_printf(b, "<dt>%s</dt><dd>%s", msg(L, M_ANS_UPDATED),
                    fill(req, M_ANS_UPDATED_BY, clock_jst(req->arena, a->updated_at, true),
                         a->updated_by, NULL));
        if (a->on_behalf)
            html_printf(b, " <span class=\"on-behalf\">%s</span>", msg(L, M_ANS_ON_BEHALF));
        HRAW(b, "</dd>");
    }
    html_printf(b, "</dl><p class=\"history-link\"><a href=\"%s\">%s</a></p></div>\n",
                answer_url(req, a->id, "/history", NULL), msg(L, M_HIST_LINK));
}

/* The notice of a step just done (after its redirect). */
static void write_notice(Request *req, Buf *b)
{
    static const struct {
        const char *param;
        MsgId text;
    } done[] = {{"saved", M_ANS_SAVED},
                {"submitted", M_ANS_SUBMITTED},
                {"confirmed", M_ANS_CONFIRMED},
                {"returned", M_ANS_RETURNED},
                {"approved", M_ANS_APPROVED}};
    for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++) {
        const char *v = req_param(req, done[i].param);
        if (v && strcmp(v, "1") == 0) {
            form_notice(b, msg(req->lang, done[i].text));
            return;
        }
    }
}

/* The alert at the top, and for field errors a list of links to them. */
static void write_alert(Request *req, Buf *b, const Answer *a, const View *v)
{
    bool any = false;
    for (int i = 0; v->problems && i < a->nfields; i++)
        any |= v->problems[i] != FIELD_OK;
    if (!any && !v->alert && !v->comment_error)
        return;
    HRAW(b, "<div class=\"error-summary\" role=\"alert\">");
    if (v->alert)
        html_printf(b, "<p>%s</p>", v->alert);
    if (any || v->comment_error) {
        html_printf(b, "<p>%s</p><ul>", msg(req->lang, M_FORM_ERRORS));
        for (int i = 0; v->problems && i < a->nfields; i++) {
            const AnswerField *f = &a->fields[i];
            const char *text = v->sent && v->sent[i] ? v->sent[i] : f->value;
            if (v->problems[i] != FIELD_OK)
                html_printf(b, "<li><a href=\"#f-f%lld\">%s: %s</a></li>", (long long)f->field_id,
                            f->label, problem_text(req, f, v->problems[i], text));
        }
        if (v->comment_error)
            html_printf(b, "<li><a href=\"#f-comment\">%s: %s</a></li>",
                        msg(req->lang, M_ANS_RETURN_COMMENT), v->comment_error);
        HRAW(b, "</ul>");
    }
    HRAW(b, "</div>\n");
}

/* Last year's confirmed answer in a box beside the field, with the button
 * that starts from it (shown by app.js). */
static void write_last_year(Request *req, Buf *b, const AnswerField *f, bool editable, bool open)
{
    Lang L = req->lang;
    long long id = (long long)f->field_id;
    html_printf(b,
                "<details class=\"answer-side last-year\"%s><summary>%s</summary>"
                "<div class=\"answer-text\" id=\"f-f%lld-last\">%s</div>",
                open ? " open" : "", msg(L, M_ANS_LAST_YEAR), id, f->last_year);
    if (editable)
        html_printf(b,
                    "<button type=\"button\" class=\"button secondary\" data-copy-from=\"f-f%lld"
                    "-last\" data-copy-to=\"f-f%lld\" data-confirm=\"%s\" hidden>%s</button>",
                    id, id, msg(L, M_ANS_USE_LAST_YEAR_CONFIRM), msg(L, M_ANS_USE_LAST_YEAR));
    HRAW(b, "</details>");
}

/* A rating's or a number's input (answer_input.c), described by the
 * example, the error and the conflict note; false for a text field. */
static bool write_typed_input(Request *req, Buf *b, const AnswerField *f, const char *text,
                              const char *error, bool clash)
{
    long long id = (long long)f->field_id;
    Buf ids = BUF_INIT;
    if (f->example && *f->example)
        buf_printf(&ids, "f-f%lld-help ", id);
    if (error)
        buf_printf(&ids, "f-f%lld-error ", id);
    if (clash)
        buf_printf(&ids, "f-f%lld-conflict", id);
    bool done = answer_input_write(req, b, f, text, error != NULL, ids.data);
    buf_free(&ids);
    return done;
}

/* A text field's textarea and its live character count. */
static void write_textarea(Request *req, Buf *b, const AnswerField *f, const char *text,
                           const char *error, bool clash)
{
    long long id = (long long)f->field_id;
    /* The counter's format keeps {1} for app.js to fill in as one types. */
    const char *format = f->max_chars > 0
                             ? fill(req, M_ANS_COUNT, "{1}", num(req, f->max_chars), NULL)
                             : fill(req, M_ANS_COUNT_FREE, "{1}", NULL, NULL);
    size_t count = char_count(text);
    html_printf(
        b, "<textarea id=\"f-f%lld\" name=\"f%lld\" rows=\"%d\" data-counter=\"f-f%lld-count\"", id,
        id, TEXTAREA_ROWS, id);
    if (f->max_chars > 0)
        html_printf(b, " data-max=\"%d\"", f->max_chars);
    if (error)
        HRAW(b, " aria-invalid=\"true\"");
    Buf ids = BUF_INIT;
    if (f->example && *f->example)
        buf_printf(&ids, "f-f%lld-help ", id);
    buf_printf(&ids, "f-f%lld-count", id);
    if (error)
        buf_printf(&ids, " f-f%lld-error", id);
    if (clash)
        buf_printf(&ids, " f-f%lld-conflict", id);
    /* The newline after the tag is eaten by the parser, so a text that starts
     * with one keeps it. */
    html_printf(b, " aria-describedby=\"%s\">\n%s</textarea>", ids.data, text);
    buf_free(&ids);
    html_printf(
        b, "<p class=\"char-count%s\" id=\"f-f%lld-count\" data-format=\"%s\">%s</p>",
        f->max_chars > 0 && count > (size_t)f->max_chars ? " over" : "", id, format,
        f->max_chars > 0
            ? fill(req, M_ANS_COUNT, num(req, (long long)count), num(req, f->max_chars), NULL)
            : fill(req, M_ANS_COUNT_FREE, num(req, (long long)count), NULL, NULL));
}

/* One field as a labelled textarea with its example, counter, error, and
 * beside it what is saved now (after a conflict) or last year's answer. */
static void write_field(Request *req, Buf *b, const Answer *a, int i, const View *v)
{
    Lang L = req->lang;
    const AnswerField *f = &a->fields[i];
    long long id = (long long)f->field_id;
    const char *sent = v->sent ? v->sent[i] : NULL;
    const char *text = sent ? sent : f->value;
    FieldProblem p = v->problems ? v->problems[i] : FIELD_OK;
    const char *error = problem_text(req, f, p, text);
    bool clash = v->conflict && differs(sent, f->value);
    html_printf(b,
                "<div class=\"field answer-field%s%s\"><label for=\"f-f%lld\">%s <span "
                "class=\"%s\">%s</span></label>",
                error ? " has-error" : "", clash ? " has-conflict" : "", id, f->label,
                f->required ? "tag-required" : "tag-optional",
                msg(L, f->required ? M_REQUIRED : M_OPTIONAL));
    if (f->example && *f->example)
        html_printf(b,
                    "<p class=\"help answer-example\" id=\"f-f%lld-help\"><span "
                    "class=\"example-label\">%s</span> %s</p>",
                    id, msg(L, M_ANS_EXAMPLE), f->example);
    HRAW(b, "<div class=\"answer-pair\"><div class=\"answer-main\">");
    if (clash)
        html_printf(b, "<p class=\"pair-head\" id=\"f-f%lld-yours\">%s</p>", id,
                    msg(L, M_ANS_YOURS));
    if (!write_typed_input(req, b, f, text, error, clash))
        write_textarea(req, b, f, text, error, clash);
    if (error)
        html_printf(b, "<p class=\"error-text\" id=\"f-f%lld-error\">%s</p>", id, error);
    if (clash)
        html_printf(b, "<p class=\"conflict-text\" id=\"f-f%lld-conflict\">%s</p>", id,
                    msg(L, M_ANS_CONFLICT_FIELD));
    HRAW(b, "</div>");
    if (clash)
        html_printf(b,
                    "<div class=\"answer-side conflict-saved\"><p class=\"pair-head\">%s</p>"
                    "<div class=\"answer-text\" id=\"f-f%lld-saved\">%s</div></div>",
                    fill(req, M_ANS_SAVED_NOW, a->updated_by,
                         clock_jst(req->arena, a->updated_at, true), NULL),
                    id, *f->value ? f->value : msg(L, M_ANS_EMPTY_VALUE));
    if (f->last_year && *f->last_year)
        write_last_year(req, b, f, strcmp(f->kind, "text") == 0, !clash && !*text);
    HRAW(b, "</div></div>\n");
}

/* One field as text, for those who may not change the answer now; with the
 * person's own text under it when they sent something that was not saved. */
static void write_field_text(Request *req, Buf *b, const Answer *a, int i, const View *v)
{
    Lang L = req->lang;
    const AnswerField *f = &a->fields[i];
    const char *sent = v->sent ? v->sent[i] : NULL;
    html_printf(b, "<section class=\"answer-field readonly\"><h3>%s</h3>", f->label);
    if (*f->value)
        html_printf(b, "<div class=\"answer-text\">%s</div>", answer_input_shown(req, f));
    else
        html_printf(b, "<p class=\"answer-empty\">%s</p>", msg(L, M_ANS_EMPTY_VALUE));
    if (differs(sent, f->value))
        html_printf(b,
                    "<div class=\"conflict-yours\"><p class=\"pair-head\">%s</p>"
                    "<div class=\"answer-text\">%s</div></div>",
                    msg(L, M_ANS_YOURS), sent);
    if (f->last_year && *f->last_year)
        write_last_year(req, b, f, false, false);
    HRAW(b, "</section>\n");
}

static MsgId locked_reason(const Answer *a)
{
    if (!a->round_open)
        return M_ANS_LOCKED_CLOSED;
    if (strcmp(a->status, "confirmed") == 0)
        return M_ANS_LOCKED_CONFIRMED;
    if (strcmp(a->status, "submitted") == 0)
        return M_ANS_LOCKED_SUBMITTED;
    return M_ANS_READ_ONLY;
}

static void write_form(Request *req, Buf *b, const Answer *a, const View *v)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    /* Texts sent but not saved make the page "changed" from the start. */
    html_printf(b,
                "<form method=\"post\" action=\"%s\" class=\"answer-form\" data-unsaved%s>"
                "<h2>%s</h2>",
                answer_url(req, a->id, "", NULL), v->sent ? " data-dirty" : "",
                msg(L, M_ANS_FIELDS));
    form_csrf(req, b, who->csrf);
    /* A form shown again with errors keeps the version it was made from, so
     * that a save in between still comes out as a conflict. */
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%d\">",
                v->keep_version ? v->version : a->version);
    if (on_behalf(who, a))
        html_printf(b, "<p class=\"behalf-note\">%s</p>", msg(L, M_ANS_BEHALF_NOTE));
    for (int i = 0; i < a->nfields; i++)
        write_field(req, b, a, i, v);
    html_printf(b,
                "<p class=\"help\" id=\"answer-actions-help\">%s</p><div class=\"actions\">"
                "<button type=\"submit\" name=\"action\" value=\"save\" class=\"button "
                "secondary\">%s</button><button type=\"submit\" name=\"action\" value=\"submit\" "
                "class=\"button primary\" aria-describedby=\"answer-actions-help\">%s</button>"
                "</div></form>\n",
                msg(L, M_ANS_ACTIONS_HELP), msg(L, M_ANS_SAVE), msg(L, M_ANS_SUBMIT));
}

/* 差戻し: the comment and the button. */
static void write_return_form(Request *req, Buf *b, const Answer *a, const View *v)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    const char *error = v->comment_error;
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack review-return\">",
                answer_url(req, a->id, "/return", NULL));
    form_csrf(req, b, who->csrf);
    html_printf(b,
                "<div class=\"field%s\"><label for=\"f-comment\">%s <span "
                "class=\"tag-required\">%s</span></label><p class=\"help\" "
                "id=\"f-comment-help\">%s</p><textarea id=\"f-comment\" name=\"comment\" "
                "rows=\"4\" required",
                error ? " has-error" : "", msg(L, M_ANS_RETURN_COMMENT), msg(L, M_REQUIRED),
                msg(L, M_ANS_RETURN_HELP));
    if (error)
        HRAW(b, " aria-invalid=\"true\" aria-describedby=\"f-comment-help f-comment-error\"");
    else
        HRAW(b, " aria-describedby=\"f-comment-help\"");
    html_printf(b, ">\n%s</textarea>", v->comment ? v->comment : "");
    if (error)
        html_printf(b, "<p class=\"error-text\" id=\"f-comment-error\">%s</p>", error);
    html_printf(b,
                "</div><div class=\"actions\"><button type=\"submit\" class=\"button "
                "secondary\">%s</button></div></form>",
                msg(L, M_ANS_RETURN));
}

/* Submitted, on a plan with the bureau stage, and not yet approved. */
static bool awaits_bureau(const Answer *a)
{
    return a->bureau_review && !a->bureau_approved && strcmp(a->status, "submitted") == 0;
}

/* 確定 and 差戻し, for the plan's secretariat. */
static void write_review(Request *req, Buf *b, const Answer *a, const View *v)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    bool submitted = strcmp(a->status, "submitted") == 0;
    bool confirmed = strcmp(a->status, "confirmed") == 0;
    html_printf(b,
                "<section class=\"panel answer-review\" aria-labelledby=\"review-title\">"
                "<h2 id=\"review-title\">%s</h2>",
                msg(L, M_ANS_REVIEW));
    if (!submitted && !confirmed)
        html_printf(b, "<p>%s</p>", msg(L, M_ANS_REVIEW_WAIT));
    if (awaits_bureau(a)) {
        html_printf(b, "<p class=\"review-wait-bureau\">%s</p>", msg(L, M_ANS_REVIEW_WAIT_BUREAU));
    } else if (submitted) {
        html_printf(b, "<form method=\"post\" action=\"%s\" class=\"review-confirm\">",
                    answer_url(req, a->id, "/confirm", NULL));
        form_csrf(req, b, who->csrf);
        html_printf(b,
                    "<p class=\"help\" id=\"confirm-help\">%s</p><button type=\"submit\" "
                    "class=\"button primary\" aria-describedby=\"confirm-help\">%s</button>"
                    "</form>",
                    msg(L, M_ANS_CONFIRM_HELP), msg(L, M_ANS_CONFIRM));
    }
    if (submitted || confirmed)
        write_return_form(req, b, a, v);
    HRAW(b, "</section>\n");
}

/* 局として承認 and 差戻し, for the bureau's reviewer while the answer waits
 * for the bureau. */
static void write_bureau_review(Request *req, Buf *b, const Answer *a, const View *v)
{
    Lang L = req->lang;
    if (!awaits_bureau(a))
        return;
    html_printf(b,
                "<section class=\"panel answer-review bureau-review\""
                " aria-labelledby=\"bureau-review-title\"><h2 id=\"bureau-review-title\">%s</h2>"
                "<form method=\"post\" action=\"%s\" class=\"review-approve\">",
                msg(L, M_ANS_BUREAU_REVIEW), answer_url(req, a->id, "/approve", NULL));
    form_csrf(req, b, page_user(req)->csrf);
    html_printf(b,
                "<p class=\"help\" id=\"approve-help\">%s</p><button type=\"submit\" "
                "class=\"button primary\" aria-describedby=\"approve-help\">%s</button></form>",
                msg(L, M_ANS_APPROVE_HELP), msg(L, M_ANS_APPROVE));
    write_return_form(req, b, a, v);
    HRAW(b, "</section>\n");
}

static void write_answer_page(Request *req, Response *res, const Answer *a, const View *v)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    Buf *b = &res->body;
    page_begin(req, res, a->project_name);
    write_head(req, b, a);
    if (res->status == 200)
        write_notice(req, b);
    write_alert(req, b, a, v);
    if (strcmp(a->status, "returned") == 0 && a->comment && *a->comment)
        html_printf(b,
                    "<section class=\"answer-comment\" aria-labelledby=\"comment-title\">"
                    "<h2 id=\"comment-title\">%s</h2><div class=\"answer-text\">%s</div>"
                    "</section>\n",
                    msg(L, M_ANS_COMMENT), a->comment);
    if (answer_may_write(who, a)) {
        write_form(req, b, a, v);
    } else {
        html_printf(b,
                    "<section class=\"answer-values\"><h2>%s</h2><p class=\"answer-locked\">%s"
                    "</p>\n",
                    msg(L, M_ANS_FIELDS), msg(L, locked_reason(a)));
        for (int i = 0; i < a->nfields; i++)
            write_field_text(req, b, a, i, v);
        HRAW(b, "</section>\n");
    }
    if (answer_may_review(who, a))
        write_review(req, b, a, v);
    else if (answer_may_approve(who, a))
        write_bureau_review(req, b, a, v);
    page_end(req, res);
}

/* The answer of the URL for the person asking, or false with the error
 * page answered (404 for one they may not read). */
static bool load_answer(Request *req, Response *res, Answer *a)
{
    Err e = answer_get(req->db, req->arena, page_user(req), req->ids[0], a);
    if (e == ERR_OK)
        return true;
    page_error(req, res, e == ERR_NOT_FOUND ? 404 : 500,
               e == ERR_NOT_FOUND ? M_ERR_BODY_404 : M_ERR_BODY_500, NULL);
    return false;
}

void page_answer(Request *req, Response *res)
{
    Answer a;
    if (load_answer(req, res, &a))
        write_answer_page(req, res, &a, &(View){0});
}

/* The version the form was made from; -1 if none was sent (a conflict). */
static int form_version(const Request *req)
{
    const char *v = req_form(req, "version");
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : -1;
    return v && *v && !*end && n >= 0 && n < 1000000000 ? (int)n : -1;
}

void page_answer_post(Request *req, Response *res)
{
    Lang L = req->lang;
    Answer a;
    if (!load_answer(req, res, &a))
        return;
    const char **sent = ARENA_ARRAY(req->arena, const char *, (size_t)a.nfields + 1);
    FieldProblem *problems = ARENA_ARRAY(req->arena, FieldProblem, (size_t)a.nfields + 1);
    for (int i = 0; i < a.nfields; i++)
        sent[i] = req_form(req, arena_printf(req->arena, "f%lld", (long long)a.fields[i].field_id));
    const char *action = req_form(req, "action");
    bool submit = action && strcmp(action, "submit") == 0;
    Actor by = page_actor(req);
    Err e = answer_save(req->db, &by, page_user(req), a.id, form_version(req), sent, a.nfields,
                        submit, problems);
    switch (e) {
    case ERR_OK:
        resp_redirect(res, answer_url(req, a.id, "", submit ? "submitted=1" : "saved=1"));
        return;
    case ERR_INVALID:
        res->status = 400;
        write_answer_page(req, res, &a,
                          &(View){.sent = sent,
                                  .problems = problems,
                                  .keep_version = true,
                                  .version = form_version(req)});
        return;
    case ERR_CONFLICT: {
        /* Someone saved first: show what is saved now beside what was sent,
         * with the new version, so that saving again overwrites knowingly. */
        Answer now;
        if (!load_answer(req, res, &now))
            return;
        res->status = 409;
        write_answer_page(
            req, res, &now,
            &(View){.sent = sent,
                    .conflict = true,
                    .alert = fill(req, M_ANS_CONFLICT, now.updated_by,
                                  clock_jst(req->arena, now.updated_at, true), NULL)});
        return;
    }
    case ERR_FORBIDDEN:
        /* Submitted or confirmed meanwhile, or not theirs to write: nothing
         * is saved, and what they typed is shown so it is not lost. */
        res->status = 403;
        write_answer_page(req, res, &a,
                          &(View){.sent = sent, .alert = msg(L, M_ANS_NOT_SAVED_LOCKED)});
        return;
    case ERR_NOT_FOUND:
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return;
    default:
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
}

/* After 確定 or 差戻し: back to the page (303) with a notice, or why not. */
static void after_review(Request *req, Response *res, const Answer *a, Err e, const char *done,
                         const View *v)
{
    switch (e) {
    case ERR_OK:
        resp_redirect(res, answer_url(req, a->id, "", done));
        return;
    case ERR_CONFLICT: {
        /* Not in a state for it (already confirmed, returned, not yet
         * submitted): the page as it is now, with why. */
        Answer now;
        if (!load_answer(req, res, &now))
            return;
        View shown = *v;
        shown.alert =
            fill(req, M_ERR_ANS_STATE,
                 msg(req->lang, shown_label(now.status, now.bureau_review, now.bureau_approved)),
                 NULL, NULL);
        res->status = 409;
        write_answer_page(req, res, &now, &shown);
        return;
    }
    case ERR_FORBIDDEN:
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    case ERR_NOT_FOUND:
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return;
    default:
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
}

/* The answer of the URL if the person may review it (or, with bureau, is
 * its bureau's reviewer on a plan with the stage); else false, answered. */
static bool load_for_review(Request *req, Response *res, Answer *a, bool bureau)
{
    if (!load_answer(req, res, a))
        return false;
    if (answer_may_review(page_user(req), a) ||
        (bureau && a->bureau_review && answer_may_approve(page_user(req), a)))
        return true;
    page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
    return false;
}

void page_answer_confirm(Request *req, Response *res)
{
    Answer a;
    if (!load_for_review(req, res, &a, false))
        return;
    Actor by = page_actor(req);
    after_review(req, res, &a, answer_confirm(req->db, &by, page_user(req), a.id), "confirmed=1",
                 &(View){0});
}

void page_answer_approve(Request *req, Response *res)
{
    Answer a;
    if (!load_answer(req, res, &a))
        return;
    if (!answer_may_approve(page_user(req), &a)) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    Actor by = page_actor(req);
    after_review(req, res, &a, answer_approve(req->db, &by, page_user(req), a.id), "approved=1",
                 &(View){0});
}

void page_answer_return(Request *req, Response *res)
{
    Lang L = req->lang;
    Answer a;
    if (!load_for_review(req, res, &a, true))
        return;
    const char *comment = req_form(req, "comment");
    View v = {.comment = comment};
    char *clean = NULL;
    FieldProblem p = answer_clean_text(comment ? comment : "", &clean);
    if (p == FIELD_CONTROL)
        v.comment_error = msg(L, M_ERR_ANS_CONTROL);
    else if (p != FIELD_OK)
        v.comment_error = msg(L, M_ERR_ANS_ENCODING);
    else if (blank(clean))
        v.comment_error = msg(L, M_ERR_REQUIRED);
    else if (utf8_char_count(clean) > COMMENT_MAX_CHARS)
        v.comment_error = msg(L, M_ERR_ANS_COMMENT_LONG);
    if (v.comment_error) {
        free(clean);
        res->status = 400;
        write_answer_page(req, res, &a, &v);
        return;
    }
    Actor by = page_actor(req);
    Err e = answer_return(req->db, &by, page_user(req), a.id, clean);
    free(clean);
    after_review(req, res, &a, e, "returned=1", &v);
}

/* ---------- The inbox ---------- */

/* The deadline of a round and how far off it is. */
static void write_deadline(Request *req, Buf *b, const char *deadline)
{
    Lang L = req->lang;
    html_printf(b, "<p class=\"inbox-deadline\">%s: <span class=\"deadline\">%s</span>",
                msg(L, M_ANS_DEADLINE), deadline_text(req, deadline));
    long left;
    if (days_left(deadline, &left)) {
        if (left > 0)
            html_printf(b, " <span class=\"days-left\">%s</span>",
                        fill(req, M_INBOX_DAYS_LEFT, num(req, left), NULL, NULL));
        else if (left == 0)
            html_printf(b, " <span class=\"days-left due-today\">%s</span>",
                        msg(L, M_INBOX_DUE_TODAY));
        else
            html_printf(b, " <span class=\"overdue\">%s</span>",
                        fill(req, M_INBOX_DAYS_OVER, num(req, -left), NULL, NULL));
    }
    HRAW(b, "</p>");
}

static void write_inbox_round(Request *req, Buf *b, const Round *r, const AnswerRow *rows, int n)
{
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"panel inbox-round\" aria-labelledby=\"round-%lld\">"
                "<h2 id=\"round-%lld\"><span class=\"inbox-plan\">%s</span> %s</h2>",
                (long long)r->id, (long long)r->id, r->plan_title,
                round_label(req, r->fiscal_year, r->at_year_end));
    write_deadline(req, b, r->deadline);
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p></section>\n", msg(L, M_INBOX_NO_ANSWERS));
        return;
    }
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table inbox\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_ANS_PROJECT), msg(L, M_COL_SECTION), msg(L, M_COL_STATUS),
                msg(L, M_ANS_UPDATED));
    for (int i = 0; i < n; i++) {
        const AnswerRow *w = &rows[i];
        html_printf(b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>",
                    answer_url(req, w->id, "", NULL), w->project_name, w->section);
        write_status(req, b, w->status, w->bureau_review, w->bureau_approved);
        html_printf(b, "</td><td>%s</td></tr>\n",
                    w->version > 0 ? clock_jst(req->arena, w->updated_at, true) : "");
    }
    HRAW(b, "</tbody></table></div>");
    /* Submit every draft of the person's own sections at once. */
    bool drafts = false;
    for (int i = 0; i < n; i++)
        drafts |= strcmp(rows[i].status, "draft") == 0 || strcmp(rows[i].status, "returned") == 0;
    if (drafts) {
        html_printf(
            b, "<form method=\"post\" action=\"%s\" class=\"submit-all\">",
            page_url(req, arena_printf(req->arena, "/rounds/%lld/submit-all", (long long)r->id)));
        form_csrf(req, b, page_user(req)->csrf);
        html_printf(b,
                    "<p class=\"help\">%s</p><button type=\"submit\" class=\"button "
                    "secondary\">%s</button></form>",
                    msg(req->lang, M_INBOX_SUBMIT_ALL_HELP), msg(req->lang, M_INBOX_SUBMIT_ALL));
    }
    HRAW(b, "</section>\n");
}

void page_submit_all(Request *req, Response *res)
{
    Actor by = page_actor(req);
    int submitted = 0, refused = 0;
    Err e = answer_submit_all(req->db, &by, page_user(req), req->ids[0], &submitted, &refused);
    if (e != ERR_OK) {
        page_error(req, res, e == ERR_NOT_FOUND ? 404 : 500,
                   e == ERR_NOT_FOUND ? M_ERR_BODY_404 : M_ERR_BODY_500, NULL);
        return;
    }
    resp_redirect(res, page_url(req, arena_printf(req->arena, "/inbox?submitted=%d&refused=%d",
                                                  submitted, refused)));
}

void page_inbox(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    Round *rounds;
    int nrounds;
    if (round_list(req->db, req->arena, who, 0, &rounds, &nrounds) != ERR_OK) {
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return;
    }
    /* Open rounds only, each with the answers this person may see. */
    AnswerRow **rows = ARENA_ARRAY(req->arena, AnswerRow *, (size_t)nrounds + 1);
    int *nrows = ARENA_ARRAY(req->arena, int, (size_t)nrounds + 1);
    int open = 0;
    for (int i = 0; i < nrounds; i++) {
        if (strcmp(rounds[i].status, "open") != 0)
            continue;
        if (answer_list(req->db, req->arena, who, rounds[i].id, &rows[open], &nrows[open]) !=
            ERR_OK) {
            page_error(req, res, 500, M_ERR_BODY_500, NULL);
            return;
        }
        rounds[open++] = rounds[i];
    }
    page_begin(req, res, msg(L, M_INBOX_TITLE));
    Buf *b = &res->body;
    html_printf(b, "<h1>%s</h1>\n", msg(L, M_INBOX_TITLE));
    const char *done = req_param(req, "submitted"), *refused = req_param(req, "refused");
    if (done && refused) {
        const char *args[] = {done, refused};
        char *text = msg_fill(L, M_INBOX_SUBMITTED_ALL, args, 2);
        form_notice(b, arena_strdup(req->arena, text));
        free(text);
    }
    if (open == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_INBOX_NO_ROUNDS));
    } else {
        html_printf(b, "<p>%s</p>\n", msg(L, M_INBOX_INTRO));
        for (int i = 0; i < open; i++)
            write_inbox_round(req, b, &rounds[i], rows[i], nrows[i]);
    }
    page_end(req, res);
}
