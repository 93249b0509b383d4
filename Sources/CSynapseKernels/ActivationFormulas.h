// e^x, σ and tanh for the fused recurrent-cell kernels (RecurrentKernels.c, GRUKernels.c): the
// formulas of Swift's `VectorMath` (Cephes-style exp with its clamp, its polynomial and 2^n built in
// the exponent bits; tanh from e^−2|x| with a Taylor series near 0), operation by operation. Include
// it after `#pragma clang fp contract(off)`, so that no multiply-add is fused and the kernels and the
// tape's tensor ops agree to rounding.
#ifndef SYNAPSE_ACTIVATION_FORMULAS_H
#define SYNAPSE_ACTIVATION_FORMULAS_H

#include <stdint.h>
#include <string.h>

static inline float synapse_exp(float input) {
    float x = input > 88.3f ? 88.3f : input;
    x = x < -87.3f ? -87.3f : x;
    const float magic = 12582912.0f;
    float t = x * 1.44269504f + magic;
    float n = t - magic;
    float r = x - n * 0.693359375f + n * 2.1219444e-4f;
    float p = 1.98756915e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    uint32_t bits;
    memcpy(&bits, &t, sizeof bits);
    uint32_t scaleBits = (bits - 0x4B400000u + 127u) << 23;
    float scale;
    memcpy(&scale, &scaleBits, sizeof scale);
    return p * scale;
}

static inline float synapse_sigmoid(float x) { return 1.0f / (1.0f + synapse_exp(-x)); }

static inline float synapse_tanh(float x) {
    int negative = x < 0.0f;
    float a = negative ? -x : x;
    float e = synapse_exp(-2.0f * a);
    float y = (1.0f - e) / (1.0f + e);
    float a2 = a * a;
    float series = a2 * (-17.0f / 315.0f) + (2.0f / 15.0f);
    series = series * a2 + (-1.0f / 3.0f);
    series = (series * a2 + 1.0f) * a;
    y = a < 0.0625f ? series : y;
    return negative ? -y : y;
}

#endif
