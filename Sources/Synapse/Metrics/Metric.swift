/// A metric reported during training and evaluation, accumulated exactly over an epoch.
///
/// The built-in metrics read as in Keras, `metrics: [.accuracy, .auc, .topKCategoricalAccuracy(k: 3)]`,
/// and log under Keras's names. A custom metric is any ``MetricFunction`` wrapped with
/// ``init(_:)``: `metrics: [.accuracy, Metric(MeanPrediction())]`.
///
/// `.accuracy` is resolved like Keras: binary (threshold 0.5) when the model has one output unit,
/// sparse categorical when labels are class indices, categorical when they are one-hot rows.
public struct Metric: Equatable, Sendable, CustomStringConvertible {
    /// What the metric computes.
    public let function: any MetricFunction

    /// Wraps a metric function, built in or your own.
    public init(_ function: some MetricFunction) { self.function = function }

    /// The key under which the metric appears in logs and ``History`` (as Keras).
    public var name: String { function.name }

    /// The metric's hyper-parameters, as saved with a model.
    public var configuration: [String: JSONValue] { function.configuration }

    /// The metric's name, as in logs.
    public var description: String { name }

    /// Metrics are equal when they are of the same type with the same name and hyper-parameters.
    public static func == (lhs: Metric, rhs: Metric) -> Bool {
        ObjectIdentifier(type(of: lhs.function)) == ObjectIdentifier(type(of: rhs.function))
            && lhs.name == rhs.name && lhs.configuration == rhs.configuration
    }

    /// Whether the metric is one of Synapse's own, which a saved model restores by name.
    var isBuiltIn: Bool { function is any BuiltInMetric }

    /// A fresh accumulator for one epoch.
    func makeAccumulator() -> MetricAccumulator { MetricAccumulator(metric: self) }
}

// MARK: - Built-in metrics

extension Metric {
    /// Accuracy, resolved from the output and label shapes (binary, sparse categorical or categorical).
    public static let accuracy = Metric(Accuracy())
    /// The fraction of predictions on the same side of 0.5 as their labels: `binary_accuracy`.
    public static let binaryAccuracy = Metric(BinaryAccuracy(threshold: 0.5))
    /// Binary accuracy with a custom threshold: a prediction above it counts as 1.
    public static func binaryAccuracy(threshold: Float) -> Metric { Metric(BinaryAccuracy(threshold: threshold)) }
    /// The fraction of rows whose largest prediction is at the one-hot label's 1: `categorical_accuracy`.
    public static let categoricalAccuracy = Metric(CategoricalAccuracy())
    /// The fraction of rows whose largest prediction is at the class-index label: `sparse_categorical_accuracy`.
    public static let sparseCategoricalAccuracy = Metric(SparseCategoricalAccuracy())

    /// How often the one-hot label's class is among the 5 largest predictions: `top_k_categorical_accuracy`.
    public static let topKCategoricalAccuracy = topKCategoricalAccuracy(k: 5)
    /// How often the one-hot label's class is among the `k` largest predictions (classes tied with
    /// the k-th largest count as in, as TensorFlow's `in_top_k`). `compile` throws if `k` < 1.
    public static func topKCategoricalAccuracy(k: Int) -> Metric { Metric(TopKCategoricalAccuracy(k: k)) }
    /// How often the class-index label is among the 5 largest predictions: `sparse_top_k_categorical_accuracy`.
    public static let sparseTopKCategoricalAccuracy = sparseTopKCategoricalAccuracy(k: 5)
    /// How often the class-index label is among the `k` largest predictions. `compile` throws if `k` < 1.
    public static func sparseTopKCategoricalAccuracy(k: Int) -> Metric { Metric(SparseTopKCategoricalAccuracy(k: k)) }

    /// True positives / predicted positives, a prediction above 0.5 being positive: `precision`.
    ///
    /// Every element is one binary decision (multi-column outputs are flattened, as Keras); a label
    /// is positive when it is not 0. The value is 0 while nothing was predicted positive.
    public static let precision = precision(threshold: 0.5)
    /// Precision with a custom threshold in [0, 1].
    public static func precision(threshold: Float) -> Metric { Metric(Precision(threshold: threshold)) }
    /// True positives / actual positives, a prediction above 0.5 being positive: `recall`.
    public static let recall = recall(threshold: 0.5)
    /// Recall with a custom threshold in [0, 1].
    public static func recall(threshold: Float) -> Metric { Metric(Recall(threshold: threshold)) }

    /// The area under the ROC curve, from confusion counts at 200 thresholds spread evenly over
    /// [0, 1] and summed by the trapezoidal rule, as Keras's default `AUC()`: `auc`.
    public static let auc = auc(numThresholds: 200)
    /// The area under the ROC curve with `numThresholds` thresholds (at least 2).
    public static func auc(numThresholds: Int) -> Metric { Metric(AUC(numThresholds: numThresholds)) }

    /// The mean of |prediction − label|: `mean_absolute_error`.
    public static let meanAbsoluteError = Metric(MeanAbsoluteError())
    /// The mean of (prediction − label)²: `mean_squared_error`.
    public static let meanSquaredError = Metric(MeanSquaredError())
    /// The square root of the epoch's mean squared error: `root_mean_squared_error`.
    public static let rootMeanSquaredError = Metric(RootMeanSquaredError())
}

/// Marks Synapse's own metrics: saved models restore them by name (see `MetricRegistry`).
protocol BuiltInMetric {}

// MARK: - Accumulation

/// One metric's running state over an epoch, whatever the type of that state.
struct MetricAccumulator {
    let metric: Metric
    private var state: any MetricStateBox

    init(metric: Metric) {
        self.metric = metric
        state = metric.function.makeStateBox()
    }

    /// The value so far.
    var value: Float { state.value }

    /// Starts over, as at the beginning of an epoch.
    mutating func reset() { state = metric.function.makeStateBox() }

    /// Adds one batch.
    mutating func update(predictions: Tensor, labels: Tensor) throws {
        try state.update(predictions: predictions, labels: labels)
    }
}

/// A metric function together with its state, behind one type.
private protocol MetricStateBox {
    var value: Float { get }
    mutating func update(predictions: Tensor, labels: Tensor) throws
}

private struct TypedMetricState<Function: MetricFunction>: MetricStateBox {
    let function: Function
    var state: Function.State

    var value: Float { function.result(state) }

    mutating func update(predictions: Tensor, labels: Tensor) throws {
        try function.update(&state, predictions: predictions, labels: labels)
    }
}

extension MetricFunction {
    fileprivate func makeStateBox() -> any MetricStateBox { TypedMetricState(function: self, state: makeState()) }
}
