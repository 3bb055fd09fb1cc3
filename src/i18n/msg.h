/* The message catalogue: every string a person sees comes from here, one
 * catalogue per language (msg_ja.c, msg_en.c). Page code names messages by id
 * and never writes Japanese or English text itself. */
#ifndef I18N_MSG_H
#define I18N_MSG_H

typedef enum Lang { LANG_JA = 0, LANG_EN = 1, LANG_COUNT } Lang;

typedef enum MsgId {
    M_LANG_CODE, /* "ja" / "en": the html lang attribute */
    M_APP_NAME,
    M_APP_SUBTITLE,
    M_SKIP_TO_MAIN,
    M_BREADCRUMB,
    M_FOOTER,
    M_OTHER_LANGUAGE, /* the link to the other language, in that language */
    M_PLAN_LIST_TITLE,
    M_PLAN_LIST_EMPTY,
    M_PLAN_COL_TITLE,
    M_PLAN_COL_PERIOD,
    M_PLAN_COL_INITIATIVES,
    M_PLAN_COL_PROJECTS,
    M_PLAN_COL_SHEET,
    M_OPEN_SHEET,
    M_SHEET,
    M_SHEET_DOC_META, /* label of the meeting / material / date block */
    M_COL_NUMBER,
    M_COL_CONTENT,
    M_COL_BUREAUS,
    M_COL_BUREAU,
    M_COL_SECTION,
    M_COL_PROJECT,
    M_COL_SUMMARY,
    M_CHECK_START,
    M_CHECK_END,
    M_GRASPED_PREFIX, /* before the year in "令和2年度時点で把握" */
    M_GRASPED_SUFFIX, /* after it */
    M_FILTER_HEADING,
    M_FILTER_ALL,
    M_FILTER_BUREAU,
    M_FILTER_SECTION,
    M_FILTER_YEARS,
    M_FILTER_YEARS_HELP,
    M_FILTER_ERA,
    M_ERA_JAPANESE,
    M_ERA_WESTERN,
    M_FILTER_APPLY,
    M_FILTER_RESET,
    M_PRINT,
    M_JSON_LINK,
    M_SHEET_EMPTY,
    M_ERR_TITLE_400,
    M_ERR_TITLE_403,
    M_ERR_TITLE_404,
    M_ERR_TITLE_405,
    M_ERR_TITLE_413,
    M_ERR_TITLE_500,
    M_ERR_BODY_404,
    M_ERR_BODY_405,
    M_ERR_BODY_413,
    M_ERR_BODY_500,
    M_ERR_BAD_QUERY,
    M_ERR_BAD_YEARS,
    M_ERR_BAD_DIRECTION,
    M_ERR_BAD_BUREAU,
    M_ERR_BAD_SECTION,
    M_ERR_BAD_ERA,
    M_ERR_FORBIDDEN_ORIGIN,
    M_BACK_TO_LIST,
    M_COL_FISCAL_YEAR,
    M_DOWNLOAD_HEADING,
    M_DOWNLOAD_XLSX,
    M_DOWNLOAD_PDF,
    M_DOWNLOAD_CSV,
    M_DOWNLOAD_CSV_CP932,
    M_PRINT_VIEW,
    M_ERR_CP932_CHAR, /* {1} row, {2} column, {3} character, {4} U+XXXX */
    M_ERR_BAD_ENCODING,
    M_ERR_EXPORT_FAILED,
    M_ERR_BUSY,
    M_EXAMPLE_ROW,
    M_FILTER_EXAMPLES,
    M_ERR_TITLE_503,
    M_COUNT /* keep last */
} MsgId;

/* The text of id in lang; never NULL (a test checks both catalogues). */
const char *msg(Lang lang, MsgId id);
/* The catalogue of a language, for that test. */
const char *const *msg_catalogue(Lang lang);
/* The message id in lang with {1}..{9} replaced by args[0..n). Returns a
 * malloc'd string the caller frees. Word order differs between languages, so
 * the catalogue, not the code, places the arguments. */
char *msg_fill(Lang lang, MsgId id, const char *const *args, int n);
/* "en" -> LANG_EN; anything else -> LANG_JA. */
Lang lang_from_code(const char *code);

#endif
