/// The gate passes of one GRU time step on raw buffers (Keras's gate order z, r, h), fused and
/// sixteen lanes at a time. The matrix products around them (the input projection of all steps, the
/// recurrent product of each step) are BLAS calls made by the layer's time loop.
///
/// With `u` units, per sample:
/// - `input`: x_t·W, `3u` values (z, r, h blocks), without its bias;
/// - `recurrent`: h_{t−1}·U (`resetAfter`: all `3u`; otherwise the z and r blocks, `2u`), without its bias;
/// - `gates` (saved for backward, `4u`): z, r, ĥ, and then the candidate's recurrent term — with
///   `resetAfter` the recurrent projection of h including its bias, (h_{t−1}·U_h + b_h), which r
///   multiplies; without, r ⊙ h_{t−1}, which the candidate's recurrent product multiplies.
///
/// h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ, with z = σ(x_z + h_z), r = σ(x_r + h_r) and
/// ĥ = tanh(x_h + r ⊙ (h·U_h + b_h)) (`resetAfter`) or tanh(x_h + (r ⊙ h)·U_h) (before).
enum GRUKernels {
    typealias Vector = SIMD16<Float>

    // MARK: Forward

    /// `resetAfter: true`: the whole step after both products. Writes h_t and (if given) the gates.
    static func forwardResetAfter(rows: Int, units u: Int,
                                  input: UnsafePointer<Float>, inputStride: Int, inputBias: UnsafePointer<Float>?,
                                  recurrent: UnsafePointer<Float>, recurrentStride: Int, recurrentBias: UnsafePointer<Float>?,
                                  previous: UnsafePointer<Float>, previousStride: Int,
                                  state: UnsafeMutablePointer<Float>, stateStride: Int,
                                  gates: UnsafeMutablePointer<Float>?, gatesStride: Int,
                                  gate: any CellActivationKernel.Type, candidate: any CellActivationKernel.Type) {
        func run<G: CellActivationKernel, C: CellActivationKernel>(_: G.Type, _: C.Type) {
            for i in 0..<rows {
                let x = input + i * inputStride, h = recurrent + i * recurrentStride
                let hPrev = previous + i * previousStride, out = state + i * stateStride
                let saved = gates.map { $0 + i * gatesStride }
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let z = G.value(CellLanes.load(x + j, n) + CellLanes.loadIfPresent(inputBias.map { $0 + j }, n)
                                    + CellLanes.load(h + j, n) + CellLanes.loadIfPresent(recurrentBias.map { $0 + j }, n))
                    let r = G.value(CellLanes.load(x + u + j, n) + CellLanes.loadIfPresent(inputBias.map { $0 + u + j }, n)
                                    + CellLanes.load(h + u + j, n) + CellLanes.loadIfPresent(recurrentBias.map { $0 + u + j }, n))
                    let hh = CellLanes.load(h + 2 * u + j, n) + CellLanes.loadIfPresent(recurrentBias.map { $0 + 2 * u + j }, n)
                    let c = C.value(CellLanes.load(x + 2 * u + j, n) + CellLanes.loadIfPresent(inputBias.map { $0 + 2 * u + j }, n) + r * hh)
                    let p = CellLanes.load(hPrev + j, n)
                    CellLanes.store(c + z * (p - c), out + j, n)
                    if let saved {
                        CellLanes.store(z, saved + j, n)
                        CellLanes.store(r, saved + u + j, n)
                        CellLanes.store(c, saved + 2 * u + j, n)
                        CellLanes.store(hh, saved + 3 * u + j, n)
                    }
                    j += 16
                }
            }
        }
        if gate == SigmoidCellActivation.self && candidate == TanhCellActivation.self {
            run(SigmoidCellActivation.self, TanhCellActivation.self)
        } else {
            run(gate, candidate)
        }
    }

    /// `resetAfter: false`, first half: z and r from the input and the z, r blocks of the recurrent
    /// product; saves z, r and r ⊙ h_{t−1} (the left operand of the candidate's recurrent product).
    static func forwardResetGates(rows: Int, units u: Int,
                                  input: UnsafePointer<Float>, inputStride: Int, inputBias: UnsafePointer<Float>?,
                                  recurrent: UnsafePointer<Float>, recurrentStride: Int,
                                  previous: UnsafePointer<Float>, previousStride: Int,
                                  gates: UnsafeMutablePointer<Float>, gatesStride: Int,
                                  gate: any CellActivationKernel.Type) {
        func run<G: CellActivationKernel>(_: G.Type) {
            for i in 0..<rows {
                let x = input + i * inputStride, h = recurrent + i * recurrentStride
                let hPrev = previous + i * previousStride, saved = gates + i * gatesStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let z = G.value(CellLanes.load(x + j, n) + CellLanes.loadIfPresent(inputBias.map { $0 + j }, n) + CellLanes.load(h + j, n))
                    let r = G.value(CellLanes.load(x + u + j, n) + CellLanes.loadIfPresent(inputBias.map { $0 + u + j }, n)
                                    + CellLanes.load(h + u + j, n))
                    CellLanes.store(z, saved + j, n)
                    CellLanes.store(r, saved + u + j, n)
                    CellLanes.store(r * CellLanes.load(hPrev + j, n), saved + 3 * u + j, n)
                    j += 16
                }
            }
        }
        if gate == SigmoidCellActivation.self { run(SigmoidCellActivation.self) } else { run(gate) }
    }

    /// `resetAfter: false`, second half: ĥ from the input and `candidateRecurrent` = (r ⊙ h_{t−1})·U_h,
    /// then h_t; saves ĥ.
    static func forwardResetCandidate(rows: Int, units u: Int,
                                      input: UnsafePointer<Float>, inputStride: Int, inputBias: UnsafePointer<Float>?,
                                      candidateRecurrent: UnsafePointer<Float>, candidateStride: Int,
                                      previous: UnsafePointer<Float>, previousStride: Int,
                                      state: UnsafeMutablePointer<Float>, stateStride: Int,
                                      gates: UnsafeMutablePointer<Float>, gatesStride: Int,
                                      candidate: any CellActivationKernel.Type) {
        func run<C: CellActivationKernel>(_: C.Type) {
            for i in 0..<rows {
                let x = input + i * inputStride, hc = candidateRecurrent + i * candidateStride
                let hPrev = previous + i * previousStride, out = state + i * stateStride, saved = gates + i * gatesStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let c = C.value(CellLanes.load(x + 2 * u + j, n) + CellLanes.loadIfPresent(inputBias.map { $0 + 2 * u + j }, n)
                                    + CellLanes.load(hc + j, n))
                    let z = CellLanes.load(saved + j, n), p = CellLanes.load(hPrev + j, n)
                    CellLanes.store(c + z * (p - c), out + j, n)
                    CellLanes.store(c, saved + 2 * u + j, n)
                    j += 16
                }
            }
        }
        if candidate == TanhCellActivation.self { run(TanhCellActivation.self) } else { run(candidate) }
    }

    // MARK: Backward

    /// `resetAfter: true`: from dL/dh_t (`stateGradient`), writes the gradients of the gates'
    /// pre-activations with respect to the input projection (`inputGradient`, 3u: dz, dr, dĥ) and to
    /// the recurrent projection (`recurrentGradient`, 3u: dz, dr, r ⊙ dĥ), and the direct part of
    /// dL/dh_{t−1}, dh_t ⊙ z (`previousGradient`, overwritten; the layer adds recurrentGradient·Uᵀ).
    static func backwardResetAfter(rows: Int, units u: Int,
                                   stateGradient: UnsafePointer<Float>, stateGradientStride: Int,
                                   previous: UnsafePointer<Float>, previousStride: Int,
                                   gates: UnsafePointer<Float>, gatesStride: Int,
                                   inputGradient: UnsafeMutablePointer<Float>, inputGradientStride: Int,
                                   recurrentGradient: UnsafeMutablePointer<Float>, recurrentGradientStride: Int,
                                   previousGradient: UnsafeMutablePointer<Float>, previousGradientStride: Int,
                                   gate: any CellActivationKernel.Type, candidate: any CellActivationKernel.Type) {
        func run<G: CellActivationKernel, C: CellActivationKernel>(_: G.Type, _: C.Type) {
            for i in 0..<rows {
                let dh = stateGradient + i * stateGradientStride, hPrev = previous + i * previousStride
                let saved = gates + i * gatesStride
                let dx = inputGradient + i * inputGradientStride, dr = recurrentGradient + i * recurrentGradientStride
                let dp = previousGradient + i * previousGradientStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let g = CellLanes.load(dh + j, n), p = CellLanes.load(hPrev + j, n)
                    let z = CellLanes.load(saved + j, n), r = CellLanes.load(saved + u + j, n)
                    let c = CellLanes.load(saved + 2 * u + j, n), hh = CellLanes.load(saved + 3 * u + j, n)
                    let dc = g * (1 - z) * C.derivative(output: c)
                    let dz = g * (p - c) * G.derivative(output: z)
                    let dReset = dc * hh * G.derivative(output: r)
                    CellLanes.store(dz, dx + j, n)
                    CellLanes.store(dReset, dx + u + j, n)
                    CellLanes.store(dc, dx + 2 * u + j, n)
                    CellLanes.store(dz, dr + j, n)
                    CellLanes.store(dReset, dr + u + j, n)
                    CellLanes.store(dc * r, dr + 2 * u + j, n)
                    CellLanes.store(g * z, dp + j, n)
                    j += 16
                }
            }
        }
        if gate == SigmoidCellActivation.self && candidate == TanhCellActivation.self {
            run(SigmoidCellActivation.self, TanhCellActivation.self)
        } else {
            run(gate, candidate)
        }
    }

    /// `resetAfter: false`, first half: dz and dĥ (written to `inputGradient`'s z and h blocks; dĥ is
    /// also the gradient of the candidate's recurrent product), and dh_t ⊙ z to `previousGradient`.
    /// The layer then computes d(r ⊙ h_{t−1}) = dĥ·U_hᵀ for ``backwardResetGates``.
    static func backwardResetCandidate(rows: Int, units u: Int,
                                       stateGradient: UnsafePointer<Float>, stateGradientStride: Int,
                                       previous: UnsafePointer<Float>, previousStride: Int,
                                       gates: UnsafePointer<Float>, gatesStride: Int,
                                       inputGradient: UnsafeMutablePointer<Float>, inputGradientStride: Int,
                                       previousGradient: UnsafeMutablePointer<Float>, previousGradientStride: Int,
                                       gate: any CellActivationKernel.Type, candidate: any CellActivationKernel.Type) {
        func run<G: CellActivationKernel, C: CellActivationKernel>(_: G.Type, _: C.Type) {
            for i in 0..<rows {
                let dh = stateGradient + i * stateGradientStride, hPrev = previous + i * previousStride
                let saved = gates + i * gatesStride
                let dx = inputGradient + i * inputGradientStride, dp = previousGradient + i * previousGradientStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let g = CellLanes.load(dh + j, n), p = CellLanes.load(hPrev + j, n)
                    let z = CellLanes.load(saved + j, n), c = CellLanes.load(saved + 2 * u + j, n)
                    CellLanes.store(g * (p - c) * G.derivative(output: z), dx + j, n)
                    CellLanes.store(g * (1 - z) * C.derivative(output: c), dx + 2 * u + j, n)
                    CellLanes.store(g * z, dp + j, n)
                    j += 16
                }
            }
        }
        if gate == SigmoidCellActivation.self && candidate == TanhCellActivation.self {
            run(SigmoidCellActivation.self, TanhCellActivation.self)
        } else {
            run(gate, candidate)
        }
    }

    /// `resetAfter: false`, second half: from `resetProductGradient` = d(r ⊙ h_{t−1}), writes dr to
    /// `inputGradient`'s r block and adds d(r ⊙ h_{t−1}) ⊙ r to `previousGradient` (the layer then adds
    /// the z and r blocks' gradient times U_zrᵀ).
    static func backwardResetGates(rows: Int, units u: Int,
                                   resetProductGradient: UnsafePointer<Float>, resetProductStride: Int,
                                   previous: UnsafePointer<Float>, previousStride: Int,
                                   gates: UnsafePointer<Float>, gatesStride: Int,
                                   inputGradient: UnsafeMutablePointer<Float>, inputGradientStride: Int,
                                   previousGradient: UnsafeMutablePointer<Float>, previousGradientStride: Int,
                                   gate: any CellActivationKernel.Type) {
        func run<G: CellActivationKernel>(_: G.Type) {
            for i in 0..<rows {
                let drh = resetProductGradient + i * resetProductStride, hPrev = previous + i * previousStride
                let saved = gates + i * gatesStride
                let dx = inputGradient + i * inputGradientStride, dp = previousGradient + i * previousGradientStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let g = CellLanes.load(drh + j, n), r = CellLanes.load(saved + u + j, n)
                    CellLanes.store(g * CellLanes.load(hPrev + j, n) * G.derivative(output: r), dx + u + j, n)
                    CellLanes.store(CellLanes.load(dp + j, n) + g * r, dp + j, n)
                    j += 16
                }
            }
        }
        if gate == SigmoidCellActivation.self { run(SigmoidCellActivation.self) } else { run(gate) }
    }
}
