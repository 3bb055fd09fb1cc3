/* A real server for tests: `shinchoku serve` started on a loopback port and
 * HTTP requests to it over a socket, as a browser sends them (Host, Origin,
 * a session cookie, an urlencoded form). For tests of several processes,
 * restarts and kills; most tests go through the in-process transport
 * (testhttp.h) instead. */
#ifndef TESTNET_H
#define TESTNET_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "base/buf.h"
#include "testauth.h"

extern char **environ;

typedef struct NetReply {
    int status; /* -1 when nothing answered */
    char *text; /* headers and body, malloc'd (may be NULL) */
} NetReply;

/* method target on 127.0.0.1:port with a session cookie (or NULL) and an
 * urlencoded form body (or NULL). */
static inline NetReply net_send(int port, const char *method, const char *target,
                                const char *cookie, const char *body)
{
    NetReply a = {-1, NULL};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        close(fd);
        return a;
    }
    Buf req = BUF_INIT;
    buf_printf(&req,
               "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
               "Connection: close\r\n",
               method, target, port, port);
    if (cookie && *cookie)
        buf_printf(&req, "Cookie: %s\r\n", cookie);
    if (body)
        buf_printf(&req,
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n"
                   "\r\n%s",
                   strlen(body), body);
    else
        buf_puts(&req, "\r\n");
    bool sent = write(fd, req.data, req.len) == (ssize_t)req.len;
    buf_free(&req);
    Buf in = BUF_INIT;
    char chunk[1 << 14];
    ssize_t got;
    while (sent && (got = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(&in, chunk, (size_t)got);
    close(fd);
    a.text = buf_take(&in);
    if (a.text)
        sscanf(a.text, "HTTP/1.1 %d", &a.status);
    return a;
}

static inline NetReply net_get(int port, const char *target, const char *cookie)
{
    return net_send(port, "GET", target, cookie, NULL);
}

/* Signs in as login (password "demo") through the login form: the session
 * cookie ("shinchoku_sid=...") and its CSRF token. */
static inline bool net_login(int port, const char *login, char *cookie, size_t ncookie, char *csrf,
                             size_t ncsrf)
{
    NetReply a = net_get(port, "/login", NULL);
    char pre[160] = "", token[128] = "", body[256], sid[128] = "";
    test_value_after(a.text, "Set-Cookie: shinchoku_pre=", ";\r\n", pre, sizeof(pre));
    test_value_after(a.text, "name=\"csrf\" value=\"", "\"", token, sizeof(token));
    free(a.text);
    char pre_cookie[200];
    snprintf(pre_cookie, sizeof(pre_cookie), "shinchoku_pre=%s", pre);
    snprintf(body, sizeof(body), "csrf=%s&login=%s&password=demo", token, login);
    a = net_send(port, "POST", "/login", pre_cookie, body);
    bool ok = a.status == 303 &&
              test_value_after(a.text, "Set-Cookie: shinchoku_sid=", ";\r\n", sid, sizeof(sid));
    free(a.text);
    snprintf(cookie, ncookie, "shinchoku_sid=%s", sid);
    a = net_get(port, "/", cookie);
    ok = ok && test_value_after(a.text, "name=\"csrf\" value=\"", "\"", csrf, ncsrf);
    free(a.text);
    return ok;
}

/* The version the answer form at target shows, or -1. */
static inline int net_form_version(int port, const char *target, const char *cookie)
{
    NetReply a = net_get(port, target, cookie);
    const char *p = a.text ? strstr(a.text, "name=\"version\" value=\"") : NULL;
    int v = p ? atoi(p + 22) : -1;
    free(a.text);
    return v;
}

/* Starts `bin serve --db url --port port` and waits (up to 10 s, for a slow
 * sanitizer build) until it answers; its pid, or 0. */
static inline pid_t net_start_server(const char *bin, const char *url, int port)
{
    char port_text[16];
    snprintf(port_text, sizeof(port_text), "%d", port);
    char *argv[] = {(char *)bin, "serve",     "--db", (char *)url, "--port",
                    port_text,   "--threads", "2",    NULL};
    pid_t pid = 0;
    if (posix_spawn(&pid, bin, NULL, NULL, argv, environ) != 0)
        return 0;
    for (int i = 0; i < 100; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        NetReply a = net_get(port, "/", NULL);
        free(a.text);
        if (a.status == 200)
            return pid;
    }
    return pid;
}

#endif
