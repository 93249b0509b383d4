extension Model {
    /// The loss and metrics of the model on `x` and `y`, loss first and then the metrics in the
    /// order they were compiled: `loss: 0.2134 - accuracy: 0.9400`, read as `result["accuracy"]`
    /// or `result[1]`.
    ///
    /// Computed in batches of `batchSize` without recording gradients; values are exact over all
    /// rows. `sampleWeight` (one weight per row) weighs the loss, as in `fit`; the metrics are not
    /// weighted.
    ///
    /// With a `strategy` (``DistributionStrategy``), every rank calls `evaluate` with the same data,
    /// evaluates its share of each batch, and every rank returns the values over all rows.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, sampleWeight: Tensor? = nil,
                         strategy: (any DistributionStrategy)? = nil) throws -> EvaluationResult {
        try evaluate([x], [y], batchSize: batchSize, sampleWeight: sampleWeight, strategy: strategy)
    }

    /// The loss and metrics of a model with several inputs or outputs (names as in ``History``:
    /// `loss`, then each output's `<output>_loss`, then `<output>_<metric>`).
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int = 32, sampleWeight: Tensor? = nil,
                         strategy: (any DistributionStrategy)? = nil) throws -> EvaluationResult {
        let settings = try requireCompiled(for: "evaluate")
        guard batchSize >= 1 else {
            throw SynapseError.invalidArgument("evaluate: batchSize must be ≥ 1, found \(batchSize)")
        }
        let (inputs, labels) = try validated(x, y, settings: settings, operation: "evaluate")
        let weights = try resolvedSampleWeights(sampleWeight, classWeight: nil, labels: labels, operation: "evaluate")
        let run = strategy.map(DataParallelRun.init)
        try run?.checkAgreement(of: self, rows: inputs[0].shape[0], batchSize: batchSize, operation: "evaluate")
        return try DataParallelRun.reportingFailure(to: run) {
            try evaluateValidated(inputs, labels, sampleWeights: weights, batchSize: batchSize, settings: settings, run: run)
        }
    }

    /// The loss and metrics on data keyed by input and output names.
    public func evaluate(_ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32,
                         sampleWeight: Tensor? = nil, strategy: (any DistributionStrategy)? = nil) throws -> EvaluationResult {
        try evaluate(try ordered(x, names: inputNames, what: "input", operation: "evaluate"),
                     try ordered(y, names: outputNames, what: "output", operation: "evaluate"), batchSize: batchSize,
                     sampleWeight: sampleWeight, strategy: strategy)
    }

    /// The model's output for `x` (samples along the first axis), computed in batches of
    /// `batchSize` rows without recording gradients. A model of one input and one output.
    public func predict(_ x: Tensor, batchSize: Int = 256) throws -> Tensor {
        let outputs = try predict([x], batchSize: batchSize)
        guard outputs.count == 1 else {
            throw SynapseError.invalidArgument("predict: the model has \(outputs.count) outputs; pass a list of inputs to get them all")
        }
        return outputs[0]
    }

    /// Every output of the model for one tensor per input.
    public func predict(_ x: [Tensor], batchSize: Int = 256) throws -> [Tensor] {
        guard batchSize >= 1 else {
            throw SynapseError.invalidArgument("predict: batchSize must be ≥ 1, found \(batchSize)")
        }
        guard let first = x.first, first.rank >= 2 else {
            throw SynapseError.shapeMismatch("predict: expected inputs of shape [samples, features…], found \(x.first.map { "\($0.shape)" } ?? "no input")")
        }
        for tensor in x { try Model.requireFinite(tensor, what: "inputs", operation: "predict") }
        try prepare(forInputs: x)
        try checkInputs(x, graph: try currentGraph(), operation: "predict")
        guard first.shape[0] > 0 else { return try outputs.map { try Tensor.zeros([0] + $0.shape) } }
        return try predictValidated(x, batchSize: batchSize)
    }

    /// Every output for data keyed by input name.
    public func predict(_ x: [String: Tensor], batchSize: Int = 256) throws -> [Tensor] {
        try predict(try ordered(x, names: inputNames, what: "input", operation: "predict"), batchSize: batchSize)
    }
}
