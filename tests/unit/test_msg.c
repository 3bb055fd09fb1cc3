/* Both message catalogues are complete: a string missing in one language is a
 * defect the person would see. */
#include "i18n/msg.h"
#include "testlib.h"

static void test_catalogues_complete(void)
{
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        const char *const *cat = msg_catalogue((Lang)lang);
        for (int id = 0; id < M_COUNT; id++) {
            /* The grasped prefix/suffix may be empty in one language, never missing. */
            if (!cat[id])
                fprintf(stderr, "  missing message %d in language %d\n", id, lang);
            CHECK(cat[id] != NULL);
            if (cat[id] && id != M_GRASPED_PREFIX && id != M_GRASPED_SUFFIX)
                CHECK(cat[id][0] != '\0');
        }
    }
}

static void test_languages_differ(void)
{
    CHECK_STR(msg(LANG_JA, M_LANG_CODE), "ja");
    CHECK_STR(msg(LANG_EN, M_LANG_CODE), "en");
    CHECK_STR(msg(LANG_JA, M_COL_PROJECT), "事業名・取組名");
    CHECK(strcmp(msg(LANG_JA, M_ERR_BAD_YEARS), msg(LANG_EN, M_ERR_BAD_YEARS)) != 0);
    CHECK_INT(lang_from_code("en"), LANG_EN);
    CHECK_INT(lang_from_code("fr"), LANG_JA);
    CHECK_INT(lang_from_code(NULL), LANG_JA);
}

int main(void)
{
    TEST_RUN(test_catalogues_complete);
    TEST_RUN(test_languages_differ);
    return TEST_DONE("msg");
}
