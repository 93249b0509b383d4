/// The common class of the local pooling layers — ``MaxPooling1D``, ``MaxPooling2D``,
/// ``AveragePooling1D``, ``AveragePooling2D`` — which differ only in the value kept (max or average)
/// and the number of spatial axes. A window of ``poolSize`` moves by ``strides`` over each channel of
/// channels-last samples; with `.same` padding, padded positions are ignored (an average divides by
/// the real positions of its window, as TensorFlow does).
public class Pooling: KernelLayer {
    public var name: String
    public var typeName: String { "\(Self.kind.typeNamePrefix)Pooling\(Self.spatialRank)D" }
    /// The window's size along each spatial axis.
    public let poolSize: [Int]
    /// The window's step along each spatial axis (Keras's default: the pool size).
    public let strides: [Int]
    /// `.valid` (windows that fit) or `.same` (output size ⌈input / stride⌉).
    public let padding: Padding

    class var kind: PoolingKind { preconditionFailure("a pooling layer names its kind") }
    class var spatialRank: Int { preconditionFailure("a pooling layer names its rank") }

    init(poolSize: [Int], strides: [Int]?, padding: Padding, name: String) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.name = name
    }

    public var configuration: [String: JSONValue] {
        ["pool_size": JSONValue.integers(poolSize), "strides": JSONValue.integers(strides), "padding": padding.configurationValue,
         "data_format": .string("channels_last")]
    }

    /// Reads Keras's `pool_size` (a number or a list; default 2), `strides` (default — or null — the
    /// pool size), `padding` ("valid" or "same") and `data_format` ("channels_last" only).
    public required convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        let rank = Self.spatialRank, limit = 1...(1 << 20)
        let poolSize = try configuration.spatialSizes("pool_size", count: rank, default: [Int](repeating: 2, count: rank), in: limit)
        self.init(poolSize: poolSize, strides: try configuration.spatialSizes("strides", count: rank, default: poolSize, in: limit),
                  padding: try Padding(configurationValue: configuration["padding"], owner: configuration.owner, allowed: [.valid, .same]),
                  name: name)
    }

    private func window(for sample: [Int]) throws -> PoolingWindow {
        guard poolSize.count == Self.spatialRank, strides.count == Self.spatialRank else {
            throw SynapseError.invalidArgument("\(name): expected \(Self.spatialRank) pool sizes and strides, found \(poolSize) and \(strides)")
        }
        guard padding != .causal else {
            throw SynapseError.invalidArgument("\(name): padding must be 'valid' or 'same', found 'causal'")
        }
        return try PoolingWindow(kind: Self.kind, sample: sample, poolSize: poolSize, strides: strides, padding: padding, layer: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try window(for: inputShape).outputShape(spatialRank: Self.spatialRank)
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        let pooling = try window(for: try SpatialShape.sample(of: input, rank: Self.spatialRank + 1, layer: name))
        return try pooling.forward(input).reshaped([input.shape[0]] + pooling.outputShape(spatialRank: Self.spatialRank))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        try window(for: call.inputShapes[0]).kernels()
    }
}
