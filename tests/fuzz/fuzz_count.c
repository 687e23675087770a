/* fuzz_count.c - the count-string parser and the formatter. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modelscale/params.h"
#include "modelscale/numfmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *why = NULL;
    char text[32], formatted[NUMFMT_MAX];
    uint64_t n = 0, again = 0;

    if (params_parse_text((const char *)data, size, &n, &why) != SVC_OK) {
        if (why == NULL)
            abort(); /* every refusal has a reason */
        return 0;
    }
    if (n == 0 || n > PARAMS_MAX)
        abort();
    /* The plain integer reads back as the same count. */
    numfmt_u64(n, text, sizeof(text));
    if (params_parse_text(text, strlen(text), &again, &why) != SVC_OK ||
        again != n)
        abort();
    for (int p = 0; p <= NUMFMT_PRECISION_MAX; p++) {
        if (numfmt_count(n, p, formatted, sizeof(formatted)) <= 0)
            abort();
    }
    return 0;
}
