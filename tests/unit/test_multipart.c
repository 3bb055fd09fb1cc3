/* multipart/form-data bodies as browsers send them, and the malformed ones a
 * parser must refuse: fields, files (with NUL bytes and CRLFs inside), a
 * Japanese file name, a path in the name, and broken delimiters. */
#include <stdlib.h>
#include "base/arena.h"
#include "http/request.h"
#include "testlib.h"

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryx7"

static Arena arena;

static bool parse(Request *req, const char *ct, const char *body, size_t len)
{
    memset(req, 0, sizeof(*req));
    req->arena = &arena;
    req->content_type = ct;
    req->body = body;
    req->body_len = len;
    return req_parse_multipart(req);
}

static void test_fields_and_a_file(void)
{
    static const char body[] = "------WebKitFormBoundaryx7\r\n"
                               "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                               "abc\r\n"
                               "------WebKitFormBoundaryx7\r\n"
                               "Content-Disposition: form-data; name=\"file\"; "
                               "filename=\"回答 \\\"案\\\".xlsx\"\r\n"
                               "Content-Type: application/vnd.openxmlformats\r\n\r\n"
                               "PK\0\3\r\n--not the boundary\r\n"
                               "\r\n------WebKitFormBoundaryx7\r\n"
                               "Content-Disposition: form-data; name=\"submit\"\r\n\r\n"
                               "下書き\r\n"
                               "------WebKitFormBoundaryx7--\r\n";
    Request req;
    CHECK(parse(&req, CT, body, sizeof(body) - 1));
    CHECK_INT(req.nform, 2);
    CHECK_STR(req_form(&req, "csrf"), "abc");
    CHECK_STR(req_form(&req, "submit"), "下書き");
    const UploadFile *f = req_file(&req, "file");
    CHECK(f != NULL);
    if (f) {
        CHECK_STR(f->filename, "回答 \"案\".xlsx");
        CHECK_STR(f->content_type, "application/vnd.openxmlformats");
        CHECK_INT(f->len, 26);
        CHECK(memcmp(f->data, "PK\0\3\r\n--not the boundary\r\n", 26) == 0);
    }
    CHECK(req_file(&req, "other") == NULL);
}

static void test_quoted_boundary_and_path_in_file_name(void)
{
    static const char body[] = "--a b\r\n"
                               "Content-Disposition: form-data; name=\"f\"; "
                               "filename=\"C:\\\\Users\\\\x\\\\y.csv\"\r\n\r\n"
                               "1,2\r\n"
                               "--a b--";
    Request req;
    CHECK(parse(&req, "multipart/form-data; boundary=\"a b\"", body, sizeof(body) - 1));
    CHECK_INT(req.nfiles, 1);
    CHECK_STR(req.files[0].filename, "y.csv");
    CHECK_STR(req.files[0].data, "1,2");
}

static void test_an_empty_file_input(void)
{
    static const char body[] = "--b\r\n"
                               "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                               "Content-Type: application/octet-stream\r\n\r\n"
                               "\r\n--b--\r\n";
    Request req;
    CHECK(parse(&req, "multipart/form-data; boundary=b", body, sizeof(body) - 1));
    CHECK_INT(req.nfiles, 1);
    CHECK_STR(req.files[0].filename, "");
    CHECK_INT(req.files[0].len, 0);
}

static void test_malformed_bodies_are_refused(void)
{
    static const struct {
        const char *ct, *body;
    } bad[] = {
        {"multipart/form-data", "--b\r\n"},                         /* no boundary */
        {"application/x-www-form-urlencoded; boundary=b", "--b--"}, /* not multipart */
        {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; "
                                            "name=\"x\"\r\n\r\nno end"},
        {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: attachment; "
                                            "name=\"x\"\r\n\r\nv\r\n--b--"},
        {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data\r\n\r\n"
                                            "v\r\n--b--"}, /* no name */
        {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; "
                                            "name=\"x\"\r\n\r\n\xff\r\n--b--"}, /* bad UTF-8 */
        {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; "
                                            "name=\"x\r\n\r\nv\r\n--b--"}, /* open quote */
        {"multipart/form-data; boundary=b", "--b\r\nno blank line"},
        {"multipart/form-data; boundary=b", "garbage"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        Request req;
        bool ok = parse(&req, bad[i].ct, bad[i].body, strlen(bad[i].body));
        if (ok)
            fprintf(stderr, "  accepted case %zu\n", i);
        CHECK(!ok);
    }
}

static void test_too_many_files(void)
{
    char body[16384]; /* HTTP_MAX_FILES + 1 parts of about 80 bytes */
    size_t n = 0;
    for (int i = 0; i <= HTTP_MAX_FILES; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n,
                              "--b\r\nContent-Disposition: form-data; name=\"f%d\"; "
                              "filename=\"%d.csv\"\r\n\r\nx\r\n",
                              i, i);
    n += (size_t)snprintf(body + n, sizeof(body) - n, "--b--");
    Request req;
    CHECK(!parse(&req, "multipart/form-data; boundary=b", body, n));
}

static void test_body_limits_by_type(void)
{
    const char *mp = "Multipart/Form-Data; boundary=x";
    CHECK_INT(http_body_limit(NULL, "/imports", true), HTTP_MAX_BODY);
    CHECK_INT(http_body_limit("application/x-www-form-urlencoded", "/imports", true),
              HTTP_MAX_BODY);
    CHECK_INT(http_body_limit(mp, "/imports", true), HTTP_MAX_UPLOAD);
    CHECK_INT(http_body_limit(mp, "/rounds/12/upload", true), HTTP_MAX_UPLOAD);
    /* Files only where files are taken, and only from someone signed in. */
    CHECK_INT(http_body_limit(mp, "/imports", false), HTTP_MAX_BODY);
    CHECK_INT(http_body_limit(mp, "/login", true), HTTP_MAX_BODY);
    CHECK_INT(http_body_limit(mp, "/rounds//upload", true), HTTP_MAX_BODY);
    CHECK_INT(http_body_limit(mp, "/rounds/1/upload/x", true), HTTP_MAX_BODY);
    CHECK_INT(http_body_limit(mp, NULL, true), HTTP_MAX_BODY);
}

int main(void)
{
    arena_init(&arena);
    TEST_RUN(test_fields_and_a_file);
    TEST_RUN(test_quoted_boundary_and_path_in_file_name);
    TEST_RUN(test_an_empty_file_input);
    TEST_RUN(test_malformed_bodies_are_refused);
    TEST_RUN(test_too_many_files);
    TEST_RUN(test_body_limits_by_type);
    arena_free(&arena);
    return TEST_DONE("multipart");
}
