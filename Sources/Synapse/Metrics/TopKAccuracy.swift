/// Whether each row's target class is among its `k` largest predictions, as TensorFlow's
/// `in_top_k`: the target is in when fewer than `k` classes score strictly higher, so classes tied
/// with the k-th largest value all count as in. A non-finite target score is never in.
enum TopK {
    static func contains(_ predictions: Tensor, targets: [Int], k: Int) -> [Float] {
        let classes = predictions.shape.last ?? 1
        return predictions.withUnsafeBufferPointer { p in
            targets.enumerated().map { row, target -> Float in
                let base = row * classes, score = p[base + target]
                guard score.isFinite else { return 0 }
                var higher = 0
                for j in base..<(base + classes) where p[j] > score { higher += 1 }
                return higher < k ? 1 : 0
            }
        }
    }

    static func validate(_ k: Int, metric: String) throws {
        guard k >= 1 else {
            throw SynapseError.invalidArgument("\(metric): k must be ≥ 1, found \(k)")
        }
    }
}

/// `top_k_categorical_accuracy`: how often the one-hot label's class is among the `k` largest
/// predictions.
struct TopKCategoricalAccuracy: MeanMetricFunction, BuiltInMetric {
    let k: Int
    var name: String { "top_k_categorical_accuracy" }
    var configuration: [String: JSONValue] { ["k": .number(Double(k))] }

    func validate() throws { try TopK.validate(k, metric: name) }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try validate()
        let targets = try MetricLabels.oneHotClasses(name, predictions: predictions, labels: labels)
        return TopK.contains(predictions, targets: targets, k: k)
    }
}

/// `sparse_top_k_categorical_accuracy`: how often the class-index label is among the `k` largest
/// predictions.
struct SparseTopKCategoricalAccuracy: MeanMetricFunction, BuiltInMetric {
    let k: Int
    var name: String { "sparse_top_k_categorical_accuracy" }
    var configuration: [String: JSONValue] { ["k": .number(Double(k))] }

    func validate() throws { try TopK.validate(k, metric: name) }

    func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
        try validate()
        let targets = try MetricLabels.classIndices(name, predictions: predictions, labels: labels)
        return TopK.contains(predictions, targets: targets, k: k)
    }
}
