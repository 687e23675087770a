/* temp_file.h - a temporary file with given contents, for suites that
 * test readers of files (config, catalog). */
#ifndef MODELSCALE_TEMP_FILE_H
#define MODELSCALE_TEMP_FILE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a new file under /tmp; its name goes into path (at
 * least 32 bytes), which the caller unlinks.  Returns path. */
static inline const char *temp_file(const char *text, char *path,
                                    size_t len)
{
    int fd;

    snprintf(path, len, "/tmp/modelscale_test_XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    return path;
}

#endif
