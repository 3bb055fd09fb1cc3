#include <string.h>
#include "base/buf.h"
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

char *msg_fill(Lang lang, MsgId id, const char *const *args, int n)
{
    Buf b = BUF_INIT;
    for (const char *p = msg(lang, id); *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}' && p[1] - '1' < n) {
            buf_puts(&b, args[p[1] - '1']);
            p += 2;
        } else {
            buf_putc(&b, *p);
        }
    }
    return buf_take(&b);
}
