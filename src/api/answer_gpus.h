/* answer_gpus.h - the answer to GET /gpus: the GPU catalog. */
#ifndef MODELSCALE_ANSWER_GPUS_H
#define MODELSCALE_ANSWER_GPUS_H

#include "api/answer.h"
#include "modelscale/gpu.h"

/* {"gpus": [{"id", "name", "memory_bytes", "memory", "bandwidth_bytes_per_s",
 * "bandwidth", "bf16_tflops", "fp8_tflops" (null: none), "source", and
 * "note" where there is one}...], "count", "assumption"}.  Returns SVC_OK
 * or SVC_ENOMEM.  @unittest check_gpu_doc.c */
enum svc_status answer_gpus(const struct gpu *gpus, size_t n,
                            struct text_buf *out);

#endif
