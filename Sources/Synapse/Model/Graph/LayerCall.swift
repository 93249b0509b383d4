/// One call of a layer in a model's graph: the layer, the symbolic tensors it took and those it
/// produced — what a model diagram or a TensorBoard graph draws as a node and its edges.
///
/// ```swift
/// for call in model.layerCalls {
///     print(call.layer.name, "←", call.inputs.map(\.producer.name))   // dense_1 ← ["dense"]
/// }
/// ```
public struct LayerCall {
    /// The layer called (a layer shared between calls appears in each of them).
    public let layer: any Layer
    /// The tensors the call took, in order; an ``Input`` is its own producer.
    public let inputs: [SymbolicTensor]
    /// The tensors the call produced, in order.
    public let outputs: [SymbolicTensor]
}

extension Model {
    /// Every layer call of the model, in an order where each call comes after the calls producing
    /// its inputs; the ``inputs`` are not calls. Empty when the graph is not known yet (a
    /// ``Sequential`` without an ``Input`` before it has seen data).
    public var layerCalls: [LayerCall] {
        guard let graph = try? currentGraph() else { return [] }
        return graph.layerNodes.map { LayerCall(layer: $0.layer, inputs: $0.callInputs, outputs: $0.outputs) }
    }
}
