// SYNAPSE_KERNEL marks a kernel to be compiled for AVX-512F, AVX2 and the baseline, with an ifunc
// resolver that the dynamic loader runs once to pick the widest the CPU has (x86-64 ELF with clang);
// elsewhere a kernel is compiled once, for the build's target. See OptimizerKernels.c.
#ifndef SYNAPSE_KERNEL_DISPATCH_H
#define SYNAPSE_KERNEL_DISPATCH_H

#if defined(__x86_64__) && defined(__ELF__) && defined(__clang__)
#define SYNAPSE_KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SYNAPSE_KERNEL
#endif

#endif
