// The optimizer update kernels, written as plain loops that clang vectorises at -O2 (the level of
// SwiftPM's release builds), compiled several times for x86-64: with AVX-512F, with AVX2 and for the
// baseline (SSE2). The `target_clones` attribute makes clang emit the three versions and an ifunc
// resolver that the dynamic loader runs once, when the program starts, to pick the widest the CPU
// has (from `__cpu_model`, which `__cpu_indicator_init`, linked in from libgcc, fills). Each string
// of the attribute is one version: "avx2,fma" would make two, one for AVX2 and one for FMA.
// So `swift build -c release`, which targets baseline x86-64, still updates sixteen floats per
// instruction on an AVX-512 machine — without unsafeFlags in Package.swift. Elsewhere (other
// architectures, non-ELF platforms) each function is compiled once, for the build's target.
//
// Results are the same bits on every version: only IEEE add, subtract, multiply, divide, square root
// and compare are used, elementwise, in the order written. Two things would break that and are
// turned off or avoided here:
// - contraction of a·b + c into a fused multiply-add, which clang does by default inside one
//   expression once the target has FMA (the AVX-512F version: avx512f implies fma; measured: half
//   of Adam's m values then differed from the SSE2 version's): the pragmas below forbid it;
// - `sqrtf`, which with the default -fmath-errno stays a scalar call so that it can set errno for
//   negative inputs: `__builtin_elementwise_sqrt` is the plain correctly rounded square root
//   (sqrtps), which vectorises.
// No loop is a reduction, so none needs reassociation (-ffast-math) to vectorise.
#include "CSynapseKernels.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "KernelDispatch.h"

#if defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define SYNAPSE_SQRT(x) __builtin_elementwise_sqrt(x)
#endif
#endif
#ifndef SYNAPSE_SQRT
#define SYNAPSE_SQRT(x) __builtin_sqrtf(x)
#endif

SYNAPSE_KERNEL
void synapse_decay(float *__restrict w, ptrdiff_t n, float factor) {
    for (ptrdiff_t i = 0; i < n; i++) {
        w[i] = w[i] - w[i] * factor;
    }
}

SYNAPSE_KERNEL
void synapse_sgd(float *__restrict w, const float *__restrict g, ptrdiff_t n, float lr) {
    for (ptrdiff_t i = 0; i < n; i++) {
        w[i] = w[i] - lr * g[i];
    }
}

SYNAPSE_KERNEL
void synapse_momentum(float *__restrict w, const float *__restrict g, float *__restrict v, ptrdiff_t n,
                      float lr, float mu, bool nesterov) {
    if (nesterov) {
        for (ptrdiff_t i = 0; i < n; i++) {
            float vi = mu * v[i] - lr * g[i];
            v[i] = vi;
            w[i] = w[i] + (mu * vi - lr * g[i]);
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            float vi = mu * v[i] - lr * g[i];
            v[i] = vi;
            w[i] = w[i] + vi;
        }
    }
}

SYNAPSE_KERNEL
void synapse_adam(float *__restrict w, const float *__restrict g, float *__restrict m, float *__restrict v,
                  float *__restrict vmax, ptrdiff_t n,
                  float alpha, float c1, float c2, float eps) {
    if (vmax) {
        for (ptrdiff_t i = 0; i < n; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * c1;
            float vi = v[i] + (gi * gi - v[i]) * c2;
            m[i] = mi;
            v[i] = vi;
            float hi = vmax[i] < vi ? vi : vmax[i];
            vmax[i] = hi;
            w[i] = w[i] - mi * alpha / (SYNAPSE_SQRT(hi) + eps);
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * c1;
            float vi = v[i] + (gi * gi - v[i]) * c2;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] - mi * alpha / (SYNAPSE_SQRT(vi) + eps);
        }
    }
}
