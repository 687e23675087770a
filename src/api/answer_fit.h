/* answer_fit.h - the answer to GET and POST /fit. */
#ifndef MODELSCALE_ANSWER_FIT_H
#define MODELSCALE_ANSWER_FIT_H

#include "api/answer.h"
#include "api/request_fit.h"

/* {"catalog", "memory", "dtype", "mode", "assumption", "fits": [...],
 * "count", "too_large": [...]}: each model with its "required" memory
 * and its "headroom" or "shortfall".  On GPUs also "gpu", "gpus",
 * "context", "batch", "kv_dtype", "utilization" and "assumptions", and
 * each model's "required_per_gpu", "weights", "kv_cache",
 * "exact_cache" and, for the x 1.2 rule, its "note".  "memory" is then
 * what the GPUs offer: gpus x memory x utilization.
 * Returns SVC_OK or SVC_ENOMEM.
 * @unittest check_answer.c */
enum svc_status answer_fit(const struct fit_answer *fit,
                           struct text_buf *out);

#endif
