/// True and false positives and negatives at each of a list of thresholds, summed over the batches
/// of an epoch: the state of precision, recall and AUC, as Keras's confusion-matrix variables.
///
/// Every element of the predictions is one binary decision (multi-column outputs are flattened): it
/// is positive at a threshold when it is strictly above it, and its label is positive when it is
/// not 0. A custom metric built from these counts (an F-score, say) can use this as its state:
///
/// ```swift
/// struct F1Score: MetricFunction {
///     var name: String { "f1_score" }
///     func makeState() -> ConfusionCounts { ConfusionCounts(thresholds: [0.5]) }
///     func update(_ state: inout ConfusionCounts, predictions: Tensor, labels: Tensor) throws {
///         try state.add(predictions: predictions, labels: labels, metric: name)
///     }
///     func result(_ state: ConfusionCounts) -> Float {
///         let tp = state.truePositives[0]
///         return ConfusionCounts.ratio(2 * tp, 2 * tp + state.falsePositives[0] + state.falseNegatives[0])
///     }
/// }
/// ```
public struct ConfusionCounts: Sendable, Equatable {
    /// The thresholds, in the order of the counts.
    public let thresholds: [Float]
    /// Positive labels predicted positive, per threshold.
    public internal(set) var truePositives: [Double]
    /// Negative labels predicted positive, per threshold.
    public internal(set) var falsePositives: [Double]
    /// Negative labels predicted negative, per threshold.
    public internal(set) var trueNegatives: [Double]
    /// Positive labels predicted negative, per threshold.
    public internal(set) var falseNegatives: [Double]

    /// Zero counts at each of `thresholds`.
    public init(thresholds: [Float]) {
        self.thresholds = thresholds
        let zeros = [Double](repeating: 0, count: thresholds.count)
        (truePositives, falsePositives, trueNegatives, falseNegatives) = (zeros, zeros, zeros, zeros)
    }

    /// Adds one batch, comparing every prediction with every threshold.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` naming `metric` unless the labels have the
    ///   predictions' shape (labels `[n]` are accepted for predictions `[n, 1]`).
    public mutating func add(predictions: Tensor, labels: Tensor, metric: String) throws {
        try MetricLabels.requireElementwise(metric, predictions: predictions, labels: labels)
        let p = predictions.scalars, y = labels.scalars
        for (t, threshold) in thresholds.enumerated() {
            var tp = 0.0, fp = 0.0, tn = 0.0, fn = 0.0
            for i in p.indices {
                switch (p[i] > threshold, y[i] != 0) {
                case (true, true): tp += 1
                case (true, false): fp += 1
                case (false, false): tn += 1
                case (false, true): fn += 1
                }
            }
            truePositives[t] += tp
            falsePositives[t] += fp
            trueNegatives[t] += tn
            falseNegatives[t] += fn
        }
    }

    /// `numerator / denominator`, or 0 when the denominator is 0 (Keras's `divide_no_nan`).
    public static func ratio(_ numerator: Double, _ denominator: Double) -> Float {
        denominator == 0 ? 0 : Float(numerator / denominator)
    }

    /// Checks that a threshold lies in [0, 1], as Keras requires.
    static func validate(threshold: Float, metric: String) throws {
        guard threshold >= 0, threshold <= 1 else {
            throw SynapseError.invalidArgument("\(metric): the threshold must be in [0, 1], found \(threshold)")
        }
    }
}
