/* answer_fit.h - the answer to GET and POST /fit. */
#ifndef MODELSCALE_ANSWER_FIT_H
#define MODELSCALE_ANSWER_FIT_H

#include "api/answer.h"
#include "api/request_fit.h"

/* {"catalog", "memory", "dtype", "mode", "assumption", "fits": [...],
 * "count", "too_large": [...]}: each model with its "required" memory
 * and its "headroom" or "shortfall".  Returns SVC_OK or SVC_ENOMEM.
 * @unittest check_answer.c */
enum svc_status answer_fit(const struct fit_answer *fit,
                           struct text_buf *out);

#endif
