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

    func forward(_ s: RecurrentStep) {
        let u = units, width = 4 * u, rows = s.rows
        BLAS.sgemm(transposeA: false, transposeB: false, m: rows, n: width, k: u, alpha: 1, a: s.recurrentInput, lda: u,
                   b: s.buffers.parameters[1], ldb: width, beta: 1, c: s.projection, ldc: width)
        let bias: UnsafePointer<Float>? = hasBias ? UnsafePointer(s.buffers.parameters[2]) : nil
        let cPrevious = s.previousState(1), hNext = s.nextState(0), cNext = s.nextState(1)
        let (g, f) = (activation, recurrentActivation)
        for r in 0..<rows {
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
                    VectorMath.store(zi, z + j, count: n)
                    VectorMath.store(zf, z + u + j, count: n)
                    VectorMath.store(zc, z + 2 * u + j, count: n)
                    VectorMath.store(zo, z + 3 * u + j, count: n)
                }
                let i = VectorMath.activate(f, zi), fg = VectorMath.activate(f, zf)
                let c̃ = VectorMath.activate(g, zc), o = VectorMath.activate(f, zo)
                let c = fg * VectorMath.load(cp + j, count: n) + i * c̃
                let tc = VectorMath.activate(g, c)
                VectorMath.store(c, cn + j, count: n)
                VectorMath.store(o * tc, hn + j, count: n)
                VectorMath.store(i, saved + j, count: n)
                VectorMath.store(fg, saved + u + j, count: n)
                VectorMath.store(c̃, saved + 2 * u + j, count: n)
                VectorMath.store(o, saved + 3 * u + j, count: n)
                VectorMath.store(tc, saved + 4 * u + j, count: n)
                j += 16
            }
        }
    }

    func backward(_ s: RecurrentStep) {
        let u = units, width = 4 * u, rows = s.rows, n0 = rows * u
        let cPrevious = s.previousState(1), cNext = s.nextState(1)
        let dh = s.nextGradients, dc = s.nextGradients + n0, dcPrevious = s.previousGradients + n0
        let (g, f) = (activation, recurrentActivation)
        for r in 0..<rows {
            let dz = s.projection + r * width, saved = s.scratch + r * 5 * u
            let row = r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                let i = VectorMath.load(saved + j, count: n), fg = VectorMath.load(saved + u + j, count: n)
                let c̃ = VectorMath.load(saved + 2 * u + j, count: n), o = VectorMath.load(saved + 3 * u + j, count: n)
                let tc = VectorMath.load(saved + 4 * u + j, count: n)
                let dhj = VectorMath.load(dh + row + j, count: n)
                let c = VectorMath.load(cNext + row + j, count: n)
                let dcTotal = VectorMath.load(dc + row + j, count: n) + dhj * o * VectorMath.activationDerivative(g, z: c, y: tc)
                let zi = VectorMath.load(dz + j, count: n), zf = VectorMath.load(dz + u + j, count: n)
                let zc = VectorMath.load(dz + 2 * u + j, count: n), zo = VectorMath.load(dz + 3 * u + j, count: n)
                let cp = VectorMath.load(cPrevious + row + j, count: n)
                VectorMath.store(dcTotal * c̃ * VectorMath.activationDerivative(f, z: zi, y: i), dz + j, count: n)
                VectorMath.store(dcTotal * cp * VectorMath.activationDerivative(f, z: zf, y: fg), dz + u + j, count: n)
                VectorMath.store(dcTotal * i * VectorMath.activationDerivative(g, z: zc, y: c̃), dz + 2 * u + j, count: n)
                VectorMath.store(dhj * tc * VectorMath.activationDerivative(f, z: zo, y: o), dz + 3 * u + j, count: n)
                VectorMath.store(VectorMath.load(dcPrevious + row + j, count: n) + dcTotal * fg, dcPrevious + row + j, count: n)
                j += 16
            }
        }
        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: u, k: width, alpha: 1, a: s.projection, lda: width,
                   b: s.buffers.parameters[1], ldb: width, beta: 1, c: s.recurrentInputGradient, ldc: u)
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
