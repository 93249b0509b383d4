import Foundation
import Synapse
import Testing

@Suite("Binary cross-entropy")
struct BinaryCrossEntropyTests {
    static let epsilon: Float = 1e-7

    /// −(y·log p + (1 − y)·log(1 − p)) with p clipped to [ε, 1 − ε], in plain Float.
    static func term(_ p: Float, _ y: Float) -> Float {
        let c = Swift.min(Swift.max(p, epsilon), 1 - epsilon)
        return -(y * log(c) + (1 - y) * log(1 - c))
    }

    @Test func valueAndGradientOnProbabilitiesWithClipping() throws {
        // Row 1 holds exact 0 and 1 (clipped: finite loss, zero gradient); row 2 is clipped the bad way.
        let p: [Float] = [0.9, 0.2, 0, 1, 0.6, 0.35, 1, 0.5]
        let y: [Float] = [1, 0, 1, 1, 0, 1, 0, 0.25]
        let predictions = try Tensor(shape: [4, 2], scalars: p)
        let labels = try Tensor(shape: [4, 2], scalars: y)
        let (value, gradients) = try valueWithGradient(at: [predictions]) { t in
            try Loss.binaryCrossEntropy(labels: labels, predictions: t[0])
        }
        let n = Float(p.count)
        let expected = zip(p, y).map(Self.term).reduce(0, +) / n
        expectValue(try value.item(), expected, tolerance: 1e-5)
        #expect(value.scalars[0].isFinite)
        // −log(1e-7) ≈ 16.118 for the 0 predicted where the label is 1.
        expectValue(Self.term(0, 1), 16.118095, tolerance: 1e-4)
        let expectedGradient = zip(p, y).map { p, y -> Float in
            let clipped = p < Self.epsilon || p > 1 - Self.epsilon
            return clipped ? 0 : (-y / p + (1 - y) / (1 - p)) / n
        }
        expectValues(gradients[0], expectedGradient, shape: [4, 2], tolerance: 1e-5)
        #expect(gradients[0].scalars[2] == 0 && gradients[0].scalars[3] == 0 && gradients[0].scalars[6] == 0)
    }

    @Test func valueAndGradientFromLogits() throws {
        let z: [Float] = [2, -1, 0.5, -3, 10, -10, 40, -40]
        let y: [Float] = [1, 0, 0, 1, 1, 0, 0, 1]
        let logits = try Tensor(shape: [4, 2], scalars: z)
        let labels = try Tensor(shape: [4, 2], scalars: y)
        let (value, gradients) = try valueWithGradient(at: [logits, labels]) { t in
            try Loss.binaryCrossEntropy(fromLogits: true)(labels: t[1], predictions: t[0])
        }
        let n = Float(z.count)
        // The stable form max(z, 0) − z·y + log(1 + e^−|z|), computed in Double; no clipping from logits.
        let expected = zip(z, y).map { z, y -> Double in
            let (z, y) = (Double(z), Double(y))
            return Swift.max(z, 0) - z * y + Foundation.log(1 + Foundation.exp(-Swift.abs(z)))
        }.reduce(0, +) / Double(n)
        expectValue(try value.item(), Float(expected), tolerance: 1e-5)
        // z = 40 with label 0 costs 40, far beyond the 16.1 the clipped form would allow.
        #expect(try value.item() > 80 / n)
        expectValues(gradients[0], zip(z, y).map { (referenceSigmoid($0) - $1) / n }, shape: [4, 2], tolerance: 1e-6)
        expectValues(gradients[1], z.map { -$0 / n }, shape: [4, 2], tolerance: 1e-6)
    }

    @Test func logitsAndProbabilitiesAgreeAwayFromTheClip() throws {
        let z = try Tensor(shape: [3, 2], scalars: [1.5, -0.5, 0.25, 2, -2, 0.75])
        let labels = try Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 0.3, 0.8])
        let fromLogits = try Loss.binaryCrossEntropy(fromLogits: true)(labels: labels, predictions: z).item()
        let fromProbabilities = try Loss.binaryCrossEntropy(labels: labels, predictions: z.sigmoid()).item()
        expectValue(fromLogits, fromProbabilities, tolerance: 1e-5)
    }

    @Test func gradientCheck() throws {
        let p = try Tensor(shape: [3, 2], scalars: [0.9, 0.2, 0.45, 0.7, 0.6, 0.35])
        let y = try Tensor(shape: [3, 2], scalars: [1, 0, 0.5, 1, 0, 0.2])
        try expectGradientCheck(at: [p, y], step: 1e-3) { t in try Loss.binaryCrossEntropy(labels: t[1], predictions: t[0]) }
        let z = try Tensor(shape: [3, 2], scalars: [1.5, -0.5, 0.25, 2, -2, 0.75])
        try expectGradientCheck(at: [z, y]) { t in try Loss.binaryCrossEntropy(fromLogits: true)(labels: t[1], predictions: t[0]) }
    }

    @Test func mismatchedLabelsThrow() {
        expectError(SynapseError.shapeMismatch, mentioning: ["binary_crossentropy", "[4]", "[4, 1]"]) {
            _ = try Loss.binaryCrossEntropy(labels: Tensor([0, 1, 0, 1]), predictions: Tensor([[0.1], [0.2], [0.3], [0.4]]))
        }
    }

    @Test func names() {
        #expect(Loss.binaryCrossEntropy.name == "binary_crossentropy")
        #expect(Loss.binaryCrossEntropy(fromLogits: true).fromLogits)
        #expect(Loss.binaryCrossEntropy(fromLogits: true) != Loss.binaryCrossEntropy)
    }
}
