/* compare.c - the comparison of a set of models: validation, ratios,
 * order and the summary sentence.  Pure: no I/O, no globals. */
#include "modelscale/compare.h"
#include "modelscale/numfmt.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATIO_LIMIT 1e24 /* 25 digits, 8 separators and 'x' still fit */

void compare_options_init(struct compare_options *opts)
{
    opts->sort = COMPARE_SORT_INPUT;
    opts->precision = NUMFMT_PRECISION_DEFAULT;
    opts->baseline = NULL;
    opts->baseline_len = 0;
}

static int names_cmp(const char *a, size_t alen, const char *b,
                     size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);

    if (c != 0)
        return c;
    return (alen > blen) - (alen < blen);
}

static int index_cmp(const struct compare_entry *x,
                     const struct compare_entry *y)
{
    return (x->index > y->index) - (x->index < y->index);
}

static int by_name(const void *a, const void *b)
{
    const struct compare_entry *x = a, *y = b;
    int c = names_cmp(x->model->name, x->model->name_len, y->model->name,
                      y->model->name_len);

    return c != 0 ? c : index_cmp(x, y);
}

static int by_size_asc(const void *a, const void *b)
{
    const struct compare_entry *x = a, *y = b;
    uint64_t p = x->model->parameters, q = y->model->parameters;

    return p != q ? (p > q) - (p < q) : index_cmp(x, y);
}

static int by_size_desc(const void *a, const void *b)
{
    const struct compare_entry *x = a, *y = b;
    uint64_t p = x->model->parameters, q = y->model->parameters;

    return p != q ? (p < q) - (p > q) : index_cmp(x, y);
}

static void fill_input_order(const struct compare_model *models,
                             size_t count, struct compare_entry *entries)
{
    for (size_t i = 0; i < count; i++) {
        entries[i].model = &models[i];
        entries[i].index = i;
    }
}

static enum svc_status fail(struct compare_error *err,
                            enum compare_fault fault, size_t index,
                            const char *reason)
{
    static const char *const fields[] = {
        [COMPARE_FAULT_NAME] = "name", [COMPARE_FAULT_DUPLICATE] = "name",
        [COMPARE_FAULT_PARAMETERS] = "parameters",
        [COMPARE_FAULT_ACTIVE] = "active_parameters",
        [COMPARE_FAULT_PRECISION] = "precision",
        [COMPARE_FAULT_BASELINE] = "baseline"};

    err->fault = fault;
    err->index = index;
    if (fault < sizeof(fields) / sizeof(fields[0]) && fields[fault])
        err->field = fields[fault];
    err->reason = reason;
    return SVC_EINVAL;
}

/* A fault in what model m says of itself, in member field. */
static enum svc_status fail_detail(struct compare_error *err,
                                   const char *field, const char *reason)
{
    err->fault = COMPARE_FAULT_DETAIL;
    err->field = field;
    err->reason = reason;
    return SVC_EINVAL;
}

static int is_url(const char *s)
{
    size_t len = strlen(s);

    return (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
           len <= COMPARE_SOURCE_MAX &&
           params_check_utf8(s, len) == NULL;
}

enum svc_status compare_check_model(const struct compare_model *m,
                                    struct compare_error *err)
{
    const char *why;
    size_t index = err->index;

    if (params_check_name(m->name, m->name_len, &why) != SVC_OK)
        return fail(err, COMPARE_FAULT_NAME, index, why);
    if (m->parameters == 0)
        return fail(err, COMPARE_FAULT_PARAMETERS, index, "is zero");
    if (m->parameters > PARAMS_MAX)
        return fail(err, COMPARE_FAULT_PARAMETERS, index, "is above 10^18");
    if (m->active_parameters > m->parameters)
        return fail(err, COMPARE_FAULT_ACTIVE, index,
                    "is above the model's total parameters");
    if (m->published > PARAMS_MAX)
        return fail_detail(err, "published", "is above 10^18");
    if (m->tokens > PARAMS_MAX)
        return fail_detail(err, "tokens", "is above 10^18");
    if (m->kind == COMPARE_KIND_DENSE && m->active_parameters != 0)
        return fail_detail(err, "active_parameters",
                           "is for a mixture of experts: a dense model "
                           "has no active_parameters, all its parameters "
                           "are active (say \"kind\": \"moe\")");
    if (m->kind == COMPARE_KIND_MOE && m->active_parameters == 0)
        return fail_detail(err, "kind",
                           "is \"moe\", a mixture of experts, which needs "
                           "\"active_parameters\"");
    if (m->year != 0 &&
        (m->year < COMPARE_YEAR_MIN || m->year > COMPARE_YEAR_MAX))
        return fail_detail(err, "year",
                           "must be a whole number from 1940 to 2100");
    if (m->source != NULL && !is_url(m->source))
        return fail_detail(err, "source",
                           "must be an http or https URL of at most 2048 "
                           "bytes of valid UTF-8");
    if (m->tokens_source != NULL && !is_url(m->tokens_source))
        return fail_detail(err, "tokens_source",
                           "must be an http or https URL of at most 2048 "
                           "bytes of valid UTF-8");
    return SVC_OK;
}

/* Checks each model alone, then looks for a name given twice: sorting
 * by name puts twins side by side, so this is O(n log n) for the
 * largest sets, and it needs no memory beyond entries. */
static enum svc_status check_models(const struct compare_model *models,
                                    size_t count,
                                    struct compare_entry *entries,
                                    struct compare_error *err)
{
    size_t dup = count;

    for (size_t i = 0; i < count; i++) {
        err->index = i;
        if (compare_check_model(&models[i], err) != SVC_OK)
            return SVC_EINVAL;
    }
    fill_input_order(models, count, entries);
    qsort(entries, count, sizeof(*entries), by_name);
    for (size_t i = 1; i < count; i++) {
        const struct compare_model *a = entries[i - 1].model;
        const struct compare_model *b = entries[i].model;

        if (entries[i].index < dup &&
            names_cmp(a->name, a->name_len, b->name, b->name_len) == 0)
            dup = entries[i].index;
    }
    if (dup < count)
        return fail(err, COMPARE_FAULT_DUPLICATE, dup,
                    "is given more than once");
    return SVC_OK;
}

static int pick(struct compare_pick *p, const struct compare_model *m,
                int precision)
{
    p->model = m;
    return numfmt_count(m->parameters, precision, p->formatted,
                         sizeof(p->formatted));
}

/* "Largest model is 228,333,333,333x bigger than smallest". */
static int summarize(const char *ratio, char *buf, size_t len)
{
    static const char head[] = "Largest model is ";
    static const char tail[] = " bigger than smallest";
    size_t n = strlen(ratio);

    if (sizeof(head) + n + sizeof(tail) - 1 > len)
        return -1;
    memcpy(buf, head, sizeof(head) - 1);
    memcpy(buf + sizeof(head) - 1, ratio, n);
    memcpy(buf + sizeof(head) - 1 + n, tail, sizeof(tail));
    return (int)(sizeof(head) - 1 + n + sizeof(tail) - 1);
}

/* Formats e's counts and ratios; returns 1 if a buffer was short. */
static int fill_entry(struct compare_entry *e, int precision,
                      const struct compare_model *small,
                      const struct compare_model *base)
{
    const struct compare_model *m = e->model;
    double p = (double)m->parameters;
    int bad = 0;

    bad |= numfmt_count(m->parameters, precision, e->formatted,
                        sizeof(e->formatted)) < 0;
    e->active_formatted[0] = '\0';
    if (m->active_parameters != 0)
        bad |= numfmt_count(m->active_parameters, precision,
                            e->active_formatted,
                            sizeof(e->active_formatted)) < 0;
    e->published_formatted[0] = '\0';
    if (m->published != 0)
        bad |= numfmt_count(m->published, precision,
                            e->published_formatted,
                            sizeof(e->published_formatted)) < 0;
    e->tokens_formatted[0] = '\0';
    if (m->tokens != 0)
        bad |= numfmt_count(m->tokens, precision, e->tokens_formatted,
                            sizeof(e->tokens_formatted)) < 0;
    e->ratio_to_smallest = p / (double)small->parameters;
    bad |= compare_format_ratio(e->ratio_to_smallest,
                                e->ratio_to_smallest_formatted,
                                COMPARE_RATIO_MAX) < 0;
    e->ratio_to_baseline = 0;
    e->ratio_to_baseline_formatted[0] = '\0';
    if (base != NULL) {
        e->ratio_to_baseline = p / (double)base->parameters;
        bad |= compare_format_ratio(e->ratio_to_baseline,
                                    e->ratio_to_baseline_formatted,
                                    COMPARE_RATIO_MAX) < 0;
    }
    return bad;
}

enum svc_status compare_run(const struct compare_model *models,
                            size_t count,
                            const struct compare_options *opts,
                            struct compare_entry *entries,
                            struct compare_result *out,
                            struct compare_error *err)
{
    const struct compare_model *small, *large, *base = NULL;
    enum svc_status st;
    int bad = 0;

    memset(err, 0, sizeof(*err));
    if (count == 0)
        return fail(err, COMPARE_FAULT_EMPTY, 0, "is empty");
    if (opts->precision < 0 || opts->precision > NUMFMT_PRECISION_MAX)
        return fail(err, COMPARE_FAULT_PRECISION, 0,
                    "is not an integer from 0 to 3");
    st = check_models(models, count, entries, err);
    if (st != SVC_OK)
        return st;

    small = large = &models[0];
    for (size_t i = 1; i < count; i++) {
        if (models[i].parameters < small->parameters)
            small = &models[i];
        if (models[i].parameters > large->parameters)
            large = &models[i];
    }
    for (size_t i = 0; opts->baseline != NULL && i < count; i++) {
        if (names_cmp(models[i].name, models[i].name_len, opts->baseline,
                      opts->baseline_len) == 0) {
            base = &models[i];
            break;
        }
    }
    if (opts->baseline != NULL && base == NULL)
        return fail(err, COMPARE_FAULT_BASELINE, 0,
                    "names no model of the set");

    memset(out, 0, sizeof(*out));
    out->entries = entries;
    out->count = count;
    fill_input_order(models, count, entries);
    for (size_t i = 0; i < count; i++)
        bad |= fill_entry(&entries[i], opts->precision, small, base);
    if (opts->sort == COMPARE_SORT_ASC)
        qsort(entries, count, sizeof(*entries), by_size_asc);
    else if (opts->sort == COMPARE_SORT_DESC)
        qsort(entries, count, sizeof(*entries), by_size_desc);

    bad |= pick(&out->largest, large, opts->precision) < 0;
    bad |= pick(&out->smallest, small, opts->precision) < 0;
    if (base != NULL)
        bad |= pick(&out->baseline, base, opts->precision) < 0;
    out->scale_difference =
        (double)large->parameters / (double)small->parameters;
    bad |= compare_format_ratio(out->scale_difference,
                                out->scale_difference_formatted,
                                COMPARE_RATIO_MAX) < 0;
    out->orders_of_magnitude =
        compare_orders_of_magnitude(out->scale_difference);
    bad |= summarize(out->scale_difference_formatted, out->summary,
                     sizeof(out->summary)) < 0;
    /* Every buffer above is sized for the largest valid input. */
    assert(!bad);
    return bad ? SVC_EINTERNAL : SVC_OK;
}

static int append_x(char *buf, int w, size_t len)
{
    if (w < 0 || (size_t)w + 2 > len)
        return -1;
    buf[w++] = 'x';
    buf[w] = '\0';
    return w;
}

int compare_format_ratio(double ratio, char *buf, size_t len)
{
    char digits[COMPARE_RATIO_MAX];
    size_t n, w = 0;

    if (!(ratio > 0) || !(ratio < RATIO_LIMIT) || len < COMPARE_RATIO_MAX)
        return -1;
    if (ratio < 1) {
        /* Two significant digits; "1.00" means rounding reached 1. */
        int decimals = 1 - (int)floor(log10(ratio));
        int r = snprintf(buf, len, "%.*f", decimals, ratio);

        /* Rounding that carries to a power of ten ("0.00100" for
         * 0.0009996) makes a third digit; one decimal less rounds to the
         * same power of ten and keeps two ("0.0010"). */
        if (buf[0] == '0' && strlen(buf + strspn(buf, "0.")) > 2)
            r = snprintf(buf, len, "%.*f", decimals - 1, ratio);
        if (buf[0] == '0')
            return append_x(buf, r, len);
    }
    if (ratio < 10) {
        int r = numfmt_fixed(ratio, 1, buf, len);

        if (strcspn(buf, ".") == 1) /* not "10.0" */
            return append_x(buf, r, len);
    }
    n = (size_t)numfmt_fixed(ratio, 0, digits, sizeof(digits));
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[w++] = ',';
        buf[w++] = digits[i];
    }
    return append_x(buf, (int)w, len);
}

double compare_orders_of_magnitude(double ratio)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%.2f", log10(ratio));
    return strtod(buf, NULL);
}
