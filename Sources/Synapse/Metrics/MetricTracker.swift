/// A metric's running value over batches, for training loops written by hand: Keras's
/// `m.update_state(y_true, y_pred)`, `m.result()` and `m.reset_state()`.
///
/// ```swift
/// let accuracy = Metric.accuracy.makeTracker()      // or MetricTracker(.accuracy)
/// for batch in try Batches(x: x, y: y, batchSize: 32) {
///     try accuracy.update(labels: batch.y, predictions: try model(batch.x))
/// }
/// print(accuracy.name, accuracy.result())           // exact over every row seen
/// accuracy.reset()                                  // before the next epoch
/// ```
///
/// The value is exact over all the rows added since the last ``reset()`` (never a mean of batch
/// means), computed by the same accumulator `fit` and `evaluate` use, so it equals what they report
/// on the same data. Labels come first and are labelled, so Keras's `(y_true, y_pred)` order
/// cannot be swapped silently.
public final class MetricTracker: CustomStringConvertible {
    /// The running state, shared with `fit` and `evaluate`.
    private var accumulator: MetricAccumulator
    /// Whether the metric's hyper-parameters were checked (on the first update).
    private var isValidated = false

    /// A tracker for `metric`, with nothing added yet.
    public init(_ metric: Metric) { accumulator = metric.makeAccumulator() }

    /// The metric tracked.
    public var metric: Metric { accumulator.metric }

    /// The metric's name, as in logs and ``History`` (`"accuracy"`).
    public var name: String { metric.name }

    /// Adds one batch: `labels` as given to `fit` (one-hot rows, class indices or targets), and the
    /// model's `predictions` for the same rows.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when the metric's hyper-parameters are
    ///   invalid (as `compile` would), or the metric's error naming the expected and the found label
    ///   shape or value. A batch that throws adds nothing.
    public func update(labels: Tensor, predictions: Tensor) throws {
        if !isValidated {
            try metric.function.validate()
            isValidated = true
        }
        var updated = accumulator
        try updated.update(predictions: predictions, labels: labels)
        accumulator = updated
    }

    /// The value over every batch added since the last ``reset()`` (0 before any, for the
    /// built-in metrics).
    public func result() -> Float { accumulator.value }

    /// Forgets every batch added, as at the start of an epoch.
    public func reset() { accumulator.reset() }

    /// The name and the current value, `accuracy: 0.7500`.
    public var description: String { "\(name): \(result())" }
}

extension Metric {
    /// A fresh ``MetricTracker`` for this metric, for a training loop written by hand.
    public func makeTracker() -> MetricTracker { MetricTracker(self) }
}
