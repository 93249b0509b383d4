/// What the wrapper layers (``TimeDistributed``, ``Bidirectional``) share: the wrapped layer's name
/// and saved form, its parameters' names, and the buffers through which a wrapper runs the wrapped
/// layer's kernels.
enum WrappedLayers {
    /// `layer`'s name, or Keras's default for its type (`dense` for a `Dense`) when it has none.
    static func defaultName(of layer: any Layer) -> String {
        layer.name.isEmpty ? LayerNames.snakeCase(layer.typeName) : layer.name
    }

    /// A wrapped layer as Keras saves one: `{"class_name": "Dense", "config": {…, "name": "dense"}}`.
    static func configurationValue(of layer: any Layer) -> JSONValue {
        var config = layer.configuration
        config["name"] = .string(layer.name)
        return .object(["class_name": .string(layer.typeName), "config": .object(config)])
    }

    /// Rebuilds a wrapped layer saved under `key` of `configuration` (Keras's form, as
    /// ``configurationValue(of:)`` writes it), through the layer registry.
    static func layer(_ key: String, of configuration: Configuration) throws -> any Layer {
        guard case .object(let entry)? = configuration[key], case .string(let type)? = entry["class_name"] else {
            throw SynapseError.fileError("\(configuration.owner): configuration needs a layer '\(key)' as {\"class_name\": …, \"config\": {…}}, found \(configuration[key].map { "\($0)" } ?? "nothing")")
        }
        var values: [String: JSONValue] = [:]
        switch entry["config"] {
        case .object(let config)?: values = config
        case nil, .null?: break
        case let other?:
            throw SynapseError.fileError("\(configuration.owner): the config of layer '\(key)' must be an object, found \(other)")
        }
        var name = ""
        if case .string(let saved)? = values["name"] { name = saved }
        values["name"] = nil
        do {
            let layer = try LayerRegistry.make(type: type, name: name, configuration: values)
            if case .bool(false)? = values["trainable"] { layer.isTrainable = false }
            return layer
        } catch let error as SynapseError {
            throw SynapseError.fileError("\(configuration.owner): layer '\(key)': \(error.message)")
        }
    }

    /// Gives the parameters of `layer` (just built inside `wrapper`) names under the wrapped layer's
    /// name — `dense.kernel`, as Keras's `time_distributed/dense/kernel` — and freezes them when the
    /// wrapper was frozen before it was built.
    static func adopt(_ layer: any Layer, into wrapper: any Layer) {
        for parameter in layer.parameters where !parameter.name.hasPrefix("\(layer.name).") {
            parameter.name = "\(layer.name).\(parameter.name)"
        }
        if !LayerTrainability.isTrainable(wrapper) { layer.isTrainable = false }
    }
}

extension StepBuffers {
    /// Buffers with no addresses yet, which a wrapper points at its own step's before each run.
    static func unbound() -> StepBuffers {
        StepBuffers(inputs: [], outputs: [], outputGradients: [], inputGradients: [], accumulatesInputGradient: [], parameters: [],
                    parameterGradients: [], accumulatesParameterGradients: false, scratch: [])
    }

    /// Points these buffers at `other`'s, for `rows` rows (the wrapped layer's view of a wrapper's step).
    func bind(to other: StepBuffers, rows: Int) {
        self.rows = rows
        inputs = other.inputs
        outputs = other.outputs
        outputGradients = other.outputGradients
        inputGradients = other.inputGradients
        accumulatesInputGradient = other.accumulatesInputGradient
        parameters = other.parameters
        parameterGradients = other.parameterGradients
        accumulatesParameterGradients = other.accumulatesParameterGradients
        scratch = other.scratch
    }
}
