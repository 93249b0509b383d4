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
        let fused = fusedPath(for: settings.loss)
        for start in stride(from: 0, to: rows, by: batchSize) {
            let range = start..<min(start + batchSize, rows)
            let by = try y.rows(range)
            if let (stack, outputLoss) = fused {
                let (loss, predictions) = stack.evaluate(inputs: x, labels: y, rows: range, outputLoss: outputLoss)
                try totals.add(loss: loss, predictions: predictions, labels: by)
            } else {
                let (loss, predictions) = try lossAndPredictions(try x.rows(range), by, settings: settings, training: false)
                try totals.add(loss: loss.scalars[0], predictions: predictions, labels: by)
            }
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
        try ensureBuilt(forBatch: x)
        let rows = x.shape[0]
        let stack = fusedStackIfAvailable()
        func run(_ range: Range<Int>) throws -> Tensor {
            if let stack { return stack.predict(x, rows: range) }
            return try self(range.count == rows ? x : try x.rows(range))
        }
        if rows <= batchSize { return try run(0..<rows) }
        var parts: [Tensor] = []
        for start in stride(from: 0, to: rows, by: batchSize) {
            parts.append(try run(start..<min(start + batchSize, rows)))
        }
        return try Tensor.concatenate(parts, alongAxis: 0)
    }
}
