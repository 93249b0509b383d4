/// The one list that maps saved metric names to the built-in metrics, so that a loaded model is
/// compiled with the metrics it was saved with. A new built-in metric is added here.
enum MetricRegistry {
    /// Rebuilds a built-in metric from its name and saved configuration.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming `source` for an unknown name or a bad
    ///   hyper-parameter.
    static func make(name: String, configuration values: [String: JSONValue], source: String) throws -> Metric {
        let configuration = Configuration(values, owner: "\(source): metric '\(name)'")
        let metric: Metric
        switch name {
        case "accuracy": metric = .accuracy
        case "binary_accuracy": metric = .binaryAccuracy(threshold: try configuration.float("threshold", default: 0.5))
        case "categorical_accuracy": metric = .categoricalAccuracy
        case "sparse_categorical_accuracy": metric = .sparseCategoricalAccuracy
        case "top_k_categorical_accuracy":
            metric = .topKCategoricalAccuracy(k: try configuration.int("k", default: 5, in: 1...Int(Int32.max)))
        case "sparse_top_k_categorical_accuracy":
            metric = .sparseTopKCategoricalAccuracy(k: try configuration.int("k", default: 5, in: 1...Int(Int32.max)))
        case "precision": metric = .precision(threshold: try configuration.float("thresholds", default: 0.5))
        case "recall": metric = .recall(threshold: try configuration.float("thresholds", default: 0.5))
        case "auc": metric = .auc(numThresholds: try configuration.int("num_thresholds", default: 200, in: 2...(1 << 20)))
        case "mean_absolute_error": metric = .meanAbsoluteError
        case "mean_squared_error": metric = .meanSquaredError
        case "root_mean_squared_error": metric = .rootMeanSquaredError
        default:
            throw SynapseError.fileError("\(source): unknown metric '\(name)'; known metrics: \(knownNames.joined(separator: ", "))")
        }
        do {
            try metric.function.validate()
        } catch let error as SynapseError {
            throw SynapseError.fileError("\(source): \(error.message)")
        }
        return metric
    }

    /// The names `make` knows.
    static let knownNames = [
        "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "precision", "recall", "auc",
        "mean_absolute_error", "mean_squared_error", "root_mean_squared_error",
    ]
}
