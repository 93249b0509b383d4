import CSynapseKernels

/// The LSTM cell's kernels for the shared time loop (``RecurrentKernels``). Gate order i, f, c, o.
///
/// Forward per step: `P_t += h_{t−1} · U` (one GEMM, β = 1, into the step's projection rows), then one
/// fused pass per row, sixteen units at a time: bias, the four activations, `c_t = f ⊙ c_{t−1} + i ⊙ c̃`,
/// `h_t = o ⊙ tanh(c_t)`; it keeps i, f, c̃, o and tanh(c_t) (`[rows, 5 · units]`) and leaves the
/// pre-activations in `P_t`. Backward per step: one fused pass from the saved values to `dP_t`
/// (written over `P_t`) and `dc_{t−1}`, then `dh_{t−1} += dP_t · Uᵀ` (one GEMM). After the loop
/// `dU = Σ_t h_{t−1}ᵀ · dP_t` as ONE GEMM over all steps, and the bias gradient as column sums.
struct LSTMKernels: RecurrentCellKernels {
    typealias Vector = SIMD16<Float>
    let units: Int
    let hasBias: Bool
    let activation: Activation
    let recurrentActivation: Activation

    var scratchWidth: Int { 5 * units }

    /// Whether the fast, specialised pass applies (Keras's default activations).
    private var isDefault: Bool { recurrentActivation == .sigmoid && activation == .tanh }

    func forward(_ s: RecurrentStep) {
        let width = 4 * units
        BLAS.sgemm(transposeA: false, transposeB: false, m: s.rows, n: width, k: units, alpha: 1, a: s.recurrentInput, lda: units,
                   b: s.buffers.parameters[1], ldb: width, beta: 1, c: s.projection, ldc: width)
        if isDefault {
            synapse_lstm_forward(s.projection, hasBias ? UnsafePointer(s.buffers.parameters[2]) : nil, s.previousState(1),
                                 s.nextState(1), s.nextState(0), s.scratch, 0, s.rows, units)
        } else {
            forwardRows(s, rows: 0..<s.rows, gates: AnyLanes(activation: recurrentActivation), states: AnyLanes(activation: activation),
                        keepsPreActivations: true)
        }
    }

    func backward(_ s: RecurrentStep) {
        if isDefault {
            let n = s.rows * units
            synapse_lstm_backward(s.scratch, s.previousState(1), s.nextGradients, s.nextGradients + n, s.projection,
                                  s.previousGradients + n, 0, s.rows, units)
        } else {
            backwardRows(s, rows: 0..<s.rows, gates: AnyLanes(activation: recurrentActivation), states: AnyLanes(activation: activation))
        }
        let width = 4 * units
        BLAS.sgemm(transposeA: false, transposeB: true, m: s.rows, n: units, k: width, alpha: 1, a: s.projection, lda: width,
                   b: s.buffers.parameters[1], ldb: width, beta: 1, c: s.recurrentInputGradient, ldc: units)
    }

    /// The fused forward pass over `rows`: bias, activations, state update; keeps the activated gates
    /// and tanh(c_t), and the pre-activations (in the projection) when the derivatives need them.
    @inline(__always)
    private func forwardRows<Gates: LaneActivation, States: LaneActivation>(_ s: RecurrentStep, rows: Range<Int>, gates f: Gates,
                                                                         states g: States, keepsPreActivations: Bool) {
        let u = units, width = 4 * u
        let bias: UnsafePointer<Float>? = hasBias ? UnsafePointer(s.buffers.parameters[2]) : nil
        let cPrevious = s.previousState(1), hNext = s.nextState(0), cNext = s.nextState(1)
        for r in rows {
            let z = s.projection + r * width, saved = s.scratch + r * 5 * u
            let cp = cPrevious + r * u, cn = cNext + r * u, hn = hNext + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                var zi = VectorMath.load(z + j, count: n), zf = VectorMath.load(z + u + j, count: n)
                var zc = VectorMath.load(z + 2 * u + j, count: n), zo = VectorMath.load(z + 3 * u + j, count: n)
                if let bias {
                    zi += VectorMath.load(bias + j, count: n)
                    zf += VectorMath.load(bias + u + j, count: n)
                    zc += VectorMath.load(bias + 2 * u + j, count: n)
                    zo += VectorMath.load(bias + 3 * u + j, count: n)
                    if keepsPreActivations {
                        VectorMath.store(zi, z + j, count: n)
                        VectorMath.store(zf, z + u + j, count: n)
                        VectorMath.store(zc, z + 2 * u + j, count: n)
                        VectorMath.store(zo, z + 3 * u + j, count: n)
                    }
                }
                let i = f.value(zi), forget = f.value(zf), candidate = g.value(zc), o = f.value(zo)
                let c = forget * VectorMath.load(cp + j, count: n) + i * candidate
                let tc = g.value(c)
                VectorMath.store(c, cn + j, count: n)
                VectorMath.store(o * tc, hn + j, count: n)
                VectorMath.store(i, saved + j, count: n)
                VectorMath.store(forget, saved + u + j, count: n)
                VectorMath.store(candidate, saved + 2 * u + j, count: n)
                VectorMath.store(o, saved + 3 * u + j, count: n)
                VectorMath.store(tc, saved + 4 * u + j, count: n)
                j += 16
            }
        }
    }

    /// The fused backward pass over `rows`: from dh_t, dc_t and the saved values to dP_t (over the
    /// projection) and dc_{t−1} (added).
    @inline(__always)
    private func backwardRows<Gates: LaneActivation, States: LaneActivation>(_ s: RecurrentStep, rows: Range<Int>, gates f: Gates,
                                                                          states g: States) {
        let u = units, width = 4 * u, n0 = s.rows * u
        let cPrevious = s.previousState(1), cNext = s.nextState(1)
        let dh = s.nextGradients, dc = s.nextGradients + n0, dcPrevious = s.previousGradients + n0
        for r in rows {
            let dz = s.projection + r * width, saved = s.scratch + r * 5 * u
            let row = r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                let i = VectorMath.load(saved + j, count: n), forget = VectorMath.load(saved + u + j, count: n)
                let candidate = VectorMath.load(saved + 2 * u + j, count: n), o = VectorMath.load(saved + 3 * u + j, count: n)
                let tc = VectorMath.load(saved + 4 * u + j, count: n)
                let dhj = VectorMath.load(dh + row + j, count: n)
                let c = VectorMath.load(cNext + row + j, count: n)
                let dcTotal = VectorMath.load(dc + row + j, count: n) + dhj * o * g.derivative(z: c, y: tc)
                let zi = VectorMath.load(dz + j, count: n), zf = VectorMath.load(dz + u + j, count: n)
                let zc = VectorMath.load(dz + 2 * u + j, count: n), zo = VectorMath.load(dz + 3 * u + j, count: n)
                let cp = VectorMath.load(cPrevious + row + j, count: n)
                VectorMath.store(dcTotal * candidate * f.derivative(z: zi, y: i), dz + j, count: n)
                VectorMath.store(dcTotal * cp * f.derivative(z: zf, y: forget), dz + u + j, count: n)
                VectorMath.store(dcTotal * i * g.derivative(z: zc, y: candidate), dz + 2 * u + j, count: n)
                VectorMath.store(dhj * tc * f.derivative(z: zo, y: o), dz + 3 * u + j, count: n)
                VectorMath.store(VectorMath.load(dcPrevious + row + j, count: n) + dcTotal * forget, dcPrevious + row + j, count: n)
                j += 16
            }
        }
    }

    func parameterGradients(_ q: RecurrentSequence) {
        let u = units, width = 4 * u, m = q.steps * q.rows
        let accumulate = q.buffers.accumulatesParameterGradients
        if let du = q.buffers.parameterGradients[1] {
            BLAS.sgemm(transposeA: true, transposeB: false, m: u, n: width, k: m, alpha: 1, a: q.recurrentInputs, lda: u,
                       b: q.projectionGradients, ldb: width, beta: accumulate ? 1 : 0, c: du, ldc: width)
        }
        if hasBias, let db = q.buffers.parameterGradients[2] {
            DenseKernels.columnSums(q.projectionGradients, rows: m, columns: width, into: db, accumulate: accumulate)
        }
    }
}
