/* check_integration_count.c - the real server over real HTTP (libcurl)
 * for exact counts: POST /count of every file of tests/data/architectures/
 * gives its expected.json count, and so does `modelscale count`; GET
 * /architectures; /compare with a config; the exact reference catalog;
 * /count's errors as problems with pointers; then a clean stop.
 *
 * The server and HTTP helpers are copied from check_integration.c.  Runs
 * without forking (CK_FORK=no, set by CMake) so that the last test can
 * wait for the server it started.  MODELSCALE_WRAPPER, when set, is a
 * command the server is run under (e.g. valgrind). */
#include <check.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "suites.h"

#define START_SECONDS 30 /* valgrind starts slowly */
#define DATA MODELSCALE_SOURCE_DIR "/tests/data/architectures/"
#define SHARED_COUNT 15 /* entries of expected.json */
#define JSON "application/json"

static pid_t server_pid;
static unsigned port;
static char log_path[] = "/tmp/check_integration_count_XXXXXX";
static CURL *curl;

struct reply {
    long status;
    char *body;
    size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *cls)
{
    struct reply *r = cls;
    char *grown = realloc(r->body, r->len + size * n + 1);

    ck_assert_ptr_nonnull(grown);
    memcpy(grown + r->len, p, size * n);
    r->body = grown;
    r->len += size * n;
    r->body[r->len] = '\0';
    return size * n;
}

/* Sends one request; type NULL sends no Content-Type. */
static struct reply http(const char *method, const char *path,
                         const char *type, const char *body)
{
    struct reply r = {0, NULL, 0};
    struct curl_slist *hdrs = NULL;
    char url[512], line[128];
    CURLcode rc;

    curl_easy_reset(curl);
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
    hdrs = curl_slist_append(hdrs, "Expect:");
    hdrs = curl_slist_append(hdrs, "Content-Type:");
    if (type != NULL) {
        snprintf(line, sizeof(line), "Content-Type: %s", type);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)strlen(body));
    }
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
    rc = curl_easy_perform(curl);
    curl_slist_free_all(hdrs);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path,
                  curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    return r;
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
        const char *at;

        if (f != NULL && fgets(line, sizeof(line), f) != NULL) {
            at = strstr(line, "listening on http://127.0.0.1:");
            if (at != NULL && strchr(line, '\n') != NULL)
                port = (unsigned)atoi(at + 30);
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

/* The whole file at path, NUL-terminated; the caller frees it. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static cJSON *load(const char *path)
{
    char *text = slurp(path);
    cJSON *doc = cJSON_Parse(text);

    free(text);
    ck_assert_msg(doc != NULL, "%s is not JSON", path);
    return doc;
}

/* The answer of a request that must succeed, parsed. */
static cJSON *json_ok(const char *method, const char *path,
                      const char *body)
{
    struct reply r = http(method, path, body ? JSON : NULL, body);
    cJSON *doc;

    ck_assert_msg(r.status == 200, "%s %s: %ld %s", method, path, r.status,
                  r.body ? r.body : "");
    doc = cJSON_Parse(r.body);
    ck_assert_ptr_nonnull(doc);
    free(r.body);
    return doc;
}

/* doc's value at a path of keys and indexes separated by '/'. */
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

/* The model named name in the array models. */
static const cJSON *named(const cJSON *models, const char *name)
{
    const cJSON *m;

    cJSON_ArrayForEach(m, models) {
        if (strcmp(text_at(m, "name"), name) == 0)
            return m;
    }
    ck_abort_msg("no model %s", name);
    return NULL;
}

/* The "total" or "active" figure of `modelscale count path`, or -1. */
static double cli_figure(const char *path, const char *row)
{
    char cmd[600], line[256], digits[32];
    double figure = -1;
    FILE *p;

    snprintf(cmd, sizeof(cmd), "'%s' count '%s'", MODELSCALE_BIN, path);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    while (fgets(line, sizeof(line), p) != NULL) {
        char *open = strrchr(line, '(');
        size_t n = 0;

        if (strncmp(line, row, strlen(row)) != 0 || line[strlen(row)] != ' ' ||
            open == NULL)
            continue;
        for (const char *c = open + 1; *c != ')' && n + 1 < sizeof(digits);
             c++) {
            if (*c != ',')
                digits[n++] = *c;
        }
        digits[n] = '\0';
        figure = strtod(digits, NULL);
    }
    ck_assert_int_eq(pclose(p), 0);
    return figure;
}

/* Every shared architecture through HTTP and the CLI. */
START_TEST(count_shared)
{
    cJSON *expected = load(DATA "expected.json");
    const cJSON *e = cJSON_GetArrayItem(expected, _i);
    const char *id = text_at(e, "id");
    const cJSON *active = cJSON_GetObjectItem(e, "active_parameters");
    char path[512], *body;
    cJSON *doc;

    start_server();
    snprintf(path, sizeof(path), DATA "%s.json", id);
    body = slurp(path);
    doc = json_ok("POST", "/count", body);
    ck_assert_str_eq(text_at(doc, "model_type"), text_at(e, "model_type"));
    ck_assert_msg(number_at(doc, "parameters") ==
                      number_at(e, "parameters"),
                  "%s: %.0f", id, number_at(doc, "parameters"));
    ck_assert_double_eq(cli_figure(path, "total"),
                        number_at(e, "parameters"));
    if (active != NULL) {
        ck_assert_double_eq(number_at(doc, "active_parameters"),
                            active->valuedouble);
        ck_assert_double_eq(cli_figure(path, "active"), active->valuedouble);
        ck_assert_str_eq(text_at(doc, "kind"), "moe");
    } else {
        ck_assert(!cJSON_HasObjectItem(doc, "active_parameters"));
        ck_assert_double_eq(cli_figure(path, "active"), -1);
    }
    cJSON_Delete(doc);
    free(body);
    cJSON_Delete(expected);
}
END_TEST

START_TEST(count_mlp)
{
    cJSON *doc;

    start_server();
    doc = json_ok("POST", "/count",
                  "{\"model_type\": \"mlp\", \"layers\": [784, 128, 10], "
                  "\"bias\": true}");
    ck_assert_str_eq(text_at(doc, "arithmetic"),
                     "784 \xc3\x97 128 + 128 + 128 \xc3\x97 10 + 10 = "
                     "100,352 + 128 + 1,280 + 10 = 101,770");
    ck_assert_double_eq(number_at(doc, "layers/0/weights"), 100352);
    ck_assert_double_eq(number_at(doc, "layers/0/biases"), 128);
    ck_assert_double_eq(number_at(doc, "layers/1/weights"), 1280);
    ck_assert_double_eq(number_at(doc, "layers/1/biases"), 10);
    ck_assert_double_eq(number_at(doc, "breakdown/weights/parameters"),
                        101632);
    cJSON_Delete(doc);
}
END_TEST

START_TEST(architectures_listed)
{
    cJSON *doc;

    start_server();
    doc = json_ok("GET", "/architectures", NULL);
    ck_assert_double_eq(number_at(doc, "count"), 16);
    ck_assert_str_eq(text_at(doc, "architectures/0/model_type"), "gpt2");
    ck_assert_str_eq(text_at(doc, "architectures/15/model_type"), "mlp");
    ck_assert_str_eq(text_at(doc, "architectures/4/counted"),
                     "LlamaForCausalLM");
    ck_assert(cJSON_IsTrue(at(doc, "architectures/4/fields/0/required")));
    cJSON_Delete(doc);
}
END_TEST

/* /compare with architectures: exact counts, MoE's active parameters
 * for the compute estimate, pointers into a bad config. */
START_TEST(compare_with_config)
{
    cJSON *body = cJSON_CreateObject(), *models, *m, *doc;
    char *text;
    struct reply r;

    start_server();
    models = cJSON_AddArrayToObject(body, "models");
    m = cJSON_CreateObject();
    cJSON_AddItemToArray(models, m);
    cJSON_AddStringToObject(m, "name", "llama");
    cJSON_AddItemToObject(m, "config", load(DATA "llama-2-7b.json"));
    m = cJSON_CreateObject();
    cJSON_AddItemToArray(models, m);
    cJSON_AddStringToObject(m, "name", "mixtral");
    cJSON_AddItemToObject(m, "config", load(DATA "mixtral-8x7b.json"));
    cJSON_AddStringToObject(m, "published", "46.7B");
    cJSON_AddItemToObject(body, "include",
                          cJSON_CreateStringArray(
                              (const char *const[]){"compute"}, 1));
    text = cJSON_PrintUnformatted(body);
    doc = json_ok("POST", "/compare", text);
    ck_assert_double_eq(number_at(doc, "models/0/parameters"), 6738415616.0);
    ck_assert(cJSON_IsTrue(at(doc, "models/0/exact")));
    ck_assert_str_eq(text_at(doc, "models/0/kind"), "dense");
    ck_assert_double_eq(number_at(doc, "models/1/active_parameters"),
                        12879925248.0);
    ck_assert_str_eq(text_at(doc, "models/1/kind"), "moe");
    ck_assert_double_eq(number_at(doc, "models/1/published"), 46.7e9);
    ck_assert_double_eq(number_at(doc, "models/1/compute/flops_per_token"),
                        2.0 * 12879925248.0);
    cJSON_Delete(doc);
    free(text);
    cJSON_DeleteItemFromObject(at(models, "1/config"), "hidden_size");
    text = cJSON_PrintUnformatted(body);
    r = http("POST", "/compare", JSON, text);
    ck_assert_int_eq(r.status, 422);
    doc = cJSON_Parse(r.body);
    ck_assert_str_eq(text_at(doc, "pointer"), "/models/1/config/hidden_size");
    cJSON_Delete(doc);
    free(r.body);
    free(text);
    cJSON_Delete(body);
}
END_TEST

/* The reference catalog's answers carry exact counts, published beside. */
START_TEST(reference_exact)
{
    cJSON *doc;
    const cJSON *m;

    start_server();
    doc = json_ok("GET", "/models?catalog=reference", NULL);
    ck_assert_double_ge(number_at(doc, "count"), 25);
    m = named(at(doc, "models"), "llama-2-7b");
    ck_assert_double_eq(number_at(m, "parameters"), 6738415616.0);
    ck_assert_double_eq(number_at(m, "published"), 7e9);
    ck_assert_str_eq(text_at(m, "published_formatted"), "7.0B");
    ck_assert_str_eq(text_at(m, "source"), "https://arxiv.org/abs/2307.09288");
    ck_assert(cJSON_IsTrue(at(m, "exact")));
    m = named(at(doc, "models"), "palm");
    ck_assert(cJSON_IsFalse(at(m, "exact")));
    cJSON_Delete(doc);
    doc = json_ok("GET", "/compare?catalog=reference&models=mixtral-8x7b",
                  NULL);
    ck_assert_double_eq(number_at(doc, "models/0/parameters"),
                        46702792704.0);
    ck_assert_double_eq(number_at(doc, "models/0/published"), 46.7e9);
    cJSON_Delete(doc);
    doc = json_ok("GET", "/fit?memory=16GB&mode=weights", NULL);
    m = named(at(doc, "fits"), "llama-2-7b");
    ck_assert_double_eq(number_at(m, "required/bytes"), 2 * 6738415616.0);
    ck_assert_double_eq(number_at(m, "published"), 7e9);
    cJSON_Delete(doc);
}
END_TEST

static const struct {
    const char *body;
    const char *type;
    long status;
    const char *pointer; /* NULL: none */
    const char *detail;
} errors[] = {
    {"[1, 2]", JSON, 400, NULL, "the body is not a JSON object"},
    {"{\"model_type\": \"t5\"}", JSON, 422, "/model_type",
     "give one of: gpt2, bert"},
    {"{\"model_type\": \"llama\", \"hidden_size\": 4096}", JSON, 422,
     "/num_hidden_layers", "is missing"},
    {"{\"model_type\": \"mlp\", \"layers\": [784, 0]}", JSON, 422,
     "/layers/1", "at least 1"},
    {"{\"model_type\": \"mlp\", \"layers\": [784]}", JSON, 422, "/layers",
     "at least two sizes"},
    {"{\"model_type\": \"mlp\", \"layers\": [1e9, 1e9, 1e9]}", JSON, 422, "",
     "more than 10^18"},
    {"{\"model_type\": \"mlp\", \"layers\": [3, 2]}", NULL, 415, NULL,
     "Content-Type"},
    {"{\"model_type\": ", JSON, 400, NULL, "not valid JSON"},
};

START_TEST(count_errors)
{
    struct reply r;
    cJSON *doc;

    start_server();
    r = http("POST", "/count", errors[_i].type, errors[_i].body);
    ck_assert_int_eq(r.status, errors[_i].status);
    doc = cJSON_Parse(r.body);
    ck_assert_ptr_nonnull(doc);
    ck_assert_msg(strstr(text_at(doc, "detail"), errors[_i].detail) != NULL,
                  "detail %s", text_at(doc, "detail"));
    if (errors[_i].pointer == NULL)
        ck_assert(!cJSON_HasObjectItem(doc, "pointer"));
    else
        ck_assert_str_eq(text_at(doc, "pointer"), errors[_i].pointer);
    cJSON_Delete(doc);
    free(r.body);
    doc = json_ok("POST", "/count", "{\"model_type\": \"mlp\", "
                                    "\"layers\": [3, 2]}");
    ck_assert_double_eq(number_at(doc, "parameters"), 8);
    cJSON_Delete(doc);
}
END_TEST

/* Last: SIGTERM, and the server must exit 0 (under valgrind: without a
 * leak or a memory error). */
START_TEST(stops_cleanly)
{
    struct timespec pause = {0, 10 * 1000 * 1000};
    int status = 0;
    pid_t done = 0;

    start_server();
    curl_easy_cleanup(curl);
    kill(server_pid, SIGTERM);
    for (int i = 0; i < START_SECONDS * 100 && done == 0; i++) {
        done = waitpid(server_pid, &status, WNOHANG);
        if (done == 0)
            nanosleep(&pause, NULL);
    }
    ck_assert_int_eq(done, server_pid);
    unlink(log_path);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the server ended with status %d", status);
}
END_TEST

Suite *integration_count_suite(void)
{
    Suite *s = suite_create("integration_count");
    TCase *tc = tcase_create("count");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, count_shared, 0, SHARED_COUNT);
    tcase_add_test(tc, count_mlp);
    tcase_add_test(tc, architectures_listed);
    tcase_add_test(tc, compare_with_config);
    tcase_add_test(tc, reference_exact);
    tcase_add_loop_test(tc, count_errors, 0,
                        sizeof(errors) / sizeof(errors[0]));
    suite_add_tcase(s, tc);
    tc = tcase_create("stop");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, stops_cleanly);
    suite_add_tcase(s, tc);
    return s;
}
