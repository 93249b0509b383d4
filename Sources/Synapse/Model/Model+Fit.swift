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
    ///   - initialEpoch: the epoch to start at (to resume training).
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
                    initialEpoch: Int = 0, verbose: Int = 1, callbacks: [any Callback] = []) throws -> History {
        try fit([x], [y], epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
                validationData: validationData.map { ([$0.x], [$0.y]) }, initialEpoch: initialEpoch, verbose: verbose,
                callbacks: callbacks)
    }

    /// Trains a model with several inputs or outputs: one tensor per input and one label tensor per
    /// output, in the order of ``inputs`` and ``outputs``.
    @discardableResult
    public func fit(_ x: [Tensor], _ y: [Tensor], epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: (x: [Tensor], y: [Tensor])? = nil,
                    initialEpoch: Int = 0, verbose: Int = 1, callbacks: [any Callback] = []) throws -> History {
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
        var (inputs, labels) = try validated(x, y, settings: settings, operation: "fit")
        var validation: (x: [Tensor], y: [Tensor])?
        if let validationData {
            let checked = try validated(validationData.x, validationData.y, settings: settings, operation: "fit (validation data)")
            validation = (checked.inputs, checked.labels)
        } else if validationSplit > 0 {
            let split = try Model.splitForValidation(inputs, labels, fraction: validationSplit)
            (inputs, labels) = split.train
            validation = split.validation
        }
        return try trainValidated(inputs, labels, validation: validation, settings: settings, epochs: epochs, batchSize: batchSize,
                                  shuffle: shuffle, initialEpoch: initialEpoch, verbose: verbose, callbacks: callbacks)
    }

    /// Trains a model on data keyed by input and output names (Keras's dicts).
    @discardableResult
    public func fit(_ x: [String: Tensor], _ y: [String: Tensor], epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: (x: [String: Tensor], y: [String: Tensor])? = nil,
                    initialEpoch: Int = 0, verbose: Int = 1, callbacks: [any Callback] = []) throws -> History {
        let validation = try validationData.map { data in
            (try ordered(data.x, names: inputNames, what: "input", operation: "fit (validation data)"),
             try ordered(data.y, names: outputNames, what: "output", operation: "fit (validation data)"))
        }
        return try fit(try ordered(x, names: inputNames, what: "input", operation: "fit"),
                       try ordered(y, names: outputNames, what: "output", operation: "fit"),
                       epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
                       validationData: validation, initialEpoch: initialEpoch, verbose: verbose, callbacks: callbacks)
    }

    /// The training loop on data already checked.
    private func trainValidated(_ inputs: [Tensor], _ labels: [Tensor], validation: (x: [Tensor], y: [Tensor])?,
                                settings: CompiledSettings, epochs: Int, batchSize: Int, shuffle: Bool, initialEpoch: Int,
                                verbose: Int, callbacks: [any Callback]) throws -> History {
        let rows = inputs[0].shape[0]
        // A batch larger than the data takes all of it (as in Keras), and no step count overflows.
        let batchSize = min(batchSize, max(rows, 1))
        let steps = (rows + batchSize - 1) / batchSize
        let context = TrainingContext(model: self, optimizer: settings.optimizer, epochs: epochs,
                                      stepsPerEpoch: steps, history: History())
        let allCallbacks: [any Callback] = (verbose > 0 ? [ProgressBar(verbose: verbose)] : []) + callbacks
        try allCallbacks.forEach { try $0.trainingWillBegin(context) }
        var order = Array(0..<rows)
        let losses = lossSpecifications(settings, labels: labels)
        let names = outputNames
        epochLoop: for epoch in initialEpoch..<max(epochs, initialEpoch) {
            settings.optimizer.epochWillBegin(epoch)
            try allCallbacks.forEach { try $0.epochWillBegin(epoch, training: context) }
            if shuffle {
                order = Array(0..<rows)
                var generator = RandomGenerator(seed: seed ^ (0xD1B5_4A32_D192_ED03 &* UInt64(epoch + 1)))
                generator.shuffle(&order)
            }
            var totals = EpochTotals(settings: settings, outputNames: names)
            for step in 0..<steps {
                try allCallbacks.forEach { try $0.batchWillBegin(step, training: context) }
                let batch = order[(step * batchSize)..<min((step + 1) * batchSize, rows)]
                let result = try trainBatch(batch, of: inputs, labels, settings: settings, losses: losses)
                try totals.add(result)
                if !allCallbacks.isEmpty {
                    let logs = totals.logs
                    try allCallbacks.forEach { try $0.batchDidEnd(step, logs: logs, training: context) }
                }
                if context.stopTraining { break }
                guard result.loss.isFinite else {
                    throw SynapseError.invalidData("fit: the loss became \(result.loss) in epoch \(epoch + 1), batch \(step + 1): training diverged (no weight was changed by that batch). Lower the learning rate, check the data, or add TerminateOnNaN() to stop without an error")
                }
            }
            var logs = totals.logs
            if let validation {
                let scores = try evaluateValidated(validation.x, validation.y, batchSize: batchSize, settings: settings)
                for (key, value) in scores { logs["val_" + key] = value }
            }
            epochsTrained = epoch + 1
            // Callbacks may add entries (learning_rate) before the history records the epoch.
            for callback in allCallbacks { try callback.epochWillEnd(epoch, logs: &logs, training: context) }
            context.history.append(epoch: epoch, logs: logs)
            try allCallbacks.forEach { try $0.epochDidEnd(epoch, logs: logs, training: context) }
            if context.stopTraining { break epochLoop }
        }
        try allCallbacks.forEach { try $0.trainingDidEnd(context) }
        return context.history
    }
}
