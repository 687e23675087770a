/* gpu.h - a GPU's memory, bandwidth and dense tensor peaks, as the
 * catalog (config/gpus.json) gives them, and lookups over a caller's
 * array of them.  The JSON is read elsewhere.  Pure: no I/O, no
 * globals. */
#ifndef MODELSCALE_GPU_H
#define MODELSCALE_GPU_H

#include <stddef.h>
#include <stdint.h>

/* One GPU.  The strings are borrowed: whoever fills the struct keeps
 * them alive as long as the struct. */
struct gpu {
    const char *id;                 /* "h100-sxm": [a-z0-9-], 1..32 */
    const char *name;               /* "NVIDIA H100 SXM5 80GB" */
    uint64_t memory_bytes;          /* the vendor's GB x 10^9 */
    uint64_t bandwidth_bytes_per_s; /* the vendor's GB/s x 10^9 */
    double bf16_flops;              /* dense BF16 tensor FLOP/s */
    double fp8_flops;               /* dense FP8 FLOP/s; 0 when none */
    const char *source;             /* where the figures come from */
    const char *note;               /* how they were checked, or NULL */
};

#define GPU_ID_MAX 32                /* bytes of an id */
#define GPU_MEMORY_MAX 1e15          /* 1 PB: above it, a typo */
#define GPU_BANDWIDTH_MAX 1e15       /* 1 PB/s */
#define GPU_FLOPS_MAX 1e18           /* an exaFLOP/s on one GPU */

#define GPU_ASSUMPTION_PEAKS                                               \
    "GPU peaks are the vendors' dense tensor figures, never the doubled " \
    "2:4-sparsity ones; memory and bandwidth are decimal (80 GB = 8e10 "  \
    "bytes), as the vendors print them"

/* The GPU of gpus[0..count) whose id is s[0..len) exactly, or NULL.
 * The result points into gpus.  @unittest check_gpu.c "lookup" */
const struct gpu *gpu_find(const struct gpu *gpus, size_t count,
                           const char *s, size_t len);

/* Checks that one catalog record is plausible, for the loader to call
 * on each: an id of 1..GPU_ID_MAX bytes of a-z, 0-9 and '-', a name and
 * a source that are not empty, memory and bandwidth above 0 and at
 * most GPU_MEMORY_MAX and GPU_BANDWIDTH_MAX, a BF16 peak that is
 * finite, above 0 and at most GPU_FLOPS_MAX, and an FP8 peak that is 0
 * or the same.  Returns NULL when it is, else the catalog field name
 * of the first that is not ("memory_bytes", "fp8_tflops", ...).
 * @unittest check_gpu.c "check" */
const char *gpu_check(const struct gpu *g);

/* The first index i < count at which gpus[i].id repeats an earlier
 * id, or count when the ids are distinct. */
size_t gpu_duplicate(const struct gpu *gpus, size_t count);

#endif
