/* request_training.c - reading, checking and planning /training. */
#include "api/request_training.h"

#include <string.h>

#include "api/field.h"
#include "modelscale/estimate.h"
#include "modelscale/numfmt.h"
#include "modelscale/params.h"

enum {
    F_MODEL, F_CATALOG, F_CONFIG, F_PARAMETERS, F_ACTIVE, /* the model */
    F_TOKENS, F_GPU, F_GPUS, F_MFU, F_DTYPE, F_PRICE, F_ZERO, F_UNIQUE,
    F_DAYS, F_BUDGET, FIELDS
};
static const struct field fields[FIELDS] = {
    SUBJECT_ROWS_MODEL,
    SUBJECT_ROWS_CONFIG,
    SUBJECT_ROWS_PARAMETERS,
    {"tokens", FIELD_BOTH, 0},
    {"gpu", FIELD_BOTH, 0},
    {"gpus", FIELD_BOTH, 0},
    {"mfu", FIELD_BOTH, 0},
    {"dtype", FIELD_BOTH, 0},
    {"price_per_gpu_hour", FIELD_BOTH, 0},
    {"zero", FIELD_BOTH, 0},
    {"unique_tokens", FIELD_BOTH, 0},
    {"days", FIELD_BOTH, 0},
    {"budget", FIELD_BOTH, 0},
};
#define BIT(k) (1u << (k))
#define MODEL_FIELDS                                                       \
    (BIT(F_MODEL) | BIT(F_CATALOG) | BIT(F_CONFIG) | BIT(F_PARAMETERS) |  \
     BIT(F_ACTIVE))
#define RUN_FIELDS (BIT(F_TOKENS) | BIT(F_ZERO) | BIT(F_UNIQUE))
#define BUDGET_FIELDS (BIT(F_DAYS) | BIT(F_BUDGET))

/* What the fields gave; 0 (NULL) for what was not given. */
struct training_request {
    struct subject_input subject;
    unsigned given; /* BIT(k) for each field k given */
    double tokens, mfu, price, unique, days, budget;
    const char *gpu;
    long gpus, zero;
    enum dtype_peak dtype;
};

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    static const char *const dtypes[] = {"bf16", "fp8"};
    struct training_request *req = to;
    const char *name = fields[k].name;
    size_t i = 0;

    req->given |= BIT(k);
    switch (k) {
    case F_TOKENS:
        return field_amount(name, v, &req->tokens, pb);
    case F_UNIQUE:
        return field_amount(name, v, &req->unique, pb);
    case F_GPU:
        return field_text(name, v, "a GPU id from GET /gpus", &req->gpu,
                          pb);
    case F_GPUS:
        return field_integer(name, v, 1, (long)TRAINING_GPUS_MAX,
                             &req->gpus, pb);
    case F_MFU:
        return field_positive(name, v, 1, "above 0 and at most 1",
                              &req->mfu, pb);
    case F_DTYPE:
        if (field_choice(name, v, dtypes, 2, "bf16 or fp8", &i, pb) !=
            SVC_OK)
            return pb->status;
        req->dtype = i == 1 ? DTYPE_PEAK_FP8 : DTYPE_PEAK_BF16;
        return SVC_OK;
    case F_PRICE:
        return field_positive(name, v, PARAMS_AMOUNT_MAX, "above 0",
                              &req->price, pb);
    case F_ZERO:
        return field_integer(name, v, 0, TRAINING_ZERO_STAGES - 1,
                             &req->zero, pb);
    case F_DAYS:
        return field_positive(name, v, PARAMS_AMOUNT_MAX, "above 0",
                              &req->days, pb);
    case F_BUDGET:
        return field_positive(name, v, PARAMS_AMOUNT_MAX, "above 0",
                              &req->budget, pb);
    default:
        return subject_set(&req->subject, name, v, pb);
    }
}

static const struct field_set training_fields = {fields, FIELDS, set_field,
                                                 NULL, NULL};

/* Points pb at field k when the fields came in a body. */
static enum svc_status at(const struct request *rq, size_t k,
                          struct problem *pb)
{
    if (rq->body != NULL)
        problem_point(pb, "/%s", fields[k].name);
    return pb->status;
}

/* The first field of `mask` given, in the table's order. */
static size_t first_of(unsigned given, unsigned mask)
{
    size_t k = 0;

    while (k < FIELDS && !(given & mask & BIT(k)))
        k++;
    return k;
}

/* Which question rq asks, and what goes with a budget. */
static enum svc_status check_ask(const struct training_request *req,
                                 const struct request *rq,
                                 enum training_ask *ask, struct problem *pb)
{
    unsigned g = req->given;

    *ask = g & BUDGET_FIELDS ? TRAINING_ASK_BUDGET : TRAINING_ASK_COST;
    if (*ask == TRAINING_ASK_COST && !(g & MODEL_FIELDS)) {
        problem_set(pb, SVC_EINVAL,
                    "say what to plan: a model (model, config or "
                    "parameters) for what training it costs, or days or "
                    "budget for what they buy");
        return at(rq, F_MODEL, pb);
    }
    if (*ask == TRAINING_ASK_COST)
        return SVC_OK;
    if (g & MODEL_FIELDS) {
        problem_set(pb, SVC_EINVAL,
                    "%s and %s ask two questions: give a model for what "
                    "its training costs, or days or budget for what they "
                    "buy",
                    fields[first_of(g, MODEL_FIELDS)].name,
                    fields[first_of(g, BUDGET_FIELDS)].name);
        return at(rq, first_of(g, MODEL_FIELDS), pb);
    }
    if (g & RUN_FIELDS) {
        problem_set(pb, SVC_EINVAL,
                    "%s is for a model's training: a budget is split into "
                    "the compute-optimal parameters and tokens",
                    fields[first_of(g, RUN_FIELDS)].name);
        return at(rq, first_of(g, RUN_FIELDS), pb);
    }
    if ((g & BUDGET_FIELDS) == BUDGET_FIELDS) {
        problem_set(pb, SVC_EINVAL,
                    "give days (with gpus) or budget (with "
                    "price_per_gpu_hour), not both");
        return at(rq, F_BUDGET, pb);
    }
    if ((g & BIT(F_DAYS)) && !(g & BIT(F_GPUS))) {
        problem_set(pb, SVC_EINVAL,
                    "days needs gpus: how many GPUs the days are for");
        return at(rq, F_GPUS, pb);
    }
    if ((g & BIT(F_BUDGET)) && !(g & BIT(F_PRICE))) {
        problem_set(pb, SVC_EINVAL,
                    "budget needs price_per_gpu_hour: what one GPU-hour "
                    "costs, in the budget's currency");
        return at(rq, F_PRICE, pb);
    }
    return SVC_OK;
}

/* The GPU named, and whether it has the peak the dtype asks for. */
static enum svc_status find_gpu(const struct training_request *req,
                                const struct request *rq,
                                const struct gpu *gpus, size_t ngpus,
                                struct training_answer *out,
                                struct problem *pb)
{
    char q[PROBLEM_QUOTE_MAX];

    if (req->gpu == NULL) {
        problem_set(pb, SVC_EINVAL,
                    "gpu is required: one of the ids GET /gpus lists, "
                    "e.g. \"" TRAINING_EXAMPLE_GPU "\"");
        return at(rq, F_GPU, pb);
    }
    out->gpu = gpu_find(gpus, ngpus, req->gpu, strlen(req->gpu));
    if (out->gpu == NULL) {
        problem_set(pb, SVC_ENOTFOUND, "unknown gpu %s; GET /gpus lists "
                    "them", problem_quote(q, sizeof(q), req->gpu,
                                          strlen(req->gpu)));
        return at(rq, F_GPU, pb);
    }
    if (out->dtype == DTYPE_PEAK_FP8 && !(out->gpu->fp8_flops > 0)) {
        problem_set(pb, SVC_EINVAL,
                    "dtype fp8 needs a GPU with an FP8 tensor peak, and "
                    "%s has none (GET /gpus shows its fp8_tflops as "
                    "null); use bf16",
                    out->gpu->id);
        return at(rq, F_DTYPE, pb);
    }
    return SVC_OK;
}

/* The index of the field named name. */
static size_t field_index(const char *name)
{
    size_t k = 0;

    while (k < FIELDS && strcmp(fields[k].name, name) != 0)
        k++;
    return k;
}

/* A plan's fault as a problem: the field and its value, the core's
 * sentence, and what it is about; pointing at the field. */
static enum svc_status plan_problem(const char *fault, const char *field,
                                    const struct training_answer *a,
                                    const struct request *rq,
                                    struct problem *pb)
{
    char x[NUMFMT_DOUBLE_MAX] = "", y[NUMFMT_DOUBLE_MAX] = "",
         z[NUMFMT_DOUBLE_MAX] = ""; /* each holds ESTIMATE_AMOUNT_MAX */
    size_t k = field_index(field);

    if (k == F_TOKENS) {
        estimate_format_amount(a->plan.tokens, 1, x, sizeof(x));
        estimate_format_amount((double)a->subject.active, 1, y, sizeof(y));
        estimate_format_flops(6 * (double)a->subject.active *
                                  a->plan.tokens,
                              z, sizeof(z));
        problem_set(pb, SVC_EINVAL, "tokens %s: %s (6 x %s active "
                    "parameters x %s tokens = %s)", x, fault, y, x, z);
    } else if (k == F_UNIQUE) {
        estimate_format_amount(a->unique, 1, x, sizeof(x));
        estimate_format_amount(a->plan.tokens, 1, y, sizeof(y));
        if (strcmp(x, y) == 0) { /* 1001 and 1000 are both "1.0K" */
            numfmt_double(a->unique, x, sizeof(x));
            numfmt_double(a->plan.tokens, y, sizeof(y));
        }
        problem_set(pb, SVC_EINVAL, "unique_tokens %s is above tokens %s%s: "
                    "a run cannot see more distinct tokens than it trains "
                    "on",
                    x, y, a->plan.tokens_default ? " (20 x parameters)"
                                                 : "");
    } else if (k == F_DAYS || k == F_BUDGET) {
        numfmt_double(k == F_DAYS ? a->days : a->budget, x, sizeof(x));
        problem_set(pb, SVC_EINVAL, "%s %s: %s", field, x, fault);
    } else {
        problem_set(pb, SVC_EINVAL, "%s", fault);
    }
    return k < FIELDS ? at(rq, k, pb) : pb->status;
}

/* Plans the cost of training the subject. */
static enum svc_status plan_cost(const struct training_request *req,
                                 const struct request *rq,
                                 const struct catalog *catalogs, size_t n,
                                 struct training_answer *out,
                                 struct problem *pb)
{
    struct training_question q;

    if (subject_resolve(&req->subject, catalogs, n, &out->subject, pb) !=
        SVC_OK)
        return pb->status;
    q.parameters = out->subject.parameters;
    q.active = out->subject.active;
    q.tokens = req->tokens;
    q.gpu = out->gpu;
    q.dtype = out->dtype;
    q.gpus = out->gpus;
    q.mfu = out->mfu;
    q.price = out->price;
    q.zero = out->zero;
    q.unique = out->unique;
    training_plan(&q, &out->plan);
    if (out->plan.status != SVC_OK)
        return plan_problem(out->plan.fault, out->plan.field, out, rq, pb);
    return SVC_OK;
}

/* Plans what a budget buys. */
static enum svc_status plan_budget(const struct request *rq,
                                   struct training_answer *out,
                                   struct problem *pb)
{
    struct training_budget_question q = {out->gpu,  out->dtype,
                                         out->mfu,  out->gpus,
                                         out->days, out->budget,
                                         out->price};

    training_budget_plan(&q, &out->bought);
    if (out->bought.status != SVC_OK)
        return plan_problem(out->bought.fault, out->bought.field, out, rq,
                            pb);
    return SVC_OK;
}

enum svc_status training_request_answer(const struct request *rq,
                                        const struct catalog *catalogs,
                                        size_t n, const struct gpu *gpus,
                                        size_t ngpus,
                                        struct training_answer *out,
                                        struct problem *pb)
{
    struct training_request req;

    memset(&req, 0, sizeof(req));
    memset(out, 0, sizeof(*out));
    subject_input_init(&req.subject,
                       SUBJECT_MODEL | SUBJECT_CONFIG | SUBJECT_PARAMETERS,
                       rq->body != NULL);
    if (field_read(&training_fields, rq, &req, pb) != SVC_OK ||
        check_ask(&req, rq, &out->ask, pb) != SVC_OK)
        return pb->status;
    out->dtype = req.dtype;
    out->mfu = req.given & BIT(F_MFU) ? req.mfu : TRAINING_MFU_DEFAULT;
    out->gpus = req.given & BIT(F_GPUS) ? (uint64_t)req.gpus
                : out->ask == TRAINING_ASK_COST ? 1
                                                : 0;
    out->price = req.price;
    out->zero = (int)req.zero;
    out->unique = req.unique;
    out->days = req.days;
    out->budget = req.budget;
    if (find_gpu(&req, rq, gpus, ngpus, out, pb) != SVC_OK)
        return pb->status;
    if (out->ask == TRAINING_ASK_BUDGET)
        return plan_budget(rq, out, pb);
    return plan_cost(&req, rq, catalogs, n, out, pb);
}
