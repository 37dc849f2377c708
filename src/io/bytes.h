/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounds-checked reading of binary numbers in the three C3D processor encodings. */
#ifndef GAIT_IO_BYTES_H
#define GAIT_IO_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "gait/c3d.h"

/* The caller checks that the bytes exist; these only decode. */
uint16_t gait_bytes_u16(const uint8_t *p, gait_c3d_processor processor);
int16_t gait_bytes_i16(const uint8_t *p, gait_c3d_processor processor);
float gait_bytes_f32(const uint8_t *p, gait_c3d_processor processor);

/* Encode for writing (Intel only is written, but symmetric helpers keep tests simple). */
void gait_bytes_put_u16(uint8_t *p, uint16_t value, gait_c3d_processor processor);
void gait_bytes_put_f32(uint8_t *p, float value, gait_c3d_processor processor);

/* 1 if [offset, offset + length) lies within a buffer of size bytes (no overflow). */
static inline int gait_bytes_in_range(size_t offset, size_t length, size_t size)
{
    return offset <= size && length <= size - offset;
}

#endif
