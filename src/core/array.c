/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdlib.h>

#include "core/array.h"

void *gait_array_reserve(void *items, size_t *capacity, size_t count, size_t item_size,
                         size_t initial)
{
    if (count < *capacity)
        return items;
    size_t grown = *capacity > 0 ? 2 * *capacity : initial;
    if (grown <= count)
        grown = count + 1;
    if (grown > SIZE_MAX / item_size)
        return NULL;
    void *moved = realloc(items, grown * item_size);
    if (moved != NULL)
        *capacity = grown;
    return moved;
}
