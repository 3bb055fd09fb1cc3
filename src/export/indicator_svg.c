/* The SVG chart of an indicator. Sizes are user units of a 640 x 300
 * viewBox, so the page scales it to its column; colours are presentation
 * attributes (a style attribute would need 'unsafe-inline' in the CSP). */
#include <stdlib.h>
#include "base/decimal.h"
#include "base/html.h"
#include "export/indicator_svg.h"

#define W      640.0
#define H      300.0
#define LEFT   72.0 /* room for the value labels */
#define RIGHT  24.0
#define TOP    36.0 /* room for the unit */
#define BOTTOM 44.0 /* room for the year labels */

/* floor and ceil without libm (not linked); values stay far below 2^63. */
static double floor_(double v)
{
    double t = (double)(long long)v;
    return t > v ? t - 1 : t;
}

static double ceil_(double v)
{
    double t = (double)(long long)v;
    return t < v ? t + 1 : t;
}

/* The power of ten at or below v > 0. */
static double power_below(double v)
{
    double p = 1;
    while (p * 10 <= v)
        p *= 10;
    while (p > v)
        p /= 10;
    return p;
}

static void widen(double v, double *lo, double *hi)
{
    *lo = v < *lo ? v : *lo;
    *hi = v > *hi ? v : *hi;
}

void indicator_chart_scale(const Indicator *x, IndicatorChart *c)
{
    c->first_fy = x->baseline_fy;
    c->last_fy = x->target_fy;
    double lo = x->baseline_value, hi = lo;
    widen(x->target_value, &lo, &hi);
    for (int i = 0; i < x->nyears; i++) {
        c->first_fy = x->years[i].fy < c->first_fy ? x->years[i].fy : c->first_fy;
        c->last_fy = x->years[i].fy > c->last_fy ? x->years[i].fy : c->last_fy;
        if (x->years[i].has_actual)
            widen(x->years[i].actual, &lo, &hi);
    }
    if (c->last_fy == c->first_fy)
        c->last_fy++;
    if (hi == lo) {
        double pad = hi > 0 ? hi * 0.1 : hi < 0 ? -hi * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    /* Room above and below, so that no point sits on the frame; never
     * below zero for values that are not. */
    bool positive = lo >= 0;
    double room = (hi - lo) * 0.08;
    lo -= room;
    hi += room;
    if (positive && lo < 0)
        lo = 0;
    /* About five ticks of 1, 2 or 5 times a power of ten. */
    double raw = (hi - lo) / 5, power = power_below(raw);
    double step = raw / power <= 1 ? 1 : raw / power <= 2 ? 2 : raw / power <= 5 ? 5 : 10;
    c->step = step * power;
    c->lo = floor_(lo / c->step) * c->step;
    c->hi = ceil_(hi / c->step) * c->step;
    c->scale = 0;
    for (double s = c->step; s < 1 - 1e-9 && c->scale < 6; s *= 10)
        c->scale++;
}

static const char *fy_name(int fy, EraStyle era, Arena *a)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, era, 0);
    const char *s = arena_strdup(a, b.data);
    buf_free(&b);
    return s;
}

static const char *fill(Lang lang, MsgId id, const char *const *args, int n, Arena *a)
{
    char *s = msg_fill(lang, id, args, n);
    const char *out = arena_strdup(a, s);
    free(s);
    return out;
}

/* "100件" or "100" */
static const char *with_unit(const Indicator *x, const char *value, Arena *a)
{
    return arena_printf(a, "%s%s", value, x->unit);
}

const char *indicator_chart_desc(const Indicator *x, EraStyle era, Lang lang, Arena *a)
{
    const char *head[] = {with_unit(x, x->baseline, a), fy_name(x->baseline_fy, era, a),
                          with_unit(x, x->target, a), fy_name(x->target_fy, era, a),
                          msg(lang, x->higher_is_better ? M_IND_HIGHER : M_IND_LOWER)};
    Buf b = BUF_INIT;
    buf_puts(&b, fill(lang, M_IND_CHART_DESC, head, 5, a));
    for (int i = 0; i < x->nyears; i++) {
        const IndicatorYear *y = &x->years[i];
        const char *args[] = {fy_name(y->fy, era, a), with_unit(x, y->actual_text, a),
                              y->rate_text};
        MsgId id = !y->has_actual ? M_IND_CHART_NO_ACTUAL
                   : y->has_rate  ? M_IND_CHART_YEAR
                                  : M_IND_CHART_YEAR_NORATE;
        buf_puts(&b, fill(lang, id, args, 3, a));
    }
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static double px(const IndicatorChart *c, int fy)
{
    /* 16 in from each end: the first point clear of the value axis. */
    return LEFT + 16 +
           (W - LEFT - RIGHT - 32) * (fy - c->first_fy) / (double)(c->last_fy - c->first_fy);
}

static double py(const IndicatorChart *c, double v)
{
    return H - BOTTOM - (H - TOP - BOTTOM) * (v - c->lo) / (c->hi - c->lo);
}

static const char *number(double v, int scale, Arena *a)
{
    Buf b = BUF_INIT;
    decimal_format(&b, v, scale);
    const char *s = arena_strdup(a, b.data);
    buf_free(&b);
    return s;
}

static void write_axes(Buf *b, const Indicator *x, const IndicatorChart *c, EraStyle era, Lang lang,
                       Arena *a)
{
    HRAW(b, "<g font-size=\"11\" fill=\"#222\">");
    for (double v = c->lo; v <= c->hi + c->step / 2; v += c->step) {
        double y = py(c, v);
        html_printf(b,
                    "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#ddd\"/>"
                    "<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>",
                    number(LEFT, 1, a), number(y, 1, a), number(W - RIGHT, 1, a), number(y, 1, a),
                    number(LEFT - 6, 1, a), number(y + 4, 1, a), number(v, c->scale, a));
    }
    int nyears = c->last_fy - c->first_fy + 1;
    const char *size = nyears > 8 ? "9" : "11";
    for (int fy = c->first_fy; fy <= c->last_fy; fy++)
        html_printf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"%s\">%s</text>",
                    number(px(c, fy), 1, a), number(H - BOTTOM + 18, 1, a), size,
                    fy_name(fy, era, a));
    html_printf(b,
                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#222\"/>"
                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#222\"/>",
                number(LEFT, 1, a), number(TOP - 8, 1, a), number(LEFT, 1, a),
                number(H - BOTTOM, 1, a), number(LEFT, 1, a), number(H - BOTTOM, 1, a),
                number(W - RIGHT, 1, a), number(H - BOTTOM, 1, a));
    if (*x->unit) {
        const char *args[] = {x->unit};
        html_printf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>",
                    number(LEFT - 6, 1, a), number(TOP - 16, 1, a),
                    fill(lang, M_IND_UNIT_LABEL, args, 1, a));
    }
    HRAW(b, "</g>");
}

/* The dashed line from the baseline to the target, each end labelled. */
static void write_plan_line(Buf *b, const Indicator *x, const IndicatorChart *c, Lang lang,
                            Arena *a)
{
    double x0 = px(c, x->baseline_fy), y0 = py(c, x->baseline_value);
    double x1 = px(c, x->target_fy), y1 = py(c, x->target_value);
    html_printf(b,
                "<g fill=\"#555\" font-size=\"11\"><line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\""
                " stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
                "<rect x=\"%s\" y=\"%s\" width=\"7\" height=\"7\"/>"
                "<rect x=\"%s\" y=\"%s\" width=\"7\" height=\"7\"/>"
                "<text x=\"%s\" y=\"%s\" text-anchor=\"start\">%s %s</text>"
                "<text x=\"%s\" y=\"%s\" text-anchor=\"end\">%s %s</text></g>",
                number(x0, 1, a), number(y0, 1, a), number(x1, 1, a), number(y1, 1, a),
                number(x0 - 3.5, 1, a), number(y0 - 3.5, 1, a), number(x1 - 3.5, 1, a),
                number(y1 - 3.5, 1, a), number(x0 + 6, 1, a), number(y0 - 8, 1, a),
                msg(lang, M_IND_BASELINE), x->baseline, number(x1 - 6, 1, a), number(y1 - 8, 1, a),
                msg(lang, M_IND_TARGET), x->target);
}

/* The actuals: a line through the years that have one, a point and its
 * value at each. */
static void write_actuals(Buf *b, const Indicator *x, const IndicatorChart *c, Arena *a)
{
    HRAW(b, "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2.5\" points=\"");
    bool first = true;
    for (int i = 0; i < x->nyears; i++)
        if (x->years[i].has_actual) {
            html_printf(b, "%s%s,%s", first ? "" : " ", number(px(c, x->years[i].fy), 1, a),
                        number(py(c, x->years[i].actual), 1, a));
            first = false;
        }
    HRAW(b, "\"/><g fill=\"#1f5fa8\" font-size=\"11\">");
    for (int i = 0; i < x->nyears; i++) {
        const IndicatorYear *y = &x->years[i];
        if (!y->has_actual)
            continue;
        double cx = px(c, y->fy), cy = py(c, y->actual);
        html_printf(b,
                    "<circle cx=\"%s\" cy=\"%s\" r=\"4\"/><text x=\"%s\" y=\"%s\""
                    " text-anchor=\"middle\">%s</text>",
                    number(cx, 1, a), number(cy, 1, a), number(cx, 1, a), number(cy - 9, 1, a),
                    y->actual_text);
    }
    HRAW(b, "</g>");
}

void indicator_svg_write(Buf *b, const Indicator *x, EraStyle era, Lang lang, const char *id,
                         Arena *a)
{
    IndicatorChart c;
    indicator_chart_scale(x, &c);
    html_printf(b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"indicator-chart\""
                " viewBox=\"0 0 640 300\" width=\"640\" height=\"300\" role=\"img\""
                " aria-labelledby=\"%s-title %s-desc\" font-family=\"sans-serif\">"
                "<title id=\"%s-title\">%s</title><desc id=\"%s-desc\">%s</desc>",
                id, id, id, x->name, id, indicator_chart_desc(x, era, lang, a));
    write_axes(b, x, &c, era, lang, a);
    write_plan_line(b, x, &c, lang, a);
    write_actuals(b, x, &c, a);
    HRAW(b, "</svg>");
}
