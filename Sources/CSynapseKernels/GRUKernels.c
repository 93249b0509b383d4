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

// One row of the forward pass, inlined with constant flags so that each caller below is a branch-free
// loop clang vectorises (absent biases read as a zero vector through `zero`).
static inline __attribute__((always_inline))
void gru_forward_row(const float *__restrict pr, const float *__restrict bi, const float *__restrict bh,
                     const float *__restrict hp, const float *__restrict hi, float *__restrict hn,
                     float *__restrict zs, float *__restrict rs, float *__restrict cs, float *__restrict extra,
                     float *__restrict rec, bool resetAfter, bool hasInputBias, bool hasRecurrentBias, ptrdiff_t u) {
    for (ptrdiff_t j = 0; j < u; j++) {
        float bz = hasInputBias ? bi[j] : 0.0f, br = hasInputBias ? bi[u + j] : 0.0f, bc = hasInputBias ? bi[2 * u + j] : 0.0f;
        float hz = hasRecurrentBias ? bh[j] : 0.0f, hr = hasRecurrentBias ? bh[u + j] : 0.0f;
        float hc = hasRecurrentBias ? bh[2 * u + j] : 0.0f;
        float pz = (pr[j] + bz) + (rec[j] + hz);
        float preReset = (pr[u + j] + br) + (rec[u + j] + hr);
        float z = synapse_sigmoid(pz), reset = synapse_sigmoid(preReset);
        zs[j] = z;
        rs[j] = reset;
        if (resetAfter) {
            float hh = extra[j] + hc;
            float c = synapse_tanh(pr[2 * u + j] + bc + reset * hh);
            extra[j] = hh;
            cs[j] = c;
            hn[j] = z * hp[j] + (1.0f - z) * c;
        } else {
            extra[j] = reset * hi[j];
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_forward(const float *__restrict p, const float *__restrict _Nullable inputBias,
                         const float *__restrict _Nullable recurrentBias, float *scratch, const float *__restrict hPrevious,
                         const float *__restrict recurrentInput, float *__restrict hNext,
                         bool resetAfter, ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u, ptrdiff_t sw) {
    const float *bi = inputBias ? inputBias : p, *bh = recurrentBias ? recurrentBias : p;
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        const float *pr = p + r * 3 * u, *hp = hPrevious + r * u, *hi = recurrentInput + r * u;
        float *saved = scratch + r * sw, *hn = hNext + r * u;
        // The scratch row's blocks: z, r, ĥ, then resetAfter: h·U (3u, its h block updated in place);
        // otherwise r ⊙ h at 3u and h·U's z, r blocks at 4u.
        float *rec = saved + (resetAfter ? 3 * u : 4 * u);
        float *extra = resetAfter ? rec + 2 * u : saved + 3 * u;
        if (resetAfter) {
            if (inputBias && recurrentBias) {
                gru_forward_row(pr, bi, bh, hp, hi, hn, saved, saved + u, saved + 2 * u, extra, rec, true, true, true, u);
            } else {
                gru_forward_row(pr, bi, bh, hp, hi, hn, saved, saved + u, saved + 2 * u, extra, rec, true, false, false, u);
            }
        } else if (inputBias) {
            gru_forward_row(pr, bi, bh, hp, hi, hn, saved, saved + u, saved + 2 * u, extra, rec, false, true, false, u);
        } else {
            gru_forward_row(pr, bi, bh, hp, hi, hn, saved, saved + u, saved + 2 * u, extra, rec, false, false, false, u);
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_forward_candidate(const float *__restrict p, const float *__restrict _Nullable inputBias, float *scratch,
                                   const float *__restrict hPrevious, float *__restrict hNext,
                                   ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u, ptrdiff_t sw) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        const float *__restrict pr = p + r * 3 * u + 2 * u, *__restrict hp = hPrevious + r * u;
        const float *__restrict zs = scratch + r * sw, *__restrict rec = scratch + r * sw + 6 * u;
        float *__restrict cs = scratch + r * sw + 2 * u, *__restrict hn = hNext + r * u;
        if (inputBias) {
            const float *__restrict bc = inputBias + 2 * u;
            for (ptrdiff_t j = 0; j < u; j++) {
                float c = synapse_tanh((pr[j] + bc[j]) + rec[j]);
                cs[j] = c;
                hn[j] = zs[j] * hp[j] + (1.0f - zs[j]) * c;
            }
        } else {
            for (ptrdiff_t j = 0; j < u; j++) {
                float c = synapse_tanh((pr[j] + 0.0f) + rec[j]);
                cs[j] = c;
                hn[j] = zs[j] * hp[j] + (1.0f - zs[j]) * c;
            }
        }
    }
}

static inline __attribute__((always_inline))
void gru_backward_row(float *__restrict dz, float *__restrict dr, float *__restrict dc, const float *__restrict zs,
                      const float *__restrict rs, const float *__restrict cs, float *__restrict recZ, float *__restrict recR,
                      float *__restrict recH, const float *__restrict hp, const float *__restrict g, float *__restrict dpr,
                      bool resetAfter, ptrdiff_t u) {
    for (ptrdiff_t j = 0; j < u; j++) {
        float grad = g[j], z = zs[j], c = cs[j];
        float dcj = grad * (1.0f - z) * (1.0f - c * c);
        float dzj = grad * (hp[j] - c) * (z * (1.0f - z));
        dz[j] = dzj;
        dc[j] = dcj;
        dpr[j] = dpr[j] + grad * z;
        if (resetAfter) {
            float reset = rs[j];
            float drj = dcj * recH[j] * (reset * (1.0f - reset));
            dr[j] = drj;
            recZ[j] = dzj;
            recR[j] = drj;
            recH[j] = dcj * reset;
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_backward(float *__restrict dp, float *scratch, const float *__restrict hPrevious, const float *__restrict dh,
                          float *__restrict dhPrevious, bool resetAfter, ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u,
                          ptrdiff_t sw) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        float *d = dp + r * 3 * u, *saved = scratch + r * sw, *rec = saved + 3 * u;
        const float *hp = hPrevious + r * u, *g = dh + r * u;
        float *dpr = dhPrevious + r * u;
        if (resetAfter) {
            gru_backward_row(d, d + u, d + 2 * u, saved, saved + u, saved + 2 * u, rec, rec + u, rec + 2 * u, hp, g, dpr, true, u);
        } else {
            gru_backward_row(d, d + u, d + 2 * u, saved, saved + u, saved + 2 * u, rec, rec + u, rec + 2 * u, hp, g, dpr, false, u);
        }
    }
}

SYNAPSE_KERNEL
void synapse_gru_backward_reset(float *__restrict dp, const float *scratch, const float *__restrict recurrentInput,
                                float *__restrict recurrentInputGradient, ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u,
                                ptrdiff_t sw) {
    for (ptrdiff_t r = rowStart; r < rowEnd; r++) {
        float *__restrict dr = dp + r * 3 * u + u, *__restrict di = recurrentInputGradient + r * u;
        const float *__restrict rs = scratch + r * sw + u, *__restrict drh = scratch + r * sw + 4 * u;
        const float *__restrict hi = recurrentInput + r * u;
        for (ptrdiff_t j = 0; j < u; j++) {
            float grad = drh[j], reset = rs[j];
            dr[j] = grad * hi[j] * (reset * (1.0f - reset));
            di[j] = di[j] + grad * reset;
        }
    }
}
