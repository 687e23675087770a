/* arch_families.c - each family's layers, as its Hugging Face
 * modeling file builds them; docs/ESTIMATES.md ("Parameter counts from
 * an architecture") gives the formulas and the files. */
#include "arch_plan.h"

/* nn.Linear(in, out, bias): in x out weights, out biases. */
static uint64_t linear(struct calc *c, uint64_t in, uint64_t out, int bias)
{
    return add(c, mul(c, in, out), bias ? out : 0);
}

/* A gated MLP (gate_proj, up_proj, down_proj; Phi-3's fused
 * gate_up_proj holds the same): 3 x h x i, and biases if asked. */
static uint64_t gated(struct calc *c, uint64_t h, uint64_t i, int bias)
{
    return add(c, linear(c, h, i, bias),
               add(c, linear(c, h, i, bias), linear(c, i, h, bias)));
}

/* fc1 and fc2 (GPT-2's c_fc and c_proj are Conv1D of the same size). */
static uint64_t plain_mlp(struct calc *c, uint64_t h, uint64_t i, int bias)
{
    return add(c, linear(c, h, i, bias), linear(c, i, h, bias));
}

/* A LayerNorm holds a weight and a bias vector; an RMSNorm a weight. */
static uint64_t layer_norm(struct calc *c, uint64_t n)
{
    return mul(c, 2, n);
}

/* The token embedding, the head unless tied, and the final norm. */
static void decoder_ends(const struct arch *a, struct plan *p,
                         uint64_t final_norm)
{
    struct calc *c = &p->c;

    p->top[ARCH_PART_EMBEDDINGS] = mul(c, a->vocab, a->hidden);
    p->top[ARCH_PART_HEAD] = a->tied ? 0 : mul(c, a->vocab, a->hidden);
    p->top[ARCH_PART_NORMS] = final_norm;
}

static void plan_gpt2(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden;

    decoder_ends(a, p, layer_norm(c, h));
    p->top[ARCH_PART_POSITIONS] = mul(c, a->max_positions, h);
    p->dense[ARCH_PART_ATTENTION] = add(c, linear(c, h, mul(c, 3, h), 1),
                                        linear(c, h, h, 1));
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, 1);
    p->dense[ARCH_PART_NORMS] = mul(c, 2, layer_norm(c, h));
    p->n_dense = a->layers;
}

static void plan_bert(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, distance = 0;

    p->top[ARCH_PART_EMBEDDINGS] = add(c, mul(c, a->vocab, h),
                                       mul(c, a->type_vocab, h));
    p->top[ARCH_PART_POSITIONS] = mul(c, a->max_positions, h);
    p->top[ARCH_PART_NORMS] = layer_norm(c, h);
    p->top[ARCH_PART_POOLER] = linear(c, h, h, 1);
    if (a->relative_positions && a->max_positions > 0)
        distance = mul(c, mul(c, 2, a->max_positions) - 1, h / a->heads);
    p->dense[ARCH_PART_ATTENTION] = add(c, mul(c, 4, linear(c, h, h, 1)),
                                        distance);
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, 1);
    p->dense[ARCH_PART_NORMS] = mul(c, 2, layer_norm(c, h));
    p->n_dense = a->layers;
}

static void plan_opt(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, e = a->embed_dim != 0 ? a->embed_dim : h;
    uint64_t project = e != h ? mul(c, e, h) : 0;
    uint64_t norm = a->norm_affine ? layer_norm(c, h) : 0;
    int b = a->attention_bias;

    p->top[ARCH_PART_EMBEDDINGS] = add(c, mul(c, a->vocab, e), project);
    p->top[ARCH_PART_POSITIONS] = mul(c, add(c, a->max_positions, 2), h);
    p->top[ARCH_PART_NORMS] = a->final_norm ? norm : 0;
    p->top[ARCH_PART_HEAD] = add(c, a->tied ? 0 : mul(c, a->vocab, e),
                                 project);
    p->dense[ARCH_PART_ATTENTION] = mul(c, 4, linear(c, h, h, b));
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, b);
    p->dense[ARCH_PART_NORMS] = mul(c, 2, norm);
    p->n_dense = a->layers;
}

static void plan_gpt_neox(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden;
    int b = a->attention_bias;

    decoder_ends(a, p, layer_norm(c, h));
    p->dense[ARCH_PART_ATTENTION] = add(c, linear(c, h, mul(c, 3, h), b),
                                        linear(c, h, h, b));
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, 1);
    p->dense[ARCH_PART_NORMS] = mul(c, 2, layer_norm(c, h));
    p->n_dense = a->layers;
}

/* q, k, v and o of multi-head, grouped-query or multi-query attention;
 * Phi-3's fused qkv_proj holds the same weights. */
static uint64_t attention(const struct arch *a, struct plan *p,
                          int qkv_bias, int o_bias)
{
    struct calc *c = &p->c;
    uint64_t q = mul(c, a->heads, p->head_dim);
    uint64_t kv = mul(c, a->kv_heads, p->head_dim);

    return add(c, add(c, linear(c, a->hidden, q, qkv_bias),
                      mul(c, 2, linear(c, a->hidden, kv, qkv_bias))),
               linear(c, q, a->hidden, o_bias));
}

/* llama, mistral, qwen2, gemma and phi3: RMSNorms, a gated MLP. */
static void plan_llama(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    int qkv = 0, o = 0, mlp = 0;

    if (a->family == ARCH_LLAMA || a->family == ARCH_GEMMA) {
        qkv = o = a->attention_bias;
        mlp = a->family == ARCH_LLAMA && a->mlp_bias;
    } else if (a->family == ARCH_QWEN2) {
        qkv = 1;
    }
    decoder_ends(a, p, a->hidden);
    p->dense[ARCH_PART_ATTENTION] = attention(a, p, qkv, o);
    p->dense[ARCH_PART_MLP] = gated(c, a->hidden, a->intermediate, mlp);
    p->dense[ARCH_PART_NORMS] = mul(c, 2, a->hidden);
    p->n_dense = a->layers;
}

static void plan_mixtral(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;

    decoder_ends(a, p, a->hidden);
    p->expert = gated(c, a->hidden, a->moe_intermediate, 0);
    p->moe[ARCH_PART_ATTENTION] = attention(a, p, 0, 0);
    p->moe[ARCH_PART_ROUTER] = mul(c, a->experts, a->hidden);
    p->moe[ARCH_PART_EXPERTS] = mul(c, a->experts, p->expert);
    p->moe[ARCH_PART_NORMS] = mul(c, 2, a->hidden);
    p->n_moe = a->layers;
}

static void plan_phi(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, qk_norms = 0;

    decoder_ends(a, p, layer_norm(c, h));
    p->top[ARCH_PART_HEAD] = add(c, p->top[ARCH_PART_HEAD], a->vocab);
    if (a->qk_norm) /* LayerNorm(hidden // heads), for q and for k */
        qk_norms = mul(c, 2, layer_norm(c, h / a->heads));
    p->dense[ARCH_PART_ATTENTION] = add(c, attention(a, p, 1, 1),
                                        qk_norms);
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, 1);
    p->dense[ARCH_PART_NORMS] = layer_norm(c, h);
    p->n_dense = a->layers;
}

static void plan_falcon(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, d = h / a->heads, qkv, norms = 1;
    int b = a->attention_bias;

    if (a->new_decoder)
        qkv = mul(c, add(c, mul(c, 2, a->kv_heads), a->heads), d);
    else if (a->multi_query)
        qkv = add(c, h, mul(c, 2, d));
    else
        qkv = mul(c, 3, h);
    /* Two LayerNorms unless the attention runs in parallel with the
     * MLP, where num_ln_in_parallel_attn (2 by default with the new
     * decoder) decides. */
    if (!a->parallel_attn)
        norms = 2;
    else if (a->parallel_norms == 2 ||
             (a->parallel_norms == 0 && a->new_decoder))
        norms = 2;
    decoder_ends(a, p, layer_norm(c, h));
    p->dense[ARCH_PART_ATTENTION] = add(c, linear(c, h, qkv, b),
                                        linear(c, h, h, b));
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, b);
    p->dense[ARCH_PART_NORMS] = mul(c, norms, layer_norm(c, h));
    p->n_dense = a->layers;
}

/* Multi-head latent attention: q (plain or low-rank with its RMSNorm),
 * the compressed K/V with its RMSNorm, their expansion, o. */
static uint64_t latent_attention(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, q, kv, o;
    uint64_t qk_dim = add(c, a->qk_nope_head_dim, a->qk_rope_head_dim);
    uint64_t q_out = mul(c, a->heads, qk_dim);
    int b = a->attention_bias;

    if (a->q_lora_rank == 0)
        q = linear(c, h, q_out, 0);
    else
        q = add(c, add(c, linear(c, h, a->q_lora_rank, b), a->q_lora_rank),
                linear(c, a->q_lora_rank, q_out, 0));
    kv = add(c, linear(c, h, add(c, a->kv_lora_rank, a->qk_rope_head_dim),
                       b), a->kv_lora_rank);
    kv = add(c, kv, linear(c, a->kv_lora_rank,
                           mul(c, a->heads, add(c, a->qk_nope_head_dim,
                                                a->v_head_dim)), 0));
    o = linear(c, mul(c, a->heads, a->v_head_dim), h, b);
    return add(c, add(c, q, kv), o);
}

static uint64_t ceil_div(uint64_t x, uint64_t d)
{
    return x / d + (x % d != 0);
}

/* How many of the layers from..to-1 of a DeepSeek model are MoE ones:
 * from first_k_dense_replace on, every moe_layer_freq-th. */
static uint64_t moe_layers_in(const struct arch *a, uint64_t from,
                              uint64_t to)
{
    uint64_t lo = from > a->first_dense ? from : a->first_dense;

    if (lo >= to)
        return 0;
    return ceil_div(to, a->moe_layer_freq) - ceil_div(lo, a->moe_layer_freq);
}

/* MTP modules: each holds enorm and hnorm, eh_proj (2h to h), one
 * layer and shared_head.norm; embedding and head are the model's own. */
static void plan_mtp(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, dense = 0, moe = 0, n_moe, own;

    for (int k = 0; k < ARCH_PART_COUNT; k++) {
        dense = add(c, dense, p->dense[k]);
        moe = add(c, moe, p->moe[k]);
    }
    n_moe = moe_layers_in(a, a->layers, add(c, a->layers, a->mtp_layers));
    own = add(c, mul(c, 3, h), mul(c, mul(c, 2, h), h));
    p->mtp = add(c, mul(c, a->mtp_layers, own),
                 add(c, mul(c, n_moe, moe),
                     mul(c, a->mtp_layers - n_moe, dense)));
}

static void plan_deepseek(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, att = latent_attention(a, p);
    int bias = a->family == ARCH_DEEPSEEK_V2 && a->mlp_bias;

    decoder_ends(a, p, h);
    p->dense[ARCH_PART_ATTENTION] = p->moe[ARCH_PART_ATTENTION] = att;
    p->dense[ARCH_PART_NORMS] = p->moe[ARCH_PART_NORMS] = mul(c, 2, h);
    p->dense[ARCH_PART_MLP] = gated(c, h, a->intermediate, bias);
    p->expert = gated(c, h, a->moe_intermediate, 0);
    p->moe[ARCH_PART_ROUTER] = mul(c, a->experts, h);
    p->moe[ARCH_PART_EXPERTS] = mul(c, a->experts, p->expert);
    if (a->shared_experts > 0)
        p->moe[ARCH_PART_SHARED_EXPERTS] =
            gated(c, h, mul(c, a->moe_intermediate, a->shared_experts),
                  bias);
    p->n_moe = moe_layers_in(a, 0, a->layers);
    p->n_dense = a->layers - p->n_moe;
    if (a->mtp_layers > 0)
        plan_mtp(a, p);
}

static void plan_vit(const struct arch *a, struct plan *p)
{
    struct calc *c = &p->c;
    uint64_t h = a->hidden, side = a->image_size / a->patch_size;
    uint64_t conv = mul(c, mul(c, h, a->channels),
                        mul(c, a->patch_size, a->patch_size));

    /* The patch Conv2d (weights and bias) and the cls token. */
    p->top[ARCH_PART_EMBEDDINGS] = add(c, conv, mul(c, 2, h));
    p->top[ARCH_PART_POSITIONS] = mul(c, add(c, mul(c, side, side), 1), h);
    p->top[ARCH_PART_NORMS] = layer_norm(c, h);
    if (a->pooler)
        p->top[ARCH_PART_POOLER] = linear(c, h, h, 1);
    else if (a->labels > 0)
        p->top[ARCH_PART_CLASSIFIER] = linear(c, h, a->labels, 1);
    p->dense[ARCH_PART_ATTENTION] =
        add(c, mul(c, 3, linear(c, h, h, a->attention_bias)),
            linear(c, h, h, 1));
    p->dense[ARCH_PART_MLP] = plain_mlp(c, h, a->intermediate, 1);
    p->dense[ARCH_PART_NORMS] = mul(c, 2, layer_norm(c, h));
    p->n_dense = a->layers;
}

typedef void planner(const struct arch *a, struct plan *p);

static planner *const planners[ARCH_FAMILY_COUNT] = {
    [ARCH_GPT2] = plan_gpt2,           [ARCH_BERT] = plan_bert,
    [ARCH_OPT] = plan_opt,             [ARCH_GPT_NEOX] = plan_gpt_neox,
    [ARCH_LLAMA] = plan_llama,         [ARCH_MISTRAL] = plan_llama,
    [ARCH_MIXTRAL] = plan_mixtral,     [ARCH_QWEN2] = plan_llama,
    [ARCH_GEMMA] = plan_llama,         [ARCH_PHI] = plan_phi,
    [ARCH_PHI3] = plan_llama,          [ARCH_FALCON] = plan_falcon,
    [ARCH_DEEPSEEK_V2] = plan_deepseek, [ARCH_DEEPSEEK_V3] = plan_deepseek,
    [ARCH_VIT] = plan_vit,
};

void arch_plan(const struct arch *a, struct plan *p)
{
    planners[a->family](a, p);
}
