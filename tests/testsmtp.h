/* A real SMTP server on loopback for tests: it accepts what a mail client
 * sends (EHLO, MAIL, RCPT, DATA, QUIT) and keeps each message, so a test can
 * read what arrived. Only 127.0.0.1, only while the test runs. */
#ifndef TESTSMTP_H
#define TESTSMTP_H
#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { SMTP_MAX_MESSAGES = 64 };

typedef struct SmtpMessage {
    char from[256];  /* MAIL FROM */
    char to[8][256]; /* RCPT TO */
    int nto;
    char *data; /* headers and body as sent (malloc'd) */
} SmtpMessage;

typedef struct SmtpServer {
    int fd;   /* listening socket */
    int port; /* on 127.0.0.1 */
    pthread_t thread;
    volatile bool stop;
    pthread_mutex_t lock;
    SmtpMessage messages[SMTP_MAX_MESSAGES];
    int count;
} SmtpServer;

static inline bool smtp_line(int fd, char *line, size_t n)
{
    size_t i = 0;
    char c;
    while (i + 1 < n && read(fd, &c, 1) == 1) {
        line[i++] = c;
        if (c == '\n')
            break;
    }
    line[i] = '\0';
    return i > 0;
}

static inline void smtp_say(int fd, const char *s)
{
    if (write(fd, s, strlen(s)) < 0)
        return;
}

static inline void smtp_session(SmtpServer *s, int fd)
{
    char line[2048];
    SmtpMessage m;
    memset(&m, 0, sizeof(m));
    smtp_say(fd, "220 test ESMTP\r\n");
    while (smtp_line(fd, line, sizeof(line))) {
        if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
            smtp_say(fd, "250 test\r\n");
        } else if (!strncasecmp(line, "MAIL FROM:", 10)) {
            sscanf(line + 10, " <%255[^>]>", m.from);
            smtp_say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "RCPT TO:", 8)) {
            if (m.nto < 8)
                sscanf(line + 8, " <%255[^>]>", m.to[m.nto++]);
            smtp_say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "DATA", 4)) {
            smtp_say(fd, "354 go ahead\r\n");
            size_t cap = 65536, len = 0;
            m.data = malloc(cap);
            while (smtp_line(fd, line, sizeof(line)) && strcmp(line, ".\r\n") != 0) {
                size_t n = strlen(line);
                if (len + n + 1 > cap)
                    m.data = realloc(m.data, cap *= 2);
                memcpy(m.data + len, line, n);
                len += n;
            }
            m.data[len] = '\0';
            pthread_mutex_lock(&s->lock);
            if (s->count < SMTP_MAX_MESSAGES)
                s->messages[s->count++] = m;
            else
                free(m.data);
            pthread_mutex_unlock(&s->lock);
            memset(&m, 0, sizeof(m));
            smtp_say(fd, "250 queued\r\n");
        } else if (!strncasecmp(line, "QUIT", 4)) {
            smtp_say(fd, "221 bye\r\n");
            break;
        } else {
            smtp_say(fd, "250 ok\r\n");
        }
    }
    free(m.data);
    close(fd);
}

static inline void *smtp_run(void *arg)
{
    SmtpServer *s = arg;
    while (!s->stop) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            break;
        smtp_session(s, c);
    }
    return NULL;
}

/* Starts the server on 127.0.0.1 at a free port. */
static inline bool smtp_start(SmtpServer *s)
{
    memset(s, 0, sizeof(*s));
    pthread_mutex_init(&s->lock, NULL);
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    socklen_t len = sizeof(a);
    if (bind(s->fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s->fd, 8) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &len) != 0)
        return false;
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->thread, NULL, smtp_run, s) == 0;
}

static inline void smtp_stop(SmtpServer *s)
{
    s->stop = true;
    shutdown(s->fd, SHUT_RDWR);
    close(s->fd);
    pthread_join(s->thread, NULL);
    for (int i = 0; i < s->count; i++)
        free(s->messages[i].data);
    pthread_mutex_destroy(&s->lock);
}

#endif
