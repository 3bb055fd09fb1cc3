#include <string.h>
#include "base/html.h"
#include "pages/form.h"

void form_input(const Request *req, Buf *b, const FormField *f)
{
    Lang L = req->lang;
    html_printf(
        b, "<div class=\"field%s\"><label for=\"f-%s\">%s <span class=\"%s\">%s</span></label>",
        f->error ? " has-error" : "", f->name, msg(L, f->label),
        f->required ? "tag-required" : "tag-optional",
        msg(L, f->required ? M_REQUIRED : M_OPTIONAL));
    if (f->help >= 0)
        html_printf(b, "<p class=\"help\" id=\"f-%s-help\">%s</p>", f->name,
                    msg(L, (MsgId)f->help));
    html_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", f->name, f->name,
                f->type ? f->type : "text");
    if (f->value && (!f->type || strcmp(f->type, "password") != 0))
        html_printf(b, " value=\"%s\"", f->value);
    if (f->autocomplete)
        html_printf(b, " autocomplete=\"%s\"", f->autocomplete);
    if (f->required)
        HRAW(b, " required");
    if (f->error)
        HRAW(b, " aria-invalid=\"true\"");
    Buf ids = BUF_INIT;
    if (f->help >= 0)
        buf_printf(&ids, "f-%s-help", f->name);
    if (f->error)
        buf_printf(&ids, "%sf-%s-error", ids.len ? " " : "", f->name);
    if (ids.len)
        html_printf(b, " aria-describedby=\"%s\"", ids.data);
    buf_free(&ids);
    HRAW(b, ">");
    if (f->error)
        html_printf(b, "<p class=\"error-text\" id=\"f-%s-error\">%s</p>", f->name, f->error);
    HRAW(b, "</div>\n");
}

void form_csrf(const Request *req, Buf *b, const char *token)
{
    (void)req;
    html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", token ? token : "");
}

void form_error_summary(const Request *req, Buf *b)
{
    html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                msg(req->lang, M_FORM_ERRORS));
}

void form_notice(Buf *b, const char *text)
{
    html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", text);
}

void form_field_start(Request *req, Buf *b, const char *name, MsgId label, bool required,
                      const char *error, bool fieldset)
{
    Lang L = req->lang;
    if (fieldset)
        html_printf(
            b, "<fieldset class=\"field%s\"><legend>%s <span class=\"%s\">%s</span></legend>",
            error ? " has-error" : "", msg(L, label), required ? "tag-required" : "tag-optional",
            msg(L, required ? M_REQUIRED : M_OPTIONAL));
    else
        html_printf(b,
                    "<div class=\"field%s\"><label for=\"f-%s\">%s <span class=\"%s\">%s</span>"
                    "</label>",
                    error ? " has-error" : "", name, msg(L, label),
                    required ? "tag-required" : "tag-optional",
                    msg(L, required ? M_REQUIRED : M_OPTIONAL));
}

void form_field_error(Buf *b, const char *name, const char *error)
{
    if (error)
        html_printf(b, "<p class=\"error-text\" id=\"f-%s-error\">%s</p>", name, error);
}
