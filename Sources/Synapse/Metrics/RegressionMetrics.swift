/// `mean_absolute_error`: the mean of |prediction − label| over every element of the epoch.
struct MeanAbsoluteError: MeanMetricFunction, BuiltInMetric {
    var name: String { "mean_absolute_error" }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try Errors.elementwise(name, predictions, labels) { Swift.abs($0) }
    }
}

/// `mean_squared_error`: the mean of (prediction − label)² over every element of the epoch.
struct MeanSquaredError: MeanMetricFunction, BuiltInMetric {
    var name: String { "mean_squared_error" }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try Errors.elementwise(name, predictions, labels) { $0 * $0 }
    }
}

/// `root_mean_squared_error`: the square root of the epoch's mean squared error (not a mean of
/// per-batch roots), as Keras's `RootMeanSquaredError`.
struct RootMeanSquaredError: MeanMetricFunction, BuiltInMetric {
    var name: String { "root_mean_squared_error" }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try Errors.elementwise(name, predictions, labels) { $0 * $0 }
    }

    func result(_ state: MeanState) -> Float { state.mean.squareRoot() }
}

private enum Errors {
    /// `transform(prediction − label)` for every element, after checking the labels' shape.
    static func elementwise(_ metric: String, _ predictions: Tensor, _ labels: Tensor,
                            _ transform: (Float) -> Float) throws -> [Float] {
        try MetricLabels.requireElementwise(metric, predictions: predictions, labels: labels)
        return zip(predictions.scalars, labels.scalars).map { transform($0 - $1) }
    }
}
