/* Fixtures for the tables after the sheet and the 共通 mark: a summary and
 * indicators made by hand (the writers' input, independent of the model
 * that loads them), and a project shared with a second plan. */
#ifndef TESTTABLES_H
#define TESTTABLES_H
#include <stdlib.h>
#include "model/generate.h"
#include "model/indicator.h"
#include "model/plan_json.h"
#include "model/summary.h"
#include "testdb.h"

/* Two tables: the sheet's first year and field on a scale A/B/C with
 * points, its second year and field on a choice list ◎/○ without. A row
 * per direction shown (at most two), then the whole plan's. */
static inline void test_summary(const Sheet *s, Arena *a, Summary *out)
{
    static const char *const codes[] = {"A", "B", "C", "◎", "○"};
    static const char *const labels[] = {"達成", "概ね達成", "未達成", "◎", "○"};
    out->ntables = 2;
    out->tables = ARENA_ARRAY(a, SummaryTable, 2);
    for (int t = 0; t < 2; t++) {
        SummaryTable *st = &out->tables[t];
        bool points = t == 0;
        *st = (SummaryTable){.year = s->years[t < s->nyears ? t : 0],
                             .field = &s->fields[t],
                             .ngrades = points ? 3 : 2,
                             .has_points = points};
        st->grades = ARENA_ARRAY(a, SummaryGrade, 3);
        for (int g = 0; g < st->ngrades; g++) {
            int k = points ? g : 3 + g;
            st->grades[g] = (SummaryGrade){.id = k + 1,
                                           .code = codes[k],
                                           .label = labels[k],
                                           .has_points = points,
                                           .points = 3 - g};
        }
        int ndirs = s->ndirections < 2 ? s->ndirections : 2;
        st->nrows = ndirs + 1;
        st->rows = ARENA_ARRAY(a, SummaryRow, (size_t)st->nrows);
        for (int r = 0; r < st->nrows; r++) {
            SummaryRow *row = &st->rows[r];
            row->direction = r < ndirs ? &s->directions[r] : NULL;
            row->counts = ARENA_ARRAY(a, int, 3);
            /* 2 A and 1 B: an average of 8 / 3 = 2.67; the last direction
             * has no answer (a dash for its average). */
            bool empty = r == ndirs - 1;
            row->counts[0] = empty ? 0 : 2;
            row->counts[1] = empty ? 0 : 1;
            row->counts[2] = 0;
            row->answers = row->counts[0] + row->counts[1];
            row->scored = points ? row->answers : 0;
            row->points = points ? 3.0 * row->counts[0] + 2.0 * row->counts[1] : 0;
        }
    }
}

/* n indicators for the sheet's years (n >= 2): 自殺死亡率 (lower is better,
 * an actual only in the first year), 収支差 (a negative baseline, actuals
 * and rates every year), then copies of the first under other names. */
static inline void test_indicators(const Sheet *s, Arena *a, int n, IndicatorSet *out)
{
    out->plan_id = s->plan_id;
    out->n = n;
    out->items = ARENA_ARRAY(a, Indicator, (size_t)n);
    for (int i = 0; i < n; i++) {
        Indicator *x = &out->items[i];
        bool second = i == 1;
        *x = (Indicator){.id = i + 1,
                         .name = i == 0   ? "自殺死亡率"
                                 : second ? "収支差"
                                          : arena_printf(a, "指標%02d", i + 1),
                         .unit = second ? "" : "人",
                         .baseline = second ? "-2.5" : "16.6",
                         .target = second ? "10" : "13.3",
                         .baseline_value = second ? -2.5 : 16.6,
                         .target_value = second ? 10 : 13.3,
                         .baseline_fy = 2015,
                         .target_fy = 2023,
                         .higher_is_better = second,
                         .initiative =
                             second ? "1 児童、高齢者、障害者に向けた虐待相談窓口の周知" : "",
                         .field = "相談件数",
                         .project = second ? "" : "障害者に対する虐待相談窓口の周知",
                         .nyears = s->nyears};
        x->years = ARENA_ARRAY(a, IndicatorYear, (size_t)s->nyears + 1);
        for (int y = 0; y < s->nyears; y++) {
            IndicatorYear *iy = &x->years[y];
            *iy = (IndicatorYear){.fy = s->years[y], .actual_text = "", .rate_text = ""};
            if (second) {
                iy->has_actual = iy->has_rate = true;
                iy->actual = 5 + 2.5 * y;
                iy->actual_text = y == 0 ? "5" : arena_printf(a, "%g", iy->actual);
                iy->rate = (iy->actual + 2.5) / 12.5 * 100;
                iy->rate_text = arena_printf(a, "%.1f", iy->rate);
            } else if (y == 0) {
                iy->has_actual = iy->has_rate = true;
                iy->actual = 15.2;
                iy->actual_text = "15.2";
                iy->rate = 42.4;
                iy->rate_text = "42.4";
            }
        }
    }
}

/* Links project_id of plan 1 to an initiative of a new, generated plan: it
 * is then shared (共通) on plan 1's sheet. */
static inline void test_share_project(Db *db, int64_t project_id)
{
    char *json = plan_generate_json(2, 3), *err = NULL;
    int64_t other = 0;
    if (plan_json_load(db, json, strlen(json), "test", &other, &err) != ERR_OK) {
        fprintf(stderr, "cannot load a second plan: %s\n", err ? err : "");
        exit(2);
    }
    free(json);
    free(err);
    DbStmt *st = db_prepare(db,
                            "INSERT INTO initiative_project (initiative_id, project_id,"
                            " sort_order) SELECT MIN(id), $2, 99 FROM initiative"
                            " WHERE plan_id = $1",
                            0);
    db_bind_int64(st, 1, other);
    db_bind_int64(st, 2, project_id);
    if (db_step(st) != DB_DONE) {
        fprintf(stderr, "cannot share project %lld\n", (long long)project_id);
        exit(2);
    }
    db_done(st);
}

#endif
