/* answer_count.h - the answers of POST /count (an architecture's exact
 * count and where its parameters live) and of GET /architectures (the
 * model_types it reads, with the fields of each). */
#ifndef MODELSCALE_ANSWER_COUNT_H
#define MODELSCALE_ANSWER_COUNT_H

#include "api/answer.h"
#include "modelscale/arch.h"

/* The counting convention, as the answers state it. */
#define COUNT_ASSUMPTION_PARAMETERS                                        \
    "parameters: sum(p.numel() for p in model.parameters()) of the "     \
    "Hugging Face transformers class named in counted, built from this " \
    "config; buffers (rotary inv_freq, causal masks, DeepSeek-V3's "     \
    "e_score_correction_bias) are not parameters, and tied weights "     \
    "count once"
#define COUNT_ASSUMPTION_MLP                                               \
    "parameters: the weights (in \xc3\x97 out) and the biases (out) of " \
    "each nn.Linear layer, as sum(p.numel() for p in "                 \
    "model.parameters()) counts them"
#define COUNT_ASSUMPTION_ACTIVE                                            \
    "active_parameters: what one token passes through: the embeddings, " \
    "attention, the router, the shared experts, num_experts_per_tok "    \
    "routed experts in each MoE layer, the norms and the head (the "     \
    "convention of Mixtral-8x7B's 12.9B)"
#define COUNT_ASSUMPTION_MTP                                               \
    "mtp_parameters: the multi-token-prediction layers "                 \
    "(num_nextn_predict_layers), which the transformers class does not " \
    "load: reported apart and not in parameters; the embedding and head " \
    "they share with the model are not in them either"

/* The answer of POST /count for a, counted into c (arch_count accepted
 * it): {"model_type", "counted", "parameters", "formatted",
 * ["active_parameters", "active_formatted"], "kind", "tied_embeddings",
 * "breakdown": {component: {"parameters", "formatted", "percent"}},
 * "layers": [...], ["mtp_layers", "mtp_parameters", "mtp_formatted"],
 * ["arithmetic"], "assumptions"}.  Nothing is kept.  Returns SVC_OK or
 * SVC_ENOMEM.  @unittest check_answer_count.c */
enum svc_status answer_count(const struct arch *a, const struct arch_count *c,
                             struct text_buf *out);

/* The answer of GET /architectures: {"architectures": [{"model_type",
 * "counted", "fields": [{"name", "type", "required", ["default"]}]}],
 * "count", "assumptions"}, from arch_reader_types().  Returns SVC_OK or
 * SVC_ENOMEM.  @unittest check_answer_count.c */
enum svc_status answer_architectures(struct text_buf *out);

#endif
