import Foundation
import Synapse
import Testing

/// `MetricTracker`: Keras's `update_state` / `result` / `reset_state` for hand-written loops.
@Suite("Metric tracker")
struct MetricTrackerTests {
    // Argmax per row: 1, 0, 2 | 1, 2.
    static var firstPredictions: Tensor { Tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]]) }
    static var secondPredictions: Tensor { Tensor([[0.3, 0.4, 0.3], [0.1, 0.1, 0.8]]) }
    // Labels: 1 ✓, 2 ✗, 2 ✓ | 0 ✗, 0 ✗ → 2 of 5 = 0.4 (a mean of batch means would be (2/3 + 0)/2 = 1/3).
    static var firstClasses: Tensor { Tensor([1, 2, 2]) }
    static var secondClasses: Tensor { Tensor([0, 0]) }

    @Test func twoBatchesGiveTheExactValueOverAllRows() throws {
        let tracker = Metric.sparseCategoricalAccuracy.makeTracker()
        #expect(tracker.name == "sparse_categorical_accuracy")
        #expect(tracker.result() == 0)
        try tracker.update(labels: Self.firstClasses, predictions: Self.firstPredictions)
        expectValue(tracker.result(), 2.0 / 3.0, tolerance: 1e-7)
        try tracker.update(labels: Self.secondClasses, predictions: Self.secondPredictions)
        #expect(tracker.result() == 0.4)
    }

    @Test func meanAbsoluteErrorAccumulatesElements() throws {
        let tracker = MetricTracker(.meanAbsoluteError)
        #expect(tracker.name == "mean_absolute_error")
        // |1.5 − 1| + |2 − 2| = 0.5 over 2, then |0 − 1| = 1 over 1 → 1.5 / 3 = 0.5.
        try tracker.update(labels: Tensor([[1], [2]]), predictions: Tensor([[1.5], [2]]))
        #expect(tracker.result() == 0.25)
        try tracker.update(labels: Tensor([[1]]), predictions: Tensor([[0]]))
        #expect(tracker.result() == 0.5)
    }

    @Test func resetStartsOver() throws {
        let tracker = MetricTracker(.sparseCategoricalAccuracy)
        try tracker.update(labels: Self.secondClasses, predictions: Self.secondPredictions)
        #expect(tracker.result() == 0)
        tracker.reset()
        #expect(tracker.result() == 0)
        try tracker.update(labels: Self.firstClasses, predictions: Self.firstPredictions)
        expectValue(tracker.result(), 2.0 / 3.0, tolerance: 1e-7)
        tracker.reset()
        try tracker.update(labels: Tensor([1]), predictions: Tensor([[0.2, 0.8, 0]]))
        #expect(tracker.result() == 1)
    }

    @Test func aBadLabelShapeThrowsAndAddsNothing() throws {
        let tracker = MetricTracker(.sparseCategoricalAccuracy)
        try tracker.update(labels: Self.firstClasses, predictions: Self.firstPredictions)
        // One-hot rows given to the sparse metric.
        expectSynapseError(.shapeMismatch, mentioning: ["sparse_categorical_accuracy", "[3]", "[3, 3]"]) {
            try tracker.update(labels: Tensor([[0, 1, 0], [0, 0, 1], [0, 0, 1]]), predictions: Self.firstPredictions)
        }
        expectSynapseError(.shapeMismatch, mentioning: ["mean_absolute_error", "[2, 1]", "[3]"]) {
            try MetricTracker(.meanAbsoluteError).update(labels: Tensor([1, 2, 3]), predictions: Tensor([[1], [2]]))
        }
        expectValue(tracker.result(), 2.0 / 3.0, tolerance: 1e-7)
    }

    @Test func invalidHyperParametersThrowOnTheFirstUpdate() {
        let tracker = Metric.topKCategoricalAccuracy(k: 0).makeTracker()
        expectSynapseError(.invalidArgument) {
            try tracker.update(labels: Tensor([[0, 1]]), predictions: Tensor([[0.4, 0.6]]))
        }
    }

    /// Batches of 3 through the tracker give what `evaluate` reports with batches of 4.
    @Test func matchesEvaluate() throws {
        let model = Sequential(seed: 3) {
            Input(2)
            Dense(3, activation: .softmax)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(),
                          metrics: [.accuracy, .sparseTopKCategoricalAccuracy(k: 2)])
        var generator = RandomGenerator(seed: 8)
        let x = Tensor((0..<10).map { _ in [generator.nextUniform(low: -1, high: 1), generator.nextUniform(low: -1, high: 1)] })
        let y = Tensor((0..<10).map { Float($0 % 3) })
        let scores = try model.evaluate(x, y, batchSize: 4)
        let trackers = [Metric.accuracy.makeTracker(), Metric.sparseTopKCategoricalAccuracy(k: 2).makeTracker()]
        for batch in try Batches(x: x, y: y, batchSize: 3, shuffle: false) {
            let predictions = try model(batch.x)
            for tracker in trackers { try tracker.update(labels: batch.y, predictions: predictions) }
        }
        for tracker in trackers {
            #expect(tracker.result() == scores[tracker.name], "\(tracker)")
        }
        // Not a trivial value: some rows are right and some wrong.
        #expect(trackers[0].result() > 0 && trackers[0].result() < 1)
    }
}
