/* answer_compare.h - the answer to a comparison (GET and POST /compare). */
#ifndef MODELSCALE_ANSWER_COMPARE_H
#define MODELSCALE_ANSWER_COMPARE_H

#include "api/answer.h"
#include "api/request_compare.h"

/* Prints the answer to req, compared in ans, into out: each model with
 * its count and ratios and, with req->extras.include, its "memory" and
 * "compute", and then the "assumptions" behind them.  Returns SVC_OK or
 * SVC_ENOMEM.  @unittest check_answer.c */
enum svc_status answer_compare(const struct compare_answer *ans,
                               const struct compare_request *req,
                               struct text_buf *out);

#endif
