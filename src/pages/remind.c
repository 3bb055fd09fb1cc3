/* /rounds/{id}/reminders: who has not answered, and a reminder to them by
 * e-mail when the server has an SMTP server; otherwise the list can be
 * copied or downloaded as CSV. */
#include <stdlib.h>
#include <string.h>
#include "base/html.h"
#include "base/log.h"
#include "model/reminder.h"
#include "model/round.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"
#include "pages/pages.h"

static MailConfig mail_config; /* set once at start-up, read only after */

void remind_configure(const MailConfig *c)
{
    mail_config = *c;
}

static bool load(Request *req, Response *res, ReminderTarget **t, int *n)
{
    Err e = reminder_targets(req->db, req->arena, page_user(req), req->ids[0], t, n);
    if (e == ERR_OK)
        return true;
    page_error(req, res,
               e == ERR_NOT_FOUND   ? 404
               : e == ERR_FORBIDDEN ? 403
                                    : 500,
               e == ERR_NOT_FOUND   ? M_ERR_BODY_404
               : e == ERR_FORBIDDEN ? M_ERR_FORBIDDEN
                                    : M_ERR_BODY_500,
               NULL);
    return false;
}

void page_reminders(Request *req, Response *res)
{
    Lang L = req->lang;
    ReminderTarget *t;
    int n;
    if (!load(req, res, &t, &n))
        return;
    page_begin(req, res, msg(L, M_REMINDERS_TITLE));
    Buf *b = &res->body;
    const char *round_url =
        page_url(req, arena_printf(req->arena, "/rounds/%lld", (long long)req->ids[0]));
    html_printf(b, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>\n", round_url, msg(L, M_REMINDERS_BACK),
                msg(L, M_REMINDERS_TITLE));
    const char *sent = req_param(req, "sent");
    if (sent)
        form_notice(b, arena_printf(req->arena, "%s %s", msg(L, M_REMINDERS_SENT), sent));
    if (n == 0) {
        html_printf(b, "<p class=\"empty-state\">%s</p>\n", msg(L, M_REMINDERS_NONE));
        page_end(req, res);
        return;
    }
    html_printf(b,
                "<table class=\"data-table\"><thead><tr><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "</tr></thead><tbody>",
                msg(L, M_COL_BUREAU), msg(L, M_COL_SECTION), msg(L, M_COL_PROJECT),
                msg(L, M_REMINDERS_ADDRESS));
    for (int i = 0; i < n; i++) {
        html_printf(b, "<tr><td>%s</td><th scope=\"row\">%s</th><td>", t[i].bureau, t[i].section);
        for (int p = 0; p < t[i].nprojects; p++) {
            if (p)
                HRAW(b, "<br>");
            html_printf(b, "%s", t[i].projects[p]);
        }
        HRAW(b, "</td><td>");
        for (int e = 0; e < t[i].nemails; e++) {
            if (e)
                HRAW(b, "<br>");
            html_printf(b, "%s", t[i].emails[e]);
        }
        if (t[i].nemails == 0)
            html_printf(b, "%s", msg(L, M_REMINDERS_NO_ADDRESS));
        HRAW(b, "</td></tr>\n");
    }
    html_printf(
        b, "</tbody></table>\n<p><a class=\"button secondary\" href=\"%s\" download>%s</a></p>\n",
        page_url(req,
                 arena_printf(req->arena, "/rounds/%lld/reminders.csv", (long long)req->ids[0])),
        msg(L, M_REMINDERS_CSV));
    if (mail_config.smtp_url) {
        html_printf(
            b, "<form method=\"post\" action=\"%s\">",
            page_url(req, arena_printf(req->arena, "/rounds/%lld/remind", (long long)req->ids[0])));
        form_csrf(req, b, page_user(req)->csrf);
        html_printf(b, "<button type=\"submit\" class=\"button primary\">%s</button></form>\n",
                    msg(L, M_REMINDERS_SEND));
    } else {
        html_printf(b, "<p class=\"help\">%s</p>\n", msg(L, M_REMINDERS_NO_SMTP));
    }
    page_end(req, res);
}

/* RFC 4180 field: quoted, quotes doubled. */
static void csv_field(Buf *b, const char *s, bool last)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_puts(b, last ? "\"\r\n" : "\",");
}

void page_reminders_csv(Request *req, Response *res)
{
    Lang L = req->lang;
    ReminderTarget *t;
    int n;
    if (!load(req, res, &t, &n))
        return;
    Buf *b = &res->body;
    buf_puts(b, "\xEF\xBB\xBF");
    csv_field(b, msg(L, M_COL_BUREAU), false);
    csv_field(b, msg(L, M_COL_SECTION), false);
    csv_field(b, msg(L, M_COL_PROJECT), false);
    csv_field(b, msg(L, M_REMINDERS_ADDRESS), true);
    for (int i = 0; i < n; i++)
        for (int p = 0; p < t[i].nprojects; p++) {
            Buf to = BUF_INIT;
            for (int e = 0; e < t[i].nemails; e++)
                buf_printf(&to, "%s%s", e ? " " : "", t[i].emails[e]);
            csv_field(b, t[i].bureau, false);
            csv_field(b, t[i].section, false);
            /* A project name is text a spreadsheet must not run. */
            const char *name = t[i].projects[p];
            bool formula = strchr("=+-@", name[0]) != NULL && name[0];
            csv_field(b, formula ? arena_printf(req->arena, "'%s", name) : name, false);
            csv_field(b, to.data, true);
            buf_free(&to);
        }
    res->content_type = "text/csv; charset=utf-8";
    resp_header(res, "Content-Disposition", "attachment; filename=\"reminders.csv\"");
}

void page_remind_post(Request *req, Response *res)
{
    ReminderTarget *t;
    int n;
    if (!load(req, res, &t, &n)) /* who may remind at all, before whether mail works */
        return;
    if (!mail_config.smtp_url) {
        page_error(req, res, 409, M_REMINDERS_NO_SMTP, NULL);
        return;
    }
    Actor by = page_actor(req);
    int sent = 0, no_address = 0;
    char *err = NULL;
    Err e = reminder_send(req->db, &by, page_user(req), &mail_config, req->ids[0], req->lang, &sent,
                          &no_address, &err);
    if (e == ERR_OK) {
        resp_redirect(res, page_url(req, arena_printf(req->arena, "/rounds/%lld/reminders?sent=%d",
                                                      (long long)req->ids[0], sent)));
    } else if (e == ERR_IO) {
        log_error("reminder: %s", err ? err : "mail failed");
        page_error(req, res, 503, M_REMINDERS_FAILED, NULL);
    } else {
        page_error(req, res,
                   e == ERR_NOT_FOUND   ? 404
                   : e == ERR_FORBIDDEN ? 403
                                        : 500,
                   e == ERR_NOT_FOUND   ? M_ERR_BODY_404
                   : e == ERR_FORBIDDEN ? M_ERR_FORBIDDEN
                                        : M_ERR_BODY_500,
                   NULL);
    }
    free(err);
}
