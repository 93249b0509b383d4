/// The numbers of one batch or epoch: `loss`, metrics, and `val_…` entries at epoch end.
public typealias Logs = [String: Float]

/// Hooks into `fit`. Every method has an empty default, so a callback implements only what it needs.
/// The progress bar is itself a callback.
public protocol Callback: AnyObject {
    func trainingWillBegin(_ training: TrainingContext)
    func epochWillBegin(_ epoch: Int, training: TrainingContext)
    func batchWillBegin(_ batch: Int, training: TrainingContext)
    /// `logs` holds the running epoch values (exact over the batches so far).
    func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext)
    /// `logs` holds the epoch's values, validation included.
    func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext)
    func trainingDidEnd(_ training: TrainingContext)
}

extension Callback {
    public func trainingWillBegin(_ training: TrainingContext) {}
    public func epochWillBegin(_ epoch: Int, training: TrainingContext) {}
    public func batchWillBegin(_ batch: Int, training: TrainingContext) {}
    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {}
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {}
    public func trainingDidEnd(_ training: TrainingContext) {}
}

/// What callbacks see of a running `fit`, and how they stop it.
public final class TrainingContext {
    /// The model being trained.
    public unowned let model: Sequential
    /// The epoch `fit` stops before (exclusive, 0-based), as passed to `fit`.
    public let epochs: Int
    /// Batches per epoch.
    public let stepsPerEpoch: Int
    /// The history so far.
    public internal(set) var history: History
    /// Set to `true` to end training after the current batch.
    public var stopTraining = false

    init(model: Sequential, epochs: Int, stepsPerEpoch: Int, history: History) {
        self.model = model
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.history = history
    }
}
