/* compare.h - comparing a set of models: formatted counts, ratios to the
 * smallest (and to a baseline), the scale difference and its summary.
 * Pure: no I/O, no globals; the caller supplies every buffer. */
#ifndef MODELSCALE_COMPARE_H
#define MODELSCALE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "modelscale/params.h"
#include "modelscale/numfmt.h"
#include "modelscale/status.h"

#define COMPARE_RATIO_MAX 40   /* "1,000,000,000,000,000,000x" fits */
#define COMPARE_SUMMARY_MAX 96 /* the summary sentence */
#define COMPARE_YEAR_MIN 1940
#define COMPARE_YEAR_MAX 2100
#define COMPARE_SOURCE_MAX 2048 /* bytes of a source URL */

enum compare_kind {
    COMPARE_KIND_UNSAID = 0, /* nobody said: counted as dense */
    COMPARE_KIND_DENSE,      /* every parameter works on every token */
    COMPARE_KIND_MOE         /* a mixture of experts: only some do */
};

/* Where a model's count comes from, when it says. */
enum compare_basis {
    COMPARE_BASIS_UNSAID = 0, /* a count as the client gave it */
    COMPARE_BASIS_EXACT,      /* counted from its architecture */
    COMPARE_BASIS_PUBLISHED   /* its authors' figure: no public
                                 architecture to count from */
};

/* One model of a comparison.  The name and source are borrowed, not
 * copied: they must outlive every result that points at them.  The name
 * need not be NUL-terminated. */
struct compare_model {
    const char *name;
    size_t name_len;
    uint64_t parameters;        /* the total: what memory holds */
    uint64_t active_parameters; /* used for each token; 0 when all are */
    enum compare_kind kind;     /* COMPARE_KIND_MOE when active is set */
    int year;                   /* of its publication; 0 unsaid */
    const char *source;         /* a URL for the published figure (or
                                   the count), NUL-terminated, or NULL */
    uint64_t published;         /* the figure its authors published;
                                   0 unsaid */
    enum compare_basis basis;
    uint64_t tokens;            /* the training tokens its authors
                                   published; 0 unsaid */
    const char *tokens_source;  /* a URL stating tokens when source does
                                   not, NUL-terminated, or NULL */
};

/* The parameters m uses for each token. */
static inline uint64_t compare_active(const struct compare_model *m)
{
    return m->active_parameters != 0 ? m->active_parameters : m->parameters;
}

enum compare_sort {
    COMPARE_SORT_INPUT = 0, /* the order the models were given in */
    COMPARE_SORT_ASC,       /* smallest first; ties keep input order */
    COMPARE_SORT_DESC       /* largest first; ties keep input order */
};

struct compare_options {
    enum compare_sort sort;
    int precision;        /* decimals of formatted counts, 0..3 */
    const char *baseline; /* a model name, or NULL; borrowed */
    size_t baseline_len;
};

/* Sets the defaults: input order, precision 1, no baseline. */
void compare_options_init(struct compare_options *opts);

/* One model's line of the answer. */
struct compare_entry {
    const struct compare_model *model; /* points into the input array */
    size_t index;                      /* its position in the input */
    char formatted[NUMFMT_MAX];
    char active_formatted[NUMFMT_MAX]; /* "" for a dense model */
    char published_formatted[NUMFMT_MAX]; /* "" without a published
                                             figure */
    char tokens_formatted[NUMFMT_MAX]; /* "" without tokens */
    double ratio_to_smallest;
    char ratio_to_smallest_formatted[COMPARE_RATIO_MAX];
    double ratio_to_baseline; /* 0 when there is no baseline */
    char ratio_to_baseline_formatted[COMPARE_RATIO_MAX];
};

/* A model named in the summary, with its formatted count. */
struct compare_pick {
    const struct compare_model *model; /* points into the input array */
    char formatted[NUMFMT_MAX];
};

struct compare_result {
    struct compare_entry *entries; /* the caller's array, output order */
    size_t count;
    struct compare_pick largest;  /* ties: the first in input order */
    struct compare_pick smallest; /* ties: the first in input order */
    struct compare_pick baseline; /* model is NULL without a baseline */
    double scale_difference;      /* largest / smallest */
    char scale_difference_formatted[COMPARE_RATIO_MAX];
    double orders_of_magnitude; /* log10 of it, rounded to 2 decimals */
    char summary[COMPARE_SUMMARY_MAX];
};

/* What was wrong with the input when compare_run fails. */
enum compare_fault {
    COMPARE_FAULT_NONE = 0,
    COMPARE_FAULT_EMPTY,      /* no models at all */
    COMPARE_FAULT_NAME,       /* models[index].name is invalid */
    COMPARE_FAULT_DUPLICATE,  /* models[index].name came earlier too */
    COMPARE_FAULT_PARAMETERS, /* models[index].parameters is 0 or >1e18 */
    COMPARE_FAULT_ACTIVE,     /* models[index].active_parameters too */
    COMPARE_FAULT_DETAIL,     /* models[index]'s kind, year or source */
    COMPARE_FAULT_PRECISION,  /* options precision outside 0..3 */
    COMPARE_FAULT_BASELINE    /* options baseline names no model */
};

struct compare_error {
    enum compare_fault fault;
    size_t index;       /* the model at fault, where there is one */
    const char *field;  /* its member at fault: "name", "kind", ... */
    const char *reason; /* a static phrase, e.g. "is not valid UTF-8" */
};

/* Checks one model: its name, its counts (published and tokens too),
 * and what it says of itself: active_parameters at most parameters,
 * only for a mixture of experts (which must have them), a year from
 * COMPARE_YEAR_MIN to COMPARE_YEAR_MAX, a source and a tokens_source
 * that are http or https URLs of valid UTF-8 and at most
 * COMPARE_SOURCE_MAX bytes.
 * Returns SVC_OK, or SVC_EINVAL with err's fault, field and reason set
 * (index untouched).
 * @unittest check_compare.c "models" */
enum svc_status compare_check_model(const struct compare_model *m,
                                    struct compare_error *err);

/* Compares models[0..count).  entries must have room for count entries;
 * on success out->entries points at it, filled in output order, and
 * every pointer in out points into models or entries (nothing is
 * allocated).  Each model is checked by compare_check_model.  Returns
 * SVC_OK, or SVC_EINVAL with *err saying which input is at fault; out
 * and entries are then unspecified.
 * @unittest check_compare.c */
enum svc_status compare_run(const struct compare_model *models,
                            size_t count,
                            const struct compare_options *opts,
                            struct compare_entry *entries,
                            struct compare_result *out,
                            struct compare_error *err);

/* Prints a ratio with the suffix x: from 10 up rounded to a whole
 * number with thousands separators ("228,333,333,333x"), from 1 with one
 * decimal ("1.2x"; 9.96 becomes "10x"), below 1 with two significant
 * digits ("0.50x", "0.0012x"; also where rounding carries: 0.0009996
 * is "0.0010x").  buf must hold COMPARE_RATIO_MAX bytes.
 * Returns the length, or -1 for a ratio that is not finite and
 * positive or is 10^24 or above.  @unittest check_compare.c "ratio" */
int compare_format_ratio(double ratio, char *buf, size_t len);

/* log10(ratio) rounded to 2 decimals as printf("%.2f") rounds it. */
double compare_orders_of_magnitude(double ratio);

#endif
