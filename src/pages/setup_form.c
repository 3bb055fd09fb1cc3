/* Forms of the setup pages. */
#include <string.h>
#include <jansson.h>
#include "base/html.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/input.h"
#include "pages/layout.h"
#include "pages/setup_form.h"

bool setup_form_is(const FormError *err, const char *form)
{
    return err && err->form && strcmp(err->form, form) == 0;
}

void setup_form_start(Request *req, Buf *b, const char *action, const char *form,
                      const FormError *err, const char *cls)
{
    html_printf(b, "<form method=\"post\" action=\"%s\" class=\"%s\"", page_url(req, action), cls);
    if (setup_form_is(err, form))
        html_printf(b, " aria-describedby=\"%s-error\"", form);
    HRAW(b, ">");
    form_csrf(req, b, page_user(req)->csrf);
    if (setup_form_is(err, form))
        html_printf(b, "<p class=\"error-text\" id=\"%s-error\" role=\"alert\">%s</p>", form,
                    err->message);
}

void setup_text_field(Request *req, Buf *b, const char *form, const char *name, MsgId label,
                      const char *value, bool required)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-%s\">%s <span class=\"%s\">%s</span>"
                "</label><input type=\"text\" id=\"%s-%s\" name=\"%s\" value=\"%s\"%s></div>",
                form, name, msg(req->lang, label), required ? "tag-required" : "tag-optional",
                msg(req->lang, required ? M_REQUIRED : M_OPTIONAL), form, name, name,
                value ? value : "", required ? " required" : "");
}

void setup_area_field(Request *req, Buf *b, const char *form, const char *name, MsgId label,
                      const char *value)
{
    html_printf(b,
                "<div class=\"field\"><label for=\"%s-%s\">%s <span class=\"tag-optional\">%s"
                "</span></label><textarea id=\"%s-%s\" name=\"%s\" rows=\"3\">%s</textarea></div>",
                form, name, msg(req->lang, label), msg(req->lang, M_OPTIONAL), form, name, name,
                value ? value : "");
}

void setup_submit(Request *req, Buf *b, MsgId label, bool primary)
{
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button %s\">%s</button>"
                "</div></form>\n",
                primary ? "primary" : "secondary", msg(req->lang, label));
}

void setup_answer(Request *req, Response *res, Err e, const char *code, MsgId message,
                  SetupPageWriter write, int64_t plan_id, const char *form, int64_t id,
                  bool created, const char *done_path)
{
    if (e == ERR_INVALID) {
        const char *text = msg(req->lang, message);
        if (page_is_api(req)) {
            page_send_json(res, 400,
                           json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", text));
            return;
        }
        res->status = 400;
        write(req, res, plan_id, &(FormError){form, text});
        return;
    }
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    if (page_is_api(req)) {
        page_send_json(res, created ? 201 : 200, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    resp_redirect(res, page_url(req, done_path));
}
