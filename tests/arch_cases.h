/* arch_cases.h - hand-worked shapes for check_arch.c: one real model per
 * family (totals as published, see tests/data/architectures/expected.json
 * and more_expected.json) and small variants, each with its arithmetic.
 * h is the hidden size, L the layers, V the vocabulary, i the MLP width;
 * "a layer" is one transformer layer, counted L times. */
#ifndef MODELSCALE_ARCH_CASES_H
#define MODELSCALE_ARCH_CASES_H

#include <stdint.h>

#include "modelscale/arch.h"

#define EMB ARCH_PART_EMBEDDINGS
#define POSN ARCH_PART_POSITIONS
#define ATT ARCH_PART_ATTENTION
#define MLP ARCH_PART_MLP
#define EXP ARCH_PART_EXPERTS
#define SHR ARCH_PART_SHARED_EXPERTS
#define RTR ARCH_PART_ROUTER
#define NRM ARCH_PART_NORMS
#define HEAD ARCH_PART_HEAD
#define POOL ARCH_PART_POOLER
#define CLS ARCH_PART_CLASSIFIER

struct arch_case {
    const char *name;
    struct arch a;
    uint64_t parameters;
    uint64_t active;
    uint64_t parts[ARCH_PART_COUNT];
    struct arch_layer dense;
    struct arch_layer moe;
};

static const struct arch_case arch_cases[] = {
    /* gpt2: h 768, L 12, V 50257, 1024 positions, i 4 x 768.
     * wte 50257 x 768 = 38,597,376; wpe 1024 x 768 = 786,432.
     * A layer: c_attn 768 x 2304 + 2304, c_proj 768 x 768 + 768:
     * 2,362,368; c_fc 768 x 3072 + 3072, c_proj 3072 x 768 + 768:
     * 4,722,432; ln_1, ln_2 2 x 2 x 768 = 3,072; 7,087,872 in all.
     * Norms 12 x 3,072 + ln_f 1,536 = 38,400.  Head tied. */
    {"gpt2", {.family = ARCH_GPT2, .hidden = 768, .layers = 12,
              .heads = 12, .intermediate = 3072, .vocab = 50257,
              .max_positions = 1024, .tied = 1},
     124439808, 124439808,
     {[EMB] = 38597376, [POSN] = 786432, [ATT] = 28348416,
      [MLP] = 56669184, [NRM] = 38400},
     {7087872, 12}, {0, 0}},
    /* bert-base-uncased (BertModel): word 30522 x 768 = 23,440,896 and
     * token type 2 x 768 = 1,536: 23,442,432; positions 512 x 768 =
     * 393,216.  A layer: q, k, v, o 4 x (768 x 768 + 768) = 2,362,368;
     * intermediate and output 4,722,432; two LayerNorms 3,072.  Norms
     * 1,536 (embeddings) + 12 x 3,072 = 38,400; pooler 768 x 768 + 768
     * = 590,592. */
    {"bert", {.family = ARCH_BERT, .hidden = 768, .layers = 12,
              .heads = 12, .intermediate = 3072, .vocab = 30522,
              .max_positions = 512, .type_vocab = 2},
     109482240, 109482240,
     {[EMB] = 23442432, [POSN] = 393216, [ATT] = 28348416,
      [MLP] = 56669184, [NRM] = 38400, [POOL] = 590592},
     {7087872, 12}, {0, 0}},
    /* opt-125m: tokens 50272 x 768 = 38,608,896; learned positions with
     * the offset of 2: 2050 x 768 = 1,574,400.  A layer as GPT-2's
     * (k, v, q, out_proj, fc1, fc2 with biases; two LayerNorms):
     * 7,087,872.  Norms 12 x 3,072 + final 1,536.  Head tied. */
    {"opt", {.family = ARCH_OPT, .hidden = 768, .layers = 12, .heads = 12,
             .intermediate = 3072, .vocab = 50272, .max_positions = 2048,
             .tied = 1, .attention_bias = 1, .norm_affine = 1,
             .final_norm = 1},
     125239296, 125239296,
     {[EMB] = 38608896, [POSN] = 1574400, [ATT] = 28348416,
      [MLP] = 56669184, [NRM] = 38400},
     {7087872, 12}, {0, 0}},
    /* pythia-160m: embed_in and the untied embed_out each 50304 x 768
     * = 38,633,472.  A layer: query_key_value 768 x 2304 + 2304, dense
     * 768 x 768 + 768: 2,362,368; MLP 4,722,432; two LayerNorms 3,072.
     * Final LayerNorm 1,536. */
    {"gpt_neox", {.family = ARCH_GPT_NEOX, .hidden = 768, .layers = 12,
                  .heads = 12, .intermediate = 3072, .vocab = 50304,
                  .max_positions = 2048, .attention_bias = 1},
     162322944, 162322944,
     {[EMB] = 38633472, [ATT] = 28348416, [MLP] = 56669184,
      [NRM] = 38400, [HEAD] = 38633472},
     {7087872, 12}, {0, 0}},
    /* Llama-2-7b: embed and lm_head 32000 x 4096 = 131,072,000 each.
     * A layer: q, k, v, o 4 x 4096 x 4096 = 67,108,864; gate, up, down
     * 3 x 4096 x 11008 = 135,266,304; two RMSNorms 8,192: 202,383,360.
     * Norms 32 x 8,192 + 4,096 = 266,240. */
    {"llama", {.family = ARCH_LLAMA, .hidden = 4096, .layers = 32,
               .heads = 32, .kv_heads = 32, .intermediate = 11008,
               .vocab = 32000, .max_positions = 4096},
     6738415616, 6738415616,
     {[EMB] = 131072000, [ATT] = 2147483648, [MLP] = 4328521728,
      [NRM] = 266240, [HEAD] = 131072000},
     {202383360, 32}, {0, 0}},
    /* Mistral-7B-v0.1: grouped-query, 8 K/V heads of 128.  A layer:
     * q and o 2 x 4096 x 4096, k and v 2 x 4096 x 1024: 41,943,040;
     * MLP 3 x 4096 x 14336 = 176,160,768; norms 8,192: 218,112,000. */
    {"mistral", {.family = ARCH_MISTRAL, .hidden = 4096, .layers = 32,
                 .heads = 32, .kv_heads = 8, .intermediate = 14336,
                 .vocab = 32000, .max_positions = 32768,
                 .sliding_window = 4096, .sliding_in_use = 1},
     7241732096, 7241732096,
     {[EMB] = 131072000, [ATT] = 1342177280, [MLP] = 5637144576,
      [NRM] = 266240, [HEAD] = 131072000},
     {218112000, 32}, {0, 0}},
    /* Mixtral-8x7B: every layer MoE: attention 41,943,040 as Mistral;
     * router 4096 x 8 = 32,768; 8 experts of w1, w2, w3 3 x 4096 x
     * 14336 = 176,160,768 each: 1,409,286,144; norms 8,192; a layer
     * 1,451,270,144.  Active: minus the 6 idle experts of each layer,
     * 32 x 6 x 176,160,768 = 33,822,867,456: 12,879,925,248. */
    {"mixtral", {.family = ARCH_MIXTRAL, .hidden = 4096, .layers = 32,
                 .heads = 32, .kv_heads = 8, .intermediate = 14336,
                 .vocab = 32000, .max_positions = 32768, .experts = 8,
                 .experts_per_token = 2, .moe_intermediate = 14336},
     46702792704, 12879925248,
     {[EMB] = 131072000, [ATT] = 1342177280, [EXP] = 45097156608,
      [RTR] = 1048576, [NRM] = 266240, [HEAD] = 131072000},
     {0, 0}, {1451270144, 32}},
    /* Qwen2.5-7B: embed and lm_head 152064 x 3584 = 544,997,376 each.
     * A layer: q 3584 x 3584 + 3584 = 12,848,640; k and v with biases
     * 2 x (3584 x 512 + 512) = 3,671,040; o without 12,845,056:
     * 29,364,736; MLP 3 x 3584 x 18944 = 203,685,888; norms 7,168. */
    {"qwen2", {.family = ARCH_QWEN2, .hidden = 3584, .layers = 28,
               .heads = 28, .kv_heads = 4, .intermediate = 18944,
               .vocab = 152064, .max_positions = 32768,
               .sliding_window = 131072, .sliding_from = 28},
     7615616512, 7615616512,
     {[EMB] = 544997376, [ATT] = 822212608, [MLP] = 5703204864,
      [NRM] = 204288, [HEAD] = 544997376},
     {233057792, 28}, {0, 0}},
    /* gemma-2b: head_dim 256 with 8 heads (2048 = hidden), one K/V
     * head; tied.  A layer: q and o 2 x 2048 x 2048, k and v 2 x 2048
     * x 256: 9,437,184; MLP 3 x 2048 x 16384 = 100,663,296; norms
     * 4,096.  Embed 256000 x 2048 = 524,288,000, no separate head. */
    {"gemma", {.family = ARCH_GEMMA, .hidden = 2048, .layers = 18,
               .heads = 8, .kv_heads = 1, .head_dim = 256,
               .intermediate = 16384, .vocab = 256000,
               .max_positions = 8192, .tied = 1},
     2506172416, 2506172416,
     {[EMB] = 524288000, [ATT] = 169869312, [MLP] = 1811939328,
      [NRM] = 75776},
     {110104576, 18}, {0, 0}},
    /* phi-2: biases everywhere.  A layer: q, k, v, dense 4 x (2560 x
     * 2560 + 2560) = 26,224,640; fc1 and fc2 2 x 2560 x 10240 + 10240 +
     * 2560 = 52,441,600; one LayerNorm 5,120.  Head 51200 x 2560 +
     * its bias 51,200 = 131,123,200; final LayerNorm 5,120. */
    {"phi", {.family = ARCH_PHI, .hidden = 2560, .layers = 32, .heads = 32,
             .kv_heads = 32, .intermediate = 10240, .vocab = 51200,
             .max_positions = 2048},
     2779683840, 2779683840,
     {[EMB] = 131072000, [ATT] = 839188480, [MLP] = 1678131200,
      [NRM] = 168960, [HEAD] = 131123200},
     {78671360, 32}, {0, 0}},
    /* Phi-3-mini-4k: fused qkv_proj 3072 x 9216 = 28,311,552 and o_proj
     * 9,437,184; fused gate_up_proj 3072 x 16384 and down_proj 8192 x
     * 3072: 75,497,472; norms 6,144.  Embed, head 32064 x 3072. */
    {"phi3", {.family = ARCH_PHI3, .hidden = 3072, .layers = 32,
              .heads = 32, .kv_heads = 32, .intermediate = 8192,
              .vocab = 32064, .max_positions = 4096,
              .sliding_window = 2047, .sliding_in_use = 1},
     3821079552, 3821079552,
     {[EMB] = 98500608, [ATT] = 1207959552, [MLP] = 2415919104,
      [NRM] = 199680, [HEAD] = 98500608},
     {113252352, 32}, {0, 0}},
    /* falcon-7b: multi-query, parallel attention, no biases, tied.
     * A layer: query_key_value 4544 x (4544 + 2 x 64) = 21,229,568,
     * dense 4544 x 4544 = 20,647,936; MLP 2 x 4544 x 18176 =
     * 165,183,488; one LayerNorm 9,088.  ln_f 9,088. */
    {"falcon", {.family = ARCH_FALCON, .hidden = 4544, .layers = 32,
                .heads = 71, .kv_heads = 71, .intermediate = 18176,
                .vocab = 65024, .max_positions = 2048, .tied = 1,
                .multi_query = 1, .parallel_attn = 1},
     6921720704, 6921720704,
     {[EMB] = 295469056, [ATT] = 1340080128, [MLP] = 5285871616,
      [NRM] = 299904},
     {207070080, 32}, {0, 0}},
    /* DeepSeek-V2-Lite: MLA without q_lora.  Attention: q_proj 2048 x
     * 16 x 192 = 6,291,456; kv_a_proj 2048 x 576 = 1,179,648;
     * kv_a_layernorm 512; kv_b_proj 512 x 16 x 256 = 2,097,152; o_proj
     * 2048 x 2048 = 4,194,304: 13,763,072.  Layer 0 dense: MLP 3 x 2048
     * x 10944 = 67,239,936, norms 4,096: 81,007,104.  26 MoE layers:
     * 64 experts of 3 x 2048 x 1408 = 8,650,752 (553,648,128), shared
     * 3 x 2048 x 2816 = 17,301,504, router 64 x 2048 = 131,072:
     * 584,847,872.  Active: minus 26 x 58 x 8,650,752. */
    {"deepseek_v2", {.family = ARCH_DEEPSEEK_V2, .hidden = 2048,
                     .layers = 27, .heads = 16, .kv_heads = 16,
                     .intermediate = 10944, .vocab = 102400,
                     .max_positions = 163840, .experts = 64,
                     .experts_per_token = 6, .shared_experts = 2,
                     .moe_intermediate = 1408, .first_dense = 1,
                     .moe_layer_freq = 1, .kv_lora_rank = 512,
                     .qk_rope_head_dim = 64, .qk_nope_head_dim = 128,
                     .v_head_dim = 128},
     15706484224, 2661150208,
     {[EMB] = 209715200, [ATT] = 371602944, [MLP] = 67239936,
      [EXP] = 14394851328, [SHR] = 449839104, [RTR] = 3407872,
      [NRM] = 112640, [HEAD] = 209715200},
     {81007104, 1}, {584847872, 26}},
    /* DeepSeek-V3: q_lora 1536.  Attention: q_a 7168 x 1536 and its
     * norm 1,536, q_b 1536 x 128 x 192 = 37,748,736, kv_a 7168 x 576,
     * its norm 512, kv_b 512 x 128 x 256 = 16,777,216, o 16384 x 7168:
     * 187,107,328.  3 dense layers: MLP 3 x 7168 x 18432 = 396,361,728.
     * 58 MoE layers: 256 experts of 3 x 7168 x 2048 = 44,040,192, one
     * shared of the same, router 256 x 7168 (e_score_correction_bias is
     * a buffer).  671,026,404,352 and 37,552,282,624 as public
     * calculators give; DeepSeek says 671B and 37B. */
    {"deepseek_v3", {.family = ARCH_DEEPSEEK_V3, .hidden = 7168,
                     .layers = 61, .heads = 128, .kv_heads = 128,
                     .intermediate = 18432, .vocab = 129280,
                     .max_positions = 163840, .experts = 256,
                     .experts_per_token = 8, .shared_experts = 1,
                     .moe_intermediate = 2048, .first_dense = 3,
                     .moe_layer_freq = 1, .q_lora_rank = 1536,
                     .kv_lora_rank = 512, .qk_rope_head_dim = 64,
                     .qk_nope_head_dim = 128, .v_head_dim = 128,
                     .mtp_layers = 1},
     671026404352, 37552282624,
     {[EMB] = 926679040, [ATT] = 11413547008, [MLP] = 1189085184,
      [EXP] = 653908770816, [SHR] = 2554331136, [RTR] = 106430464,
      [NRM] = 881664, [HEAD] = 926679040},
     {583483392, 3}, {11507286016, 58}},
    /* vit-base-patch16-224: patch Conv2d 768 x 3 x 16 x 16 + 768 =
     * 590,592 and the cls token 768; positions (14 x 14 + 1) x 768 =
     * 151,296.  A layer as BERT's: 7,087,872.  Final LayerNorm 1,536;
     * classifier 768 x 1000 + 1000 = 769,000; no pooler. */
    {"vit", {.family = ARCH_VIT, .hidden = 768, .layers = 12, .heads = 12,
             .intermediate = 3072, .image_size = 224, .patch_size = 16,
             .channels = 3, .labels = 1000, .attention_bias = 1},
     86567656, 86567656,
     {[EMB] = 591360, [POSN] = 151296, [ATT] = 28348416,
      [MLP] = 56669184, [NRM] = 38400, [CLS] = 769000},
     {7087872, 12}, {0, 0}},
    /* The guide's MNIST net: 784 x 128 + 128 + 128 x 10 + 10 = 100,352
     * + 128 + 1,280 + 10 = 101,770. */
    {"mlp", {.family = ARCH_MLP, .mlp_bias = 1, .mlp_count = 3,
             .mlp_sizes = {784, 128, 10}},
     101770, 101770, {[MLP] = 101770}, {0, 0}, {0, 0}},
    /* Falcon-40B: new decoder, 8 K/V heads of 64.  A layer:
     * query_key_value 8192 x (2 x 8 + 128) x 64 = 75,497,472, dense
     * 8192 x 8192 = 67,108,864; MLP 2 x 8192 x 32768 = 536,870,912;
     * ln_attn and ln_mlp 32,768.  ln_f 16,384; embed 65024 x 8192. */
    {"falcon-40b", {.family = ARCH_FALCON, .hidden = 8192, .layers = 60,
                    .heads = 128, .kv_heads = 8, .intermediate = 32768,
                    .vocab = 65024, .max_positions = 2048, .tied = 1,
                    .new_decoder = 1, .multi_query = 1,
                    .parallel_attn = 1},
     41303293952, 41303293952,
     {[EMB] = 532676608, [ATT] = 8556380160, [MLP] = 32212254720,
      [NRM] = 1982464},
     {679510016, 60}, {0, 0}},
    /* opt-350m: word_embed_proj_dim 512.  Embed 50272 x 512 =
     * 25,739,264 with project_in 512 x 1024 = 524,288; positions 2050
     * x 1024; project_out 1024 x 512 before the tied head.  A layer:
     * 4 x (1024 x 1024 + 1024) = 4,198,400; fc1, fc2 8,393,728; two
     * LayerNorms 4,096.  Post-LayerNorm: no final norm. */
    {"opt-350m", {.family = ARCH_OPT, .hidden = 1024, .layers = 24,
                  .heads = 16, .intermediate = 4096, .vocab = 50272,
                  .max_positions = 2048, .embed_dim = 512, .tied = 1,
                  .attention_bias = 1, .norm_affine = 1},
     331196416, 331196416,
     {[EMB] = 26263552, [POSN] = 2099200, [ATT] = 100761600,
      [MLP] = 201449472, [NRM] = 98304, [HEAD] = 524288},
     {12596224, 24}, {0, 0}},
    /* Toy llama with attention_bias and mlp_bias, h 64, 4 heads of 16,
     * 2 K/V heads, i 128, V 100, L 2.  q 64 x 64 + 64 = 4,160, k and v
     * 2 x (64 x 32 + 32) = 4,160, o 4,160: 12,480; MLP 3 x 64 x 128 +
     * 128 + 128 + 64 = 24,896; norms 128: a layer 37,504.  Embed and
     * head 6,400 each; final norm 64. */
    {"llama biases", {.family = ARCH_LLAMA, .hidden = 64, .layers = 2,
                      .heads = 4, .kv_heads = 2, .intermediate = 128,
                      .vocab = 100, .attention_bias = 1, .mlp_bias = 1},
     87872, 87872,
     {[EMB] = 6400, [ATT] = 24960, [MLP] = 49792, [NRM] = 320,
      [HEAD] = 6400},
     {37504, 2}, {0, 0}},
    /* Toy phi with qk_layernorm and a tied head (its bias stays): q, k,
     * v, dense 4 x (64 x 64 + 64) = 16,640 and two LayerNorm(16) 64;
     * fc1, fc2 64 x 256 + 256 + 256 x 64 + 64 = 33,088; one LayerNorm
     * 128.  Head bias 100; final LayerNorm 128. */
    {"phi qk_layernorm", {.family = ARCH_PHI, .hidden = 64, .layers = 2,
                          .heads = 4, .kv_heads = 4, .intermediate = 256,
                          .vocab = 100, .qk_norm = 1, .tied = 1},
     106468, 106468,
     {[EMB] = 6400, [ATT] = 33408, [MLP] = 66176, [NRM] = 384,
      [HEAD] = 100},
     {49920, 2}, {0, 0}},
    /* Toy BERT with relative_key positions: each layer adds a distance
     * table (2 x 32 - 1) x 16 = 1,008 to its 16,640 of attention. */
    {"bert relative", {.family = ARCH_BERT, .hidden = 64, .layers = 2,
                       .heads = 4, .intermediate = 256, .vocab = 100,
                       .max_positions = 32, .type_vocab = 2,
                       .relative_positions = 1},
     114848, 114848,
     {[EMB] = 6528, [POSN] = 2048, [ATT] = 35296, [MLP] = 66176,
      [NRM] = 640, [POOL] = 4160},
     {50992, 2}, {0, 0}},
    /* Toy ViTModel: a pooler 64 x 64 + 64, no classifier; qkv_bias
     * false: 3 x 64 x 64 + 64 x 64 + 64 = 16,448.  Conv 64 x 3 x 8 x 8
     * + 64 = 12,352, cls 64; positions (4 x 4 + 1) x 64 = 1,088. */
    {"vit pooler", {.family = ARCH_VIT, .hidden = 64, .layers = 2,
                    .heads = 4, .intermediate = 256, .image_size = 32,
                    .patch_size = 8, .channels = 3, .labels = 2,
                    .pooler = 1},
     117376, 117376,
     {[EMB] = 12416, [POSN] = 1088, [ATT] = 32896, [MLP] = 66176,
      [NRM] = 640, [POOL] = 4160},
     {49792, 2}, {0, 0}},
    /* Toy falcon-rw: neither new decoder nor multi-query, sequential
     * (two LayerNorms), biases.  query_key_value 64 x 192 + 192 =
     * 12,480, dense 4,160; MLP 33,088; norms 256.  ln_f 128. */
    {"falcon rw", {.family = ARCH_FALCON, .hidden = 64, .layers = 2,
                   .heads = 4, .kv_heads = 4, .intermediate = 256,
                   .vocab = 100, .tied = 1, .attention_bias = 1},
     106496, 106496,
     {[EMB] = 6400, [ATT] = 33280, [MLP] = 66176, [NRM] = 640},
     {49984, 2}, {0, 0}},
    /* Toy OPT: no biases, LayerNorms without weights, untied head.
     * Positions (16 + 2) x 64 = 1,152; attention 4 x 64 x 64; MLP 2 x
     * 64 x 256; no norm parameters at all. */
    {"opt plain", {.family = ARCH_OPT, .hidden = 64, .layers = 2,
                   .heads = 4, .intermediate = 256, .vocab = 100,
                   .max_positions = 16, .final_norm = 1},
     112256, 112256,
     {[EMB] = 6400, [POSN] = 1152, [ATT] = 32768, [MLP] = 65536,
      [HEAD] = 6400},
     {49152, 2}, {0, 0}},
    /* Toy GPT-NeoX without attention biases, tied: query_key_value
     * 64 x 192 and dense 64 x 64 = 16,384; MLP 33,088; norms 256. */
    {"gpt_neox tied", {.family = ARCH_GPT_NEOX, .hidden = 64, .layers = 2,
                       .heads = 4, .intermediate = 256, .vocab = 100,
                       .tied = 1},
     105984, 105984,
     {[EMB] = 6400, [ATT] = 32768, [MLP] = 66176, [NRM] = 640},
     {49728, 2}, {0, 0}},
};

#endif
