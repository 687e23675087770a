/* answer_scaling.c - the scaling laws' predictions, as JSON. */
#include "api/answer_scaling.h"

#include "modelscale/numfmt.h"

void answer_scaling_prediction(struct answer *a, cJSON *list,
                               const struct scaling_prediction *p)
{
    const struct scaling_fit *f = p->fit;
    cJSON *o = answer_object(a, list, NULL);

    answer_ref(a, o, "fit", f->name);
    answer_ref(a, o, "source", f->source);
    answer_double(a, o, "E", f->E);
    answer_double(a, o, "A", f->A);
    answer_double(a, o, "B", f->B);
    answer_double(a, o, "alpha", f->alpha);
    answer_double(a, o, "beta", f->beta);
    answer_amount(a, o, "parameters", "parameters_formatted", p->parameters,
                  NUMFMT_PRECISION_DEFAULT);
    answer_amount(a, o, "tokens", "tokens_formatted", p->tokens,
                  NUMFMT_PRECISION_DEFAULT);
    answer_double(a, o, "tokens_per_parameter", p->tokens_per_parameter);
    answer_flops(a, o, "training_flops", "training_flops_formatted",
                 p->training_flops);
    answer_double(a, o, "training_pf_days", p->training_pf_days);
    answer_double(a, o, "loss", p->loss);
    if (p->extrapolation[0] != '\0')
        answer_ref(a, o, "extrapolation", p->extrapolation);
    else
        answer_null(a, o, "extrapolation");
}

enum svc_status answer_scaling(const struct scaling_answer *s,
                               struct text_buf *out)
{
    struct answer a;
    cJSON *list;

    answer_init(&a);
    answer_ref(&a, a.root, "question",
               s->compute > 0 ? "compute-optimal" : "loss");
    if (s->compute > 0)
        answer_flops(&a, a.root, "compute", "compute_formatted", s->compute);
    list = answer_array(&a, a.root, "predictions");
    for (size_t i = 0; i < SCALING_FITS; i++)
        answer_scaling_prediction(&a, list, &s->predictions[i]);
    answer_scaling_range(&a, a.root);
    return answer_print(&a, 4096, out);
}

void answer_scaling_range(struct answer *a, cJSON *obj)
{
    cJSON *range = answer_object(a, obj, "range");
    cJSON *r = answer_object(a, range, "parameters");

    answer_double(a, r, "min", SCALING_PARAMETERS_MIN);
    answer_double(a, r, "max", SCALING_PARAMETERS_MAX);
    r = answer_object(a, range, "tokens");
    answer_double(a, r, "min", SCALING_TOKENS_MIN);
    answer_double(a, r, "max", SCALING_TOKENS_MAX);
    answer_ref(a, range, "source", SCALING_RANGE_SOURCE);
}
