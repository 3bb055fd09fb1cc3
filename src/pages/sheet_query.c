#include <stdlib.h>
#include <string.h>
#include "base/log.h"
#include "pages/auth.h"
#include "pages/layout.h"
#include "pages/sheet_query.h"

/* An optional id: "" or absent is 0 (all); else a positive integer. */
static bool parse_id(const char *s, int64_t *out)
{
    *out = 0;
    if (!s || !*s)
        return true;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0 || s[0] == '+' || s[0] == '-' || s[0] == ' ')
        return false;
    *out = v;
    return true;
}

/* One year in any form people write: 2019, 令和元年度, R1 ... */
static bool add_year(SheetQuery *q, const char *text, size_t len)
{
    char tmp[64];
    if (len == 0)
        return true;
    if (len >= sizeof(tmp) || q->nyears == SHEET_MAX_YEARS)
        return false;
    memcpy(tmp, text, len);
    tmp[len] = '\0';
    int fy;
    if (era_parse_fiscal_year(tmp, &fy) != 0)
        return false;
    q->years[q->nyears++] = fy;
    return true;
}

bool sheet_query_parse(const Request *req, SheetQuery *q, EraStyle *era, MsgId *detail,
                       const char **param)
{
    memset(q, 0, sizeof(*q));
    *era = ERA_JAPANESE;
    for (int i = 0; i < req->nparams; i++) {
        const char *name = req->params[i].name, *v = req->params[i].value;
        if (strcmp(name, "years") == 0 || strcmp(name, "year") == 0) {
            for (const char *p = v;;) {
                const char *comma = strchr(p, ',');
                size_t len = comma ? (size_t)(comma - p) : strlen(p);
                if (!add_year(q, p, len)) {
                    *detail = M_ERR_BAD_YEARS;
                    *param = "years";
                    return false;
                }
                if (!comma)
                    break;
                p = comma + 1;
            }
        }
    }
    if (!parse_id(req_param(req, "direction"), &q->direction_id)) {
        *detail = M_ERR_BAD_DIRECTION;
        *param = "direction";
        return false;
    }
    if (!parse_id(req_param(req, "bureau"), &q->bureau_id)) {
        *detail = M_ERR_BAD_BUREAU;
        *param = "bureau";
        return false;
    }
    if (!parse_id(req_param(req, "section"), &q->section_id)) {
        *detail = M_ERR_BAD_SECTION;
        *param = "section";
        return false;
    }
    const char *ex = req_param(req, "examples");
    q->examples = ex && strcmp(ex, "1") == 0;
    /* answers=all: the secretariat's view with unconfirmed answers (the
     * model refuses it to others); answers=confirmed or none: the sheet. */
    const char *ans = req_param(req, "answers");
    if (ans && *ans && strcmp(ans, "all") != 0 && strcmp(ans, "confirmed") != 0) {
        *detail = M_ERR_BAD_ANSWERS;
        *param = "answers";
        return false;
    }
    q->all_answers = ans && strcmp(ans, "all") == 0;
    const char *e = req_param(req, "era");
    if (e && *e && strcmp(e, "japanese") != 0 && strcmp(e, "western") != 0) {
        *detail = M_ERR_BAD_ERA;
        *param = "era";
        return false;
    }
    if (e && strcmp(e, "western") == 0)
        *era = ERA_WESTERN;
    return true;
}

bool sheet_query_load(Request *req, Response *res, Sheet *sheet, SheetQuery *q, EraStyle *era)
{
    MsgId detail;
    const char *param = NULL;
    if (!sheet_query_parse(req, q, era, &detail, &param)) {
        page_error(req, res, 400, detail, param);
        return false;
    }
    q->who = page_user(req); /* never NULL here: NULL is the command line */
    Err err = sheet_load(req->db, req->arena, req->ids[0], q, sheet, &param);
    switch (err) {
    case ERR_OK:
        return true;
    case ERR_NOT_FOUND:
        page_error(req, res, 404, M_ERR_BODY_404, NULL);
        return false;
    case ERR_INVALID:
        detail = strcmp(param, "years") == 0       ? M_ERR_BAD_YEARS
                 : strcmp(param, "direction") == 0 ? M_ERR_BAD_DIRECTION
                 : strcmp(param, "bureau") == 0    ? M_ERR_BAD_BUREAU
                 : strcmp(param, "answers") == 0   ? M_ERR_ANSWERS_SECRETARIAT
                                                   : M_ERR_BAD_SECTION;
        page_error(req, res, 400, detail, param);
        return false;
    default:
        log_error("sheet %lld: %s", (long long)req->ids[0], db_errmsg(req->db));
        page_error(req, res, 500, M_ERR_BODY_500, NULL);
        return false;
    }
}
