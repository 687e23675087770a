/* check_integration.c - the real server, started on an ephemeral
 * loopback port, answering real HTTP requests (libcurl): every endpoint
 * and every error status, then a graceful stop.
 *
 * Runs without forking (CK_FORK=no, set by CMake) so that the last test
 * can wait for the server it started.  MODELSCALE_WRAPPER, when set, is
 * a command the server is run under (e.g. valgrind). */
#include <check.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
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

#include "suites.h"

#define START_SECONDS 30 /* valgrind starts slowly */

static pid_t server_pid;
static unsigned port;
static char log_path[] = "/tmp/check_integration_XXXXXX";
static CURL *curl; /* one handle: connections are reused (keep-alive) */
static size_t requests_sent;

/* The reference answer, exactly as the example shapes it. */
static const char reference[] =
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

struct buf {
    char *data;
    size_t len;
};

struct reply {
    long status;
    struct buf body;
    struct buf headers;
    long new_connections;
};

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

static void reply_free(struct reply *r)
{
    free(r->body.data);
    free(r->headers.data);
    memset(r, 0, sizeof(*r));
}

/* The value of header name in r ("" if absent), case-insensitively. */
static const char *header(const struct reply *r, const char *name,
                          char *out, size_t len)
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
static struct reply http(const char *method, const char *path,
                         const char *type, const char *body, size_t len,
                         int chunked)
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

static struct reply get(const char *path)
{
    return http("GET", path, NULL, NULL, 0, 0);
}

static struct reply post(const char *body)
{
    return http("POST", "/compare", "application/json", body, strlen(body),
                0);
}

/* Starts the server once for the whole suite and learns its port from
 * its first line of output. */
static void start_server(void)
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

static void check_problem(const struct reply *r, long status,
                          const char *pointer, const char *detail)
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
static void check_still_right(void)
{
    struct reply r = get("/compare");

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
}

START_TEST(compare_reference)
{
    struct reply r;
    char type[128], nosniff[64];

    start_server();
    r = get("/compare");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "Content-Type", type, sizeof(type)),
                     "application/json");
    ck_assert_str_eq(header(&r, "X-Content-Type-Options", nosniff,
                            sizeof(nosniff)),
                     "nosniff");
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
}
END_TEST

START_TEST(fixed_equals_plain)
{
    /* Without a query these answers are built once at start; a query
     * that changes nothing takes the plain path: the bytes must match. */
    static const char *pairs[][2] = {{"/compare", "/compare?sort=input"},
                                     {"/models", "/models?catalog=default"}};
    char type_a[128], type_b[128];

    start_server();
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        struct reply a = get(pairs[i][0]), b = get(pairs[i][1]);

        ck_assert_int_eq(a.status, 200);
        ck_assert_int_eq(b.status, 200);
        ck_assert_str_eq(a.body.data, b.body.data);
        ck_assert_str_eq(header(&a, "Content-Type", type_a, sizeof(type_a)),
                         header(&b, "Content-Type", type_b, sizeof(type_b)));
        ck_assert_str_eq(header(&a, "X-Content-Type-Options", type_a,
                                sizeof(type_a)),
                         "nosniff");
        reply_free(&a);
        reply_free(&b);
    }
    /* A route without fields refuses a query rather than ignore it. */
    {
        struct reply c = get("/healthz?x");

        ck_assert_int_eq(c.status, 400);
        reply_free(&c);
    }
}
END_TEST

START_TEST(cached_equals_plain)
{
    /* A query's first answer takes the plain path and is then kept; the
     * kept answers must be byte for byte the plain ones, each under its
     * own URL only (these differ by one character, or by order). */
    static const char *paths[] = {
        "/compare?precision=0",
        "/compare?precision=2",
        "/compare?precision=3",
        "/compare?sort=desc",
        "/compare?models=medium_cnn,simple_linear",
        "/compare?models=simple_linear,medium_cnn",
        "/compare?models=simple_linear,medium_cnn&baseline=medium_cnn",
        "/compare?baseline=medium_cnn&models=simple_linear,medium_cnn",
    };
    enum { N = sizeof(paths) / sizeof(paths[0]) };
    struct reply first[N];
    char type_a[128], type_b[128];

    start_server();
    for (size_t i = 0; i < N; i++) {
        first[i] = get(paths[i]);
        ck_assert_int_eq(first[i].status, 200);
        for (size_t j = 0; j < i; j++)
            if (i != 7 || j != 6) /* the same question, in another order */
                ck_assert_str_ne(first[i].body.data, first[j].body.data);
    }
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < N; i++) {
            struct reply again = get(paths[i]);

            ck_assert_int_eq(again.status, 200);
            ck_assert_str_eq(again.body.data, first[i].body.data);
            ck_assert_str_eq(
                header(&again, "Content-Type", type_a, sizeof(type_a)),
                header(&first[i], "Content-Type", type_b, sizeof(type_b)));
            reply_free(&again);
        }
    }
    for (size_t i = 0; i < N; i++)
        reply_free(&first[i]);
}
END_TEST

START_TEST(keep_alive)
{
    struct reply a, b;

    start_server();
    a = get("/compare");
    b = get("/healthz");
    ck_assert_int_eq(b.status, 200);
    ck_assert_int_eq(b.new_connections, 0); /* the first one was reused */
    reply_free(&a);
    reply_free(&b);
}
END_TEST

START_TEST(compare_query)
{
    struct reply r;
    cJSON *doc, *models;

    start_server();
    r = get("/compare?models=medium_cnn,simple_linear,large_vision_model"
            "&sort=asc&precision=3&baseline=medium_cnn");
    ck_assert_int_eq(r.status, 200);
    doc = cJSON_Parse(r.body.data);
    models = cJSON_GetObjectItem(doc, "models");
    ck_assert_int_eq(cJSON_GetArraySize(models), 3);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(models, 0), "name")),
                     "simple_linear");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(models, 2), "formatted")),
                     "86.000M");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(models, 0),
                         "ratio_to_baseline_formatted")),
                     "0.0000030x");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(doc,
                                                              "summary")),
                     "Largest model is 28,666,667x bigger than smallest");
    cJSON_Delete(doc);
    reply_free(&r);
}
END_TEST

START_TEST(compare_post_shapes)
{
    const char *object = "{\"models\": {\"simple_linear\": 3, "
                         "\"small_neural_net\": \"101,770\", \"medium_cnn\": "
                         "\"1M\", \"large_vision_model\": \"86M\", "
                         "\"medium_language_model\": 6e9, "
                         "\"large_language_model\": \"175B\", "
                         "\"massive_multimodal_model\": \"685_000_000_000\"}}";
    const char *array = "{\"models\": [{\"name\": \"simple_linear\", "
                        "\"parameters\": 3}, {\"name\": \"small_neural_net\","
                        " \"parameters\": 101770}, {\"name\": \"medium_cnn\","
                        " \"parameters\": 1000000}, {\"name\": "
                        "\"large_vision_model\", \"parameters\": 86000000}, "
                        "{\"name\": \"medium_language_model\", "
                        "\"parameters\": \"6.0B\"}, {\"name\": "
                        "\"large_language_model\", \"parameters\": "
                        "175000000000}, {\"name\": "
                        "\"massive_multimodal_model\", \"parameters\": "
                        "\"0.685T\"}]}";
    struct reply r;

    start_server();
    /* The reference's own catalog, posted in either shape, gets the same
     * answer as GET /compare. */
    r = post(object);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
    r = post(array);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
    r = http("POST", "/compare", "Application/JSON; charset=utf-8", array,
             strlen(array), 1);
    ck_assert_int_eq(r.status, 200); /* chunked, parameters in the type */
    ck_assert_str_eq(r.body.data, reference);
    reply_free(&r);
}
END_TEST

START_TEST(models_health_head_options)
{
    struct reply r;
    cJSON *doc;
    char allow[128], length[32];

    start_server();
    r = get("/models");
    ck_assert_int_eq(r.status, 200);
    doc = cJSON_Parse(r.body.data);
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "count")->valueint, 7);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         cJSON_GetArrayItem(cJSON_GetObjectItem(doc,
                                                                "models"),
                                            4),
                         "formatted")),
                     "6.0B");
    cJSON_Delete(doc);
    reply_free(&r);

    r = get("/healthz");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, "{\"status\":\"ok\"}");
    reply_free(&r);

    r = get("/readyz");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body.data, "{\"status\":\"ready\"}");
    reply_free(&r);

    r = http("HEAD", "/compare", NULL, NULL, 0, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(r.body.data);
    ck_assert_int_eq(atoi(header(&r, "Content-Length", length,
                                 sizeof(length))),
                     (int)strlen(reference));
    reply_free(&r);

    r = http("OPTIONS", "/compare", NULL, NULL, 0, 0);
    ck_assert_int_eq(r.status, 204);
    ck_assert_str_eq(header(&r, "Allow", allow, sizeof(allow)),
                     "GET, HEAD, POST, OPTIONS");
    reply_free(&r);
}
END_TEST

/* The JSON answer of a GET or POST that must succeed. */
static cJSON *json_ok(const char *method, const char *path,
                      const char *body)
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
static cJSON *at(const cJSON *doc, const char *path)
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

static double number_at(const cJSON *doc, const char *path)
{
    const cJSON *v = at(doc, path);

    ck_assert_msg(cJSON_IsNumber(v), "%s is not a number", path);
    return v->valuedouble;
}

static const char *text_at(const cJSON *doc, const char *path)
{
    const char *v = cJSON_GetStringValue(at(doc, path));

    ck_assert_msg(v != NULL, "%s is not a string", path);
    return v;
}

/* The model named name in the array models, or NULL. */
static const cJSON *named(const cJSON *models, const char *name)
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

START_TEST(catalogs_listed)
{
    cJSON *doc, *models;
    const cJSON *m;

    start_server();
    doc = json_ok("GET", "/catalogs", NULL);
    ck_assert_int_eq(number_at(doc, "count"), 2);
    ck_assert_str_eq(text_at(doc, "catalogs/0/name"), "default");
    ck_assert(cJSON_IsTrue(at(doc, "catalogs/0/default")));
    ck_assert_str_eq(text_at(doc, "catalogs/1/name"), "reference");
    ck_assert_int_ge(number_at(doc, "catalogs/1/count"), 15);
    cJSON_Delete(doc);

    doc = json_ok("GET", "/models?catalog=reference", NULL);
    models = at(doc, "models");
    ck_assert_str_eq(text_at(doc, "catalog"), "reference");
    ck_assert_int_eq(number_at(doc, "count"), cJSON_GetArraySize(models));
    cJSON_ArrayForEach(m, models)
    {
        const char *kind = text_at(m, "kind");

        ck_assert(strcmp(kind, "dense") == 0 || strcmp(kind, "moe") == 0);
        ck_assert_int_eq(strcmp(kind, "moe") == 0,
                         cJSON_HasObjectItem(m, "active_parameters"));
        ck_assert_int_ge(number_at(m, "year"), 1950);
        ck_assert_int_eq(strncmp(text_at(m, "source"), "https://", 8), 0);
    }
    m = named(models, "mnist-mlp");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(text_at(m, "formatted"), "101.8K");
    m = named(models, "deepseek-v3");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "parameters"), 671026404352.0);
    ck_assert_str_eq(text_at(m, "formatted"), "671.0B");
    ck_assert_str_eq(text_at(m, "active_formatted"), "37.6B");
    ck_assert(cJSON_IsTrue(at(m, "exact")));
    ck_assert_double_eq(number_at(m, "published"), 671e9);
    m = named(models, "gpt-3");
    ck_assert_ptr_nonnull(m);
    ck_assert(cJSON_IsFalse(at(m, "exact")));
    ck_assert_double_eq(number_at(m, "parameters"), 175e9);
    cJSON_Delete(doc);
}
END_TEST

START_TEST(compare_with_estimates)
{
    cJSON *doc;
    const cJSON *m;

    start_server();
    /* 6B parameters: 12 GB of bf16 weights, 12e9 / 2^30 = 11.18 GiB;
     * 6 x 6e9 x 300e9 = 1.08e22 FLOP over 300B tokens. */
    doc = json_ok("GET",
                  "/compare?models=simple_linear,medium_language_model"
                  "&include=memory,compute&tokens=300B",
                  NULL);
    m = at(doc, "models/1");
    ck_assert_str_eq(text_at(m, "name"), "medium_language_model");
    ck_assert_double_eq(number_at(m, "memory/weights/bf16/bytes"), 12e9);
    ck_assert_str_eq(text_at(m, "memory/weights/bf16/decimal"), "12.0 GB");
    ck_assert_str_eq(text_at(m, "memory/weights/bf16/binary"), "11.2 GiB");
    ck_assert_double_eq(number_at(m, "memory/training/total/bytes"), 96e9);
    ck_assert_double_eq(number_at(m, "compute/training_flops"), 1.08e22);
    ck_assert_double_eq(number_at(m, "compute/optimal_tokens"), 120e9);
    ck_assert_ptr_nonnull(strstr(text_at(doc, "assumptions/inference"),
                                 "1.2"));
    cJSON_Delete(doc);

    /* A mixture of experts: memory from the total, FLOPs per token from
     * the active parameters (2 x 12.9B). */
    doc = json_ok("POST", "/compare",
                  "{\"models\": [{\"name\": \"mixtral\", \"parameters\": "
                  "\"46.7B\", \"active_parameters\": \"12.9B\", \"kind\": "
                  "\"moe\"}, {\"name\": \"dense\", \"parameters\": 7e9}], "
                  "\"include\": [\"compute\", \"memory\"]}");
    m = named(at(doc, "models"), "mixtral");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(text_at(m, "active_formatted"), "12.9B");
    ck_assert_double_eq(number_at(m, "memory/weights/bf16/bytes"), 93.4e9);
    ck_assert_double_eq(number_at(m, "compute/flops_per_token"), 25.8e9);
    cJSON_Delete(doc);

    /* Without include, none of it. */
    doc = json_ok("GET", "/compare?models=medium_cnn", NULL);
    ck_assert(!cJSON_HasObjectItem(at(doc, "models/0"), "memory"));
    ck_assert(!cJSON_HasObjectItem(doc, "assumptions"));
    cJSON_Delete(doc);
}
END_TEST

/* The README's question: does Llama 2 70B fit on one 80 GB GPU in
 * int8?  68,976,648,192 x 1 byte x 1.2 = 82.8 GB: no, 2.8 GB short. */
START_TEST(fit_picks_models)
{
    cJSON *doc;
    const cJSON *m, *fits;
    double memory, last = 1e300;

    start_server();
    doc = json_ok("GET", "/fit?memory=80GB&dtype=int8", NULL);
    memory = number_at(doc, "memory/bytes");
    ck_assert_double_eq(memory, 80e9);
    ck_assert_str_eq(text_at(doc, "mode"), "inference");
    m = named(at(doc, "too_large"), "llama-2-70b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "required/bytes"), 82771977831.0);
    ck_assert_double_eq(number_at(m, "shortfall/bytes"), 2771977831.0);
    ck_assert_str_eq(text_at(m, "shortfall/decimal"), "2.8 GB");
    ck_assert_double_eq(number_at(m, "published"), 70e9);
    fits = at(doc, "fits");
    ck_assert_int_eq(number_at(doc, "count"), cJSON_GetArraySize(fits));
    ck_assert_int_gt(cJSON_GetArraySize(fits), 0);
    cJSON_ArrayForEach(m, fits)
    {
        double required = number_at(m, "required/bytes");

        ck_assert_double_le(number_at(m, "parameters"), last);
        last = number_at(m, "parameters");
        ck_assert_double_le(required, memory);
        ck_assert_double_eq(number_at(m, "headroom/bytes"),
                            memory - required);
    }
    cJSON_Delete(doc);

    /* The same question in a body, in training: 16 bytes a parameter,
     * 6,738,415,616 x 16 = 107.8 GB does not fit in 80 GiB (85.9 GB). */
    doc = json_ok("POST", "/fit",
                  "{\"memory\": \"80GiB\", \"mode\": \"training\"}");
    ck_assert_double_eq(number_at(doc, "memory/bytes"), 80.0 * (1 << 30));
    m = named(at(doc, "too_large"), "llama-2-7b");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(number_at(m, "required/bytes"), 107814649856.0);
    cJSON_Delete(doc);
}
END_TEST

START_TEST(scaling_laws)
{
    cJSON *doc;

    start_server();
    /* Chinchilla: 70B parameters, 1.4T tokens, 6 x N x D = 5.88e23 FLOP;
     * L = 1.69 + 406.4 / 70e9^0.34 + 410.7 / 1.4e12^0.28 = 1.937. */
    doc = json_ok("GET", "/scaling?parameters=70B&tokens=1.4T", NULL);
    ck_assert_str_eq(text_at(doc, "question"), "loss");
    ck_assert_str_eq(text_at(doc, "predictions/0/fit"), "chinchilla");
    ck_assert_str_eq(text_at(doc, "predictions/1/fit"), "epoch-2024");
    ck_assert_double_eq_tol(number_at(doc, "predictions/0/loss"), 1.937,
                            0.001);
    ck_assert_double_eq_tol(number_at(doc, "predictions/0/training_flops"),
                            5.88e23, 1e20);
    ck_assert_double_eq(number_at(doc, "predictions/0/tokens_per_parameter"),
                        20);
    /* 70B parameters lie outside the fits' range. */
    ck_assert_ptr_nonnull(
        strstr(text_at(doc, "predictions/0/extrapolation"), "70.0B"));
    cJSON_Delete(doc);

    /* Inside the range: no warning; tokens default to 20 x parameters. */
    doc = json_ok("GET", "/scaling?parameters=1B", NULL);
    ck_assert(cJSON_IsNull(at(doc, "predictions/0/extrapolation")));
    ck_assert_double_eq(number_at(doc, "predictions/0/tokens"), 20e9);
    cJSON_Delete(doc);

    /* A compute budget: the compute-optimal N and D spend it all. */
    doc = json_ok("POST", "/scaling", "{\"compute\": \"5.76e23\"}");
    ck_assert_str_eq(text_at(doc, "question"), "compute-optimal");
    for (int i = 0; i < 2; i++) {
        char n[32], d[32];

        snprintf(n, sizeof(n), "predictions/%d/parameters", i);
        snprintf(d, sizeof(d), "predictions/%d/tokens", i);
        ck_assert_double_eq_tol(6 * number_at(doc, n) * number_at(doc, d),
                                5.76e23, 5.76e23 * 1e-6);
    }
    cJSON_Delete(doc);
}
END_TEST

/* One bad request per row, with the status, pointer (NULL: none) and a
 * part of the detail it must get back. */
static const struct {
    const char *method, *path, *type, *body;
    long status;
    const char *pointer, *detail;
} errors[] = {
    {"POST", "/compare", "application/json", "{\"models\": {\"a\": 1,", 400,
     NULL, "not valid JSON"},
    {"POST", "/compare", "application/json", "", 400, NULL, "empty"},
    {"GET", "/compare?limit=3", NULL, NULL, 400, NULL,
     "unknown query parameter \"limit\""},
    {"GET", "/compare?sort=asc&sort=desc", NULL, NULL, 400, NULL,
     "more than once"},
    {"GET", "/nope", NULL, NULL, 404, NULL, "no resource at \"/nope\""},
    {"GET", "/compare/", NULL, NULL, 404, NULL, "no resource"},
    {"GET", "/compare?models=simple_linear,gpt-9", NULL, NULL, 404, NULL,
     "unknown model \"gpt-9\""},
    {"DELETE", "/compare", NULL, NULL, 405, NULL, "\"DELETE\" is not allowed"},
    {"PUT", "/compare", "application/json", "{}", 405, NULL, "not allowed"},
    {"POST", "/models", "application/json", "{}", 405, NULL, "not allowed"},
    {"POST", "/compare", NULL, "{\"models\": {\"a\": 1}}", 415, NULL,
     "Content-Type: application/json"},
    {"POST", "/compare", "text/plain", "{\"models\": {\"a\": 1}}", 415, NULL,
     "Content-Type"},
    {"POST", "/compare", "application/jsonx", "{\"models\": {\"a\": 1}}",
     415, NULL, "Content-Type"},
    {"POST", "/compare", "application/json", "{\"models\": {}}", 422,
     "/models", "models is empty"},
    {"POST", "/compare", "application/json", "{\"models\": []}", 422,
     "/models", "models is empty"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\", \"parameters\": \"1.23456K\"}]}", 422,
     "/models/0/parameters", "\"1.23456K\" of model \"a\" is not a whole"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1, \"b\": 0}}", 422, "/models/b", "is zero"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": \"-5\"}}", 422, "/models/a", "negative"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": \"1e-9\"}}", 422, "/models/a", "not a count"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": \"99999999999999999999T\"}}", 422, "/models/a",
     "above 10^18"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\", \"parameters\": 1}, {\"name\": \"a\", "
     "\"parameters\": 2}]}",
     422, "/models/1/name", "\"a\" is given more than once"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"\", \"parameters\": 1}]}", 422,
     "/models/0/name", "is empty"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"\xc3\x28\", \"parameters\": 1}]}", 422,
     "/models/0/name", "not valid UTF-8"},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\\u0000b\", \"parameters\": 1}]}", 422,
     NULL, "\\u0000"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1}, \"baseline\": \"b\"}", 422, "/baseline",
     "baseline \"b\" names no model"},
    {"GET", "/compare?baseline=gpt-9", NULL, NULL, 422, NULL,
     "names no model"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1}, \"precision\": 7}", 422, "/precision",
     "precision 7 must be an integer from 0 to 3"},
    {"GET", "/compare?precision=9", NULL, NULL, 422, NULL,
     "precision \"9\""},
    {"POST", "/compare", "application/json", "[1, 2]", 422, "",
     "must be a JSON object"},
    {"GET", "/compare?include=disk", NULL, NULL, 422, NULL,
     "include \"disk\""},
    {"GET", "/compare?catalog=nope", NULL, NULL, 404, NULL,
     "unknown catalog \"nope\""},
    {"POST", "/compare", "application/json",
     "{\"models\": [{\"name\": \"a\", \"parameters\": \"7B\", "
     "\"active_parameters\": \"8B\"}]}",
     422, "/models/0/active_parameters", "above the model's total"},
    {"POST", "/compare", "application/json",
     "{\"models\": {\"a\": 1}, \"include\": [\"disk\"]}", 422,
     "/include/0", "include \"disk\""},
    {"GET", "/catalogs?x=1", NULL, NULL, 400, NULL,
     "unknown query parameter \"x\""},
    {"GET", "/fit?memory=lots", NULL, NULL, 422, NULL,
     "memory \"lots\" is not an amount of memory"},
    {"GET", "/fit?memory=24GB&dtype=int3", NULL, NULL, 422, NULL,
     "dtype \"int3\""},
    {"GET", "/fit?dtype=int8", NULL, NULL, 422, NULL, "memory is required"},
    {"GET", "/fit?memory=80GB&mode=training&dtype=int4", NULL, NULL, 422,
     NULL, "does not go with mode training"},
    {"GET", "/fit?memory=80GB&catalog=nope", NULL, NULL, 404, NULL,
     "unknown catalog \"nope\""},
    {"POST", "/fit", "application/json", "{\"memory\": true}", 422,
     "/memory", "not a boolean"},
    {"DELETE", "/fit", NULL, NULL, 405, NULL, "not allowed"},
    {"GET", "/scaling", NULL, NULL, 422, NULL, "give parameters"},
    {"GET", "/scaling?parameters=7B&compute=1e23", NULL, NULL, 422, NULL,
     "not both"},
    {"GET", "/scaling?parameters=-7B", NULL, NULL, 422, NULL,
     "parameters \"-7B\" is negative"},
    {"POST", "/scaling", "application/json", "{\"tokens\": \"1T\"}", 422,
     NULL, "give parameters"},
    {"GET", "/scaling?compute=100", NULL, NULL, 422, NULL,
     "compute \"100\" FLOP is below 3.78e2"},
    {"POST", "/scaling", "application/json", "{\"parameters\": 0.5}", 422,
     "/parameters", "is below 1"},
};

START_TEST(error_statuses)
{
    const char *body = errors[_i].body;
    struct reply r;
    char allow[128];

    start_server();
    r = http(errors[_i].method, errors[_i].path, errors[_i].type, body,
             body != NULL ? strlen(body) : 0, 0);
    check_problem(&r, errors[_i].status, errors[_i].pointer,
                  errors[_i].detail);
    if (r.status == 405)
        ck_assert_ptr_nonnull(
            strstr(header(&r, "Allow", allow, sizeof(allow)), "GET, HEAD"));
    reply_free(&r);
    check_still_right();
}
END_TEST

/* A body of n models in the array shape, named m0, m1, ... */
static char *many_models(size_t n)
{
    size_t cap = 64 + n * 48, w = 0;
    char *body = malloc(cap);

    ck_assert_ptr_nonnull(body);
    w += (size_t)snprintf(body, cap, "{\"models\": [");
    for (size_t i = 0; i < n; i++)
        w += (size_t)snprintf(body + w, cap - w,
                              "%s{\"name\": \"m%zu\", \"parameters\": %zu}",
                              i ? ", " : "", i, i + 1);
    snprintf(body + w, cap - w, "]}");
    return body;
}

START_TEST(model_limit)
{
    char *body = many_models(10000);
    struct reply r;
    cJSON *doc;

    start_server();
    r = post(body);
    ck_assert_int_eq(r.status, 200);
    doc = cJSON_Parse(r.body.data);
    ck_assert_int_eq(cJSON_GetObjectItem(doc, "count")->valueint, 10000);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(
                         doc, "scale_difference_formatted")),
                     "10,000x");
    cJSON_Delete(doc);
    reply_free(&r);
    free(body);

    body = many_models(10001);
    r = post(body);
    check_problem(&r, 422, "/models", "has 10001 models; at most 10000");
    reply_free(&r);
    free(body);
    check_still_right();
}
END_TEST

START_TEST(long_name)
{
    char body[512];
    struct reply r;

    start_server();
    snprintf(body, sizeof(body), "{\"models\": {\"%0300d\": 5}}", 7);
    r = post(body);
    check_problem(&r, 422, "/models", "longer than 256 bytes");
    reply_free(&r);
}
END_TEST

START_TEST(body_too_large)
{
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n);
    struct reply r;

    start_server();
    memset(big, ' ', n);
    big[0] = '{';
    /* Announced by Content-Length: refused before it is read. */
    r = http("POST", "/compare", "application/json", big, n, 0);
    check_problem(&r, 413, NULL, "larger than the limit of 1048576 bytes");
    reply_free(&r);
    /* Chunked: no length is announced, so it is counted and dropped. */
    r = http("POST", "/compare", "application/json", big, n, 1);
    check_problem(&r, 413, NULL, "larger than the limit");
    reply_free(&r);
    /* Exactly at the limit is still read (and here, it is bad JSON). */
    r = http("POST", "/compare", "application/json", big, 1024 * 1024, 0);
    check_problem(&r, 400, NULL, "not valid JSON");
    reply_free(&r);
    free(big);
    check_still_right();
}
END_TEST

/* Runs the binary with args in an empty environment; returns its exit
 * status and what it wrote (stdout and stderr together). */
static int run(char *const args[], char *out, size_t len)
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

START_TEST(refuses_to_start)
{
    char port_text[16], err[512];
    char *bad_flag[] = {"modelscale", "--port", "http", NULL};
    char *taken[] = {"modelscale", "--bind", "127.0.0.1", "--port",
                     port_text, NULL};

    start_server();
    ck_assert_int_eq(run(bad_flag, err, sizeof(err)), 2);
    ck_assert_str_eq(err, "modelscale: option --port: \"http\" is not an "
                          "integer from 0 to 65535\n");
    snprintf(port_text, sizeof(port_text), "%u", port);
    ck_assert_int_eq(run(taken, err, sizeof(err)), 1);
    ck_assert_ptr_nonnull(strstr(err, "cannot listen on 127.0.0.1 port"));
    ck_assert_ptr_nonnull(strstr(err, "Address already in use"));
}
END_TEST

START_TEST(healthcheck)
{
    char port_text[16], closed_text[16], out[512];
    char *up[] = {"modelscale", "healthcheck", "--port", port_text, NULL};
    char *down[] = {"modelscale", "healthcheck", "--port", closed_text,
                    NULL};

    start_server();
    snprintf(port_text, sizeof(port_text), "%u", port);
    ck_assert_int_eq(run(up, out, sizeof(out)), 0);
    requests_sent++; /* its GET /healthz is in the server's log too */
    ck_assert_str_eq(out, "");
    /* The port just below ours: nothing of ours listens there. */
    snprintf(closed_text, sizeof(closed_text), "%u", port - 1);
    ck_assert_int_eq(run(down, out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "modelscale: healthcheck: "));
}
END_TEST

START_TEST(catalog_file)
{
    char good[] = "/tmp/check_catalog_good_XXXXXX";
    char bad[] = "/tmp/check_catalog_bad_XXXXXX";
    const char *good_text = "{\"models\": {\"bert-base\": \"110M\", "
                            "\"gpt-3\": \"175B\"}, \"sort\": \"desc\"}";
    const char *bad_text = "{\"models\": {\"a\": \"lots\"}}";
    char out[2048];
    char *table[] = {"modelscale", "table", "--catalog", good, NULL};
    char *refused[] = {"modelscale", "--catalog", bad, NULL};
    int fd;

    fd = mkstemp(good);
    ck_assert_int_eq(write(fd, good_text, strlen(good_text)),
                     (int)strlen(good_text));
    close(fd);
    fd = mkstemp(bad);
    ck_assert_int_eq(write(fd, bad_text, strlen(bad_text)),
                     (int)strlen(bad_text));
    close(fd);

    ck_assert_int_eq(run(table, out, sizeof(out)), 0);
    ck_assert_ptr_nonnull(strstr(out, "------\n"
                                      "gpt-3                    :   175.0B "
                                      "parameters\n"
                                      "bert-base                :   110.0M "
                                      "parameters\n"));
    ck_assert_ptr_nonnull(strstr(out, "Largest model is 1,591x bigger"));
    /* A bad catalog stops the server before it starts. */
    ck_assert_int_eq(run(refused, out, sizeof(out)), 2);
    ck_assert_ptr_nonnull(strstr(out, "catalog file "));
    ck_assert_ptr_nonnull(strstr(out, "\"lots\" of model \"a\" is not a "
                                      "count"));
    ck_assert_ptr_null(strstr(out, "listening"));
    unlink(good);
    unlink(bad);
}
END_TEST

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

Suite *integration_suite(void)
{
    Suite *s = suite_create("integration");
    TCase *tc;

    tc = tcase_create("endpoints");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, compare_reference);
    tcase_add_test(tc, fixed_equals_plain);
    tcase_add_test(tc, cached_equals_plain);
    tcase_add_test(tc, keep_alive);
    tcase_add_test(tc, compare_query);
    tcase_add_test(tc, compare_post_shapes);
    tcase_add_test(tc, models_health_head_options);
    tcase_add_test(tc, catalogs_listed);
    tcase_add_test(tc, compare_with_estimates);
    tcase_add_test(tc, fit_picks_models);
    tcase_add_test(tc, scaling_laws);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, error_statuses, 0,
                        sizeof(errors) / sizeof(errors[0]));
    tcase_add_test(tc, model_limit);
    tcase_add_test(tc, long_name);
    tcase_add_test(tc, body_too_large);
    tcase_add_test(tc, refuses_to_start);
    tcase_add_test(tc, catalog_file);
    tcase_add_test(tc, healthcheck);
    suite_add_tcase(s, tc);

    tc = tcase_create("stop");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, stops_cleanly);
    suite_add_tcase(s, tc);
    return s;
}
