/* The route table: every URL of the program, with who may use it and whether
 * it writes. The dispatcher enforces both; a test walks this table. */
#include "pages/assets.h"
#include "pages/auth.h"
#include "pages/dispatch.h"
#include "pages/pages.h"

const Route app_routes[] = {
    {"GET", "/", PERM_PUBLIC, false, page_home},
    {"GET", "/plans/{id}/sheet", PERM_PUBLIC, false, page_sheet},
    {"GET", "/plans/{id}/sheet.xlsx", PERM_PUBLIC, false, page_download},
    {"GET", "/plans/{id}/sheet.pdf", PERM_PUBLIC, false, page_download},
    {"GET", "/plans/{id}/sheet.csv", PERM_PUBLIC, false, page_download},
    {"GET", "/plans/{id}/sheet.html", PERM_PUBLIC, false, page_download},
    {"GET", "/api/v1/plans", PERM_PUBLIC, false, api_plans},
    {"GET", "/api/v1/plans/{id}/sheet", PERM_PUBLIC, false, api_sheet},
    {"GET", "/assets/*", PERM_PUBLIC, false, page_asset},
    {"GET", "/login", PERM_PUBLIC, false, page_login},
    {"POST", "/login", PERM_PUBLIC, true, page_login_post},
    {"POST", "/logout", PERM_SIGNED_IN, true, page_logout},
    {"GET", "/account/password", PERM_SIGNED_IN, false, page_password},
    {"POST", "/account/password", PERM_SIGNED_IN, true, page_password_post},
    {"GET", "/projects/{id}", PERM_SIGNED_IN, false, page_project},
    {"GET", "/admin/users", PERM_ADMIN, false, page_admin_users},
    {"GET", "/admin/users/new", PERM_ADMIN, false, page_admin_user_new},
    {"POST", "/admin/users", PERM_ADMIN, true, page_admin_user_create},
    {"GET", "/admin/users/{id}", PERM_ADMIN, false, page_admin_user},
    {"POST", "/admin/users/{id}", PERM_ADMIN, true, page_admin_user_update},
    {"POST", "/admin/users/{id}/disable", PERM_ADMIN, true, page_admin_user_disable},
    {"POST", "/admin/users/{id}/enable", PERM_ADMIN, true, page_admin_user_enable},
    {"POST", "/admin/users/{id}/password", PERM_ADMIN, true, page_admin_user_password},
    {"POST", "/admin/users/{id}/grants", PERM_ADMIN, true, page_admin_grant_add},
    {"POST", "/admin/users/{id}/grants/{id}/revoke", PERM_ADMIN, true, page_admin_grant_revoke},
    {"GET", "/audit", PERM_AUDIT, false, page_audit},
    {"GET", "/account/tokens", PERM_SIGNED_IN, false, page_tokens},
    {"POST", "/account/tokens", PERM_SIGNED_IN, true, page_tokens_post},
    {"POST", "/account/tokens/{id}/revoke", PERM_SIGNED_IN, true, page_token_revoke},
    {NULL, NULL, PERM_UNSET, false, NULL},
};
