import Foundation
import Synapse
import Testing

@Suite("Sparse categorical cross-entropy")
struct SparseCategoricalCrossEntropyTests {
    static let epsilon: Float = 1e-7
    // The last row sums to 0.8: clipped (nothing changes) and then renormalised.
    let p: [[Float]] = [[0.1, 0.7, 0.2], [0.3, 0.3, 0.4], [0.4, 0.2, 0.2]]
    let classes: [Int] = [1, 2, 0]

    @Test func valueAndGradientOnProbabilities() throws {
        for labels in [Tensor([1, 2, 0]), Tensor([[1], [2], [0]])] {
            let (value, gradients) = try valueWithGradient(at: [Tensor(p)]) { t in
                try Loss.sparseCategoricalCrossEntropy(labels: labels, predictions: t[0])
            }
            let n = Float(p.count)
            var expected: Float = 0
            var expectedGradient: [Float] = []
            for (row, k) in zip(p, classes) {
                let s = row.reduce(0, +)
                expected += -log(row[k] / s)
                expectedGradient += row.indices.map { j in ((j == k ? -1 / row[k] : 0) + 1 / s) / n }
            }
            expectValue(try value.item(), expected / n, "labels \(labels.shape)")
            expectValues(gradients[0], expectedGradient, shape: [3, 3], "labels \(labels.shape)")
        }
    }

    @Test func clipsThenRenormalises() throws {
        // The 0 is clipped to ε first, then the row is renormalised: the clipped entry gets no
        // gradient, the others get 1/Σq. (Categorical cross-entropy, which renormalises first, would
        // give no gradient at all here: see CategoricalCrossEntropyTests.)
        let (value, gradients) = try valueWithGradient(at: [Tensor([[0, 0.5, 0.5]])]) { t in
            try Loss.sparseCategoricalCrossEntropy(labels: Tensor([0]), predictions: t[0])
        }
        let sum = 1 + Self.epsilon
        expectValue(try value.item(), -log(Self.epsilon / sum), tolerance: 1e-5)
        expectValues(gradients[0], [0, 1 / sum, 1 / sum], shape: [1, 3], tolerance: 1e-6)
        // Values above 1 are clipped to 1 − ε before renormalising: [2, 1, 1] becomes uniform, log 3
        // (categorical cross-entropy renormalises first and gives −log ½).
        let above = try Loss.sparseCategoricalCrossEntropy(labels: Tensor([0]), predictions: Tensor([[2, 1, 1]])).item()
        expectValue(above, log(3), tolerance: 1e-6)
        let categorical = try Loss.categoricalCrossEntropy(labels: Tensor([[1, 0, 0]]), predictions: Tensor([[2, 1, 1]])).item()
        expectValue(categorical, log(2), tolerance: 1e-6)
    }

    @Test func valueAndGradientFromLogits() throws {
        let z: [[Float]] = [[2, -1, 0.5], [0, 0, 0], [30, -30, 0]]
        let labels: [Int] = [0, 1, 1]
        let (value, gradients) = try valueWithGradient(at: [Tensor(z)]) { t in
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true)(labels: Tensor(labels.map(Float.init)), predictions: t[0])
        }
        let n = Float(z.count)
        var expected: Double = 0
        var expectedGradient: [Float] = []
        for (row, k) in zip(z, labels) {
            let m = Double(row.max()!)
            let logSum = Foundation.log(row.map { Foundation.exp(Double($0) - m) }.reduce(0, +))
            expected += -(Double(row[k]) - m - logSum)
            expectedGradient += referenceSoftmax(row).enumerated().map { j, s in (s - (j == k ? 1 : 0)) / n }
        }
        expectValue(try value.item(), Float(expected / Double(n)), tolerance: 1e-5)
        expectValues(gradients[0], expectedGradient, shape: [3, 3], tolerance: 1e-6)
    }

    @Test func equalsCategoricalOnOneHotLabels() throws {
        let z = Tensor([[2, -1, 0.5], [0.3, 0.1, -0.2]])
        let sparse = try Loss.sparseCategoricalCrossEntropy(fromLogits: true)(labels: Tensor([2, 0]), predictions: z).item()
        let dense = try Loss.categoricalCrossEntropy(fromLogits: true)(labels: Tensor([[0, 0, 1], [1, 0, 0]]), predictions: z).item()
        expectValue(sparse, dense, tolerance: 1e-6)
    }

    @Test func gradientCheck() throws {
        let labels = Tensor([1, 2, 0])
        try expectGradientCheck(at: [Tensor(p)], step: 1e-3) { t in
            try Loss.sparseCategoricalCrossEntropy(labels: labels, predictions: t[0])
        }
        try expectGradientCheck(at: [Tensor([[2, -1, 0.5], [0.3, 0.1, -0.2], [1, 2, 3]])]) { t in
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true)(labels: labels, predictions: t[0])
        }
    }

    @Test func invalidLabelsThrow() {
        let predictions = Tensor(p)
        expectError(SynapseError.invalidData, mentioning: ["3.0", "row 1", "0..<3"]) {
            _ = try Loss.sparseCategoricalCrossEntropy(labels: Tensor([1, 3, 0]), predictions: predictions)
        }
        expectError(SynapseError.invalidData, mentioning: ["-1.0", "row 2"]) {
            _ = try Loss.sparseCategoricalCrossEntropy(labels: Tensor([1, 2, -1]), predictions: predictions)
        }
        expectError(SynapseError.invalidData, mentioning: ["1.5", "row 0"]) {
            _ = try Loss.sparseCategoricalCrossEntropy(labels: Tensor([1.5, 2, 0]), predictions: predictions)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["[3]", "[3, 1]", "[3, 3]"]) {
            _ = try Loss.sparseCategoricalCrossEntropy(labels: Tensor([[0, 1, 0], [0, 0, 1], [1, 0, 0]]), predictions: predictions)
        }
    }
}
