#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "base/buf.h"
#include "base/era.h"
#include "model/audit.h"
#include "model/org.h"
#include "model/reminder.h"
#include "model/round.h"

#define GROW(a, arr, n, cap, type)                                                                 \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            int c_ = (cap) ? (cap)*2 : 4;                                                          \
            type *m_ = ARENA_ARRAY((a), type, c_);                                                 \
            if (n)                                                                                 \
                memcpy(m_, (arr), sizeof(type) * (size_t)(n));                                     \
            (arr) = m_;                                                                            \
            (cap) = c_;                                                                            \
        }                                                                                          \
    } while (0)

Err reminder_targets(Db *db, Arena *a, const Principal *who, int64_t round_id, ReminderTarget **out,
                     int *n)
{
    *out = NULL;
    *n = 0;
    Round r;
    Err e = round_get(db, a, who, round_id, &r);
    if (e != ERR_OK)
        return e;
    if (who && !principal_runs_plan(who, r.plan_id))
        return ERR_FORBIDDEN;
    enum { T_SECTION, T_SECNAME, T_BUREAU, T_PROJECT, T_N };
    /* clang-format off */
    DbStmt *st = db_prepare(db,
        "SELECT rp.section_id, s.name, b.name, pr.name FROM response rs"
        " JOIN round_project rp ON rp.round_id = rs.round_id"
        "  AND rp.project_id = rs.project_id"
        " JOIN project pr ON pr.id = rs.project_id"
        " LEFT JOIN org_unit_period s ON s.id = " ORG_PERIOD_AT("rp.section_id", "$2")
        " LEFT JOIN org_unit_period b ON b.id = " ORG_PERIOD_AT("s.parent_id", "$2")
        " WHERE rs.round_id = $1 AND rs.status IN"
        "  ('not_started', 'draft', 'returned')"
        " ORDER BY b.sort_order, s.sort_order, pr.id",
        T_N);
    /* clang-format on */
    db_bind_int64(st, 1, round_id);
    db_bind_int64(st, 2, r.fiscal_year);
    int rc, cap = 0, pcap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t section = db_col_int64(st, T_SECTION);
        if (*n == 0 || (*out)[*n - 1].section_id != section) {
            GROW(a, *out, *n, cap, ReminderTarget);
            const char *sn = db_col_text(st, T_SECNAME), *bn = db_col_text(st, T_BUREAU);
            (*out)[(*n)++] = (ReminderTarget){section,
                                              arena_strdup(a, sn ? sn : ""),
                                              arena_strdup(a, bn ? bn : ""),
                                              NULL,
                                              0,
                                              NULL,
                                              0};
            pcap = 0;
        }
        ReminderTarget *t = &(*out)[*n - 1];
        GROW(a, t->projects, t->nprojects, pcap, const char *);
        t->projects[t->nprojects++] = arena_strdup(a, db_col_text(st, T_PROJECT));
    }
    db_done(st);
    if (rc != DB_DONE)
        return ERR_DB;
    for (int i = 0; i < *n; i++) {
        ReminderTarget *t = &(*out)[i];
        enum { E_EMAIL, E_N };
        st = db_prepare(
            db,
            "SELECT DISTINCT u.email FROM user_grant g JOIN app_user u ON u.id = g.user_id"
            " WHERE g.role = 'editor' AND g.unit_id = $1 AND u.disabled = 0"
            " AND u.email <> '' ORDER BY u.email",
            E_N);
        db_bind_int64(st, 1, t->section_id);
        int ecap = 0;
        while ((rc = db_step(st)) == DB_ROW) {
            GROW(a, t->emails, t->nemails, ecap, const char *);
            t->emails[t->nemails++] = arena_strdup(a, db_col_text(st, E_EMAIL));
        }
        db_done(st);
    }
    return ERR_OK;
}

Err reminder_send(Db *db, const Actor *by, const Principal *who, const MailConfig *mail,
                  int64_t round_id, Lang lang, int *sent, int *no_address, char **err)
{
    *sent = *no_address = 0;
    *err = NULL;
    Arena a;
    arena_init(&a);
    ReminderTarget *t;
    int n;
    Round r;
    Err e = reminder_targets(db, &a, who, round_id, &t, &n);
    if (e == ERR_OK)
        e = round_get(db, &a, who, round_id, &r);
    for (int i = 0; e == ERR_OK && i < n; i++) {
        if (t[i].nemails == 0) {
            (*no_address)++;
            continue;
        }
        Buf fy = BUF_INIT, deadline = BUF_INIT, list = BUF_INIT, link = BUF_INIT;
        era_format_fiscal_year(&fy, r.fiscal_year, ERA_JAPANESE, 0);
        int y = 0, m = 0, d = 0;
        if (era_parse_date(r.deadline, &y, &m, &d) == 0)
            era_format_date(&deadline, y, m, d, ERA_JAPANESE, 0);
        for (int p = 0; p < t[i].nprojects; p++)
            buf_printf(&list, "・%s\n", t[i].projects[p]);
        buf_printf(&link, "%s/inbox", mail->base_url ? mail->base_url : "");
        char *round_name = NULL;
        Buf name = BUF_INIT;
        buf_printf(&name, "%s %s %s", r.plan_title, fy.data,
                   msg(lang, r.at_year_end ? M_CHECK_END : M_CHECK_START));
        round_name = buf_take(&name);
        const char *args[] = {round_name, deadline.data, t[i].section, list.data, link.data};
        char *subject = msg_fill(lang, M_REMINDER_SUBJECT, args, 5);
        char *body = msg_fill(lang, M_REMINDER_BODY, args, 5);
        json_t *to = json_array();
        for (int k = 0; k < t[i].nemails && e == ERR_OK; k++) {
            e = mail_send(mail, &(Mail){t[i].emails[k], subject, body}, err);
            if (e == ERR_OK) {
                (*sent)++;
                json_array_append_new(to, json_string(t[i].emails[k]));
            }
        }
        json_t *after =
            json_pack("{s:I, s:o}", "section_id", (json_int_t)t[i].section_id, "to", to);
        char *text = json_dumps(after, JSON_COMPACT);
        json_decref(after);
        audit_write(db, by->name, by->address, "round.remind", "round", round_id, r.plan_id, 0,
                    NULL, text);
        free(text);
        free(subject);
        free(body);
        free(round_name);
        buf_free(&fy);
        buf_free(&deadline);
        buf_free(&list);
        buf_free(&link);
    }
    arena_free(&a);
    return e;
}
