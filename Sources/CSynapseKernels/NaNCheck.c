// The NaN check that runs over every gradient before an optimizer update, compiled in the same
// instruction-set versions as the update kernels (see OptimizerKernels.c for the mechanism): at
// baseline SSE2 it cost nearly as much as an SGD update itself. The loop is an integer OR
// reduction, which clang vectorises without any reassociation of floating-point arithmetic.
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
