/// The configuration of the convolution layers in Keras's keys, read and written.
extension ConvolutionCore {
    /// The configuration in Keras's keys, lists where Keras's `get_config()` gives tuples.
    var configuration: [String: JSONValue] {
        var values: [String: JSONValue] = [
            "filters": .number(Double(filters)), "kernel_size": .integers(kernelSize), "strides": .integers(strides),
            "padding": padding.configurationValue, "data_format": .string("channels_last"), "dilation_rate": .integers(dilationRate),
            "activation": activation.configurationValue, "use_bias": .bool(useBias),
            "kernel_initializer": kernelInitializer.configurationValue, "bias_initializer": biasInitializer.configurationValue,
            "kernel_regularizer": kernelRegularizer?.configurationValue ?? .null,
            "bias_regularizer": biasRegularizer?.configurationValue ?? .null,
        ]
        switch kind {
        case .convolution: values["groups"] = .number(Double(groups))
        case .transposed: values["output_padding"] = outputPadding.map(JSONValue.integers) ?? .null
        }
        return values
    }

    /// Reads a configuration in Keras's keys (a size may be a number or a list of `rank` numbers)
    /// and checks it.
    convenience init(kind: Kind, rank: Int, configuration c: Configuration) throws {
        let owner = c.owner
        try c.requireChannelsLast()
        let allowed: [Padding] = kind == .convolution && rank == 1 ? [.valid, .same, .causal] : [.valid, .same]
        let outputPadding: [Int]?
        if kind == .transposed, let value = c["output_padding"], value != .null {
            outputPadding = try Self.sizes(c, "output_padding", rank: rank, default: nil, minimum: 0)
        } else {
            outputPadding = nil
        }
        self.init(kind: kind, rank: rank,
                  filters: try c.int("filters", in: 1...1 << 24),
                  kernelSize: try Self.sizes(c, "kernel_size", rank: rank, default: nil),
                  strides: try Self.sizes(c, "strides", rank: rank, default: 1),
                  dilationRate: try Self.sizes(c, "dilation_rate", rank: rank, default: 1),
                  padding: try Padding(configurationValue: c["padding"], owner: owner, allowed: allowed),
                  groups: kind == .convolution ? try c.int("groups", default: 1, in: 1...1 << 24) : 1,
                  outputPadding: outputPadding,
                  activation: try Activation(configurationValue: c["activation"] ?? .string("linear"), owner: owner),
                  useBias: try c.bool("use_bias", default: true),
                  kernelInitializer: try Initializer(configurationValue: c["kernel_initializer"] ?? .string("glorot_uniform"),
                                                     owner: "\(owner) kernel_initializer"),
                  biasInitializer: try Initializer(configurationValue: c["bias_initializer"] ?? .string("zeros"),
                                                   owner: "\(owner) bias_initializer"),
                  kernelRegularizer: try Regularizer(configurationValue: c["kernel_regularizer"] ?? .null,
                                                     owner: "\(owner) kernel_regularizer"),
                  biasRegularizer: try Regularizer(configurationValue: c["bias_regularizer"] ?? .null,
                                                   owner: "\(owner) bias_regularizer"))
        do {
            try validate(name: owner)
        } catch let error as SynapseError {
            throw SynapseError.fileError(error.message)
        }
    }

    /// A size under `key`: one number (for every axis) or a list of `rank` numbers, each in
    /// `minimum…sizeLimit`.
    static func sizes(_ c: Configuration, _ key: String, rank: Int, default defaultValue: Int?, minimum: Int = 1) throws -> [Int] {
        try c.spatialSizes(key, count: rank, default: defaultValue.map { [Int](repeating: $0, count: rank) }, in: minimum...sizeLimit)
    }
}
