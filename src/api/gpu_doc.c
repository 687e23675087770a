/* gpu_doc.c - reading and checking a GPU catalog. */
#include "api/gpu_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/field.h"
#include "api/json_text.h"

enum { F_ID, F_NAME, F_MEMORY, F_BANDWIDTH, F_BF16, F_FP8, F_SOURCE,
       F_CHECKED, F_NOTE, FIELDS };
static const struct field fields[FIELDS] = {
    {"id", FIELD_BODY, 0},
    {"name", FIELD_BODY, 0},
    {"memory_bytes", FIELD_BODY, 0},
    {"bandwidth_bytes_per_s", FIELD_BODY, 0},
    {"bf16_tflops", FIELD_BODY, 0},
    {"fp8_tflops", FIELD_BODY, 1},
    {"source", FIELD_BODY, 0},
    {"checked", FIELD_BODY, 1}, /* what the figures were compared with */
    {"note", FIELD_BODY, 0},
};
#define REQUIRED ((1u << F_CHECKED) - 1) /* all but checked and note */

/* A GPU being read, and which members it has. */
struct reading {
    struct gpu *g;
    unsigned given;
};

static enum svc_status set_tflops(const struct field_value *v,
                                  const char *name, double *flops,
                                  struct problem *pb)
{
    if (v->json != NULL && cJSON_IsNull(v->json)) {
        *flops = 0; /* no such tensor cores */
        return SVC_OK;
    }
    if (v->text != NULL || (v->json != NULL && !cJSON_IsNumber(v->json)))
        return problem_set(pb, SVC_EINVAL, "%s must be a number of dense "
                           "TFLOPS%s", name,
                           strcmp(name, "fp8_tflops") == 0 ? ", or null"
                                                           : "");
    *flops = v->number * 1e12;
    return SVC_OK;
}

static enum svc_status set_field(void *to, size_t k,
                                 const struct field_value *v,
                                 struct problem *pb)
{
    struct reading *r = to;
    struct gpu *g = r->g;
    long n;

    r->given |= 1u << k;
    switch (k) {
    case F_ID:
        return field_text("id", v, "an id", &g->id, pb);
    case F_NAME:
        return field_text("name", v, "a name", &g->name, pb);
    case F_MEMORY:
    case F_BANDWIDTH:
        if (field_integer(fields[k].name, v, 1, (long)GPU_MEMORY_MAX, &n,
                          pb) != SVC_OK)
            return pb->status;
        *(k == F_MEMORY ? &g->memory_bytes : &g->bandwidth_bytes_per_s) =
            (uint64_t)n;
        return SVC_OK;
    case F_BF16:
    case F_FP8:
        return set_tflops(v, fields[k].name,
                          k == F_BF16 ? &g->bf16_flops : &g->fp8_flops, pb);
    case F_SOURCE:
        return field_text("source", v, "a URL", &g->source, pb);
    case F_NOTE:
        return field_text("note", v, "a sentence", &g->note, pb);
    default:
        return SVC_OK; /* checked: for the reader of the file */
    }
}

static const struct field_set gpu_fields = {fields, FIELDS, set_field,
                                            "member", " of a GPU"};

/* The i-th GPU of the array. */
static enum svc_status read_gpu(const cJSON *item, size_t i, struct gpu *g,
                                struct problem *pb)
{
    struct reading r = {g, 0};
    char where[32];
    const char *bad;

    snprintf(where, sizeof(where), "/gpus/%zu", i);
    if (field_read_object(&gpu_fields, item, where, &r, pb) != SVC_OK)
        return pb->status;
    for (size_t k = 0; k < F_CHECKED; k++) {
        if ((REQUIRED & (1u << k)) && !(r.given & (1u << k))) {
            problem_set(pb, SVC_EINVAL, "each GPU needs \"%s\"",
                        fields[k].name);
            problem_point(pb, "%s", where);
            return pb->status;
        }
    }
    bad = gpu_check(g);
    if (bad == NULL)
        return SVC_OK;
    problem_set(pb, SVC_EINVAL, "%s of GPU \"%s\" is not plausible (see "
                "include/modelscale/gpu.h)", bad, g->id);
    problem_point(pb, "%s/%s", where, bad);
    return pb->status;
}

/* {"//": ..., "gpus": [...]}: comments aside, "gpus" alone. */
static enum svc_status read_gpus(const cJSON *root, struct gpu_doc *gd,
                                 struct problem *pb)
{
    const cJSON *list = NULL;
    size_t n, i = 0, dup;

    for (const cJSON *c = cJSON_IsObject(root) ? root->child : NULL;
         c != NULL; c = c->next) {
        if (strcmp(c->string, "gpus") == 0 && list == NULL)
            list = c;
        else if (strncmp(c->string, "//", 2) != 0)
            return problem_set(pb, SVC_EINVAL, "unknown or repeated member "
                               "\"%.64s\"; a GPU catalog has \"gpus\" and "
                               "comments (\"//...\")", c->string);
    }
    if (!cJSON_IsArray(list))
        return problem_set(pb, SVC_EINVAL, "a GPU catalog is an object "
                           "with \"gpus\", an array of GPUs");
    n = (size_t)cJSON_GetArraySize(list);
    if (n == 0 || n > GPU_DOC_MAX)
        return problem_set(pb, SVC_EINVAL, "\"gpus\" must hold 1 to %d "
                           "GPUs, not %zu", GPU_DOC_MAX, n);
    gd->gpus = calloc(n, sizeof(*gd->gpus));
    if (gd->gpus == NULL)
        return problem_set(pb, SVC_ENOMEM, "out of memory");
    for (const cJSON *c = list->child; c != NULL; c = c->next, i++) {
        if (read_gpu(c, i, &gd->gpus[i], pb) != SVC_OK)
            return pb->status;
    }
    gd->count = n;
    dup = gpu_duplicate(gd->gpus, n);
    if (dup == n)
        return SVC_OK;
    problem_set(pb, SVC_EINVAL, "GPU id \"%s\" is given more than once",
                gd->gpus[dup].id);
    problem_point(pb, "/gpus/%zu/id", dup);
    return pb->status;
}

enum svc_status gpu_doc_parse(struct gpu_doc *gd, const char *label,
                              const char *text, size_t len, char *err,
                              size_t errlen)
{
    struct problem pb;
    enum svc_status st;

    memset(gd, 0, sizeof(*gd));
    st = json_text_parse(text, len, &gd->doc, &pb);
    if (st == SVC_OK)
        st = read_gpus(gd->doc, gd, &pb);
    if (st == SVC_OK)
        return SVC_OK;
    problem_line(err, errlen, label, &pb);
    gpu_doc_cleanup(gd);
    return st;
}

void gpu_doc_cleanup(struct gpu_doc *gd)
{
    if (gd == NULL)
        return;
    free(gd->gpus);
    cJSON_Delete(gd->doc);
    memset(gd, 0, sizeof(*gd));
}
