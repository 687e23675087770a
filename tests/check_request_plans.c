/* check_request_plans.c - unit tests of request_fit.c and
 * request_scaling.c: defaults, the same question from either carrier,
 * every refusal, and figures worked by hand.  The catalogs are the
 * built-in one and a small one of this file's, never the reference
 * catalog, whose figures change. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/json_text.h"
#include "api/request_fit.h"
#include "api/request_scaling.h"
#include "modelscale/estimate.h"
#include "suites.h"

#define MODEL(n, p, active)                                                \
    {.name = n, .name_len = sizeof(n) - 1, .parameters = p,                \
     .active_parameters = active,                                          \
     .kind = (active) ? COMPARE_KIND_MOE : COMPARE_KIND_DENSE}

/* Input order differs from need order; "tie" needs what "seven" does. */
static const struct compare_model mine[] = {
    MODEL("three", 3, 0),
    MODEL("seven", 7000000000ULL, 0),
    MODEL("big", 70000000000ULL, 0),
    MODEL("moe", 46700000000ULL, 12900000000ULL),
    MODEL("tie", 7000000000ULL, 0),
};
#define MINE (sizeof(mine) / sizeof(mine[0]))

static struct catalog catalogs[2];
static struct problem pb;
static cJSON *doc;
static struct fit_answer fit;

static void setup(void)
{
    catalogs[0].name = "default";
    catalogs[0].description = "the built-in models";
    catalogs[0].models = catalog_builtin(&catalogs[0].count);
    /* What /fit reads when no catalog is named. */
    catalogs[1].name = FIT_DEFAULT_CATALOG;
    catalogs[1].description = "this test's models";
    catalogs[1].models = mine;
    catalogs[1].count = MINE;
    memset(&pb, 0, sizeof(pb));
    memset(&fit, 0, sizeof(fit));
    doc = NULL;
}

static void teardown(void)
{
    fit_answer_cleanup(&fit);
    cJSON_Delete(doc);
}

/* A request from a query of up to 4 "key=value" arguments. */
struct query {
    struct query_arg args[4];
    size_t n;
};

static void query_of(struct query *q, const char *const *kv)
{
    static char text[4][64];

    memset(q, 0, sizeof(*q));
    for (; kv[q->n] != NULL; q->n++) {
        char *eq;

        snprintf(text[q->n], sizeof(text[q->n]), "%s", kv[q->n]);
        eq = strchr(text[q->n], '=');
        ck_assert_ptr_nonnull(eq);
        *eq = '\0';
        q->args[q->n].key = text[q->n];
        q->args[q->n].value = eq + 1;
        q->args[q->n].value_len = strlen(eq + 1);
    }
}

static enum svc_status fit_query(const char *const *kv, size_t ncatalogs)
{
    struct query q;
    struct request rq = {NULL, 0, NULL, 0};

    query_of(&q, kv);
    rq.args = q.args;
    rq.nargs = q.n;
    fit_answer_cleanup(&fit);
    return fit_request_answer(&rq, catalogs, ncatalogs, NULL, 0, &fit,
                              &pb);
}

static enum svc_status fit_body(const char *json)
{
    struct request rq = {NULL, 0, NULL, 0};

    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(json, strlen(json), &doc, &pb),
                     SVC_OK);
    rq.body = doc;
    fit_answer_cleanup(&fit);
    return fit_request_answer(&rq, catalogs, 2, NULL, 0, &fit, &pb);
}

#define Q(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Asserts that need i of fit is model `name` needing `bytes`. */
static void need_is(size_t i, const char *name, uint64_t bytes)
{
    ck_assert_str_eq(fit.needs[i].model->name, name);
    ck_assert_uint_eq(fit.needs[i].bytes, bytes);
}

START_TEST(fit_defaults)
{
    /* bf16 inference in the default catalog: 7e9 x 2 bytes x 1.2 =
     * 16.8e9 bytes, which fits in exactly 16.8 GB. */
    ck_assert_int_eq(fit_query(Q("memory=16.8GB"), 2), SVC_OK);
    ck_assert_ptr_eq(fit.catalog, &catalogs[1]);
    ck_assert_uint_eq(fit.memory, 16800000000ULL);
    ck_assert_int_eq(fit.dtype, ESTIMATE_BF16);
    ck_assert_int_eq(fit.mode, ESTIMATE_INFERENCE);
    /* Largest need first; equal needs in input order. */
    need_is(0, "big", 168000000000ULL);  /* 70e9 x 2 x 1.2 */
    need_is(1, "moe", 112080000000ULL);  /* the total, not the active */
    need_is(2, "seven", 16800000000ULL);
    need_is(3, "tie", 16800000000ULL);
    need_is(4, "three", 8);              /* 6 x 1.2 = 7.2, rounded up */
    ck_assert_uint_eq(fit.first_fit, 2);
}
END_TEST

START_TEST(fit_one_byte_short)
{
    ck_assert_int_eq(fit_query(Q("memory=16799999999"), 2), SVC_OK);
    ck_assert_uint_eq(fit.first_fit, 4);
    ck_assert_int_eq(fit_query(Q("memory=7"), 2), SVC_OK);
    ck_assert_uint_eq(fit.first_fit, MINE); /* none fits */
}
END_TEST

/* The figures of each mode and dtype, by hand. */
static const struct {
    const char *dtype, *mode;
    uint64_t seven, three; /* the needs of 7e9 and of 3 parameters */
} modes[] = {
    {"fp32", "weights", 28000000000ULL, 12},
    {"bf16", "weights", 14000000000ULL, 6},
    {"fp8", "weights", 7000000000ULL, 3},
    {"int4", "weights", 3500000000ULL, 2}, /* 1.5 rounded up */
    {"fp32", "inference", 33600000000ULL, 15}, /* 12 x 1.2 = 14.4 */
    {"int8", "inference", 8400000000ULL, 4},   /* 3.6 */
    {"int4", "inference", 4200000000ULL, 3},   /* 2 x 1.2 = 2.4 */
    {"bf16", "training", 112000000000ULL, 48}, /* 16 a parameter */
    {"fp16", "training", 112000000000ULL, 48},
};

START_TEST(fit_modes)
{
    char dtype[32], mode[32];

    snprintf(dtype, sizeof(dtype), "dtype=%s", modes[_i].dtype);
    snprintf(mode, sizeof(mode), "mode=%s", modes[_i].mode);
    ck_assert_int_eq(fit_query(Q("memory=1TB", dtype, mode), 2), SVC_OK);
    ck_assert_str_eq(estimate_dtype_name(fit.dtype), modes[_i].dtype);
    ck_assert_str_eq(estimate_mode_name(fit.mode), modes[_i].mode);
    need_is(2, "seven", modes[_i].seven);
    need_is(4, "three", modes[_i].three);
}
END_TEST

START_TEST(fit_training_without_dtype)
{
    ck_assert_int_eq(fit_query(Q("memory=1TB", "mode=training"), 2), SVC_OK);
    ck_assert_int_eq(fit.dtype, ESTIMATE_BF16);
    need_is(2, "seven", 112000000000ULL);
}
END_TEST

START_TEST(fit_other_catalog)
{
    size_t builtin;

    catalog_builtin(&builtin);
    ck_assert_int_eq(fit_query(Q("memory=1GB", "catalog=default"), 2),
                     SVC_OK);
    ck_assert_ptr_eq(fit.catalog, &catalogs[0]);
    for (size_t i = 0; i < builtin; i++) {
        ck_assert(fit.needs[i].model >= catalogs[0].models);
        ck_assert(fit.needs[i].model < catalogs[0].models + builtin);
    }
}
END_TEST

/* The same question from a query and from a body. */
START_TEST(fit_both_ways)
{
    struct estimate_need q[MINE];
    size_t first;

    ck_assert_int_eq(fit_query(Q("memory=24GB", "dtype=int4",
                                 "mode=weights", "catalog=reference"),
                               2),
                     SVC_OK);
    memcpy(q, fit.needs, sizeof(q));
    first = fit.first_fit;
    ck_assert_int_eq(fit_body("{\"memory\": \"24GB\", \"dtype\": \"int4\", "
                              "\"mode\": \"weights\", \"catalog\": "
                              "\"reference\"}"),
                     SVC_OK);
    ck_assert_uint_eq(fit.first_fit, first);
    ck_assert_uint_eq(fit.memory, 24000000000ULL);
    ck_assert_int_eq(fit.dtype, ESTIMATE_INT4);
    ck_assert_int_eq(fit.mode, ESTIMATE_WEIGHTS);
    ck_assert_int_eq(memcmp(fit.needs, q, sizeof(q)), 0);
    /* A body may give the bytes as a number. */
    ck_assert_int_eq(fit_body("{\"mode\": \"weights\", \"memory\": "
                              "24000000000, \"dtype\": \"int4\"}"),
                     SVC_OK);
    ck_assert_int_eq(memcmp(fit.needs, q, sizeof(q)), 0);
}
END_TEST

#define TRAINING_WITH(d)                                                   \
    "dtype " d " does not go with mode training, which assumes "          \
    "mixed-precision AdamW with bf16 or fp16 weights (16 bytes a "        \
    "parameter)"
#define NO_MEMORY                                                          \
    "memory is required: the memory to fit in, e.g. \"24GB\" or "        \
    "\"80GiB\" (or gpu, a GPU of GET /gpus, to fit on GPUs with the "    \
    "exact KV cache)"

static const struct {
    const char *const *query;
    enum svc_status qstatus;
    const char *body;
    enum svc_status bstatus;
    const char *detail;  /* exact, the same both ways; NULL: not checked */
    const char *pointer; /* the body's; NULL: not checked */
} fit_bad[] = {
    {Q("dtype=int4"), SVC_EINVAL, "{\"dtype\": \"int4\"}", SVC_EINVAL,
     NO_MEMORY, NULL},
    {Q("mode=training", "memory=1TB", "dtype=fp32"), SVC_EINVAL,
     "{\"mode\": \"training\", \"memory\": \"1TB\", \"dtype\": \"fp32\"}",
     SVC_EINVAL, TRAINING_WITH("fp32"), NULL},
    /* The check runs after every field is read, whatever their order. */
    {Q("dtype=int4", "memory=1TB", "mode=training"), SVC_EINVAL,
     "{\"dtype\": \"int4\", \"mode\": \"training\", \"memory\": 1e12}",
     SVC_EINVAL, TRAINING_WITH("int4"), NULL},
    {Q("memory=1TB", "catalog=nope"), SVC_ENOTFOUND,
     "{\"memory\": 1, \"catalog\": \"nope\"}", SVC_ENOTFOUND,
     "unknown catalog \"nope\"; GET /catalogs lists them", NULL},
    /* memory is required before the catalog is looked for */
    {Q("catalog=nope"), SVC_EINVAL, "{\"catalog\": \"nope\"}", SVC_EINVAL,
     NO_MEMORY, NULL},
    {Q("memory=1TB", "dtype=fp64"), SVC_EINVAL,
     "{\"memory\": 1, \"dtype\": \"fp64\"}", SVC_EINVAL, NULL, "/dtype"},
    {Q("memory=1TB", "mode=serving"), SVC_EINVAL,
     "{\"memory\": 1, \"mode\": \"serving\"}", SVC_EINVAL, NULL, "/mode"},
    {Q("memory=0"), SVC_EINVAL, "{\"memory\": 0}", SVC_EINVAL, NULL,
     "/memory"},
    /* An unknown query parameter is a 400, an unknown field a 422. */
    {Q("memory=1TB", "size=8"), SVC_EMALFORMED,
     "{\"memory\": 1, \"size\": 8}", SVC_EINVAL, NULL, "/size"},
    /* The GPU fields go with gpu, not with memory (check_request_serving.c
     * has /fit on GPUs). */
    {Q("memory=1TB", "gpus=8"), SVC_EINVAL,
     "{\"memory\": 1, \"gpus\": 8}", SVC_EINVAL,
     "gpus goes with gpu: with memory, /fit uses the rules of thumb, "
     "which know no GPU, context or batch", "/gpus"},
};

START_TEST(fit_refuses)
{
    ck_assert_int_eq(fit_query(fit_bad[_i].query, 2), fit_bad[_i].qstatus);
    if (fit_bad[_i].detail != NULL)
        ck_assert_str_eq(pb.detail, fit_bad[_i].detail);
    ck_assert_ptr_null(fit.needs); /* nothing is left to free */
    ck_assert_int_eq(fit_body(fit_bad[_i].body), fit_bad[_i].bstatus);
    if (fit_bad[_i].detail != NULL)
        ck_assert_str_eq(pb.detail, fit_bad[_i].detail);
    if (fit_bad[_i].pointer != NULL)
        ck_assert_str_eq(pb.pointer, fit_bad[_i].pointer);
    ck_assert_ptr_null(fit.needs);
}
END_TEST

START_TEST(fit_words)
{
    ck_assert_int_eq(fit_query(Q("memory=1TB", "dtype=fp64"), 2),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "dtype \"fp64\" must be fp32, bf16, fp16, "
                                "fp8, int8 or int4");
    ck_assert_int_eq(fit_query(Q("memory=1TB", "mode=serving"), 2),
                     SVC_EINVAL);
    ck_assert_str_eq(pb.detail, "mode \"serving\" must be weights, "
                                "inference or training");
}
END_TEST

START_TEST(fit_without_the_default_catalog)
{
    /* Only "default" is there: /fit's default catalog is missing. */
    ck_assert_int_eq(fit_query(Q("memory=1TB"), 1), SVC_ENOTFOUND);
    ck_assert_str_eq(pb.detail, "unknown catalog \"reference\"; GET "
                                "/catalogs lists them");
    ck_assert_ptr_null(fit.needs);
}
END_TEST

/* A refusal leaves an answer with nothing to free, whatever it held. */
START_TEST(fit_clears_the_answer)
{
    struct fit_answer a;
    struct request rq = {NULL, 0, NULL, 0};

    memset(&a, 0xAB, sizeof(a));
    ck_assert_int_eq(fit_request_answer(&rq, catalogs, 2, NULL, 0, &a,
                                        &pb),
                     SVC_EINVAL);
    ck_assert_ptr_null(a.needs);
    ck_assert_ptr_null(a.catalog);
}
END_TEST

START_TEST(fit_cleanup)
{
    ck_assert_int_eq(fit_query(Q("memory=1TB"), 2), SVC_OK);
    fit_answer_cleanup(&fit);
    ck_assert_ptr_null(fit.needs);
    fit_answer_cleanup(&fit); /* twice */
    fit_answer_cleanup(NULL);
}
END_TEST

/* Scaling. */

static struct scaling_answer sc;

static enum svc_status scaling_query(const char *const *kv)
{
    struct query q;
    struct request rq = {NULL, 0, NULL, 0};

    query_of(&q, kv);
    rq.args = q.args;
    rq.nargs = q.n;
    return scaling_request_answer(&rq, &sc, &pb);
}

static enum svc_status scaling_body(const char *json)
{
    struct request rq = {NULL, 0, NULL, 0};

    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(json, strlen(json), &doc, &pb),
                     SVC_OK);
    rq.body = doc;
    return scaling_request_answer(&rq, &sc, &pb);
}

START_TEST(scaling_loss_by_hand)
{
    /* 1e9 parameters and, by default, 20 tokens each: 2e10 tokens,
     * 6 x 1e9 x 2e10 = 1.2e20 FLOP, 1.2e20 / 8.64e19 PF-days.  The
     * losses are E + A/N^alpha + B/D^beta with each fit's constants,
     * worked out apart: 2.58005 and 2.53005. */
    static const double loss[SCALING_FITS] = {2.5800478722, 2.5300503237};

    ck_assert_int_eq(scaling_query(Q("parameters=1B")), SVC_OK);
    ck_assert_double_eq(sc.compute, 0);
    for (size_t i = 0; i < SCALING_FITS; i++) {
        const struct scaling_prediction *p = &sc.predictions[i];

        ck_assert_ptr_nonnull(p->fit);
        ck_assert_double_eq(p->parameters, 1e9);
        ck_assert_double_eq(p->tokens, 2e10);
        ck_assert_double_eq(p->tokens_per_parameter, 20);
        ck_assert_double_eq_tol(p->training_flops, 1.2e20, 1e6);
        ck_assert_double_eq_tol(p->training_pf_days, 1.2e20 / 8.64e19,
                                1e-12);
        ck_assert_double_eq_tol(p->loss, loss[i], 1e-9);
        ck_assert_str_eq(p->extrapolation, ""); /* inside the range */
    }
    ck_assert_str_eq(sc.predictions[0].fit->name, "chinchilla");
}
END_TEST

START_TEST(scaling_tokens_given)
{
    ck_assert_int_eq(scaling_query(Q("tokens=1.4T", "parameters=70B")),
                     SVC_OK);
    for (size_t i = 0; i < SCALING_FITS; i++) {
        ck_assert_double_eq(sc.predictions[i].parameters, 7e10);
        ck_assert_double_eq(sc.predictions[i].tokens, 1.4e12);
        ck_assert_double_eq(sc.predictions[i].tokens_per_parameter, 20);
        ck_assert_double_eq_tol(sc.predictions[i].training_flops, 5.88e23,
                                1e9);
        /* 70B is above the fits' range */
        ck_assert_ptr_nonnull(strstr(sc.predictions[i].extrapolation,
                                     "70.0B parameters is above"));
    }
}
END_TEST

START_TEST(scaling_compute_split)
{
    ck_assert_int_eq(scaling_query(Q("compute=5.76e23")), SVC_OK);
    ck_assert_double_eq(sc.compute, 5.76e23);
    for (size_t i = 0; i < SCALING_FITS; i++) {
        const struct scaling_prediction *p = &sc.predictions[i];

        /* C = 6ND, up to rounding N and D to whole numbers */
        ck_assert_double_eq(p->training_flops, 5.76e23);
        ck_assert_double_eq_tol(6 * p->parameters * p->tokens / 5.76e23, 1,
                                1e-9);
        ck_assert_double_eq(p->parameters, floor(p->parameters));
        ck_assert_double_eq(p->tokens, floor(p->tokens));
    }
    /* The fits disagree: Chinchilla's puts fewer parameters. */
    ck_assert_double_lt(sc.predictions[0].parameters,
                        sc.predictions[1].parameters);
}
END_TEST

START_TEST(scaling_least_budget)
{
    /* scaling_compute_min() is about 377.65: 378 is enough. */
    ck_assert_int_eq(scaling_query(Q("compute=378")), SVC_OK);
    for (size_t i = 0; i < SCALING_FITS; i++) {
        ck_assert_double_ge(sc.predictions[i].parameters, 1);
        ck_assert_double_ge(sc.predictions[i].tokens, 1);
    }
}
END_TEST

/* The same question from a query and from a body. */
static const struct {
    const char *const *query;
    const char *body;
} same[] = {
    {Q("parameters=70B", "tokens=1.4T"),
     "{\"parameters\": \"70B\", \"tokens\": 1.4e12}"},
    {Q("parameters=7e9"), "{\"parameters\": 7000000000}"},
    {Q("compute=5.76e23"), "{\"compute\": \"5.76e23\"}"},
    {Q("compute=1e20"), "{\"compute\": 1e20}"},
};

START_TEST(scaling_both_ways)
{
    struct scaling_answer q;

    ck_assert_int_eq(scaling_query(same[_i].query), SVC_OK);
    q = sc;
    ck_assert_int_eq(scaling_body(same[_i].body), SVC_OK);
    ck_assert_double_eq(sc.compute, q.compute);
    for (size_t i = 0; i < SCALING_FITS; i++) {
        const struct scaling_prediction *a = &q.predictions[i],
                                        *b = &sc.predictions[i];

        ck_assert_ptr_eq(a->fit, b->fit);
        ck_assert_double_eq(a->parameters, b->parameters);
        ck_assert_double_eq(a->tokens, b->tokens);
        ck_assert_double_eq(a->training_flops, b->training_flops);
        ck_assert_double_eq(a->loss, b->loss);
        ck_assert_str_eq(a->extrapolation, b->extrapolation);
    }
}
END_TEST

#define EITHER                                                             \
    "give either compute (for the compute-optimal parameters and tokens) " \
    "or parameters and tokens (for the loss), not both"
#define NEITHER                                                            \
    "give parameters (and tokens, else 20 per parameter), or compute, "   \
    "e.g. parameters=70B&tokens=1.4T or compute=5.76e23"
#define BELOW(v)                                                           \
    "compute " v " FLOP is below 3.78e2, the least budget the fits split " \
    "into at least one parameter and one token"

static const struct {
    const char *const *query;
    const char *qdetail;
    const char *body;
    const char *bdetail;
    const char *pointer; /* the body's; NULL: none */
} scaling_bad[] = {
    {Q("compute=1e20", "parameters=1B"), EITHER,
     "{\"compute\": 1e20, \"parameters\": \"1B\"}", EITHER, "/compute"},
    {Q("tokens=1T", "compute=1e20"), EITHER,
     "{\"tokens\": \"1T\", \"compute\": 1e20}", EITHER, "/compute"},
    {Q("tokens=1T"), NEITHER, "{\"tokens\": 1e12}", NEITHER,
     "/parameters"},
    /* (an empty query reads as no question at all) */
    {Q("compute=100"), BELOW("\"100\""), "{\"compute\": 100}", BELOW("100"),
     "/compute"},
    /* a number is shown as the client wrote it */
    {Q("compute=377"), BELOW("\"377\""), "{\"compute\": 377.0}",
     BELOW("377.0"), "/compute"},
    {Q("compute=1.5e2"), BELOW("\"1.5e2\""), "{\"compute\": \"1.5e2\"}",
     BELOW("\"1.5e2\""), "/compute"},
    {Q("parameters=0.5"), "parameters \"0.5\" is below 1",
     "{\"parameters\": 0.5}", "parameters 0.5 is below 1", "/parameters"},
    {Q("parameters=0"), "parameters \"0\" is zero",
     "{\"parameters\": 0}", "parameters 0 is zero", "/parameters"},
    {Q("parameters=1B", "tokens=0.5"), "tokens \"0.5\" is below 1",
     "{\"parameters\": 1e9, \"tokens\": 0.5}", "tokens 0.5 is below 1",
     "/tokens"},
    {Q("compute=-1"), "compute \"-1\" is negative", "{\"compute\": -1}",
     "compute -1 is negative", "/compute"},
};

START_TEST(scaling_refuses)
{
    ck_assert_int_eq(scaling_query(scaling_bad[_i].query), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, scaling_bad[_i].qdetail);
    ck_assert_int_eq(pb.has_pointer, 0);
    ck_assert_int_eq(scaling_body(scaling_bad[_i].body), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, scaling_bad[_i].bdetail);
    if (scaling_bad[_i].pointer != NULL)
        ck_assert_str_eq(pb.pointer, scaling_bad[_i].pointer);
}
END_TEST

START_TEST(scaling_empty)
{
    struct request rq = {NULL, 0, NULL, 0};

    ck_assert_int_eq(scaling_request_answer(&rq, &sc, &pb), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, NEITHER);
    ck_assert_int_eq(scaling_body("{}"), SVC_EINVAL);
    ck_assert_str_eq(pb.detail, NEITHER);
}
END_TEST

Suite *request_plans_suite(void)
{
    Suite *s = suite_create("request_plans");
    TCase *tc;

    tc = tcase_create("fit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fit_defaults);
    tcase_add_test(tc, fit_one_byte_short);
    tcase_add_loop_test(tc, fit_modes, 0, sizeof(modes) / sizeof(modes[0]));
    tcase_add_test(tc, fit_training_without_dtype);
    tcase_add_test(tc, fit_other_catalog);
    tcase_add_test(tc, fit_both_ways);
    tcase_add_loop_test(tc, fit_refuses, 0,
                        sizeof(fit_bad) / sizeof(fit_bad[0]));
    tcase_add_test(tc, fit_words);
    tcase_add_test(tc, fit_without_the_default_catalog);
    tcase_add_test(tc, fit_clears_the_answer);
    tcase_add_test(tc, fit_cleanup);
    suite_add_tcase(s, tc);

    tc = tcase_create("scaling");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, scaling_loss_by_hand);
    tcase_add_test(tc, scaling_tokens_given);
    tcase_add_test(tc, scaling_compute_split);
    tcase_add_test(tc, scaling_least_budget);
    tcase_add_loop_test(tc, scaling_both_ways, 0,
                        sizeof(same) / sizeof(same[0]));
    tcase_add_loop_test(tc, scaling_refuses, 0,
                        sizeof(scaling_bad) / sizeof(scaling_bad[0]));
    tcase_add_test(tc, scaling_empty);
    suite_add_tcase(s, tc);
    return s;
}
