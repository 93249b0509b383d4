/// A metric reported during training and evaluation, accumulated exactly over an epoch.
///
/// `.accuracy` is resolved like Keras: binary (threshold 0.5) when the model has one output unit,
/// sparse categorical when labels are class indices, categorical when they are one-hot rows.
public struct Metric: Equatable, Sendable, CustomStringConvertible {
    /// The kinds of metric.
    public enum Kind: Equatable, Sendable {
        case accuracy
        case binaryAccuracy(threshold: Float)
        case categoricalAccuracy
        case sparseCategoricalAccuracy
    }

    /// Which metric.
    public let kind: Kind

    /// Accuracy, resolved from the output and label shapes.
    public static let accuracy = Metric(kind: .accuracy)
    /// The fraction of predictions on the same side of 0.5 as their labels.
    public static let binaryAccuracy = Metric(kind: .binaryAccuracy(threshold: 0.5))
    /// The fraction of rows whose largest prediction is at the one-hot label's 1.
    public static let categoricalAccuracy = Metric(kind: .categoricalAccuracy)
    /// The fraction of rows whose largest prediction is at the integer label.
    public static let sparseCategoricalAccuracy = Metric(kind: .sparseCategoricalAccuracy)

    /// Binary accuracy with a custom threshold.
    public static func binaryAccuracy(threshold: Float) -> Metric { Metric(kind: .binaryAccuracy(threshold: threshold)) }

    /// The key under which the metric appears in logs and ``History`` (as Keras).
    public var name: String {
        switch kind {
        case .accuracy: return "accuracy"
        case .binaryAccuracy: return "binary_accuracy"
        case .categoricalAccuracy: return "categorical_accuracy"
        case .sparseCategoricalAccuracy: return "sparse_categorical_accuracy"
        }
    }

    public var description: String { name }

    /// The concrete metric `.accuracy` stands for, given one batch's predictions and labels.
    func resolved(predictions: Tensor, labels: Tensor) -> Kind {
        guard case .accuracy = kind else { return kind }
        if predictions.shape.last == 1 { return .binaryAccuracy(threshold: 0.5) }
        if labels.rank < predictions.rank || labels.shape.last == 1 { return .sparseCategoricalAccuracy }
        return .categoricalAccuracy
    }

    /// A fresh accumulator for one epoch.
    func makeAccumulator() -> MetricAccumulator { MetricAccumulator(metric: self) }
}

/// Sums a metric's correct counts over the batches of an epoch, so the epoch value is exact (not a
/// mean of batch means).
struct MetricAccumulator {
    let metric: Metric
    private(set) var correct: Double = 0
    private(set) var total: Double = 0

    init(metric: Metric) { self.metric = metric }

    /// The value so far (0 before any batch).
    var value: Float { total > 0 ? Float(correct / total) : 0 }

    mutating func reset() { correct = 0; total = 0 }

    /// Adds one batch.
    mutating func update(predictions: Tensor, labels: Tensor) throws {
        let kind = metric.resolved(predictions: predictions, labels: labels)
        let p = predictions.scalars, y = labels.scalars
        switch kind {
        case .binaryAccuracy(let threshold):
            guard predictions.count == labels.count else {
                throw SynapseError.shapeMismatch("\(metric.name): labels of shape \(labels.shape) do not match predictions of shape \(predictions.shape)")
            }
            for i in 0..<p.count where (p[i] > threshold) == (y[i] > threshold) { correct += 1 }
            total += Double(p.count)
        case .categoricalAccuracy:
            guard predictions.shape == labels.shape, predictions.rank >= 1 else {
                throw SynapseError.shapeMismatch("\(metric.name): one-hot labels of shape \(labels.shape) do not match predictions of shape \(predictions.shape)")
            }
            let predicted = try predictions.argmax(alongAxis: -1), actual = try labels.argmax(alongAxis: -1)
            for (a, b) in zip(predicted, actual) where a == b { correct += 1 }
            total += Double(predicted.count)
        case .sparseCategoricalAccuracy:
            let predicted = try predictions.argmax(alongAxis: -1)
            guard predicted.count == labels.count else {
                throw SynapseError.shapeMismatch("\(metric.name): expected \(predicted.count) class labels for predictions of shape \(predictions.shape), found labels of shape \(labels.shape)")
            }
            for (a, b) in zip(predicted, y) where Float(a) == b { correct += 1 }
            total += Double(predicted.count)
        case .accuracy:
            preconditionFailure("internal: accuracy is resolved before use")
        }
    }
}
