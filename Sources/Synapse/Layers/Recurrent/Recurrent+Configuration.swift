/// The Keras configuration keys every recurrent layer shares (`units`, `activation`,
/// `recurrent_activation`, `use_bias`, the initializers and regularizers, `dropout`,
/// `recurrent_dropout`, `return_sequences`, `return_state`, `go_backwards`, `stateful`, `unroll`,
/// `zero_output_for_mask`, `seed`). A layer type adds its own keys (`unit_forget_bias`, `reset_after`).
extension Recurrent {
    /// The shared keys, with the values the layer was made with.
    var sharedConfiguration: [String: JSONValue] {
        var values: [String: JSONValue] = [
            "units": .number(Double(units)), "activation": activation.configurationValue, "use_bias": .bool(useBias),
            "kernel_initializer": kernelInitializer.configurationValue,
            "recurrent_initializer": recurrentInitializer.configurationValue,
            "bias_initializer": biasInitializer.configurationValue,
            "kernel_regularizer": kernelRegularizer?.configurationValue ?? .null,
            "recurrent_regularizer": recurrentRegularizer?.configurationValue ?? .null,
            "bias_regularizer": biasRegularizer?.configurationValue ?? .null,
            "dropout": .number(Double(dropout)), "recurrent_dropout": .number(Double(recurrentDropout)),
            "return_sequences": .bool(returnSequences), "return_state": .bool(returnState), "go_backwards": .bool(goBackwards),
            "stateful": .bool(stateful), "unroll": .bool(unroll), "zero_output_for_mask": .bool(zeroOutputForMask),
            "seed": .seed(seed),
        ]
        if cellUsesRecurrentActivation { values["recurrent_activation"] = recurrentActivation.configurationValue }
        return values
    }

    /// Sets what a configuration says beyond the initialiser's arguments (`zero_output_for_mask`).
    func applyConfiguration(_ configuration: Configuration) throws {
        zeroOutputForMask = try configuration.bool("zero_output_for_mask", default: false)
    }
}

extension RecurrentOptions {
    /// Reads the shared keys of a Keras (or Synapse) configuration, with Keras's defaults for the
    /// absent ones; `units` is required.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the layer for a missing or malformed value.
    init(configuration c: Configuration) throws {
        let owner = c.owner
        func initializer(_ key: String, _ fallback: String) throws -> Initializer {
            try Initializer(configurationValue: c[key] ?? .string(fallback), owner: "\(owner) \(key)")
        }
        func regularizer(_ key: String) throws -> Regularizer? {
            try Regularizer(configurationValue: c[key] ?? .null, owner: "\(owner) \(key)")
        }
        self.init(units: try c.int("units", in: 1...1 << 24))
        activation = try Activation(configurationValue: c["activation"] ?? .string("tanh"), owner: owner)
        recurrentActivation = try Activation(configurationValue: c["recurrent_activation"] ?? .string("sigmoid"), owner: owner)
        useBias = try c.bool("use_bias", default: true)
        kernelInitializer = try initializer("kernel_initializer", "glorot_uniform")
        recurrentInitializer = try initializer("recurrent_initializer", "orthogonal")
        biasInitializer = try initializer("bias_initializer", "zeros")
        kernelRegularizer = try regularizer("kernel_regularizer")
        recurrentRegularizer = try regularizer("recurrent_regularizer")
        biasRegularizer = try regularizer("bias_regularizer")
        dropout = try c.float("dropout", default: 0)
        recurrentDropout = try c.float("recurrent_dropout", default: 0)
        returnSequences = try c.bool("return_sequences", default: false)
        returnState = try c.bool("return_state", default: false)
        goBackwards = try c.bool("go_backwards", default: false)
        stateful = try c.bool("stateful", default: false)
        unroll = try c.bool("unroll", default: false)
        seed = try c.seed()
        for (key, rate) in [("dropout", dropout), ("recurrent_dropout", recurrentDropout)] where !(rate >= 0 && rate < 1) {
            throw SynapseError.fileError("\(owner): '\(key)' must be in [0, 1), found \(rate)")
        }
        guard !stateful else {
            throw SynapseError.fileError("\(owner): stateful recurrent layers are not supported ('stateful' must be false)")
        }
    }
}
