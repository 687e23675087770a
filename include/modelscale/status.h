/* status.h - the one set of result codes shared by the core and the
 * service.  The HTTP layer maps each to a status code in one table. */
#ifndef MODELSCALE_STATUS_H
#define MODELSCALE_STATUS_H

enum svc_status {
    SVC_OK = 0,      /* success */
    SVC_EINVAL,      /* well-formed but invalid input: 422 */
    SVC_EMALFORMED,  /* input that cannot be read (bad JSON/query): 400 */
    SVC_ENOTFOUND,   /* unknown path or unknown model name: 404 */
    SVC_EMETHOD,     /* method not allowed on this path: 405 */
    SVC_ETIMEDOUT,   /* request body slower than the configured time: 408 */
    SVC_ETOOBIG,     /* request body over the configured limit: 413 */
    SVC_ETOOLONG,    /* request target (path and query) too long: 414 */
    SVC_EHEADERS,    /* request headers too large: 431 */
    SVC_EMEDIATYPE,  /* request body is not JSON: 415 */
    SVC_EDRAINING,   /* stopping: not taking new work: 503 */
    SVC_EBUSY,       /* memory for bodies or answers is taken: 503 */
    SVC_ENOTIMPL,    /* a transfer coding we do not decode: 501 */
    SVC_ENOMEM,      /* out of memory: 500 */
    SVC_EINTERNAL    /* a bug: a buffer we sized was too small: 500 */
};

#endif
