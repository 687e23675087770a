/* gpu_doc.h - the GPU catalog read from a JSON document: the one built
 * in (config/gpus.json), or a file given with --gpus in its shape:
 * {"gpus": [{"id", "name", "memory_bytes", "bandwidth_bytes_per_s",
 * "bf16_tflops", "fp8_tflops" (null: none), "source", and optionally
 * "checked" and "note"}, ...]}; members starting with "//" are
 * comments. */
#ifndef MODELSCALE_GPU_DOC_H
#define MODELSCALE_GPU_DOC_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "modelscale/gpu.h"
#include "modelscale/status.h"

#define GPU_DOC_MAX 1000 /* GPUs in one catalog */

struct gpu_doc {
    cJSON *doc;       /* owns the strings gpus borrow */
    struct gpu *gpus; /* owned */
    size_t count;
};

/* Reads and checks text[0..len) (text[len] == '\0'): every GPU has each
 * member, a plausible value in each (gpu_check), and an id no other
 * has.  label names the text in err ("GPU file x.json").  Returns
 * SVC_OK, or an error with one line in err naming the problem and where
 * it is (a JSON pointer); gd is then empty.  Free with gpu_doc_cleanup
 * either way.  @unittest check_gpu_doc.c */
enum svc_status gpu_doc_parse(struct gpu_doc *gd, const char *label,
                              const char *text, size_t len, char *err,
                              size_t errlen);

/* Frees what gd holds and leaves it empty.  Accepts NULL. */
void gpu_doc_cleanup(struct gpu_doc *gd);

#endif
