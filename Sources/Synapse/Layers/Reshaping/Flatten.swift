/// Flattens each sample into one axis, `[d₁, d₂, …] → [d₁ · d₂ · …]`, keeping the batch axis
/// (Keras's `Flatten`). The values keep their row-major (channels-last) order.
public final class Flatten: KernelLayer {
    public var name: String
    public var typeName: String { "Flatten" }

    /// A flattening layer.
    ///
    /// ```swift
    /// let vectors = try Flatten()(features)   // [batch, 5, 5, 64] → [batch, 1600]
    /// ```
    public init(name: String = "") {
        self.name = name
    }

    public var configuration: [String: JSONValue] { ["data_format": .string("channels_last")] }

    /// Reads Keras's `data_format` ("channels_last" only).
    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        self.init(name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard inputShape.allSatisfy({ $0 >= 1 }) else {
            throw SynapseError.shapeMismatch("\(name): expected samples with sizes ≥ 1, found \(inputShape)")
        }
        return [try SpatialShape.checkedCount(inputShape, layer: name)]
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
