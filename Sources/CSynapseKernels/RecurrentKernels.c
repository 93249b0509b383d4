// The LSTM cell's fused gate passes for Keras's default activations (sigmoid gates, tanh states), in C
// so that they carry AVX-512F, AVX2 and baseline versions chosen when the program loads (see
// OptimizerKernels.c and KernelDispatch.h): the Swift passes run on the baseline target, four SSE
// instructions per sixteen lanes. Plain loops over one row's units, which clang vectorises.
//
// e^x, σ and tanh are the formulas of Swift's `VectorMath` (Cephes-style exp with its clamp, its
// polynomial and 2^n built in the exponent bits; tanh from e^−2|x| with a Taylor series near 0),
// operation by operation with contraction into fused multiply-adds turned off, so that the kernels and
// the tape's tensor ops agree to rounding.
#include "CSynapseKernels.h"

#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "KernelDispatch.h"

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

SYNAPSE_KERNEL
void synapse_lstm_forward(const float *__restrict z, const float *__restrict _Nullable bias, const float *__restrict cPrevious,
                          float *__restrict cNext, float *__restrict hNext, float *__restrict saved,
                          ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        const float *zr = z + r * 4 * u;
        const float *cp = cPrevious + r * u;
        float *cn = cNext + r * u, *hn = hNext + r * u, *s = saved + r * 5 * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float zi = zr[j], zf = zr[u + j], zc = zr[2 * u + j], zo = zr[3 * u + j];
            if (bias) {
                zi = zi + bias[j];
                zf = zf + bias[u + j];
                zc = zc + bias[2 * u + j];
                zo = zo + bias[3 * u + j];
            }
            float i = synapse_sigmoid(zi), f = synapse_sigmoid(zf), g = synapse_tanh(zc), o = synapse_sigmoid(zo);
            float c = f * cp[j] + i * g;
            float tc = synapse_tanh(c);
            cn[j] = c;
            hn[j] = o * tc;
            s[j] = i;
            s[u + j] = f;
            s[2 * u + j] = g;
            s[3 * u + j] = o;
            s[4 * u + j] = tc;
        }
    }
}

SYNAPSE_KERNEL
void synapse_lstm_backward(const float *__restrict saved, const float *__restrict cPrevious, const float *__restrict dh,
                           const float *__restrict dc, float *__restrict dz, float *__restrict dcPrevious,
                           ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        const float *s = saved + r * 5 * u, *cp = cPrevious + r * u, *dhr = dh + r * u, *dcr = dc + r * u;
        float *d = dz + r * 4 * u, *dcp = dcPrevious + r * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float i = s[j], f = s[u + j], g = s[2 * u + j], o = s[3 * u + j], tc = s[4 * u + j];
            float dhj = dhr[j];
            float dcTotal = dcr[j] + dhj * o * (1.0f - tc * tc);
            d[j] = dcTotal * g * (i * (1.0f - i));
            d[u + j] = dcTotal * cp[j] * (f * (1.0f - f));
            d[2 * u + j] = dcTotal * i * (1.0f - g * g);
            d[3 * u + j] = dhj * tc * (o * (1.0f - o));
            dcp[j] = dcp[j] + dcTotal * f;
        }
    }
}
