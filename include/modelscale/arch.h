/* arch.h - a model architecture's shape as plain integers and flags, the
 * exact parameter count it implies (by component and per layer) and the
 * shape of its key/value cache.  Pure: no I/O, no globals, no allocation.
 * The convention behind every count is in docs/ESTIMATES.md ("Parameter
 * counts from an architecture"): sum(p.numel() for p in
 * model.parameters()) of the Hugging Face
 * transformers class for the family, tied weights once, buffers never. */
#ifndef MODELSCALE_ARCH_H
#define MODELSCALE_ARCH_H

#include <stddef.h>
#include <stdint.h>

#include "modelscale/status.h"

#define ARCH_MLP_MAX 64 /* sizes in an MLP: at most 63 weight layers */
#define ARCH_TOTAL_MAX 1000000000000000000ULL /* 10^18: a larger total
                                                 is a fault */

enum arch_family {
    ARCH_GPT2 = 0,    /* GPT2LMHeadModel */
    ARCH_BERT,        /* BertModel with its pooler */
    ARCH_OPT,         /* OPTForCausalLM */
    ARCH_GPT_NEOX,    /* GPTNeoXForCausalLM */
    ARCH_LLAMA,       /* LlamaForCausalLM */
    ARCH_MISTRAL,     /* MistralForCausalLM */
    ARCH_MIXTRAL,     /* MixtralForCausalLM */
    ARCH_QWEN2,       /* Qwen2ForCausalLM */
    ARCH_GEMMA,       /* GemmaForCausalLM */
    ARCH_PHI,         /* PhiForCausalLM */
    ARCH_PHI3,        /* Phi3ForCausalLM */
    ARCH_FALCON,      /* FalconForCausalLM */
    ARCH_DEEPSEEK_V2, /* DeepseekV2ForCausalLM */
    ARCH_DEEPSEEK_V3, /* DeepseekV3ForCausalLM, without its MTP layers */
    ARCH_VIT,         /* ViTForImageClassification, or ViTModel */
    ARCH_MLP,         /* modelscale's own: Linear layers, one per size */
    ARCH_FAMILY_COUNT
};

/* A shape.  Sizes are counts of units (0 where the family has none);
 * flags are 0 or 1.  A reader fills every field the family uses with
 * the config's value or the config class's default: arch_count applies
 * no defaults of its own beyond those written here. */
struct arch {
    enum arch_family family;
    uint64_t hidden;        /* hidden_size (GPT-2: n_embd) */
    uint64_t layers;        /* transformer layers (GPT-2: n_layer) */
    uint64_t heads;         /* attention heads (GPT-2: n_head) */
    uint64_t kv_heads;      /* key/value heads: heads for multi-head */
    uint64_t head_dim;      /* 0: hidden / heads, which must divide */
    uint64_t intermediate;  /* a dense layer's MLP width */
    uint64_t vocab;         /* vocab_size */
    uint64_t max_positions; /* max_position_embeddings (GPT-2:
                               n_positions) */
    int tied;               /* the LM head is the input embedding */
    int attention_bias;     /* llama, gemma, gpt_neox, deepseek: on the
                               attention projections; vit: q, k, v only;
                               opt and falcon: on every linear layer */
    int mlp_bias;           /* llama, deepseek_v2: on the MLP; mlp: on
                               every layer */
    /* BERT */
    uint64_t type_vocab;    /* type_vocab_size */
    int relative_positions; /* relative_key(_query): a distance table per
                               layer */
    /* OPT */
    uint64_t embed_dim;     /* word_embed_proj_dim; 0: hidden */
    int norm_affine;        /* layer_norm_elementwise_affine */
    int final_norm;         /* do_layer_norm_before and not
                               _remove_final_layer_norm */
    /* Phi */
    int qk_norm;            /* qk_layernorm */
    /* Falcon */
    int new_decoder;        /* new_decoder_architecture */
    int multi_query;        /* one K/V head (without new_decoder) */
    int parallel_attn;
    uint64_t parallel_norms; /* num_ln_in_parallel_attn; 0: unset */
    /* mixture of experts (mixtral, deepseek) */
    uint64_t experts;           /* routed experts of an MoE layer */
    uint64_t experts_per_token; /* num_experts_per_tok */
    uint64_t shared_experts;    /* n_shared_experts */
    uint64_t moe_intermediate;  /* one expert's MLP width */
    uint64_t first_dense;       /* first_k_dense_replace */
    uint64_t moe_layer_freq;    /* every how many layers an MoE one */
    /* multi-head latent attention (deepseek) */
    uint64_t q_lora_rank;       /* 0: none, a plain q_proj */
    uint64_t kv_lora_rank;
    uint64_t qk_rope_head_dim;
    uint64_t qk_nope_head_dim;
    uint64_t v_head_dim;
    uint64_t mtp_layers;        /* num_nextn_predict_layers */
    /* sliding-window attention */
    uint64_t sliding_window;    /* tokens; 0: none given */
    int sliding_in_use;         /* the model attends through it */
    uint64_t sliding_from;      /* first layer that does (qwen2:
                                   max_window_layers) */
    /* ViT */
    uint64_t image_size;
    uint64_t patch_size;
    uint64_t channels;          /* num_channels */
    uint64_t labels;            /* num_labels; 0: no classifier */
    int pooler;                 /* ViTModel: a pooler, no classifier */
    /* MLP */
    size_t mlp_count;                /* sizes given */
    uint64_t mlp_sizes[ARCH_MLP_MAX]; /* input, hidden..., output */
};

/* Where parameters live.  A part is present when its count is not 0. */
enum arch_part {
    ARCH_PART_EMBEDDINGS = 0,   /* token (and type, patch, cls) tables;
                                   OPT's project_in */
    ARCH_PART_POSITIONS,        /* learned position tables */
    ARCH_PART_ATTENTION,        /* with MLA's own low-rank norms */
    ARCH_PART_MLP,              /* dense feed-forward layers */
    ARCH_PART_EXPERTS,          /* every routed expert */
    ARCH_PART_SHARED_EXPERTS,
    ARCH_PART_ROUTER,
    ARCH_PART_NORMS,            /* layer norms, final norm included */
    ARCH_PART_HEAD,             /* LM head unless tied; OPT's
                                   project_out; Phi's head bias */
    ARCH_PART_POOLER,
    ARCH_PART_CLASSIFIER,
    ARCH_PART_COUNT
};

/* One kind of transformer layer: its parameters and how many there are. */
struct arch_layer {
    uint64_t parameters;
    uint64_t count;
};

/* One Linear layer of an MLP: weights in x out, biases out (or 0). */
struct arch_linear {
    uint64_t in;
    uint64_t out;
    uint64_t weights;
    uint64_t biases;
};

struct arch_count {
    uint64_t parameters;        /* the total, MTP layers excluded */
    uint64_t active_parameters; /* what one token passes through; the
                                   total for a dense model */
    int moe;                    /* a mixture of experts */
    uint64_t parts[ARCH_PART_COUNT]; /* they add up to parameters */
    int tied;                   /* the head counted once, as embedding */
    struct arch_layer dense;    /* a dense transformer layer */
    struct arch_layer moe_layer; /* an MoE layer, all its experts */
    uint64_t expert;            /* one routed expert */
    uint64_t mtp_parameters;    /* MTP layers' own parameters: not in
                                   parameters; the embedding and head
                                   they share are not in it either */
    uint64_t mtp_layers;
    size_t linear_count;        /* the MLP's Linear layers */
    struct arch_linear linears[ARCH_MLP_MAX - 1];
};

/* Which field of struct arch a fault is about. */
enum arch_field {
    ARCH_FIELD_NONE = 0, /* the whole architecture (its total) */
    ARCH_FIELD_HIDDEN,
    ARCH_FIELD_LAYERS,
    ARCH_FIELD_HEADS,
    ARCH_FIELD_KV_HEADS,
    ARCH_FIELD_HEAD_DIM,
    ARCH_FIELD_INTERMEDIATE,
    ARCH_FIELD_VOCAB,
    ARCH_FIELD_EXPERTS,
    ARCH_FIELD_EXPERTS_PER_TOKEN,
    ARCH_FIELD_MOE_LAYER_FREQ,
    ARCH_FIELD_IMAGE_SIZE,
    ARCH_FIELD_PATCH_SIZE,
    ARCH_FIELD_MLP_SIZES,
    ARCH_FIELD_COUNT
};

/* Why a shape has no count: the field and a static phrase that follows
 * the field's name ("does not divide the attention heads"). */
struct arch_fault {
    enum arch_field field;
    const char *reason;
};

/* Counts a.  Returns SVC_OK with *out filled, or SVC_EINVAL with *fault
 * set when the shape is inconsistent (heads not dividing the hidden size
 * without a head_dim, key/value heads not dividing the heads, more
 * experts per token than experts, an MLP of fewer than two sizes, a zero
 * where a divisor or a size must be) or its total exceeds ARCH_TOTAL_MAX
 * (overflow included); *out is then unspecified.  Nothing is kept.
 * @unittest check_arch.c */
enum svc_status arch_count(const struct arch *a, struct arch_count *out,
                           struct arch_fault *fault);

/* An MLP's count written out, a term per weight matrix and bias:
 * "784 × 128 + 128 + 128 × 10 + 10 = 100,352 + 128 + 1,280 + 10 =
 * 101,770" (the middle sum only when there is more than one term).  At
 * most ARCH_ARITHMETIC_MAX bytes with the NUL. */
#define ARCH_ARITHMETIC_MAX ((ARCH_MLP_MAX - 1) * 136 + 64)

/* Writes c's arithmetic into buf, for a count of an MLP (c->linear_count
 * at least 1).  Returns the length, or -1 if buf is too small or c has
 * no linear layers.  @unittest check_arch.c "arithmetic" */
int arch_arithmetic(const struct arch_count *c, char *buf, size_t len);

/* What a key/value cache holds per token. */
enum arch_kv_kind {
    ARCH_KV_NONE = 0, /* encoder only (bert, vit, mlp): no cache */
    ARCH_KV_MHA,      /* a K and a V per attention head */
    ARCH_KV_GQA,      /* per group of heads */
    ARCH_KV_MQA,      /* one K and one V for all heads */
    ARCH_KV_LATENT    /* MLA: latent_dim values per layer */
};

struct arch_kv_shape {
    enum arch_kv_kind kind;
    uint64_t layers;         /* layers that cache */
    uint64_t kv_heads;       /* K/V heads (MLA: the heads decompressed) */
    uint64_t key_dim;        /* one head's K width */
    uint64_t value_dim;      /* one head's V width */
    uint64_t latent_dim;     /* MLA: kv_lora_rank + qk_rope_head_dim */
    uint64_t sliding_window; /* tokens a windowed layer keeps; 0: none */
    uint64_t sliding_layers; /* layers that use the window */
    uint64_t max_positions;
};

/* Fills *out from a, which arch_count must have accepted.
 * @unittest check_arch.c "kv" */
void arch_kv_shape(const struct arch *a, struct arch_kv_shape *out);

/* The model_type of f ("gpt_neox"), or NULL past the last family. */
const char *arch_family_name(enum arch_family f);

/* Finds the family whose model_type is s[0..len).  Returns SVC_OK and
 * sets *out, or SVC_EINVAL. */
enum svc_status arch_family_find(const char *s, size_t len,
                                 enum arch_family *out);

/* The name of part p in an answer ("shared_experts"), or NULL. */
const char *arch_part_name(enum arch_part p);

/* Zeroes a and sets its family; the caller fills in the rest. */
void arch_init(struct arch *a, enum arch_family f);

#endif
