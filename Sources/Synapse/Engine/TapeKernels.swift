/// The kernels of a layer call that has none of its own (every custom layer, and every layer when a
/// model's ``Model/usesKernels`` is off): the forward pass runs the layer's tensor ops, recording
/// them on the autodiff tape, and the backward pass sends the output gradients back through that
/// record to the inputs and the parameters.
enum TapeKernels {
    /// What one step keeps from its forward to its backward pass.
    private final class Record {
        var outputs: [Tensor] = []
        var inputLeaves: [GradientNode?] = []
        var parameterLeaves: [GradientNode?] = []
        var error: Error?
    }

    /// The forward and backward kernels running `layer` through the tape for `call`. When the call's
    /// activation is fused into the loss, an ``ActivatedLayer`` gives its ``ActivatedLayer/preActivation(_:training:)``.
    /// Errors thrown by the layer's ops are kept and reported through `failure`.
    static func make(for layer: any Layer, call: KernelCall, failure: @escaping (Error) -> Void) -> LayerKernels {
        let record = Record()
        let inputShapes = call.inputShapes, outputShapes = call.outputShapes
        let training = call.isTraining
        let logits = !call.appliesActivation
        let needsInputGradient = call.needsInputGradient
        let forward: (StepBuffers) -> Void = { buffers in
            let rows = buffers.rows
            var inputs: [Tensor] = []
            record.inputLeaves = []
            for (index, shape) in inputShapes.enumerated() {
                var tensor = Tensor.build(shape: [rows] + shape) { $0.baseAddress!.update(from: buffers.inputs[index], count: $0.count) }
                if training && needsInputGradient[index] {
                    tensor.watch(name: "\(layer.name) input \(index)")
                    record.inputLeaves.append(tensor.node)
                } else {
                    record.inputLeaves.append(nil)
                }
                inputs.append(tensor)
            }
            let parameters = layer.parameters
            record.parameterLeaves = parameters.map { training && $0.isTrainable ? $0.watch() : nil }
            defer { for parameter in parameters { parameter.stopWatching() } }
            do {
                let outputs: [Tensor]
                if logits, let activated = layer as? any ActivatedLayer {
                    outputs = [try activated.preActivation(inputs[0], training: training)]
                } else {
                    outputs = try layer.forward(inputs, training: training)
                }
                guard outputs.count == outputShapes.count else {
                    throw SynapseError.shapeMismatch("\(layer.name): forward returned \(outputs.count) outputs, expected \(outputShapes.count)")
                }
                for (index, output) in outputs.enumerated() {
                    guard output.shape == [rows] + outputShapes[index] else {
                        throw SynapseError.shapeMismatch("\(layer.name): forward returned an output of shape \(output.shape), expected \([rows] + outputShapes[index])")
                    }
                    output.withUnsafeBufferPointer { source in
                        if let base = source.baseAddress { buffers.outputs[index].update(from: base, count: source.count) }
                    }
                }
                record.outputs = training ? outputs : []
            } catch {
                failure(error)
                for (index, shape) in outputShapes.enumerated() {
                    buffers.outputs[index].update(repeating: .nan, count: rows * Shape.count(of: shape))
                }
            }
        }
        let backward: (StepBuffers) -> Void = { buffers in
            let rows = buffers.rows
            for (index, output) in record.outputs.enumerated() {
                guard let node = output.node else { continue }
                let seed = Tensor.build(shape: output.shape) { $0.baseAddress!.update(from: buffers.outputGradients[index], count: $0.count) }
                do {
                    try node.backpropagate(seed: seed)
                } catch {
                    failure(error)
                    return
                }
            }
            for (index, leaf) in record.inputLeaves.enumerated() {
                guard let target = buffers.inputGradients[index] else { continue }
                let count = rows * Shape.count(of: inputShapes[index])
                write(leaf?.gradient, count: count, into: target, accumulate: buffers.accumulatesInputGradient[index])
            }
            for (index, leaf) in record.parameterLeaves.enumerated() {
                guard let target = buffers.parameterGradients[index] else { continue }
                let count = layer.parameters[index].count
                write(leaf?.gradient, count: count, into: target, accumulate: buffers.accumulatesParameterGradients)
            }
            record.outputs = []
            record.inputLeaves = []
            record.parameterLeaves = []
        }
        return LayerKernels(forward: forward, backward: training ? backward : nil)
    }

    /// Writes (or adds) a leaf's gradient; a leaf the output did not depend on contributes zeros.
    private static func write(_ gradient: Tensor?, count: Int, into target: UnsafeMutablePointer<Float>, accumulate: Bool) {
        guard let gradient else {
            if !accumulate { target.update(repeating: 0, count: count) }
            return
        }
        gradient.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            if accumulate {
                for i in 0..<count { target[i] += base[i] }
            } else {
                target.update(from: base, count: count)
            }
        }
    }
}
