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

/* One fit's prediction, appended to the array list: "fit", "source",
 * its constants, "parameters", "tokens", "tokens_per_parameter",
 * "training_flops", "training_pf_days", "loss", "extrapolation" (null
 * inside the range) and the _formatted texts.  /training's budgets
 * answer with them too. */
void answer_scaling_prediction(struct answer *a, cJSON *list,
                               const struct scaling_prediction *p);

/* "range": the parameters and tokens the fits were made on, with its
 * "source", added to obj. */
void answer_scaling_range(struct answer *a, cJSON *obj);

#endif
