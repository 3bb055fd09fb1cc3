#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "export/layout.h"

const char *sheet_fy_name(int fy, EraStyle era, Arena *arena)
{
    Buf b = BUF_INIT;
    era_format_fiscal_year(&b, fy, era, 0);
    char *s = arena_strdup(arena, b.data);
    buf_free(&b);
    return s;
}

static void add_col(SheetLayout *l, ColKind kind, const char *heading, double width,
                    bool per_initiative)
{
    l->cols[l->ncols++] = (SheetColumn){
        .kind = kind, .heading = heading, .width = width, .per_initiative = per_initiative};
}

void sheet_layout(const Sheet *s, const ExportOptions *o, Arena *a, SheetLayout *l)
{
    memset(l, 0, sizeof(*l));
    Lang L = o->lang;
    l->sheet = s;
    l->lang = L;
    l->title = *s->doc_title ? s->doc_title : msg(L, M_SHEET);
    l->plan_line =
        *s->period_label ? arena_printf(a, "%s %s", s->title, s->period_label) : s->title;
    l->meeting = s->doc_meeting;
    l->material = s->doc_material;
    l->date = "";
    l->iso_date = "";
    l->era = o->era;
    l->progress = o->progress;
    l->progress_ctx = o->progress_ctx;
    if (s->doc_year) {
        Buf d = BUF_INIT;
        era_format_date(&d, s->doc_year, s->doc_month, s->doc_day, o->era,
                        o->era == ERA_JAPANESE ? ERA_FULLWIDTH : 0);
        l->date = arena_strdup(a, d.data);
        l->iso_date = arena_printf(a, "%04d-%02d-%02d", s->doc_year, s->doc_month, s->doc_day);
        buf_free(&d);
    }

    l->cols = ARENA_ARRAY(a, SheetColumn, 9 + s->nyears * s->nfields + 1);
    add_col(l, COL_DIRECTION, s->nlevels > 0 ? s->levels[0] : "", 5, true);
    add_col(l, COL_NUMBER, msg(L, M_COL_NUMBER), 3, true);
    add_col(l, COL_TITLE, s->nlevels > 1 ? s->levels[1] : "", 11, true);
    add_col(l, COL_CONTENT, msg(L, M_COL_CONTENT), 11, true);
    add_col(l, COL_BUREAUS, msg(L, M_COL_BUREAUS), 6, true);
    add_col(l, COL_BUREAU, msg(L, M_COL_BUREAU), 6, false);
    add_col(l, COL_SECTION, msg(L, M_COL_SECTION), 6, false);
    add_col(l, COL_PROJECT, msg(L, M_COL_PROJECT), 10, false);
    add_col(l, COL_SUMMARY, msg(L, M_COL_SUMMARY), 15, false);

    l->top[l->ntop++] = (SheetGroup){s->chapter_label, NULL, 0, 5, 2};
    l->top[l->ntop++] = (SheetGroup){s->baseline_label, NULL, 5, 4, 1};
    l->mid[l->nmid++] = (SheetGroup){s->related_label, NULL, 5, 4, 1};
    for (int y = 0; y < s->nyears; y++) {
        int fy = s->years[y], first = l->ncols;
        for (int f = 0; f < s->nfields; f++) {
            SheetColumn *c = &l->cols[l->ncols++];
            *c = (SheetColumn){
                .kind = COL_VALUE,
                .year = y,
                .field = f,
                .heading = s->fields[f].label,
                .checkpoint = arena_printf(
                    a, "[%s]", msg(L, s->fields[f].at_year_end ? M_CHECK_END : M_CHECK_START)),
                .width = 10,
                .year_start = f == 0};
        }
        const char *circled = era_circled_number(fy - s->from_fy + 1);
        l->top[l->ntop++] =
            (SheetGroup){arena_printf(a, "%s%s", s->progress_label, circled ? circled : ""),
                         arena_printf(a, "%s%s%s", msg(L, M_GRASPED_PREFIX),
                                      sheet_fy_name(fy + 1, o->era, a), msg(L, M_GRASPED_SUFFIX)),
                         first, s->nfields, 1};
        l->mid[l->nmid++] = (SheetGroup){sheet_fy_name(fy, o->era, a), NULL, first, s->nfields, 1};
    }
}

const char *sheet_cell(const SheetLayout *l, const SheetColumn *c, const SheetInitiative *in,
                       const SheetProject *p, Arena *a)
{
    const char *v = NULL;
    switch (c->kind) {
    case COL_DIRECTION:
        v = in->direction ? in->direction->label : NULL;
        break;
    case COL_NUMBER:
        v = in->number;
        break;
    case COL_TITLE:
        v = in->is_example ? msg(l->lang, M_EXAMPLE_ROW) : in->title;
        break;
    case COL_CONTENT:
        v = in->content;
        break;
    case COL_BUREAUS: {
        Buf b = BUF_INIT;
        for (int i = 0; i < in->nbureaus; i++) {
            if (i)
                buf_putc(&b, '\n');
            buf_puts(&b, in->bureaus[i]);
        }
        v = arena_strdup(a, b.data);
        buf_free(&b);
        break;
    }
    case COL_BUREAU:
        v = p ? p->bureau : NULL;
        break;
    case COL_SECTION:
        v = p ? p->section : NULL;
        break;
    case COL_PROJECT:
        v = p ? p->name : NULL;
        break;
    case COL_SUMMARY:
        v = p ? p->summary : NULL;
        break;
    case COL_VALUE: {
        int i = sheet_value_index(l->sheet, c->year, c->field);
        v = p ? p->values[i] : NULL;
        /* The secretariat's view (answers=all): an answer not yet confirmed
         * says so in every file, whatever the writer does with the text. The
         * HTML table marks it itself and reads the value directly. */
        if (v && sheet_unconfirmed(p, i))
            v = arena_printf(a, "%s%s", msg(l->lang, M_UNCONFIRMED_PREFIX), v);
        break;
    }
    }
    return v ? v : "";
}

const char *sheet_file_cell(const SheetLayout *l, const SheetColumn *c, const SheetInitiative *in,
                            const SheetProject *p, Arena *arena)
{
    const char *v = sheet_cell(l, c, in, p, arena);
    if (c->kind != COL_PROJECT || !p || !p->shared)
        return v;
    const char *args[] = {v};
    char *marked = msg_fill(l->lang, M_SHEET_SHARED_MARK, args, 1);
    v = arena_strdup(arena, marked);
    free(marked);
    return v;
}

/* Whether name carries lang's mark round a name of its own; *start and *len
 * then say where that name is. The mark is read from the catalogue, so that
 * the file and the import can never disagree. */
static bool has_mark(const char *name, Lang lang, size_t *start, size_t *len)
{
    const char *hole[] = {"\x01"};
    char *mark = msg_fill(lang, M_SHEET_SHARED_MARK, hole, 1);
    const char *at = strchr(mark, '\x01');
    size_t pre = at ? (size_t)(at - mark) : 0, post = at ? strlen(at + 1) : 0, n = strlen(name);
    bool found = at && n > pre + post && strncmp(name, mark, pre) == 0 &&
                 strcmp(name + n - post, at + 1) == 0;
    *start = pre;
    *len = n - pre - post;
    free(mark);
    return found;
}

const char *sheet_strip_shared_mark(const char *name, Arena *arena)
{
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        size_t start, len;
        if (has_mark(name, (Lang)lang, &start, &len))
            return arena_strndup(arena, name + start, len);
    }
    return name;
}
