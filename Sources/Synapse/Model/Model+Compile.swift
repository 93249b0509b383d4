/// The losses, optimizer and metrics a model was compiled with.
public struct CompiledSettings {
    /// The loss of each output, minimised by `fit`.
    public let losses: [Loss]
    /// The weight of each output's loss in the total.
    public let lossWeights: [Float]
    /// The optimizer that updates the parameters.
    public let optimizer: any Optimizer
    /// The metrics reported for each output.
    public let outputMetrics: [[Metric]]

    /// The loss of the first output.
    public var loss: Loss { losses[0] }
    /// The metrics of the first output.
    public var metrics: [Metric] { outputMetrics[0] }
}

extension Model {
    /// Sets the loss, the optimizer and the metrics for training and evaluation. With several
    /// outputs the loss and metrics apply to each.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if two metrics have the same name, a metric is
    ///   named `loss` or `val_…` or nothing, or a metric's hyper-parameters are invalid (`k` < 1, …).
    public func compile(loss: Loss, optimizer: any Optimizer, metrics: [Metric] = []) throws {
        let count = max(outputs.count, 1)
        try compile(losses: Array(repeating: loss, count: count), optimizer: optimizer,
                    metrics: Array(repeating: metrics, count: count))
    }

    /// Compiles a model with several outputs: a loss per output (in the order of ``outputs``), their
    /// weights in the total loss (1 each by default) and the metrics of each output.
    public func compile(losses: [Loss], lossWeights: [Float]? = nil, optimizer: any Optimizer, metrics: [[Metric]]? = nil) throws {
        let outputCount = isBuiltForCompile ? outputs.count : losses.count
        guard losses.count == outputCount else {
            throw SynapseError.invalidArgument("compile: the model has \(outputCount) outputs (\(outputNames.joined(separator: ", "))), found \(losses.count) losses")
        }
        if let perSample = losses.first(where: { $0.reduction == .none }) {
            throw SynapseError.invalidArgument("compile: the loss \(perSample.name) has reduction 'none', which gives one value per sample; training needs one value, so use .sumOverBatchSize (the default) or .sum")
        }
        let weights = lossWeights ?? Array(repeating: 1, count: losses.count)
        guard weights.count == losses.count, weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw SynapseError.invalidArgument("compile: expected \(losses.count) finite loss weights ≥ 0, found \(weights)")
        }
        let metrics = metrics ?? Array(repeating: [], count: losses.count)
        guard metrics.count == losses.count else {
            throw SynapseError.invalidArgument("compile: expected a list of metrics for each of the \(losses.count) outputs, found \(metrics.count) lists")
        }
        for list in metrics {
            var seen = Set<String>()
            for metric in list {
                guard !metric.name.isEmpty, metric.name != "loss", !metric.name.hasPrefix("val_") else {
                    throw SynapseError.invalidArgument("compile: a metric cannot be named '\(metric.name)' (the name is empty or used by the loss or validation logs)")
                }
                guard seen.insert(metric.name).inserted else {
                    throw SynapseError.invalidArgument("compile: metric \(metric.name) is listed twice")
                }
                try metric.function.validate()
            }
        }
        try optimizer.validate()
        compiled = CompiledSettings(losses: losses, lossWeights: weights, optimizer: optimizer, outputMetrics: metrics)
        engine.invalidate()
    }

    /// Compiles a model with several outputs, naming them by their layer names (as Keras's dicts).
    /// Every output needs a loss; give one that is not to be trained a weight of 0.
    public func compile(losses: [String: Loss], lossWeights: [String: Float] = [:], optimizer: any Optimizer,
                        metrics: [String: [Metric]] = [:]) throws {
        let names = outputNames
        for key in Set(losses.keys).union(lossWeights.keys).union(metrics.keys) where !names.contains(key) {
            throw SynapseError.invalidArgument("compile: no output is named '\(key)'; the outputs are \(names.joined(separator: ", "))")
        }
        let missing = names.filter { losses[$0] == nil }
        guard missing.isEmpty else {
            throw SynapseError.invalidArgument("compile: no loss for the output\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); every output needs a loss (give one that is not to be trained a loss weight of 0)")
        }
        try compile(losses: names.map { losses[$0]! }, lossWeights: names.map { lossWeights[$0] ?? 1 },
                    optimizer: optimizer, metrics: names.map { metrics[$0] ?? [] })
    }

    /// Whether the outputs are known (a ``Sequential`` without an input shape does not know them yet:
    /// it then has one output).
    private var isBuiltForCompile: Bool { (try? currentGraph()) != nil }

    /// The compiled settings, or an error saying `compile` is needed before `operation`.
    func requireCompiled(for operation: String) throws -> CompiledSettings {
        guard let compiled else {
            throw SynapseError.invalidState("\(name).\(operation): the model must be compiled first (call compile(loss:optimizer:metrics:))")
        }
        return compiled
    }

    /// The sum of the layers' ``Layer/regularizationLoss`` (Keras's `model.losses`), recording its
    /// gradient when the parameters are watched; `nil` when no layer adds a penalty.
    ///
    /// `fit` and `evaluate` add it to the loss they minimise and report, as Keras does for both.
    public var regularizationLoss: Tensor? {
        get throws {
            var total: Tensor?
            for layer in layers {
                guard let penalty = try layer.regularizationLoss else { continue }
                total = try total.map { try $0 + penalty } ?? penalty
            }
            return total
        }
    }
}
