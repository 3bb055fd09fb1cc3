/* Builds the generated plan as JSON with jansson, so that it goes through the
 * same loader, checks and transaction as any other plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/buf.h"
#include "model/generate.h"

/* xorshift64*: small, fast, and the same everywhere. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static int pick(uint64_t *s, int n)
{
    return (int)(next(s) % (uint64_t)n);
}

/* Phrases from the seed, joined into sentences of its lengths (30-70 characters). */
static const char *const subjects[] = {
    "市民全体を対象とした",
    "関係機関職員向けに",
    "地域住民や地元企業の協力を得ながら",
    "様々な窓口業務を行う職員向けの",
    "学校・家庭・地域社会の連携による",
    "相談窓口に関する",
    "専門職を対象とした",
    "若年者や勤労者に向けた",
};
static const char *const actions[] = {
    "リーフレット等を作成し、区役所等の窓口に設置した",
    "研修会を実施し、支援技術の向上を図った",
    "ホームページや市政だよりによる周知を強化した",
    "面接による相談を通年週1回実施した",
    "関係機関と連携した形での周知を図った",
    "学習支援や防犯巡視をはじめとする様々な支援を実施した",
};
static const char *const figures[] = {"（〇〇〇〇部）", "（受講者▲▲名）", "（相談延件数〇〇件）",
                                      "（〇〇箇所で実施）", ""};
static const char *const bureaus[] = {"健康福祉局", "子供未来局", "市民局",     "教育局",
                                      "経済局",     "環境局",     "青葉区役所", "宮城野区役所"};
static const char *const section_kinds[] = {"企画課", "支援課", "推進室", "センター"};

static char *sentence(uint64_t *s)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "%s%s%s。", subjects[pick(s, 8)], actions[pick(s, 6)], figures[pick(s, 5)]);
    if (pick(s, 3) == 0)
        buf_printf(&b, "%s%s。", subjects[pick(s, 8)], actions[pick(s, 6)]);
    return buf_take(&b);
}

static void set_text(json_t *obj, const char *key, uint64_t *s)
{
    char *t = sentence(s);
    json_object_set_new(obj, key, json_string(t));
    free(t);
}

char *plan_generate_json(int n, uint64_t seed)
{
    uint64_t s = seed ? seed : 1;
    json_t *root = json_pack(
        "{s:{s:s, s:s, s:s, s:s}, s:{s:[s, s], s:s, s:s, s:s, s:s, s:{s:i, s:i, s:s},"
        " s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]},"
        " s:[{s:s}], s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
        "document", "title", "進捗管理シート", "meeting", "第1回計画推進協議会", "material_no",
        "資料１", "date", "令和6年9月1日", "plan", "levels", "方向性", "取組み", "chapter_label",
        "計画（第5章）記載内容", "baseline_label", "計画策定時の回答", "related_label",
        "左記の取組みに関連する事業・取組み", "title", "生成された計画", "period", "from_fy", 2019,
        "to_fy", 2023, "label", "令和元年度～令和5年度", "directions", "label", "方向性1", "title",
        "気づきと見守り", "label", "方向性2", "title", "人材の育成", "label", "方向性3", "title",
        "対象に応じた支援", "label", "方向性4", "title", "ネットワークの構築", "checks", "label",
        "計画期間の取組み状況の確認①", "fields", "key", "implementation", "label",
        "取組みの実施状況", "checkpoint", "年度当初確認", "key", "evaluation", "label",
        "実施状況に対する評価", "checkpoint", "年度当初確認", "key", "issues", "label", "課題",
        "checkpoint", "年度当初確認", "key", "direction", "label", "今後の取組みの方向性",
        "checkpoint", "年度末確認");
    json_t *inits = json_array();
    static const char *const keys[] = {"implementation", "evaluation", "issues", "direction"};
    for (int i = 0; i < n; i++) {
        char dir[32], title[96];
        snprintf(dir, sizeof(dir), "方向性%d", 1 + i * 4 / (n ? n : 1));
        snprintf(title, sizeof(title), "取組み%dの推進", i + 1);
        json_t *in = json_pack("{s:s, s:i, s:s, s:[]}", "direction", dir, "number", i + 1, "title",
                               title, "bureaus");
        set_text(in, "content", &s);
        json_t *projects = json_array();
        int np = 1 + pick(&s, 3);
        for (int j = 0; j < np; j++) {
            int section = pick(&s, 30);
            const char *bureau = bureaus[section % 8];
            char sec[64], name[96];
            snprintf(sec, sizeof(sec), "第%d%s", section + 1, section_kinds[section % 4]);
            snprintf(name, sizeof(name), "事業%d-%d", i + 1, j + 1);
            json_t *p =
                json_pack("{s:s, s:s, s:s}", "bureau", bureau, "section", sec, "name", name);
            set_text(p, "summary", &s);
            json_t *answers = json_object();
            for (int fy = 2019; fy <= 2023; fy++) {
                json_t *year = json_object();
                for (int k = 0; k < 4; k++)
                    set_text(year, keys[k], &s);
                char y[8];
                snprintf(y, sizeof(y), "%d", fy);
                json_object_set_new(answers, y, year);
            }
            json_object_set_new(p, "answers", answers);
            json_array_append_new(projects, p);
            if (j == 0)
                json_array_append_new(json_object_get(in, "bureaus"), json_string(bureau));
        }
        json_object_set_new(in, "projects", projects);
        json_array_append_new(inits, in);
    }
    json_object_set_new(root, "initiatives", inits);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    return text;
}
