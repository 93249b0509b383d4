/// `auc`: the area under the ROC curve, as Keras's default `AUC()` (`curve='ROC'`,
/// `summation_method='interpolation'`).
///
/// Confusion counts are kept at `numThresholds` thresholds: 0 − ε, then `i / (numThresholds − 1)`
/// for i in 1…numThresholds − 2, then 1 + ε (ε = 1e-7), so that a prediction of exactly 0 or 1
/// still falls between two thresholds. As Keras does for evenly spread thresholds, each prediction
/// (clipped to [0, 1]) goes into bucket ⌈p·(numThresholds − 1)⌉ − 1 — computed in `Float`, as
/// TensorFlow computes it — and is positive at every threshold up to its bucket. The area is the
/// trapezoidal sum over thresholds of Δ(false-positive rate) × mean(recall at both ends).
struct AUC: MetricFunction, BuiltInMetric {
    let numThresholds: Int
    var name: String { "auc" }
    var configuration: [String: JSONValue] { ["num_thresholds": .number(Double(numThresholds))] }

    /// Keras's `backend.epsilon()`.
    static let epsilon: Float = 1e-7

    func validate() throws {
        guard numThresholds > 1, numThresholds <= 1 << 20 else {
            throw SynapseError.invalidArgument("\(name): numThresholds must be an integer in 2…\(1 << 20), found \(numThresholds)")
        }
    }

    func makeState() -> ConfusionCounts {
        let n = max(numThresholds, 2)
        let inner = (0..<(n - 2)).map { Float(Double($0 + 1) / Double(n - 1)) }
        return ConfusionCounts(thresholds: [0 - AUC.epsilon] + inner + [1 + AUC.epsilon])
    }

    func update(_ state: inout ConfusionCounts, predictions: Tensor, labels: Tensor) throws {
        try validate()
        try MetricLabels.requireElementwise(name, predictions: predictions, labels: labels)
        let count = state.thresholds.count
        var positivesByBucket = [Double](repeating: 0, count: count)
        var negativesByBucket = [Double](repeating: 0, count: count)
        let scale = Float(count - 1)
        for (p, y) in zip(predictions.scalars, labels.scalars) {
            // NaN counts as 0; ±∞ are clipped like any value outside [0, 1].
            let clipped = p.isNaN ? 0 : Swift.min(Swift.max(p, 0), 1)
            let bucket = Swift.max(Int((clipped * scale).rounded(.up)) - 1, 0)
            if y != 0 { positivesByBucket[bucket] += 1 } else { negativesByBucket[bucket] += 1 }
        }
        let positives = positivesByBucket.reduce(0, +), negatives = negativesByBucket.reduce(0, +)
        // A prediction in bucket b is above thresholds 0…b: the counts at threshold t are the sums
        // over buckets ≥ t.
        var tp = 0.0, fp = 0.0
        for t in stride(from: count - 1, through: 0, by: -1) {
            tp += positivesByBucket[t]
            fp += negativesByBucket[t]
            state.truePositives[t] += tp
            state.falsePositives[t] += fp
            state.falseNegatives[t] += positives - tp
            state.trueNegatives[t] += negatives - fp
        }
    }

    func result(_ state: ConfusionCounts) -> Float {
        func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
        let recall = state.thresholds.indices.map {
            ratio(state.truePositives[$0], state.truePositives[$0] + state.falseNegatives[$0])
        }
        let falsePositiveRate = state.thresholds.indices.map {
            ratio(state.falsePositives[$0], state.falsePositives[$0] + state.trueNegatives[$0])
        }
        var area = 0.0
        for i in 0..<(state.thresholds.count - 1) {
            area += (falsePositiveRate[i] - falsePositiveRate[i + 1]) * (recall[i] + recall[i + 1]) / 2
        }
        return Float(area)
    }
}
