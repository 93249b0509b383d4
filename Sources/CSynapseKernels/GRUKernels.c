// The GRU cell's fused gate passes for Keras's default activations (sigmoid gates, tanh candidate), in
// C so that they carry AVX-512F, AVX2 and baseline versions chosen when the program loads (see
// KernelDispatch.h); Swift's GRUKernels calls them and keeps its generic passes for other activations.
// Gate order z, r, h. One row of the cell's scratch (`sw` floats) holds z, r, ĥ, then (resetAfter)
// the recurrent product h·U of 3u values, or (reset before) r ⊙ h and the recurrent products at 4u.
// The same float operations in the same order as the Swift passes and the tape step.
#include "CSynapseKernels.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "KernelDispatch.h"
#include "ActivationFormulas.h"

static inline float at(const float *_Nullable p, ptrdiff_t j) { return p ? p[j] : 0.0f; }

SYNAPSE_KERNEL
void synapse_gru_forward(const float *__restrict p, const float *__restrict _Nullable inputBias,
                         const float *__restrict _Nullable recurrentBias, float *scratch, const float *__restrict hPrevious,
                         const float *__restrict recurrentInput, float *__restrict hNext,
                         bool resetAfter, ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u, ptrdiff_t sw) {
    ptrdiff_t ro = resetAfter ? 3 * u : 4 * u;
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        const float *pr = p + r * 3 * u, *hp = hPrevious + r * u, *hi = recurrentInput + r * u;
        float *saved = scratch + r * sw, *rec = saved + ro, *hn = hNext + r * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float pz = (pr[j] + at(inputBias, j)) + (rec[j] + at(recurrentBias, j));
            float preReset = (pr[u + j] + at(inputBias, u + j)) + (rec[u + j] + at(recurrentBias, u + j));
            float z = synapse_sigmoid(pz), reset = synapse_sigmoid(preReset);
            saved[j] = z;
            saved[u + j] = reset;
            if (resetAfter) {
                float hh = rec[2 * u + j] + at(recurrentBias, 2 * u + j);
                float c = synapse_tanh(pr[2 * u + j] + at(inputBias, 2 * u + j) + reset * hh);
                rec[2 * u + j] = hh;
                saved[2 * u + j] = c;
                hn[j] = z * hp[j] + (1.0f - z) * c;
            } else {
                saved[3 * u + j] = reset * hi[j];
            }
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_forward_candidate(const float *__restrict p, const float *__restrict _Nullable inputBias, float *scratch,
                                   const float *__restrict hPrevious, float *__restrict hNext,
                                   ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u, ptrdiff_t sw) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        const float *pr = p + r * 3 * u, *hp = hPrevious + r * u;
        float *saved = scratch + r * sw, *rec = saved + 4 * u, *hn = hNext + r * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float c = synapse_tanh((pr[2 * u + j] + at(inputBias, 2 * u + j)) + rec[2 * u + j]);
            float z = saved[j];
            saved[2 * u + j] = c;
            hn[j] = z * hp[j] + (1.0f - z) * c;
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_backward(float *__restrict dp, float *scratch, const float *__restrict hPrevious, const float *__restrict dh,
                          float *__restrict dhPrevious, bool resetAfter, ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u,
                          ptrdiff_t sw) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        float *d = dp + r * 3 * u, *saved = scratch + r * sw, *rec = saved + 3 * u, *dpr = dhPrevious + r * u;
        const float *hp = hPrevious + r * u, *g = dh + r * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float grad = g[j], z = saved[j], c = saved[2 * u + j];
            float dc = grad * (1.0f - z) * (1.0f - c * c);
            float dz = grad * (hp[j] - c) * (z * (1.0f - z));
            d[j] = dz;
            d[2 * u + j] = dc;
            dpr[j] = dpr[j] + grad * z;
            if (resetAfter) {
                float reset = saved[u + j];
                float dr = dc * rec[2 * u + j] * (reset * (1.0f - reset));
                d[u + j] = dr;
                rec[j] = dz;
                rec[u + j] = dr;
                rec[2 * u + j] = dc * reset;
            }
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_backward_reset(float *__restrict dp, const float *scratch, const float *__restrict recurrentInput,
                                float *__restrict recurrentInputGradient, ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u,
                                ptrdiff_t sw) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        float *d = dp + r * 3 * u, *di = recurrentInputGradient + r * u;
        const float *saved = scratch + r * sw, *drh = saved + 4 * u, *hi = recurrentInput + r * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float grad = drh[j], reset = saved[u + j];
            d[u + j] = grad * hi[j] * (reset * (1.0f - reset));
            di[j] = di[j] + grad * reset;
        }
    }
}
