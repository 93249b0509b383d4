/// A model's weights as a list and its layers by name, as Keras users reach for them.
extension Model {
    /// The value of every parameter, in Keras's order: layer by layer, each layer's weights in the
    /// order it creates them (a Dense layer's kernel, then its bias) — Keras's `get_weights()`.
    public func getWeights() -> [Tensor] { parameters.map(\.value) }

    /// Sets every parameter from `weights`, in the order of ``getWeights()`` (Keras's
    /// `set_weights`). All counts and shapes are checked before any value changes.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` naming the parameter when the count or a shape differs.
    public func setWeights(_ weights: [Tensor]) throws {
        try Parameter.assign(weights, to: parameters, owner: "\(name).setWeights")
    }

    /// The layer named `layerName` (Keras's `get_layer(name)`).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` listing the layers' names when none has it.
    public func layer(named layerName: String) throws -> any Layer {
        guard let layer = layers.first(where: { $0.name == layerName }) else {
            throw SynapseError.invalidArgument("\(name): no layer is named '\(layerName)'; the layers are \(layers.map { "'\($0.name)'" }.joined(separator: ", "))")
        }
        return layer
    }

    /// The number of values in all parameters, trainable or not (Keras's `count_params()`).
    public func countParameters() -> Int { parameters.reduce(0) { $0 + $1.count } }
}

extension Layer {
    /// The value of each of the layer's parameters, in the order it creates them (Keras's
    /// `layer.get_weights()`); empty before the layer is built.
    public func getWeights() -> [Tensor] { parameters.map(\.value) }

    /// Sets the layer's parameters from `weights`, in the order of ``getWeights()``, checking the
    /// count and every shape before any value changes (Keras's `layer.set_weights`).
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` naming the parameter when the count or a shape differs.
    public func setWeights(_ weights: [Tensor]) throws {
        try Parameter.assign(weights, to: parameters, owner: "\(name).setWeights")
    }

    /// The number of values in the layer's parameters (Keras's `layer.count_params()`).
    public func countParameters() -> Int { parameters.reduce(0) { $0 + $1.count } }
}

extension Parameter {
    /// Assigns `values` to `parameters` one to one, after checking the count and every shape.
    static func assign(_ values: [Tensor], to parameters: [Parameter], owner: String) throws {
        guard values.count == parameters.count else {
            throw SynapseError.shapeMismatch("\(owner): expected \(parameters.count) tensors (\(parameters.map(\.path).joined(separator: ", "))), found \(values.count)")
        }
        for (index, (parameter, value)) in zip(parameters, values).enumerated() where value.shape != parameter.shape {
            throw SynapseError.shapeMismatch("\(owner): tensor \(index) is for '\(parameter.path)' of shape \(parameter.shape), found shape \(value.shape)")
        }
        for (parameter, value) in zip(parameters, values) { try parameter.assign(value.detached) }
    }
}
