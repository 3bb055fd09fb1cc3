/* Rating and number fields on the answer form. A rating is a select rather
 * than radio buttons so that the field keeps one id and one label, as a
 * text field does (the error summary links to it); each grade's description
 * is listed under it and tied to it by aria-describedby. */
#include <string.h>
#include "base/html.h"
#include "pages/answer_input.h"

static bool chosen(const AnswerGrade *g, const char *text)
{
    return *text && (strcmp(text, g->code) == 0 || strcmp(text, g->label) == 0);
}

static bool any_description(const AnswerField *f)
{
    for (int g = 0; g < f->ngrades; g++)
        if (*f->grades[g].description)
            return true;
    return false;
}

static void write_rating(Request *req, Buf *b, const AnswerField *f, const char *text, bool invalid,
                         const char *describedby)
{
    long long id = (long long)f->field_id;
    bool described = any_description(f);
    html_printf(b, "<select id=\"f-f%lld\" name=\"f%lld\"", id, id);
    if (invalid)
        HRAW(b, " aria-invalid=\"true\"");
    html_printf(b, " aria-describedby=\"%s%s\"><option value=\"\">%s</option>", describedby,
                described ? arena_printf(req->arena, " f-f%lld-grades", id) : "",
                msg(req->lang, M_ANS_NO_GRADE));
    for (int g = 0; g < f->ngrades; g++) {
        const AnswerGrade *gr = &f->grades[g];
        bool same = strcmp(gr->code, gr->label) == 0;
        html_printf(b, "<option value=\"%s\"%s>%s%s%s</option>", gr->code,
                    chosen(gr, text) ? " selected" : "", same ? "" : gr->code, same ? "" : " ",
                    gr->label);
    }
    HRAW(b, "</select>");
    if (!described)
        return;
    html_printf(b, "<dl class=\"grade-help\" id=\"f-f%lld-grades\">", id);
    for (int g = 0; g < f->ngrades; g++)
        if (*f->grades[g].description)
            html_printf(b, "<dt>%s %s</dt><dd>%s</dd>", f->grades[g].code, f->grades[g].label,
                        f->grades[g].description);
    HRAW(b, "</dl>");
}

static void write_number(Buf *b, const AnswerField *f, const char *text, bool invalid,
                         const char *describedby)
{
    long long id = (long long)f->field_id;
    /* type="text": a number is kept as written (1,234 or １２), and the
     * server, not the browser, says what is wrong with it. */
    html_printf(b,
                "<div class=\"number-input\"><input type=\"text\" inputmode=\"decimal\""
                " id=\"f-f%lld\" name=\"f%lld\" value=\"%s\" size=\"12\"",
                id, id, text);
    if (invalid)
        HRAW(b, " aria-invalid=\"true\"");
    html_printf(b, " aria-describedby=\"%s\">", describedby);
    if (*f->unit)
        html_printf(b, " <span class=\"unit\">%s</span>", f->unit);
    HRAW(b, "</div>");
}

bool answer_input_write(Request *req, Buf *b, const AnswerField *f, const char *text, bool invalid,
                        const char *describedby)
{
    if (strcmp(f->kind, "rating") == 0)
        write_rating(req, b, f, text, invalid, describedby);
    else if (strcmp(f->kind, "number") == 0)
        write_number(b, f, text, invalid, describedby);
    else
        return false;
    return true;
}

const char *answer_input_shown(Request *req, const AnswerField *f)
{
    if (strcmp(f->kind, "number") == 0 && *f->value && *f->unit)
        return arena_printf(req->arena, "%s %s", f->value, f->unit);
    return f->value;
}
