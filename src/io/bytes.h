/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounds-checked reading of binary numbers in the three C3D processor encodings. */
#ifndef GAIT_IO_BYTES_H
#define GAIT_IO_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gait/c3d.h"

/* 1 if [offset, offset + length) lies within a buffer of size bytes (no overflow). */
static inline int gait_bytes_in_range(size_t offset, size_t length, size_t size)
{
    return offset <= size && length <= size - offset;
}

/* Decoders (the caller checks that the bytes exist) and encoders, inline because data decoding
 * calls them for every sample. */

static inline uint16_t gait_bytes_u16(const uint8_t *p, gait_c3d_processor processor)
{
    if (processor == GAIT_C3D_MIPS)
        return (uint16_t)((p[0] << 8) | p[1]);
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline int16_t gait_bytes_i16(const uint8_t *p, gait_c3d_processor processor)
{
    uint16_t u = gait_bytes_u16(p, processor);
    return (int16_t)(u <= INT16_MAX ? (int)u : (int)u - 65536);
}

static inline float gait_float_from_bits(uint32_t bits)
{
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static inline uint32_t gait_bits_from_float(float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/* VAX F floating point: the 16-bit words are swapped relative to IEEE little-endian, the exponent
 * bias is 128 rather than 127 and the hidden bit sits one place lower: the same bit pattern read as
 * IEEE is 4 times too large. A zero exponent is zero whatever the sign (the VAX "reserved operand"
 * with the sign set is taken as zero too). */
static inline float gait_dec_to_float(const uint8_t *p)
{
    uint32_t bits =
        (uint32_t)p[2] | ((uint32_t)p[3] << 8) | ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 24);
    if (((bits >> 23) & 0xFF) == 0)
        return 0.0f;
    return gait_float_from_bits(bits) / 4.0f;
}

static inline float gait_bytes_f32(const uint8_t *p, gait_c3d_processor processor)
{
    uint32_t bits;
    switch (processor) {
    case GAIT_C3D_DEC:
        return gait_dec_to_float(p);
    case GAIT_C3D_MIPS:
        bits = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
        return gait_float_from_bits(bits);
    case GAIT_C3D_INTEL:
    default:
        bits = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
               ((uint32_t)p[3] << 24);
        return gait_float_from_bits(bits);
    }
}

static inline void gait_bytes_put_u16(uint8_t *p, uint16_t value, gait_c3d_processor processor)
{
    if (processor == GAIT_C3D_MIPS) {
        p[0] = (uint8_t)(value >> 8);
        p[1] = (uint8_t)value;
    } else {
        p[0] = (uint8_t)value;
        p[1] = (uint8_t)(value >> 8);
    }
}

static inline void gait_bytes_put_f32(uint8_t *p, float value, gait_c3d_processor processor)
{
    uint32_t bits = gait_bits_from_float(value);
    if (processor == GAIT_C3D_DEC) {
        /* Inverse of dec_to_float: scale by 4, then swap the 16-bit words. */
        if (value == 0.0f) {
            memset(p, 0, 4);
            return;
        }
        bits = gait_bits_from_float(value * 4.0f);
        p[0] = (uint8_t)(bits >> 16);
        p[1] = (uint8_t)(bits >> 24);
        p[2] = (uint8_t)bits;
        p[3] = (uint8_t)(bits >> 8);
    } else if (processor == GAIT_C3D_MIPS) {
        p[0] = (uint8_t)(bits >> 24);
        p[1] = (uint8_t)(bits >> 16);
        p[2] = (uint8_t)(bits >> 8);
        p[3] = (uint8_t)bits;
    } else {
        p[0] = (uint8_t)bits;
        p[1] = (uint8_t)(bits >> 8);
        p[2] = (uint8_t)(bits >> 16);
        p[3] = (uint8_t)(bits >> 24);
    }
}

#endif
