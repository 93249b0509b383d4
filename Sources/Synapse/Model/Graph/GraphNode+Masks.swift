extension GraphNode {
    /// Records a call of `layer` on `inputs`, carrying masks along (Keras's mask propagation): a
    /// ``MaskConsumingLayer`` gets the first input's mask as its last input, and the first output
    /// gets the mask the layer's ``MaskPropagation`` gives it. `build` builds the layer for the
    /// call's input shapes (mask included) and returns its output shapes.
    ///
    /// - Throws: a ``SynapseError`` naming the layer when it cannot take the inputs, or when a shared
    ///   layer is called once with a mask and once without.
    static func connect(_ layer: any Layer, to inputs: [SymbolicTensor],
                        build: ([[Int]]) throws -> [[Int]]) throws -> [SymbolicTensor] {
        let mask = inputs.first?.mask
        var callInputs = inputs
        if let consumer = layer as? any MaskConsumingLayer {
            let receivesMask = mask != nil
            if LayerCalls.builtShapes(of: layer) != nil, consumer.receivesMask != receivesMask {
                throw SynapseError.invalidArgument("\(layer.name): the layer was built \(consumer.receivesMask ? "with" : "without") a mask and is now called \(receivesMask ? "with" : "without") one (a shared layer takes masks at every call or at none)")
            }
            consumer.receivesMask = receivesMask
            if let mask { callInputs.append(mask) }
        }
        let outputs = GraphNode(layer: layer, inputs: callInputs, outputShapes: try build(callInputs.map(\.shape))).outputs
        if let first = outputs.first {
            first.mask = try outputMask(of: layer, input: inputs[0], inputMask: mask)
        }
        return outputs
    }

    /// The mask of `layer`'s first output when its first input is `input`, carrying `inputMask`.
    private static func outputMask(of layer: any Layer, input: SymbolicTensor, inputMask: SymbolicTensor?) throws -> SymbolicTensor? {
        switch (layer as? any MaskPropagatingLayer)?.maskPropagation ?? .drop {
        case .drop:
            return nil
        case .keep:
            return inputMask
        case .compute(let rule):
            let computation = MaskComputation(rule: rule, name: "\(layer.name)_mask")
            var unused = RandomGenerator(seed: 0)
            let shape = try computation.build(inputShape: input.shape, generator: &unused)
            return GraphNode(layer: computation, inputs: [input], outputShapes: [shape]).outputs[0]
        }
    }

    /// Whether the node is a hidden mask computation rather than a call of one of the model's layers.
    var computesMask: Bool { layer is MaskComputation }

    /// The inputs the layer was called on, without the mask the graph appended.
    var callInputs: [SymbolicTensor] { inputs.filter { $0.node?.computesMask != true } }
}
