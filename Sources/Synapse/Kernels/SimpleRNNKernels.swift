/// The activation passes of one SimpleRNN time step on raw buffers, sixteen lanes at a time:
/// h_t = f(x_t·W + b + h_{t−1}·U). The products are BLAS calls made by the layer's time loop.
enum SimpleRNNKernels {
    /// h_t = f(`input` + `bias` + `recurrent`) for `rows` samples of `u` units; `recurrent` may be
    /// `nil` (the first step from a zero state).
    static func forward(rows: Int, units u: Int,
                        input: UnsafePointer<Float>, inputStride: Int, bias: UnsafePointer<Float>?,
                        recurrent: UnsafePointer<Float>?, recurrentStride: Int,
                        state: UnsafeMutablePointer<Float>, stateStride: Int,
                        activation: any CellActivationKernel.Type) {
        func run<F: CellActivationKernel>(_: F.Type) {
            for i in 0..<rows {
                let x = input + i * inputStride, h = recurrent.map { $0 + i * recurrentStride }
                let out = state + i * stateStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    let pre = CellLanes.load(x + j, n) + CellLanes.loadIfPresent(bias.map { $0 + j }, n) + CellLanes.loadIfPresent(h.map { $0 + j }, n)
                    CellLanes.store(F.value(pre), out + j, n)
                    j += 16
                }
            }
        }
        if activation == TanhCellActivation.self { run(TanhCellActivation.self) } else { run(activation) }
    }

    /// dL/d(pre-activation) = dL/dh_t ⊙ f′, from h_t (`state`), into `preActivationGradient` (the
    /// gradient of both the input and the recurrent projection).
    static func backward(rows: Int, units u: Int,
                         stateGradient: UnsafePointer<Float>, stateGradientStride: Int,
                         state: UnsafePointer<Float>, stateStride: Int,
                         preActivationGradient: UnsafeMutablePointer<Float>, preActivationStride: Int,
                         activation: any CellActivationKernel.Type) {
        func run<F: CellActivationKernel>(_: F.Type) {
            for i in 0..<rows {
                let g = stateGradient + i * stateGradientStride, y = state + i * stateStride
                let out = preActivationGradient + i * preActivationStride
                var j = 0
                while j < u {
                    let n = min(16, u - j)
                    CellLanes.store(CellLanes.load(g + j, n) * F.derivative(output: CellLanes.load(y + j, n)), out + j, n)
                    j += 16
                }
            }
        }
        if activation == TanhCellActivation.self { run(TanhCellActivation.self) } else { run(activation) }
    }
}
