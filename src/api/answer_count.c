/* answer_count.c - an architecture's count as JSON: the total, where its
 * parameters live, its layers and, for an MLP, the arithmetic; and the
 * model_types read, with their fields. */
#include "api/answer_count.h"

#include <stdio.h>

#include "api/arch_reader.h"
#include "modelscale/numfmt.h"

#define COUNT_BYTES 3072     /* an answer, but for an MLP's layers */
#define LINEAR_BYTES 192     /* one of them */
#define TYPE_BYTES 160       /* a model_type, but for its fields */
#define FIELD_BYTES 160      /* one of them */
/* The formatted figures of one answer: the total, active and MTP ones,
 * the components (at most all parts, or weights and biases), two kinds
 * of layer and an expert, and the MLP's layers. */
#define FIGURES (3 + ARCH_PART_COUNT + 5 + ARCH_MLP_MAX)

/* The formatted figures of an answer, kept until the print, so that the
 * tree refers to them rather than copying each. */
struct figures {
    char text[FIGURES][NUMFMT_MAX];
    size_t used;
};

/* "key": n and "formatted_key": "6.7B", its text kept in f. */
static void put_count(struct answer *a, cJSON *obj, const char *key,
                      const char *formatted_key, uint64_t n,
                      struct figures *f)
{
    char *text = f->text[f->used < FIGURES ? f->used++ : FIGURES - 1];

    if (n == 0 || numfmt_count(n, NUMFMT_PRECISION_DEFAULT, text,
                               NUMFMT_MAX) < 0)
        snprintf(text, NUMFMT_MAX, "0");
    answer_u64(a, obj, key, n);
    answer_ref(a, obj, formatted_key, text);
}

/* One component of the breakdown, with its percent of the total. */
static void put_part(struct answer *a, cJSON *breakdown, const char *key,
                     uint64_t n, uint64_t total, struct figures *f)
{
    cJSON *o = answer_object(a, breakdown, key);

    put_count(a, o, "parameters", "formatted", n, f);
    answer_fixed(a, o, "percent", 100.0 * (double)n / (double)total, 2);
}

static void put_breakdown(struct answer *a, const struct arch_count *c,
                          struct figures *f)
{
    cJSON *b = answer_object(a, a->root, "breakdown");
    uint64_t weights = 0, biases = 0;

    if (c->linear_count == 0) {
        for (int k = 0; k < ARCH_PART_COUNT; k++) {
            if (c->parts[k] > 0)
                put_part(a, b, arch_part_name((enum arch_part)k),
                         c->parts[k], c->parameters, f);
        }
        return;
    }
    for (size_t i = 0; i < c->linear_count; i++) {
        weights += c->linears[i].weights;
        biases += c->linears[i].biases;
    }
    put_part(a, b, "weights", weights, c->parameters, f);
    if (biases > 0)
        put_part(a, b, "biases", biases, c->parameters, f);
}

/* One kind of transformer layer: how many, one of them, all of them. */
static cJSON *put_kind(struct answer *a, cJSON *list, const char *kind,
                       const struct arch_layer *l, struct figures *f)
{
    cJSON *o = answer_object(a, list, NULL);

    answer_ref(a, o, "kind", kind);
    answer_u64(a, o, "count", l->count);
    put_count(a, o, "per_layer", "per_layer_formatted", l->parameters, f);
    put_count(a, o, "parameters", "formatted", l->count * l->parameters,
              f);
    return o;
}

static void put_layers(struct answer *a, const struct arch *ar,
                       const struct arch_count *c, struct figures *f)
{
    cJSON *list = answer_array(a, a->root, "layers"), *o;

    for (size_t i = 0; i < c->linear_count; i++) {
        const struct arch_linear *l = &c->linears[i];

        o = answer_object(a, list, NULL);
        answer_ref(a, o, "kind", "linear");
        answer_u64(a, o, "in", l->in);
        answer_u64(a, o, "out", l->out);
        answer_u64(a, o, "weights", l->weights);
        answer_u64(a, o, "biases", l->biases);
        put_count(a, o, "parameters", "formatted", l->weights + l->biases,
                  f);
    }
    if (c->dense.count > 0)
        put_kind(a, list, "dense", &c->dense, f);
    if (c->moe_layer.count == 0)
        return;
    o = put_kind(a, list, "moe", &c->moe_layer, f);
    answer_u64(a, o, "experts", ar->experts);
    answer_u64(a, o, "experts_per_token", ar->experts_per_token);
    answer_u64(a, o, "shared_experts", ar->shared_experts);
    put_count(a, o, "per_expert", "per_expert_formatted", c->expert, f);
}

static void put_assumptions(struct answer *a, const struct arch_count *c)
{
    cJSON *as = answer_object(a, a->root, "assumptions");

    answer_ref(a, as, "parameters",
               c->linear_count > 0 ? COUNT_ASSUMPTION_MLP
                                   : COUNT_ASSUMPTION_PARAMETERS);
    if (c->moe)
        answer_ref(a, as, "active_parameters", COUNT_ASSUMPTION_ACTIVE);
    if (c->mtp_layers > 0)
        answer_ref(a, as, "mtp_parameters", COUNT_ASSUMPTION_MTP);
}

enum svc_status answer_count(const struct arch *ar, const struct arch_count *c,
                             struct text_buf *out)
{
    char arithmetic[ARCH_ARITHMETIC_MAX];
    struct figures f;
    struct answer a;

    f.used = 0;
    answer_init(&a);
    answer_ref(&a, a.root, "model_type", arch_family_name(ar->family));
    answer_ref(&a, a.root, "counted", arch_reader_counted(ar));
    put_count(&a, a.root, "parameters", "formatted", c->parameters, &f);
    if (c->moe)
        put_count(&a, a.root, "active_parameters", "active_formatted",
                  c->active_parameters, &f);
    answer_ref(&a, a.root, "kind", c->moe ? "moe" : "dense");
    answer_bool(&a, a.root, "tied_embeddings", c->tied);
    put_breakdown(&a, c, &f);
    put_layers(&a, ar, c, &f);
    if (c->mtp_layers > 0) {
        answer_u64(&a, a.root, "mtp_layers", c->mtp_layers);
        put_count(&a, a.root, "mtp_parameters", "mtp_formatted",
                  c->mtp_parameters, &f);
    }
    if (c->linear_count > 0 &&
        arch_arithmetic(c, arithmetic, sizeof(arithmetic)) > 0)
        answer_ref(&a, a.root, "arithmetic", arithmetic);
    put_assumptions(&a, c);
    return answer_print(&a,
                        COUNT_BYTES + c->linear_count * LINEAR_BYTES +
                            (c->linear_count > 0 ? sizeof(arithmetic) : 0),
                        out);
}

static void put_type(struct answer *a, cJSON *list,
                     const struct arch_reader_type *t, size_t *size)
{
    cJSON *o = answer_object(a, list, NULL), *fields;

    answer_ref(a, o, "model_type", t->model_type);
    answer_ref(a, o, "counted", t->counted);
    fields = answer_array(a, o, "fields");
    for (size_t k = 0; k < t->field_count; k++) {
        const struct arch_reader_field *f = &t->fields[k];
        cJSON *fo = answer_object(a, fields, NULL);

        answer_ref(a, fo, "name", f->name);
        answer_ref(a, fo, "type", arch_reader_kind_name(f->kind));
        answer_bool(a, fo, "required", f->fallback == NULL);
        if (f->fallback != NULL)
            answer_ref(a, fo, "default", f->fallback);
    }
    *size += TYPE_BYTES + t->field_count * FIELD_BYTES;
}

enum svc_status answer_architectures(struct text_buf *out)
{
    size_t n, size = 1024;
    const struct arch_reader_type *types = arch_reader_types(&n);
    struct answer a;
    cJSON *list, *as;

    answer_init(&a);
    list = answer_array(&a, a.root, "architectures");
    for (size_t i = 0; i < n; i++)
        put_type(&a, list, &types[i], &size);
    answer_u64(&a, a.root, "count", n);
    as = answer_object(&a, a.root, "assumptions");
    answer_ref(&a, as, "parameters", COUNT_ASSUMPTION_PARAMETERS);
    answer_ref(&a, as, "active_parameters", COUNT_ASSUMPTION_ACTIVE);
    answer_ref(&a, as, "mtp_parameters", COUNT_ASSUMPTION_MTP);
    return answer_print(&a, size, out);
}
