/* field.c - reading a field's value the same way whichever route and
 * whichever carrier (query or body) brought it. */
#include "api/field.h"

#include <string.h>

#include "modelscale/params.h"

enum svc_status field_read_amount(const char *field,
                                  const struct field_value *v, double *out,
                                  struct problem *pb)
{
    const char *why;

    if (v->text != NULL) {
        if (params_parse_amount(v->text, strlen(v->text), out, &why) ==
            SVC_OK)
            return SVC_OK;
    } else if ((why = params_check_amount(v->number)) == NULL) {
        *out = v->number;
        return SVC_OK;
    }
    return problem_set(pb, SVC_EINVAL, "%s %s %s", field, v->shown, why);
}
