/// Lowers the learning rate when a monitored quantity has stopped improving — Keras's
/// `ReduceLROnPlateau`.
///
/// After `patience` epochs without an improvement (by more than `minDelta`) of the monitored value,
/// the optimizer's learning rate is multiplied by `factor`, but not below `minLR`; then `cooldown`
/// epochs pass before waiting starts again. Every epoch's logs (and so the ``History``, the progress
/// bar and a ``CSVLogger``) get the learning rate used in that epoch under `learning_rate`.
///
/// ```swift
/// let reduce = try ReduceLROnPlateau(monitor: "val_loss", factor: 0.2, patience: 5, minLR: 1e-5)
/// let history = try model.fit(x, y, epochs: 50, validationSplit: 0.2, callbacks: [reduce])
/// history["learning_rate"]   // [0.001, 0.001, …, 0.0002, …]
/// ```
///
/// With `verbose: 1` it prints Keras's message, `Epoch 5: ReduceLROnPlateau reducing learning rate
/// to 0.0001.` A monitored key missing from the logs prints a warning and the epoch is skipped.
/// Setting the rate replaces any learning-rate schedule of the optimizer with that constant.
public final class ReduceLROnPlateau: Callback {
    /// The key watched in the epoch logs.
    public var monitor: String { comparison.key }
    /// The factor the learning rate is multiplied by, in [0, 1).
    public let factor: Float
    /// Epochs without improvement after which the rate is lowered.
    public let patience: Int
    /// 0: silent; 1: a message whenever the rate is lowered.
    public let verbose: Int
    /// Whether lower or higher values are better.
    public let mode: MonitorMode
    /// The margin by which a value must beat the best to count as an improvement.
    public var minDelta: Float { comparison.minDelta }
    /// Epochs after a reduction during which waiting does not count.
    public let cooldown: Int
    /// The lowest learning rate it sets.
    public let minLR: Float

    /// The best value seen in the current (or last) training run.
    public private(set) var best: Float
    /// Epochs since the last improvement (outside cooldown).
    public private(set) var wait = 0
    /// Epochs of cooldown left.
    public private(set) var cooldownCounter = 0

    private let comparison: Monitor
    private let write: (String) -> Void
    private var warnedAboutMissingKey = false

    /// Creates the callback with Keras's parameters and defaults.
    ///
    /// - Parameters:
    ///   - monitor: the key in the epoch logs to watch.
    ///   - factor: new rate = rate × factor.
    ///   - patience: epochs without improvement before the rate is lowered.
    ///   - verbose: 1 prints Keras's message through `write`.
    ///   - mode: `.min`, `.max`, or `.auto` to infer it from the name.
    ///   - minDelta: the change that counts as an improvement.
    ///   - cooldown: epochs to wait after a reduction before counting again.
    ///   - minLR: the lower bound on the learning rate.
    ///   - write: where messages go; standard output by default.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when `factor` is not in [0, 1), `patience`,
    ///   `cooldown` or `minLR` is negative, or `monitor` is empty.
    public init(monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, verbose: Int = 0,
                mode: MonitorMode = .auto, minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Float = 0,
                write: @escaping (String) -> Void = writeToStandardOutput) throws {
        guard factor < 1 else {
            throw SynapseError.invalidArgument("ReduceLROnPlateau: factor must be less than 1 (the new rate is rate × factor), found \(factor)")
        }
        guard factor >= 0 else {
            throw SynapseError.invalidArgument("ReduceLROnPlateau: factor must be in [0, 1), found \(factor)")
        }
        guard patience >= 0 else {
            throw SynapseError.invalidArgument("ReduceLROnPlateau: patience must be ≥ 0 epochs, found \(patience)")
        }
        guard cooldown >= 0 else {
            throw SynapseError.invalidArgument("ReduceLROnPlateau: cooldown must be ≥ 0 epochs, found \(cooldown)")
        }
        guard minLR >= 0, minLR.isFinite else {
            throw SynapseError.invalidArgument("ReduceLROnPlateau: minLR must be a finite rate ≥ 0, found \(minLR)")
        }
        comparison = try Monitor(key: monitor, mode: mode, minDelta: minDelta, owner: "ReduceLROnPlateau")
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.cooldown = cooldown
        self.minLR = minLR
        self.write = write
        best = comparison.worst
    }

    /// Starts afresh, so that one instance can serve several `fit` calls.
    public func trainingWillBegin(_ training: TrainingContext) {
        best = comparison.worst
        wait = 0
        cooldownCounter = 0
        warnedAboutMissingKey = false
    }

    /// Records the rate used in this epoch as `learning_rate`.
    public func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) {
        logs["learning_rate"] = training.optimizer.learningRate
    }

    /// Compares the monitored value with the best and lowers the rate after `patience` epochs
    /// without improvement (outside cooldown).
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        guard let current = logs[monitor] else {
            if !warnedAboutMissingKey {
                warnedAboutMissingKey = true
                write("Warning: Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(Monitor.available(in: logs)).\n")
            }
            return
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if comparison.isImprovement(current, over: best) {
            best = current
            wait = 0
            return
        }
        guard cooldownCounter == 0 else { return }
        wait += 1
        guard wait >= patience else { return }
        let rate = training.optimizer.learningRate
        guard rate > minLR else { return }
        let reduced = Swift.max(rate * factor, minLR)
        training.optimizer.learningRate = reduced
        if verbose > 0 {
            write("Epoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(describeRate(reduced)).\n")
        }
        cooldownCounter = cooldown
        wait = 0
    }
}
