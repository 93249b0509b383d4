/// How a batch runs: every mode goes through the model's execution plan (``ModelEngine``).
extension Model {
    /// What one batch gave: the total loss (weighted, with regularisation), each output's loss,
    /// and each output's predictions and labels (for metrics).
    struct BatchResult {
        let rows: Int
        let loss: Float
        let outputLosses: [Float]
        /// Empty when no output has metrics.
        let predictions: [Tensor]
        let labels: [Tensor]

        init(rows: Int, loss: Float, outputLosses: [Float], predictions: [Tensor], labels: [Tensor]) {
            self.rows = rows
            self.loss = loss
            self.outputLosses = outputLosses
            self.predictions = predictions
            self.labels = labels
        }

        /// The last run of `plan`: its outputs and labels are copied out only when there are metrics.
        init(_ plan: ExecutionPlan, rows: Int, loss: Float, outputLosses: [Float], settings: CompiledSettings) {
            self.rows = rows
            self.loss = loss
            self.outputLosses = outputLosses
            let hasMetrics = settings.outputMetrics.contains { !$0.isEmpty }
            predictions = hasMetrics ? plan.outputShapes.indices.map { plan.output($0, rows: rows) } : []
            labels = hasMetrics ? plan.outputShapes.indices.map { plan.labels($0, rows: rows) } : []
        }
    }

    /// The loss specifications of the compiled losses for these labels.
    func lossSpecifications(_ settings: CompiledSettings, labels: [Tensor]) -> [ExecutionPlan.LossSpecification] {
        zip(settings.losses, zip(settings.lossWeights, labels)).map { loss, pair in
            ExecutionPlan.LossSpecification(loss: loss, weight: pair.0, labelShape: Array(pair.1.shape.dropFirst()))
        }
    }

    func weightedTotal(_ losses: [Float], _ settings: CompiledSettings) -> Float {
        var total: Float = 0
        for (loss, weight) in zip(losses, settings.lossWeights) where weight != 0 { total += weight * loss }
        return total
    }

    /// One optimizer step on the rows `batch` of the training data (each row's loss weighted by
    /// `sampleWeights`, one per row of the data, when given). A batch whose loss is not finite
    /// changes no weight. With a data-parallel `run`, `batch` is the global batch: this rank trains on
    /// its slice, and the gradients, losses and metrics are those of the whole batch.
    func trainBatch(_ batch: ArraySlice<Int>, of inputs: [Tensor], _ labels: [Tensor], sampleWeights: Tensor? = nil,
                    settings: CompiledSettings, losses: [ExecutionPlan.LossSpecification],
                    run: DataParallelRun? = nil) throws -> BatchResult {
        let local = run?.localRows(batch) ?? batch
        let rows = local.count
        let plan = try engine.plan(.training, rows: max(rows, 1), losses: losses, usesKernels: usesKernels,
                                   graph: currentGraph, parameters: { self.parameters })
        var outputLosses = [Float](repeating: 0, count: losses.count)
        if rows > 0 {
            plan.gather(inputs: inputs, labels: labels, sampleWeights: sampleWeights, rows: local)
            try plan.forward(rows: rows)
            outputLosses = try plan.losses(rows: rows)
        }
        if let run { outputLosses = try run.globalLosses(outputLosses, localRows: rows, globalRows: batch.count) }
        var loss = weightedTotal(outputLosses, settings)
        if loss.isFinite {
            if rows > 0 { try plan.backward(rows: rows) } else { plan.layout.clearGradients() }
            engine.lastTrainingRun = (plan, rows)
            loss += plan.regularization(addingGradients: true)
            if let run { try run.averageGradients(plan.layout, localRows: rows, globalRows: batch.count) }
            // A diverged batch (NaN or infinite loss) updates nothing; `fit` stops with an error unless
            // a callback such as TerminateOnNaN ends training first.
            if loss.isFinite {
                try settings.optimizer.apply(layout: plan.layout)
            }
        }
        let result = BatchResult(plan, rows: rows, loss: loss, outputLosses: outputLosses, settings: settings)
        guard let run else { return result }
        return try run.gathered(result, globalRows: batch.count, offset: run.share(of: batch.count).lowerBound)
    }

    /// The loss and metrics over all rows, in batches of `batchSize`, without training; the loss
    /// weighted by `sampleWeights` (one per row) when given, the metrics not (as Keras's `metrics`).
    /// With a data-parallel `run`, each rank evaluates its slice of every batch and the results are
    /// reduced, so that every rank returns the values over all rows.
    func evaluateValidated(_ x: [Tensor], _ y: [Tensor], sampleWeights: Tensor? = nil, batchSize: Int,
                           settings: CompiledSettings, run: DataParallelRun? = nil) throws -> EvaluationResult {
        var totals = EpochTotals(settings: settings, outputNames: outputNames)
        let rows = x[0].shape[0]
        let plan = try engine.plan(.evaluation, rows: min(batchSize, rows), losses: lossSpecifications(settings, labels: y),
                                   usesKernels: usesKernels, graph: currentGraph, parameters: { self.parameters })
        let penalty = plan.regularization(addingGradients: false)
        for start in stride(from: 0, to: rows, by: batchSize) {
            let batch = start..<min(start + batchSize, rows)
            let range = run?.localRange(batch) ?? batch
            var outputLosses = [Float](repeating: 0, count: y.count)
            if !range.isEmpty {
                plan.loadLabels(y, sampleWeights: sampleWeights, rows: range)
                try plan.forward(readingRows: range, of: x)
                outputLosses = try plan.losses(rows: range.count)
            }
            if let run { outputLosses = try run.globalLosses(outputLosses, localRows: range.count, globalRows: batch.count) }
            let result = BatchResult(plan, rows: range.count, loss: weightedTotal(outputLosses, settings) + penalty,
                                     outputLosses: outputLosses, settings: settings)
            try totals.add(try run?.gathered(result, globalRows: batch.count, offset: range.lowerBound - batch.lowerBound) ?? result)
        }
        return EvaluationResult(totals.entries)
    }

    /// Every output for all rows of `x`, in batches of `batchSize`.
    func predictValidated(_ x: [Tensor], batchSize: Int) throws -> [Tensor] {
        let rows = x[0].shape[0]
        let plan = try engine.plan(.prediction, rows: min(batchSize, rows), losses: [], usesKernels: usesKernels,
                                   graph: currentGraph, parameters: { self.parameters })
        if rows <= batchSize {
            try plan.forward(readingRows: 0..<rows, of: x)
            return plan.outputShapes.indices.map { plan.output($0, rows: rows) }
        }
        var parts: [[Tensor]] = plan.outputShapes.map { _ in [] }
        for start in stride(from: 0, to: rows, by: batchSize) {
            let range = start..<min(start + batchSize, rows)
            try plan.forward(readingRows: range, of: x)
            for k in parts.indices { parts[k].append(plan.output(k, rows: range.count)) }
        }
        return try parts.map { try Tensor.concatenate($0, alongAxis: 0) }
    }
}

/// The running loss and metric totals of one epoch (or one evaluation), weighted by batch size so
/// that epoch values are exact. Keys follow Keras: `loss` and the metric names for one output;
/// with several, also `<output>_loss` and `<output>_<metric>`.
struct EpochTotals {
    private var lossSum: Double = 0
    private var outputLossSums: [Double]
    private var samples = 0
    private var metrics: [[MetricAccumulator]]
    private let outputNames: [String]

    init(settings: CompiledSettings, outputNames: [String]) {
        self.outputNames = outputNames
        outputLossSums = outputNames.map { _ in 0 }
        metrics = settings.outputMetrics.map { list in list.map { $0.makeAccumulator() } }
    }

    mutating func add(_ result: Model.BatchResult) throws {
        let batch = result.rows
        lossSum += Double(result.loss) * Double(batch)
        for k in outputLossSums.indices { outputLossSums[k] += Double(result.outputLosses[k]) * Double(batch) }
        samples += batch
        for k in metrics.indices {
            for i in metrics[k].indices { try metrics[k][i].update(predictions: result.predictions[k], labels: result.labels[k]) }
        }
    }

    /// The values so far in a stable order: the loss, each output's loss (with several outputs),
    /// then each output's metrics in the order they were compiled.
    var entries: [(String, Float)] {
        func mean(_ sum: Double) -> Float { samples > 0 ? Float(sum / Double(samples)) : 0 }
        var entries = [("loss", mean(lossSum))]
        let prefixed = outputNames.count > 1
        if prefixed {
            for (k, name) in outputNames.enumerated() { entries.append(("\(name)_loss", mean(outputLossSums[k]))) }
        }
        for (k, name) in outputNames.enumerated() {
            for metric in metrics[k] { entries.append((prefixed ? "\(name)_\(metric.metric.name)" : metric.metric.name, metric.value)) }
        }
        return entries
    }

    /// The values so far, keyed by name.
    var logs: Logs { Dictionary(entries, uniquingKeysWith: { first, _ in first }) }
}
