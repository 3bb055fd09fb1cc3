/* An indicator's chart: its actuals per fiscal year as a line with points,
 * and a dashed line from the baseline (基準値) to the target (目標値). As a
 * self-contained SVG for the page, and the scale the PDF's cairo drawing
 * shares with it. */
#ifndef EXPORT_INDICATOR_SVG_H
#define EXPORT_INDICATOR_SVG_H
#include "base/arena.h"
#include "base/buf.h"
#include "base/era.h"
#include "i18n/msg.h"
#include "model/indicator.h"

/* The axes of a chart: fiscal years first_fy..last_fy across, values lo..hi
 * up in steps of step (scale: the fraction digits a tick label needs). */
typedef struct IndicatorChart {
    int first_fy, last_fy;
    double lo, hi, step;
    int scale;
} IndicatorChart;

/* The axes that hold x's baseline, target and every actual. */
void indicator_chart_scale(const Indicator *x, IndicatorChart *c);

/* The chart's text alternative: baseline, target, which way is better, and
 * each year's actual and 達成率 (arena). */
const char *indicator_chart_desc(const Indicator *x, EraStyle era, Lang lang, Arena *arena);

/* Appends x's chart to b as an SVG element (no script, no external
 * reference, every text escaped; role="img" with <title> and <desc>); id
 * makes its title's and desc's ids unique on a page. */
void indicator_svg_write(Buf *b, const Indicator *x, EraStyle era, Lang lang, const char *id,
                         Arena *arena);

#endif
