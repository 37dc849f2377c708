/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

file_format cli_format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot == NULL)
        return FORMAT_UNKNOWN;
    if (strcasecmp(dot, ".c3d") == 0)
        return FORMAT_C3D;
    if (strcasecmp(dot, ".trc") == 0)
        return FORMAT_TRC;
    if (strcasecmp(dot, ".mot") == 0 || strcasecmp(dot, ".sto") == 0)
        return FORMAT_MOT;
    if (strcasecmp(dot, ".csv") == 0)
        return FORMAT_CSV;
    return FORMAT_UNKNOWN;
}

int cli_fail(const char *path, gait_status status)
{
    const char *detail = gait_last_error_detail();
    /* The library's detail usually starts with the path already. */
    if (strncmp(detail, path, strlen(path)) == 0)
        fprintf(stderr, "gait: %s (%s)\n", detail, gait_strerror(status));
    else
        fprintf(stderr, "gait: %s: %s: %s\n", path, gait_strerror(status), detail);
    return EXIT_BAD_DATA;
}

int cli_parse_number(const char *command, const char *option, const char *text, double minimum,
                     double *value)
{
    char *end = NULL;
    *value = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(*value) || !(*value >= minimum)) {
        if (isfinite(minimum))
            fprintf(stderr, "gait %s: %s wants a number >= %g, not '%s'\n", command, option,
                    minimum, text);
        else
            fprintf(stderr, "gait %s: %s wants a number, not '%s'\n", command, option, text);
        return 0;
    }
    return 1;
}

int cli_grow(void **array, size_t *capacity, size_t needed, size_t size)
{
    if (needed <= *capacity)
        return 1;
    size_t capacity_new = *capacity ? 2 * *capacity : 64;
    while (capacity_new < needed)
        capacity_new *= 2;
    void *grown = realloc(*array, capacity_new * size);
    if (grown == NULL)
        return 0;
    *array = grown;
    *capacity = capacity_new;
    return 1;
}
