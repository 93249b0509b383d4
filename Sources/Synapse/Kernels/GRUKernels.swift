/// The GRU cell's kernels for the shared time loop (``RecurrentKernels``). Gate order z, r, h (Keras's).
///
/// With `P_t = x_t · kernel` (the loop's input projection), U the recurrent kernel and bias rows
/// b_x, b_h (`resetAfter`; bias `[2, 3u]`) or b (`[3u]`):
///
///     z = σ(P_z + b_z + h·U_z [+ b_hz]),  r = σ(P_r + b_r + h·U_r [+ b_hr])
///     resetAfter:  ĥ = tanh(P_h + b_xh + r ⊙ (h·U_h + b_hh))
///     otherwise:   ĥ = tanh(P_h + b_h + (r ⊙ h)·U_h)
///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ
///
/// where h in the products is the recurrent input (h_{t−1} after recurrent dropout) and σ, tanh are
/// ``Recurrent/recurrentActivation`` and ``Recurrent/activation``.
///
/// Forward per step: the recurrent GEMM (`resetAfter`: one, `[rows, 3u]`, into the cell's scratch;
/// otherwise the z and r blocks first, then the candidate's product of r ⊙ h), and fused passes,
/// sixteen units at a time, that leave the pre-activations in `P_t` and keep z, r, ĥ and the
/// candidate's recurrent term. Backward per step: fused passes to `dP_t` (over `P_t`) and the
/// recurrent-product gradient, then `dh_{t−1} += dRec · Uᵀ`. After the loop, `dU` as GEMMs over all
/// steps and the bias gradients as column sums.
struct GRUKernels: RecurrentCellKernels {
    typealias Vector = SIMD16<Float>
    let units: Int
    let hasBias: Bool
    let resetAfter: Bool
    let activation: Activation
    let recurrentActivation: Activation

    /// Per row: z, r, ĥ (`3u`), then with `resetAfter` the recurrent product h·U (`3u`; its h block
    /// gets the recurrent bias and is what r multiplies; backward overwrites all three blocks with
    /// the recurrent-product gradient), else r ⊙ h (`u`) and the recurrent products (`3u`: z and r
    /// blocks of h·U, then (r ⊙ h)·U_h; backward reuses the first block for d(r ⊙ h)).
    var scratchWidth: Int { resetAfter ? 6 * units : 7 * units }

    /// The recurrent product's block in a scratch row.
    private var recurrentOffset: Int { resetAfter ? 3 * units : 4 * units }

    private func biases(_ b: StepBuffers) -> (input: UnsafePointer<Float>?, recurrent: UnsafePointer<Float>?) {
        guard hasBias else { return (nil, nil) }
        let bias = UnsafePointer(b.parameters[2])
        return (bias, resetAfter ? bias + 3 * units : nil)
    }

    @inline(__always)
    private func load(_ p: UnsafePointer<Float>?, _ n: Int) -> Vector {
        guard let p else { return Vector(repeating: 0) }
        return VectorMath.load(p, count: n)
    }

    /// Whether the fast, specialised passes apply (Keras's default activations); the others keep
    /// the pre-activations in `P_t` for their derivatives.
    private var isDefault: Bool { recurrentActivation == .sigmoid && activation == .tanh }

    func forward(_ s: RecurrentStep) {
        let u = units, width = 3 * u
        // z and r blocks (all three with resetAfter) of h·U, into the scratch.
        BLAS.sgemm(transposeA: false, transposeB: false, m: s.rows, n: resetAfter ? width : 2 * u, k: u, alpha: 1,
                   a: s.recurrentInput, lda: u, b: s.buffers.parameters[1], ldb: width, beta: 0, c: s.scratch + recurrentOffset,
                   ldc: scratchWidth)
        if isDefault {
            gatePass(s, gates: SigmoidLanes(), candidate: TanhLanes(), keepsPreActivations: false)
        } else {
            gatePass(s, gates: AnyLanes(activation: recurrentActivation), candidate: AnyLanes(activation: activation),
                     keepsPreActivations: true)
        }
        guard !resetAfter else { return }
        // The candidate's recurrent product (r ⊙ h)·U_h, then its pass.
        BLAS.sgemm(transposeA: false, transposeB: false, m: s.rows, n: u, k: u, alpha: 1, a: s.scratch + 3 * u, lda: scratchWidth,
                   b: s.buffers.parameters[1] + 2 * u, ldb: width, beta: 0, c: s.scratch + recurrentOffset + 2 * u, ldc: scratchWidth)
        if isDefault {
            candidatePass(s, candidate: TanhLanes(), keepsPreActivations: false)
        } else {
            candidatePass(s, candidate: AnyLanes(activation: activation), keepsPreActivations: true)
        }
    }

    /// z and r (and with resetAfter ĥ and h_t) for every row, after the recurrent product.
    @inline(__always)
    private func gatePass<Gates: LaneActivation, Candidate: LaneActivation>(_ s: RecurrentStep, gates f: Gates, candidate g: Candidate,
                                                                           keepsPreActivations: Bool) {
        let u = units, width = 3 * u, sw = scratchWidth
        let (inputBias, recurrentBias) = biases(s.buffers)
        let hPrevious = s.previousState(0), hNext = s.nextState(0)
        for r in 0..<s.rows {
            let p = s.projection + r * width, saved = s.scratch + r * sw, rec = saved + recurrentOffset
            let hp = hPrevious + r * u, hi = s.recurrentInput + r * u, hn = hNext + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                // Summed in the tape step's order: (x·W + b_x) + (h·U + b_h).
                let pz = (VectorMath.load(p + j, count: n) + load(inputBias.map { $0 + j }, n))
                    + (VectorMath.load(rec + j, count: n) + load(recurrentBias.map { $0 + j }, n))
                let pr = (VectorMath.load(p + u + j, count: n) + load(inputBias.map { $0 + u + j }, n))
                    + (VectorMath.load(rec + u + j, count: n) + load(recurrentBias.map { $0 + u + j }, n))
                let z = f.value(pz), reset = f.value(pr)
                if keepsPreActivations {
                    VectorMath.store(pz, p + j, count: n)
                    VectorMath.store(pr, p + u + j, count: n)
                }
                VectorMath.store(z, saved + j, count: n)
                VectorMath.store(reset, saved + u + j, count: n)
                if resetAfter {
                    let hh = VectorMath.load(rec + 2 * u + j, count: n) + load(recurrentBias.map { $0 + 2 * u + j }, n)
                    let pc = VectorMath.load(p + 2 * u + j, count: n) + load(inputBias.map { $0 + 2 * u + j }, n) + reset * hh
                    let c = g.value(pc)
                    VectorMath.store(hh, rec + 2 * u + j, count: n)
                    if keepsPreActivations { VectorMath.store(pc, p + 2 * u + j, count: n) }
                    VectorMath.store(c, saved + 2 * u + j, count: n)
                    VectorMath.store(z * VectorMath.load(hp + j, count: n) + (1 - z) * c, hn + j, count: n)
                } else {
                    VectorMath.store(reset * VectorMath.load(hi + j, count: n), saved + 3 * u + j, count: n)
                }
                j += 16
            }
        }
    }

    /// resetAfter false: ĥ and h_t for every row, after the candidate's recurrent product.
    @inline(__always)
    private func candidatePass<Candidate: LaneActivation>(_ s: RecurrentStep, candidate g: Candidate, keepsPreActivations: Bool) {
        let u = units, width = 3 * u, sw = scratchWidth
        let inputBias = biases(s.buffers).input
        let hPrevious = s.previousState(0), hNext = s.nextState(0)
        for r in 0..<s.rows {
            let p = s.projection + r * width, saved = s.scratch + r * sw, rec = saved + recurrentOffset
            let hp = hPrevious + r * u, hn = hNext + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                let pc = (VectorMath.load(p + 2 * u + j, count: n) + load(inputBias.map { $0 + 2 * u + j }, n))
                    + VectorMath.load(rec + 2 * u + j, count: n)
                let c = g.value(pc), z = VectorMath.load(saved + j, count: n)
                if keepsPreActivations { VectorMath.store(pc, p + 2 * u + j, count: n) }
                VectorMath.store(c, saved + 2 * u + j, count: n)
                VectorMath.store(z * VectorMath.load(hp + j, count: n) + (1 - z) * c, hn + j, count: n)
                j += 16
            }
        }
    }

    func backward(_ s: RecurrentStep) {
        let u = units, width = 3 * u, sw = scratchWidth
        let recurrentKernel = UnsafePointer(s.buffers.parameters[1])
        if isDefault {
            backwardPass(s, gates: SigmoidLanes(), candidate: TanhLanes())
        } else {
            backwardPass(s, gates: AnyLanes(activation: recurrentActivation), candidate: AnyLanes(activation: activation))
        }
        if resetAfter {
            BLAS.sgemm(transposeA: false, transposeB: true, m: s.rows, n: u, k: width, alpha: 1, a: s.scratch + recurrentOffset, lda: sw,
                       b: recurrentKernel, ldb: width, beta: 1, c: s.recurrentInputGradient, ldc: u)
            return
        }
        // d(r ⊙ h) = dĥ · U_hᵀ, into the scratch's first recurrent block; then dr and its part of dh.
        BLAS.sgemm(transposeA: false, transposeB: true, m: s.rows, n: u, k: u, alpha: 1, a: s.projection + 2 * u, lda: width,
                   b: recurrentKernel + 2 * u, ldb: width, beta: 0, c: s.scratch + recurrentOffset, ldc: sw)
        if isDefault {
            resetBackwardPass(s, gates: SigmoidLanes())
        } else {
            resetBackwardPass(s, gates: AnyLanes(activation: recurrentActivation))
        }
        BLAS.sgemm(transposeA: false, transposeB: true, m: s.rows, n: u, k: 2 * u, alpha: 1, a: s.projection, lda: width,
                   b: recurrentKernel, ldb: width, beta: 1, c: s.recurrentInputGradient, ldc: u)
    }

    /// dz and dĥ (resetAfter: dr too, and the recurrent-product gradient) into dP, and the direct part
    /// of dh_{t−1}, dh_t ⊙ z.
    @inline(__always)
    private func backwardPass<Gates: LaneActivation, Candidate: LaneActivation>(_ s: RecurrentStep, gates f: Gates, candidate g: Candidate) {
        let u = units, width = 3 * u, sw = scratchWidth
        let hPrevious = s.previousState(0), dh = s.nextGradients, dhPrevious = s.previousGradients
        for r in 0..<s.rows {
            let p = s.projection + r * width, saved = s.scratch + r * sw, rec = saved + recurrentOffset
            let hp = hPrevious + r * u, gh = dh + r * u, dp = dhPrevious + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                let grad = VectorMath.load(gh + j, count: n)
                let z = VectorMath.load(saved + j, count: n), c = VectorMath.load(saved + 2 * u + j, count: n)
                let pz = VectorMath.load(p + j, count: n), pc = VectorMath.load(p + 2 * u + j, count: n)
                let dc = grad * (1 - z) * g.derivative(z: pc, y: c)
                let dz = grad * (VectorMath.load(hp + j, count: n) - c) * f.derivative(z: pz, y: z)
                VectorMath.store(dz, p + j, count: n)
                VectorMath.store(dc, p + 2 * u + j, count: n)
                VectorMath.store(VectorMath.load(dp + j, count: n) + grad * z, dp + j, count: n)
                if resetAfter {
                    let reset = VectorMath.load(saved + u + j, count: n), pr = VectorMath.load(p + u + j, count: n)
                    let dr = dc * VectorMath.load(rec + 2 * u + j, count: n) * f.derivative(z: pr, y: reset)
                    VectorMath.store(dr, p + u + j, count: n)
                    VectorMath.store(dz, rec + j, count: n)
                    VectorMath.store(dr, rec + u + j, count: n)
                    VectorMath.store(dc * reset, rec + 2 * u + j, count: n)
                }
                j += 16
            }
        }
    }

    /// resetAfter false: dr from d(r ⊙ h), and d(r ⊙ h) ⊙ r added to the recurrent input's gradient.
    @inline(__always)
    private func resetBackwardPass<Gates: LaneActivation>(_ s: RecurrentStep, gates f: Gates) {
        let u = units, width = 3 * u, sw = scratchWidth
        for r in 0..<s.rows {
            let p = s.projection + r * width, saved = s.scratch + r * sw, drh = saved + recurrentOffset
            let hi = s.recurrentInput + r * u, di = s.recurrentInputGradient + r * u
            var j = 0
            while j < u {
                let n = min(16, u - j)
                let grad = VectorMath.load(drh + j, count: n), reset = VectorMath.load(saved + u + j, count: n)
                let pr = VectorMath.load(p + u + j, count: n)
                VectorMath.store(grad * VectorMath.load(hi + j, count: n) * f.derivative(z: pr, y: reset), p + u + j, count: n)
                VectorMath.store(VectorMath.load(di + j, count: n) + grad * reset, di + j, count: n)
                j += 16
            }
        }
    }

    func parameterGradients(_ q: RecurrentSequence) {
        let u = units, width = 3 * u, m = q.steps * q.rows, sw = scratchWidth, ro = recurrentOffset
        let accumulate = q.buffers.accumulatesParameterGradients
        let beta: Float = accumulate ? 1 : 0
        if let du = q.buffers.parameterGradients[1] {
            if resetAfter {
                BLAS.sgemm(transposeA: true, transposeB: false, m: u, n: width, k: m, alpha: 1, a: q.recurrentInputs, lda: u,
                           b: q.scratch + ro, ldb: sw, beta: beta, c: du, ldc: width)
            } else {
                BLAS.sgemm(transposeA: true, transposeB: false, m: u, n: 2 * u, k: m, alpha: 1, a: q.recurrentInputs, lda: u,
                           b: q.projectionGradients, ldb: width, beta: beta, c: du, ldc: width)
                BLAS.sgemm(transposeA: true, transposeB: false, m: u, n: u, k: m, alpha: 1, a: q.scratch + 3 * u, lda: sw,
                           b: q.projectionGradients + 2 * u, ldb: width, beta: beta, c: du + 2 * u, ldc: width)
            }
        }
        guard hasBias, let db = q.buffers.parameterGradients[2] else { return }
        DenseKernels.columnSums(q.projectionGradients, rows: m, columns: width, into: db, accumulate: accumulate)
        guard resetAfter else { return }
        let recurrentBias = db + width
        if !accumulate { recurrentBias.update(repeating: 0, count: width) }
        for row in 0..<m { VectorMath.add(q.scratch + row * sw + ro, into: recurrentBias, count: width) }
    }
}
