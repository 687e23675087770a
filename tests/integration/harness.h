/* harness.h - what every integration suite shares: the real server,
 * started once per test executable on an ephemeral loopback port, and
 * HTTP to it (libcurl), with the checks the suites make of answers.
 *
 * Each suite is its own executable and ctest, run without forking
 * (CK_FORK=no, set by CMake) so that its last test, added by
 * harness_add_stop, can wait for the server it started.
 * MODELSCALE_WRAPPER, when set, is a command the server is run under
 * (e.g. valgrind).  The names are short, and unprefixed, because the
 * test bodies read better so; they are for these suites only. */
#ifndef MODELSCALE_HARNESS_H
#define MODELSCALE_HARNESS_H

#include <check.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* The server's port once start_server has run. */
extern unsigned port;
/* Requests made so far; a test that makes one another way (the
 * healthcheck command) adds it, so that stops_cleanly finds one access
 * log line per request. */
extern size_t requests_sent;
/* GET /compare's answer, byte for byte: the reference catalog. */
extern const char reference[];

struct buf {
    char *data; /* NUL-terminated; NULL when nothing came */
    size_t len;
};

struct reply {
    long status;
    struct buf body;
    struct buf headers; /* every header line, each ending in CRLF */
    long new_connections; /* connections opened for it: 0 if reused */
};

/* Starts the server unless it runs already, and learns its port from its
 * first line of output; fails the test if it has not said it listens
 * within 30 s.  Every test calls it first. */
void start_server(void);

/* Sends one request and fails the test if no answer came.  type NULL
 * sends no Content-Type; chunked sends the body without a
 * Content-Length.  The caller frees the reply with reply_free. */
struct reply http(const char *method, const char *path, const char *type,
                  const char *body, size_t len, int chunked);
struct reply get(const char *path);
/* POST /compare of body as application/json. */
struct reply post(const char *body);
/* Frees what r holds and zeroes it. */
void reply_free(struct reply *r);

/* The value of header name in r ("" if absent), case-insensitively,
 * copied into out (len bytes); returns out. */
const char *header(const struct reply *r, const char *name, char *out,
                   size_t len);

/* Fails the test unless r is a problem+json of status, with pointer
 * (NULL: none) and a detail containing detail. */
void check_problem(const struct reply *r, long status, const char *pointer,
                   const char *detail);
/* Fails the test unless GET /compare still gets the reference answer. */
void check_still_right(void);

/* The JSON answer of a GET or POST (body NULL: none) that must get 200;
 * the caller frees it with cJSON_Delete. */
cJSON *json_ok(const char *method, const char *path, const char *body);
/* doc's value at the path of object keys and array indexes ("0", "1")
 * separated by '/', e.g. "models/0/memory"; fails the test if there is
 * none.  Borrowed from doc, as are the values below. */
cJSON *at(const cJSON *doc, const char *path);
double number_at(const cJSON *doc, const char *path);
const char *text_at(const cJSON *doc, const char *path);
/* The model named name in the array models, or NULL. */
const cJSON *named(const cJSON *models, const char *name);

/* The whole file at path, NUL-terminated (fails the test if it cannot
 * be read); the caller frees it. */
char *file_text(const char *path);
/* The file at path parsed as JSON (fails the test if it is not); the
 * caller frees it with cJSON_Delete. */
cJSON *file_json(const char *path);

/* Runs the binary with args (args[0] included, NULL-terminated) in an
 * empty environment; returns its exit status, with what it wrote (stdout
 * and stderr together) in out, truncated to len - 1 bytes. */
int run(char *const args[], char *out, size_t len);

/* Adds the last TCase, "stop": SIGTERM, and the server must exit 0 (in
 * under 2 s unless wrapped), having logged one line per request. */
void harness_add_stop(Suite *s);

#endif
