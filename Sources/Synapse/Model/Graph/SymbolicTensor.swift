/// A tensor in a model's graph: the shape of one sample, and the layer call that produces it.
///
/// Symbolic tensors hold no values. They come from an ``Input`` and from calling layers on other
/// symbolic tensors (Keras's functional API), and a ``Model`` is made from its inputs and outputs:
///
/// ```swift
/// let input = Input(shape: [784])
/// let hidden = try Dense(256, activation: .relu)(input)
/// let output = try Dense(10, activation: .softmax)(hidden)
/// let model = try Model(inputs: [input], outputs: [output])
/// ```
public class SymbolicTensor: CustomStringConvertible {
    /// The shape of one sample (without the batch axis).
    public let shape: [Int]
    /// The layer call that produces this tensor; `nil` for an ``Input``.
    let node: GraphNode?
    /// Which of the node's outputs this is.
    let outputIndex: Int
    /// The mask that rides along with the tensor (see ``MaskPropagation``), if any.
    var mask: SymbolicTensor?

    init(shape: [Int], node: GraphNode?, outputIndex: Int) {
        self.shape = shape
        self.node = node
        self.outputIndex = outputIndex
    }

    /// The layer that produced the tensor (the ``Input`` itself for an input).
    public var producer: any Layer { node?.layer ?? (self as! Input) }

    /// `<SymbolicTensor shape=(None, 256), name=dense>`, as Keras shows its symbolic tensors.
    public var description: String {
        "<SymbolicTensor shape=\(SummaryTable.shapeText(shape)), name=\(producer.name.isEmpty ? producer.typeName : producer.name)>"
    }
}

/// One call of a layer in a graph: the symbolic tensors it takes and those it produces.
final class GraphNode {
    let layer: any Layer
    let inputs: [SymbolicTensor]
    private(set) var outputs: [SymbolicTensor] = []

    /// Records a call of `layer` on `inputs` whose outputs have `outputShapes`.
    init(layer: any Layer, inputs: [SymbolicTensor], outputShapes: [[Int]]) {
        self.layer = layer
        self.inputs = inputs
        outputs = outputShapes.enumerated().map { SymbolicTensor(shape: $1, node: self, outputIndex: $0) }
    }
}

extension Layer {
    /// Calls the layer on a symbolic tensor, recording a node of the graph (Keras's functional API).
    /// The first call builds the layer for the input's shape; later calls share its weights.
    ///
    /// - Throws: a ``SynapseError`` naming the layer when it cannot take the input's shape.
    public func callAsFunction(_ input: SymbolicTensor) throws -> SymbolicTensor {
        try callAsFunction([input])
    }

    /// Calls the layer on several symbolic tensors (a merge layer: `Add()([a, b])`).
    public func callAsFunction(_ inputs: [SymbolicTensor]) throws -> SymbolicTensor {
        let outputs = try callReturningAll(inputs)
        guard outputs.count == 1 else {
            throw SynapseError.invalidArgument("\(name.isEmpty ? typeName : name): the layer has \(outputs.count) outputs; use callReturningAll(_:)")
        }
        return outputs[0]
    }

    /// Calls the layer on symbolic tensors and returns all of its outputs (a recurrent layer that
    /// returns its state, for example).
    public func callReturningAll(_ inputs: [SymbolicTensor]) throws -> [SymbolicTensor] {
        guard !inputs.isEmpty else {
            throw SynapseError.invalidArgument("\(name.isEmpty ? typeName : name): called on no input")
        }
        if name.isEmpty { name = LayerNames.next(for: typeName) }
        return try GraphNode.connect(self, to: inputs) { try LayerCalls.outputShapes(of: self, for: $0) }
    }
}
