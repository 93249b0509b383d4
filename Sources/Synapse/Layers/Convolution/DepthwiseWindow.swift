/// The window hyper-parameters that ``DepthwiseConv1D``, ``DepthwiseConv2D`` and ``SeparableConv2D``
/// share — kernel size, strides, padding, dilation and depth multiplier — with their configuration
/// keys (Keras's), their checks, the window geometry of an input and the tape form of the depthwise
/// product. A 1-D window is a 2-D one whose height is ``WindowAxis/single``.
struct DepthwiseWindow: Sendable, Equatable {
    /// Spatial axes: 1 (`[steps, channels]` samples) or 2 (`[height, width, channels]`).
    let rank: Int
    /// Kernel height and width.
    let kernelSize: [Int]
    /// Strides along height and width.
    let strides: [Int]
    let padding: Padding
    /// Filters per input channel.
    let depthMultiplier: Int
    /// Dilation along height and width.
    let dilationRate: [Int]

    /// The largest kernel size, stride, dilation or depth multiplier a layer accepts.
    static let largest = 1 << 16

    init(rank: Int = 2, kernelSize: [Int], strides: [Int], padding: Padding, depthMultiplier: Int, dilationRate: [Int]) {
        self.rank = rank
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.depthMultiplier = depthMultiplier
        self.dilationRate = dilationRate
    }

    /// Reads `kernel_size`, `strides`, `padding`, `depth_multiplier`, `dilation_rate` and
    /// `data_format` (which must be `channels_last` or absent) as Keras names them; each size may be a
    /// number or a list of two.
    init(rank: Int = 2, configuration: Configuration) throws {
        try configuration.requireChannelsLast()
        self.init(rank: rank, kernelSize: try Self.sizes("kernel_size", rank: rank, in: configuration, default: nil),
                  strides: try Self.sizes("strides", rank: rank, in: configuration, default: 1),
                  padding: try Padding(configurationValue: configuration["padding"], owner: configuration.owner, allowed: [.valid, .same]),
                  depthMultiplier: try configuration.int("depth_multiplier", default: 1, in: 1...Self.largest),
                  dilationRate: try Self.sizes("dilation_rate", rank: rank, in: configuration, default: 1))
    }

    /// `rank` sizes under `key`: a number (used for every axis) or a list of `rank` numbers, each in
    /// 1…``largest``.
    private static func sizes(_ key: String, rank: Int, in configuration: Configuration, default defaultValue: Int?) throws -> [Int] {
        try configuration.spatialSizes(key, count: rank, default: defaultValue.map { [Int](repeating: $0, count: rank) }, in: 1...largest)
    }

    /// The configuration entries, saved as Keras's `get_config()` saves them (sizes as lists).
    var configurationValues: [String: JSONValue] {
        ["kernel_size": .integers(kernelSize), "strides": .integers(strides), "padding": padding.configurationValue,
                "depth_multiplier": .number(Double(depthMultiplier)), "dilation_rate": .integers(dilationRate),
                "data_format": .string("channels_last")]
    }

    /// Checks the hyper-parameters (`owner` names the layer in errors).
    func validate(owner: String) throws {
        for (label, sizes) in [("kernelSize", kernelSize), ("strides", strides), ("dilationRate", dilationRate)] {
            guard sizes.count == rank, sizes.allSatisfy({ (1...Self.largest).contains($0) }) else {
                throw SynapseError.invalidArgument("\(owner): \(label) must be \(rank == 1 ? "one whole number" : "two whole numbers (height, width)") in 1…\(Self.largest), found \(sizes)")
            }
        }
        guard (1...Self.largest).contains(depthMultiplier) else {
            throw SynapseError.invalidArgument("\(owner): depthMultiplier must be in 1…\(Self.largest), found \(depthMultiplier)")
        }
        guard padding != .causal else {
            throw SynapseError.invalidArgument("\(owner): padding must be 'valid' or 'same', found 'causal'")
        }
    }

    /// The names of a sample's axes, for error messages.
    private var sampleAxes: String { rank == 1 ? "[steps, channels]" : "[height, width, channels]" }

    /// The window over samples of `inputShape` (`[height, width, channels]`, or `[steps, channels]`
    /// in 1-D), after checking the shape and that the output and kernel sizes stay countable.
    func geometry(inputShape: [Int], owner: String) throws -> WindowGeometry {
        try validate(owner: owner)
        guard inputShape.count == rank + 1, inputShape.allSatisfy({ $0 >= 1 }) else {
            throw SynapseError.shapeMismatch("\(owner): expected samples of shape \(sampleAxes), found \(inputShape)")
        }
        let axes = try (0..<rank).map { i in
            try WindowAxis(input: inputShape[i], window: kernelSize[i], stride: strides[i], dilation: dilationRate[i], padding: padding, owner: owner)
        }
        let geometry = WindowGeometry(height: rank == 1 ? .single : axes[0], width: axes[rank - 1], channels: inputShape[rank])
        _ = try Shape.checkedCount([geometry.outputPositions, geometry.taps, inputShape[rank], depthMultiplier],
                                   what: "\(owner): a depthwise convolution of \(inputShape) with kernel \(kernelSize) and depth multiplier \(depthMultiplier) is too large",
                                   limit: 1 << 40)
        guard inputShape[rank] * depthMultiplier <= 1 << 24, geometry.taps * inputShape[rank] * depthMultiplier <= 1 << 28 else {
            throw SynapseError.invalidArgument("\(owner): \(inputShape[rank]) channels × depth multiplier \(depthMultiplier) with kernel \(kernelSize) is too large")
        }
        return geometry
    }

    /// The depthwise kernel's shape for `channels` inputs: `[kh, kw, channels, depthMultiplier]`
    /// (`[k, channels, depthMultiplier]` in 1-D).
    func kernelShape(channels: Int) -> [Int] { kernelSize + [channels, depthMultiplier] }

    /// The spatial sizes of an output sample (without its channels).
    func outputSizes(_ geometry: WindowGeometry) -> [Int] {
        rank == 1 ? [geometry.width.output] : [geometry.height.output, geometry.width.output]
    }

    /// The tape form of the depthwise product of `input` `[batch, height, width, channels]` with
    /// `kernel` `[kh, kw, channels, dm]` (or their 1-D forms): patches gathered by ``WindowGeometry/patchIndices(batch:)``
    /// into `[rows·positions, taps, channels, 1]`, times the kernel `[taps, channels, dm]`, summed over
    /// the taps. Returns `[batch·positions, channels·dm]` and the geometry.
    func tapeProduct(_ input: Tensor, kernel: Tensor, owner: String) throws -> (Tensor, WindowGeometry) {
        guard input.rank == rank + 2 else {
            throw SynapseError.shapeMismatch("\(owner): expected input of shape [batch, \(sampleAxes.dropFirst()), found \(input.shape)")
        }
        let channels = kernel.shape[rank]
        guard input.shape[rank + 1] == channels else {
            throw SynapseError.shapeMismatch("\(owner): expected \(channels) input channels, found input of shape \(input.shape)")
        }
        let geometry = try self.geometry(inputShape: Array(input.shape.dropFirst()), owner: owner)
        let rows = input.shape[0] * geometry.outputPositions, taps = geometry.taps
        let patches = try input.gathering(flatIndices: geometry.patchIndices(batch: input.shape[0]), shape: [rows, taps, channels, 1])
        let product = try (patches * kernel.reshaped([taps, channels, depthMultiplier])).sum(alongAxis: 1)
        return (try product.reshaped([rows, channels * depthMultiplier]), geometry)
    }
}
