/* answer_scaling.h - the answer to GET and POST /scaling. */
#ifndef MODELSCALE_ANSWER_SCALING_H
#define MODELSCALE_ANSWER_SCALING_H

#include "api/answer.h"
#include "api/request_scaling.h"

/* {"question": "loss" | "compute-optimal", ["compute"...],
 * "predictions": [one for each fit], "range": {...}}.  Returns SVC_OK or
 * SVC_ENOMEM.  @unittest check_answer.c */
enum svc_status answer_scaling(const struct scaling_answer *s,
                               struct text_buf *out);

#endif
