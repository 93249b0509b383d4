/// Stops training when a monitored quantity has stopped improving — Keras's `EarlyStopping`.
///
/// At the end of every epoch the callback compares the monitored value (`val_loss` by default) with
/// the best so far. An improvement (by more than `minDelta`) resets the count of epochs waited; after
/// `patience` epochs without one, training stops. With `restoreBestWeights`, the weights of the best
/// epoch are put back into the model when training ends.
///
/// ```swift
/// let stopper = try EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)
/// try model.fit(x, y, epochs: 100, validationSplit: 0.2, callbacks: [stopper])
/// ```
///
/// With `verbose: 1` it prints Keras's messages, `Epoch 7: early stopping` and
/// `Restoring model weights from the end of the best epoch: 3.` (epochs counted from 1). A monitored
/// key missing from the logs prints a warning naming the keys that are there, and the epoch is
/// skipped.
public final class EarlyStopping: Callback {
    /// The key watched in the epoch logs.
    public var monitor: String { comparison.key }
    /// The margin by which a value must beat the best to count as an improvement.
    public var minDelta: Float { comparison.minDelta }
    /// Epochs without improvement after which training stops.
    public let patience: Int
    /// 0: silent; 1: a message when training stops and when weights are restored.
    public let verbose: Int
    /// Whether lower or higher values are better.
    public let mode: MonitorMode
    /// A value the monitored quantity must beat: until it does, improvements do not reset the wait,
    /// so training stops after `patience` epochs unless the baseline is beaten.
    public let baseline: Float?
    /// Whether the model gets the weights of the best epoch back when training ends.
    public let restoreBestWeights: Bool
    /// The first epoch (0-based) whose value is considered: earlier epochs are a warm-up.
    public let startFromEpoch: Int

    /// The best value seen in the current (or last) training run.
    public private(set) var best: Float
    /// The 0-based epoch of ``best`` (or of the first monitored epoch when restoring weights).
    public private(set) var bestEpoch: Int?
    /// The 0-based epoch at whose end training was stopped, or `nil` if it was not.
    public private(set) var stoppedEpoch: Int?
    /// Epochs since the last improvement.
    public private(set) var wait = 0

    private let comparison: Monitor
    private let write: (String) -> Void
    private var bestWeights: [Tensor]?
    private var warnedAboutMissingKey = false

    /// Creates an early-stopping callback with Keras's parameters and defaults.
    ///
    /// - Parameters:
    ///   - monitor: the key in the epoch logs to watch.
    ///   - minDelta: the change (in absolute value) that counts as an improvement.
    ///   - patience: epochs without improvement before training stops.
    ///   - verbose: 1 prints Keras's messages through `write`.
    ///   - mode: `.min`, `.max`, or `.auto` to infer it from the name.
    ///   - baseline: a value to beat; see ``baseline``.
    ///   - restoreBestWeights: whether to put back the weights of the best epoch when training ends.
    ///   - startFromEpoch: epochs of warm-up before monitoring begins.
    ///   - write: where messages go; standard output by default.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when `patience` or `startFromEpoch` is negative,
    ///   `monitor` is empty, or `minDelta` or `baseline` is not finite.
    public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, verbose: Int = 0,
                mode: MonitorMode = .auto, baseline: Float? = nil, restoreBestWeights: Bool = false,
                startFromEpoch: Int = 0, write: @escaping (String) -> Void = writeToStandardOutput) throws {
        guard patience >= 0 else {
            throw SynapseError.invalidArgument("EarlyStopping: patience must be ≥ 0 epochs, found \(patience)")
        }
        guard startFromEpoch >= 0 else {
            throw SynapseError.invalidArgument("EarlyStopping: startFromEpoch must be ≥ 0, found \(startFromEpoch)")
        }
        if let baseline, !baseline.isFinite {
            throw SynapseError.invalidArgument("EarlyStopping: baseline must be a finite number or nil, found \(baseline)")
        }
        comparison = try Monitor(key: monitor, mode: mode, minDelta: minDelta, owner: "EarlyStopping")
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
        self.write = write
        best = comparison.worst
    }

    /// Starts afresh, so that one instance can serve several `fit` calls.
    public func trainingWillBegin(_ training: TrainingContext) {
        best = comparison.worst
        bestEpoch = nil
        stoppedEpoch = nil
        wait = 0
        bestWeights = nil
        warnedAboutMissingKey = false
    }

    /// Compares the monitored value with the best, keeps the weights of a new best when restoring,
    /// and stops training once `patience` epochs have passed without improvement.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        guard let current = logs[monitor] else {
            if !warnedAboutMissingKey {
                warnedAboutMissingKey = true
                write("Warning: Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(Monitor.available(in: logs))\n")
            }
            return
        }
        guard epoch >= startFromEpoch else { return }
        if restoreBestWeights && bestWeights == nil {
            // Until something improves, the first monitored epoch's weights are the best.
            bestWeights = training.model.parameters.map(\.value)
            bestEpoch = epoch
        }
        wait += 1
        if comparison.isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = training.model.parameters.map(\.value) }
            // Waiting starts over only when the value beats both the best and the baseline.
            if baseline.map({ comparison.isImprovement(current, over: $0) }) ?? true { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            training.stopTraining = true
        }
    }

    /// Reports the stop and puts the best epoch's weights back into the model when asked to.
    public func trainingDidEnd(_ training: TrainingContext) throws {
        if let stoppedEpoch, verbose > 0 {
            write("Epoch \(stoppedEpoch + 1): early stopping\n")
        }
        guard restoreBestWeights, let bestWeights, let bestEpoch else { return }
        let parameters = training.model.parameters
        guard parameters.count == bestWeights.count,
              zip(parameters, bestWeights).allSatisfy({ $0.shape == $1.shape }) else { return }
        if verbose > 0 {
            write("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).\n")
        }
        for (parameter, value) in zip(parameters, bestWeights) { try parameter.assign(value) }
    }
}
