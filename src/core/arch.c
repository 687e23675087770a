/* arch.c - exact parameter counts from a model's shape, family by
 * family, and the shape of its key/value cache.  Each formula and the
 * modeling file it comes from are in docs/ESTIMATES.md, "Parameter
 * counts from an architecture". */
#include "modelscale/arch.h"

#include <assert.h>
#include <string.h>

#include "arch_plan.h"
#include "modelscale/numfmt.h"

#define TIMES " \xc3\x97 " /* " × " */

static const char *const family_names[ARCH_FAMILY_COUNT] = {
    "gpt2", "bert", "opt", "gpt_neox", "llama", "mistral", "mixtral",
    "qwen2", "gemma", "phi", "phi3", "falcon", "deepseek_v2",
    "deepseek_v3", "vit", "mlp",
};

static const char *const part_names[ARCH_PART_COUNT] = {
    "embeddings", "position_embeddings", "attention", "mlp", "experts",
    "shared_experts", "router", "norms", "head", "pooler", "classifier",
};

static enum svc_status fail(struct arch_fault *f, enum arch_field field,
                            const char *reason)
{
    f->field = field;
    f->reason = reason;
    return SVC_EINVAL;
}

static int uses_head_dim(enum arch_family f)
{
    return f == ARCH_LLAMA || f == ARCH_MISTRAL || f == ARCH_MIXTRAL ||
           f == ARCH_QWEN2 || f == ARCH_GEMMA || f == ARCH_PHI ||
           f == ARCH_PHI3;
}

static int groups_heads(const struct arch *a)
{
    return uses_head_dim(a->family) ||
           (a->family == ARCH_FALCON && a->new_decoder);
}

static int is_moe(enum arch_family f)
{
    return f == ARCH_MIXTRAL || f == ARCH_DEEPSEEK_V2 ||
           f == ARCH_DEEPSEEK_V3;
}

static int is_latent(enum arch_family f)
{
    return f == ARCH_DEEPSEEK_V2 || f == ARCH_DEEPSEEK_V3;
}

static enum svc_status check_mlp(const struct arch *a, struct arch_fault *f)
{
    if (a->mlp_count < 2)
        return fail(f, ARCH_FIELD_MLP_SIZES, "needs at least two sizes");
    if (a->mlp_count > ARCH_MLP_MAX)
        return fail(f, ARCH_FIELD_MLP_SIZES, "has more than 64 sizes");
    for (size_t i = 0; i < a->mlp_count; i++) {
        if (a->mlp_sizes[i] == 0)
            return fail(f, ARCH_FIELD_MLP_SIZES, "holds a zero");
    }
    return SVC_OK;
}

/* The shape checks a transformer needs before any division. */
static enum svc_status check_shape(const struct arch *a,
                                   struct arch_fault *f)
{
    if (a->hidden == 0)
        return fail(f, ARCH_FIELD_HIDDEN, "is zero");
    if (a->heads == 0)
        return fail(f, ARCH_FIELD_HEADS, "is zero");
    if (a->family != ARCH_VIT && a->vocab == 0)
        return fail(f, ARCH_FIELD_VOCAB, "is zero");
    if (!is_latent(a->family) && a->hidden % a->heads != 0 &&
        (!uses_head_dim(a->family) || a->head_dim == 0))
        return fail(f, ARCH_FIELD_HEADS,
                    uses_head_dim(a->family)
                        ? "does not divide the hidden size, and there is "
                          "no head_dim"
                        : "does not divide the hidden size");
    if (groups_heads(a) && a->kv_heads == 0)
        return fail(f, ARCH_FIELD_KV_HEADS, "is zero");
    if (groups_heads(a) && a->heads % a->kv_heads != 0)
        return fail(f, ARCH_FIELD_KV_HEADS,
                    "does not divide the attention heads");
    if (is_moe(a->family) && a->experts == 0)
        return fail(f, ARCH_FIELD_EXPERTS, "is zero");
    if (is_moe(a->family) && a->experts_per_token == 0)
        return fail(f, ARCH_FIELD_EXPERTS_PER_TOKEN, "is zero");
    if (is_moe(a->family) && a->experts_per_token > a->experts)
        return fail(f, ARCH_FIELD_EXPERTS_PER_TOKEN,
                    "is above the number of experts");
    if (is_latent(a->family) && a->moe_layer_freq == 0)
        return fail(f, ARCH_FIELD_MOE_LAYER_FREQ, "is zero");
    if (a->family == ARCH_VIT && a->patch_size == 0)
        return fail(f, ARCH_FIELD_PATCH_SIZE, "is zero");
    if (a->family == ARCH_VIT && a->patch_size > a->image_size)
        return fail(f, ARCH_FIELD_PATCH_SIZE, "is larger than the image");
    return SVC_OK;
}

static void plan_mlp(const struct arch *a, struct plan *p,
                     struct arch_count *out)
{
    struct calc *c = &p->c;

    out->linear_count = a->mlp_count - 1;
    for (size_t i = 0; i + 1 < a->mlp_count; i++) {
        struct arch_linear *l = &out->linears[i];

        l->in = a->mlp_sizes[i];
        l->out = a->mlp_sizes[i + 1];
        l->weights = mul(c, l->in, l->out);
        l->biases = a->mlp_bias ? l->out : 0;
        p->top[ARCH_PART_MLP] = add(c, p->top[ARCH_PART_MLP],
                                    add(c, l->weights, l->biases));
    }
}

/* Adds up the plan into out. */
static void total(const struct arch *a, struct plan *p,
                  struct arch_count *out)
{
    struct calc *c = &p->c;
    uint64_t unused;

    for (int k = 0; k < ARCH_PART_COUNT; k++) {
        out->parts[k] = add(c, p->top[k],
                            add(c, mul(c, p->n_dense, p->dense[k]),
                                mul(c, p->n_moe, p->moe[k])));
        out->parameters = add(c, out->parameters, out->parts[k]);
        out->dense.parameters = add(c, out->dense.parameters, p->dense[k]);
        out->moe_layer.parameters = add(c, out->moe_layer.parameters,
                                        p->moe[k]);
    }
    out->dense.count = p->n_dense;
    out->moe_layer.count = p->n_moe;
    out->moe = p->n_moe > 0;
    out->expert = p->expert;
    out->active_parameters = out->parameters;
    if (out->moe) {
        /* The routed experts a token does not go through. */
        unused = mul(c, mul(c, p->n_moe, a->experts - a->experts_per_token),
                     p->expert);
        out->active_parameters = out->parameters - unused;
    }
    out->mtp_parameters = p->mtp;
    out->mtp_layers = p->mtp > 0 ? a->mtp_layers : 0;
    out->tied = a->tied && p->top[ARCH_PART_EMBEDDINGS] > 0 &&
                a->family != ARCH_BERT && a->family != ARCH_VIT;
}

enum svc_status arch_count(const struct arch *a, struct arch_count *out,
                           struct arch_fault *fault)
{
    struct plan p;
    enum svc_status st;

    assert(a != NULL && out != NULL && fault != NULL);
    if ((unsigned)a->family >= ARCH_FAMILY_COUNT)
        return fail(fault, ARCH_FIELD_NONE, "is of no known family");
    memset(&p, 0, sizeof(p));
    memset(out, 0, sizeof(*out));
    if (a->family == ARCH_MLP) {
        st = check_mlp(a, fault);
        if (st != SVC_OK)
            return st;
        plan_mlp(a, &p, out);
    } else {
        st = check_shape(a, fault);
        if (st != SVC_OK)
            return st;
        p.head_dim = a->head_dim != 0 && uses_head_dim(a->family)
                         ? a->head_dim
                         : a->hidden / a->heads;
        arch_plan(a, &p);
    }
    total(a, &p, out);
    if (p.c.overflow || out->parameters > ARCH_TOTAL_MAX)
        return fail(fault, ARCH_FIELD_NONE,
                    "gives more than 10^18 parameters");
    return SVC_OK;
}

/* Appends s to buf[*w..len), or marks *w as failed (-1). */
static void put(char *buf, size_t len, int *w, const char *s)
{
    size_t n = strlen(s);

    if (*w < 0 || (size_t)*w + n >= len) {
        *w = -1;
        return;
    }
    memcpy(buf + *w, s, n + 1);
    *w += (int)n;
}

/* Appends n, grouped in threes or plain. */
static void put_u64(char *buf, size_t len, int *w, uint64_t n, int grouped)
{
    char text[NUMFMT_GROUPED_MAX];

    if (grouped)
        numfmt_grouped(n, text, sizeof(text));
    else
        numfmt_u64(n, text, sizeof(text));
    put(buf, len, w, text);
}

int arch_arithmetic(const struct arch_count *c, char *buf, size_t len)
{
    size_t terms = 0;
    int w = 0;

    if (c->linear_count == 0 || len == 0)
        return -1;
    buf[0] = '\0';
    for (size_t i = 0; i < c->linear_count; i++) {
        const struct arch_linear *l = &c->linears[i];

        put(buf, len, &w, i > 0 ? " + " : "");
        put_u64(buf, len, &w, l->in, 0);
        put(buf, len, &w, TIMES);
        put_u64(buf, len, &w, l->out, 0);
        if (l->biases > 0) {
            put(buf, len, &w, " + ");
            put_u64(buf, len, &w, l->biases, 0);
        }
        terms += l->biases > 0 ? 2 : 1;
    }
    for (size_t i = 0; terms > 1 && i < c->linear_count; i++) {
        put(buf, len, &w, i > 0 ? " + " : " = ");
        put_u64(buf, len, &w, c->linears[i].weights, 1);
        if (c->linears[i].biases > 0) {
            put(buf, len, &w, " + ");
            put_u64(buf, len, &w, c->linears[i].biases, 1);
        }
    }
    put(buf, len, &w, " = ");
    put_u64(buf, len, &w, c->parameters, 1);
    return w;
}

/* The K/V heads of a multi-head cache. */
static uint64_t cached_heads(const struct arch *a)
{
    if (groups_heads(a))
        return a->kv_heads;
    if (a->family == ARCH_FALCON && a->multi_query)
        return 1;
    return a->heads;
}

void arch_kv_shape(const struct arch *a, struct arch_kv_shape *out)
{
    memset(out, 0, sizeof(*out));
    out->max_positions = a->max_positions;
    if (a->family == ARCH_BERT || a->family == ARCH_VIT ||
        a->family == ARCH_MLP)
        return;
    out->layers = a->layers;
    out->kv_heads = a->heads;
    if (is_latent(a->family)) {
        out->kind = ARCH_KV_LATENT;
        out->key_dim = a->qk_nope_head_dim + a->qk_rope_head_dim;
        out->value_dim = a->v_head_dim;
        out->latent_dim = a->kv_lora_rank + a->qk_rope_head_dim;
        return;
    }
    out->kv_heads = cached_heads(a);
    out->key_dim = out->value_dim =
        a->head_dim != 0 && uses_head_dim(a->family) ? a->head_dim
                                                     : a->hidden / a->heads;
    if (out->kv_heads == a->heads)
        out->kind = ARCH_KV_MHA;
    else
        out->kind = out->kv_heads == 1 ? ARCH_KV_MQA : ARCH_KV_GQA;
    if (a->sliding_in_use && a->sliding_window > 0 &&
        a->sliding_from < a->layers) {
        out->sliding_window = a->sliding_window;
        out->sliding_layers = a->layers - a->sliding_from;
    }
}

const char *arch_family_name(enum arch_family f)
{
    return (unsigned)f < ARCH_FAMILY_COUNT ? family_names[f] : NULL;
}

enum svc_status arch_family_find(const char *s, size_t len,
                                 enum arch_family *out)
{
    for (int f = 0; f < ARCH_FAMILY_COUNT; f++) {
        if (strlen(family_names[f]) == len &&
            memcmp(family_names[f], s, len) == 0) {
            *out = (enum arch_family)f;
            return SVC_OK;
        }
    }
    return SVC_EINVAL;
}

const char *arch_part_name(enum arch_part p)
{
    return (unsigned)p < ARCH_PART_COUNT ? part_names[p] : NULL;
}

void arch_init(struct arch *a, enum arch_family f)
{
    memset(a, 0, sizeof(*a));
    a->family = f;
}
