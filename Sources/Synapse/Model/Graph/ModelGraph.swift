/// The layer calls a model is made of, in an order where every call comes after the calls that
/// produce its inputs.
struct ModelGraph {
    let inputs: [Input]
    let outputs: [SymbolicTensor]
    /// Every call the outputs depend on, in topological order.
    let nodes: [GraphNode]

    /// The graph from `inputs` to `outputs`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when an output depends on an input that is not
    ///   among `inputs`, an input is listed twice, or there are no inputs or outputs.
    init(inputs: [Input], outputs: [SymbolicTensor], modelName: String) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw SynapseError.invalidArgument("\(modelName): a model needs at least one input and one output, found \(inputs.count) inputs and \(outputs.count) outputs")
        }
        guard Set(inputs.map(ObjectIdentifier.init)).count == inputs.count else {
            throw SynapseError.invalidArgument("\(modelName): an input is listed twice")
        }
        guard Set(outputs.map(ObjectIdentifier.init)).count == outputs.count else {
            throw SynapseError.invalidArgument("\(modelName): a tensor is listed twice among the outputs; give each loss its own output layer")
        }
        let known = Set(inputs.map(ObjectIdentifier.init))
        var order: [GraphNode] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative depth-first search from the outputs: deep graphs must not overflow the stack.
        for output in outputs {
            guard let root = output.node else {
                guard let input = output as? Input, known.contains(ObjectIdentifier(input)) else {
                    throw SynapseError.invalidArgument("\(modelName): output \(output) is not computed from the model's inputs")
                }
                throw SynapseError.invalidArgument("\(modelName): the output \(output) is an input of the model, not computed by a layer")
            }
            var stack: [(node: GraphNode, next: Int)] = []
            if visited.insert(ObjectIdentifier(root)).inserted { stack.append((root, 0)) }
            while !stack.isEmpty {
                let (node, next) = stack[stack.count - 1]
                if next < node.inputs.count {
                    stack[stack.count - 1].next += 1
                    let tensor = node.inputs[next]
                    if let producer = tensor.node {
                        if visited.insert(ObjectIdentifier(producer)).inserted { stack.append((producer, 0)) }
                    } else if !known.contains(ObjectIdentifier(tensor)) {
                        throw SynapseError.invalidArgument("\(modelName): the outputs depend on the input '\(tensor.producer.name)' of shape \(tensor.shape), which is not among the model's inputs")
                    }
                } else {
                    order.append(node)
                    stack.removeLast()
                }
            }
        }
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = order
    }

    /// The graph's layers, each once, in the order of their first call.
    var layers: [any Layer] {
        var seen = Set<ObjectIdentifier>()
        return layerNodes.map(\.layer).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// The calls of the model's layers, without the hidden mask computations.
    var layerNodes: [GraphNode] { nodes.filter { !$0.computesMask } }

    /// Runs the graph on `values` (one tensor per input) through the layers' tensor ops, recording
    /// gradients where parameters are watched.
    func evaluate(_ values: [Tensor], training: Bool) throws -> [Tensor] {
        var computed: [ObjectIdentifier: Tensor] = [:]
        for (input, value) in zip(inputs, values) { computed[ObjectIdentifier(input)] = value }
        for node in nodes {
            let outputs = try node.layer.forward(node.inputs.map { computed[ObjectIdentifier($0)]! }, training: training)
            for (tensor, value) in zip(node.outputs, outputs) { computed[ObjectIdentifier(tensor)] = value }
        }
        return outputs.map { computed[ObjectIdentifier($0)]! }
    }
}
