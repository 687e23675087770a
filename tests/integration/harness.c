/* harness.c - the real server for the integration suites: started once
 * per test executable on an ephemeral loopback port, asked over real HTTP
 * (libcurl), and stopped by the last test, which checks its exit and its
 * access log.  See harness.h. */
#include <check.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "harness.h"

#define START_SECONDS 30 /* valgrind starts slowly */

static pid_t server_pid;
unsigned port;
static char log_path[] = "/tmp/check_integration_XXXXXX";
static CURL *curl; /* one handle: connections are reused (keep-alive) */
size_t requests_sent;

/* The reference answer, exactly as the example shapes it. */
const char reference[] =
    "{\"models\":["
    "{\"name\":\"simple_linear\",\"parameters\":3,\"formatted\":\"3\","
    "\"ratio_to_smallest\":1,\"ratio_to_smallest_formatted\":\"1.0x\"},"
    "{\"name\":\"small_neural_net\",\"parameters\":101770,"
    "\"formatted\":\"101.8K\",\"ratio_to_smallest\":33923.333333333336,"
    "\"ratio_to_smallest_formatted\":\"33,923x\"},"
    "{\"name\":\"medium_cnn\",\"parameters\":1000000,\"formatted\":\"1.0M\","
    "\"ratio_to_smallest\":333333.3333333333,"
    "\"ratio_to_smallest_formatted\":\"333,333x\"},"
    "{\"name\":\"large_vision_model\",\"parameters\":86000000,"
    "\"formatted\":\"86.0M\",\"ratio_to_smallest\":28666666.666666668,"
    "\"ratio_to_smallest_formatted\":\"28,666,667x\"},"
    "{\"name\":\"medium_language_model\",\"parameters\":6000000000,"
    "\"formatted\":\"6.0B\",\"ratio_to_smallest\":2000000000,"
    "\"ratio_to_smallest_formatted\":\"2,000,000,000x\"},"
    "{\"name\":\"large_language_model\",\"parameters\":175000000000,"
    "\"formatted\":\"175.0B\",\"ratio_to_smallest\":58333333333.333336,"
    "\"ratio_to_smallest_formatted\":\"58,333,333,333x\"},"
    "{\"name\":\"massive_multimodal_model\",\"parameters\":685000000000,"
    "\"formatted\":\"685.0B\",\"ratio_to_smallest\":228333333333.33334,"
    "\"ratio_to_smallest_formatted\":\"228,333,333,333x\"}],"
    "\"count\":7,"
    "\"largest\":{\"name\":\"massive_multimodal_model\","
    "\"parameters\":685000000000,\"formatted\":\"685.0B\"},"
    "\"smallest\":{\"name\":\"simple_linear\",\"parameters\":3,"
    "\"formatted\":\"3\"},"
    "\"scale_difference\":228333333333.33334,"
    "\"scale_difference_formatted\":\"228,333,333,333x\","
    "\"orders_of_magnitude\":11.36,"
    "\"summary\":\"Largest model is 228,333,333,333x bigger than "
    "smallest\"}";

static size_t collect(char *p, size_t size, size_t n, void *cls)
{
    struct buf *b = cls;
    char *grown = realloc(b->data, b->len + size * n + 1);

    ck_assert_ptr_nonnull(grown);
    memcpy(grown + b->len, p, size * n);
    b->data = grown;
    b->len += size * n;
    b->data[b->len] = '\0';
    return size * n;
}

struct upload {
    const char *data;
    size_t left;
};

static size_t feed(char *p, size_t size, size_t n, void *cls)
{
    struct upload *u = cls;
    size_t k = size * n < u->left ? size * n : u->left;

    memcpy(p, u->data, k);
    u->data += k;
    u->left -= k;
    return k;
}

void reply_free(struct reply *r)
{
    free(r->body.data);
    free(r->headers.data);
    memset(r, 0, sizeof(*r));
}

/* The value of header name in r ("" if absent), case-insensitively. */
const char *header(const struct reply *r, const char *name, char *out,
                   size_t len)
{
    size_t n = strlen(name);

    out[0] = '\0';
    for (const char *p = r->headers.data; p != NULL && *p != '\0';) {
        const char *eol = strstr(p, "\r\n");

        if (eol == NULL)
            break;
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;

            while (*v == ' ')
                v++;
            snprintf(out, len, "%.*s", (int)(eol - v), v);
            break;
        }
        p = eol + 2;
    }
    return out;
}

/* Sends one request.  type NULL sends no Content-Type; chunked sends
 * the body without a Content-Length. */
struct reply http(const char *method, const char *path, const char *type,
                  const char *body, size_t len, int chunked)
{
    struct reply r;
    struct curl_slist *hdrs = NULL;
    struct upload up = {body, len};
    char url[8300], line[256];
    CURLcode rc;

    memset(&r, 0, sizeof(r));
    curl_easy_reset(curl);
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
    hdrs = curl_slist_append(hdrs, "Expect:");
    hdrs = curl_slist_append(hdrs, "Content-Type:"); /* none unless set */
    if (type != NULL) {
        snprintf(line, sizeof(line), "Content-Type: %s", type);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (chunked) {
        hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, feed);
        curl_easy_setopt(curl, CURLOPT_READDATA, &up);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    } else {
        if (body != NULL) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                             (curl_off_t)len);
        }
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    rc = curl_easy_perform(curl);
    requests_sent++;
    curl_slist_free_all(hdrs);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path,
                  curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &r.new_connections);
    return r;
}

struct reply get(const char *path)
{
    return http("GET", path, NULL, NULL, 0, 0);
}

struct reply post(const char *body)
{
    return http("POST", "/compare", "application/json", body, strlen(body),
                0);
}

/* Starts the server once for the whole suite and learns its port from
 * its first line of output. */
void start_server(void)
{
    const char *wrapper = getenv("MODELSCALE_WRAPPER");
    char line[256] = {0};
    struct timespec pause = {0, 20 * 1000 * 1000};
    int fd;

    if (server_pid != 0)
        return;
    fd = mkstemp(log_path);
    ck_assert_int_ge(fd, 0);
    server_pid = fork();
    ck_assert_int_ge(server_pid, 0);
    if (server_pid == 0) {
        char *env[] = {"PATH=/usr/bin:/bin", NULL};
        char cmd[1024];

        /* If this test process dies, the server goes with it. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fd, STDOUT_FILENO);
        snprintf(cmd, sizeof(cmd),
                 "exec %s '%s' --bind 127.0.0.1 --port 0 --threads 2",
                 wrapper != NULL ? wrapper : "", MODELSCALE_BIN);
        execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, env);
        _exit(127);
    }
    for (int i = 0; i < START_SECONDS * 50 && port == 0; i++) {
        FILE *f = fopen(log_path, "r");

        if (f != NULL && fgets(line, sizeof(line), f) != NULL) {
            const char *at = strstr(line, "listening on http://127.0.0.1:");

            if (at != NULL && strchr(line, '\n') != NULL)
                port = (unsigned)atoi(at + strlen("listening on "
                                                  "http://127.0.0.1:"));
        }
        if (f != NULL)
            fclose(f);
        if (port == 0)
            nanosleep(&pause, NULL);
    }
    close(fd);
    ck_assert_msg(port != 0, "the server did not start: \"%s\"", line);
    curl = curl_easy_init();
}

void check_problem(const struct reply *r, long status, const char *pointer,
                   const char *detail)
{
    char type[128];
    cJSON *doc = cJSON_Parse(r->body.data);
    const char *d;

    ck_assert_int_eq(r->status, status);
    ck_assert_str_eq(header(r, "Content-Type", type, sizeof(type)),
                     "application/problem+json");
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "type")),
                     "about:blank");
    ck_assert_ptr_nonnull(
        cJSON_GetStringValue(cJSON_GetObjectItem(doc, "title")));
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "status")->valueint, status);
    d = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "detail"));
    ck_assert_msg(d != NULL && strstr(d, detail) != NULL,
                  "detail \"%s\" lacks \"%s\"", d ? d : "(none)", detail);
    if (pointer == NULL)
        ck_assert_ptr_null(cJSON_GetObjectItem(doc, "pointer"));
    else
        ck_assert_str_eq(
            cJSON_GetStringValue(cJSON_GetObjectItem(doc, "pointer")),
            pointer);
    cJSON_Delete(doc);
}

/* What a client that made a mistake must still get right after. */
void check_still_right(void)
{
    struct reply r = get("/compare");

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
}

/* The JSON answer of a GET or POST that must succeed. */
cJSON *json_ok(const char *method, const char *path, const char *body)
{
    struct reply r = http(method, path, body ? "application/json" : NULL,
                          body, body ? strlen(body) : 0, 0);
    cJSON *doc;

    ck_assert_msg(r.status == 200, "%s %s: %ld %s", method, path, r.status,
                  r.body.data ? r.body.data : "");
    doc = cJSON_Parse(r.body.data);
    ck_assert_ptr_nonnull(doc);
    reply_free(&r);
    return doc;
}

/* doc's value at the path of object keys and array indexes ("0", "1")
 * separated by '/', e.g. "models/0/memory". */
cJSON *at(const cJSON *doc, const char *path)
{
    char part[64];
    const cJSON *node = doc;

    for (const char *p = path; node != NULL && *p != '\0';) {
        size_t n = strcspn(p, "/");

        snprintf(part, sizeof(part), "%.*s", (int)n, p);
        node = cJSON_IsArray(node)
                   ? cJSON_GetArrayItem(node, atoi(part))
                   : cJSON_GetObjectItemCaseSensitive(node, part);
        p += n + (p[n] == '/');
    }
    ck_assert_msg(node != NULL, "no %s in the answer", path);
    return (cJSON *)node;
}

double number_at(const cJSON *doc, const char *path)
{
    const cJSON *v = at(doc, path);

    ck_assert_msg(cJSON_IsNumber(v), "%s is not a number", path);
    return v->valuedouble;
}

const char *text_at(const cJSON *doc, const char *path)
{
    const char *v = cJSON_GetStringValue(at(doc, path));

    ck_assert_msg(v != NULL, "%s is not a string", path);
    return v;
}

/* The model named name in the array models, or NULL. */
const cJSON *named(const cJSON *models, const char *name)
{
    const cJSON *m;

    cJSON_ArrayForEach(m, models)
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(m, "name")),
                   name) == 0)
            return m;
    }
    return NULL;
}

/* The whole file at path, NUL-terminated; the caller frees it. */
char *file_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

cJSON *file_json(const char *path)
{
    char *text = file_text(path);
    cJSON *doc = cJSON_Parse(text);

    free(text);
    ck_assert_msg(doc != NULL, "%s is not JSON", path);
    return doc;
}

/* Runs the binary with args in an empty environment; returns its exit
 * status and what it wrote (stdout and stderr together). */
int run(char *const args[], char *out, size_t len)
{
    int fds[2];
    pid_t pid;
    int status;
    size_t got = 0;
    ssize_t n;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    if (pid == 0) {
        char *env[] = {NULL};

        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        execve(MODELSCALE_BIN, args, env);
        _exit(127);
    }
    close(fds[1]);
    while (got + 1 < len) {
        n = read(fds[0], out + got, len - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    out[got] = '\0';
    close(fds[0]);
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Last: SIGTERM, and the server must exit 0 in time, having logged one
 * line per request. */
START_TEST(stops_cleanly)
{
    struct timespec t0, t1, pause = {0, 10 * 1000 * 1000};
    int status = 0;
    pid_t done = 0;
    double took;
    FILE *f;
    char line[512], method[16], path[256];
    unsigned code;
    size_t bytes, lines = 0;
    long micros;

    start_server();
    curl_easy_cleanup(curl);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kill(server_pid, SIGTERM);
    for (int i = 0; i < START_SECONDS * 100 && done == 0; i++) {
        done = waitpid(server_pid, &status, WNOHANG);
        if (done == 0)
            nanosleep(&pause, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    took = (double)(t1.tv_sec - t0.tv_sec) +
           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_int_eq(done, server_pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the server ended with status %d", status);
    if (getenv("MODELSCALE_WRAPPER") == NULL)
        ck_assert_msg(took < 2.0, "the server took %.2f s to stop", took);

    f = fopen(log_path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(line, sizeof(line), f)); /* listening */
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "==", 2) == 0)
            continue; /* valgrind's own lines */
        ck_assert_msg(sscanf(line, "%*s %15s %255s %u %zu %ld", method,
                             path, &code, &bytes, &micros) == 5,
                      "access log line \"%s\"", line);
        ck_assert_int_ge(code, 200);
        ck_assert_int_ge(micros, 0);
        lines++;
    }
    fclose(f);
    ck_assert_uint_eq(lines, requests_sent);
    unlink(log_path);
}
END_TEST

void harness_add_stop(Suite *s)
{
    TCase *tc = tcase_create("stop");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, stops_cleanly);
    suite_add_tcase(s, tc);
}
