/* check_metrics.c - unit tests of metrics.c: counting, and the
 * exposition text. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "api/metrics.h"
#include "suites.h"

static const char *const method[] = {"GET", "POST"};
static const char *const path[] = {"/compare", "/compare"};

/* The exposition text of m; the caller frees it. */
static char *exposition(struct metrics *m)
{
    struct text_buf out;
    size_t len;
    char *text;

    text_buf_init(&out);
    ck_assert_int_eq(metrics_write(m, "9.9.9", &out), SVC_OK);
    text = text_buf_release(&out, &len);
    ck_assert_ptr_nonnull(text);
    return text;
}

#define HAS(text, line) \
    ck_assert_msg(strstr(text, line "\n") != NULL, "no line: %s", line)

START_TEST(counts)
{
    static struct metrics m;
    char *text;

    ck_assert_int_eq(metrics_init(&m, 1700000000.5, method, path, 2),
                     SVC_OK);
    for (int i = 0; i < 3; i++)
        metrics_begin(&m);
    metrics_end(&m, 0, 200, 1413, 0.0002);
    metrics_end(&m, 0, 200, 1413, 0.003);
    metrics_end(&m, 1, 422, 100, 20.0); /* beyond the last bound */
    metrics_begin(&m);
    metrics_end(&m, 7, 418, 0, 0.0); /* no route; an unlisted status */
    metrics_begin(&m);                /* still in flight */
    text = exposition(&m);
    HAS(text, "modelscale_requests_total{method=\"GET\",route=\"/compare\","
              "status=\"200\"} 2");
    HAS(text, "modelscale_requests_total{method=\"POST\",route=\"/compare\","
              "status=\"422\"} 1");
    HAS(text, "modelscale_requests_total{method=\"\",route=\"none\","
              "status=\"other\"} 1");
    /* Buckets are cumulative: 0.0002 s is under 0.00025, 0.003 s under
     * 0.005; 20 s only under +Inf. */
    HAS(text, "modelscale_request_duration_seconds_bucket{method=\"GET\","
              "route=\"/compare\",le=\"0.0001\"} 0");
    HAS(text, "modelscale_request_duration_seconds_bucket{method=\"GET\","
              "route=\"/compare\",le=\"0.00025\"} 1");
    HAS(text, "modelscale_request_duration_seconds_bucket{method=\"GET\","
              "route=\"/compare\",le=\"0.005\"} 2");
    HAS(text, "modelscale_request_duration_seconds_bucket{method=\"POST\","
              "route=\"/compare\",le=\"10\"} 0");
    HAS(text, "modelscale_request_duration_seconds_bucket{method=\"POST\","
              "route=\"/compare\",le=\"+Inf\"} 1");
    HAS(text, "modelscale_request_duration_seconds_sum{method=\"GET\","
              "route=\"/compare\"} 0.003200");
    HAS(text, "modelscale_request_duration_seconds_count{method=\"GET\","
              "route=\"/compare\"} 2");
    HAS(text, "modelscale_requests_in_flight 1");
    HAS(text, "modelscale_response_bytes_total 2926");
    HAS(text, "process_start_time_seconds 1700000000.500");
    HAS(text, "modelscale_build_info{version=\"9.9.9\"} 1");
    free(text);
}
END_TEST

START_TEST(limits)
{
    static struct metrics m;
    const char *many[METRICS_ROUTES_MAX + 1];
    char long_path[METRICS_LABELS_MAX];

    for (size_t i = 0; i <= METRICS_ROUTES_MAX; i++)
        many[i] = "/x";
    ck_assert_int_eq(metrics_init(&m, 0, many, many, METRICS_ROUTES_MAX + 1),
                     SVC_EINTERNAL);
    memset(long_path, 'a', sizeof(long_path) - 1);
    long_path[sizeof(long_path) - 1] = '\0';
    many[0] = long_path;
    ck_assert_int_eq(metrics_init(&m, 0, method, many, 1), SVC_EINTERNAL);
}
END_TEST

Suite *metrics_suite(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("exposition");

    tcase_add_test(tc, counts);
    tcase_add_test(tc, limits);
    suite_add_tcase(s, tc);
    return s;
}
