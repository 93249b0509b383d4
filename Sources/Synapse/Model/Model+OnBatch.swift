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
    /// One optimizer step on all rows of `x` and `y`, as one step of `fit` does; returns the loss
    /// (computed before the update) and the compiled metrics of this batch alone.
    ///
    /// - Throws: as `fit` does for its data; ``SynapseError/invalidData(_:)`` if the loss is not
    ///   finite (no weight is then changed).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor) throws -> [String: Float] {
        try trainOnBatch([x], [y])
    }

    /// One optimizer step for a model with several inputs or outputs; see ``trainOnBatch(_:_:)-(Tensor,Tensor)``.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor]) throws -> [String: Float] {
        let settings = try requireCompiled(for: "trainOnBatch")
        let (inputs, labels) = try validated(x, y, settings: settings, operation: "trainOnBatch")
        let rows = inputs[0].shape[0]
        let result = try trainBatch(Array(0..<rows)[...], of: inputs, labels, settings: settings,
                                    losses: lossSpecifications(settings, labels: labels))
        guard result.loss.isFinite else {
            throw SynapseError.invalidData("trainOnBatch: the loss became \(result.loss) (no weight was changed)")
        }
        var totals = EpochTotals(settings: settings, outputNames: outputNames)
        try totals.add(result)
        return totals.logs
    }

    /// The loss and metrics on all rows of `x` and `y` at once, without training (Keras's
    /// `test_on_batch`): ``evaluate(_:_:batchSize:)-(Tensor,Tensor,_)`` in one batch.
    public func testOnBatch(_ x: Tensor, _ y: Tensor) throws -> [String: Float] {
        try evaluate([x], [y], batchSize: .max)
    }

    /// The loss and metrics of a model with several inputs or outputs on one batch.
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor]) throws -> [String: Float] {
        try evaluate(x, y, batchSize: .max)
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
