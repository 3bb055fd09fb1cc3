/* Importing a progress sheet in the browser: upload (GET /imports/new, POST
 * /imports), look at the mapping and the preview and correct the mapping
 * (GET /imports/{id}, POST /imports/{id}/mapping), then load it, all or
 * nothing (POST /imports/{id}/confirm). The model (import/import_job.c)
 * decides who may; nothing reaches the plan before the confirm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/era.h"
#include "base/html.h"
#include "base/utf8.h"
#include "import/import_job.h"
#include "model/plan.h"
#include "pages/auth.h"
#include "pages/form.h"
#include "pages/layout.h"
#include "pages/pages.h"

enum { SAMPLE_CHARS = 24, TITLE_MAX_CHARS = 200, MAPPING_NAME_MAX_CHARS = 100 };

static const char *import_url(Request *req, int64_t id, const char *rest)
{
    return page_url(req, arena_printf(req->arena, "/imports/%lld%s", (long long)id, rest));
}

static void breadcrumb(Request *req, Buf *b, const char *here)
{
    Lang L = req->lang;
    html_printf(b,
                "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol><li><a href=\"%s\">%s</a></li>"
                "<li aria-current=\"page\">%s</li></ol></nav>\n",
                msg(L, M_BREADCRUMB), page_url(req, "/imports/new"), msg(L, M_IMPORT_TITLE), here);
}

/* ---------- Upload ---------- */

typedef struct UploadForm {
    const char *target, *title, *plan_id, *mapping_id;
    const char *file_error, *title_error, *plan_error;
} UploadForm;

static void write_upload_form(Request *req, Response *res, const UploadForm *f)
{
    Lang L = req->lang;
    Buf *b = &res->body;
    const Principal *who = page_user(req);
    page_begin(req, res, msg(L, M_IMPORT_TITLE));
    html_printf(b, "<div class=\"narrow\"><h1>%s</h1>\n<p>%s</p>\n", msg(L, M_IMPORT_TITLE),
                msg(L, M_IMPORT_INTRO));
    if (f->file_error || f->title_error || f->plan_error)
        form_error_summary(req, b);
    html_printf(b,
                "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\""
                " class=\"stack\">",
                page_url(req, "/imports"));
    form_csrf(req, b, who->csrf);
    form_field_start(req, b, "file", M_IMPORT_FILE, true, f->file_error, false);
    html_printf(b,
                "<p class=\"help\" id=\"f-file-help\">%s</p><input type=\"file\" id=\"f-file\""
                " name=\"file\" accept=\".xlsx,.csv\" required aria-describedby=\"f-file-help%s\"",
                msg(L, M_IMPORT_FILE_HELP), f->file_error ? " f-file-error" : "");
    if (f->file_error)
        HRAW(b, " aria-invalid=\"true\"");
    HRAW(b, ">");
    form_field_error(b, "file", f->file_error);
    HRAW(b, "</div>\n");

    PlanSummary *plans = NULL;
    int nplans = 0;
    plan_list(req->db, req->arena, who, &plans, &nplans);
    bool new_plan = !f->target || strcmp(f->target, "plan") != 0;
    form_field_start(req, b, "target", M_IMPORT_TARGET, true,
                     f->title_error ? f->title_error : f->plan_error, true);
    HRAW(b, "<div class=\"checks\">");
    if (principal_is_admin(who)) {
        html_printf(b,
                    "<label class=\"check\"><input type=\"radio\" name=\"target\" value=\"new\"%s>"
                    " %s</label>",
                    new_plan ? " checked" : "", msg(L, M_IMPORT_TARGET_NEW));
        form_input(req, b,
                   &(FormField){"title", M_IMPORT_NEW_TITLE, false, -1, f->title, f->title_error,
                                "text", "off"});
    }
    html_printf(b,
                "<label class=\"check\"><input type=\"radio\" name=\"target\" value=\"plan\"%s>"
                " %s</label>",
                !new_plan || !principal_is_admin(who) ? " checked" : "",
                msg(L, M_IMPORT_TARGET_PLAN));
    html_printf(b, "<label for=\"f-plan_id\">%s</label><select id=\"f-plan_id\" name=\"plan_id\"",
                msg(L, M_IMPORT_PLAN));
    if (f->plan_error)
        HRAW(b, " aria-invalid=\"true\" aria-describedby=\"f-plan_id-error\"");
    HRAW(b, ">");
    for (int i = 0; i < nplans; i++)
        if (principal_runs_plan(who, plans[i].id))
            html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)plans[i].id,
                        f->plan_id && atoll(f->plan_id) == plans[i].id ? " selected" : "",
                        plans[i].title);
    HRAW(b, "</select>");
    form_field_error(b, "plan_id", f->plan_error);
    HRAW(b, "</div></fieldset>\n");

    SavedMapping *maps = NULL;
    int nmaps = 0;
    import_mapping_list(req->db, req->arena, &maps, &nmaps);
    form_field_start(req, b, "mapping_id", M_IMPORT_SAVED_MAPPING, false, NULL, false);
    html_printf(b,
                "<p class=\"help\" id=\"f-mapping_id-help\">%s</p><select id=\"f-mapping_id\""
                " name=\"mapping_id\" aria-describedby=\"f-mapping_id-help\"><option value=\"\">%s"
                "</option>",
                msg(L, M_IMPORT_SAVED_MAPPING_HELP), msg(L, M_IMPORT_MAPPING_SUGGESTED));
    for (int i = 0; i < nmaps; i++)
        html_printf(b, "<option value=\"%lld\"%s>%s</option>", (long long)maps[i].id,
                    f->mapping_id && atoll(f->mapping_id) == maps[i].id ? " selected" : "",
                    maps[i].name);
    HRAW(b, "</select></div>\n");
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button primary\">%s"
                "</button></div></form></div>\n",
                msg(L, M_IMPORT_UPLOAD));
    page_end(req, res);
}

void page_import_new(Request *req, Response *res)
{
    if (!principal_runs_plan(page_user(req), 0)) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    write_upload_form(req, res, &(UploadForm){0});
}

void page_import_create(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    if (!principal_runs_plan(who, 0)) {
        page_error(req, res, 403, M_ERR_FORBIDDEN, NULL);
        return;
    }
    UploadForm f = {.target = req_form(req, "target"),
                    .title = req_form(req, "title"),
                    .plan_id = req_form(req, "plan_id"),
                    .mapping_id = req_form(req, "mapping_id")};
    const UploadFile *file = req_file(req, "file");
    if (!file || !file->len)
        f.file_error = msg(L, M_IMPORT_ERR_NO_FILE);
    else if (file->len > IMPORT_MAX_FILE)
        f.file_error = msg(L, M_IMPORT_ERR_TOO_BIG);
    bool new_plan = f.target && strcmp(f.target, "new") == 0;
    int64_t plan_id = 0;
    if (new_plan) {
        if (!f.title || !*f.title)
            f.title_error = msg(L, M_ERR_REQUIRED);
        else if (utf8_char_count(f.title) > TITLE_MAX_CHARS)
            f.title_error = msg(L, M_IMPORT_ERR_TITLE_LONG);
        if (!import_may(who, 0)) /* only administrators make plans */
            f.plan_error = msg(L, M_IMPORT_ERR_PLAN);
    } else {
        plan_id = f.plan_id ? atoll(f.plan_id) : 0;
        if (plan_id <= 0 || !import_may(who, plan_id))
            f.plan_error = msg(L, M_IMPORT_ERR_PLAN);
    }
    if (f.file_error || f.title_error || f.plan_error) {
        res->status = 400;
        write_upload_form(req, res, &f);
        return;
    }
    const char *mapping = NULL;
    if (f.mapping_id && *f.mapping_id)
        mapping = import_mapping_get(req->db, req->arena, atoll(f.mapping_id));
    int64_t id = 0;
    Err e = import_job_create(req->db, who, file->filename, file->data, file->len, plan_id,
                              new_plan ? f.title : "", mapping, &id);
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    resp_redirect(res, import_url(req, id, ""));
}

/* ---------- Preview and mapping ---------- */

/* The first values under the header in column col, shortened: what a person
 * recognises the column by. */
static const char *samples(Request *req, const TableSheet *s, int header_row, int col)
{
    Buf b = BUF_INIT;
    int found = 0;
    for (int row = header_row + 1; row <= s->nrows && found < 2; row++) {
        const char *t = table_cell(s, row, col);
        if (!t || !*t)
            continue;
        if (found++)
            buf_puts(&b, " / ");
        size_t cut = (size_t)(utf8_skip_chars(t, SAMPLE_CHARS) - t);
        buf_append(&b, t, cut);
        if (t[cut])
            buf_puts(&b, msg(req->lang, M_ELLIPSIS));
    }
    const char *out = arena_strdup(req->arena, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

static const ImportColumn *mapped(const ImportMapping *m, int col)
{
    for (int i = 0; i < m->ncols; i++)
        if (m->cols[i].col == col)
            return &m->cols[i];
    return NULL;
}

static void write_counts(Request *req, Buf *b, const PlanLoadCounts *c)
{
    Lang L = req->lang;
    static const MsgId kinds[PL_KINDS] = {M_IMPORT_KIND_DIRECTIONS, M_IMPORT_KIND_INITIATIVES,
                                          M_IMPORT_KIND_PROJECTS, M_IMPORT_KIND_ANSWERS};
    html_printf(b,
                "<table class=\"data-table import-counts\"><caption>%s</caption><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>",
                msg(L, M_IMPORT_COUNTS), msg(L, M_IMPORT_KIND), msg(L, M_IMPORT_CREATED),
                msg(L, M_IMPORT_UPDATED), msg(L, M_IMPORT_UNCHANGED));
    for (int k = 0; k < PL_KINDS; k++)
        html_printf(b,
                    "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td><td class=\"num\">%d"
                    "</td><td class=\"num\">%d</td></tr>",
                    msg(L, kinds[k]), c->created[k], c->updated[k], c->unchanged[k]);
    HRAW(b, "</tbody></table>\n");
}

static void write_problems(Request *req, Buf *b, const ImportResult *r)
{
    Lang L = req->lang;
    html_printf(b,
                "<div class=\"notice error\" role=\"alert\"><h2>%s</h2><p>%s</p><ul "
                "class=\"problems\">",
                page_fill(req, M_IMPORT_PROBLEMS, arena_printf(req->arena, "%d", r->nproblems)),
                msg(L, M_IMPORT_NOTHING_WRITTEN));
    for (int i = 0; i < r->nproblems && i < 200; i++) {
        char *t = import_problem_text(&r->problems[i], L);
        html_printf(b, "<li>%s</li>", t);
        free(t);
    }
    HRAW(b, "</ul></div>\n");
}

static void write_role_select(Request *req, Buf *b, int col, ImportRole role)
{
    html_printf(b, "<select id=\"role-%d\" name=\"role_%d\">", col, col);
    for (int k = 0; k < IMP_ROLE_COUNT; k++)
        html_printf(b, "<option value=\"%s\"%s>%s</option>", import_role_code((ImportRole)k),
                    (ImportRole)k == role ? " selected" : "",
                    import_role_name((ImportRole)k, req->lang));
    HRAW(b, "</select>");
}

/* The sheet and the row of the headings: chosen by hand when none was
 * found, and changeable with the mapping. */
static void write_header_fields(Request *req, Buf *b, const Table *t, const ImportMapping *m)
{
    Lang L = req->lang;
    html_printf(b,
                "<div class=\"field\"><label for=\"f-sheet\">%s</label>"
                "<select id=\"f-sheet\" name=\"sheet\">",
                msg(L, M_IMPORT_SHEET));
    for (int i = 0; i < t->nsheets; i++)
        html_printf(b, "<option value=\"%d\"%s>%s</option>", i, i == m->sheet ? " selected" : "",
                    t->sheets[i].name ? t->sheets[i].name : "");
    html_printf(b,
                "</select></div><div class=\"field\"><label for=\"f-header_row\">%s</label>"
                "<p class=\"help\" id=\"f-header_row-help\">%s</p><input type=\"number\""
                " id=\"f-header_row\" name=\"header_row\" min=\"1\" value=\"%d\""
                " aria-describedby=\"f-header_row-help\"></div>",
                msg(L, M_IMPORT_HEADER_ROW), msg(L, M_IMPORT_HEADER_ROW_HELP),
                m->header_row > 0 ? m->header_row : 1);
}

static void write_header_form(Request *req, Buf *b, const ImportJob *job, const Table *t,
                              const ImportMapping *m)
{
    html_printf(b, "<h2>%s</h2><form method=\"post\" action=\"%s\" class=\"stack\">",
                msg(req->lang, M_IMPORT_HEADER_ROW), import_url(req, job->id, "/mapping"));
    form_csrf(req, b, page_user(req)->csrf);
    write_header_fields(req, b, t, m);
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form>\n",
                msg(req->lang, M_IMPORT_APPLY_MAPPING));
}

static void write_mapping_form(Request *req, Buf *b, const ImportJob *job, const Table *t,
                               const ImportMapping *m)
{
    Lang L = req->lang;
    const TableSheet *s = &t->sheets[m->sheet];
    char row[16];
    snprintf(row, sizeof(row), "%d", m->header_row);
    const char *args[] = {s->name ? s->name : "", row};
    char *help = msg_fill(L, M_IMPORT_MAPPING_HELP, args, 2);
    html_printf(b, "<h2>%s</h2><p>%s</p><form method=\"post\" action=\"%s\" class=\"stack\">",
                msg(L, M_IMPORT_MAPPING), help, import_url(req, job->id, "/mapping"));
    free(help);
    form_csrf(req, b, page_user(req)->csrf);
    write_header_fields(req, b, t, m);
    html_printf(b,
                "<div class=\"table-scroll\"><table class=\"data-table import-mapping\"><thead><tr>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                "<th scope=\"col\">%s</th></tr></thead><tbody>",
                msg(L, M_IMPORT_COL), msg(L, M_IMPORT_HEADING), msg(L, M_IMPORT_SAMPLES),
                msg(L, M_IMPORT_ROLE), msg(L, M_IMPORT_FIELD_NAME), msg(L, M_IMPORT_FIELD_YEAR),
                msg(L, M_IMPORT_FIELD_END));
    for (int col = 1; col <= s->ncols && col <= IMPORT_MAX_COLUMNS; col++) {
        const char *heading = table_cell(s, m->header_row, col);
        const ImportColumn *c = mapped(m, col);
        if ((!heading || !*heading) && !c)
            continue;
        char name[8];
        table_col_name(col, name);
        html_printf(b,
                    "<tr><th scope=\"row\"><label for=\"role-%d\">%s</label></th><td>%s</td>"
                    "<td class=\"samples\">%s</td><td>",
                    col, name, heading ? heading : "", samples(req, s, m->header_row, col));
        write_role_select(req, b, col, c ? c->role : IMP_IGNORE);
        bool field = c && c->role == IMP_FIELD;
        const char *year = "";
        if (field && c->fiscal_year)
            year = page_fy_name(req, c->fiscal_year);
        html_printf(b,
                    "</td><td><input type=\"text\" name=\"field_%d\" value=\"%s\" aria-label=\"%s"
                    " %s\"></td><td><input type=\"text\" name=\"year_%d\" value=\"%s\" size=\"10\""
                    " placeholder=\"%s\" aria-label=\"%s %s\"></td><td><input type=\"checkbox\""
                    " name=\"end_%d\" value=\"1\"%s aria-label=\"%s %s\"></td></tr>",
                    col, field && c->field ? c->field : "", name, msg(L, M_IMPORT_FIELD_NAME), col,
                    year, msg(L, M_IMPORT_YEAR_OF_ROW), name, msg(L, M_IMPORT_FIELD_YEAR), col,
                    field && c->at_end ? " checked" : "", name, msg(L, M_IMPORT_FIELD_END));
    }
    HRAW(b, "</tbody></table></div>\n");
    form_input(req, b,
               &(FormField){"save_name", M_IMPORT_SAVE_AS, false, M_IMPORT_SAVE_AS_HELP, NULL, NULL,
                            "text", "off"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"button secondary\">%s"
                "</button></div></form>\n",
                msg(L, M_IMPORT_APPLY_MAPPING));
}

void page_import(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    ImportResult r;
    import_result_init(&r);
    ImportJob job;
    Err e = import_job_get(req->db, &r.arena, who, req->ids[0], &job);
    if (e != ERR_OK) {
        import_result_free(&r);
        page_model_error(req, res, e);
        return;
    }
    Table t;
    ImportMapping m = {.sheet = -1};
    bool built = import_job_prepare(&job, &t, &m, &r) == ERR_OK;
    PlanLoadCounts counts = {0};
    int64_t plan_id = 0;
    bool done = strcmp(job.status, "pending") != 0;
    if (built && !done) {
        ImportResult dry;
        import_result_init(&dry);
        Actor by = page_actor(req);
        Err de = import_job_run(req->db, &by, who, job.id, true, &dry, &counts, &plan_id);
        built = de == ERR_OK;
        if (!built && !dry.nproblems) /* refused without a problem of the file's */
            import_add_problem(&r, NULL, 0, 0,
                               de == ERR_FORBIDDEN ? M_IMPORT_ERR_PLAN : M_ERR_BODY_500, 0);
        for (int i = 0; i < dry.nproblems; i++) {
            char *text = import_problem_text(&dry.problems[i], L);
            import_add_problem(&r, NULL, 0, 0, M_IMPORT_PLAIN, 1, arena_strdup(&r.arena, text));
            free(text);
        }
        import_result_free(&dry);
    }
    Buf *b = &res->body;
    const char *title = page_fill(req, M_IMPORT_PREVIEW_TITLE, job.filename);
    page_begin(req, res, title);
    breadcrumb(req, b, title);
    html_printf(b, "<h1>%s</h1>\n", title);
    if (job.plan_id)
        html_printf(b, "<p>%s</p>",
                    page_fill(req, M_IMPORT_INTO_PLAN,
                              arena_printf(req->arena, "%lld", (long long)job.plan_id)));
    else
        html_printf(b, "<p>%s</p>", page_fill(req, M_IMPORT_AS_NEW_PLAN, job.title));
    if (done) {
        html_printf(b, "<p class=\"notice\" role=\"status\">%s <a href=\"%s\">%s</a></p>",
                    msg(L, M_IMPORT_ALREADY_DONE),
                    page_url(req, arena_printf(req->arena, "/plans/%lld/sheet",
                                               (long long)job.result_plan_id)),
                    msg(L, M_IMPORT_SEE_SHEET));
    } else if (r.nproblems) {
        write_problems(req, b, &r);
    } else {
        html_printf(b, "<p>%s</p>", msg(L, M_IMPORT_PREVIEW_HELP));
        write_counts(req, b, &counts);
        html_printf(b, "<form method=\"post\" action=\"%s\">", import_url(req, job.id, "/confirm"));
        form_csrf(req, b, who->csrf);
        html_printf(b,
                    "<p class=\"help\">%s</p><div class=\"actions\"><button type=\"submit\""
                    " class=\"button primary\">%s</button></div></form>\n",
                    msg(L, M_IMPORT_CONFIRM_HELP), msg(L, M_IMPORT_CONFIRM));
    }
    if (!done && m.sheet >= 0 && m.sheet < t.nsheets)
        write_mapping_form(req, b, &job, &t, &m);
    else if (!done && t.nsheets > 0)
        write_header_form(req, b, &job, &t, &m);
    page_end(req, res);
    import_result_free(&r);
}

/* The mapping the form describes, over the columns of the header row. */
static ImportMapping mapping_from_form(Request *req, const Table *t, const ImportMapping *was)
{
    const TableSheet *s = &t->sheets[was->sheet];
    ImportMapping m = {.sheet = was->sheet, .header_row = was->header_row};
    int n = s->ncols < IMPORT_MAX_COLUMNS ? s->ncols : IMPORT_MAX_COLUMNS;
    m.cols = arena_alloc(req->arena, sizeof(ImportColumn) * (size_t)(n + 1));
    for (int col = 1; col <= n; col++) {
        int role = import_role_from_code(req_form(req, arena_printf(req->arena, "role_%d", col)));
        if (role <= IMP_IGNORE)
            continue;
        /* The heading's first line: our own exports add the checkpoint under it. */
        const char *heading = table_cell(s, m.header_row, col);
        heading = heading ? arena_strndup(req->arena, heading, strcspn(heading, "\r\n")) : "";
        ImportColumn *c = &m.cols[m.ncols++];
        *c = (ImportColumn){.col = col, .role = (ImportRole)role, .heading = heading};
        if (role != IMP_FIELD)
            continue;
        const char *field = req_form(req, arena_printf(req->arena, "field_%d", col));
        const char *year = req_form(req, arena_printf(req->arena, "year_%d", col));
        c->field = field && *field ? field : c->heading;
        int fy;
        if (year && *year && era_parse_fiscal_year(year, &fy) == 0)
            c->fiscal_year = fy;
        c->at_end = req_form(req, arena_printf(req->arena, "end_%d", col)) != NULL;
    }
    return m;
}

void page_import_mapping(Request *req, Response *res)
{
    const Principal *who = page_user(req);
    ImportResult r;
    import_result_init(&r);
    ImportJob job;
    Err e = import_job_get(req->db, &r.arena, who, req->ids[0], &job);
    Table t;
    ImportMapping was = {.sheet = -1};
    if (e == ERR_OK && strcmp(job.status, "pending") != 0)
        e = ERR_CONFLICT;
    if (e == ERR_OK) {
        import_job_prepare(&job, &t, &was, &r);
        if (t.nsheets == 0)
            e = ERR_INVALID; /* not a readable file: nothing to map */
    }
    if (e != ERR_OK) {
        import_result_free(&r);
        if (e == ERR_INVALID || e == ERR_CONFLICT)
            resp_redirect(res, import_url(req, req->ids[0], ""));
        else
            page_model_error(req, res, e);
        return;
    }
    /* A header row chosen (or changed): its headings are read again. */
    int sheet = (int)atol(req_form(req, "sheet") ? req_form(req, "sheet") : "-1");
    int row = (int)atol(req_form(req, "header_row") ? req_form(req, "header_row") : "0");
    ImportMapping m;
    if (sheet >= 0 && sheet < t.nsheets && row >= 1 && row <= t.sheets[sheet].nrows &&
        (sheet != was.sheet || row != was.header_row))
        import_mapping_suggest_at(&t, sheet, row, &m, &r);
    else if (was.sheet >= 0 && was.sheet < t.nsheets)
        m = mapping_from_form(req, &t, &was);
    else {
        import_result_free(&r); /* no header row yet, and none given */
        resp_redirect(res, import_url(req, req->ids[0], ""));
        return;
    }
    char *json = import_mapping_to_json(&t, &m);
    e = import_job_set_mapping(req->db, who, job.id, json);
    const char *name = req_form(req, "save_name");
    if (e == ERR_OK && name && *name && utf8_char_count(name) <= MAPPING_NAME_MAX_CHARS) {
        Actor by = page_actor(req);
        e = import_mapping_save(req->db, &by, who, name, json);
    }
    free(json);
    import_result_free(&r);
    if (e == ERR_CONFLICT) {
        page_error(req, res, 409, M_IMPORT_ERR_NAME_TAKEN, NULL);
        return;
    }
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    resp_redirect(res, import_url(req, req->ids[0], ""));
}

void page_import_confirm(Request *req, Response *res)
{
    Lang L = req->lang;
    const Principal *who = page_user(req);
    Actor by = page_actor(req);
    ImportResult r;
    import_result_init(&r);
    PlanLoadCounts counts = {0};
    int64_t plan_id = 0;
    Err e = import_job_run(req->db, &by, who, req->ids[0], false, &r, &counts, &plan_id);
    import_result_free(&r);
    if (e == ERR_INVALID || e == ERR_CONFLICT) {
        resp_redirect(res, import_url(req, req->ids[0], ""));
        return;
    }
    if (e != ERR_OK) {
        page_model_error(req, res, e);
        return;
    }
    Buf *b = &res->body;
    page_begin(req, res, msg(L, M_IMPORT_DONE));
    breadcrumb(req, b, msg(L, M_IMPORT_DONE));
    html_printf(b, "<h1>%s</h1><p class=\"notice success\" role=\"status\">%s</p>",
                msg(L, M_IMPORT_DONE), msg(L, M_IMPORT_DONE_HELP));
    write_counts(req, b, &counts);
    html_printf(b, "<p><a class=\"button primary\" href=\"%s\">%s</a></p>",
                page_url(req, arena_printf(req->arena, "/plans/%lld/sheet", (long long)plan_id)),
                msg(L, M_IMPORT_SEE_SHEET));
    page_end(req, res);
}
