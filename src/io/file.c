/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/internal.h"
#include "io/file.h"

/* First guess for streams whose size fstat cannot tell. */
#define STREAM_CHUNK_BYTES 65536

gait_status gait_read_whole_file(const char *path, const char *function, void **bytes, size_t *size)
{
    *bytes = NULL;
    *size = 0;
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return gait_fail(GAIT_E_IO, "%s: %s: cannot open: %s", function, path, strerror(errno));
    struct stat st;
    size_t capacity = STREAM_CHUNK_BYTES;
    if (fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        (uintmax_t)st.st_size < SIZE_MAX - 1)
        capacity = (size_t)st.st_size + 1; /* +1: reaching EOF needs no second allocation */
    size_t used = 0;
    char *buffer = malloc(capacity + 1);
    while (buffer != NULL) {
        size_t n = fread(buffer + used, 1, capacity - used, file);
        used += n;
        if (used < capacity)
            break; /* end of file or error */
        char *grown = capacity <= (SIZE_MAX - 1) / 2 ? realloc(buffer, 2 * capacity + 1) : NULL;
        if (grown == NULL) {
            free(buffer);
            buffer = NULL;
            break;
        }
        buffer = grown;
        capacity *= 2;
    }
    int failed = ferror(file);
    fclose(file);
    if (buffer == NULL)
        return gait_fail(GAIT_E_NOMEM, "%s: %s: out of memory reading the file", function, path);
    if (failed) {
        free(buffer);
        return gait_fail(GAIT_E_IO, "%s: %s: read error after %zu bytes", function, path, used);
    }
    buffer[used] = '\0';
    *bytes = buffer;
    *size = used;
    return GAIT_OK;
}
