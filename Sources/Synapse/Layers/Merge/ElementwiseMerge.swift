/// The operation of an elementwise merge layer.
public enum MergeOperation: Sendable {
    case add, subtract, multiply, average, maximum, minimum
}

/// A layer that merges inputs of one shape elementwise, as Keras's merge layers: ``Add``,
/// ``Subtract``, ``Multiply``, ``Average``, ``Maximum``, ``Minimum``. Called on a list of symbolic
/// tensors (`Add()([a, b])`); a single input passes through, as in Keras.
public protocol ElementwiseMergeLayer: KernelLayer {
    /// What the layer computes.
    var operation: MergeOperation { get }
}

extension ElementwiseMergeLayer {
    public var configuration: [String: JSONValue] { [:] }

    /// A merge layer takes a list of inputs.
    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try build(inputShapes: [inputShape], generator: &generator)[0]
    }

    /// Checks that the inputs share one shape (exactly two for ``Subtract``).
    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        guard let first = inputShapes.first else {
            throw SynapseError.invalidArgument("\(name): a \(typeName) layer needs at least one input")
        }
        if operation == .subtract, inputShapes.count != 2 {
            throw SynapseError.invalidArgument("\(name): a Subtract layer takes exactly 2 inputs, found \(inputShapes.count)")
        }
        for shape in inputShapes where shape != first {
            throw SynapseError.shapeMismatch("\(name): a \(typeName) layer needs inputs of one shape, found \(inputShapes.map { "\($0)" }.joined(separator: " and "))")
        }
        return [first]
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try forward([input], training: training)[0]
    }

    /// The merge through tensor ops (the tape's reference), after the checks of
    /// ``build(inputShapes:generator:)`` on the batch's sample shapes.
    public func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        var unused = RandomGenerator(seed: 0)
        _ = try build(inputShapes: try Self.sampleShapes(of: inputs, layer: name), generator: &unused)
        var result = inputs[0]
        for input in inputs.dropFirst() {
            switch operation {
            case .add, .average: result = try result + input
            case .subtract: result = try result - input
            case .multiply: result = try result * input
            case .maximum: result = try Tensor.maximum(result, input)
            case .minimum: result = try Tensor.minimum(result, input)
            }
        }
        if operation == .average, inputs.count > 1 { result = result * (1 / Float(inputs.count)) }
        return [result]
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let n = call.sampleCount(ofInput: 0), inputCount = call.inputShapes.count
        let operation = self.operation
        let keepsWinner = call.isTraining && (operation == .maximum || operation == .minimum)
        return LayerKernels(
            scratch: keepsWinner ? [n] : [],
            forward: { b in
                let count = b.rows * n
                switch operation {
                case .add: MergeKernels.sum(b.inputs, into: b.outputs[0], count: count, scale: 1)
                case .average: MergeKernels.sum(b.inputs, into: b.outputs[0], count: count, scale: 1 / Float(inputCount))
                case .subtract: MergeKernels.difference(b.inputs[0], b.inputs[1], into: b.outputs[0], count: count)
                case .multiply: MergeKernels.product(b.inputs, into: b.outputs[0], count: count)
                case .maximum, .minimum:
                    MergeKernels.extremum(b.inputs, into: b.outputs[0], winner: keepsWinner ? b.scratch[0] : nil, count: count,
                                          maximum: operation == .maximum)
                }
            },
            backward: { b in
                let count = b.rows * n
                let dy = UnsafePointer(b.outputGradients[0])
                for k in 0..<inputCount {
                    guard let dx = b.inputGradients[k] else { continue }
                    let accumulate = b.accumulatesInputGradient[k]
                    switch operation {
                    case .add: VectorMath.write(dy, into: dx, count: count, accumulate: accumulate)
                    case .average: VectorMath.write(dy, scaledBy: 1 / Float(inputCount), into: dx, count: count, accumulate: accumulate)
                    case .subtract: VectorMath.write(dy, scaledBy: k == 0 ? 1 : -1, into: dx, count: count, accumulate: accumulate)
                    case .multiply:
                        MergeKernels.productGradient(dy, b.inputs, except: k, into: dx, count: count, accumulate: accumulate)
                    case .maximum, .minimum:
                        MergeKernels.extremumGradient(dy, winner: b.scratch[0], input: k, into: dx, count: count, accumulate: accumulate)
                    }
                }
            })
    }
}

extension KernelLayer {
    /// The sample shapes of a batch of each input, which must have equal batch sizes.
    static func sampleShapes(of inputs: [Tensor], layer name: String) throws -> [[Int]] {
        for input in inputs where input.rank < 1 || input.shape[0] != inputs[0].shape[0] {
            throw SynapseError.shapeMismatch("\(name): the inputs must be batches of one size, found shapes \(inputs.map { "\($0.shape)" }.joined(separator: " and "))")
        }
        return inputs.map { Array($0.shape.dropFirst()) }
    }
}
