import Foundation
import Synapse
import Testing

/// Bad hyper-parameters are refused by `compile`, and labels that do not suit a metric by `fit` and
/// `evaluate`, with errors naming the metric, what was expected and what was found.
@Suite("Metric errors")
struct MetricErrorTests {
    /// One metric update through the public protocol.
    static func update(_ metric: Metric, _ predictions: Tensor, _ labels: Tensor) throws {
        func run<F: MetricFunction>(_ function: F) throws {
            var state = function.makeState()
            try function.update(&state, predictions: predictions, labels: labels)
        }
        try run(metric.function)
    }

    @Test func invalidHyperParametersAreRefusedByCompile() throws {
        let model = try AccuracyTests.identityModel(3)
        let cases: [(Metric, [String])] = [
            (.topKCategoricalAccuracy(k: 0), ["top_k_categorical_accuracy", "k must be ≥ 1", "found 0"]),
            (.sparseTopKCategoricalAccuracy(k: -2), ["sparse_top_k_categorical_accuracy", "k must be ≥ 1", "found -2"]),
            (.precision(threshold: 1.5), ["precision", "[0, 1]", "1.5"]),
            (.recall(threshold: -0.1), ["recall", "[0, 1]", "-0.1"]),
            (.precision(threshold: .nan), ["precision", "[0, 1]", "nan"]),
            (.auc(numThresholds: 1), ["auc", "numThresholds", "found 1"]),
            (.binaryAccuracy(threshold: .infinity), ["binary_accuracy", "threshold", "inf"]),
        ]
        for (metric, fragments) in cases {
            expectError(SynapseError.invalidArgument, mentioning: fragments) {
                try model.compile(loss: .meanSquaredError, optimizer: SGD(), metrics: [metric])
            }
        }
        // The boundaries are valid.
        try model.compile(loss: .meanSquaredError, optimizer: SGD(),
                          metrics: [.topKCategoricalAccuracy(k: 1), .precision(threshold: 0), .recall(threshold: 1), .auc(numThresholds: 2)])
    }

    @Test func oneHotMetricsRefuseClassIndices() throws {
        let model = try AccuracyTests.identityModel(3)
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(), metrics: [.topKCategoricalAccuracy(k: 2)])
        let x = Tensor(AccuracyTests.probabilities), classes = Tensor(AccuracyTests.classes)
        expectError(SynapseError.shapeMismatch,
                    mentioning: ["top_k_categorical_accuracy", "one-hot labels of shape [4, 3]", "found labels of shape [4]", "sparse"]) {
            _ = try model.evaluate(x, classes)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(), metrics: [.categoricalAccuracy])
        expectError(SynapseError.shapeMismatch, mentioning: ["categorical_accuracy", "[4, 3]", "[4]"]) {
            try model.fit(x, classes, verbose: 0)
        }
    }

    @Test func sparseMetricsRefuseOneHotRowsAndBadIndices() throws {
        let model = try AccuracyTests.identityModel(3)
        try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD(), metrics: [.sparseTopKCategoricalAccuracy(k: 2)])
        let x = Tensor(AccuracyTests.probabilities)
        let oneHot = Tensor(AccuracyTests.classes.map { k in (0..<3).map { Float($0 == Int(k) ? 1 : 0) } })
        expectError(SynapseError.shapeMismatch,
                    mentioning: ["sparse_top_k_categorical_accuracy", "class-index labels of shape [4]", "found labels of shape [4, 3]", "categorical"]) {
            _ = try model.evaluate(x, oneHot)
        }
        for (label, metric) in [(Float(3), Metric.sparseTopKCategoricalAccuracy), (1.5, .sparseCategoricalAccuracy), (-1, .sparseCategoricalAccuracy)] {
            expectError(SynapseError.invalidData, mentioning: [metric.name, "\(label)", "0..<3"]) {
                try Self.update(metric, x, Tensor([0, 1, label, 2]))
            }
        }
    }

    @Test func elementwiseMetricsRefuseLabelsOfAnotherShape() throws {
        let predictions = Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        for metric in [Metric.meanAbsoluteError, .meanSquaredError, .rootMeanSquaredError, .binaryAccuracy,
                       .precision, .recall, .auc] {
            expectError(SynapseError.shapeMismatch, mentioning: [metric.name, "labels of shape [2, 3]", "found labels of shape [2, 2]"]) {
                try Self.update(metric, predictions, Tensor([[1, 0], [0, 1]]))
            }
            expectError(SynapseError.shapeMismatch, mentioning: [metric.name, "[6]"]) {
                try Self.update(metric, predictions, Tensor([1, 0, 0, 1, 1, 0]))
            }
        }
        // [n] labels are accepted for [n, 1] predictions, and [n, 1] labels for [n] predictions.
        for metric in [Metric.meanAbsoluteError, .binaryAccuracy, .precision, .auc] {
            try Self.update(metric, Tensor([[0.2], [0.9]]), Tensor([0, 1]))
            try Self.update(metric, Tensor([0.2, 0.9]), Tensor([[0], [1]]))
        }
    }

    @Test func categoricalMetricsNeedAClassAxis() throws {
        expectError(SynapseError.shapeMismatch, mentioning: ["categorical_accuracy", "class scores", "[]"]) {
            try Self.update(.categoricalAccuracy, Tensor(0.5), Tensor(1))
        }
    }
}
