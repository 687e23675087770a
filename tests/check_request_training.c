/* check_request_training.c - unit tests of request_training.c and
 * answer_training.c: the issue's figures through the request, the
 * defaults, the same question from either carrier, the budget both
 * ways, every refusal with its field, and the answer's shape.  The
 * catalog and the GPUs are this file's own, so that no figure moves
 * when the shipped ones do. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/answer_training.h"
#include "api/json_text.h"
#include "api/request_training.h"
#include "suites.h"

#define GB 1000000000ULL
#define LLAMA_2_7B 6738415616ULL

static const struct compare_model mine[] = {
    {.name = "seven", .name_len = 5, .parameters = LLAMA_2_7B,
     .kind = COMPARE_KIND_DENSE, .basis = COMPARE_BASIS_EXACT},
    {.name = "moe", .name_len = 3, .parameters = 46700000000ULL,
     .active_parameters = 12900000000ULL, .kind = COMPARE_KIND_MOE},
};
static const struct catalog catalogs[] = {
    {SUBJECT_DEFAULT_CATALOG, "this test's models", mine, 2, NULL},
};
static const struct gpu gpus[] = {
    {"a100", "A100", 80 * GB, 2039 * GB, 312e12, 0, "x", NULL},
    {"h100", "H100", 80 * GB, 3350 * GB, 989.4e12, 1978.9e12, "x", NULL},
};

static struct problem pb;
static struct training_answer t;
static cJSON *doc;

static void setup(void)
{
    memset(&pb, 0, sizeof(pb));
    doc = NULL;
}

static void teardown(void)
{
    cJSON_Delete(doc);
}

#define Q(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Asks the query of up to 10 "key=value" arguments kv. */
static enum svc_status ask_query(const char *const *kv)
{
    static char text[10][64];
    struct query_arg args[10];
    struct request rq = {args, 0, NULL, 0};

    memset(&pb, 0, sizeof(pb));
    for (; kv[rq.nargs] != NULL; rq.nargs++) {
        char *eq;

        ck_assert_uint_lt(rq.nargs, 10);
        snprintf(text[rq.nargs], sizeof(text[0]), "%s", kv[rq.nargs]);
        eq = strchr(text[rq.nargs], '=');
        ck_assert_ptr_nonnull(eq);
        *eq = '\0';
        args[rq.nargs].key = text[rq.nargs];
        args[rq.nargs].value = eq + 1;
        args[rq.nargs].value_len = strlen(eq + 1);
    }
    return training_request_answer(&rq, catalogs, 1, gpus, 2, &t, &pb);
}

/* Asks the JSON body json. */
static enum svc_status ask_body(const char *json)
{
    struct request rq = {NULL, 0, NULL, 0};

    memset(&pb, 0, sizeof(pb));
    cJSON_Delete(doc);
    doc = NULL;
    ck_assert_int_eq(json_text_parse(json, strlen(json), &doc, &pb),
                     SVC_OK);
    rq.body = doc;
    return training_request_answer(&rq, catalogs, 1, gpus, 2, &t, &pb);
}

START_TEST(issue_figures)
{
    /* Llama-2-7B on 2T tokens at mfu 1 on the A100's 312 TFLOPS:
     * 6 x 6,738,415,616 x 2e12 = 8.0860987392e22 FLOP; / 312e12 / 3600
     * = 71,991.62 GPU-hours, so Meta's 184,320 imply 0.3906. */
    ck_assert_int_eq(ask_query(Q("model=seven", "tokens=2T", "gpu=a100",
                                 "mfu=1")),
                     SVC_OK);
    ck_assert_int_eq(t.ask, TRAINING_ASK_COST);
    ck_assert_ptr_eq(t.subject.model, &mine[0]);
    ck_assert_double_eq_tol(t.plan.compute.flops, 8.0860987392e22, 1e8);
    ck_assert_double_eq_tol(t.plan.time.gpu_hours, 71991.62, 0.01);
    ck_assert_double_eq_tol(t.plan.time.gpu_hours / 184320, 0.3906,
                            0.0001);
    /* on the one GPU of the default: 71,991.62 / 24 = 2,999.65 days */
    ck_assert_uint_eq(t.gpus, 1);
    ck_assert_double_eq_tol(t.plan.time.days, 2999.65, 0.01);
}
END_TEST

START_TEST(defaults)
{
    /* mfu 0.4, bf16, one GPU, ZeRO 0, 20 tokens a parameter (6.738e9
     * x 20 = 134,768,312,320), no price, no repeated data. */
    ck_assert_int_eq(ask_query(Q("model=seven", "gpu=h100")), SVC_OK);
    ck_assert_double_eq(t.mfu, 0.4);
    ck_assert_int_eq(t.dtype, DTYPE_PEAK_BF16);
    ck_assert_double_eq(t.plan.peak, 989.4e12);
    ck_assert_uint_eq(t.gpus, 1);
    ck_assert_int_eq(t.zero, 0);
    ck_assert_int_eq(t.plan.tokens_default, 1);
    ck_assert_double_eq(t.plan.tokens, 134768312320.0);
    ck_assert_int_eq(t.plan.priced, 0);
    ck_assert_int_eq(t.plan.repeated, 0);
}
END_TEST

/* The same question in a query and in a body plans the same run. */
START_TEST(both_carriers)
{
    struct training_plan q;

    ck_assert_int_eq(ask_query(Q("model=moe", "tokens=1T", "gpu=h100",
                                 "gpus=64", "mfu=0.4", "dtype=fp8",
                                 "price_per_gpu_hour=2", "zero=3",
                                 "unique_tokens=250B")),
                     SVC_OK);
    q = t.plan;
    ck_assert_int_eq(ask_body("{\"model\": \"moe\", \"tokens\": 1e12, "
                              "\"gpu\": \"h100\", \"gpus\": 64, \"mfu\": "
                              "\"0.4\", \"dtype\": \"fp8\", "
                              "\"price_per_gpu_hour\": 2, \"zero\": 3, "
                              "\"unique_tokens\": \"250B\"}"),
                     SVC_OK);
    ck_assert_double_eq(t.plan.compute.flops, q.compute.flops);
    ck_assert_double_eq(t.plan.cost.cost, q.cost.cost);
    ck_assert_uint_eq(t.plan.zero.per_gpu, q.zero.per_gpu);
    ck_assert_double_eq(t.plan.repeat.effective, q.repeat.effective);
    /* 6 x 12.9e9 active x 1e12 = 7.74e22 at the FP8 peak: / (1978.9e12
     * x 0.4) = 9.77816e7 s, 27,161.55 GPU-hours, 54,323.11 at 2.
     * ZeRO 3 of the 46.7e9 total on 64: 16 x 46.7e9 / 64 = 11,675,000,000.  4
     * epochs: D' = 3.72588 x 250B. */
    ck_assert_double_eq_tol(t.plan.time.gpu_hours, 27161.55, 0.01);
    ck_assert_double_eq_tol(t.plan.cost.cost, 54323.11, 0.01);
    ck_assert_uint_eq(t.plan.zero.per_gpu, 11675000000ULL);
    ck_assert_double_eq_tol(t.plan.repeat.effective / 250e9, 3.72588,
                            0.00001);
}
END_TEST

START_TEST(parameters_and_config)
{
    /* A count with its active share, as a config would give it. */
    ck_assert_int_eq(ask_body("{\"parameters\": \"46.7B\", "
                              "\"active_parameters\": \"12.9B\", "
                              "\"gpu\": \"a100\", \"tokens\": \"1T\"}"),
                     SVC_OK);
    ck_assert_int_eq(t.subject.carrier, SUBJECT_PARAMETERS);
    ck_assert_uint_eq(t.subject.active, 12900000000ULL);
    ck_assert_double_eq_tol(t.plan.compute.flops, 7.74e22, 1e8);
    /* An MLP counted from its config: 784 x 128 + 128 + 128 x 10 + 10
     * = 101,770; 20 x 101,770 tokens = 2,035,400. */
    ck_assert_int_eq(ask_body("{\"config\": {\"model_type\": \"mlp\", "
                              "\"layers\": [784, 128, 10]}, \"gpu\": "
                              "\"a100\"}"),
                     SVC_OK);
    ck_assert_uint_eq(t.subject.parameters, 101770);
    ck_assert_double_eq(t.plan.tokens, 2035400);
}
END_TEST

START_TEST(budgets)
{
    /* 1,024 H100s for 30 days at 0.4: 1,024 x 30 x 86,400 x 989.4e12 x
     * 0.4 = 1.05042935808e24 FLOP. */
    ck_assert_int_eq(ask_query(Q("days=30", "gpus=1024", "gpu=h100")),
                     SVC_OK);
    ck_assert_int_eq(t.ask, TRAINING_ASK_BUDGET);
    ck_assert_double_eq_tol(t.bought.bought.flops, 1.05042935808e24, 1e12);
    ck_assert_double_eq(t.bought.days, 30);
    /* A million at 2 an A100-hour, 0.5 mfu: 500,000 x 3,600 x 312e12 x
     * 0.5 = 2.808e23; on 100 GPUs, 208.33 days. */
    ck_assert_int_eq(ask_body("{\"budget\": \"1M\", "
                              "\"price_per_gpu_hour\": 2, \"gpu\": "
                              "\"a100\", \"mfu\": 0.5, \"gpus\": 100}"),
                     SVC_OK);
    ck_assert_double_eq_tol(t.bought.bought.flops, 2.808e23, 1e11);
    ck_assert_double_eq_tol(t.bought.days, 208.3333, 0.0001);
    ck_assert_double_eq_tol(6 * t.bought.optimal[0].parameters *
                                t.bought.optimal[0].tokens,
                            2.808e23, 2.808e23 * 1e-6);
    /* Without gpus a budget of money says no days. */
    ck_assert_int_eq(ask_query(Q("budget=1M", "price_per_gpu_hour=2",
                                 "gpu=a100")),
                     SVC_OK);
    ck_assert_uint_eq(t.gpus, 0);
    ck_assert_double_eq(t.bought.days, 0);
}
END_TEST

/* Each refusal: the query's, then the body's with its pointer. */
static const struct {
    const char *const *query;
    enum svc_status status;
    const char *detail; /* the query's, exact */
    const char *body;   /* NULL: the query's case only */
    const char *pointer;
} refusals[] = {
    {Q("model=seven", "gpu=a100", "mfu=0"), SVC_EINVAL,
     "mfu \"0\" must be above 0 and at most 1",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"mfu\": 0}", "/mfu"},
    {Q("model=seven", "gpu=a100", "mfu=1.01"), SVC_EINVAL,
     "mfu \"1.01\" must be above 0 and at most 1",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"mfu\": 1.01}", "/mfu"},
    {Q("model=seven", "gpu=a100", "zero=4"), SVC_EINVAL,
     "zero \"4\" must be an integer from 0 to 3",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"zero\": -1}", "/zero"},
    {Q("model=seven", "gpu=a100", "unique_tokens=0.5"), SVC_EINVAL,
     "unique_tokens \"0.5\" is below 1",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"unique_tokens\": 0}",
     "/unique_tokens"},
    {Q("model=seven", "gpu=a100", "tokens=1T", "unique_tokens=2T"),
     SVC_EINVAL,
     "unique_tokens 2.0T is above tokens 1.0T: a run cannot see more "
     "distinct tokens than it trains on",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"unique_tokens\": "
     "\"200B\"}",
     "/unique_tokens"},
    {Q("model=seven", "gpu=a100", "gpus=0"), SVC_EINVAL,
     "gpus \"0\" must be an integer from 1 to 10000000",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"gpus\": 10000001}",
     "/gpus"},
    {Q("model=seven", "gpu=a100", "price_per_gpu_hour=-2"), SVC_EINVAL,
     "price_per_gpu_hour \"-2\" is negative",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"price_per_gpu_hour\": "
     "0}",
     "/price_per_gpu_hour"},
    {Q("days=0", "gpus=8", "gpu=a100"), SVC_EINVAL,
     "days \"0\" must be above 0",
     "{\"days\": -1, \"gpus\": 8, \"gpu\": \"a100\"}", "/days"},
    {Q("budget=0", "price_per_gpu_hour=2", "gpu=a100"), SVC_EINVAL,
     "budget \"0\" must be above 0",
     "{\"budget\": 0, \"price_per_gpu_hour\": 2, \"gpu\": \"a100\"}",
     "/budget"},
    {Q("parameters=1e18", "tokens=1e23", "gpu=a100"), SVC_EINVAL,
     "tokens 1.00e23: training FLOPs are above 10^40 (6 x 1000000.0T "
     "active parameters x 1.00e23 tokens = 6.00e41)",
     "{\"parameters\": \"1e18\", \"tokens\": 1e23, \"gpu\": \"a100\"}",
     "/tokens"},
    {Q("parameters=0", "gpu=a100"), SVC_EINVAL, "parameters \"0\" is zero",
     "{\"parameters\": 0, \"gpu\": \"a100\"}", "/parameters"},
    {Q("gpu=a100"), SVC_EINVAL,
     "say what to plan: a model (model, config or parameters) for what "
     "training it costs, or days or budget for what they buy",
     "{\"gpu\": \"a100\"}", "/model"},
    {Q("model=seven"), SVC_EINVAL,
     "gpu is required: one of the ids GET /gpus lists, e.g. "
     "\"a100-sxm-80gb\"",
     "{\"model\": \"seven\"}", "/gpu"},
    {Q("model=seven", "gpu=v100"), SVC_ENOTFOUND,
     "unknown gpu \"v100\"; GET /gpus lists them",
     "{\"model\": \"seven\", \"gpu\": \"v100\"}", "/gpu"},
    {Q("model=seven", "gpu=a100", "dtype=fp8"), SVC_EINVAL,
     "dtype fp8 needs a GPU with an FP8 tensor peak, and a100 has none "
     "(GET /gpus shows its fp8_tflops as null); use bf16",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"dtype\": \"fp8\"}",
     "/dtype"},
    {Q("model=seven", "gpu=a100", "dtype=fp16"), SVC_EINVAL,
     "dtype \"fp16\" must be bf16 or fp8",
     "{\"model\": \"seven\", \"gpu\": \"a100\", \"dtype\": \"fp16\"}",
     "/dtype"},
    {Q("model=nine", "gpu=a100"), SVC_ENOTFOUND,
     "unknown model \"nine\" in catalog reference; GET "
     "/models?catalog=reference lists its models",
     "{\"model\": \"nine\", \"gpu\": \"a100\"}", "/model"},
    {Q("model=seven", "days=1", "gpu=a100"), SVC_EINVAL,
     "model and days ask two questions: give a model for what its "
     "training costs, or days or budget for what they buy",
     "{\"parameters\": 7e9, \"budget\": 1, \"gpu\": \"a100\"}",
     "/parameters"},
    {Q("days=1", "gpus=8", "zero=1", "gpu=a100"), SVC_EINVAL,
     "zero is for a model's training: a budget is split into the "
     "compute-optimal parameters and tokens",
     "{\"days\": 1, \"gpus\": 8, \"tokens\": 1e12, \"gpu\": \"a100\"}",
     "/tokens"},
    {Q("days=1", "budget=5", "gpus=8", "price_per_gpu_hour=1", "gpu=a100"),
     SVC_EINVAL,
     "give days (with gpus) or budget (with price_per_gpu_hour), not both",
     "{\"days\": 1, \"budget\": 5, \"gpus\": 8, \"price_per_gpu_hour\": 1, "
     "\"gpu\": \"a100\"}",
     "/budget"},
    {Q("days=1", "gpu=a100"), SVC_EINVAL,
     "days needs gpus: how many GPUs the days are for",
     "{\"days\": 1, \"gpu\": \"a100\"}", "/gpus"},
    {Q("budget=1000", "gpu=a100"), SVC_EINVAL,
     "budget needs price_per_gpu_hour: what one GPU-hour costs, in the "
     "budget's currency",
     "{\"budget\": 1000, \"gpu\": \"a100\"}", "/price_per_gpu_hour"},
    {Q("days=0.000000000000000000001", "gpus=1", "gpu=a100"), SVC_EINVAL,
     "days 1e-21: the compute bought is below the least the fits split "
     "into one parameter and one token (about 378 FLOP)",
     "{\"days\": 1e-21, \"gpus\": 1, \"gpu\": \"a100\"}", "/days"},
    {Q("budget=1e40", "price_per_gpu_hour=0.001", "gpu=a100"), SVC_EINVAL,
     "budget 1e+40: the compute bought is above 10^40 FLOP",
     "{\"budget\": 1e40, \"price_per_gpu_hour\": 0.001, \"gpu\": "
     "\"a100\"}",
     "/budget"},
    {Q("model=seven", "gpu=a100", "tokens=1T", "batch=8"), SVC_EMALFORMED,
     "unknown query parameter \"batch\" (expected model, catalog, config, "
     "parameters, active_parameters, tokens, gpu, gpus, mfu, dtype, "
     "price_per_gpu_hour, zero, unique_tokens, days, budget)",
     NULL, NULL},
    {Q("config=x", "gpu=a100"), SVC_EINVAL,
     "config is an architecture, a JSON object (a config.json): send it "
     "in a POST body, which a query cannot carry",
     "{\"config\": {\"model_type\": \"llama\"}, \"gpu\": \"a100\"}",
     "/config/hidden_size"},
};

START_TEST(refuses)
{
    enum svc_status st = ask_query(refusals[_i].query);

    ck_assert_int_eq(st, refusals[_i].status);
    ck_assert_str_eq(pb.detail, refusals[_i].detail);
    ck_assert_int_eq(pb.has_pointer, 0);
    if (refusals[_i].body == NULL)
        return;
    st = ask_body(refusals[_i].body);
    ck_assert_msg(st != SVC_OK, "%s: accepted", refusals[_i].body);
    ck_assert_int_eq(pb.has_pointer, 1);
    ck_assert_str_eq(pb.pointer, refusals[_i].pointer);
}
END_TEST

/* The answer, printed and read back. */
static cJSON *answer_of(void)
{
    struct text_buf out;
    cJSON *a = NULL;

    text_buf_init(&out);
    ck_assert_int_eq(answer_training(&t, &out), SVC_OK);
    ck_assert_int_eq(json_text_parse(out.text, out.len, &a, &pb), SVC_OK);
    text_buf_cleanup(&out);
    return a;
}

static double num(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);

    if (b != NULL)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    ck_assert_msg(cJSON_IsNumber(x), "%s/%s is not a number", a,
                  b ? b : "");
    return x->valuedouble;
}

START_TEST(answer_cost)
{
    cJSON *a, *m;

    ck_assert_int_eq(ask_query(Q("model=seven", "tokens=2T", "gpu=a100",
                                 "mfu=1", "gpus=8", "zero=2",
                                 "price_per_gpu_hour=2",
                                 "unique_tokens=100B")),
                     SVC_OK);
    a = answer_of();
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(a,
                                                              "question")),
                     "cost");
    ck_assert_double_eq(num(a, "model", "parameters"), LLAMA_2_7B);
    ck_assert_double_eq_tol(num(a, "time", "gpu_hours"), 71991.62, 0.01);
    /* 71,991.62 x 2 = 143,983.24 */
    ck_assert_double_eq_tol(num(a, "cost", "total"), 143983.24, 0.01);
    /* ZeRO 2 on 8: weights 2 x 6,738,415,616 = 13,476,831,232 whole,
     * gradients and optimizer 14 x 6,738,415,616 / 8 = 11,792,227,328:
     * 25,269,058,560 of 80 GB, 54,730,941,440 spare. */
    m = cJSON_GetObjectItem(a, "memory");
    ck_assert_double_eq(num(cJSON_GetObjectItem(m, "weights"), "per_gpu",
                            "bytes"),
                        13476831232.0);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(
        cJSON_GetObjectItem(m, "weights"), "sharded")));
    ck_assert_double_eq(num(m, "per_gpu", "bytes"), 25269058560.0);
    ck_assert_double_eq(num(m, "headroom", "bytes"), 54730941440.0);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m,
                                                              "activations")),
                     "excluded");
    /* 20 epochs: above 16, the warning that repeats add almost nothing */
    m = cJSON_GetObjectItem(a, "repeated_data");
    ck_assert_double_eq(num(a, "repeated_data", "epochs"), 20);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m, "warning")),
                     TRAINING_WARNING_EPOCHS_16);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(m, "loss")), 2);
    m = cJSON_GetObjectItem(a, "assumptions");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m, "mfu")),
                     TRAINING_ASSUMPTION_MFU);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(m, "repeated_data"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(m, "cost"));
    cJSON_Delete(a);
}
END_TEST

START_TEST(answer_budget)
{
    cJSON *a;

    ck_assert_int_eq(ask_query(Q("budget=1M", "price_per_gpu_hour=2",
                                 "gpu=a100")),
                     SVC_OK);
    a = answer_of();
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(a, "by")),
                     "money");
    /* 500,000 GPU-hours x 3,600 x 312e12 x 0.4 = 2.2464e23 */
    ck_assert_double_eq(num(a, "gpu_hours", NULL), 500000);
    ck_assert_double_eq_tol(num(a, "compute", NULL), 2.2464e23, 1e11);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(a, "days")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(a, "gpus")));
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(a,
                                                            "predictions")),
                     2);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(a, "range"));
    cJSON_Delete(a);
}
END_TEST

Suite *request_training_suite(void)
{
    Suite *s = suite_create("request_training");
    TCase *tc;

    tc = tcase_create("cost");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, issue_figures);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, both_carriers);
    tcase_add_test(tc, parameters_and_config);
    suite_add_tcase(s, tc);

    tc = tcase_create("budget");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, budgets);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, refuses, 0,
                        sizeof(refusals) / sizeof(refusals[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("answer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, answer_cost);
    tcase_add_test(tc, answer_budget);
    suite_add_tcase(s, tc);
    return s;
}
