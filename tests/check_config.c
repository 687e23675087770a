/* check_config.c - unit tests of config.c: defaults, each source,
 * precedence, and one clear line for every kind of mistake. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/config.h"
#include "suites.h"
#include "temp_file.h"

static struct config cfg;
static char err[CONFIG_ERROR_MAX];
static char path[64];

static const char *write_file(const char *text)
{
    return temp_file(text, path, sizeof(path));
}

static void teardown(void)
{
    if (path[0] != '\0')
        unlink(path);
    path[0] = '\0';
}

static enum svc_status load(int nargs, char *const args[],
                            char *const envp[])
{
    err[0] = '\0';
    return config_load(&cfg, nargs, args, envp, err, sizeof(err));
}

START_TEST(defaults)
{
    ck_assert_int_eq(load(0, NULL, NULL), SVC_OK);
    ck_assert_str_eq(cfg.server.bind, "0.0.0.0");
    ck_assert_uint_eq(cfg.server.port, 8080);
    ck_assert_uint_eq(cfg.server.threads, 0);
    ck_assert_uint_eq(cfg.server.body_limit, 1048576);
    ck_assert_uint_eq(cfg.max_models, 10000);
    ck_assert_uint_eq(cfg.server.connection_limit, 1024);
    ck_assert_uint_eq(cfg.server.connection_timeout, 15);
    ck_assert_str_eq(cfg.server.cors_origins, "*");
    ck_assert_str_eq(cfg.catalog, "");
    ck_assert_int_eq(cfg.server.access_log, 1);
}
END_TEST

START_TEST(precedence)
{
    /* file < environment < flags, setting by setting */
    const char *file = write_file("{\"port\": 1000, \"threads\": 3, "
                                  "\"max_models\": 7, \"access_log\": false, "
                                  "\"cors_origins\": [\"https://a.org\", "
                                  "\"http://b.org:8000\"]}");
    char cfg_env[128];
    char *envp[] = {cfg_env, "MODELSCALE_PORT=2000", "MODELSCALE_THREADS=4",
                    "OTHER=1", NULL};
    char *args[] = {"--port", "3000", "--bind=::1"};

    snprintf(cfg_env, sizeof(cfg_env), "MODELSCALE_CONFIG=%s", file);
    ck_assert_int_eq(load(3, args, envp), SVC_OK);
    ck_assert_uint_eq(cfg.server.port, 3000);
    ck_assert_uint_eq(cfg.server.threads, 4);
    ck_assert_uint_eq(cfg.max_models, 7);
    ck_assert_int_eq(cfg.server.access_log, 0);
    ck_assert_str_eq(cfg.server.bind, "::1");
    ck_assert_str_eq(cfg.server.cors_origins,
                     "https://a.org,http://b.org:8000");
}
END_TEST

START_TEST(config_flag)
{
    const char *file = write_file("{\"body_limit\": 4096}");
    char *args[] = {"--config", (char *)file, "--access-log", "off"};
    char *envp[] = {"MODELSCALE_CONFIG=/nonexistent", NULL};

    /* --config wins over MODELSCALE_CONFIG, which is never opened. */
    ck_assert_int_eq(load(4, args, envp), SVC_OK);
    ck_assert_uint_eq(cfg.server.body_limit, 4096);
    ck_assert_int_eq(cfg.server.access_log, 0);
}
END_TEST

/* Each mistake, and a part of the one line it must produce. */
static const struct {
    const char *arg;
    const char *env;
    const char *file;
    const char *line;
} mistakes[] = {
    {"--port=70000", NULL, NULL,
     "option --port: \"70000\" is not an integer from 0 to 65535"},
    {"--port=8o", NULL, NULL, "\"8o\" is not an integer"},
    {"--port=", NULL, NULL, "\"\" is not an integer"},
    {"--port=-1", NULL, NULL, "not an integer"},
    {"--port=99999999999999999999999", NULL, NULL, "not an integer"},
    {"--threads=257", NULL, NULL, "from 0 to 256"},
    {"--body-limit=1", NULL, NULL, "from 64 to"},
    {"--max-models=0", NULL, NULL, "from 1 to"},
    {"--connection-timeout=0", NULL, NULL, "from 1 to"},
    {"--bind=localhost", NULL, NULL, "not an IPv4 or IPv6 address"},
    {"--access-log=maybe", NULL, NULL, "not true or false"},
    {"--cors-origins=example.org", NULL, NULL, "not an origin"},
    {"--cors-origins=https://a.org/", NULL, NULL, "not an origin"},
    {"--cors-origins=https://a.org,", NULL, NULL, "not an origin"},
    {"--nope=1", NULL, NULL, "unknown option \"--nope\""},
    {"--po\nrt=1", NULL, NULL, "unknown option \"--po\\x0Art\""},
    {"--bind=1.2.3.4\r\n", NULL, NULL, "\"1.2.3.4\\x0D\\x0A\" is not"},
    {"--port", NULL, NULL, "option --port needs a value"},
    {"--config", NULL, NULL, "option --config needs a value"},
    {"stray", NULL, NULL, "unexpected argument \"stray\""},
    {NULL, "MODELSCALE_PORT=x", NULL, "environment MODELSCALE_PORT:"},
    {NULL, "MODELSCALE_CONFIG=/nonexistent/m.json", NULL,
     "cannot open /nonexistent/m.json"},
    {NULL, NULL, "{\"port\": \"8080\"}", ": port must be a number"},
    {NULL, NULL, "{\"port\": 80.5}", "port: \"80.5\" is not an integer"},
    {NULL, NULL, "{\"prot\": 1}", "unknown setting \"prot\""},
    /* found by fuzz_config: a key with a newline split the error line */
    {NULL, NULL, "{\"c0,\n\nors\": 1}",
     "unknown setting \"c0,\\x0A\\x0Aors\""},
    {NULL, NULL, "{\"access_log\": 1}", "access_log must be true or false"},
    {NULL, NULL, "{\"cors_origins\": [1]}", "cors_origins must be"},
    {NULL, NULL, "[1]", "not a JSON object"},
    {NULL, NULL, "{\"port\": 1", "not a JSON object"},
};

START_TEST(refuses)
{
    char *args[] = {(char *)mistakes[_i].arg};
    char file_env[128];
    char *envp[] = {(char *)mistakes[_i].env, NULL};

    if (mistakes[_i].file != NULL) {
        snprintf(file_env, sizeof(file_env), "MODELSCALE_CONFIG=%s",
                 write_file(mistakes[_i].file));
        envp[0] = file_env;
    }
    ck_assert_int_eq(load(mistakes[_i].arg != NULL, args, envp),
                     SVC_EINVAL);
    ck_assert_msg(strstr(err, mistakes[_i].line) != NULL,
                  "error \"%s\" lacks \"%s\"", err, mistakes[_i].line);
    ck_assert_ptr_null(strchr(err, '\n')); /* one line */
}
END_TEST

START_TEST(shipped_file_states_defaults)
{
    struct config d;
    char env[1100];
    char *envp[] = {env, NULL};

    snprintf(env, sizeof(env), "MODELSCALE_CONFIG=%s",
             MODELSCALE_SOURCE_DIR "/config/modelscale.json");
    ck_assert_msg(load(0, NULL, envp) == SVC_OK, "%s", err);
    config_defaults(&d);
    ck_assert_int_eq(memcmp(&cfg, &d, sizeof(d)), 0);
}
END_TEST

START_TEST(read_file_limits)
{
    char *text = NULL;
    size_t len = 0;

    ck_assert_int_eq(config_read_file(write_file("12345"), 5, &text, &len,
                                      err, sizeof(err)),
                     SVC_OK);
    ck_assert_str_eq(text, "12345");
    ck_assert_uint_eq(len, 5);
    free(text);
    ck_assert_int_ne(config_read_file(path, 4, &text, &len, err,
                                      sizeof(err)),
                     SVC_OK);
    ck_assert_ptr_null(text);
    ck_assert_ptr_nonnull(strstr(err, "larger than 4 bytes"));
}
END_TEST

START_TEST(help_lists_every_setting)
{
    char buf[4096] = {0};
    FILE *out = fmemopen(buf, sizeof(buf) - 1, "w");

    config_print_help(out);
    fclose(out);
    ck_assert_ptr_nonnull(strstr(buf, "--connection-timeout"));
    ck_assert_ptr_nonnull(strstr(buf, "MODELSCALE_CONNECTION_TIMEOUT"));
    ck_assert_ptr_nonnull(strstr(buf, "--port"));
    ck_assert_ptr_nonnull(strstr(buf, "8080"));
}
END_TEST

Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc;

    tc = tcase_create("sources");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, precedence);
    tcase_add_test(tc, config_flag);
    tcase_add_test(tc, shipped_file_states_defaults);
    tcase_add_test(tc, read_file_limits);
    tcase_add_test(tc, help_lists_every_setting);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_loop_test(tc, refuses, 0,
                        sizeof(mistakes) / sizeof(mistakes[0]));
    suite_add_tcase(s, tc);
    return s;
}
