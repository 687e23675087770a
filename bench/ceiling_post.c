/* ceiling_post.c - the least any handler of this stack must do for
 * POST /compare: accumulate the body, parse it with cJSON, compare the
 * models with modelscale's core, build a cJSON answer tree of the same
 * shape as modelscale's (raw numbers from the core's printers, constant
 * keys, string references), print it preallocated and answer it.  No
 * routing, no checks beyond what the parse and the core refuse, no
 * headers but Content-Type, no log, no metrics.  The daemon runs as
 * modelscale's does (epoll and a pool of one thread per core, the same
 * flags and per-connection memory).  Usage: ceiling_post PORT; stops on
 * SIGTERM.  bench/bench.py measures it against modelscale. */
#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modelscale/compare.h"
#include "modelscale/numfmt.h"
#include "modelscale/params.h"

#define BODY_MAX (1024 * 1024)
#define ON_STACK 16 /* models compared without allocating */

struct body {
    char *data; /* NUL-terminated once complete */
    size_t len, cap;
    int refused; /* over BODY_MAX or out of memory: answered 400 */
};

static const char bad_request[] = "{\"title\":\"Bad Request\"}";

/* Appends n bytes; returns 0, or -1 past BODY_MAX or out of memory. */
static int append(struct body *b, const char *data, size_t n)
{
    if (n > BODY_MAX - b->len)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->data, cap);

        if (p == NULL)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Adds a number printed by the core as a raw item; 0 or -1. */
static int add_raw(cJSON *obj, const char *key, const char *text)
{
    cJSON *raw = cJSON_CreateRaw(text);

    return raw != NULL && cJSON_AddItemToObjectCS(obj, key, raw) ? 0 : -1;
}

static int add_u64(cJSON *obj, const char *key, uint64_t n)
{
    char buf[NUMFMT_MAX];

    numfmt_u64(n, buf, sizeof(buf));
    return add_raw(obj, key, buf);
}

static int add_double(cJSON *obj, const char *key, double d)
{
    char buf[NUMFMT_DOUBLE_MAX];

    numfmt_double(d, buf, sizeof(buf));
    return add_raw(obj, key, buf);
}

/* A string that lives until the print; 0 or -1. */
static int add_ref(cJSON *obj, const char *key, const char *s)
{
    cJSON *str = cJSON_CreateStringReference(s);

    return str != NULL && cJSON_AddItemToObjectCS(obj, key, str) ? 0 : -1;
}

/* {"name", "parameters", "formatted"} of a model the summary names. */
static int add_pick(cJSON *root, const char *key,
                    const struct compare_pick *p)
{
    cJSON *o = cJSON_AddObjectToObject(root, key);

    if (o == NULL || add_ref(o, "name", p->model->name) != 0 ||
        add_u64(o, "parameters", p->model->parameters) != 0)
        return -1;
    return add_ref(o, "formatted", p->formatted);
}

/* The answer's tree, attached to root as it is made. */
static int build(cJSON *root, const struct compare_result *res)
{
    cJSON *models = cJSON_AddArrayToObject(root, "models");

    if (models == NULL)
        return -1;
    for (size_t i = 0; i < res->count; i++) {
        const struct compare_entry *e = &res->entries[i];
        cJSON *m = cJSON_CreateObject();

        if (m == NULL || !cJSON_AddItemToArray(models, m) ||
            add_ref(m, "name", e->model->name) != 0 ||
            add_u64(m, "parameters", e->model->parameters) != 0 ||
            add_ref(m, "formatted", e->formatted) != 0 ||
            add_double(m, "ratio_to_smallest", e->ratio_to_smallest) != 0 ||
            add_ref(m, "ratio_to_smallest_formatted",
                    e->ratio_to_smallest_formatted) != 0)
            return -1;
    }
    if (add_u64(root, "count", res->count) != 0 ||
        add_pick(root, "largest", &res->largest) != 0 ||
        add_pick(root, "smallest", &res->smallest) != 0 ||
        add_double(root, "scale_difference", res->scale_difference) != 0 ||
        add_ref(root, "scale_difference_formatted",
                res->scale_difference_formatted) != 0 ||
        add_double(root, "orders_of_magnitude",
                   res->orders_of_magnitude) != 0)
        return -1;
    return add_ref(root, "summary", res->summary);
}

/* Reads the models of {"models": {name: count, ...}} or {"models":
 * [{"name", "parameters"}, ...]} into models (room for n). */
static int read_models(const cJSON *list, struct compare_model *models,
                       size_t n)
{
    size_t i = 0;
    const cJSON *m;
    const char *why;

    cJSON_ArrayForEach(m, list) {
        const cJSON *count = cJSON_IsObject(m)
                                 ? cJSON_GetObjectItemCaseSensitive(
                                       m, "parameters")
                                 : m;
        const char *name = cJSON_IsObject(m)
                               ? cJSON_GetStringValue(
                                     cJSON_GetObjectItemCaseSensitive(
                                         m, "name"))
                               : m->string;

        if (i == n || name == NULL || !cJSON_IsNumber(count) ||
            params_from_double(count->valuedouble, &models[i].parameters,
                               &why) != SVC_OK)
            return -1;
        models[i].name = name;
        models[i].name_len = strlen(name);
        i++;
    }
    return i == n ? 0 : -1;
}

/* The answer to body, printed into a buffer of *len bytes that the
 * caller frees; NULL for a body it cannot answer. */
static char *answer(const struct body *b, size_t *len)
{
    const char *end = NULL;
    cJSON *req = cJSON_ParseWithLengthOpts(b->data, b->len + 1, &end, 1);
    cJSON *root = cJSON_CreateObject();
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(req, "models");
    size_t n = (size_t)cJSON_GetArraySize(list);
    struct compare_model few[ON_STACK] = {{0}};
    struct compare_entry few_entries[ON_STACK];
    struct compare_model *models =
        n <= ON_STACK ? few : calloc(n + 1, sizeof(*models));
    struct compare_entry *entries =
        n <= ON_STACK ? few_entries : calloc(n + 1, sizeof(*entries));
    struct compare_options opts;
    struct compare_result res;
    struct compare_error err;
    char *out = NULL;
    size_t cap = 1024 + 512 * n + 6 * b->len;

    compare_options_init(&opts);
    if (root == NULL || models == NULL || entries == NULL || n == 0 ||
        read_models(list, models, n) != 0 ||
        compare_run(models, n, &opts, entries, &res, &err) != SVC_OK ||
        build(root, &res) != 0)
        goto out;
    out = malloc(cap);
    if (out != NULL && !cJSON_PrintPreallocated(root, out, (int)cap, 0)) {
        free(out);
        out = NULL;
    }
    if (out != NULL)
        *len = strlen(out);
out:
    cJSON_Delete(root);
    cJSON_Delete(req);
    if (models != few)
        free(models);
    if (entries != few_entries)
        free(entries);
    return out;
}

static enum MHD_Result respond(struct MHD_Connection *c,
                               const struct body *b)
{
    size_t len = 0;
    char *out = b->refused ? NULL : answer(b, &len);
    struct MHD_Response *r;
    enum MHD_Result ret;
    unsigned status = out != NULL ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST;

    if (out != NULL)
        r = MHD_create_response_from_buffer_with_free_callback(len, out,
                                                               free);
    else
        r = MHD_create_response_from_buffer(strlen(bad_request),
                                            (void *)bad_request,
                                            MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        free(out);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "application/json");
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *size, void **state)
{
    struct body *b = *state;

    (void)cls, (void)url, (void)method, (void)version;
    if (b == NULL) { /* first call: headers only */
        b = calloc(1, sizeof(*b));
        *state = b;
        return b != NULL ? MHD_YES : MHD_NO;
    }
    if (*size > 0) {
        if (!b->refused && append(b, data, *size) != 0)
            b->refused = 1;
        *size = 0;
        return MHD_YES;
    }
    if (b->data == NULL && append(b, "", 0) != 0)
        return MHD_NO;
    return respond(c, b);
}

static void on_completed(void *cls, struct MHD_Connection *c,
                         void **state, enum MHD_RequestTerminationCode toe)
{
    struct body *b = *state;

    (void)cls, (void)c, (void)toe;
    if (b != NULL)
        free(b->data);
    free(b);
    *state = NULL;
}

int main(int argc, char **argv)
{
    unsigned threads = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    struct MHD_Daemon *d;
    sigset_t stop;
    int sig;

    if (argc < 2)
        return 2;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    d = MHD_start_daemon(
        MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
            MHD_ALLOW_SUSPEND_RESUME,
        (uint16_t)atoi(argv[1]), NULL, NULL, on_request, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 2,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
        MHD_OPTION_CONNECTION_LIMIT, 1024u,
        MHD_OPTION_CONNECTION_TIMEOUT, 15u, MHD_OPTION_END);
    if (d == NULL)
        return 1;
    printf("ceiling_post listening on port %s\n", argv[1]);
    fflush(stdout);
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return 0;
}
