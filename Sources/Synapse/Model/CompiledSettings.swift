/// The loss, optimizer and metrics a model was compiled with.
public struct CompiledSettings {
    /// The loss minimised by `fit`.
    public let loss: Loss
    /// The optimizer that updates the parameters.
    public let optimizer: any Optimizer
    /// The metrics reported beside the loss.
    public let metrics: [Metric]
}

extension Sequential {
    /// Sets the loss, the optimizer and the metrics for training and evaluation.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if two metrics have the same name, a metric is
    ///   named `loss` or `val_…` or nothing, or a metric's hyper-parameters are invalid (`k` < 1, …).
    public func compile(loss: Loss, optimizer: any Optimizer, metrics: [Metric] = []) throws {
        var seen = Set<String>()
        for metric in metrics {
            guard !metric.name.isEmpty, metric.name != "loss", !metric.name.hasPrefix("val_") else {
                throw SynapseError.invalidArgument("compile: a metric cannot be named '\(metric.name)' (the name is empty or used by the loss or validation logs)")
            }
            guard seen.insert(metric.name).inserted else {
                throw SynapseError.invalidArgument("compile: metric \(metric.name) is listed twice")
            }
            try metric.function.validate()
        }
        try optimizer.validate()
        compiled = CompiledSettings(loss: loss, optimizer: optimizer, metrics: metrics)
    }

    /// The compiled settings, or an error saying `compile` is needed before `operation`.
    func requireCompiled(for operation: String) throws -> CompiledSettings {
        guard let compiled else {
            throw SynapseError.invalidState("\(name).\(operation): the model must be compiled first (call compile(loss:optimizer:metrics:))")
        }
        return compiled
    }

    /// The last layer and the loss it is trained with, when softmax/sigmoid output meets its
    /// cross-entropy: the loss is then computed from the logits (the fused, stable path).
    func fusedOutput(for loss: Loss) -> (layer: any ActivatedLayer, loss: Loss)? {
        guard let activation = loss.fusableActivation,
              let last = layers.last as? any ActivatedLayer, last.activation == activation else { return nil }
        return (last, loss.onLogits)
    }

    /// The loss on a batch and the model's predictions (probabilities), recording gradients when
    /// parameters are watched.
    func lossAndPredictions(_ x: Tensor, _ y: Tensor, settings: CompiledSettings, training: Bool) throws -> (loss: Tensor, predictions: Tensor) {
        try ensureBuilt(forBatch: x)
        if let (last, logitsLoss) = fusedOutput(for: settings.loss) {
            var h = x
            for layer in layers.dropLast() { h = try layer.forward(h, training: training) }
            let logits = try last.preActivation(h, training: training)
            let loss = try logitsLoss(logits, y)
            return (try addingRegularization(to: loss), try last.activation(logits.detached))
        }
        let predictions = try self(x, training: training)
        return (try addingRegularization(to: try settings.loss(predictions, y)), predictions.detached)
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

    /// `loss` plus the layers' regularisation penalties.
    private func addingRegularization(to loss: Tensor) throws -> Tensor {
        guard let penalty = try regularizationLoss else { return loss }
        return try loss + penalty
    }
}
