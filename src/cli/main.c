/* main.c - the command line: `modelscale [serve] [options]` runs the
 * server, `modelscale table [FILE] [options]` prints the text table,
 * `modelscale count FILE` an architecture's count.  It only wires the
 * modules together. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "api/assets.h"
#include "modelscale/catalog.h"
#include "api/gpu_doc.h"
#include "cli/catalog_file.h"
#include "cli/cli_count.h"
#include "cli/cli_table.h"
#include "cli/config.h"
#include "cli/healthcheck.h"
#include "api/routes.h"
#include "http/server.h"
#include "api/metrics.h"

#define DRAIN_MS 1500 /* in-flight requests get this long on SIGTERM */
#define HEALTHCHECK_MS 2000

extern char **environ;

/* The routes, from the table: "  GET, POST /compare  what it answers". */
static void print_routes(FILE *out)
{
    size_t n;
    const struct route *table = route_table(&n);

    for (size_t i = 0; i < n; i++) {
        const struct route *r = &table[i];
        int w = fprintf(out, "  %s%s%s %s",
                        r->methods & ROUTE_GET ? "GET" : "",
                        r->methods == (ROUTE_GET | ROUTE_POST) ? ", " : "",
                        r->methods & ROUTE_POST ? "POST" : "", r->path);

        fprintf(out, "%*s%s\n", w < 24 ? 24 - w : 1, "", r->summary);
    }
}

static void usage(FILE *out)
{
    fputs("Usage: modelscale [serve] [OPTION...]\n"
          "       modelscale table [FILE.json] [OPTION...]\n"
          "       modelscale count FILE.json\n"
          "       modelscale healthcheck [OPTION...]\n"
          "\n"
          "serve (the default) answers HTTP:\n",
          out);
    print_routes(out);
    fputs("table prints the comparison as a text table: of FILE (a POST "
          "/compare body),\nof --catalog, or of the built-in catalog.\n"
          "count prints the exact parameter count of an architecture, "
          "component by\ncomponent: FILE is a Hugging Face config.json, "
          "or {\"model_type\": \"mlp\",\n\"layers\": [784, 128, 10]}; "
          "- reads standard input.\n"
          "healthcheck asks the server these options describe for "
          "/healthz: exit 0 if\nit answers 200 within 2 s, else 1.\n"
          "\n"
          "Options (flag, environment variable, default); flags override "
          "the environment,\nwhich overrides --config FILE "
          "(MODELSCALE_CONFIG), which overrides the defaults:\n"
          "  --config FILE          MODELSCALE_CONFIG               "
          "(none)   JSON settings file\n",
          out);
    config_print_help(out);
    fputs("  --help                 this text\n"
          "  --version              the version\n",
          out);
}

/* Sets m up to count the requests of every route from now on. */
static enum svc_status count_routes(struct metrics *m)
{
    const char *method[ROUTE_ENDPOINTS_MAX], *path[ROUTE_ENDPOINTS_MAX];
    size_t n = route_endpoints(method, path);
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return metrics_init(m, (double)now.tv_sec + (double)now.tv_nsec / 1e9,
                        method, path, n);
}

/* The catalogs a request may name: "default" (the built-in seven, or
 * the --catalog file) and "reference" (real models, built into the
 * binary from config/catalogs/reference.json, counted from the
 * architectures of config/architectures/ it names). */
static enum svc_status name_catalogs(struct catalog *catalogs,
                                     const struct compare_request *models,
                                     int from_file,
                                     const struct arch *const *file_archs,
                                     struct catalog_doc *reference,
                                     char *err, size_t errlen)
{
    enum svc_status st = catalog_doc_parse(
        reference, "the reference catalog",
        (const char *)asset_reference_catalog.data,
        asset_reference_catalog.len, (size_t)-1, err, errlen);

    if (st != SVC_OK)
        return st;
    catalogs[0] = (struct catalog){
        "default",
        from_file ? "the models of the catalog file the server was "
                    "started with"
                  : "the seven models of the teaching snippet "
                    "ModelScaleComparison",
        models->models, models->count, from_file ? file_archs : NULL};
    catalogs[1] = (struct catalog){
        "reference",
        "well-known models from the MNIST MLP to DeepSeek-V3: exact counts "
        "from their architectures where those are public, each beside "
        "its published figure, with its kind, year and source",
        reference->req.models, reference->req.count, reference->archs};
    return SVC_OK;
}

/* `modelscale count FILE`: needs no settings, so it takes no options. */
static int count(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "modelscale: count takes one FILE (- for standard "
                "input; see --help)\n");
        return 2;
    }
    return cli_count_run(argv[2], stdout, stderr);
}

static int serve(const struct config *cfg, const struct app *app)
{
    struct http_server srv;
    char err[CONFIG_ERROR_MAX];
    sigset_t stop;
    int sig;

    /* Blocked before any server thread exists, so that every thread
     * inherits the mask and only sigwait below sees these signals. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (http_server_start(&srv, app, &cfg->server, err, sizeof(err)) !=
        SVC_OK) {
        fprintf(stderr, "modelscale: %s\n", err);
        return 1;
    }
    printf("modelscale %s listening on http://%s%s%s:%u/\n",
           MODELSCALE_VERSION, strchr(cfg->server.bind, ':') ? "[" : "",
           cfg->server.bind, strchr(cfg->server.bind, ':') ? "]" : "",
           srv.port);
    fflush(stdout);
    sigwait(&stop, &sig);
    http_server_stop(&srv, DRAIN_MS);
    return 0;
}

/* What the commands load, freed in one place. */
struct world {
    struct catalog_doc file;      /* --catalog or table FILE */
    struct catalog_doc reference; /* built in */
    struct compare_request builtin;
    struct gpu_doc gpus;          /* built in, or --gpus FILE */
    struct catalog catalogs[2];
};

static void world_cleanup(struct world *w)
{
    compare_request_cleanup(&w->builtin);
    catalog_doc_cleanup(&w->file);
    catalog_doc_cleanup(&w->reference);
    gpu_doc_cleanup(&w->gpus);
}

/* The models of `table` and of the default catalog: table_file's, or
 * the built-in seven.  Sets *models. */
static enum svc_status load_models(struct world *w, const char *table_file,
                                   size_t max_models,
                                   const struct compare_request **models,
                                   char *err, size_t errlen)
{
    const struct compare_model *cat;

    if (table_file != NULL) {
        *models = &w->file.req;
        return catalog_file_load(&w->file, table_file, max_models, err,
                                 errlen);
    }
    cat = catalog_builtin(&w->builtin.count);
    w->builtin.models = calloc(w->builtin.count, sizeof(*cat));
    if (w->builtin.models == NULL) {
        snprintf(err, errlen, "out of memory");
        return SVC_ENOMEM;
    }
    memcpy(w->builtin.models, cat, w->builtin.count * sizeof(*cat));
    *models = &w->builtin;
    return SVC_OK;
}

/* The GPU catalog: the --gpus file's, or the built-in one. */
static enum svc_status load_gpus(struct world *w, const char *path,
                                 char *err, size_t errlen)
{
    char label[CONFIG_TEXT_MAX + 16], *text = NULL;
    size_t len;
    enum svc_status st;

    if (path[0] == '\0')
        return gpu_doc_parse(&w->gpus, "the built-in GPU catalog",
                             (const char *)asset_gpu_catalog.data,
                             asset_gpu_catalog.len, err, errlen);
    st = config_read_file(path, CONFIG_FILE_MAX, &text, &len, err, errlen);
    snprintf(label, sizeof(label), "GPU file %s", path);
    if (st == SVC_OK)
        st = gpu_doc_parse(&w->gpus, label, text, len, err, errlen);
    free(text);
    return st;
}

/* Loads what the server answers from and serves it until a signal. */
static int serve_world(struct world *w, const struct config *cfg,
                       const struct compare_request *models, int from_file)
{
    static struct metrics metrics; /* large; read by every thread */
    char err[CONFIG_ERROR_MAX];
    struct app app;

    if (name_catalogs(w->catalogs, models, from_file, w->file.archs,
                      &w->reference, err, sizeof(err)) != SVC_OK ||
        load_gpus(w, cfg->gpus, err, sizeof(err)) != SVC_OK) {
        fprintf(stderr, "modelscale: %s\n", err);
        return 2;
    }
    app.max_models = cfg->max_models;
    app.catalogs = w->catalogs;
    app.ncatalogs = sizeof(w->catalogs) / sizeof(w->catalogs[0]);
    app.gpus = w->gpus.gpus;
    app.ngpus = w->gpus.count;
    app.metrics = &metrics;
    if (count_routes(&metrics) != SVC_OK) {
        fprintf(stderr, "modelscale: too many routes to count\n");
        return 2;
    }
    return serve(cfg, &app);
}

/* --help and --version, wherever they are; -1 when neither is there. */
static int help_or_version(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("modelscale %s (libmicrohttpd %s, cJSON %s)\n",
                   MODELSCALE_VERSION, MHD_get_version(), cJSON_Version());
            return 0;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    const char *command = "serve", *table_file = NULL;
    const struct compare_request *models = NULL;
    struct world w;
    struct config cfg;
    struct problem pb;
    char err[CONFIG_ERROR_MAX];
    int first = 1, status = help_or_version(argc, argv);

    if (status >= 0)
        return status;
    if (argc > 1 && strcmp(argv[1], "count") == 0)
        return count(argc, argv);
    if (argc > 1 && argv[1][0] != '-')
        command = argv[first++];
    if (strcmp(command, "table") == 0 && first < argc &&
        argv[first][0] != '-')
        table_file = argv[first++];
    if (strcmp(command, "table") != 0 && strcmp(command, "serve") != 0 &&
        strcmp(command, "healthcheck") != 0) {
        fprintf(stderr, "modelscale: unknown command \"%s\" (see "
                "--help)\n", command);
        return 2;
    }
    memset(&w, 0, sizeof(w));
    compare_request_init(&w.builtin);
    status = 2;
    if (config_load(&cfg, argc - first, argv + first, environ, err,
                    sizeof(err)) != SVC_OK)
        goto fail;
    if (strcmp(command, "healthcheck") == 0) {
        status = healthcheck_run(&cfg, HEALTHCHECK_MS, err, sizeof(err)) ==
                 SVC_OK ? 0 : 1;
        if (status != 0)
            goto fail;
        goto out;
    }
    if (table_file == NULL && cfg.catalog[0] != '\0')
        table_file = cfg.catalog;
    if (load_models(&w, table_file, cfg.max_models, &models, err,
                    sizeof(err)) != SVC_OK)
        goto fail;
    if (strcmp(command, "table") != 0) {
        status = serve_world(&w, &cfg, models, table_file != NULL);
        goto out;
    }
    status = cli_table_print(stdout, models, &pb) == SVC_OK ? 0 : 1;
    if (status != 0)
        snprintf(err, sizeof(err), "%s", pb.detail);
    else
        goto out;
fail:
    fprintf(stderr, "modelscale: %s\n", err);
out:
    world_cleanup(&w);
    return status;
}
