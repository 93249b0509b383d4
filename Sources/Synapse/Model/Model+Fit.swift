extension Model {
    /// Trains the model on `x` (samples along the first axis) and labels `y`.
    ///
    /// - Parameters:
    ///   - epochs: the epoch to stop before (with `initialEpoch`, as in Keras).
    ///   - batchSize: samples per update; the last partial batch is kept. A batch size above the number
    ///     of rows trains on all of them at once.
    ///   - shuffle: whether to shuffle the training rows every epoch (seeded by the model's seed and the epoch).
    ///   - validationSplit: the fraction of rows, taken from the end before shuffling, held out for validation.
    ///   - validationData: data to validate on instead of a split.
    ///   - classWeight: a weight per class index, multiplying the loss of each training row by
    ///     the weight of its label's class (a class not listed weighs 1); for one output whose labels
    ///     name one class per row. Not with `sampleWeight`.
    ///   - sampleWeight: one weight per row of `x`, multiplying that row's loss; the loss is still
    ///     divided by the batch size (Keras's `sum_over_batch_size`). Metrics are not weighted, as
    ///     Keras's `metrics`. With `validationSplit`, the held-out rows' weights weigh the validation loss.
    ///   - initialEpoch: the epoch to start at (to resume training).
    ///   - stepsPerEpoch: batches per epoch, when an epoch should not be one pass over the data: the
    ///     next epoch goes on where the last one stopped, and a new (reshuffled) pass begins when the
    ///     data runs out — which also ends an epoch early. `nil`: one pass per epoch.
    ///   - validationFrequency: validate every this many epochs (after epochs k·n, 1-based), as
    ///     Keras's `validation_freq`; epochs without validation have NaN under `val_` keys in the
    ///     history and no `val_` entries in the callbacks' logs.
    ///   - verbose: 0 silent, 1 progress bar, 2 one line per epoch.
    ///   - callbacks: hooks called during training, in order, after a ``ProgressBar`` added for
    ///     `verbose` > 0; entries they add to an epoch's logs (``ReduceLROnPlateau``'s
    ///     `learning_rate`) are recorded in the history.
    /// - Returns: the ``History`` of the loss and metrics per epoch.
    /// - Throws: a ``SynapseError`` for invalid arguments or data, before any training happens;
    ///   ``SynapseError/invalidData(_:)`` from the optimizer if training diverges to NaN gradients;
    ///   or an error thrown by a callback (a ``ModelCheckpoint`` that cannot write its file).
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: (x: Tensor, y: Tensor)? = nil,
                    classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil, initialEpoch: Int = 0,
                    stepsPerEpoch: Int? = nil, validationFrequency: Int = 1,
                    verbose: Int = 1, callbacks: [any Callback] = [],
                    strategy: (any DistributionStrategy)? = nil) throws -> History {
        try fit([x], [y], epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
                validationData: validationData.map { ([$0.x], [$0.y]) }, classWeight: classWeight, sampleWeight: sampleWeight,
                initialEpoch: initialEpoch, stepsPerEpoch: stepsPerEpoch, validationFrequency: validationFrequency,
                verbose: verbose, callbacks: callbacks, strategy: strategy)
    }

    /// Trains a model with several inputs or outputs: one tensor per input and one label tensor per
    /// output, in the order of ``inputs`` and ``outputs``; `sampleWeight` weighs every output's loss.
    @discardableResult
    public func fit(_ x: [Tensor], _ y: [Tensor], epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: (x: [Tensor], y: [Tensor])? = nil,
                    classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil, initialEpoch: Int = 0,
                    stepsPerEpoch: Int? = nil, validationFrequency: Int = 1,
                    verbose: Int = 1, callbacks: [any Callback] = [],
                    strategy: (any DistributionStrategy)? = nil) throws -> History {
        let settings = try requireCompiled(for: "fit")
        guard epochs >= 0, initialEpoch >= 0 else {
            throw SynapseError.invalidArgument("fit: epochs (\(epochs)) and initialEpoch (\(initialEpoch)) must be ≥ 0")
        }
        guard batchSize >= 1 else {
            throw SynapseError.invalidArgument("fit: batchSize must be ≥ 1, found \(batchSize)")
        }
        guard validationSplit >= 0, validationSplit < 1 else {
            throw SynapseError.invalidArgument("fit: validationSplit must be in [0, 1), found \(validationSplit)")
        }
        guard (0...2).contains(verbose) else {
            throw SynapseError.invalidArgument("fit: verbose must be 0, 1 or 2, found \(verbose)")
        }
        guard stepsPerEpoch.map({ $0 >= 1 }) ?? true else {
            throw SynapseError.invalidArgument("fit: stepsPerEpoch must be ≥ 1 (or nil for one pass over the data), found \(stepsPerEpoch!)")
        }
        guard validationFrequency >= 1 else {
            throw SynapseError.invalidArgument("fit: validationFrequency must be ≥ 1, found \(validationFrequency)")
        }
        var (inputs, labels) = try validated(x, y, settings: settings, operation: "fit")
        var weights = try resolvedSampleWeights(sampleWeight, classWeight: classWeight, labels: labels, operation: "fit")
        var validation: (x: [Tensor], y: [Tensor], weights: Tensor?)?
        if let validationData {
            let checked = try validated(validationData.x, validationData.y, settings: settings, operation: "fit (validation data)")
            validation = (checked.inputs, checked.labels, nil)
        } else if validationSplit > 0 {
            let split = try Model.splitForValidation(inputs, labels, fraction: validationSplit)
            (inputs, labels) = split.train
            let (trainRows, rows) = (inputs[0].shape[0], weights?.shape[0] ?? 0)
            // Sample weights weigh the held-out rows too; class weights only training, as in Keras.
            validation = (split.validation.x, split.validation.y, classWeight == nil ? try weights?.rows(trainRows..<rows) : nil)
            weights = try weights?.rows(0..<trainRows)
        }
        let schedule = EpochSchedule(rows: inputs[0].shape[0], batchSize: batchSize, stepsPerEpoch: stepsPerEpoch,
                                     shuffle: shuffle, seed: seed)
        return try trainValidated(inputs, labels, weights: weights, validation: validation, settings: settings, epochs: epochs,
                                  schedule: schedule, initialEpoch: initialEpoch, validationFrequency: validationFrequency,
                                  verbose: verbose, callbacks: callbacks, run: strategy.map(DataParallelRun.init))
    }

    /// Trains a model on data keyed by input and output names (Keras's dicts).
    @discardableResult
    public func fit(_ x: [String: Tensor], _ y: [String: Tensor], epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: (x: [String: Tensor], y: [String: Tensor])? = nil,
                    classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil, initialEpoch: Int = 0,
                    stepsPerEpoch: Int? = nil, validationFrequency: Int = 1,
                    verbose: Int = 1, callbacks: [any Callback] = [],
                    strategy: (any DistributionStrategy)? = nil) throws -> History {
        let validation = try validationData.map { data in
            (try ordered(data.x, names: inputNames, what: "input", operation: "fit (validation data)"),
             try ordered(data.y, names: outputNames, what: "output", operation: "fit (validation data)"))
        }
        return try fit(try ordered(x, names: inputNames, what: "input", operation: "fit"),
                       try ordered(y, names: outputNames, what: "output", operation: "fit"),
                       epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
                       validationData: validation, classWeight: classWeight, sampleWeight: sampleWeight,
                       initialEpoch: initialEpoch, stepsPerEpoch: stepsPerEpoch, validationFrequency: validationFrequency,
                       verbose: verbose, callbacks: callbacks, strategy: strategy)
    }

    /// The training loop on data already checked.
    private func trainValidated(_ inputs: [Tensor], _ labels: [Tensor], weights: Tensor?,
                                validation: (x: [Tensor], y: [Tensor], weights: Tensor?)?, settings: CompiledSettings,
                                epochs: Int, schedule: EpochSchedule, initialEpoch: Int, validationFrequency: Int,
                                verbose: Int, callbacks: [any Callback], run: DataParallelRun?) throws -> History {
        var schedule = schedule
        let context = TrainingContext(model: self, optimizer: settings.optimizer, epochs: epochs,
                                      stepsPerEpoch: schedule.stepsPerEpoch, history: History())
        var allCallbacks: [any Callback] = (verbose > 0 ? [ProgressBar(verbose: verbose)] : []) + callbacks
        if let run {
            try run.start(model: self, optimizer: settings.optimizer, rows: schedule.rows, batchSize: schedule.batchSize)
            allCallbacks = run.callbacks(allCallbacks)
        }
        // Only the chief prints (the progress bar is already filtered out on the other ranks).
        let shownVerbose = run?.strategy.isChief ?? true ? verbose : 0
        return try DataParallelRun.reportingFailure(to: run) {
            try trainingLoop(inputs, labels, weights: weights, validation: validation, settings: settings,
                             epochs: epochs, schedule: &schedule, initialEpoch: initialEpoch,
                             validationFrequency: validationFrequency, verbose: shownVerbose,
                             callbacks: allCallbacks, context: context, run: run)
        }
    }

    /// The epochs of `fit`, after the set-up; with a data-parallel `run`, every rank runs it in step.
    private func trainingLoop(_ inputs: [Tensor], _ labels: [Tensor], weights: Tensor?,
                              validation: (x: [Tensor], y: [Tensor], weights: Tensor?)?, settings: CompiledSettings,
                              epochs: Int, schedule: inout EpochSchedule, initialEpoch: Int, validationFrequency: Int,
                              verbose: Int, callbacks allCallbacks: [any Callback], context: TrainingContext,
                              run: DataParallelRun?) throws -> History {
        try allCallbacks.forEach { try $0.trainingWillBegin(context) }
        let losses = lossSpecifications(settings, labels: labels)
        let names = outputNames
        var warnedOfShortEpoch = false
        epochLoop: for epoch in initialEpoch..<max(epochs, initialEpoch) {
            settings.optimizer.epochWillBegin(epoch)
            try allCallbacks.forEach { try $0.epochWillBegin(epoch, training: context) }
            var totals = EpochTotals(settings: settings, outputNames: names)
            for step in 0..<schedule.stepsPerEpoch {
                guard let batch = schedule.nextBatch(epoch: epoch) else {
                    if verbose > 0 && !warnedOfShortEpoch {
                        warnedOfShortEpoch = true
                        writeToStandardOutput("fit: the data ran out after \(step) of stepsPerEpoch \(schedule.stepsPerEpoch) batches; epochs end early when a pass over the data ends\n")
                    }
                    break
                }
                try allCallbacks.forEach { try $0.batchWillBegin(step, training: context) }
                let result = try trainBatch(batch, of: inputs, labels, sampleWeights: weights, settings: settings, losses: losses,
                                            run: run)
                try totals.add(result)
                if !allCallbacks.isEmpty {
                    let logs = totals.logs
                    try allCallbacks.forEach { try $0.batchDidEnd(step, logs: logs, training: context) }
                }
                if let run { context.stopTraining = try run.anyRankStops(context.stopTraining) }
                if context.stopTraining { break }
                guard result.loss.isFinite else {
                    throw SynapseError.invalidData("fit: the loss became \(result.loss) in epoch \(epoch + 1), batch \(step + 1): training diverged (no weight was changed by that batch). Lower the learning rate, check the data, or add TerminateOnNaN() to stop without an error")
                }
            }
            schedule.epochDidEnd()
            var logs = totals.logs
            if let validation, (epoch + 1) % validationFrequency == 0 {
                let scores = try evaluateValidated(validation.x, validation.y, sampleWeights: validation.weights,
                                                   batchSize: schedule.batchSize, settings: settings, run: run)
                for (key, value) in zip(scores.names, scores.values) { logs["val_" + key] = value }
            }
            epochsTrained = epoch + 1
            // Callbacks may add entries (learning_rate) before the history records the epoch.
            for callback in allCallbacks { try callback.epochWillEnd(epoch, logs: &logs, training: context) }
            context.history.append(epoch: epoch, logs: logs)
            try allCallbacks.forEach { try $0.epochDidEnd(epoch, logs: logs, training: context) }
            if let run { context.stopTraining = try run.anyRankStops(context.stopTraining) }
            if context.stopTraining { break epochLoop }
        }
        try allCallbacks.forEach { try $0.trainingDidEnd(context) }
        return context.history
    }
}
