import Foundation
import Synapse
import Testing

@Suite("Categorical cross-entropy")
struct CategoricalCrossEntropyTests {
    static let epsilon: Float = 1e-7

    @Test func valueAndGradientWithRenormalisation() throws {
        // Rows that do not sum to 1 are renormalised first; the last row uses soft labels.
        let p: [[Float]] = [[0.2, 0.6, 0.2], [1, 2, 1], [0.3, 0.3, 0.9]]
        let y: [[Float]] = [[0, 1, 0], [0, 0, 1], [0.1, 0.7, 0.2]]
        let (value, gradients) = try valueWithGradient(at: [Tensor(p)]) { t in
            try Loss.categoricalCrossEntropy(labels: Tensor(y), predictions: t[0])
        }
        let n = Float(p.count)
        var expected: Float = 0
        var expectedGradient: [Float] = []
        for (row, labels) in zip(p, y) {
            let s = row.reduce(0, +)
            expected += -zip(row, labels).map { p, y in y * log(p / s) }.reduce(0, +)
            let labelSum = labels.reduce(0, +)
            // d/dp_j of −Σ y_c (log p_c − log s) = −y_j/p_j + Σy / s.
            expectedGradient += zip(row, labels).map { p, y in (-y / p + labelSum / s) / n }
        }
        expectValue(try value.item(), expected / n)
        expectValues(gradients[0], expectedGradient, shape: [3, 3])
        // Renormalising matters: −log(2/4) for row 2, not −log(2).
        let rowTwo = try Loss.categoricalCrossEntropy(labels: Tensor([[0, 1, 0]]), predictions: Tensor([[1, 2, 1]])).item()
        expectValue(rowTwo, log(2))
    }

    @Test func renormalisesThenClips() throws {
        // p₀/Σp = 0 is clipped to ε: the loss is −log ε and, with the label on the clipped entry, no
        // gradient flows at all.
        let (value, gradients) = try valueWithGradient(at: [Tensor([[0, 0.5, 0.5]])]) { t in
            try Loss.categoricalCrossEntropy(labels: Tensor([[1, 0, 0]]), predictions: t[0])
        }
        expectValue(try value.item(), -log(Self.epsilon), tolerance: 1e-5)
        #expect(gradients[0] == Tensor([[0, 0, 0]]))
        // A probability above 1 − ε after renormalising is clipped too: −log(1 − ε) ≈ 1.2e-7, not 0.
        let top = try Loss.categoricalCrossEntropy(labels: Tensor([[0, 1, 0]]), predictions: Tensor([[0, 2, 0]])).item()
        expectValue(top, -log(1 - Self.epsilon), tolerance: 2e-8)
        #expect(top > 0)
    }

    @Test func valueAndGradientFromLogits() throws {
        let z: [[Float]] = [[2, -1, 0.5], [0, 0, 0], [30, -30, 0], [1, 2, 3]]
        let y: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 1, 0], [0.2, 0.3, 0.5]]
        let (value, gradients) = try valueWithGradient(at: [Tensor(z)]) { t in
            try Loss.categoricalCrossEntropy(fromLogits: true)(labels: Tensor(y), predictions: t[0])
        }
        let n = Float(z.count)
        var expected: Double = 0
        var expectedGradient: [Float] = []
        for (row, labels) in zip(z, y) {
            // log-softmax in Double: z − max − log Σ e^(z − max).
            let m = Double(row.max()!)
            let logSum = Foundation.log(row.map { Foundation.exp(Double($0) - m) }.reduce(0, +))
            expected += -zip(row, labels).map { z, y in Double(y) * (Double(z) - m - logSum) }.reduce(0, +)
            let labelSum = labels.reduce(0, +)
            expectedGradient += zip(referenceSoftmax(row), labels).map { s, y in (s * labelSum - y) / n }
        }
        // Row 3 costs 60: from logits nothing is clipped.
        expectValue(try value.item(), Float(expected / Double(n)), tolerance: 1e-5)
        #expect(try value.item() > 60 / n)
        expectValues(gradients[0], expectedGradient, shape: [4, 3], tolerance: 1e-6)
    }

    @Test func gradientCheck() throws {
        let p = Tensor([[0.2, 0.6, 0.2], [1, 2, 1], [0.3, 0.3, 0.9]])
        let y = Tensor([[0, 1, 0], [0, 0, 1], [0.1, 0.7, 0.2]])
        try expectGradientCheck(at: [p, y], step: 1e-3) { t in try Loss.categoricalCrossEntropy(labels: t[1], predictions: t[0]) }
        let z = Tensor([[2, -1, 0.5], [0.3, 0.1, -0.2], [1, 2, 3]])
        try expectGradientCheck(at: [z, y]) { t in try Loss.categoricalCrossEntropy(fromLogits: true)(labels: t[1], predictions: t[0]) }
    }

    @Test func mismatchedLabelsThrow() {
        expectError(SynapseError.shapeMismatch, mentioning: ["categorical_crossentropy", "[2]", "[2, 3]"]) {
            _ = try Loss.categoricalCrossEntropy(labels: Tensor([2, 1]), predictions: Tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]))
        }
    }
}
