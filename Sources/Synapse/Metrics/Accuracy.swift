/// `accuracy`: binary, sparse categorical or categorical accuracy, chosen from the shapes of each
/// batch as Keras's `compile` chooses it.
struct Accuracy: MeanMetricFunction, BuiltInMetric {
    var name: String { "accuracy" }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try resolved(predictions: predictions, labels: labels).values(predictions: predictions, labels: labels)
    }

    /// The concrete accuracy: binary when the output has one unit, sparse categorical when labels
    /// are class indices (a lower rank, or a last axis of 1), categorical otherwise.
    private func resolved(predictions: Tensor, labels: Tensor) -> any MeanMetricFunction {
        if predictions.shape.last == 1 { return BinaryAccuracy(threshold: 0.5, name: name) }
        if labels.rank < predictions.rank || labels.shape.last == 1 { return SparseCategoricalAccuracy(name: name) }
        return CategoricalAccuracy(name: name)
    }
}

/// `binary_accuracy`: the fraction of labels equal to their prediction thresholded to 0 or 1
/// (above `threshold` → 1), as Keras.
struct BinaryAccuracy: MeanMetricFunction, BuiltInMetric {
    let threshold: Float
    var name = "binary_accuracy"

    var configuration: [String: JSONValue] { ["threshold": .number(Double(threshold))] }

    func validate() throws {
        guard threshold.isFinite else {
            throw SynapseError.invalidArgument("\(name): the threshold must be a finite number, found \(threshold)")
        }
    }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try MetricLabels.requireElementwise(name, predictions: predictions, labels: labels)
        return zip(predictions.scalars, labels.scalars).map { p, y in y == (p > threshold ? 1 : 0) ? 1 : 0 }
    }
}

/// `categorical_accuracy`: the fraction of rows whose largest prediction is at the one-hot label's
/// largest value (the first index on ties, for both).
struct CategoricalAccuracy: MeanMetricFunction, BuiltInMetric {
    var name = "categorical_accuracy"

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        let actual = try MetricLabels.oneHotClasses(name, predictions: predictions, labels: labels)
        return zip(try predictions.argmax(alongAxis: -1), actual).map { $0 == $1 ? 1 : 0 }
    }
}

/// `sparse_categorical_accuracy`: the fraction of rows whose largest prediction is at the
/// class-index label.
struct SparseCategoricalAccuracy: MeanMetricFunction, BuiltInMetric {
    var name = "sparse_categorical_accuracy"

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        let actual = try MetricLabels.classIndices(name, predictions: predictions, labels: labels)
        return zip(try predictions.argmax(alongAxis: -1), actual).map { $0 == $1 ? 1 : 0 }
    }
}
