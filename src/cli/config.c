/* config.c - one table of settings, read from a file, the environment
 * and flags, each later source overriding the earlier. */
#include "cli/config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/problem.h"

enum kind {
    KIND_NUMBER,  /* a decimal integer within [min, max] */
    KIND_ADDRESS, /* an IPv4 or IPv6 address literal */
    KIND_ORIGINS, /* "*" or a comma-separated list of origins */
    KIND_PATH,    /* a file name; "" for none */
    KIND_SWITCH   /* true/false, on/off, yes/no, 1/0 */
};

struct setting {
    const char *key; /* file key; flag --key and env MODELSCALE_KEY */
    enum kind kind;
    size_t offset;
    unsigned long min, max; /* KIND_NUMBER only */
    const char *help;
};

#define AT(field) offsetof(struct config, field)

static const struct setting settings[] = {
    {"bind", KIND_ADDRESS, AT(server.bind), 0, 0, "address to listen on"},
    {"port", KIND_NUMBER, AT(server.port), 0, 65535,
     "TCP port; 0 picks a free one"},
    {"threads", KIND_NUMBER, AT(server.threads), 0, 256,
     "server threads; 0 means one per core"},
    {"body_limit", KIND_NUMBER, AT(server.body_limit), 64, 1UL << 30,
     "largest request body accepted, in bytes"},
    {"body_memory", KIND_NUMBER, AT(server.body_memory), 0, 1UL << 40,
     "request bodies held in memory at once, in bytes; others wait"},
    {"body_timeout", KIND_NUMBER, AT(server.body_timeout), 1, 3600,
     "seconds a request body may take to arrive once let in"},
    {"answer_memory", KIND_NUMBER, AT(server.answer_memory), 0, 1UL << 40,
     "answers held for clients still reading them, in bytes; 0: no bound"},
    {"max_models", KIND_NUMBER, AT(max_models), 1, 1000000,
     "most models in one request"},
    {"connection_limit", KIND_NUMBER, AT(server.connection_limit), 1, 1000000,
     "most connections open at once"},
    {"connection_timeout", KIND_NUMBER, AT(server.connection_timeout), 1,
     86400, "seconds an idle connection is kept"},
    {"answer_cache", KIND_NUMBER, AT(server.answer_cache), 0, 65536,
     "answers to GET queries kept in memory; 0 turns it off"},
    {"cors_origins", KIND_ORIGINS, AT(server.cors_origins), 0, 0,
     "origins allowed to call from a browser: * or a list"},
    {"cors_max_age", KIND_NUMBER, AT(server.cors_max_age), 0, 86400,
     "seconds a browser may reuse a CORS preflight answer"},
    {"cache_max_age", KIND_NUMBER, AT(server.cache_max_age), 0, 31536000,
     "seconds clients may reuse an answer that depends on the URL"},
    {"catalog", KIND_PATH, AT(catalog), 0, 0,
     "catalog file (a POST /compare body) to serve instead"},
    {"gpus", KIND_PATH, AT(gpus), 0, 0,
     "GPU catalog file (as config/gpus.json) to serve instead"},
    {"access_log", KIND_SWITCH, AT(server.access_log), 0, 0,
     "one line per request on stdout"},
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    strcpy(cfg->server.bind, "0.0.0.0");
    cfg->server.port = 8080;
    cfg->server.threads = 0;
    cfg->server.body_limit = 1024 * 1024;
    cfg->server.body_memory = 4 * 1024 * 1024;
    cfg->server.body_timeout = 10;
    cfg->server.answer_memory = 8 * 1024 * 1024;
    cfg->max_models = 10000;
    cfg->server.connection_limit = 1024;
    cfg->server.connection_timeout = 15;
    cfg->server.answer_cache = 256;
    strcpy(cfg->server.cors_origins, "*");
    cfg->server.cors_max_age = 600;
    cfg->server.cache_max_age = 300;
    cfg->server.access_log = 1;
}

static enum svc_status fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum svc_status fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return SVC_EINVAL;
}

/* s[0..len) quoted for an error line: control characters and invalid
 * UTF-8 shown as \xHH, so the error stays one readable line. */
static const char *quote(char *buf, const char *s, size_t len)
{
    return problem_quote(buf, PROBLEM_QUOTE_MAX, s, len);
}

/* An origin as a browser sends it: scheme://host[:port], nothing more. */
static int is_origin(const char *s, size_t len)
{
    size_t host;

    if (len > 7 && strncmp(s, "http://", 7) == 0)
        host = 7;
    else if (len > 8 && strncmp(s, "https://", 8) == 0)
        host = 8;
    else
        return 0;
    for (size_t i = host; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (!isalnum(c) && c != '.' && c != '-' && c != ':' &&
            c != '[' && c != ']')
            return 0;
    }
    return 1;
}

/* A KIND_NUMBER: digits in [min, max]; stopping past max, no wrap. */
static int store_number(unsigned long *field, const struct setting *s,
                        const char *value, char *why, size_t whylen)
{
    char q[PROBLEM_QUOTE_MAX];
    size_t len = strlen(value), i = 0;
    unsigned long long n = 0;

    for (; i < len && isdigit((unsigned char)value[i]) && n <= s->max; i++)
        n = n * 10 + (unsigned long long)(value[i] - '0');
    if (len == 0 || i != len || n < s->min || n > s->max) {
        snprintf(why, whylen, "%s is not an integer from %lu to %lu",
                 quote(q, value, len), s->min, s->max);
        return 0;
    }
    *field = (unsigned long)n;
    return 1;
}

/* A KIND_ORIGINS: "*", or origins separated by commas. */
static int check_origins(const char *value, char *why, size_t whylen)
{
    char q[PROBLEM_QUOTE_MAX];

    for (const char *p = value; strcmp(value, "*") != 0;) {
        size_t n = strcspn(p, ",");

        if (!is_origin(p, n)) {
            snprintf(why, whylen, "%s is not an origin like "
                     "https://example.org (or use *)", quote(q, p, n));
            return 0;
        }
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    return 1;
}

/* Checks value for setting s and stores it.  On failure writes why.
 * Numbers and switches are stored as such, the other kinds as their
 * text once checked. */
static int store(struct config *cfg, const struct setting *s,
                 const char *value, char *why, size_t whylen)
{
    char *field = (char *)cfg + s->offset;
    char q[PROBLEM_QUOTE_MAX];
    size_t len = strlen(value);
    struct sockaddr_storage addr;

    switch (s->kind) {
    case KIND_NUMBER:
        return store_number((unsigned long *)(void *)field, s, value, why,
                            whylen);
    case KIND_ADDRESS:
        if (http_sockaddr(value, 0, &addr) == 0) {
            snprintf(why, whylen, "%s is not an IPv4 or IPv6 address",
                     quote(q, value, len));
            return 0;
        }
        break;
    case KIND_ORIGINS:
        if (!check_origins(value, why, whylen))
            return 0;
        break;
    case KIND_PATH:
        break;
    case KIND_SWITCH:
        if (strcmp(value, "true") == 0 || strcmp(value, "on") == 0 ||
            strcmp(value, "yes") == 0 || strcmp(value, "1") == 0) {
            *(int *)(void *)field = 1;
        } else if (strcmp(value, "false") == 0 ||
                   strcmp(value, "off") == 0 ||
                   strcmp(value, "no") == 0 || strcmp(value, "0") == 0) {
            *(int *)(void *)field = 0;
        } else {
            snprintf(why, whylen, "%s is not true or false",
                     quote(q, value, len));
            return 0;
        }
        return 1;
    }
    if (len >= CONFIG_TEXT_MAX) {
        snprintf(why, whylen, "is longer than %d bytes",
                 CONFIG_TEXT_MAX - 1);
        return 0;
    }
    memcpy(field, value, len + 1);
    return 1;
}

static const struct setting *find_setting(const char *key, size_t len,
                                          int flag)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        const char *k = settings[i].key;
        size_t j = 0;

        /* Flags spell the key's '_' as '-'. */
        while (j < len && k[j] != '\0' &&
               (k[j] == key[j] || (flag && k[j] == '_' && key[j] == '-')))
            j++;
        if (j == len && k[j] == '\0')
            return &settings[i];
    }
    return NULL;
}

/* The text a JSON value stands for, as a flag would give it. */
static int json_text(const cJSON *v, enum kind kind, char *buf,
                     size_t len)
{
    size_t used = 0;

    if (kind == KIND_NUMBER && cJSON_IsNumber(v)) {
        double d = v->valuedouble;

        if (d < 0 || d > 1e15 || d != floor(d))
            snprintf(buf, len, "%g", d);
        else
            snprintf(buf, len, "%.0f", d);
        return 1;
    }
    if (kind == KIND_SWITCH && cJSON_IsBool(v)) {
        snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
        return 1;
    }
    if (kind != KIND_NUMBER && kind != KIND_SWITCH && cJSON_IsString(v))
        return snprintf(buf, len, "%s", v->valuestring) < (int)len;
    if (kind != KIND_ORIGINS || !cJSON_IsArray(v) || v->child == NULL)
        return 0;
    buf[0] = '\0';
    for (const cJSON *c = v->child; c != NULL; c = c->next) {
        int w;

        if (!cJSON_IsString(c))
            return 0;
        w = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
                     c->valuestring);
        if (w < 0 || (size_t)w >= len - used)
            return 0;
        used += (size_t)w;
    }
    return 1;
}

static const char *kind_expects(enum kind kind)
{
    switch (kind) {
    case KIND_NUMBER: return "a number";
    case KIND_SWITCH: return "true or false";
    case KIND_ORIGINS: return "\"*\" or an array of origins";
    default: return "a string";
    }
}

enum svc_status config_apply_json(struct config *cfg, const char *text,
                                  size_t len, const char *source, char *err,
                                  size_t errlen)
{
    const char *end = NULL;
    cJSON *root = NULL;
    enum svc_status st = SVC_OK;
    char value[CONFIG_TEXT_MAX], why[CONFIG_ERROR_MAX], q[PROBLEM_QUOTE_MAX];

    root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (!cJSON_IsObject(root) || strlen(text) != len) {
        st = fail(err, errlen, "%s: not a JSON object (error near byte "
                  "%zu)", source,
                  root == NULL && end ? (size_t)(end - text) : 0);
        goto out;
    }
    for (const cJSON *f = root->child; f != NULL; f = f->next) {
        const struct setting *s = find_setting(f->string,
                                               strlen(f->string), 0);

        if (strncmp(f->string, "//", 2) == 0)
            continue; /* a comment: JSON has no other kind */
        if (s == NULL) {
            st = fail(err, errlen, "%s: unknown setting %s", source,
                      quote(q, f->string, strlen(f->string)));
            goto out;
        }
        if (!json_text(f, s->kind, value, sizeof(value))) {
            st = fail(err, errlen, "%s: %s must be %s", source, s->key,
                      kind_expects(s->kind));
            goto out;
        }
        if (!store(cfg, s, value, why, sizeof(why))) {
            st = fail(err, errlen, "%s: %s: %s", source, s->key, why);
            goto out;
        }
    }
out:
    cJSON_Delete(root);
    return st;
}

static enum svc_status load_file(struct config *cfg, const char *path,
                                 char *err, size_t errlen)
{
    char *text = NULL;
    char source[CONFIG_TEXT_MAX + 16];
    size_t len = 0;
    enum svc_status st;

    st = config_read_file(path, CONFIG_FILE_MAX, &text, &len, err, errlen);
    if (st == SVC_OK) {
        snprintf(source, sizeof(source), "config file %s", path);
        st = config_apply_json(cfg, text, len, source, err, errlen);
    }
    free(text);
    return st;
}

static const char *env_get(char *const envp[], const char *name)
{
    size_t len = strlen(name);

    for (size_t i = 0; envp != NULL && envp[i] != NULL; i++) {
        if (strncmp(envp[i], name, len) == 0 && envp[i][len] == '=')
            return envp[i] + len + 1;
    }
    return NULL;
}

static void env_name(const struct setting *s, char *buf, size_t len)
{
    size_t w = (size_t)snprintf(buf, len, "MODELSCALE_");

    for (const char *k = s->key; *k != '\0' && w + 1 < len; k++)
        buf[w++] = (char)toupper((unsigned char)*k);
    buf[w] = '\0';
}

/* The value of the flag at args[*i] ("--x=v" or "--x v"); advances *i
 * past a separate value.  NULL when there is none. */
static const char *flag_value(int nargs, char *const args[], int *i)
{
    const char *eq = strchr(args[*i], '=');

    if (eq != NULL)
        return eq + 1;
    if (*i + 1 < nargs)
        return args[++*i];
    return NULL;
}

enum svc_status config_load(struct config *cfg, int nargs,
                            char *const args[], char *const envp[],
                            char *err, size_t errlen)
{
    const char *path = env_get(envp, "MODELSCALE_CONFIG");
    char name[64], why[CONFIG_ERROR_MAX], q[PROBLEM_QUOTE_MAX];

    config_defaults(cfg);
    for (int i = 0; i < nargs; i++) {
        if (strncmp(args[i], "--config", 8) == 0 &&
            (args[i][8] == '\0' || args[i][8] == '=')) {
            path = flag_value(nargs, args, &i);
            if (path == NULL)
                return fail(err, errlen, "option --config needs a value");
        }
    }
    if (path != NULL && path[0] != '\0' &&
        load_file(cfg, path, err, errlen) != SVC_OK)
        return SVC_EINVAL;

    for (size_t k = 0; k < NSETTINGS; k++) {
        const char *value;

        env_name(&settings[k], name, sizeof(name));
        value = env_get(envp, name);
        if (value != NULL &&
            !store(cfg, &settings[k], value, why, sizeof(why)))
            return fail(err, errlen, "environment %s: %s", name, why);
    }

    for (int i = 0; i < nargs; i++) {
        const char *arg = args[i], *value;
        size_t len = strcspn(arg, "=");
        const struct setting *s;

        if (strncmp(arg, "--", 2) != 0)
            return fail(err, errlen, "unexpected argument %s (see --help)",
                        quote(q, arg, strlen(arg)));
        if (len == 8 && strncmp(arg, "--config", 8) == 0) {
            flag_value(nargs, args, &i);
            continue;
        }
        s = find_setting(arg + 2, len - 2, 1);
        if (s == NULL)
            return fail(err, errlen, "unknown option %s (see --help)",
                        quote(q, arg, len));
        value = flag_value(nargs, args, &i);
        if (value == NULL)
            return fail(err, errlen, "option %.*s needs a value",
                        (int)len, arg);
        if (!store(cfg, s, value, why, sizeof(why)))
            return fail(err, errlen, "option %.*s: %s", (int)len, arg,
                        why);
    }
    return SVC_OK;
}

void config_print_help(FILE *out)
{
    struct config d;

    config_defaults(&d);
    for (size_t k = 0; k < NSETTINGS; k++) {
        const struct setting *s = &settings[k];
        const char *field = (const char *)&d + s->offset;
        char flag[40], env[64], def[64];

        snprintf(flag, sizeof(flag), "--%s", s->key);
        for (char *p = flag; *p != '\0'; p++)
            *p = *p == '_' ? '-' : *p;
        env_name(s, env, sizeof(env));
        if (s->kind == KIND_NUMBER)
            snprintf(def, sizeof(def), "%lu",
                     *(const unsigned long *)(const void *)field);
        else if (s->kind == KIND_SWITCH)
            snprintf(def, sizeof(def), "%s",
                     *(const int *)(const void *)field ? "true" : "false");
        else
            snprintf(def, sizeof(def), "%s", *field ? field : "(none)");
        fprintf(out, "  %-22s %-31s %-8s %s\n", flag, env, def, s->help);
    }
}

enum svc_status config_read_file(const char *path, size_t max, char **text,
                                 size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    enum svc_status st = SVC_OK;

    *text = NULL;
    *len = 0;
    if (f == NULL)
        return fail(err, errlen, "cannot open %s: %s", path,
                    strerror(errno));
    buf = malloc(max + 2);
    if (buf == NULL) {
        st = fail(err, errlen, "out of memory reading %s", path);
        goto out;
    }
    n = fread(buf, 1, max + 1, f);
    if (ferror(f)) {
        st = fail(err, errlen, "cannot read %s: %s", path, strerror(errno));
        goto out;
    }
    if (n > max) {
        st = fail(err, errlen, "%s is larger than %zu bytes", path, max);
        goto out;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    buf = NULL;
out:
    free(buf);
    fclose(f);
    return st;
}
