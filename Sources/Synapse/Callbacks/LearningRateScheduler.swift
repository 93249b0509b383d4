/// Sets the optimizer's learning rate at the start of every epoch from a function of the epoch and
/// the current rate — Keras's `LearningRateScheduler`.
///
/// ```swift
/// // Keep the rate for ten epochs, then shrink it by e^-0.1 per epoch.
/// let scheduler = LearningRateScheduler { epoch, rate in
///     epoch < 10 ? rate : rate * exp(-0.1)
/// }
/// let history = try model.fit(x, y, epochs: 15, callbacks: [scheduler])
/// history["learning_rate"]   // the rate each epoch used
/// ```
///
/// The epoch is 0-based. Every epoch's logs get the rate under `learning_rate`. With `verbose: 1` it
/// prints Keras's message, `Epoch 1: LearningRateScheduler setting learning rate to 0.01.` Setting
/// the rate replaces any learning-rate schedule of the optimizer with that constant; the callback
/// runs after the optimizer's own per-epoch update (``DecaySGD``), so it has the last word.
public final class LearningRateScheduler: Callback {
    /// 0: silent; 1: a message every epoch.
    public let verbose: Int
    private let schedule: (Int, Float) throws -> Float
    private let write: (String) -> Void

    /// Creates a scheduler.
    ///
    /// - Parameters:
    ///   - schedule: the learning rate for an epoch (0-based), given the current rate. An error it
    ///     throws ends `fit`.
    ///   - verbose: 1 prints Keras's message through `write`.
    ///   - write: where messages go; standard output by default.
    public init(_ schedule: @escaping (_ epoch: Int, _ learningRate: Float) throws -> Float, verbose: Int = 0,
                write: @escaping (String) -> Void = writeToStandardOutput) {
        self.schedule = schedule
        self.verbose = verbose
        self.write = write
    }

    /// - Throws: ``SynapseError/invalidArgument(_:)`` when the schedule returns a negative or
    ///   non-finite rate.
    public func epochWillBegin(_ epoch: Int, training: TrainingContext) throws {
        let rate = try schedule(epoch, training.optimizer.learningRate)
        guard rate.isFinite, rate >= 0 else {
            throw SynapseError.invalidArgument("LearningRateScheduler: the schedule returned \(rate) for epoch \(epoch) (0-based); expected a finite learning rate ≥ 0")
        }
        training.optimizer.learningRate = rate
        if verbose > 0 {
            write("Epoch \(epoch + 1): LearningRateScheduler setting learning rate to \(describeRate(rate)).\n")
        }
    }

    /// Records the rate used in this epoch as `learning_rate`.
    public func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) {
        logs["learning_rate"] = training.optimizer.learningRate
    }
}
