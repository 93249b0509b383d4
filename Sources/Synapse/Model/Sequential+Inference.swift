extension Sequential {
    /// The loss and metrics of the model on `x` and `y`, e.g. `["loss": 0.21, "accuracy": 0.94]`.
    ///
    /// Computed in batches of `batchSize` without recording gradients; values are exact over all rows.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) throws -> [String: Float] {
        let settings = try requireCompiled(for: "evaluate")
        guard batchSize >= 1 else {
            throw SynapseError.invalidArgument("evaluate: batchSize must be ≥ 1, found \(batchSize)")
        }
        let labels = try validatedLabels(x, y, loss: settings.loss, operation: "evaluate")
        return try evaluateValidated(x, labels, batchSize: batchSize, settings: settings)
    }

    /// `evaluate` on data already checked.
    func evaluateValidated(_ x: Tensor, _ y: Tensor, batchSize: Int, settings: CompiledSettings) throws -> [String: Float] {
        var totals = EpochTotals(metrics: settings.metrics)
        let rows = x.shape[0]
        for start in stride(from: 0, to: rows, by: batchSize) {
            let range = start..<min(start + batchSize, rows)
            let (bx, by) = (try x.rows(range), try y.rows(range))
            let (loss, predictions) = try lossAndPredictions(bx, by, settings: settings, training: false)
            try totals.add(loss: loss.scalars[0], predictions: predictions, labels: by)
        }
        return totals.logs
    }

    /// The model's outputs for `x` (samples along the first axis), computed in batches of
    /// `batchSize` rows without recording gradients.
    public func predict(_ x: Tensor, batchSize: Int = 256) throws -> Tensor {
        guard batchSize >= 1 else {
            throw SynapseError.invalidArgument("predict: batchSize must be ≥ 1, found \(batchSize)")
        }
        guard x.rank >= 2 else {
            throw SynapseError.shapeMismatch("predict: expected inputs of shape [samples, features…], found \(x.shape)")
        }
        try Sequential.requireFinite(x, what: "inputs", operation: "predict")
        let rows = x.shape[0]
        if rows <= batchSize { return try self(x) }
        var parts: [Tensor] = []
        for start in stride(from: 0, to: rows, by: batchSize) {
            parts.append(try self(try x.rows(start..<min(start + batchSize, rows))))
        }
        return try Tensor.concatenate(parts, alongAxis: 0)
    }
}
