#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include <sodium.h>
#include "base/buf.h"
#include "base/mem.h"
#include "mail/smtp.h"
#include "model/account.h"

typedef struct Reader {
    const char *data; /* the whole message */
    size_t left;      /* bytes not yet handed to curl */
} Reader;

static size_t read_message(char *ptr, size_t size, size_t nmemb, void *userp)
{
    Reader *r = userp;
    size_t n = size * nmemb < r->left ? size * nmemb : r->left;
    memcpy(ptr, r->data, n);
    r->data += n;
    r->left -= n;
    return n;
}

static void base64(Buf *b, const char *s, size_t n, bool wrap)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = xmalloc(cap);
    sodium_bin2base64(out, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
    size_t len = strlen(out);
    for (size_t i = 0; i < len; i += 76) {
        buf_append(b, out + i, len - i < 76 || !wrap ? len - i : 76);
        if (!wrap)
            break;
        buf_puts(b, "\r\n");
    }
    free(out);
}

/* The message as sent: headers, then the body in base64 (RFC 2045). */
static char *compose(const MailConfig *c, const Mail *m)
{
    Buf b = BUF_INIT;
    char date[64], id[33];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    unsigned char raw[16];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
    buf_printf(&b, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nMessage-ID: <%s@shinchoku>\r\n", date,
               c->from, m->to, id);
    buf_puts(&b, "Subject: =?UTF-8?B?");
    base64(&b, m->subject, strlen(m->subject), false);
    buf_puts(&b, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                 "Content-Transfer-Encoding: base64\r\n\r\n");
    Buf body = BUF_INIT;
    for (const char *p = m->body; *p; p++) {
        if (*p == '\n')
            buf_putc(&body, '\r');
        buf_putc(&body, *p);
    }
    base64(&b, body.data, body.len, true);
    buf_free(&body);
    return buf_take(&b);
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void init_curl(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

Err mail_send(const MailConfig *c, const Mail *m, char **err)
{
    pthread_once(&curl_once, init_curl);
    if (!c->smtp_url || !c->from || !account_valid_email(c->from) || !account_valid_email(m->to)) {
        *err = xstrdup("no SMTP server, or an address that is not valid");
        return ERR_IO;
    }
    account_crypto_init();
    char *message = compose(c, m);
    Reader r = {message, strlen(message)};
    CURL *curl = curl_easy_init();
    struct curl_slist *rcpt = NULL;
    char from[300], to[300];
    snprintf(from, sizeof(from), "<%s>", c->from);
    snprintf(to, sizeof(to), "<%s>", m->to);
    rcpt = curl_slist_append(rcpt, to);
    curl_easy_setopt(curl, CURLOPT_URL, c->smtp_url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(curl);
    Err e = ERR_OK;
    if (rc != CURLE_OK) {
        size_t n = strlen(curl_easy_strerror(rc)) + 64;
        *err = xmalloc(n);
        snprintf(*err, n, "mail to %s: %s", m->to, curl_easy_strerror(rc));
        e = ERR_IO;
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    free(message);
    return e;
}
