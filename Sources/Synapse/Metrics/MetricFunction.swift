/// What a metric computes: how its state starts, how one batch updates it, and the value it reports.
///
/// A metric is stateful over an epoch, as in Keras: `fit` and `evaluate` make a fresh state, call
/// ``update(_:predictions:labels:)`` once per batch and read ``result(_:)`` after each batch, so the
/// epoch value is exact over all rows — never a mean of batch means. Every built-in metric
/// (accuracy, precision, AUC, …) is written this way; a custom metric is one small type:
///
/// ```swift
/// /// The mean of the predictions (whatever the labels).
/// struct MeanPrediction: MeanMetricFunction {
///     var name: String { "mean_prediction" }
///     func values(predictions: Tensor, labels: Tensor) throws -> [Float] { predictions.scalars }
/// }
///
/// try model.compile(loss: .meanSquaredError, optimizer: SGD(),
///                   metrics: [.meanAbsoluteError, Metric(MeanPrediction())])
/// ```
///
/// Metrics that average a value per sample adopt ``MeanMetricFunction`` and write only
/// `values(predictions:labels:)`. Metrics built from confusion counts at thresholds (precision,
/// recall, F-scores) can keep a ``ConfusionCounts`` as their state. Any other state is a type of
/// your own.
///
/// Saving: a model's metrics are saved by ``name`` (with ``configuration``). Built-in metrics are
/// restored by name when the model is loaded; a custom metric cannot be rebuilt from a file, so
/// ``Model/load(from:)`` throws a ``SynapseError/fileError(_:)`` naming it. To use such a file,
/// build and compile the model in code and call ``Model/loadWeights(from:)``.
public protocol MetricFunction: Sendable {
    /// The running state of one epoch (sums, counts, …).
    associatedtype State

    /// The key under which the metric appears in logs and ``History`` (`"accuracy"`, `"auc"`).
    /// Validation values get the `val_` prefix.
    var name: String { get }

    /// The hyper-parameters saved with a model (for example `["k": 5]`); empty by default.
    var configuration: [String: JSONValue] { get }

    /// Checks the hyper-parameters; called by `compile`, which rethrows the error. By default a
    /// metric has nothing to check.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the metric and the bad value.
    func validate() throws

    /// The state before the first batch of an epoch.
    func makeState() -> State

    /// Adds one batch: `predictions` are the model's outputs (probabilities for a softmax or sigmoid
    /// output), `labels` the batch's labels as given to `fit` or `evaluate`.
    ///
    /// - Throws: a ``SynapseError`` naming the metric when the labels do not suit it (their shape, or
    ///   class indices out of range).
    func update(_ state: inout State, predictions: Tensor, labels: Tensor) throws

    /// The metric's value for the batches added so far (the value before any batch is up to the
    /// metric; the built-ins report 0).
    func result(_ state: State) -> Float
}

extension MetricFunction {
    /// No hyper-parameters to save.
    public var configuration: [String: JSONValue] { [:] }

    /// Nothing to check.
    public func validate() throws {}
}

/// A metric whose value is the mean of one number per sample (or per element) over all the rows of
/// an epoch, like Keras's `MeanMetricWrapper`: accuracies, mean absolute error, …
///
/// Write ``values(predictions:labels:)``; the sums and counts are kept for you in a ``MeanState``.
/// A metric that transforms the mean (the root of the mean squared error) also writes `result(_:)`.
public protocol MeanMetricFunction: MetricFunction where State == MeanState {
    /// The values of one batch whose mean over the epoch is the metric: one per sample, or one per
    /// element when every sample has the same number of elements (the mean is then the same).
    func values(predictions: Tensor, labels: Tensor) throws -> [Float]
}

extension MeanMetricFunction {
    /// An empty sum.
    public func makeState() -> MeanState { MeanState() }

    /// Adds the batch's ``values(predictions:labels:)`` to the running sum.
    public func update(_ state: inout MeanState, predictions: Tensor, labels: Tensor) throws {
        state.add(try values(predictions: predictions, labels: labels))
    }

    /// The mean of every value added so far (0 before any).
    public func result(_ state: MeanState) -> Float { state.mean }
}

/// A running sum and count, kept in double precision so that an epoch's mean is exact.
public struct MeanState: Sendable, Equatable {
    /// The sum of the values added.
    public private(set) var sum: Double = 0
    /// How many values were added.
    public private(set) var count: Double = 0

    /// An empty sum.
    public init() {}

    /// Adds values.
    public mutating func add(_ values: [Float]) {
        var batchSum = 0.0
        for value in values { batchSum += Double(value) }
        sum += batchSum
        count += Double(values.count)
    }

    /// Adds a pre-computed sum of `count` values.
    public mutating func add(sum: Double, count: Double) {
        self.sum += sum
        self.count += count
    }

    /// `sum / count`, or 0 before any value.
    public var mean: Float { count > 0 ? Float(sum / count) : 0 }
}
