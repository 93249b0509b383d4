/// Spatial dropout over images, as Keras's `SpatialDropout2D`: while training, each channel (feature
/// map) of each sample is dropped as a whole with probability `rate`, and the kept ones are scaled by
/// 1 / (1 − rate) — dropout with noise shape `[N, 1, 1, C]`. At inference the layer passes its input
/// through. Inputs are channels-last, `[batch, height, width, channels]`.
public final class SpatialDropout2D: KernelLayer {
    public var name: String
    public var typeName: String { "SpatialDropout2D" }
    private let core: ChannelDropout

    /// The fraction of channels dropped while training, in [0, 1).
    public var rate: Float { core.masks.rate }

    /// A spatial dropout layer; `seed` makes its masks reproducible on their own (as for ``Dropout``).
    ///
    /// ```swift
    /// let x = try SpatialDropout2D(0.25)(Input(shape: [28, 28, 32]))
    /// ```
    public convenience init(_ rate: Float, seed: UInt64? = nil, name: String = "") {
        self.init(masks: Dropout(rate, seed: seed), name: name)
    }

    private init(masks: Dropout, name: String) {
        self.core = ChannelDropout(masks, sampleRank: 3)
        self.name = name
    }

    public var configuration: [String: JSONValue] {
        var values = core.masks.configuration
        values["data_format"] = .string("channels_last")
        return values
    }

    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        self.init(masks: try Dropout(configuration: configuration, name: name), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try core.build(name, inputShape: inputShape, generator: &generator)
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try core.forward(name, input, training: training)
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        try core.makeKernels(for: call)
    }
}
