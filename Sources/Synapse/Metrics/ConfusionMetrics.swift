/// `precision`: true positives / (true positives + false positives) at one threshold, as Keras's
/// `Precision(thresholds=…)`; 0 while nothing was predicted positive.
struct Precision: MetricFunction, BuiltInMetric {
    let threshold: Float
    var name: String { "precision" }
    var configuration: [String: JSONValue] { ["thresholds": .number(Double(threshold))] }

    func validate() throws { try ConfusionCounts.validate(threshold: threshold, metric: name) }

    func makeState() -> ConfusionCounts { ConfusionCounts(thresholds: [threshold]) }

    func update(_ state: inout ConfusionCounts, predictions: Tensor, labels: Tensor) throws {
        try state.add(predictions: predictions, labels: labels, metric: name)
    }

    func result(_ state: ConfusionCounts) -> Float {
        ConfusionCounts.ratio(state.truePositives[0], state.truePositives[0] + state.falsePositives[0])
    }
}

/// `recall`: true positives / (true positives + false negatives) at one threshold, as Keras's
/// `Recall(thresholds=…)`; 0 while no label was positive.
struct Recall: MetricFunction, BuiltInMetric {
    let threshold: Float
    var name: String { "recall" }
    var configuration: [String: JSONValue] { ["thresholds": .number(Double(threshold))] }

    func validate() throws { try ConfusionCounts.validate(threshold: threshold, metric: name) }

    func makeState() -> ConfusionCounts { ConfusionCounts(thresholds: [threshold]) }

    func update(_ state: inout ConfusionCounts, predictions: Tensor, labels: Tensor) throws {
        try state.add(predictions: predictions, labels: labels, metric: name)
    }

    func result(_ state: ConfusionCounts) -> Float {
        ConfusionCounts.ratio(state.truePositives[0], state.truePositives[0] + state.falseNegatives[0])
    }
}
