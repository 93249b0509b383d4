/// The SimpleRNN cell's kernels for the shared time loop (``RecurrentKernels``):
/// h_t = f(x_t · kernel + b + h · U), with h the recurrent input (h_{t−1} after recurrent dropout).
///
/// Forward per step: `P_t += h · U` (one GEMM, β = 1), then one pass that adds the bias, keeps the
/// pre-activation in `P_t` and writes f of it. Backward per step: `dP_t = dh_t ⊙ f′` (over `P_t`), then
/// `dh += dP_t · Uᵀ`. After the loop `dU = Σ_t h_{t−1}ᵀ · dP_t` as one GEMM, the bias gradient as
/// column sums. The cell keeps nothing of its own: h_t is the loop's state.
struct SimpleRNNKernels: RecurrentCellKernels {
    let units: Int
    let hasBias: Bool
    let activation: Activation

    var scratchWidth: Int { 0 }

    func forward(_ s: RecurrentStep) {
        BLAS.sgemm(transposeA: false, transposeB: false, m: s.rows, n: units, k: units, alpha: 1, a: s.recurrentInput, lda: units,
                   b: s.buffers.parameters[1], ldb: units, beta: 1, c: s.projection, ldc: units)
        if activation == .tanh { forwardPass(s, TanhLanes()) } else { forwardPass(s, AnyLanes(activation: activation)) }
    }

    /// Bias and activation for every row; the pre-activation stays in the projection.
    @inline(__always)
    private func forwardPass<F: LaneActivation>(_ s: RecurrentStep, _ f: F) {
        let u = units
        let bias: UnsafePointer<Float>? = hasBias ? UnsafePointer(s.buffers.parameters[2]) : nil
        let hNext = s.nextState(0)
        for r in 0..<s.rows {
            let p = s.projection + r * u, h = hNext + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                var z = VectorMath.load(p + j, count: n)
                if let bias {
                    z += VectorMath.load(bias + j, count: n)
                    VectorMath.store(z, p + j, count: n)
                }
                VectorMath.store(f.value(z), h + j, count: n)
                j += 16
            }
        }
    }

    func backward(_ s: RecurrentStep) {
        if activation == .tanh { backwardPass(s, TanhLanes()) } else { backwardPass(s, AnyLanes(activation: activation)) }
        BLAS.sgemm(transposeA: false, transposeB: true, m: s.rows, n: units, k: units, alpha: 1, a: s.projection, lda: units,
                   b: s.buffers.parameters[1], ldb: units, beta: 1, c: s.recurrentInputGradient, ldc: units)
    }

    /// dP_t = dh_t ⊙ f′ for every row, over the projection.
    @inline(__always)
    private func backwardPass<F: LaneActivation>(_ s: RecurrentStep, _ f: F) {
        let u = units
        let hNext = s.nextState(0), dh = s.nextGradients
        for r in 0..<s.rows {
            let p = s.projection + r * u, h = hNext + r * u, g = dh + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                let d = f.derivative(z: VectorMath.load(p + j, count: n), y: VectorMath.load(h + j, count: n))
                VectorMath.store(VectorMath.load(g + j, count: n) * d, p + j, count: n)
                j += 16
            }
        }
    }

    func parameterGradients(_ q: RecurrentSequence) {
        let u = units, m = q.steps * q.rows
        let accumulate = q.buffers.accumulatesParameterGradients
        if let du = q.buffers.parameterGradients[1] {
            BLAS.sgemm(transposeA: true, transposeB: false, m: u, n: u, k: m, alpha: 1, a: q.recurrentInputs, lda: u,
                       b: q.projectionGradients, ldb: u, beta: accumulate ? 1 : 0, c: du, ldc: u)
        }
        if hasBias, let db = q.buffers.parameterGradients[2] {
            DenseKernels.columnSums(q.projectionGradients, rows: m, columns: u, into: db, accumulate: accumulate)
        }
    }
}
