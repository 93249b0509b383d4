/// Gives each sample a new shape with the same number of values, in the same row-major order
/// (Keras's `Reshape`); one size of the target may be −1, inferred from the others.
public final class Reshape: KernelLayer {
    public var name: String
    public var typeName: String { "Reshape" }
    /// The shape of one output sample (the batch axis excluded); at most one −1.
    public let targetShape: [Int]

    /// A reshape of each sample to `targetShape`.
    ///
    /// ```swift
    /// let grid = try Reshape(targetShape: [-1, 4])(vectors)   // [batch, 12] → [batch, 3, 4]
    /// ```
    public init(targetShape: [Int], name: String = "") {
        self.targetShape = targetShape
        self.name = name
    }

    public var configuration: [String: JSONValue] {
        ["target_shape": .array(targetShape.map { .number(Double($0)) })]
    }

    /// Reads Keras's `target_shape` (a list of sizes, at most one −1).
    public convenience init(configuration: Configuration, name: String) throws {
        guard case .array(let items)? = configuration["target_shape"], items.count <= 64 else {
            throw SynapseError.fileError("\(configuration.owner): configuration needs a list of sizes 'target_shape', found \(configuration["target_shape"].map { "\($0)" } ?? "nothing")")
        }
        let sizes = try items.map { item -> Int in
            guard case .number(let n) = item, n == n.rounded(), n >= -1, n <= Double(SpatialShape.sampleLimit) else {
                throw SynapseError.fileError("\(configuration.owner): 'target_shape' must hold whole sizes ≥ 1 (or one −1), found \(item)")
            }
            return Int(n)
        }
        self.init(targetShape: sizes, name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        let count = try SpatialShape.checkedCount(inputShape, layer: name)
        let unknown = targetShape.indices.filter { targetShape[$0] == -1 }
        guard unknown.count <= 1, targetShape.allSatisfy({ $0 == -1 || $0 >= 1 }) else {
            throw SynapseError.invalidArgument("\(name): the target shape \(targetShape) must hold sizes ≥ 1 and at most one −1")
        }
        let known = try Shape.checkedCount(targetShape.filter { $0 != -1 }, what: "\(name): the target shape \(targetShape)",
                                           limit: SpatialShape.sampleLimit)
        var output = targetShape
        if let i = unknown.first {
            guard count % known == 0, count > 0 else {
                throw SynapseError.shapeMismatch("\(name): samples of shape \(inputShape) (\(count) values) cannot be reshaped to \(targetShape)")
            }
            output[i] = count / known
        } else {
            guard known == count else {
                throw SynapseError.shapeMismatch("\(name): samples of shape \(inputShape) hold \(count) values, the target shape \(targetShape) holds \(known)")
            }
        }
        return output
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 1 else {
            throw SynapseError.shapeMismatch("\(name): expected a batch of samples, found a rank-0 tensor")
        }
        var unused = RandomGenerator(seed: 0)
        return try input.reshaped([input.shape[0]] + build(inputShape: Array(input.shape.dropFirst()), generator: &unused))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        ReshapingKernels.copyKernels(sampleCount: call.sampleCount(ofInput: 0))
    }
}
