/* dtype.h - the formats weights and KV caches are stored in, as exact
 * block layouts: how many bytes hold how many values, and which peak a
 * format's matrix products run at.  Pure: no I/O, no globals. */
#ifndef MODELSCALE_DTYPE_H
#define MODELSCALE_DTYPE_H

#include <stddef.h>
#include <stdint.h>

/* A weight format.  Each is a block of block_bytes holding
 * block_weights weights; llama.cpp's GGUF layouts are those of
 * ggml/src/ggml-common.h (block_q8_0, block_q4_K, ...). */
enum dtype {
    DTYPE_FP32 = 0, /* 4 bytes / 1 weight */
    DTYPE_BF16,     /* 2 / 1 */
    DTYPE_FP16,     /* 2 / 1 */
    DTYPE_FP8,      /* 1 / 1 */
    DTYPE_INT8,     /* 1 / 1 */
    DTYPE_INT4,     /* 1 / 2: two 4-bit weights a byte, no scales */
    DTYPE_Q8_0,     /* 34 / 32: 8.5 bits a weight */
    DTYPE_Q6_K,     /* 210 / 256: 6.5625 */
    DTYPE_Q5_K,     /* 176 / 256: 5.5 */
    DTYPE_Q4_K,     /* 144 / 256: 4.5 */
    DTYPE_Q4_0,     /* 18 / 32: 4.5 */
    DTYPE_Q3_K,     /* 110 / 256: 3.4375 */
    DTYPE_Q2_K,     /* 84 / 256: 2.625 */
    DTYPE_COUNT     /* how many there are */
};

/* A KV-cache element type. */
enum dtype_kv {
    DTYPE_KV_FP16 = 0, /* 2 bytes an element */
    DTYPE_KV_BF16,     /* 2 */
    DTYPE_KV_FP8,      /* 1 */
    DTYPE_KV_INT8,     /* 1 */
    DTYPE_KV_COUNT
};

/* The tensor-core peak a format's matrix products are assumed to run
 * at: see DTYPE_ASSUMPTION_PEAK. */
enum dtype_peak {
    DTYPE_PEAK_BF16 = 0, /* dense BF16 (equal to FP16 on every GPU) */
    DTYPE_PEAK_FP8       /* dense FP8 */
};

/* Why a name was refused. */
enum dtype_fault {
    DTYPE_FAULT_NONE = 0, /* read */
    DTYPE_FAULT_UNKNOWN,  /* no such format */
    DTYPE_FAULT_CASE,     /* a format, but not in lower case */
    DTYPE_FAULT_MIXED     /* a llama.cpp mixed file type: q4_k_m ... */
};

/* One format's layout, static and read-only. */
struct dtype_layout {
    const char *name;        /* "q4_k", as dtype_parse reads it */
    unsigned block_bytes;    /* bytes of one block */
    unsigned block_weights;  /* weights one block holds */
    const char *layout;      /* what the bytes hold, in words */
};

#define DTYPE_NAMES                                                        \
    "fp32, bf16, fp16, fp8, int8, int4, q8_0, q6_k, q5_k, q4_k, q4_0, "   \
    "q3_k, q2_k"
#define DTYPE_KV_NAMES "fp16, bf16, fp8, int8"

#define DTYPE_MESSAGE_UNKNOWN                                              \
    "is not a weight format; the formats are " DTYPE_NAMES
#define DTYPE_MESSAGE_CASE                                                 \
    "must be in lower case, as listed: " DTYPE_NAMES
#define DTYPE_MESSAGE_MIXED                                                \
    "is a llama.cpp mixed file type, whose tensors use several formats "  \
    "chosen per model, so its size cannot be told from its name; use "    \
    "one of the uniform block formats q8_0, q6_k, q5_k, q4_k, q4_0, "     \
    "q3_k or q2_k"
#define DTYPE_KV_MESSAGE_UNKNOWN                                           \
    "is not a KV-cache type; the types are " DTYPE_KV_NAMES

#define DTYPE_ASSUMPTION_WEIGHTS                                           \
    "weights: ceil(parameters x block bytes / block weights), with each " \
    "format's block as llama.cpp's ggml-common.h lays it out (q4_k: 144 " \
    "bytes for 256 weights, 4.5 bits a weight); a GGUF format here means "\
    "every weight in that format, which real files (even llama-quantize's"\
    " Q4_K, an alias for the mixed Q4_K_M) only approximate"
#define DTYPE_ASSUMPTION_PEAK                                              \
    "matrix products run at the GPU's dense BF16 tensor peak, or at its " \
    "dense FP8 peak for fp8 weights on a GPU that has one; int8, int4 "   \
    "and the GGUF formats are assumed dequantized to 16 bits (weight-"    \
    "only quantization), and fp32 is counted at the BF16 peak, which "    \
    "overstates it"

/* The layout of format d (d < DTYPE_COUNT).  @unittest check_dtype.c */
const struct dtype_layout *dtype_layout(enum dtype d);

/* The name of KV type k ("fp16"), static. */
const char *dtype_kv_name(enum dtype_kv k);

/* Reads a weight format name from s[0..len) (not NUL-terminated).
 * Names are exactly the lower-case ones of DTYPE_NAMES; "Q4_K" is
 * refused with DTYPE_FAULT_CASE, so that each format has one spelling
 * in answers and cache keys.  Mixed llama.cpp file types (q4_k_m,
 * Q5_K_S, q3_k_xl: q<digit>_k_ then s, m, l, xs or xl, in any case)
 * get DTYPE_FAULT_MIXED.  Sets *out only on DTYPE_FAULT_NONE.
 * @unittest check_dtype.c "names" */
enum dtype_fault dtype_parse(const char *s, size_t len, enum dtype *out);

/* Reads a KV-cache type, lower case exactly; DTYPE_FAULT_UNKNOWN
 * otherwise (DTYPE_FAULT_CASE for "FP16"). */
enum dtype_fault dtype_kv_parse(const char *s, size_t len,
                                enum dtype_kv *out);

/* The static sentence for fault f: DTYPE_MESSAGE_* ("" for none).  The
 * KV faults use dtype_kv_fault_message. */
const char *dtype_fault_message(enum dtype_fault f);
const char *dtype_kv_fault_message(enum dtype_fault f);

/* Bytes of `parameters` weights in format d: ceil(parameters x
 * block_bytes / block_weights), exact.  parameters must be at most
 * 10^18 (PARAMS_MAX), so that the answer (at most 4 x 10^18) fits.
 * @unittest check_dtype.c "bytes" */
uint64_t dtype_weight_bytes(uint64_t parameters, enum dtype d);

/* Bits a weight in format d, as a double: 8 x block_bytes /
 * block_weights (q6_k: 6.5625). */
double dtype_bits_per_weight(enum dtype d);

/* Bytes of one KV-cache element of type k. */
unsigned dtype_kv_bytes(enum dtype_kv k);

/* The peak format d computes at: DTYPE_PEAK_FP8 for fp8, else
 * DTYPE_PEAK_BF16 (DTYPE_ASSUMPTION_PEAK). */
enum dtype_peak dtype_peak_of(enum dtype d);

/* The KV type to use when none is given: the weights' own 16-bit type
 * (bf16 or fp16), else fp16. */
enum dtype_kv dtype_kv_default(enum dtype weights);

#endif
