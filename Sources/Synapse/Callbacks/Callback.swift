import Foundation

/// The numbers of one batch or epoch: `loss`, metrics, and `val_…` entries at epoch end.
public typealias Logs = [String: Float]

/// Hooks into `fit`. Every method has an empty default, so a callback implements only what it needs.
/// The progress bar is itself a callback.
///
/// At the end of an epoch `fit` first calls every callback's ``epochWillEnd(_:logs:training:)``,
/// where a callback may add entries to the epoch's logs (``ReduceLROnPlateau`` adds
/// `learning_rate`); then the ``History`` records the logs; then every callback's
/// ``epochDidEnd(_:logs:training:)`` sees the complete logs — as in Keras, where the history is the
/// last callback to see them.
///
/// Hooks may throw: the error ends `fit`, which rethrows it (a ``ModelCheckpoint`` that cannot write
/// its file, for example). Implementations that cannot fail need not be marked `throws`.
public protocol Callback: AnyObject {
    /// Called once before the first epoch.
    func trainingWillBegin(_ training: TrainingContext) throws
    /// Called before each epoch (0-based), after the optimizer's own per-epoch schedule.
    func epochWillBegin(_ epoch: Int, training: TrainingContext) throws
    /// Called before each batch (0-based within the epoch).
    func batchWillBegin(_ batch: Int, training: TrainingContext) throws
    /// `logs` holds the running epoch values (exact over the batches so far).
    func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) throws
    /// Called when the epoch's values are complete (validation included), before the history records
    /// them: add entries to `logs` here, and every later callback, the history and
    /// ``epochDidEnd(_:logs:training:)`` see them.
    func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) throws
    /// `logs` holds the epoch's values, validation included, as the history recorded them.
    func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws
    /// Called once after the last epoch, also when a callback stopped training early.
    func trainingDidEnd(_ training: TrainingContext) throws
    /// Whether, when `fit` runs on several processes with a ``DistributionStrategy``, only the chief
    /// (rank 0) runs this callback: `true` for those that print or write files (``ProgressBar``,
    /// ``ModelCheckpoint``, ``CSVLogger``), `false` (the default) for those that every rank must run
    /// alike (``EarlyStopping``, ``ReduceLROnPlateau``, ``LearningRateScheduler``).
    var runsOnChiefOnly: Bool { get }
}

extension Callback {
    /// Does nothing.
    public func trainingWillBegin(_ training: TrainingContext) {}
    /// Does nothing.
    public func epochWillBegin(_ epoch: Int, training: TrainingContext) {}
    /// Does nothing.
    public func batchWillBegin(_ batch: Int, training: TrainingContext) {}
    /// Does nothing.
    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {}
    /// Leaves the logs as they are.
    public func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) {}
    /// Does nothing.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {}
    /// Does nothing.
    public func trainingDidEnd(_ training: TrainingContext) {}
    /// `false`: every rank runs the callback.
    public var runsOnChiefOnly: Bool { false }
}

/// What callbacks see of a running `fit`, and how they stop it.
public final class TrainingContext {
    /// The model being trained; its `parameters` can be read and assigned (``EarlyStopping``
    /// restores the best weights this way).
    public unowned let model: Model
    /// The optimizer the model was compiled with; its `learningRate` can be set between batches.
    public let optimizer: any Optimizer
    /// The epoch `fit` stops before (exclusive, 0-based), as passed to `fit`.
    public let epochs: Int
    /// Batches per epoch.
    public let stepsPerEpoch: Int
    /// The history so far.
    public internal(set) var history: History
    /// Set to `true` to end training after the current batch.
    public var stopTraining = false
    /// Numbers callbacks measured during this `fit`, in the order recorded, for other callbacks to
    /// log: ``GradientFlow`` records its per-layer norms here and the `TensorBoard` callback writes
    /// them as scalars. Add to it with ``record(_:)``.
    public private(set) var measurements: [TrainingMeasurement] = []

    /// Adds measurements for other callbacks to see (after this hook, or in a later one).
    public func record(_ newMeasurements: [TrainingMeasurement]) {
        measurements.append(contentsOf: newMeasurements)
    }

    init(model: Model, optimizer: any Optimizer, epochs: Int, stepsPerEpoch: Int, history: History) {
        self.model = model
        self.optimizer = optimizer
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.history = history
    }
}

/// Writes `text` to standard output and flushes it: where callbacks' messages go by default.
///
/// It goes through `print`, so that messages interleave correctly with the progress bar and the
/// program's own output.
@usableFromInline
func writeToStandardOutput(_ text: String) {
    print(text, terminator: "")
    fflush(nil)
}

/// A learning rate for messages: up to 7 significant digits (a `Float`'s precision), so that
/// 0.001 × 0.1 reads `0.0001` rather than `0.000100000005`.
func describeRate(_ rate: Float) -> String {
    String(format: "%.7g", Double(rate))
}

extension SynapseError {
    /// The same error with `prefix: ` before its message.
    func prefixed(_ prefix: String) -> SynapseError {
        let message = "\(prefix): \(self.message)"
        switch self {
        case .shapeMismatch: return .shapeMismatch(message)
        case .invalidArgument: return .invalidArgument(message)
        case .invalidData: return .invalidData(message)
        case .fileError: return .fileError(message)
        case .invalidState: return .invalidState(message)
        }
    }
}
