import Foundation
import Synapse
import Testing

@Suite("Mean squared error")
struct MeanSquaredErrorTests {
    let predictions: [[Float]] = [[0.5, -1, 2], [3, 0, 1]]
    let labels: [[Float]] = [[1, 0, 2], [2.5, -1, 0]]

    @Test func valueAndGradientMatchTheFormula() throws {
        let (value, gradients) = try valueWithGradient(at: [Tensor(predictions), Tensor(labels)]) { t in
            try Loss.meanSquaredError(labels: t[1], predictions: t[0])
        }
        let p = predictions.flatMap { $0 }, y = labels.flatMap { $0 }
        let n = Float(p.count)
        // mean over the 3 outputs, then over the 2 rows = mean over all 6 values.
        let expected = zip(p, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / n
        #expect(value.count == 1)
        expectValue(try value.item(), expected)
        expectValue(try value.item(), 3.5 / 6)
        expectValues(gradients[0], zip(p, y).map { 2 * ($0 - $1) / n }, shape: [2, 3])
        expectValues(gradients[1], zip(p, y).map { -2 * ($0 - $1) / n }, shape: [2, 3])
    }

    @Test func gradientCheck() throws {
        try expectGradientCheck(at: [Tensor(predictions), Tensor(labels)]) { t in
            try Loss.meanSquaredError(labels: t[1], predictions: t[0])
        }
    }

    @Test func isTheMeanOverTheBatch() throws {
        // Doubling the batch with the same rows leaves the mean unchanged.
        let single = try Loss.meanSquaredError(labels: Tensor(labels), predictions: Tensor(predictions)).item()
        let doubled = try Loss.meanSquaredError(labels: Tensor(labels + labels), predictions: Tensor(predictions + predictions)).item()
        expectValue(doubled, single)
    }

    @Test func mismatchedLabelsThrow() {
        expectError(SynapseError.shapeMismatch, mentioning: ["mean_squared_error", "[2, 2]", "[2, 3]"]) {
            _ = try Loss.meanSquaredError(labels: Tensor([[1, 0], [2, 3]]), predictions: Tensor(predictions))
        }
        expectError(SynapseError.invalidData, mentioning: ["non-empty"]) {
            _ = try Loss.meanSquaredError(labels: Tensor(shape: [0, 3], scalars: []), predictions: Tensor(shape: [0, 3], scalars: []))
        }
    }

    @Test func fromLogitsIsIgnoredForMeanSquaredError() {
        #expect(!Loss(kind: .meanSquaredError, fromLogits: true).fromLogits)
        #expect(Loss.meanSquaredError.name == "mean_squared_error")
    }
}
