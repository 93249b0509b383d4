import Foundation

/// Everything needed to rebuild a ``Sequential`` model without code: its layers and their
/// hyper-parameters, the compile settings, and how far training got. Stored as JSON in a model
/// file's metadata; the weights and optimizer state are stored beside it as tensors.
struct ModelConfiguration: Codable {
    /// The file format this code writes; files from a newer version are refused.
    static let currentFormatVersion = 1

    struct LayerEntry: Codable {
        var type: String
        var name: String
        var config: [String: JSONValue]
    }

    struct LossEntry: Codable {
        var name: String
        var fromLogits: Bool
        enum CodingKeys: String, CodingKey { case name, fromLogits = "from_logits" }
    }

    struct OptimizerEntry: Codable {
        var name: String
        /// Hyper-parameters under Keras's names; a scheduled learning rate is an object (files from
        /// before schedules hold numbers only, which read the same).
        var config: [String: JSONValue]
        var iterations: Int
    }

    /// A metric, saved by name with its hyper-parameters. Built-in metrics are restored by name;
    /// a custom metric (`custom: true`) cannot be rebuilt from the file, and loading says so.
    struct MetricEntry: Codable {
        var name: String
        var config: [String: JSONValue]?
        var custom: Bool?
        /// Binary accuracy's threshold in files written before `config` (read only).
        var threshold: Float?
    }

    struct CompileEntry: Codable {
        var loss: LossEntry
        var optimizer: OptimizerEntry
        var metrics: [MetricEntry]
    }

    var className = "Sequential"
    var name: String
    var seed: UInt64
    var inputShape: [Int]?
    var layers: [LayerEntry]
    var compile: CompileEntry?
    var epoch: Int

    enum CodingKeys: String, CodingKey {
        case className = "class_name", name, seed, inputShape = "input_shape", layers, compile, epoch
    }

    /// The configuration of `model` as it is now.
    init(of model: Sequential) {
        name = model.name
        seed = model.seed
        inputShape = model.inputShape
        layers = model.layers.map { LayerEntry(type: $0.typeName, name: $0.name, config: $0.configuration) }
        epoch = model.epochsTrained
        if let settings = model.compiled {
            compile = CompileEntry(
                loss: LossEntry(name: settings.loss.kind.rawValue, fromLogits: settings.loss.fromLogits),
                optimizer: OptimizerEntry(name: settings.optimizer.name, config: settings.optimizer.configuration,
                                          iterations: settings.optimizer.iterations),
                metrics: settings.metrics.map { metric in
                    MetricEntry(name: metric.name, config: metric.configuration.isEmpty ? nil : metric.configuration,
                                custom: metric.isBuiltIn ? nil : true)
                })
        }
    }

    /// A new model with these layers and compile settings (weights freshly initialised).
    func makeModel(source: String) throws -> Sequential {
        guard className == "Sequential" else {
            throw SynapseError.fileError("\(source): unsupported model class '\(className)' (expected Sequential)")
        }
        guard epoch >= 0 else {
            throw SynapseError.fileError("\(source): the epoch reached must be ≥ 0, found \(epoch)")
        }
        let model = Sequential(name: name, seed: seed)
        if let inputShape {
            guard inputShape.allSatisfy({ $0 > 0 && $0 < 1 << 30 }) else {
                throw SynapseError.fileError("\(source): invalid input shape \(inputShape)")
            }
            try model.add(Input(shape: inputShape))
        }
        for entry in layers {
            try model.add(try LayerRegistry.make(type: entry.type, name: entry.name, configuration: entry.config))
        }
        if let compile {
            guard let kind = Loss.Kind(rawValue: compile.loss.name) else {
                throw SynapseError.fileError("\(source): unknown loss '\(compile.loss.name)'")
            }
            let optimizer = try OptimizerRegistry.make(name: compile.optimizer.name, configuration: compile.optimizer.config)
            guard compile.optimizer.iterations >= 0 else {
                throw SynapseError.fileError("\(source): optimizer iterations must be ≥ 0, found \(compile.optimizer.iterations)")
            }
            optimizer.iterations = compile.optimizer.iterations
            let metrics = try compile.metrics.map { try ModelConfiguration.metric($0, source: source) }
            try model.compile(loss: Loss(kind: kind, fromLogits: compile.loss.fromLogits), optimizer: optimizer, metrics: metrics)
        }
        model.epochsTrained = epoch
        return model
    }

    private static func metric(_ entry: MetricEntry, source: String) throws -> Metric {
        if entry.custom == true {
            throw SynapseError.fileError("\(source): the model was compiled with the custom metric '\(entry.name)', which cannot be rebuilt from a file; build and compile the model in code (with that metric) and call loadWeights(from:)")
        }
        let legacy: [String: JSONValue] = entry.threshold.map { ["threshold": .number(Double($0))] } ?? [:]
        return try MetricRegistry.make(name: entry.name, configuration: entry.config ?? legacy, source: source)
    }

    /// The configuration as compact JSON text.
    func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a configuration from JSON text, naming `source` in errors.
    static func decode(_ text: String, source: String) throws -> ModelConfiguration {
        do {
            return try JSONDecoder().decode(ModelConfiguration.self, from: Data(text.utf8))
        } catch let error as SynapseError {
            throw error
        } catch {
            throw SynapseError.fileError("\(source): the model configuration is not valid: \(error)")
        }
    }
}
