/// Joins its inputs along one axis (Keras's `Concatenate`); the other axes must agree.
///
/// `axis` counts the batch axis as 0, as in Keras: the default −1 is the last axis.
///
/// ```swift
/// let joined = try Concatenate()([a, b])          // [batch, 4] and [batch, 6] → [batch, 10]
/// ```
public final class Concatenate: KernelLayer {
    public var name: String
    public var typeName: String { "Concatenate" }
    /// The axis to join along (batch axis 0; negative counts from the end).
    public let axis: Int

    /// A concatenation along `axis`.
    public init(axis: Int = -1, name: String = "") {
        self.axis = axis
        self.name = name
    }

    public var configuration: [String: JSONValue] { ["axis": .number(Double(axis))] }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(axis: try configuration.int("axis", default: -1, in: -64...64), name: name)
    }

    /// The axis within one sample (the batch axis excluded) for samples of rank `rank`.
    private func sampleAxis(rank: Int) throws -> Int {
        let resolved = axis < 0 ? axis + rank + 1 : axis
        guard resolved >= 1, resolved <= rank else {
            throw SynapseError.invalidArgument("\(name): axis \(axis) is out of range for inputs of shape [batch] + rank \(rank) (the batch axis 0 cannot be joined)")
        }
        return resolved - 1
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try build(inputShapes: [inputShape], generator: &generator)[0]
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        guard let first = inputShapes.first, !first.isEmpty else {
            throw SynapseError.invalidArgument("\(name): Concatenate needs inputs with at least one axis besides the batch")
        }
        let k = try sampleAxis(rank: first.count)
        var output = first
        output[k] = 0
        for shape in inputShapes {
            var other = shape
            guard shape.count == first.count else {
                throw SynapseError.shapeMismatch("\(name): inputs of shapes \(inputShapes.map { "\($0)" }.joined(separator: " and ")) cannot be joined along axis \(axis)")
            }
            other[k] = 0
            var expected = first
            expected[k] = 0
            guard other == expected else {
                throw SynapseError.shapeMismatch("\(name): inputs of shapes \(inputShapes.map { "\($0)" }.joined(separator: " and ")) differ outside axis \(axis)")
            }
            output[k] += shape[k]
        }
        return [output]
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try forward([input], training: training)[0]
    }

    public func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        var unused = RandomGenerator(seed: 0)
        _ = try build(inputShapes: try Self.sampleShapes(of: inputs, layer: name), generator: &unused)
        return [try Tensor.concatenate(inputs, alongAxis: try sampleAxis(rank: inputs[0].rank - 1) + 1)]
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let k = try sampleAxis(rank: call.inputShapes[0].count)
        // Per sample, the values before the axis form blocks; each input adds its slice to each block.
        let blocksPerSample = call.inputShapes[0][..<k].reduce(1, *)
        let widths = call.inputShapes.map { $0[k...].reduce(1, *) }
        return LayerKernels(
            forward: { b in
                MergeKernels.concatenate(b.inputs, widths: widths, blocks: b.rows * blocksPerSample, into: b.outputs[0])
            },
            backward: { b in
                for input in widths.indices {
                    guard let dx = b.inputGradients[input] else { continue }
                    MergeKernels.concatenationGradient(b.outputGradients[0], widths: widths, input: input, blocks: b.rows * blocksPerSample,
                                                       into: dx, accumulate: b.accumulatesInputGradient[input])
                }
            })
    }
}
