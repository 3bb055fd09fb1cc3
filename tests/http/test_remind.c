/* Reminders: the sections that owe answers, and the e-mails that reach a
 * real SMTP server on loopback, with the round, the deadline, the projects
 * and a link. */
#include <sodium.h>
#include "base/buf.h"
#include "base/log.h"
#include "model/answer.h"
#include "model/reminder.h"
#include "model/round.h"
#include "testdb.h"
#include "testlib.h"
#include "testsmtp.h"

static Db *db;
static int64_t round_id;
static const Actor actor = {"test", ""};

static void set_email(const char *login, const char *email)
{
    Arena a;
    arena_init(&a);
    User u;
    if (account_by_login(db, &a, login, &u) == ERR_OK)
        CHECK_INT(account_set_email(db, &actor, u.id, email), ERR_OK);
    arena_free(&a);
}

/* The body of a message, decoded from its base64. */
static char *body_of(const char *data)
{
    const char *p = strstr(data, "\r\n\r\n");
    if (!p)
        return strdup("");
    Buf clean = BUF_INIT;
    for (p += 4; *p; p++)
        if (*p != '\r' && *p != '\n')
            buf_putc(&clean, *p);
    size_t cap = clean.len, len = 0;
    unsigned char *out = calloc(1, cap + 1);
    sodium_base642bin(out, cap, clean.data, clean.len, NULL, &len, NULL,
                      sodium_base64_VARIANT_ORIGINAL);
    out[len] = '\0';
    buf_free(&clean);
    return (char *)out;
}

static void test_targets(void)
{
    Arena a;
    arena_init(&a);
    ReminderTarget *t;
    int n;
    CHECK_INT(reminder_targets(db, &a, NULL, round_id, &t, &n), ERR_OK);
    /* Six sections own the seven projects; 障害企画課 has submitted its one. */
    CHECK_INT(n, 5);
    bool shimin = false, shogai = false;
    for (int i = 0; i < n; i++) {
        shimin |= strcmp(t[i].section, "市民生活課") == 0 && t[i].nemails == 1;
        shogai |= strcmp(t[i].section, "障害企画課") == 0;
    }
    CHECK(shimin);
    CHECK(!shogai);
    arena_free(&a);
}

static void test_emails_arrive(void)
{
    SmtpServer smtp;
    CHECK(smtp_start(&smtp));
    char url[64];
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", smtp.port);
    MailConfig mc = {url, "jimukyoku@demo.invalid", "http://127.0.0.1:8080"};
    int sent = 0, no_address = 0;
    char *err = NULL;
    CHECK_INT(reminder_send(db, &actor, NULL, &mc, round_id, LANG_JA, &sent, &no_address, &err),
              ERR_OK);
    if (err)
        fprintf(stderr, "  %s\n", err);
    free(err);
    CHECK_INT(sent, 1);       /* only 市民生活課 has an editor with an address */
    CHECK_INT(no_address, 4); /* the other sections are listed, not mailed */
    /* Wait for the server thread to have stored it. */
    for (int i = 0; i < 100 && smtp.count < 1; i++)
        usleep(10000);
    CHECK_INT(smtp.count, 1);
    if (smtp.count >= 1) {
        SmtpMessage *m = &smtp.messages[0];
        CHECK_STR(m->from, "jimukyoku@demo.invalid");
        CHECK_INT(m->nto, 1);
        CHECK_STR(m->to[0], "shiminseikatsu@demo.invalid");
        CHECK_HAS(m->data, "Subject: =?UTF-8?B?");
        CHECK_HAS(m->data, "Content-Type: text/plain; charset=UTF-8");
        char *body = body_of(m->data);
        CHECK_HAS(body, "市民生活課 ご担当者様");
        CHECK_HAS(body, "仙台市自殺対策計画 令和2年度 年度当初確認");
        CHECK_HAS(body, "回答期限：令和3年6月30日");
        CHECK_HAS(body, "・労働相談の実施");
        CHECK_HAS(body, "http://127.0.0.1:8080/inbox");
        CHECK_HASNT(body, "学校支援地域本部事業"); /* another section's project */
        free(body);
    }
    smtp_stop(&smtp);
    /* Sending is in the audit log, with the addresses. */
    DbStmt *st =
        db_prepare(db, "SELECT after_json FROM audit_log WHERE action = 'round.remind'", 1);
    CHECK_INT(db_step(st), DB_ROW);
    CHECK_HAS(db_col_text(st, 0), "shiminseikatsu@demo.invalid");
    db_done(st);
}

static void test_unreachable_server_is_an_error(void)
{
    MailConfig mc = {"smtp://127.0.0.1:1", "jimukyoku@demo.invalid", ""};
    int sent = 0, no_address = 0;
    char *err = NULL;
    CHECK_INT(reminder_send(db, &actor, NULL, &mc, round_id, LANG_JA, &sent, &no_address, &err),
              ERR_IO);
    CHECK_HAS(err, "shiminseikatsu@demo.invalid");
    free(err);
    CHECK_INT(sent, 0);
}

static void test_addresses_checked(void)
{
    CHECK(account_valid_email("a@b.jp"));
    CHECK(!account_valid_email("a b@c.jp"));
    CHECK(!account_valid_email("a@b@c"));
    CHECK(!account_valid_email("x@y.jp\r\nBcc: z@w"));
    CHECK(!account_valid_email("<a@b.jp>"));
    User u;
    Arena a;
    arena_init(&a);
    CHECK_INT(account_by_login(db, &a, "iin", &u), ERR_OK);
    CHECK_INT(account_set_email(db, &actor, u.id, "not an address"), ERR_INVALID);
    arena_free(&a);
}

int main(void)
{
    log_set_quiet(1);
    db = test_db("remind.db", true);
    RoundProblem problem;
    RoundInput in = {.plan_id = 1,
                     .fiscal_year = 2020,
                     .deadline = "2021-06-30",
                     .inquiry_date = "2021-04-01",
                     .doc_no = "",
                     .instructions = ""};
    if (round_open(db, &actor, NULL, &in, &round_id, &problem) != ERR_OK) {
        Arena a;
        arena_init(&a);
        Round *r;
        int n;
        round_list(db, &a, NULL, 1, &r, &n);
        for (int i = 0; i < n; i++)
            if (r[i].fiscal_year == 2020 && !r[i].at_year_end)
                round_id = r[i].id;
        arena_free(&a);
    }
    set_email("shiminseikatsu", "shiminseikatsu@demo.invalid");
    /* 障害企画課 submits its answer: it is owed nothing. */
    Arena a;
    arena_init(&a);
    AnswerRow *rows;
    int n;
    answer_list(db, &a, NULL, round_id, &rows, &n);
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].section, "障害企画課") == 0) {
            const char *v[3] = {"済", "済", "済"};
            FieldProblem p[4];
            answer_save(db, &actor, NULL, rows[i].id, rows[i].version, v, 3, true, p);
        }
    arena_free(&a);
    TEST_RUN(test_targets);
    TEST_RUN(test_emails_arrive);
    TEST_RUN(test_unreachable_server_is_an_error);
    TEST_RUN(test_addresses_checked);
    db_close(db);
    test_cleanup();
    return TEST_DONE("remind");
}
