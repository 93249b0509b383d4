// The checks for NaN (every gradient, before an optimizer update) and for non-finite values (every
// input of fit, evaluate and predict), compiled in the same instruction-set versions as the update
// kernels (see OptimizerKernels.c for the mechanism): at baseline SSE2 the NaN check cost nearly as
// much as an SGD update itself. Each loop is an integer OR reduction, which clang vectorises without
// any reassociation of floating-point arithmetic.
#include "CSynapseKernels.h"

#include "KernelDispatch.h"

SYNAPSE_KERNEL
bool synapse_contains_nan(const float *x, ptrdiff_t n) {
    int found = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        found |= x[i] != x[i];
    }
    return found != 0;
}

SYNAPSE_KERNEL
bool synapse_all_finite(const float *x, ptrdiff_t n) {
    int bad = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        // x − x is 0 for a finite x and NaN for an infinite or NaN one.
        bad |= (x[i] - x[i]) != 0.0f;
    }
    return bad == 0;
}
