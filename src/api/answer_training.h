/* answer_training.h - the answer to GET and POST /training. */
#ifndef MODELSCALE_ANSWER_TRAINING_H
#define MODELSCALE_ANSWER_TRAINING_H

#include "api/answer.h"
#include "api/request_training.h"

/* For a cost: {"question": "cost", "model", "tokens", "gpu", "gpus",
 * "dtype", "mfu", "compute", "time", "cost" (null without a price),
 * "memory" (the ZeRO breakdown), "loss": [one per fit],
 * "repeated_data" (null without unique_tokens), "assumptions"}.  For a
 * budget: {"question": "budget", "by": "time" | "money", what it was
 * given, "gpu_hours", "compute", "days", "predictions": [the
 * compute-optimal split by each fit, as /scaling gives it], "range",
 * "assumptions"}.  t must be an answer training_request_answer
 * filled.  Returns SVC_OK or SVC_ENOMEM.
 * @unittest check_request_training.c "answer" */
enum svc_status answer_training(const struct training_answer *t,
                                struct text_buf *out);

#endif
