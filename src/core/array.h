/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Growable arrays: amortised doubling, so appending n items costs O(n). */
#ifndef GAIT_CORE_ARRAY_H
#define GAIT_CORE_ARRAY_H

#include <stddef.h>

/* Room for item count + 1 in `items` (count items of item_size bytes in room for *capacity):
 * returns items itself when there is room, else the array reallocated to twice the room (at
 * least `initial` items) with *capacity updated; NULL when memory (or size_t) runs out, leaving
 * items and *capacity untouched. */
void *gait_array_reserve(void *items, size_t *capacity, size_t count, size_t item_size,
                         size_t initial);

#endif
