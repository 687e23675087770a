/* arch_reader_types.c - the fields each supported model_type reads from
 * a config.json, with the defaults of its transformers config class
 * (configuration_<type>.py; PretrainedConfig's for tie_word_embeddings
 * and num_labels).  The sizes a count cannot do without are required. */
#include <stddef.h>

#include "api/arch_reader.h"

#define AT(m) offsetof(struct arch, m)
#define F_NONE ARCH_FIELD_NONE
#define REQ(n, m, f) {n, ARCH_READER_COUNT, NULL, 0, AT(m), f}
#define NUM(n, m, text, v, f) {n, ARCH_READER_COUNT, text, v, AT(m), f}
#define NUM0(n, m, text, v) {n, ARCH_READER_COUNT0, text, v, AT(m), F_NONE}
#define OPT(n, m, text, v, f) {n, ARCH_READER_COUNT_NULL, text, v, AT(m), f}
#define BOOL_true 1
#define BOOL_false 0
#define FLAG(n, m, v) {n, ARCH_READER_FLAG, #v, BOOL_##v, AT(m), F_NONE}
#define TIE(v) FLAG("tie_word_embeddings", tied, v)
#define POS(v) NUM("max_position_embeddings", max_positions, #v, v, F_NONE)

/* The five sizes of most configs. */
#define HIDDEN REQ("hidden_size", hidden, ARCH_FIELD_HIDDEN)
#define LAYERS REQ("num_hidden_layers", layers, ARCH_FIELD_LAYERS)
#define HEADS REQ("num_attention_heads", heads, ARCH_FIELD_HEADS)
#define INTER REQ("intermediate_size", intermediate, \
                  ARCH_FIELD_INTERMEDIATE)
#define VOCAB REQ("vocab_size", vocab, ARCH_FIELD_VOCAB)
#define SIZES HIDDEN, LAYERS, HEADS, INTER, VOCAB
#define KV(text, v) OPT("num_key_value_heads", kv_heads, text, v, \
                        ARCH_FIELD_KV_HEADS)
#define KV_ALL KV("num_attention_heads", 0)
#define HEAD_DIM OPT("head_dim", head_dim, \
                     "hidden_size / num_attention_heads", 0, \
                     ARCH_FIELD_HEAD_DIM)
#define WINDOW(text, v) OPT("sliding_window", sliding_window, text, v, \
                            F_NONE)

static const struct arch_reader_field gpt2[] = {
    REQ("n_embd", hidden, ARCH_FIELD_HIDDEN),
    REQ("n_layer", layers, ARCH_FIELD_LAYERS),
    REQ("n_head", heads, ARCH_FIELD_HEADS),
    VOCAB,
    REQ("n_positions", max_positions, F_NONE),
    OPT("n_inner", intermediate, "4 x n_embd", 0, ARCH_FIELD_INTERMEDIATE),
    TIE(true),
};

static const struct arch_reader_field bert[] = {
    SIZES,
    REQ("max_position_embeddings", max_positions, F_NONE),
    NUM("type_vocab_size", type_vocab, "2", 2, F_NONE),
    {"position_embedding_type", ARCH_READER_POSITIONS, "\"absolute\"", 0,
     AT(relative_positions), F_NONE},
};

static const struct arch_reader_field opt[] = {
    HIDDEN, LAYERS, HEADS,
    REQ("ffn_dim", intermediate, ARCH_FIELD_INTERMEDIATE),
    VOCAB,
    REQ("max_position_embeddings", max_positions, F_NONE),
    NUM("word_embed_proj_dim", embed_dim, "hidden_size", 0, F_NONE),
    FLAG("enable_bias", attention_bias, true),
    FLAG("layer_norm_elementwise_affine", norm_affine, true),
    FLAG("do_layer_norm_before", final_norm, true),
    {"_remove_final_layer_norm", ARCH_READER_UNFLAG, "false", 0,
     AT(final_norm), F_NONE},
    TIE(true),
};

static const struct arch_reader_field gpt_neox[] = {
    SIZES, POS(2048), FLAG("attention_bias", attention_bias, true), TIE(false),
};

static const struct arch_reader_field llama[] = {
    SIZES, KV_ALL, HEAD_DIM, POS(2048),
    FLAG("attention_bias", attention_bias, false),
    FLAG("mlp_bias", mlp_bias, false), TIE(false),
};

static const struct arch_reader_field mistral[] = {
    SIZES, KV("8", 8), HEAD_DIM, POS(131072), WINDOW("4096", 4096), TIE(false),
};

static const struct arch_reader_field mixtral[] = {
    SIZES, KV("8", 8), HEAD_DIM, POS(131072),
    NUM("num_local_experts", experts, "8", 8, ARCH_FIELD_EXPERTS),
    NUM("num_experts_per_tok", experts_per_token, "2", 2,
        ARCH_FIELD_EXPERTS_PER_TOKEN),
    WINDOW("null", 0), TIE(false),
};

static const struct arch_reader_field qwen2[] = {
    SIZES, KV("32", 32), HEAD_DIM, POS(32768), WINDOW("4096", 4096),
    FLAG("use_sliding_window", sliding_in_use, false),
    NUM0("max_window_layers", sliding_from, "28", 28), TIE(false),
};

static const struct arch_reader_field gemma[] = {
    SIZES, KV("16", 16),
    OPT("head_dim", head_dim, "256", 256, ARCH_FIELD_HEAD_DIM), POS(8192),
    FLAG("attention_bias", attention_bias, false), TIE(true),
};

static const struct arch_reader_field phi[] = {
    SIZES, KV_ALL, HEAD_DIM, POS(2048), FLAG("qk_layernorm", qk_norm, false),
    TIE(false),
};

static const struct arch_reader_field phi3[] = {
    SIZES, KV_ALL, HEAD_DIM, POS(4096), WINDOW("null", 0), TIE(false),
};

static const struct arch_reader_field falcon[] = {
    HIDDEN, LAYERS, HEADS, VOCAB,
    OPT("num_kv_heads", kv_heads, "num_attention_heads", 0,
        ARCH_FIELD_KV_HEADS),
    OPT("ffn_hidden_size", intermediate, "4 x hidden_size", 0,
        ARCH_FIELD_INTERMEDIATE),
    POS(2048),
    FLAG("new_decoder_architecture", new_decoder, false),
    FLAG("multi_query", multi_query, true),
    FLAG("parallel_attn", parallel_attn, true),
    OPT("num_ln_in_parallel_attn", parallel_norms, "null", 0, F_NONE),
    FLAG("bias", attention_bias, false), TIE(true),
};

/* DeepSeek: its mixture of experts and its latent attention. */
#define MOE(inter, routed, shared, first)                                  \
    NUM("moe_intermediate_size", moe_intermediate, #inter, inter, F_NONE), \
    NUM("n_routed_experts", experts, #routed, routed, ARCH_FIELD_EXPERTS), \
    NUM0("n_shared_experts", shared_experts, #shared, shared),             \
    NUM0("first_k_dense_replace", first_dense, #first, first),             \
    NUM("moe_layer_freq", moe_layer_freq, "1", 1,                          \
        ARCH_FIELD_MOE_LAYER_FREQ)
#define MLA                                                           \
    OPT("q_lora_rank", q_lora_rank, "1536", 1536, F_NONE),            \
    NUM("kv_lora_rank", kv_lora_rank, "512", 512, F_NONE),            \
    NUM("qk_rope_head_dim", qk_rope_head_dim, "64", 64, F_NONE),      \
    NUM("qk_nope_head_dim", qk_nope_head_dim, "128", 128, F_NONE),    \
    NUM("v_head_dim", v_head_dim, "128", 128, F_NONE),                \
    FLAG("attention_bias", attention_bias, false)

static const struct arch_reader_field deepseek_v2[] = {
    SIZES, KV_ALL, POS(2048),
    REQ("num_experts_per_tok", experts_per_token,
        ARCH_FIELD_EXPERTS_PER_TOKEN),
    MOE(1407, 64, 2, 0), MLA, FLAG("mlp_bias", mlp_bias, false), TIE(false),
};

static const struct arch_reader_field deepseek_v3[] = {
    SIZES, KV_ALL, POS(4096),
    NUM("num_experts_per_tok", experts_per_token, "8", 8,
        ARCH_FIELD_EXPERTS_PER_TOKEN),
    MOE(2048, 256, 1, 3), MLA,
    NUM0("num_nextn_predict_layers", mtp_layers, "0", 0), TIE(false),
};

static const struct arch_reader_field vit[] = {
    HIDDEN, LAYERS, HEADS, INTER,
    NUM("image_size", image_size, "224", 224, ARCH_FIELD_IMAGE_SIZE),
    NUM("patch_size", patch_size, "16", 16, ARCH_FIELD_PATCH_SIZE),
    NUM("num_channels", channels, "3", 3, F_NONE),
    FLAG("qkv_bias", attention_bias, true),
    NUM0("num_labels", labels, "2", 2),
    {"id2label", ARCH_READER_LABELS, "num_labels labels", 0, AT(labels),
     F_NONE},
    {"architectures", ARCH_READER_CLASSES, "[\"ViTForImageClassification\"]",
     0, AT(pooler), F_NONE},
};

static const struct arch_reader_field mlp[] = {
    {"layers", ARCH_READER_SIZES, NULL, 0, AT(mlp_sizes),
     ARCH_FIELD_MLP_SIZES},
    FLAG("bias", mlp_bias, true),
};

#define TYPE(t, counted) {#t, counted, t, sizeof(t) / sizeof(t[0])}

static const struct arch_reader_type types[ARCH_FAMILY_COUNT] = {
    [ARCH_GPT2] = TYPE(gpt2, "GPT2LMHeadModel"),
    [ARCH_BERT] = TYPE(bert, "BertModel"),
    [ARCH_OPT] = TYPE(opt, "OPTForCausalLM"),
    [ARCH_GPT_NEOX] = TYPE(gpt_neox, "GPTNeoXForCausalLM"),
    [ARCH_LLAMA] = TYPE(llama, "LlamaForCausalLM"),
    [ARCH_MISTRAL] = TYPE(mistral, "MistralForCausalLM"),
    [ARCH_MIXTRAL] = TYPE(mixtral, "MixtralForCausalLM"),
    [ARCH_QWEN2] = TYPE(qwen2, "Qwen2ForCausalLM"),
    [ARCH_GEMMA] = TYPE(gemma, "GemmaForCausalLM"),
    [ARCH_PHI] = TYPE(phi, "PhiForCausalLM"),
    [ARCH_PHI3] = TYPE(phi3, "Phi3ForCausalLM"),
    [ARCH_FALCON] = TYPE(falcon, "FalconForCausalLM"),
    [ARCH_DEEPSEEK_V2] = TYPE(deepseek_v2, "DeepseekV2ForCausalLM"),
    [ARCH_DEEPSEEK_V3] = TYPE(deepseek_v3, "DeepseekV3ForCausalLM"),
    [ARCH_VIT] = TYPE(vit, "ViTForImageClassification or ViTModel"),
    [ARCH_MLP] = TYPE(mlp, "nn.Linear layers, one per pair of sizes"),
};

const struct arch_reader_type *arch_reader_types(size_t *count)
{
    *count = ARCH_FAMILY_COUNT;
    return types;
}

const char *arch_reader_counted(const struct arch *a)
{
    if (a->family == ARCH_VIT)
        return a->pooler ? "ViTModel" : "ViTForImageClassification";
    return types[a->family].counted;
}

const char *arch_reader_kind_name(enum arch_reader_kind k)
{
    switch (k) {
    case ARCH_READER_COUNT:
        return "whole number";
    case ARCH_READER_COUNT0:
        return "whole number or 0";
    case ARCH_READER_COUNT_NULL:
        return "whole number or null";
    case ARCH_READER_FLAG:
    case ARCH_READER_UNFLAG:
        return "boolean";
    case ARCH_READER_SIZES:
        return "array of whole numbers";
    case ARCH_READER_LABELS:
        return "object";
    case ARCH_READER_CLASSES:
        return "array of class names";
    case ARCH_READER_POSITIONS:
        return "string";
    }
    return NULL;
}
