/// The weights of a recurrent cell as tensors, for its tape step (recording while a gradient is
/// taken with respect to them).
struct RecurrentWeights {
    /// `[features, gates · units]`.
    let kernel: Tensor
    /// `[units, gates · units]`.
    let recurrentKernel: Tensor
    /// The bias, when the layer has one.
    let bias: Tensor?
}

/// The tape form of the time loop: per time step, differentiable tensor ops around the cell's
/// ``Recurrent/tapeStep(input:recurrentInput:states:weights:)``. It is the reference the kernels of
/// ``RecurrentKernels`` are tested against, and what a model runs with `usesKernels = false`.
extension Recurrent {
    func tapeForward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        guard inputs.allSatisfy({ $0.rank >= 1 }), let rows = inputs.first?.shape[0], inputs.allSatisfy({ $0.shape[0] == rows }) else {
            throw SynapseError.shapeMismatch("\(name): expected inputs with a common batch axis, found shapes \(inputs.map(\.shape))")
        }
        let layout = try inputLayout(inputs.map { Array($0.shape.dropFirst()) })
        let weights = try builtWeights(features: layout.features)
        let (steps, features, units) = (layout.timeSteps, layout.features, self.units)
        let x = inputs[0]

        var states = try layout.hasInitialStates ? Array(inputs[1...cellStateCount])
            : Array(repeating: Tensor.zeros([rows, units]), count: cellStateCount)
        let inputMask = dropsInputs(training: training) ? try Tensor.zeros([rows, features]) : nil
        let recurrentMask = dropsRecurrentUnits(training: training) ? try Tensor.zeros([rows, units]) : nil
        var masks = (inputMask, recurrentMask)
        withOptionalBuffers(&masks.0, &masks.1) { input, recurrent in
            fillDropoutMasks(input: input, inputCount: rows * features, recurrent: recurrent, recurrentCount: rows * units)
        }
        let stepMask = layout.hasMask ? inputs[inputs.count - 1].detached.scalars : nil
        let cellWeights = RecurrentWeights(kernel: weights.kernel.value, recurrentKernel: weights.recurrentKernel.value, bias: weights.bias?.value)

        var previousOutput = try Tensor.zeros([rows, units])
        var sequence: [Tensor] = []
        for step in 0..<steps {
            let t = goBackwards ? steps - 1 - step : step
            var xt = try x.gathering(flatIndices: (0..<rows * features).map { i in (i / features * steps + t) * features + i % features },
                                     shape: [rows, features])
            if let inputMask = masks.0 { xt = try xt * inputMask }
            let recurrentInput = try masks.1.map { try states[0] * $0 } ?? states[0]
            var next = try tapeStep(input: xt, recurrentInput: recurrentInput, states: states, weights: cellWeights)
            var output = next[0]
            if let stepMask {
                let kept = try Tensor(shape: [rows, 1], scalars: (0..<rows).map { stepMask[$0 * steps + t] != 0 ? 1 : 0 })
                let masked = 1 - kept
                next = try zip(next, states).map { new, old in try new * kept + old * masked }
                // Keras zeroes masked steps of a returned sequence only: a last output is the last kept step's.
                output = zeroOutputForMask && returnSequences ? try output * kept : try output * kept + previousOutput * masked
            }
            states = next
            previousOutput = output
            if returnSequences { sequence.append(try output.reshaped([rows, 1, units])) }
        }
        let output = returnSequences ? try Tensor.concatenate(sequence, alongAxis: 1) : previousOutput
        return [output] + (returnState ? states : [])
    }
}

/// Runs `body` with the buffers of two optional tensors (`nil` for an absent one).
private func withOptionalBuffers(_ a: inout Tensor?, _ b: inout Tensor?,
                                 _ body: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void) {
    func withBuffer(_ t: inout Tensor?, _ inner: (UnsafeMutablePointer<Float>?) -> Void) {
        guard var tensor = t else { return inner(nil) }
        tensor.withUnsafeMutableBufferPointer { inner($0.baseAddress) }
        t = tensor
    }
    withBuffer(&a) { pa in withBuffer(&b) { pb in body(pa, pb) } }
}
