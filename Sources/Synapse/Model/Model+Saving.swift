/// Saving and loading whole models and their weights as one `.safetensors` file.
///
/// Tensors are stored under stable names — `dense_1.kernel`, `dense_1.bias` — and the optimizer's
/// state under `optimizer/<slot>/<parameter>` (for example `optimizer/m/dense.kernel`). The metadata
/// holds the format name and version and the model's JSON configuration (layers, compile settings,
/// optimizer hyper-parameters and step count, epoch reached), so a model is rebuilt without code.
extension Model {
    /// The metadata key for the format name, and its value.
    static let formatKey = "format", formatName = "synapse"
    /// The metadata key for the format version.
    static let formatVersionKey = "format_version"
    /// The metadata key for the model's JSON configuration.
    static let configurationKey = "model_config"
    /// The prefix of optimizer state tensors.
    static let optimizerPrefix = "optimizer/"

    /// The metadata keys Synapse itself writes into a model file (`format`, `format_version`,
    /// `model_config`); ``save(to:metadata:)`` refuses them as keys of your own.
    public static let reservedMetadataKeys: Set<String> = [formatKey, formatVersionKey, configurationKey]

    /// Saves the model — configuration, weights and optimizer state — to one safetensors file.
    ///
    /// The file is written to a temporary name in the same folder and renamed, so a crash or a full
    /// disk never leaves a half-written model behind.
    ///
    /// - Parameter metadata: extra string entries to store in the file's metadata beside Synapse's
    ///   own — class names, column names, where the data came from. ``readMetadata(from:)`` reads
    ///   them back; any safetensors reader sees them in `__metadata__`.
    ///
    /// ```swift
    /// try model.save(to: "iris.safetensors", metadata: ["classes": "setosa,versicolor,virginica"])
    /// let extra = try Model.readMetadata(from: "iris.safetensors")   // ["classes": "setosa,…"]
    /// ```
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if a metadata key is one of
    ///   ``reservedMetadataKeys``; ``SynapseError/invalidState(_:)`` if the model is not built;
    ///   ``SynapseError/fileError(_:)`` if the file cannot be written.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        let clashes = metadata.keys.filter(Model.reservedMetadataKeys.contains).sorted()
        guard clashes.isEmpty else {
            let reserved = Model.reservedMetadataKeys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw SynapseError.invalidArgument("\(name).save(to: '\(path)'): the metadata key\(clashes.count == 1 ? "" : "s") \(clashes.map { "'\($0)'" }.joined(separator: ", ")) \(clashes.count == 1 ? "is" : "are") Synapse's own; choose keys other than \(reserved)")
        }
        guard (try? currentGraph()) != nil else {
            throw SynapseError.invalidState("\(name).save(to: '\(path)'): the model is not built yet (its input shape is unknown)")
        }
        var tensors: [String: Tensor] = [:]
        var order: [String] = []
        for parameter in parameters {
            tensors[parameter.path] = parameter.value
            order.append(parameter.path)
        }
        if let optimizer = compiled?.optimizer {
            let state = optimizer.stateTensors(for: trainableParameters)
            for key in state.keys.sorted() {
                tensors[Model.optimizerPrefix + key] = state[key]
                order.append(Model.optimizerPrefix + key)
            }
        }
        let configuration = try ModelConfiguration(of: self)
        var stored = metadata
        stored[Model.formatKey] = Model.formatName
        stored[Model.formatVersionKey] = String(configuration.formatVersion)
        stored[Model.configurationKey] = try configuration.jsonString()
        try SafeTensorsFile(tensors: tensors, order: order, metadata: stored).write(to: path)
    }

    /// The metadata a model file was saved with through ``save(to:metadata:)``: every entry except
    /// Synapse's own (``reservedMetadataKeys``). Empty for a file saved without any.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file if it cannot be read, is not a
    ///   safetensors file, or is not a Synapse model.
    public static func readMetadata(from path: String) throws -> [String: String] {
        let file = try SafeTensorsFile.read(from: path)
        try requireSynapseFormat(file, source: "model file '\(path)'")
        return file.metadata.filter { !reservedMetadataKeys.contains($0.key) }
    }

    /// Throws unless `file`'s metadata names the Synapse format.
    private static func requireSynapseFormat(_ file: SafeTensorsFile, source: String) throws {
        guard file.metadata[formatKey] == formatName else {
            throw SynapseError.fileError("\(source): not a Synapse model (metadata '\(formatKey)' is \(file.metadata[formatKey].map { "'\($0)'" } ?? "missing"), expected '\(formatName)')")
        }
    }

    /// Loads a model saved by ``save(to:metadata:)``: it is rebuilt from its configuration, compiled as it was,
    /// and given its weights and optimizer state, ready to `predict` or to continue `fit` with
    /// `initialEpoch: model.epochsTrained`.
    ///
    /// `Model.load` reads any model file; `Sequential.load` reads files of ``Sequential`` models.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file and the problem: missing, malformed or
    ///   not a regular file (a FIFO is refused without being opened), a weights-only file (use
    ///   ``loadWeights(from:)``), a newer format version, a configuration value a layer or optimizer
    ///   refuses, an unknown layer type (register custom ones with ``LayerRegistry/register(_:as:)``),
    ///   a tensor missing or of the wrong shape, or a functional model read as a `Sequential`. The
    ///   weights the configuration declares are checked against the file's tensors as each layer
    ///   declares them, before anything is allocated, so a small file cannot make the model allocate
    ///   more than the file holds.
    public class func load(from path: String) throws -> Self {
        let file = try SafeTensorsFile.read(from: path)
        let source = "model file '\(path)'"
        try requireSynapseFormat(file, source: source)
        if file.metadata[configurationKey] == nil && file.metadata[formatVersionKey] == nil {
            throw SynapseError.fileError("\(source): the file holds only weights (it was written by saveWeights(to:)), not a model; build the model in code and call loadWeights(from:) on it")
        }
        guard let versionText = file.metadata[formatVersionKey], let version = Int(versionText), version >= 1 else {
            throw SynapseError.fileError("\(source): missing or invalid '\(formatVersionKey)' in the metadata")
        }
        guard version <= ModelConfiguration.currentFormatVersion else {
            throw SynapseError.fileError("\(source): format version \(version) is newer than this Synapse reads (\(ModelConfiguration.currentFormatVersion)); update Synapse")
        }
        guard let text = file.metadata[configurationKey] else {
            throw SynapseError.fileError("\(source): the metadata has no '\(configurationKey)'")
        }
        // The configuration may declare any weights: they are checked against the file's tensors as
        // the layers declare them, before they are allocated. Whatever fails while the model is
        // rebuilt (a layer refusing a value when it is built) is an error of the file.
        let weightShapes = file.tensors.filter { !$0.key.hasPrefix(optimizerPrefix) }.mapValues(\.shape)
        let limits = DeclaredWeightLimits(shapes: weightShapes, source: source)
        let made: Model
        do {
            made = try DeclaredWeightLimits.$active.withValue(limits) {
                try ModelConfiguration.decode(text, source: source).makeModel(source: source)
            }
        } catch let error as SynapseError {
            throw error.asFileError(of: source)
        }
        guard let model = made as? Self else {
            throw SynapseError.fileError("\(source): the file holds a functional model, not a Sequential; load it with Model.load(from:)")
        }
        guard (try? model.currentGraph()) != nil else {
            throw SynapseError.fileError("\(source): the configuration has no input shape, so the model cannot be built")
        }
        try model.assignWeights(from: file, source: source)
        if let optimizer = model.compiled?.optimizer {
            var state: [String: Tensor] = [:]
            for (name, tensor) in file.tensors where name.hasPrefix(optimizerPrefix) {
                state[String(name.dropFirst(optimizerPrefix.count))] = tensor
            }
            do {
                try optimizer.loadStateTensors(state, for: model.trainableParameters)
            } catch let error as SynapseError {
                throw error.asFileError(of: source)
            }
        }
        return model
    }

    /// Saves only the weights, under their stable names.
    public func saveWeights(to path: String) throws {
        guard (try? currentGraph()) != nil else {
            throw SynapseError.invalidState("\(name).saveWeights(to: '\(path)'): the model is not built yet (its input shape is unknown)")
        }
        let tensors = Dictionary(uniqueKeysWithValues: parameters.map { ($0.path, $0.value) })
        try SafeTensorsFile(tensors: tensors, order: parameters.map(\.path),
                            metadata: [Model.formatKey: Model.formatName]).write(to: path)
    }

    /// Loads weights by name into this (built) model: every parameter must be present with its shape.
    /// Extra tensors in the file are ignored, so a full model file works too.
    public func loadWeights(from path: String) throws {
        guard (try? currentGraph()) != nil else {
            throw SynapseError.invalidState("\(name).loadWeights(from: '\(path)'): build the model first (start it with Input(…))")
        }
        try assignWeights(from: try SafeTensorsFile.read(from: path), source: "weights file '\(path)'")
    }

    /// Copies every parameter's tensor from `file`, checking all names and shapes before changing any.
    private func assignWeights(from file: SafeTensorsFile, source: String) throws {
        for parameter in parameters {
            guard let tensor = file.tensors[parameter.path] else {
                throw SynapseError.fileError("\(source): tensor '\(parameter.path)' is missing")
            }
            guard tensor.shape == parameter.value.shape else {
                throw SynapseError.fileError("\(source): tensor '\(parameter.path)' has shape \(tensor.shape), expected \(parameter.value.shape)")
            }
        }
        for parameter in parameters { try parameter.assign(file.tensors[parameter.path]!.detached) }
    }
}
