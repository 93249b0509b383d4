/// A callback made of closures, for small one-off hooks — Keras's `LambdaCallback`.
///
/// ```swift
/// var losses: [Float] = []
/// let recorder = LambdaCallback(onEpochEnd: { epoch, logs in losses.append(logs["loss"]!) })
/// try model.fit(x, y, epochs: 5, callbacks: [recorder])
/// ```
///
/// Epochs and batches are 0-based. Closures may throw; the error ends `fit`. To stop training or
/// change the logs, write a type conforming to ``Callback`` instead.
public final class LambdaCallback: Callback {
    private let onEpochBegin: ((_ epoch: Int) throws -> Void)?
    private let onEpochEnd: ((_ epoch: Int, _ logs: Logs) throws -> Void)?
    private let onBatchBegin: ((_ batch: Int) throws -> Void)?
    private let onBatchEnd: ((_ batch: Int, _ logs: Logs) throws -> Void)?
    private let onTrainBegin: (() throws -> Void)?
    private let onTrainEnd: (() throws -> Void)?

    /// Creates a callback calling the given closures; any can be left out.
    ///
    /// - Parameters:
    ///   - onEpochBegin: called with the epoch before it starts.
    ///   - onEpochEnd: called with the epoch and its logs (validation included) after it ends.
    ///   - onBatchBegin: called with the batch (within its epoch) before it runs.
    ///   - onBatchEnd: called with the batch and the running epoch logs after it runs.
    ///   - onTrainBegin: called once before training.
    ///   - onTrainEnd: called once after training.
    public init(onEpochBegin: ((_ epoch: Int) throws -> Void)? = nil,
                onEpochEnd: ((_ epoch: Int, _ logs: Logs) throws -> Void)? = nil,
                onBatchBegin: ((_ batch: Int) throws -> Void)? = nil,
                onBatchEnd: ((_ batch: Int, _ logs: Logs) throws -> Void)? = nil,
                onTrainBegin: (() throws -> Void)? = nil,
                onTrainEnd: (() throws -> Void)? = nil) {
        self.onEpochBegin = onEpochBegin
        self.onEpochEnd = onEpochEnd
        self.onBatchBegin = onBatchBegin
        self.onBatchEnd = onBatchEnd
        self.onTrainBegin = onTrainBegin
        self.onTrainEnd = onTrainEnd
    }

    /// Calls `onTrainBegin`.
    public func trainingWillBegin(_ training: TrainingContext) throws { try onTrainBegin?() }
    /// Calls `onEpochBegin`.
    public func epochWillBegin(_ epoch: Int, training: TrainingContext) throws { try onEpochBegin?(epoch) }
    /// Calls `onBatchBegin`.
    public func batchWillBegin(_ batch: Int, training: TrainingContext) throws { try onBatchBegin?(batch) }
    /// Calls `onBatchEnd`.
    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) throws { try onBatchEnd?(batch, logs) }
    /// Calls `onEpochEnd`.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws { try onEpochEnd?(epoch, logs) }
    /// Calls `onTrainEnd`.
    public func trainingDidEnd(_ training: TrainingContext) throws { try onTrainEnd?() }
}
