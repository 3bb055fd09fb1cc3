/* The handlers of the site, one file per area; the route table names them. */
#ifndef PAGES_PAGES_H
#define PAGES_PAGES_H
#include "http/request.h"

void page_home(Request *req, Response *res);  /* GET / */
void page_sheet(Request *req, Response *res); /* GET /plans/{id}/sheet */
void api_plans(Request *req, Response *res);  /* GET /api/v1/plans */
void api_sheet(Request *req, Response *res);  /* GET /api/v1/plans/{id}/sheet */
/* GET /plans/{id}/sheet.xlsx, .pdf, .csv, .html */
void page_download(Request *req, Response *res);
/* How many PDF or Excel exports may run at once (the server sets it to one
 * less than its worker threads); more are answered 503 with Retry-After. */
void download_set_slots(int slots);

/* GET /projects/{id}: a project's own rows (project.c). */
void page_project(Request *req, Response *res);

/* The administrator's pages for accounts (admin_users.c). */
void page_admin_users(Request *req, Response *res);         /* GET /admin/users */
void page_admin_user_new(Request *req, Response *res);      /* GET /admin/users/new */
void page_admin_user_create(Request *req, Response *res);   /* POST /admin/users */
void page_admin_user(Request *req, Response *res);          /* GET /admin/users/{id} */
void page_admin_user_update(Request *req, Response *res);   /* POST /admin/users/{id} */
void page_admin_user_disable(Request *req, Response *res);  /* POST .../disable */
void page_admin_user_enable(Request *req, Response *res);   /* POST .../enable */
void page_admin_user_password(Request *req, Response *res); /* POST .../password */
void page_admin_grant_add(Request *req, Response *res);     /* POST .../grants */
void page_admin_grant_revoke(Request *req, Response *res);  /* POST .../grants/{id}/revoke */

/* The audit log (audit_page.c). */
void page_audit(Request *req, Response *res); /* GET /audit */
/* One's own API tokens (tokens.c). */
void page_tokens(Request *req, Response *res);       /* GET /account/tokens */
void page_tokens_post(Request *req, Response *res);  /* POST /account/tokens */
void page_token_revoke(Request *req, Response *res); /* POST /account/tokens/{id}/revoke */

/* Who has not answered a round, and reminders to them (remind.c). */
void page_reminders(Request *req, Response *res);     /* GET /rounds/{id}/reminders */
void page_reminders_csv(Request *req, Response *res); /* GET /rounds/{id}/reminders.csv */
void page_remind_post(Request *req, Response *res);   /* POST /rounds/{id}/remind */
/* The SMTP server and links for reminders (serve's options). */
#include "mail/smtp.h"
void remind_configure(const MailConfig *c);

/* Rounds (照会): the list, opening one, its page and the secretariat's
 * actions on it (rounds.c). */
void page_rounds(Request *req, Response *res);        /* GET /rounds */
void page_round_new(Request *req, Response *res);     /* GET /plans/{id}/rounds/new */
void page_round_create(Request *req, Response *res);  /* POST /plans/{id}/rounds */
void page_round(Request *req, Response *res);         /* GET /rounds/{id} */
void page_round_confirm(Request *req, Response *res); /* POST /rounds/{id}/confirm */
void page_round_close(Request *req, Response *res);   /* POST /rounds/{id}/close */
void page_round_reopen(Request *req, Response *res);  /* POST /rounds/{id}/reopen */
void page_round_extend(Request *req, Response *res);  /* POST /rounds/{id}/extend */

/* Answers to rounds (answers.c): the open rounds that ask one's sections or
 * bureaus, and one project's answer: written, submitted, returned, confirmed. */
void page_inbox(Request *req, Response *res);          /* GET /inbox */
void page_answer(Request *req, Response *res);         /* GET /answers/{id} */
void page_answer_post(Request *req, Response *res);    /* POST /answers/{id} */
void page_answer_confirm(Request *req, Response *res); /* POST /answers/{id}/confirm */
void page_answer_return(Request *req, Response *res);  /* POST /answers/{id}/return */

/* POST /rounds/{id}/publish: who sees a round's confirmed answers (rounds.c). */
void page_round_publish(Request *req, Response *res);

/* The history of an answer: versions, changes, events (history.c). */
void page_answer_history(Request *req, Response *res); /* GET /answers/{id}/history */

/* The bureau review stage (局承認): a bureau's approval of an answer
 * (answers.c), and the plan's switch for the stage (rounds.c). */
void page_answer_approve(Request *req, Response *res);    /* POST /answers/{id}/approve */
void page_plan_review_stage(Request *req, Response *res); /* POST /plans/{id}/review-stage */

/* POST /rounds/{id}/submit-all: a section submits all its drafts (answers.c). */
void page_submit_all(Request *req, Response *res);

/* POST /admin/users/{id}/tokens: a token for a service account (admin_users.c). */
void page_admin_user_token(Request *req, Response *res);

/* Importing a progress sheet: upload, mapping and preview, confirm
 * (imports.c). */
void page_import_new(Request *req, Response *res);     /* GET /imports/new */
void page_import_create(Request *req, Response *res);  /* POST /imports */
void page_import(Request *req, Response *res);         /* GET /imports/{id} */
void page_import_mapping(Request *req, Response *res); /* POST /imports/{id}/mapping */
void page_import_confirm(Request *req, Response *res); /* POST /imports/{id}/confirm */

/* Answering in Excel: a section's workbook and its upload (workbooks.c). */
void page_workbook(Request *req, Response *res); /* GET .../sections/{id}/workbook.xlsx */
void page_workbook_upload_form(Request *req, Response *res); /* GET /rounds/{id}/upload */
void page_workbook_upload(Request *req, Response *res);      /* POST /rounds/{id}/upload */

/* Plan setup: the plan, its directions and initiatives, in the browser and
 * through the API (plan_admin.c). */
void page_plan_new(Request *req, Response *res);          /* GET /plans/new */
void page_plan_create(Request *req, Response *res);       /* POST /plans */
void page_plan_structure(Request *req, Response *res);    /* GET /plans/{id}/structure */
void page_plan_update(Request *req, Response *res);       /* POST /plans/{id} */
void page_direction_add(Request *req, Response *res);     /* POST /plans/{id}/directions */
void page_direction_update(Request *req, Response *res);  /* POST /directions/{id} */
void page_direction_move(Request *req, Response *res);    /* POST /directions/{id}/move */
void page_direction_retire(Request *req, Response *res);  /* POST /directions/{id}/retire */
void page_initiative_add(Request *req, Response *res);    /* POST /plans/{id}/initiatives */
void page_initiative_update(Request *req, Response *res); /* POST /initiatives/{id} */
void page_initiative_move(Request *req, Response *res);   /* POST /initiatives/{id}/move */
void page_initiative_retire(Request *req, Response *res); /* POST /initiatives/{id}/retire */
void page_plan_renumber(Request *req, Response *res);     /* POST /plans/{id}/renumber */
void page_plan_copy(Request *req, Response *res);         /* POST /plans/{id}/copy */
void api_plan_structure(Request *req, Response *res);     /* GET /api/v1/plans/{id}/structure */

/* The organisation over time, for administrators (org_admin.c). */
void page_org(Request *req, Response *res);          /* GET /admin/org?fy= */
void page_org_create(Request *req, Response *res);   /* POST /admin/org/units */
void page_org_unit(Request *req, Response *res);     /* GET /admin/org/units/{id}?fy= */
void page_org_rename(Request *req, Response *res);   /* POST .../{id}/rename */
void page_org_move(Request *req, Response *res);     /* POST .../{id}/move */
void page_org_merge(Request *req, Response *res);    /* POST .../{id}/merge */
void page_org_close(Request *req, Response *res);    /* POST .../{id}/close */
void page_org_reorder(Request *req, Response *res);  /* POST .../{id}/reorder */
void page_org_projects(Request *req, Response *res); /* POST .../{id}/projects */

/* A plan's projects and their links (project_admin.c). */
void page_plan_projects(Request *req, Response *res);  /* GET /plans/{id}/projects */
void page_project_create(Request *req, Response *res); /* POST /plans/{id}/projects */
void page_project_update(Request *req, Response *res); /* POST /projects/{id}/edit */
void page_project_link(Request *req, Response *res);   /* POST /initiatives/{id}/links */
void page_project_unlink(Request *req, Response *res); /* POST .../links/{id}/remove */
void api_plan_projects(Request *req, Response *res);   /* GET /api/v1/plans/{id}/projects */

/* A plan's fields and rating scales, in the browser and through the API
 * (field_admin.c). */
void page_fields(Request *req, Response *res);       /* GET /plans/{id}/fields */
void page_scale_add(Request *req, Response *res);    /* POST /plans/{id}/scales */
void page_scale_update(Request *req, Response *res); /* POST /scales/{id} */
void page_scale_remove(Request *req, Response *res); /* POST /scales/{id}/remove */
void page_field_add(Request *req, Response *res);    /* POST /plans/{id}/fields */
void page_field_update(Request *req, Response *res); /* POST /fields/{id} */
void page_field_move(Request *req, Response *res);   /* POST /fields/{id}/move */
void page_field_retire(Request *req, Response *res); /* POST /fields/{id}/retire */
void page_field_remove(Request *req, Response *res); /* POST /fields/{id}/remove */
void api_plan_fields(Request *req, Response *res);   /* GET /api/v1/plans/{id}/fields */
/* The summary (集計) of the sheet's rating fields under its table
 * (sheet_summary.c); nothing when it has no graded answers. */
#include "base/era.h"
struct Sheet;
void sheet_summary_write(Request *req, Buf *b, const struct Sheet *s, EraStyle era);

/* A plan's indicators (評価指標), in the browser and through the API
 * (indicator_admin.c), and under the sheet (sheet_indicators.c). */
void page_indicators(Request *req, Response *res);       /* GET /plans/{id}/indicators */
void page_indicator_add(Request *req, Response *res);    /* POST /plans/{id}/indicators */
void page_indicator_update(Request *req, Response *res); /* POST /indicators/{id} */
void page_indicator_move(Request *req, Response *res);   /* POST /indicators/{id}/move */
void page_indicator_remove(Request *req, Response *res); /* POST /indicators/{id}/remove */
void api_plan_indicators(Request *req, Response *res);   /* GET /api/v1/plans/{id}/indicators */
void sheet_indicators_write(Request *req, Buf *b, const struct Sheet *s, EraStyle era);

/* Many initiatives at once (plan_bulk.c). */
void page_initiatives_bulk_form(Request *req, Response *res); /* GET .../initiatives/bulk */
void page_initiatives_bulk(Request *req, Response *res);      /* POST .../initiatives/bulk */
void page_projects_bulk_form(Request *req, Response *res);    /* GET .../projects/bulk */
void page_projects_bulk(Request *req, Response *res);         /* POST .../projects/bulk */

#endif
