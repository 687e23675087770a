/* arch_reader.h - reading an architecture from JSON: a Hugging Face
 * config.json as published (members it does not need are ignored) or
 * modelscale's own {"model_type": "mlp", "layers": [784, 128, 10]}; and
 * the table of the model_types it reads, with the fields of each. */
#ifndef MODELSCALE_ARCH_READER_H
#define MODELSCALE_ARCH_READER_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "modelscale/arch.h"
#include "api/problem.h"
#include "modelscale/status.h"

/* What a field's value must be. */
enum arch_reader_kind {
    ARCH_READER_COUNT = 0,  /* a whole number, at least 1 */
    ARCH_READER_COUNT0,     /* a whole number, at least 0; null is 0 */
    ARCH_READER_COUNT_NULL, /* a whole number, at least 1, or null */
    ARCH_READER_FLAG,       /* true or false */
    ARCH_READER_UNFLAG,     /* true or false; true clears the flag an
                               earlier field set */
    ARCH_READER_SIZES,      /* an array of whole numbers, at least 1 */
    ARCH_READER_LABELS,     /* an object, one member per label */
    ARCH_READER_CLASSES,    /* an array of class names */
    ARCH_READER_POSITIONS   /* "absolute", "relative_key" or
                               "relative_key_query" */
};

/* One config.json member a model_type reads. */
struct arch_reader_field {
    const char *name;           /* the member, as config.json spells it */
    enum arch_reader_kind kind;
    const char *fallback;       /* NULL: required; else the config
                                   class's default, as text ("8",
                                   "false", "num_attention_heads") */
    uint64_t value;             /* that default as stored (0 for one
                                   worked out from other fields) */
    size_t offset;              /* where in struct arch it goes */
    enum arch_field field;      /* which field a core fault names */
};

/* One supported model_type. */
struct arch_reader_type {
    const char *model_type;     /* "llama" */
    const char *counted;        /* the class whose parameters are
                                   counted: "LlamaForCausalLM" */
    const struct arch_reader_field *fields;
    size_t field_count;
};

/* The supported model_types, in enum arch_family order; *count is set
 * to their number.  Static data: never freed, safe from any thread.
 * @unittest check_arch_reader.c "types" */
const struct arch_reader_type *arch_reader_types(size_t *count);

/* The class whose parameters a's count is: "LlamaForCausalLM", and for
 * ViT "ViTModel" or "ViTForImageClassification" as a's config says.
 * Static text. */
const char *arch_reader_counted(const struct arch *a);

/* The text of kind k ("whole number", "boolean" ...) for a listing. */
const char *arch_reader_kind_name(enum arch_reader_kind k);

/* Reads the architecture in obj (borrowed, not kept) into *out.
 * `pointer` is where obj sits in the request body as a JSON Pointer:
 * "" for the whole body, "/models/3/config" for a member; every problem
 * points below it.  Returns SVC_OK; or SVC_EMALFORMED when obj is the
 * whole body and not an object; or SVC_EINVAL for a config that is not
 * an object, a model_type that is missing or unknown (the detail names
 * the supported ones), or a field that is missing or not of its kind
 * (the pointer names it).  pb is filled on failure; *out is then
 * unspecified.  @unittest check_arch_reader.c */
enum svc_status arch_reader_read(const cJSON *obj, const char *pointer,
                                 struct arch *out, struct problem *pb);

/* Reads obj as arch_reader_read does, into *a, and counts it into *out.
 * A core fault becomes SVC_EINVAL with a pointer to the field it names,
 * or to obj itself for a total above 10^18.  @unittest
 * check_arch_reader.c "faults" */
enum svc_status arch_reader_count(const cJSON *obj, const char *pointer,
                                  struct arch *a, struct arch_count *out,
                                  struct problem *pb);

#endif
