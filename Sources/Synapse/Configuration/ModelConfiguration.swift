import Foundation

/// Everything needed to rebuild a model without code: its layers and their hyper-parameters, the
/// graph of a functional model (which layer is called on which tensors), the compile settings, and
/// how far training got. Stored as JSON in a model file's metadata; the weights and optimizer state
/// are stored beside it as tensors.
struct ModelConfiguration: Codable {
    /// The file format this code writes; files from a newer version are refused. Version 2 adds
    /// functional models and several outputs; version 1 files (Sequential) read as before.
    static let currentFormatVersion = 2

    /// The oldest version that reads this configuration: 1 for a Sequential model with one loss.
    var formatVersion: Int { className == "Sequential" && compile?.losses == nil && compile?.lossWeights == nil ? 1 : 2 }

    /// A tensor of the graph: output `tensor` of call `node` of layer `layer` (an input: `node` 0).
    struct TensorReference: Codable, Equatable {
        var layer: String
        var node: Int
        var tensor: Int
    }

    /// One call of a layer, in the order the calls are replayed.
    struct NodeEntry: Codable {
        var layer: String
        var inputs: [TensorReference]
    }

    struct InputEntry: Codable {
        var name: String
        var shape: [Int]
    }

    struct LayerEntry: Codable {
        var type: String
        var name: String
        var config: [String: JSONValue]
        /// `false` for a frozen layer (Keras's `trainable`); absent otherwise.
        var trainable: Bool?

        init(_ layer: any Layer) {
            type = layer.typeName
            name = layer.name
            config = layer.configuration
            trainable = layer.parameters.isEmpty || layer.isTrainable ? nil : false
        }

        /// The layer, frozen when it was saved frozen.
        func make(source: String) throws -> any Layer {
            do {
                let layer = try LayerRegistry.make(type: type, name: name, configuration: config)
                if trainable == false { layer.isTrainable = false }
                return layer
            } catch let error as SynapseError {
                throw SynapseError.fileError("\(source): \(error.message)")
            }
        }
    }

    struct LossEntry: Codable {
        var name: String
        var fromLogits: Bool
        var custom: Bool?
        /// Written only when not Keras's default (`sum_over_batch_size`).
        var reduction: Loss.Reduction?
        enum CodingKeys: String, CodingKey { case name, fromLogits = "from_logits", custom, reduction }

        init(_ loss: Loss) {
            name = loss.name
            fromLogits = loss.fromLogits
            custom = loss.isCustom ? true : nil
            reduction = loss.reduction == .sumOverBatchSize ? nil : loss.reduction
        }

        func make(source: String) throws -> Loss {
            let loss = try LossRegistry.make(name: name, fromLogits: fromLogits, custom: custom == true, source: source)
            return loss.reduced(by: reduction ?? .sumOverBatchSize)
        }
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
        /// The first output's loss and metrics (all that version 1 files have).
        var loss: LossEntry
        var optimizer: OptimizerEntry
        var metrics: [MetricEntry]
        /// Every output's loss, weight and metrics (version 2).
        var losses: [LossEntry]?
        var lossWeights: [Float]?
        var outputMetrics: [[MetricEntry]]?
        enum CodingKeys: String, CodingKey {
            case loss, optimizer, metrics, losses, lossWeights = "loss_weights", outputMetrics = "output_metrics"
        }
    }

    var className = "Sequential"
    var name: String
    var seed: UInt64
    var inputShape: [Int]?
    var layers: [LayerEntry]
    /// A functional model's inputs, calls and outputs.
    var inputs: [InputEntry]?
    var nodes: [NodeEntry]?
    var outputs: [TensorReference]?
    var compile: CompileEntry?
    var epoch: Int

    enum CodingKeys: String, CodingKey {
        case className = "class_name", name, seed, inputShape = "input_shape", layers, inputs, nodes, outputs, compile, epoch
    }

    /// The configuration of `model` as it is now.
    init(of model: Model) throws {
        name = model.name
        seed = model.seed
        layers = model.layers.map(LayerEntry.init)
        epoch = model.epochsTrained
        if let sequential = model as? Sequential {
            inputShape = sequential.inputShape
        } else {
            className = "Functional"
            let graph = try model.currentGraph()
            inputs = graph.inputs.map { InputEntry(name: $0.name, shape: $0.shape) }
            var callIndex: [ObjectIdentifier: Int] = [:]
            var references: [ObjectIdentifier: TensorReference] = [:]
            for input in graph.inputs { references[ObjectIdentifier(input)] = TensorReference(layer: input.name, node: 0, tensor: 0) }
            var entries: [NodeEntry] = []
            for node in graph.layerNodes {
                let index = callIndex[ObjectIdentifier(node.layer), default: 0]
                callIndex[ObjectIdentifier(node.layer)] = index + 1
                entries.append(NodeEntry(layer: node.layer.name, inputs: node.callInputs.map { references[ObjectIdentifier($0)]! }))
                for (k, output) in node.outputs.enumerated() {
                    references[ObjectIdentifier(output)] = TensorReference(layer: node.layer.name, node: index, tensor: k)
                }
            }
            nodes = entries
            outputs = graph.outputs.map { references[ObjectIdentifier($0)]! }
        }
        if let settings = model.compiled {
            func metricEntries(_ metrics: [Metric]) -> [MetricEntry] {
                metrics.map { metric in
                    MetricEntry(name: metric.name, config: metric.configuration.isEmpty ? nil : metric.configuration,
                                custom: metric.isBuiltIn ? nil : true)
                }
            }
            compile = CompileEntry(
                loss: LossEntry(settings.loss),
                optimizer: OptimizerEntry(name: settings.optimizer.name, config: settings.optimizer.configuration,
                                          iterations: settings.optimizer.iterations),
                metrics: metricEntries(settings.metrics),
                losses: settings.losses.count > 1 ? settings.losses.map(LossEntry.init) : nil,
                lossWeights: settings.lossWeights.allSatisfy({ $0 == 1 }) ? nil : settings.lossWeights,
                outputMetrics: settings.losses.count > 1 ? settings.outputMetrics.map(metricEntries) : nil)
        }
    }

    /// A new model with these layers and compile settings (weights freshly initialised).
    func makeModel(source: String) throws -> Model {
        guard epoch >= 0 else {
            throw SynapseError.fileError("\(source): the epoch reached must be ≥ 0, found \(epoch)")
        }
        let model: Model
        switch className {
        case "Sequential": model = try makeSequential(source: source)
        case "Functional": model = try makeFunctional(source: source)
        default:
            throw SynapseError.fileError("\(source): unsupported model class '\(className)' (expected Sequential or Functional)")
        }
        if let compile {
            let optimizer = try OptimizerRegistry.make(name: compile.optimizer.name, configuration: compile.optimizer.config)
            guard compile.optimizer.iterations >= 0 else {
                throw SynapseError.fileError("\(source): optimizer iterations must be ≥ 0, found \(compile.optimizer.iterations)")
            }
            optimizer.iterations = compile.optimizer.iterations
            let losses = try (compile.losses ?? [compile.loss]).map { try $0.make(source: source) }
            let metrics = try (compile.outputMetrics ?? [compile.metrics]).map { list in
                try list.map { try ModelConfiguration.metric($0, source: source) }
            }
            do {
                try model.compile(losses: losses, lossWeights: compile.lossWeights, optimizer: optimizer, metrics: metrics)
            } catch let error as SynapseError {
                throw SynapseError.fileError("\(source): \(error.message)")
            }
        }
        model.epochsTrained = epoch
        return model
    }

    private func makeSequential(source: String) throws -> Sequential {
        let model = Sequential(name: name, seed: seed)
        if let inputShape {
            guard inputShape.allSatisfy({ $0 > 0 && $0 < 1 << 30 }) else {
                throw SynapseError.fileError("\(source): invalid input shape \(inputShape)")
            }
            try model.add(Input(shape: inputShape))
        }
        for entry in layers {
            try model.add(try entry.make(source: source))
        }
        return model
    }

    private func makeFunctional(source: String) throws -> Model {
        guard let inputs, let nodes, let outputs else {
            throw SynapseError.fileError("\(source): a functional model needs 'inputs', 'nodes' and 'outputs' in its configuration")
        }
        var layerByName: [String: any Layer] = [:]
        for entry in layers {
            guard layerByName[entry.name] == nil else {
                throw SynapseError.fileError("\(source): two layers are named '\(entry.name)'")
            }
            layerByName[entry.name] = try entry.make(source: source)
        }
        var tensors: [String: [[SymbolicTensor]]] = [:]
        var inputTensors: [Input] = []
        for entry in inputs {
            guard entry.shape.allSatisfy({ $0 > 0 && $0 < 1 << 30 }), tensors[entry.name] == nil else {
                throw SynapseError.fileError("\(source): invalid or repeated input '\(entry.name)' of shape \(entry.shape)")
            }
            let input = Input(shape: entry.shape, name: entry.name)
            inputTensors.append(input)
            tensors[entry.name] = [[input]]
        }
        func resolve(_ reference: TensorReference) throws -> SymbolicTensor {
            guard let calls = tensors[reference.layer], reference.node >= 0, reference.node < calls.count,
                  reference.tensor >= 0, reference.tensor < calls[reference.node].count else {
                throw SynapseError.fileError("\(source): the graph refers to tensor \(reference.tensor) of call \(reference.node) of '\(reference.layer)', which comes later or does not exist")
            }
            return calls[reference.node][reference.tensor]
        }
        for node in nodes {
            guard let layer = layerByName[node.layer] else {
                throw SynapseError.fileError("\(source): the graph calls the unknown layer '\(node.layer)'")
            }
            let outputs = try layer.callReturningAll(try node.inputs.map(resolve))
            tensors[node.layer, default: []].append(outputs)
        }
        return try Model(inputs: inputTensors, outputs: try outputs.map(resolve), name: name, seed: seed)
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
        } catch let error as DecodingError {
            throw SynapseError.fileError("\(source): \(ConfigurationDecodingError.message(for: error, in: text))")
        } catch {
            throw SynapseError.fileError("\(source): the model configuration is not valid: \(error)")
        }
    }
}
