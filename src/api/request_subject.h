/* request_subject.h - "which model" a request is about, read the same
 * way by every route that asks it (/inference, /fit, /training): a
 * `model` of a catalog, a `config` (an architecture, in a body), or a
 * plain `parameters` count, and what each tells: the counts, the kind,
 * where the count comes from, and the architecture where there is one. */
#ifndef MODELSCALE_REQUEST_SUBJECT_H
#define MODELSCALE_REQUEST_SUBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "api/field.h"
#include "api/problem.h"
#include "modelscale/arch.h"
#include "modelscale/catalog.h"
#include "modelscale/compare.h"

/* The carriers of a subject; a route accepts some of them. */
enum subject_carrier {
    SUBJECT_MODEL = 1 << 0,      /* "model" of a catalog, "catalog" */
    SUBJECT_CONFIG = 1 << 1,     /* "config": a config.json, body only */
    SUBJECT_PARAMETERS = 1 << 2  /* "parameters", "active_parameters" */
};

#define SUBJECT_DEFAULT_CATALOG "reference" /* as /fit's */

/* The rows of a route's field table for each carrier it accepts, in
 * this order; its setter passes them to subject_set by name.  "config"
 * is any JSON (its setter says why a query cannot bring one). */
#define SUBJECT_ROWS_MODEL {"model", FIELD_BOTH, 0}, {"catalog", FIELD_BOTH, 0}
#define SUBJECT_ROWS_CONFIG {"config", FIELD_BOTH, 1}
#define SUBJECT_ROWS_PARAMETERS                                            \
    {"parameters", FIELD_BOTH, 0}, {"active_parameters", FIELD_BOTH, 0}

/* What the fields gave, before subject_resolve looks anything up.
 * Everything is borrowed from the request. */
struct subject_input {
    unsigned carriers;     /* enum subject_carrier bits accepted */
    const char *model;     /* "model", or NULL */
    const char *catalog;   /* "catalog", or NULL for the default */
    const cJSON *config;   /* "config", or NULL */
    uint64_t parameters;   /* "parameters"; 0 when not given */
    uint64_t active;       /* "active_parameters"; 0 when not given */
    int body;              /* the fields came in a body: point at them */
};

/* A model resolved.  Not to be copied: arch may point at own. */
struct subject {
    enum subject_carrier carrier; /* the one given */
    const char *name;             /* the catalog's name, the config's
                                     model_type, or NULL for a count;
                                     not always NUL-terminated */
    size_t name_len;
    const struct catalog *catalog;     /* where model was found, or NULL */
    const struct compare_model *model; /* its entry there, or NULL */
    uint64_t parameters;               /* the total */
    uint64_t active;                   /* per token: the total if dense */
    enum compare_kind kind;
    enum compare_basis basis;
    const struct arch *arch; /* the catalog's, or &own; NULL without */
    struct arch own;         /* a config's architecture */
};

/* Starts in for a route that accepts `carriers`; body says whether
 * the request has a body (errors then carry JSON pointers). */
void subject_input_init(struct subject_input *in, unsigned carriers,
                        int body);

/* Takes the value of field `name` (one of the SUBJECT_ROWS_* names):
 * model and catalog as text, config as an object (from a body only),
 * parameters and active_parameters as counts ("7B", 6738415616).
 * Returns SVC_OK, or SVC_EINVAL with pb naming the value (the field
 * reader points at it).  @unittest check_request_subject.c */
enum svc_status subject_set(struct subject_input *in, const char *name,
                            const struct field_value *v,
                            struct problem *pb);

/* Resolves in into *out: exactly one carrier must be given (422 for
 * none or more than one, naming the ones the route accepts); a model
 * is looked up in the catalog named (SUBJECT_DEFAULT_CATALOG unless
 * given) among catalogs[0..n): 404 for an unknown catalog or model (the
 * model's detail names GET /models?catalog=...); a config is read and
 * counted with arch_reader_count (422 pointing into /config when it
 * does not read); parameters need active_parameters at most them.
 * catalog goes only with model, active_parameters only with
 * parameters.  Returns SVC_OK or the failure, with pb set; *out is then
 * unspecified.  Nothing is allocated.  @unittest check_request_subject.c */
enum svc_status subject_resolve(const struct subject_input *in,
                                const struct catalog *catalogs, size_t n,
                                struct subject *out, struct problem *pb);

/* The words for the carriers of `carriers`: "model or config",
 * "model, config or parameters".  Static text. */
const char *subject_carriers_text(unsigned carriers);

#endif
