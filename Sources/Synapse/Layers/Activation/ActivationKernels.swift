/// The kernels of the layers that apply an ``Activation`` and nothing else (``ActivationLayer``,
/// ``LeakyReLU``, ``Softmax``), built on the activation kernels ``Dense`` uses.
enum ActivationKernels {
    /// Forward `y = activation(x)`; backward `dx = dy ⊙ activation′` (softmax: its vector–Jacobian
    /// product along the last axis). When the loss that follows takes the logits (a fused softmax or
    /// sigmoid), both pass their values through.
    static func layerKernels(for call: KernelCall, activation: Activation) -> LayerKernels {
        let n = call.sampleCount(ofInput: 0)
        // Softmax rows run along the last axis; the elementwise functions do not mind the split.
        let columns = max(1, call.inputShapes[0].last ?? 1)
        let activation = call.appliesActivation ? activation : .linear
        return LayerKernels(
            forward: { b in
                DenseKernels.activationForward(b.inputs[0], b.outputs[0], rows: b.rows * n / columns, columns: columns, activation: activation)
            },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                let dy = b.outputGradients[0]
                DenseKernels.activationBackward(dy, z: b.inputs[0], a: b.outputs[0], rows: b.rows * n / columns, columns: columns,
                                                activation: activation)
                VectorMath.write(dy, into: dx, count: b.rows * n, accumulate: b.accumulatesInputGradient[0])
            })
    }
}
