/// The common class of the global pooling layers — ``GlobalMaxPooling1D``, ``GlobalMaxPooling2D``,
/// ``GlobalAveragePooling1D``, ``GlobalAveragePooling2D``: the max or the mean of each channel over
/// every position of a channels-last sample, `[channels]`, or with ``keepdims`` `[1, channels]`
/// (1-D) and `[1, 1, channels]` (2-D). They are one pooling window the size of the sample.
public class GlobalPooling: KernelLayer {
    public var name: String
    public var typeName: String { "Global\(Self.kind.typeNamePrefix)Pooling\(Self.spatialRank)D" }
    /// Whether the spatial axes are kept, with size 1 (Keras's `keepdims`, false by default).
    public let keepdims: Bool

    class var kind: PoolingKind { preconditionFailure("a pooling layer names its kind") }
    class var spatialRank: Int { preconditionFailure("a pooling layer names its rank") }

    init(keepdims: Bool, named name: String) {
        self.keepdims = keepdims
        self.name = name
    }

    public var configuration: [String: JSONValue] {
        ["keepdims": .bool(keepdims), "data_format": .string("channels_last")]
    }

    /// Reads Keras's `keepdims` (default false) and `data_format` ("channels_last" only).
    public required convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        self.init(keepdims: try configuration.bool("keepdims", default: false), named: name)
    }

    private func outputShape(channels: Int) -> [Int] {
        keepdims ? [Int](repeating: 1, count: Self.spatialRank) + [channels] : [channels]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        let window = try PoolingWindow(kind: Self.kind, globalOver: inputShape, spatialRank: Self.spatialRank, layer: name)
        return outputShape(channels: window.geometry.channels)
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        let sample = try SpatialShape.sample(of: input, rank: Self.spatialRank + 1, layer: name)
        let window = try PoolingWindow(kind: Self.kind, globalOver: sample, spatialRank: Self.spatialRank, layer: name)
        return try window.forward(input).reshaped([input.shape[0]] + outputShape(channels: window.geometry.channels))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        try PoolingWindow(kind: Self.kind, globalOver: call.inputShapes[0], spatialRank: Self.spatialRank, layer: name).kernels()
    }
}
