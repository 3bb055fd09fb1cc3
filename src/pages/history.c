/* GET /answers/{id}/history: every version of every field of an answer,
 * newest first, with who saved it and when (Japan time); what changed
 * between two versions as a character diff (by default the latest against
 * the one before; ?field=&from=&to= any two of a field's versions;
 * ?field=&compare=other|last_year the latest text against the answer at
 * the year's other checkpoint or last year's confirmed one); and what was
 * done to the answer: submitted, returned with a comment, confirmed,
 * entered on the section's behalf.
 *
 * Who may read the answer may read its history (model/answer.c decides);
 * for anyone else the answer does not exist (404). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/diff.h"
#include "base/clock.h"
#include "base/html.h"
#include "export/layout.h"
#include "model/answer.h"
#include "model/round.h"
#include "pages/auth.h"
#include "pages/labels.h"
#include "pages/layout.h"
#include "pages/pages.h"

enum {
    JST_OFFSET = 9 * 60 * 60, /* Asia/Tokyo: UTC+9, no summer time */
    MAX_VERSION = 1000000000,
};

/* ---------- Small helpers ---------- */

/* Message id with {1}..{3} filled in, in the arena. */
static const char *fill(Request *req, MsgId id, const char *a1, const char *a2, const char *a3)
{
    const char *args[3] = {a1 ? a1 : "", a2 ? a2 : "", a3 ? a3 : ""};
    char *s = msg_fill(req->lang, id, args, 3);
    const char *out = arena_strdup(req->arena, s);
    free(s);
    return out;
}

static const char *version_name(Request *req, int version)
{
    return fill(req, M_HIST_VERSION_N, arena_printf(req->arena, "%d", version), NULL, NULL);
}

/* The name of an event's action, or NULL for one this page does not know. */
static const char *action_name(Request *req, const char *action)
{
    static const struct {
        const char *code;
        MsgId label;
    } map[] = {{"save", M_HIST_EV_SAVE},       {"submit", M_HIST_EV_SUBMIT},
               {"return", M_HIST_EV_RETURN},   {"confirm", M_HIST_EV_CONFIRM},
               {"approve", M_HIST_EV_APPROVE}, {"reopen", M_HIST_EV_REOPEN}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(action, map[i].code) == 0)
            return msg(req->lang, map[i].label);
    return NULL;
}

/* /answers/{id}{rest}?{query}#{fragment}, keeping the page's language. */
static const char *answer_url(Request *req, int64_t id, const char *rest, const char *query,
                              const char *fragment)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "/answers/%lld%s", (long long)id, rest);
    if (query)
        buf_printf(&b, "?%s", query);
    page_lang_param(req, &b, query ? '&' : '?');
    if (fragment)
        buf_printf(&b, "#%s", fragment);
    const char *s = arena_strdup(req->arena, b.data);
    buf_free(&b);
    return s;
}

/* A version number as sent: digits only, 1 or more; else -1. */
static int parse_version(const char *s)
{
    if (!s || !*s || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
        return -1;
    long n = strtol(s, NULL, 10);
    return n >= 1 && n < MAX_VERSION ? (int)n : -1;
}

static const AnswerVersion *find_version(const AnswerFieldHistory *f, int version)
{
    for (int i = 0; i < f->nversions; i++)
        if (f->versions[i].version == version)
            return &f->versions[i];
    return NULL;
}

/* ---------- The comparison asked for ---------- */

typedef enum Compare { CMP_DEFAULT, CMP_VERSIONS, CMP_OTHER, CMP_LAST_YEAR } Compare;

typedef struct Choice {
    int field; /* index into the history's fields, or -1: every field as by default */
    Compare compare;
    const AnswerVersion *from, *to; /* CMP_VERSIONS */
} Choice;

/* Reads ?field=&from=&to= or ?field=&compare=; false with the 400 page
 * answered, naming the parameter at fault. */
static bool read_choice(Request *req, Response *res, const AnswerHistory *h, Choice *c)
{
    *c = (Choice){.field = -1};
    const char *field = req_param(req, "field"), *from = req_param(req, "from"),
               *to = req_param(req, "to"), *compare = req_param(req, "compare");
    if (!field && !from && !to && !compare)
        return true;
    long long id = -1;
    if (field && *field && strlen(field) <= 18 && strspn(field, "0123456789") == strlen(field))
        id = strtoll(field, NULL, 10);
    for (int i = 0; i < h->nfields; i++)
        if (h->fields[i].field_id == id)
            c->field = i;
    if (c->field < 0) {
        page_error(req, res, 400, M_ERR_HIST_FIELD, "field");
        return false;
    }
    const AnswerFieldHistory *f = &h->fields[c->field];
    if (compare) {
        bool other = strcmp(compare, "other") == 0, last = strcmp(compare, "last_year") == 0;
        if (from || to || !(other ? f->other != NULL : last && f->last_year != NULL)) {
            page_error(req, res, 400, M_ERR_HIST_COMPARE, "compare");
            return false;
        }
        c->compare = other ? CMP_OTHER : CMP_LAST_YEAR;
        return true;
    }
    if (!from && !to)
        return true; /* the field alone: its default comparison */
    c->from = find_version(f, parse_version(from));
    if (!c->from) {
        page_error(req, res, 400, M_ERR_HIST_FROM, "from");
        return false;
    }
    c->to = find_version(f, parse_version(to));
    if (!c->to) {
        page_error(req, res, 400, M_ERR_HIST_TO, "to");
        return false;
    }
    c->compare = CMP_VERSIONS;
    return true;
}

/* ---------- Writing the page ---------- */

/* The diff from old_text to new_text: deletions in <del>, insertions in
 * <ins>, each told to screen readers by a hidden word before it. */
static void write_diff(Request *req, Buf *b, const char *head, const char *old_text,
                       const char *new_text)
{
    Lang L = req->lang;
    Diff d;
    diff_texts(req->arena, old_text, new_text, &d);
    html_printf(b, "<div class=\"history-diff\"><h3>%s</h3>", head);
    bool changed = false;
    for (int i = 0; i < d.nruns; i++)
        changed |= d.runs[i].kind != DIFF_SAME;
    if (!changed)
        html_printf(b, "<p class=\"help\">%s</p>", msg(L, M_HIST_SAME));
    if (d.whole)
        html_printf(b, "<p class=\"help\">%s</p>", msg(L, M_HIST_WHOLE));
    HRAW(b, "<div class=\"diff answer-text\">");
    for (int i = 0; i < d.nruns; i++) {
        const DiffRun *r = &d.runs[i];
        if (r->kind == DIFF_SAME)
            html_printf(b, "%s", r->text);
        else if (r->kind == DIFF_DELETE)
            html_printf(b, "<del><span class=\"visually-hidden\">%s</span>%s</del>",
                        msg(L, M_HIST_DELETED), r->text);
        else
            html_printf(b, "<ins><span class=\"visually-hidden\">%s</span>%s</ins>",
                        msg(L, M_HIST_INSERTED), r->text);
    }
    HRAW(b, "</div></div>");
}

/* What a field's section compares: the choice if it is about this field,
 * else the latest version against the one before. */
static void write_comparison(Request *req, Buf *b, const AnswerHistory *h, int i, const Choice *c)
{
    Lang L = req->lang;
    const AnswerFieldHistory *f = &h->fields[i];
    const char *latest = h->answer.fields[i].value;
    const char *latest_name = f->nversions > 0
                                  ? version_name(req, f->versions[f->nversions - 1].version)
                                  : msg(L, M_HIST_CURRENT);
    Compare how = c->field == i ? c->compare : CMP_DEFAULT;
    if (how == CMP_VERSIONS) {
        write_diff(req, b,
                   fill(req, M_HIST_CHANGES, version_name(req, c->from->version),
                        version_name(req, c->to->version), NULL),
                   c->from->text, c->to->text);
    } else if (how == CMP_OTHER) {
        /* In the order they were asked: 年度当初 before 年度末. */
        const char *other_name =
            fill(req, M_HIST_OTHER_TEXT,
                 msg(L, h->answer.at_year_end ? M_CHECK_START : M_CHECK_END), NULL, NULL);
        if (h->answer.at_year_end)
            write_diff(req, b, fill(req, M_HIST_CHANGES, other_name, latest_name, NULL), f->other,
                       latest);
        else
            write_diff(req, b, fill(req, M_HIST_CHANGES, latest_name, other_name, NULL), latest,
                       f->other);
    } else if (how == CMP_LAST_YEAR) {
        write_diff(req, b,
                   fill(req, M_HIST_CHANGES, msg(L, M_HIST_LAST_YEAR_TEXT), latest_name, NULL),
                   f->last_year, latest);
    } else if (f->nversions >= 2) {
        const AnswerVersion *to = &f->versions[f->nversions - 1], *from = to - 1;
        write_diff(req, b,
                   fill(req, M_HIST_CHANGES, version_name(req, from->version),
                        version_name(req, to->version), NULL),
                   from->text, to->text);
    } else if (f->nversions == 1) {
        html_printf(b, "<p class=\"help\">%s</p>", msg(L, M_HIST_FIRST));
    }
}

/* A version select of the compare form, the chosen one selected. */
static void write_version_select(Request *req, Buf *b, const AnswerFieldHistory *f,
                                 const char *name, MsgId label, int selected)
{
    long long id = (long long)f->field_id;
    html_printf(b,
                "<div class=\"field\"><label for=\"h-f%lld-%s\">%s</label>"
                "<select id=\"h-f%lld-%s\" name=\"%s\">",
                id, name, msg(req->lang, label), id, name, name);
    for (int k = f->nversions; k-- > 0;)
        html_printf(b, "<option value=\"%d\"%s>%s</option>", f->versions[k].version,
                    f->versions[k].version == selected ? " selected" : "",
                    version_name(req, f->versions[k].version));
    HRAW(b, "</select></div>");
}

/* Two versions of the field to compare (a GET form), and links comparing
 * the latest text with the other checkpoint's and with last year's. */
static void write_compare_choices(Request *req, Buf *b, const AnswerHistory *h, int i,
                                  const Choice *c)
{
    Lang L = req->lang;
    const AnswerFieldHistory *f = &h->fields[i];
    long long id = (long long)f->field_id;
    const char *fragment = arena_printf(req->arena, "field-%lld", id);
    if (f->nversions >= 2) {
        int from = f->versions[f->nversions - 2].version,
            to = f->versions[f->nversions - 1].version;
        if (c->field == i && c->compare == CMP_VERSIONS) {
            from = c->from->version;
            to = c->to->version;
        }
        html_printf(b, "<form class=\"history-compare\" method=\"get\" action=\"%s\">",
                    answer_url(req, h->answer.id, "/history", NULL, fragment));
        if (L == LANG_EN)
            HRAW(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
        html_printf(b, "<input type=\"hidden\" name=\"field\" value=\"%lld\">", id);
        write_version_select(req, b, f, "from", M_HIST_FROM, from);
        write_version_select(req, b, f, "to", M_HIST_TO, to);
        html_printf(b,
                    "<div class=\"actions\"><button type=\"submit\" class=\"button "
                    "secondary\">%s</button></div></form>",
                    msg(L, M_HIST_COMPARE));
    }
    if (!f->other && !f->last_year)
        return;
    HRAW(b, "<ul class=\"history-links\">");
    if (f->other)
        html_printf(
            b, "<li><a href=\"%s\">%s</a></li>",
            answer_url(req, h->answer.id, "/history",
                       arena_printf(req->arena, "field=%lld&compare=other", id), fragment),
            fill(req, M_HIST_COMPARE_WITH,
                 fill(req, M_HIST_OTHER_TEXT,
                      msg(L, h->answer.at_year_end ? M_CHECK_START : M_CHECK_END), NULL, NULL),
                 NULL, NULL));
    if (f->last_year)
        html_printf(b, "<li><a href=\"%s\">%s</a></li>",
                    answer_url(req, h->answer.id, "/history",
                               arena_printf(req->arena, "field=%lld&compare=last_year", id),
                               fragment),
                    fill(req, M_HIST_COMPARE_WITH, msg(L, M_HIST_LAST_YEAR_TEXT), NULL, NULL));
    HRAW(b, "</ul>");
}

/* Was the save that made version v one by the secretariat for the section? */
static bool saved_on_behalf(const AnswerHistory *h, int version)
{
    for (int i = 0; i < h->nevents; i++)
        if (h->events[i].version == version && h->events[i].on_behalf)
            return true;
    return false;
}

static void write_versions(Request *req, Buf *b, const AnswerHistory *h,
                           const AnswerFieldHistory *f)
{
    Lang L = req->lang;
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table history-versions\">"
                "<caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "</tr></thead><tbody>\n",
                fill(req, M_HIST_VERSIONS, f->label, NULL, NULL), msg(L, M_HIST_COL_VERSION),
                msg(L, M_HIST_COL_AT), msg(L, M_HIST_COL_ACTOR), msg(L, M_HIST_COL_TEXT));
    for (int k = f->nversions; k-- > 0;) {
        const AnswerVersion *v = &f->versions[k];
        html_printf(b, "<tr><th scope=\"row\">%s", version_name(req, v->version));
        if (k == f->nversions - 1)
            html_printf(b, " <span class=\"history-latest\">%s</span>", msg(L, M_HIST_LATEST));
        html_printf(b, "</th><td><time datetime=\"%s\">%s</time></td><td>%s", v->at,
                    clock_jst(req->arena, v->at, true), v->actor);
        if (saved_on_behalf(h, v->version))
            html_printf(b, " <span class=\"on-behalf\">%s</span>", msg(L, M_HIST_BEHALF));
        html_printf(b, "</td><td><div class=\"answer-text\">%s</div></td></tr>\n", v->text);
    }
    HRAW(b, "</tbody></table></div>");
}

static void write_field(Request *req, Buf *b, const AnswerHistory *h, int i, const Choice *c)
{
    Lang L = req->lang;
    const AnswerFieldHistory *f = &h->fields[i];
    const char *value = h->answer.fields[i].value;
    long long id = (long long)f->field_id;
    html_printf(b,
                "<section class=\"panel history-field\" id=\"field-%lld\" "
                "aria-labelledby=\"field-%lld-title\"><h2 id=\"field-%lld-title\">%s</h2>",
                id, id, id, f->label);
    if (f->nversions == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>", msg(L, M_HIST_NO_VERSIONS));
        if (*value)
            html_printf(b, "<h3>%s</h3><div class=\"answer-text\">%s</div>", msg(L, M_HIST_CURRENT),
                        value);
    }
    write_comparison(req, b, h, i, c);
    write_compare_choices(req, b, h, i, c);
    if (f->nversions > 0)
        write_versions(req, b, h, f);
    HRAW(b, "</section>\n");
}

static void write_events(Request *req, Buf *b, const AnswerHistory *h)
{
    Lang L = req->lang;
    html_printf(b,
                "<section class=\"panel history-events\" aria-labelledby=\"events-title\">"
                "<h2 id=\"events-title\">%s</h2>",
                msg(L, M_HIST_EVENTS));
    if (h->nevents == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p></section>\n", msg(L, M_HIST_NO_EVENTS));
        return;
    }
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
                msg(L, M_HIST_COL_AT), msg(L, M_HIST_COL_ACTION), msg(L, M_HIST_COL_BY),
                msg(L, M_HIST_COL_VERSION), msg(L, M_HIST_COL_COMMENT));
    /* Newest first, as the versions. */
    for (int k = h->nevents; k-- > 0;) {
        const AnswerEvent *e = &h->events[k];
        const char *name = action_name(req, e->action);
        html_printf(b,
                    "<tr><th scope=\"row\"><time datetime=\"%s\">%s</time></th>"
                    "<td><span class=\"history-action history-%s\">%s</span>",
                    e->at, clock_jst(req->arena, e->at, true), e->action, name ? name : e->action);
        if (e->on_behalf)
            html_printf(b, " <span class=\"on-behalf\">%s</span>", msg(L, M_HIST_BEHALF));
        html_printf(b, "</td><td>%s</td><td>%s</td><td>", e->actor, version_name(req, e->version));
        if (e->comment && *e->comment)
            html_printf(b, "<div class=\"answer-text\">%s</div>", e->comment);
        HRAW(b, "</td></tr>\n");
    }
    HRAW(b, "</tbody></table></div></section>\n");
}

static void write_head(Request *req, Buf *b, const AnswerHistory *h)
{
    Lang L = req->lang;
    const Answer *a = &h->answer;
    Round r;
    const char *plan = round_get(req->db, req->arena, page_user(req), a->round_id, &r) == ERR_OK
                           ? r.plan_title
                           : NULL;
    const char *round =
        fill(req, M_ROUND_LABEL, sheet_fy_name(a->fiscal_year, ERA_JAPANESE, req->arena),
             msg(L, a->at_year_end ? M_CHECK_END : M_CHECK_START),
             arena_printf(req->arena, "%d", a->fiscal_year));
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li><a href=\"%s\">%s</a></li><li aria-current=\"page\">%s</li></ol></nav>\n"
                "<div class=\"answer-head\"><p class=\"answer-round\">",
                msg(L, M_BREADCRUMB), page_url(req, "/inbox"), msg(L, M_INBOX_TITLE),
                answer_url(req, a->id, "", NULL, NULL), a->project_name, msg(L, M_HIST_LINK));
    if (plan)
        html_printf(b, "<span class=\"answer-plan\">%s</span> ", plan);
    html_printf(b,
                "<span>%s</span></p>\n<h1>%s</h1>\n<dl class=\"facts answer-facts\">"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>"
                "<span class=\"status status-%s\">%s</span></dd></dl>\n",
                round, fill(req, M_HIST_TITLE, a->project_name, NULL, NULL), msg(L, M_COL_BUREAU),
                a->bureau, msg(L, M_COL_SECTION), a->section, msg(L, M_COL_STATUS), a->status,
                msg(L, status_label(a->status)));
    html_printf(b, "<ul class=\"history-links\"><li><a href=\"%s\">%s</a></li>",
                answer_url(req, a->id, "", NULL, NULL), msg(L, M_HIST_BACK));
    if (h->other_id)
        html_printf(b, "<li><a href=\"%s\">%s</a></li>",
                    answer_url(req, h->other_id, "/history", NULL, NULL),
                    fill(req, M_HIST_OTHER_ANSWER,
                         msg(L, a->at_year_end ? M_CHECK_START : M_CHECK_END), NULL, NULL));
    html_printf(b, "</ul></div>\n<p>%s</p>\n", msg(L, M_HIST_INTRO));
}

void page_answer_history(Request *req, Response *res)
{
    AnswerHistory h;
    Err e = answer_history(req->db, req->arena, page_user(req), req->ids[0], &h);
    if (e != ERR_OK) {
        page_error(req, res, e == ERR_NOT_FOUND ? 404 : 500,
                   e == ERR_NOT_FOUND ? M_ERR_BODY_404 : M_ERR_BODY_500, NULL);
        return;
    }
    Choice c;
    if (!read_choice(req, res, &h, &c))
        return;
    page_begin(req, res, fill(req, M_HIST_TITLE, h.answer.project_name, NULL, NULL));
    Buf *b = &res->body;
    write_head(req, b, &h);
    for (int i = 0; i < h.nfields; i++)
        write_field(req, b, &h, i, &c);
    write_events(req, b, &h);
    page_end(req, res);
}
