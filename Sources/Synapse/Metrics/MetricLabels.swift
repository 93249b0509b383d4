/// The label checks the built-in metrics share. Every error names the metric, what it expected and
/// what it found.
enum MetricLabels {
    /// Checks labels compared element by element with the predictions (binary accuracy, precision,
    /// recall, AUC, errors): the same shape, or the same but for a trailing axis of size 1 (labels
    /// `[n]` for predictions `[n, 1]`), as Keras's `squeeze_or_expand_to_same_rank`.
    static func requireElementwise(_ metric: String, predictions: Tensor, labels: Tensor) throws {
        let p = predictions.shape, y = labels.shape
        guard p == y || p == y + [1] || y == p + [1] else {
            throw SynapseError.shapeMismatch("\(metric): expected labels of shape \(p) (one per prediction), found labels of shape \(y)")
        }
    }

    /// The number of classes of predictions `[…, classes]`.
    static func classCount(_ metric: String, predictions: Tensor) throws -> Int {
        guard predictions.rank >= 1, let classes = predictions.shape.last, classes > 0 else {
            throw SynapseError.shapeMismatch("\(metric): expected predictions with a last axis of class scores, found shape \(predictions.shape)")
        }
        return classes
    }

    /// The class of each one-hot label row (the index of its largest value, the first on ties);
    /// the labels must have the predictions' shape.
    static func oneHotClasses(_ metric: String, predictions: Tensor, labels: Tensor) throws -> [Int] {
        _ = try classCount(metric, predictions: predictions)
        guard labels.shape == predictions.shape else {
            let hint = labels.count * (predictions.shape.last ?? 1) == predictions.count
                ? " (these look like class indices: use the sparse metric)" : ""
            throw SynapseError.shapeMismatch("\(metric): expected one-hot labels of shape \(predictions.shape) like the predictions, found labels of shape \(labels.shape)\(hint)")
        }
        return try labels.argmax(alongAxis: -1)
    }

    /// Class-index labels for predictions `[…, classes]`: of shape `[…]` or `[…, 1]`, each a whole
    /// number in `0..<classes`.
    static func classIndices(_ metric: String, predictions: Tensor, labels: Tensor) throws -> [Int] {
        let classes = try classCount(metric, predictions: predictions)
        let rows = Array(predictions.shape.dropLast())
        guard labels.shape == rows || labels.shape == rows + [1] else {
            let hint = labels.shape == predictions.shape ? " (these look like one-hot rows: use the categorical metric)" : ""
            throw SynapseError.shapeMismatch("\(metric): expected class-index labels of shape \(rows) for predictions of shape \(predictions.shape), found labels of shape \(labels.shape)\(hint)")
        }
        return try labels.scalars.enumerated().map { index, label in
            guard label == label.rounded(), label >= 0, label < Float(classes) else {
                throw SynapseError.invalidData("\(metric): label \(label) at index \(index) is not a class index in 0..<\(classes)")
            }
            return Int(label)
        }
    }
}
