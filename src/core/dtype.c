/* dtype.c - weight and KV-cache formats as block layouts, read by name.
 * Pure: no I/O, no globals. */
#include "modelscale/dtype.h"

#include <assert.h>
#include <string.h>

/* From ggml/src/ggml-common.h (llama.cpp): QK_K = 256, K_SCALE_SIZE =
 * 12, ggml_half = 2 bytes. */
static const struct dtype_layout layouts[DTYPE_COUNT] = {
    [DTYPE_FP32] = {"fp32", 4, 1, "one 32-bit float"},
    [DTYPE_BF16] = {"bf16", 2, 1, "one bfloat16"},
    [DTYPE_FP16] = {"fp16", 2, 1, "one IEEE half"},
    [DTYPE_FP8] = {"fp8", 1, 1, "one 8-bit float (E4M3)"},
    [DTYPE_INT8] = {"int8", 1, 1, "one 8-bit integer"},
    [DTYPE_INT4] = {"int4", 1, 2, "two 4-bit integers"},
    [DTYPE_Q8_0] = {"q8_0", 34, 32,
                    "d: fp16 scale (2); qs: 32 int8 quants (32)"},
    [DTYPE_Q6_K] = {"q6_k", 210, 256,
                    "ql: low 4 bits of 256 quants (128); qh: high 2 bits "
                    "(64); scales: 16 int8 scales, one per 16 weights "
                    "(16); d: fp16 super-block scale (2)"},
    [DTYPE_Q5_K] = {"q5_k", 176, 256,
                    "d, dmin: fp16 super-block scales of the scales and "
                    "mins (4); scales: 8 6-bit scales and 8 6-bit mins, "
                    "one each per 32 weights (12); qh: 5th bit of 256 "
                    "quants (32); qs: low 4 bits (128)"},
    [DTYPE_Q4_K] = {"q4_k", 144, 256,
                    "d, dmin: fp16 super-block scales of the scales and "
                    "mins (4); scales: 8 6-bit scales and 8 6-bit mins, "
                    "one each per 32 weights (12); qs: 256 4-bit quants "
                    "(128)"},
    [DTYPE_Q4_0] = {"q4_0", 18, 32,
                    "d: fp16 scale (2); qs: 32 4-bit quants (16)"},
    [DTYPE_Q3_K] = {"q3_k", 110, 256,
                    "hmask: high bit of 256 quants (32); qs: low 2 bits "
                    "(64); scales: 16 6-bit scales, one per 16 weights "
                    "(12); d: fp16 super-block scale (2)"},
    [DTYPE_Q2_K] = {"q2_k", 84, 256,
                    "scales: 16 4-bit scales and 16 4-bit mins, one each "
                    "per 16 weights (16); qs: 256 2-bit quants (64); d, "
                    "dmin: fp16 super-block scales (4)"},
};

static const struct {
    const char *name;
    unsigned bytes;
} kv_types[DTYPE_KV_COUNT] = {
    [DTYPE_KV_FP16] = {"fp16", 2},
    [DTYPE_KV_BF16] = {"bf16", 2},
    [DTYPE_KV_FP8] = {"fp8", 1},
    [DTYPE_KV_INT8] = {"int8", 1},
};

const struct dtype_layout *dtype_layout(enum dtype d)
{
    assert(d < DTYPE_COUNT);
    return &layouts[d];
}

const char *dtype_kv_name(enum dtype_kv k)
{
    assert(k < DTYPE_KV_COUNT);
    return kv_types[k].name;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 when s[0..len) is name exactly, 2 when only ignoring case, else 0. */
static int match(const char *name, const char *s, size_t len)
{
    int exact = 1;

    if (strlen(name) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (lower(s[i]) != name[i])
            return 0;
        if (s[i] != name[i])
            exact = 0;
    }
    return exact ? 1 : 2;
}

/* q<digit>_k_ followed by s, m, l, xs or xl, in any case. */
static int is_mixed(const char *s, size_t len)
{
    static const char *const sizes[] = {"s", "m", "l", "xs", "xl"};

    if (len < 6 || lower(s[0]) != 'q' || s[1] < '1' || s[1] > '8')
        return 0;
    if (s[2] != '_' || lower(s[3]) != 'k' || s[4] != '_')
        return 0;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (match(sizes[i], s + 5, len - 5))
            return 1;
    }
    return 0;
}

enum dtype_fault dtype_parse(const char *s, size_t len, enum dtype *out)
{
    enum dtype_fault fault = DTYPE_FAULT_UNKNOWN;

    for (int d = 0; d < DTYPE_COUNT; d++) {
        int m = match(layouts[d].name, s, len);

        if (m == 1) {
            *out = (enum dtype)d;
            return DTYPE_FAULT_NONE;
        }
        if (m == 2)
            fault = DTYPE_FAULT_CASE;
    }
    if (is_mixed(s, len))
        return DTYPE_FAULT_MIXED;
    return fault;
}

enum dtype_fault dtype_kv_parse(const char *s, size_t len,
                                enum dtype_kv *out)
{
    enum dtype_fault fault = DTYPE_FAULT_UNKNOWN;

    for (int k = 0; k < DTYPE_KV_COUNT; k++) {
        int m = match(kv_types[k].name, s, len);

        if (m == 1) {
            *out = (enum dtype_kv)k;
            return DTYPE_FAULT_NONE;
        }
        if (m == 2)
            fault = DTYPE_FAULT_CASE;
    }
    return fault;
}

const char *dtype_fault_message(enum dtype_fault f)
{
    switch (f) {
    case DTYPE_FAULT_NONE:
        return "";
    case DTYPE_FAULT_CASE:
        return DTYPE_MESSAGE_CASE;
    case DTYPE_FAULT_MIXED:
        return DTYPE_MESSAGE_MIXED;
    case DTYPE_FAULT_UNKNOWN:
        break;
    }
    return DTYPE_MESSAGE_UNKNOWN;
}

const char *dtype_kv_fault_message(enum dtype_fault f)
{
    if (f == DTYPE_FAULT_NONE)
        return "";
    if (f == DTYPE_FAULT_CASE)
        return "must be in lower case, as listed: " DTYPE_KV_NAMES;
    return DTYPE_KV_MESSAGE_UNKNOWN;
}

uint64_t dtype_weight_bytes(uint64_t parameters, enum dtype d)
{
    const struct dtype_layout *l = dtype_layout(d);
    uint64_t blocks = parameters / l->block_weights;
    uint64_t rest = parameters % l->block_weights;

    /* Whole blocks first, so that nothing above 4 x 10^18 is formed. */
    assert(parameters <= 1000000000000000000ULL);
    return blocks * l->block_bytes +
           (rest * l->block_bytes + l->block_weights - 1) /
               l->block_weights;
}

double dtype_bits_per_weight(enum dtype d)
{
    const struct dtype_layout *l = dtype_layout(d);

    return 8.0 * l->block_bytes / l->block_weights;
}

unsigned dtype_kv_bytes(enum dtype_kv k)
{
    assert(k < DTYPE_KV_COUNT);
    return kv_types[k].bytes;
}

enum dtype_peak dtype_peak_of(enum dtype d)
{
    return d == DTYPE_FP8 ? DTYPE_PEAK_FP8 : DTYPE_PEAK_BF16;
}

enum dtype_kv dtype_kv_default(enum dtype weights)
{
    return weights == DTYPE_BF16 ? DTYPE_KV_BF16 : DTYPE_KV_FP16;
}
