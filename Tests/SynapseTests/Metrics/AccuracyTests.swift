import Foundation
import Synapse
import Testing

/// Accuracy on fixed predictions: an identity model (Dense without bias, identity kernel, linear)
/// outputs exactly its input, so the inputs are the predictions.
@Suite("Accuracy")
struct AccuracyTests {
    static func identityModel(_ width: Int) throws -> Sequential {
        let model = Sequential {
            Input(width)
            Dense(width, useBias: false)
        }
        let identity = (0..<width).map { i in (0..<width).map { j in Float(i == j ? 1 : 0) } }
        try setWeights(try firstDense(model), kernel: identity)
        return model
    }

    // Argmax per row: 1, 0, 2, 1.
    static let probabilities: [[Float]] = [[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]]
    static let classes: [Float] = [1, 2, 2, 0]  // right, wrong, right, wrong → 0.5

    @Test func binaryForOneOutputUnit() throws {
        let model = try Self.identityModel(1)
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(),
                          metrics: [.accuracy, .binaryAccuracy(threshold: 0.7)])
        // 0.9→1 ✓, 0.4→1 ✗, 0.6→0 ✗, 0.1→0 ✓, 0.5→0 ✓ (0.5 is not above the threshold).
        let x = Tensor([[0.9], [0.4], [0.6], [0.1], [0.5]])
        let y = Tensor([[1], [1], [0], [0], [0]])
        let scores = try model.evaluate(x, y)
        #expect(scores["accuracy"] == 0.6)
        // Threshold 0.7: only 0.9 counts as positive → 4 of 5.
        #expect(scores["binary_accuracy"] == 0.8)
        // Labels of shape [n] are accepted for one output unit.
        #expect(try model.evaluate(x, Tensor([1, 1, 0, 0, 0]))["accuracy"] == 0.6)
        #expect(scores.names == ["loss", "accuracy", "binary_accuracy"])   // the compile order
    }

    @Test func sparseForClassIndexLabels() throws {
        let model = try Self.identityModel(3)
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(),
                          metrics: [.accuracy, .sparseCategoricalAccuracy])
        let x = Tensor(Self.probabilities)
        for labels in [Tensor(Self.classes), Tensor(Self.classes.map { [$0] })] {
            let scores = try model.evaluate(x, labels)
            #expect(scores["accuracy"] == 0.5, "labels \(labels.shape)")
            #expect(scores["sparse_categorical_accuracy"] == 0.5, "labels \(labels.shape)")
        }
        // The last row right as well → 3 of 4.
        #expect(try model.evaluate(x, Tensor([1, 2, 2, 1]))["accuracy"] == 0.75)
    }

    @Test func categoricalForOneHotLabels() throws {
        let model = try Self.identityModel(3)
        try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD(),
                          metrics: [.accuracy, .categoricalAccuracy, .binaryAccuracy])
        let oneHot = Self.classes.map { k in (0..<3).map { Float($0 == Int(k) ? 1 : 0) } }
        let scores = try model.evaluate(Tensor(Self.probabilities), Tensor(oneHot))
        #expect(scores["accuracy"] == 0.5)
        #expect(scores["categorical_accuracy"] == 0.5)
        // Binary accuracy element by element (> 0.5 against the one-hot entries): 10 of 12, which
        // shows `.accuracy` was not resolved to it.
        expectValue(try #require(scores["binary_accuracy"]), 10.0 / 12.0, tolerance: 1e-6)
    }

    @Test func names() {
        #expect(Metric.accuracy.name == "accuracy")
        #expect(Metric.binaryAccuracy.name == "binary_accuracy")
        #expect(Metric.categoricalAccuracy.name == "categorical_accuracy")
        #expect(Metric.sparseCategoricalAccuracy.name == "sparse_categorical_accuracy")
    }

    @Test func aMetricListedTwiceIsRejected() throws {
        let model = try Self.identityModel(1)
        expectError(SynapseError.invalidArgument, mentioning: ["accuracy", "twice"]) {
            try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(), metrics: [.accuracy, .accuracy])
        }
    }
}
