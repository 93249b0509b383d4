/// Stops training as soon as a batch's loss is NaN or infinite — Keras's `TerminateOnNaN`.
///
/// It checks the loss after every batch and, when it is not finite, prints Keras's message
/// `Batch 12: Invalid loss, terminating training` (the batch counted from 0 within its epoch) and
/// stops training gracefully: the epoch ends, the history records it, and the other callbacks'
/// end-of-training hooks run. With `raiseError: true` it throws instead, ending `fit` at once.
///
/// ```swift
/// try model.fit(x, y, epochs: 10, callbacks: [TerminateOnNaN()])
/// ```
public final class TerminateOnNaN: Callback {
    /// Whether a non-finite loss throws ``SynapseError/invalidData(_:)`` instead of stopping training.
    public let raiseError: Bool
    /// The 0-based epoch and batch at which training was stopped, or `nil` if it was not.
    public private(set) var stoppedAt: (epoch: Int, batch: Int)?

    private let write: (String) -> Void
    private var epoch = 0

    /// Creates the callback; its message goes through `write` (standard output by default).
    public init(raiseError: Bool = false, write: @escaping (String) -> Void = writeToStandardOutput) {
        self.raiseError = raiseError
        self.write = write
    }

    /// Forgets an earlier stop.
    public func trainingWillBegin(_ training: TrainingContext) { stoppedAt = nil }

    /// Notes the epoch, for messages.
    public func epochWillBegin(_ epoch: Int, training: TrainingContext) { self.epoch = epoch }

    /// - Throws: ``SynapseError/invalidData(_:)`` for a NaN or infinite loss when `raiseError`.
    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) throws {
        guard let loss = logs["loss"], !loss.isFinite else { return }
        if raiseError {
            throw SynapseError.invalidData("TerminateOnNaN: NaN or Inf loss encountered at batch \(batch) of epoch \(epoch + 1). Loss value: \(loss). Terminating training immediately.")
        }
        write("Batch \(batch): Invalid loss, terminating training\n")
        stoppedAt = (epoch, batch)
        training.stopTraining = true
    }
}
