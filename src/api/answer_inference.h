/* answer_inference.h - the answer to GET and POST /inference. */
#ifndef MODELSCALE_ANSWER_INFERENCE_H
#define MODELSCALE_ANSWER_INFERENCE_H

#include "api/answer.h"
#include "api/request_inference.h"

/* {"model", "architecture", "dtype", "bits_per_weight", "kv_dtype",
 * "context", "batch", "gpu", "gpus", "utilization",
 * "prefill_utilization", "kv_cache" (null without an architecture),
 * "memory", "capacity" (null without one), "decode", "prefill",
 * "warnings", "assumptions"}: only serializes what the core computed.
 * Returns SVC_OK or SVC_ENOMEM.  @unittest check_request_inference.c */
enum svc_status answer_inference(const struct inference_answer *ans,
                                 struct text_buf *out);

/* The words for an attention kind: "grouped-query", "latent", ... */
const char *answer_attention_name(enum arch_kv_kind k);

#endif
