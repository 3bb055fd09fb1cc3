/* Who is asking: the signed-in user (or nobody) with their grants, and the
 * questions every page and query asks of them. Access is decided here, in
 * the model, not only in the route table. */
#ifndef MODEL_PRINCIPAL_H
#define MODEL_PRINCIPAL_H
#include <stdbool.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/err.h"
#include "i18n/msg.h"
#include "store/db.h"

typedef enum Role {
    ROLE_ADMIN,       /* system administrator: everything */
    ROLE_SECRETARIAT, /* 事務局 of one plan: everything for that plan */
    ROLE_REVIEWER,    /* reviewer for a bureau or ward: reads and approves its sections */
    ROLE_EDITOR,      /* editor for a section: writes its own projects' answers */
    ROLE_VIEWER,      /* council member: reads one plan */
    ROLE_COUNT
} Role;

typedef struct Grant {
    int64_t id;      /* user_grant id */
    Role role;       /* what */
    int64_t plan_id; /* secretariat, viewer: the plan; else 0 */
    int64_t unit_id; /* reviewer: the bureau; editor: the section; else 0 */
} Grant;

typedef struct Principal {
    int64_t user_id;          /* 0 for anonymous */
    const char *login;        /* "" for anonymous */
    const char *display_name; /* for the header */
    Grant *grants;            /* what they may do */
    int ngrants;
    const char *csrf; /* the session's CSRF token; NULL without a session */
    bool via_token;   /* signed in by an API token, not a session */
    Lang lang;        /* the interface language they chose (LANG_JA if anonymous) */
} Principal;

/* The anonymous reader. */
extern const Principal principal_anonymous;

/* Role names as stored: "admin", "secretariat" ...; and back (-1 if unknown). */
const char *role_name(Role r);
int role_from_name(const char *name);

/* Loads the grants of user_id into p (arena). */
Err principal_load_grants(Db *db, Arena *arena, Principal *p);

bool principal_signed_in(const Principal *p);
bool principal_is_admin(const Principal *p);
/* Administrator, or secretariat of plan_id (0: of any plan). */
bool principal_runs_plan(const Principal *p, int64_t plan_id);
/* May read the plan's sheet: published plans for everyone; otherwise an
 * administrator, or anyone with a grant on the plan or on a unit that runs
 * one of its projects. */
bool principal_may_read_plan(Db *db, const Principal *p, int64_t plan_id);
/* May read a project's answers in every state (its own rows): an
 * administrator, the secretariat of a plan it serves, the reviewer of its
 * bureau (in today's organisation), the editor of its section. */
bool principal_may_read_project(Db *db, const Principal *p, int64_t project_id);
/* May read the audit log: administrators (all) and secretariats (their plans). */
bool principal_may_audit(const Principal *p);

#endif
