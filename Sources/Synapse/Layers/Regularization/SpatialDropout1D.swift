/// Spatial dropout over sequences, as Keras's `SpatialDropout1D`: while training, each channel of
/// each sample is dropped as a whole (every step of it zero) with probability `rate`, and the kept
/// channels are scaled by 1 / (1 − rate) — dropout with noise shape `[N, 1, C]`. At inference the
/// layer passes its input through. Inputs are `[batch, steps, channels]`.
public final class SpatialDropout1D: KernelLayer {
    public var name: String
    public var typeName: String { "SpatialDropout1D" }
    private let core: ChannelDropout

    /// The fraction of channels dropped while training, in [0, 1).
    public var rate: Float { core.masks.rate }

    /// A spatial dropout layer; `seed` makes its masks reproducible on their own (as for ``Dropout``).
    ///
    /// ```swift
    /// let x = try SpatialDropout1D(0.2)(Input(shape: [100, 16]))
    /// ```
    public convenience init(_ rate: Float, seed: UInt64? = nil, name: String = "") {
        self.init(masks: Dropout(rate, seed: seed), name: name)
    }

    private init(masks: Dropout, name: String) {
        self.core = ChannelDropout(masks, sampleRank: 2)
        self.name = name
    }

    public var configuration: [String: JSONValue] { core.masks.configuration }

    public convenience init(configuration: Configuration, name: String) throws {
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
