/* Signing in and out, and changing one's password. */
#ifndef PAGES_AUTH_H
#define PAGES_AUTH_H
#include "http/request.h"
#include "model/account.h"
#include "model/principal.h"

#define SESSION_COOKIE "shinchoku_sid"
/* Before login there is no session: the login form's CSRF token is a random
 * value in this cookie that the form must repeat (double submit). */
#define PRE_LOGIN_COOKIE "shinchoku_pre"

void page_login(Request *req, Response *res);             /* GET /login */
void page_login_post(Request *req, Response *res);        /* POST /login */
void page_logout(Request *req, Response *res);            /* POST /logout */
void page_password(Request *req, Response *res);          /* GET /account/password */
void page_password_post(Request *req, Response *res);     /* POST /account/password */
void page_account_lang_post(Request *req, Response *res); /* POST /account/lang */

/* /login?next=<this page>, for a redirect when a page needs a signed-in user. */
const char *login_url(Request *req);
/* The person asking (never NULL). */
const Principal *page_user(const Request *req);
/* Who did it, for the audit log. */
Actor page_actor(const Request *req);

#endif
