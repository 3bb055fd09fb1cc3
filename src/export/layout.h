/* The sheet's layout, shared by every writer (XLSX, PDF, CSV, print): its
 * columns in the seed's order, the group headings above them, the document
 * header, and the text of each cell. Writers only decide how it looks. */
#ifndef EXPORT_LAYOUT_H
#define EXPORT_LAYOUT_H
#include <stdbool.h>
#include "base/arena.h"
#include "base/era.h"
#include "i18n/msg.h"
#include "model/sheet.h"

/* Told how far a long export has come: done of total steps (pages, rows). */
typedef void (*ExportProgress)(void *ctx, int done, int total);

typedef struct ExportOptions {
    EraStyle era;            /* years and the date in 和暦 (default) or 西暦 */
    Lang lang;               /* the language of the fixed headings (番号, 課 ...) */
    ExportProgress progress; /* or NULL */
    void *progress_ctx;      /* passed to progress */
} ExportOptions;

typedef enum ColKind {
    COL_DIRECTION, /* 方向性1 */
    COL_NUMBER,    /* 1, 67 */
    COL_TITLE,     /* 取組み */
    COL_CONTENT,   /* 内容 */
    COL_BUREAUS,   /* 局区等: the initiative's bureaus, one per line */
    COL_BUREAU,    /* the project's bureau */
    COL_SECTION,   /* the project's section */
    COL_PROJECT,   /* 事業名・取組名 */
    COL_SUMMARY,   /* 事業概要 */
    COL_VALUE,     /* one field of one fiscal year */
} ColKind;

typedef struct SheetColumn {
    ColKind kind;
    int year;               /* COL_VALUE: index into Sheet.years */
    int field;              /* COL_VALUE: index into Sheet.fields */
    const char *heading;    /* the column's own heading (third header row) */
    const char *checkpoint; /* COL_VALUE: "[年度当初確認]"; else NULL */
    double width;           /* suggested width in full-width characters */
    bool per_initiative;    /* one cell merged over the initiative's project rows */
    bool year_start;        /* the first column of a fiscal year's group */
} SheetColumn;

/* A heading over several columns (first and second header rows). */
typedef struct SheetGroup {
    const char *text;  /* first line */
    const char *text2; /* second line, or NULL (e.g. 令和2年度時点で把握) */
    int first, count;  /* the columns it covers */
    int rows; /* header rows it spans downwards: 1, or 2 for 計画（第5章）記載内容 */
} SheetGroup;

enum { LAYOUT_MAX_GROUPS = 2 + 2 * SHEET_MAX_YEARS };

typedef struct SheetLayout {
    const Sheet *sheet;      /* the data */
    Lang lang;               /* the language of fixed headings and messages */
    const char *title;       /* 進捗管理シート（記入例） */
    const char *plan_line;   /* 仙台市自殺対策計画 平成31年度～令和5年度 */
    const char *meeting;     /* 第1回仙台市自殺対策連絡協議会, may be "" */
    const char *material;    /* 資料２－１, may be "" */
    const char *date;        /* 令和元年９月１１日 (or 2019年9月11日), may be "" */
    const char *iso_date;    /* 2019-09-11, or "" */
    EraStyle era;            /* how years are written */
    ExportProgress progress; /* writers report long work here, if set */
    void *progress_ctx;      /* passed to progress */
    SheetColumn *cols;
    int ncols;
    SheetGroup top[LAYOUT_MAX_GROUPS]; /* first header row */
    int ntop;
    SheetGroup mid[LAYOUT_MAX_GROUPS]; /* second header row */
    int nmid;
    const struct Summary *summary;         /* the XLSX's second worksheet 集計, or NULL (none) */
    const struct IndicatorSet *indicators; /* the PDF's chart pages, or NULL (none) */
} SheetLayout;

/* Lays out sheet for o; everything lives in arena. */
void sheet_layout(const Sheet *sheet, const ExportOptions *o, Arena *arena, SheetLayout *out);

/* The text of column c in the row of project p of initiative in (p is NULL for
 * an initiative without projects). Never NULL: "" where there is nothing.
 * Several bureaus are joined with newlines. */
const char *sheet_cell(const SheetLayout *l, const SheetColumn *c, const SheetInitiative *in,
                       const SheetProject *p, Arena *arena);

/* The text of column c as the files show it (XLSX, PDF, CSV): sheet_cell,
 * with the name of a project that serves another plan too marked after it
 * ("事業名【共通】", M_SHEET_SHARED_MARK), where the HTML shows a badge. The
 * import takes the mark off again (sheet_strip_shared_mark). */
const char *sheet_file_cell(const SheetLayout *l, const SheetColumn *c, const SheetInitiative *in,
                            const SheetProject *p, Arena *arena);

/* name without the shared mark of sheet_file_cell, in either language, or
 * name itself when it has none (arena). */
const char *sheet_strip_shared_mark(const char *name, Arena *arena);

/* The name of a fiscal year in o's style: 令和元年度 or 2019年度 (arena). */
const char *sheet_fy_name(int fy, EraStyle era, Arena *arena);

#endif
