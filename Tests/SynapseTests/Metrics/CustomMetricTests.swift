import Foundation
import Synapse
import Testing

/// A user's metric in one small type: the mean of the predictions.
struct MeanPrediction: MeanMetricFunction {
    var name: String { "mean_prediction" }
    func values(predictions: Tensor, labels: Tensor) throws -> [Float] { predictions.scalars }
}

/// A user's metric with a state of its own: the largest |prediction − label| of the epoch.
struct MaximumAbsoluteError: MetricFunction {
    var name: String { "max_abs_error" }
    func makeState() -> Float { 0 }
    func update(_ state: inout Float, predictions: Tensor, labels: Tensor) throws {
        for (p, y) in zip(predictions.scalars, labels.scalars) { state = Swift.max(state, Swift.abs(p - y)) }
    }
    func result(_ state: Float) -> Float { state }
}

/// F1 from the confusion counts the built-in precision and recall keep.
struct F1Score: MetricFunction {
    var name: String { "f1_score" }
    func makeState() -> ConfusionCounts { ConfusionCounts(thresholds: [0.5]) }
    func update(_ state: inout ConfusionCounts, predictions: Tensor, labels: Tensor) throws {
        try state.add(predictions: predictions, labels: labels, metric: name)
    }
    func result(_ state: ConfusionCounts) -> Float {
        let tp = state.truePositives[0]
        return ConfusionCounts.ratio(2 * tp, 2 * tp + state.falsePositives[0] + state.falseNegatives[0])
    }
}

@Suite("Custom metrics")
struct CustomMetricTests {
    // One-unit identity model with a learning rate of 0: the predictions are the inputs throughout.
    let x = Tensor([[0.9], [0.4], [0.2], [0.7], [0.8]])
    let y = Tensor([[1], [1], [0], [0], [1]])

    @Test func customMetricsAppearInLogsAndHistory() throws {
        let model = try AccuracyTests.identityModel(1)
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0),
                          metrics: [.accuracy, Metric(MeanPrediction()), Metric(MaximumAbsoluteError()), Metric(F1Score())])
        let recorder = RecordingCallback()
        let history = try model.fit(x, y, epochs: 2, batchSize: 2, shuffle: false,
                                    validationData: (x: try x.rows(0..<3), y: try y.rows(0..<3)),
                                    verbose: 0, callbacks: [recorder])
        // Mean of 0.9, 0.4, 0.2, 0.7, 0.8 = 0.6; largest error |0.7 − 0| = 0.7.
        expectValues(Tensor(try #require(history["mean_prediction"])), [0.6, 0.6], tolerance: 1e-6)
        expectValues(Tensor(try #require(history["max_abs_error"])), [0.7, 0.7], tolerance: 1e-6)
        // Predicted positive: 0.9 ✓, 0.7 ✗, 0.8 ✓ → tp 2, fp 1; the positive 0.4 is missed → fn 1.
        // F1 = 2·2 / (2·2 + 1 + 1) = 2/3.
        expectValues(Tensor(try #require(history["f1_score"])), [2.0 / 3, 2.0 / 3], tolerance: 1e-6)
        // Validation rows 0.9, 0.4, 0.2: mean 0.5, largest error |0.4 − 1| = 0.6.
        expectValues(Tensor(try #require(history["val_mean_prediction"])), [0.5, 0.5], tolerance: 1e-6)
        expectValues(Tensor(try #require(history["val_max_abs_error"])), [0.6, 0.6], tolerance: 1e-6)
        // Running values after each batch of the first epoch: (0.9, 0.4), (0.2, 0.7), (0.8).
        let running = recorder.batchLogs.prefix(3).map { $0["mean_prediction"]! }
        expectValues(Tensor(running), [0.65, 0.55, 0.6], tolerance: 1e-6)
        expectValues(Tensor(recorder.batchLogs.prefix(3).map { $0["max_abs_error"]! }), [0.6, 0.7, 0.7], tolerance: 1e-6)
        // Each epoch starts afresh: the second epoch's first batch sees only its own rows.
        expectValue(recorder.batchLogs[3]["mean_prediction"]!, 0.65, tolerance: 1e-6)
        #expect(Set(recorder.epochLogs[0].keys) == ["loss", "accuracy", "mean_prediction", "max_abs_error", "f1_score",
                                                     "val_loss", "val_accuracy", "val_mean_prediction",
                                                     "val_max_abs_error", "val_f1_score"])
    }

    @Test func customMetricsInEvaluate() throws {
        let model = try AccuracyTests.identityModel(1)
        try model.compile(loss: .meanSquaredError, optimizer: SGD(), metrics: [Metric(MeanPrediction()), .meanAbsoluteError])
        for batchSize in [1, 2, 5] {
            let scores = try model.evaluate(x, y, batchSize: batchSize)
            expectValue(try #require(scores["mean_prediction"]), 0.6, tolerance: 1e-6)
            // |errors| 0.1, 0.6, 0.2, 0.7, 0.2 → 1.8 / 5.
            expectValue(try #require(scores["mean_absolute_error"]), 0.36, tolerance: 1e-6)
        }
    }

    @Test func metricsCompareByTypeNameAndHyperParameters() {
        #expect(Metric(MeanPrediction()) == Metric(MeanPrediction()))
        #expect(Metric(MeanPrediction()) != .meanAbsoluteError)
        #expect(Metric(MeanPrediction()).name == "mean_prediction")
        #expect(Metric(MeanPrediction()).configuration.isEmpty)
        #expect("\(Metric(F1Score()))" == "f1_score")
    }

    @Test func reservedOrDuplicateNamesAreRejected() throws {
        struct Named: MeanMetricFunction {
            let name: String
            func values(predictions: Tensor, labels: Tensor) throws -> [Float] { [] }
        }
        let model = try AccuracyTests.identityModel(1)
        for bad in ["loss", "val_accuracy", ""] {
            expectError(SynapseError.invalidArgument, mentioning: ["'\(bad)'"]) {
                try model.compile(loss: .meanSquaredError, optimizer: SGD(), metrics: [Metric(Named(name: bad))])
            }
        }
        expectError(SynapseError.invalidArgument, mentioning: ["accuracy", "twice"]) {
            try model.compile(loss: .meanSquaredError, optimizer: SGD(), metrics: [.accuracy, Metric(Named(name: "accuracy"))])
        }
    }

    @Test func errorsThrownByACustomMetricReachTheCaller() throws {
        struct Failing: MeanMetricFunction {
            var name: String { "failing" }
            func values(predictions: Tensor, labels: Tensor) throws -> [Float] {
                throw SynapseError.invalidData("failing: no values today")
            }
        }
        let model = try AccuracyTests.identityModel(1)
        try model.compile(loss: .meanSquaredError, optimizer: SGD(), metrics: [Metric(Failing())])
        expectError(SynapseError.invalidData, mentioning: ["failing"]) { _ = try model.evaluate(x, y) }
        expectError(SynapseError.invalidData, mentioning: ["failing"]) { try model.fit(x, y, verbose: 0) }
    }
}
