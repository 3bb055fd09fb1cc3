/* Texts of the summary and indicator tables, one place for every writer. */
#include <stdlib.h>
#include <string.h>
#include "export/table_text.h"

/* A message with arguments, in the arena. */
static const char *fill(Lang lang, MsgId id, const char **args, int n, Arena *arena)
{
    char *s = msg_fill(lang, id, args, n);
    const char *out = arena_strdup(arena, s);
    free(s);
    return out;
}

const char *table_summary_row(const SheetLayout *l, const SummaryRow *r, Arena *arena)
{
    if (!r->direction)
        return msg(l->lang, M_SUM_WHOLE);
    return arena_printf(arena, "%s %s", r->direction->label, r->direction->title);
}

const char *table_grade_heading(const SummaryGrade *g, Arena *arena)
{
    return strcmp(g->code, g->label) == 0 ? g->label
                                          : arena_printf(arena, "%s %s", g->code, g->label);
}

const char *table_year_heading(const SheetLayout *l, int fy, bool rate, const char *sep,
                               Arena *arena)
{
    const char *what = msg(l->lang, rate ? M_IND_RATE_PERCENT : M_IND_ACTUAL);
    return arena_printf(arena, "%s%s%s", sheet_fy_name(fy, l->era, arena), sep, what);
}

const char *table_indicator_initiative(const SheetLayout *l, const Indicator *x)
{
    return *x->initiative ? x->initiative : msg(l->lang, M_IND_WHOLE_PLAN);
}

const char *table_indicator_source(const SheetLayout *l, const Indicator *x, Arena *arena)
{
    const char *args[] = {x->field, *x->project ? x->project : msg(l->lang, M_IND_PROJECT_SUM)};
    return fill(l->lang, M_IND_SUM_OF, args, 2, arena);
}
