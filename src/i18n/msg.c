#include <string.h>
#include "i18n/msg.h"

extern const char *const msg_ja[M_COUNT];
extern const char *const msg_en[M_COUNT];

const char *const *msg_catalogue(Lang lang)
{
    return lang == LANG_EN ? msg_en : msg_ja;
}

const char *msg(Lang lang, MsgId id)
{
    const char *s = msg_catalogue(lang)[id];
    return s ? s : msg_ja[id] ? msg_ja[id] : "";
}

Lang lang_from_code(const char *code)
{
    return code && strcmp(code, "en") == 0 ? LANG_EN : LANG_JA;
}
