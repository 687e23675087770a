/* healthcheck.h - `modelscale healthcheck`: asks the server on this host
 * for /healthz, for container health checks in images without curl. */
#ifndef MODELSCALE_HEALTHCHECK_H
#define MODELSCALE_HEALTHCHECK_H

#include <stddef.h>

#include "cli/config.h"
#include "modelscale/status.h"

/* Sends GET /healthz to the server cfg describes (its bind address, or
 * loopback when it binds every address; its port) and waits at most
 * timeout_ms.  Returns SVC_OK on a 200 answer, otherwise SVC_EINTERNAL
 * with one line in err saying what happened. */
enum svc_status healthcheck_run(const struct config *cfg,
                                unsigned timeout_ms, char *err,
                                size_t errlen);

#endif
