/// One batch at a time, for training loops of one's own: Keras's `train_on_batch`, `test_on_batch`
/// and `predict_on_batch`.
///
/// ```swift
/// for (step, batch) in try Batches(x: x, y: y, batchSize: 64, shuffle: true, seed: 1).enumerated() {
///     let logs = try model.trainOnBatch(batch.x, batch.y)     // ["loss": 0.31, "accuracy": 0.9]
///     if step % 100 == 0 { print(logs) }
/// }
/// ```
extension Model {
    /// One optimizer step on all rows of `x` and `y`, as one step of `fit` does (each row's loss
    /// weighted by `sampleWeight` or `classWeight`, as in `fit`); returns the loss (computed before
    /// the update) and the compiled metrics of this batch alone.
    ///
    /// - Throws: as `fit` does for its data; ``SynapseError/invalidData(_:)`` if the loss is not
    ///   finite (no weight is then changed).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil,
                             classWeight: [Int: Float]? = nil) throws -> EvaluationResult {
        try trainOnBatch([x], [y], sampleWeight: sampleWeight, classWeight: classWeight)
    }

    /// One optimizer step for a model with several inputs or outputs; see ``trainOnBatch(_:_:sampleWeight:classWeight:)-(Tensor,Tensor,_,_)``.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil,
                             classWeight: [Int: Float]? = nil) throws -> EvaluationResult {
        let settings = try requireCompiled(for: "trainOnBatch")
        let (inputs, labels) = try validated(x, y, settings: settings, operation: "trainOnBatch")
        let weights = try resolvedSampleWeights(sampleWeight, classWeight: classWeight, labels: labels, operation: "trainOnBatch")
        let rows = inputs[0].shape[0]
        let result = try trainBatch(Array(0..<rows)[...], of: inputs, labels, sampleWeights: weights, settings: settings,
                                    losses: lossSpecifications(settings, labels: labels))
        guard result.loss.isFinite else {
            throw SynapseError.invalidData("trainOnBatch: the loss became \(result.loss) (no weight was changed)")
        }
        var totals = EpochTotals(settings: settings, outputNames: outputNames)
        try totals.add(result)
        return EvaluationResult(totals.entries)
    }

    /// The loss and metrics on all rows of `x` and `y` at once, without training (Keras's
    /// `test_on_batch`): ``evaluate(_:_:batchSize:sampleWeight:)-(Tensor,Tensor,_,_)`` in one batch.
    public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> EvaluationResult {
        try evaluate([x], [y], batchSize: .max, sampleWeight: sampleWeight)
    }

    /// The loss and metrics of a model with several inputs or outputs on one batch.
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil) throws -> EvaluationResult {
        try evaluate(x, y, batchSize: .max, sampleWeight: sampleWeight)
    }

    /// The model's loss on `x` and `y` exactly as `fit` computes it for a batch — the compiled
    /// losses with their loss weights, the fused softmax/sigmoid cross-entropy from the logits, the
    /// regularisation penalties, `sampleWeight` if given — but in inference mode (no dropout) and
    /// without changing any weight. Keras's `compute_loss`.
    ///
    /// For a loss to differentiate in a loop of one's own, call a ``Loss`` on the model's output:
    /// `try model.compiled!.loss(labels: y, predictions: model(x, training: true))`.
    public func computeLoss(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> Float {
        try computeLoss([x], [y], sampleWeight: sampleWeight)
    }

    /// The loss of a model with several inputs or outputs, as ``computeLoss(_:_:sampleWeight:)-(Tensor,Tensor,_)``.
    public func computeLoss(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil) throws -> Float {
        let settings = try requireCompiled(for: "computeLoss")
        let (inputs, labels) = try validated(x, y, settings: settings, operation: "computeLoss")
        let weights = try resolvedSampleWeights(sampleWeight, classWeight: nil, labels: labels, operation: "computeLoss")
        let lossOnly = CompiledSettings(losses: settings.losses, lossWeights: settings.lossWeights,
                                        optimizer: settings.optimizer, outputMetrics: settings.outputMetrics.map { _ in [] })
        return try evaluateValidated(inputs, labels, sampleWeights: weights, batchSize: .max, settings: lossOnly).loss
    }

    /// The model's output for all rows of `x` at once (Keras's `predict_on_batch`).
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try predict(x, batchSize: .max)
    }

    /// Every output of the model for one batch of each input.
    public func predictOnBatch(_ x: [Tensor]) throws -> [Tensor] {
        try predict(x, batchSize: .max)
    }
}
