// Optimizer update kernels (and the NaN check of gradients before an update) in C, so that they can carry several instruction-set versions chosen when
// the program loads (see OptimizerKernels.c). Swift reaches them through `OptimizerKernels`.
//
// Every function is elementwise: it reads and writes element i of each buffer and nothing else, with
// the same float operations, in the same order, as the formula in its comment (no fused multiply-add,
// no reassociation), so every instruction-set version gives the same bits. The buffers of one call
// must not overlap.
#ifndef CSYNAPSEKERNELS_H
#define CSYNAPSEKERNELS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma clang assume_nonnull begin

/// w ← w − w·factor (decoupled weight decay).
void synapse_decay(float *__restrict w, ptrdiff_t n, float factor);

/// w ← w − lr·g.
void synapse_sgd(float *__restrict w, const float *__restrict g, ptrdiff_t n, float lr);

/// v ← μ·v − lr·g, then w ← w + v, or with Nesterov w ← w + (μ·v − lr·g) using the new v.
void synapse_momentum(float *__restrict w, const float *__restrict g, float *__restrict v, ptrdiff_t n,
                      float lr, float mu, bool nesterov);

/// m ← m + (g − m)·c1, v ← v + (g·g − v)·c2; with `vmax`, vmax ← (vmax < v ? v : vmax) and that
/// replaces v below; then w ← w − m·alpha / (√v + eps), √ the correctly rounded square root.
void synapse_adam(float *__restrict w, const float *__restrict g, float *__restrict m, float *__restrict v,
                  float *__restrict _Nullable vmax, ptrdiff_t n,
                  float alpha, float c1, float c2, float eps);

/// Whether any of the n values is NaN (the one value unequal to itself).
bool synapse_contains_nan(const float *x, ptrdiff_t n);

/// Whether all n values are finite (no NaN, no infinity).
bool synapse_all_finite(const float *x, ptrdiff_t n);

/// The LSTM cell's forward gate pass over rows [rowStart, rowEnd) of `u` units, sigmoid gates and
/// tanh states: z (rows × 4u, gates i f c o) plus the bias (4u, or NULL) → i, f, c̃, o, then
/// c = f·c_prev + i·c̃ and h = o·tanh(c); `saved` (rows × 5u) keeps i, f, c̃, o, tanh(c).
void synapse_lstm_forward(const float *__restrict z, const float *__restrict _Nullable bias, const float *__restrict cPrevious,
                          float *__restrict cNext, float *__restrict hNext, float *__restrict saved,
                          ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u);

/// The matching backward pass: from dh, dc and `saved` to dz (rows × 4u, the gates' pre-activation
/// gradients) and dc_prev += (dc + dh·o·(1 − tanh²c))·f.
void synapse_lstm_backward(const float *__restrict saved, const float *__restrict cPrevious, const float *__restrict dh,
                           const float *__restrict dc, float *__restrict dz, float *__restrict dcPrevious,
                           ptrdiff_t rowStart, ptrdiff_t rowEnd, ptrdiff_t u);

#pragma clang assume_nonnull end

#ifdef __cplusplus
}
#endif

#endif
