import Synapse
import Testing

/// A two-layer classifier written with core ops only: x·W1 + b1 → relu → ·W2 + b2 → log-softmax →
/// cross-entropy against one-hot labels, averaged over the batch.
@Suite("Gradient checks: a two-layer network")
struct NetworkGradientTests {
    let labels = Tensor([[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]])  // classes 0, 2, 1, 2

    func parameters() throws -> [Tensor] {
        [try uniformTensor([4, 3], seed: 81),                       // x
         try uniformTensor([3, 5], seed: 82),                       // W1
         try uniformTensor([5], low: -0.5, high: 0.5, seed: 83),    // b1
         try uniformTensor([5, 3], seed: 84),                       // W2
         try uniformTensor([3], low: -0.5, high: 0.5, seed: 85)]    // b2
    }

    func hidden(_ t: [Tensor]) throws -> Tensor { try t[0].matmul(t[1]) + t[2] }

    func loss(_ t: [Tensor]) throws -> Tensor {
        let logits = try hidden(t).relu().matmul(t[3]) + t[4]
        return try -(labels * logits.logSoftmax()).sum(alongAxis: 1).mean()
    }

    @Test func evaluationPointIsAwayFromReLUKinks() throws {
        let preActivations = try hidden(parameters())
        let closest = preActivations.scalars.map { Swift.abs($0) }.min()!
        #expect(closest > 0.03, "a pre-activation lies within \(closest) of the ReLU kink")
        // Some units are active and some are not, so both branches are exercised.
        #expect(preActivations.scalars.contains { $0 > 0 } && preActivations.scalars.contains { $0 < 0 })
    }

    @Test func everyParameterAndTheInputPassTheGradientCheck() throws {
        let inputs = try parameters()
        let report = try checkGradients(at: inputs) { t in try loss(t) }
        #expect(report.inputs.map(\.inputIndex) == [0, 1, 2, 3, 4])
        #expect(report.inputs.map(\.shape) == [[4, 3], [3, 5], [5], [5, 3], [3]])
        #expect(report.passed, "\(report)")
    }

    @Test func outputLayerGradientsMatchTheClosedForm() throws {
        let inputs = try parameters()
        let (value, gradients) = try valueWithGradient(at: inputs) { t in try loss(t) }
        // With p = softmax(logits): dL/dlogits = (p − y) / batch, dL/db2 = Σ_rows, dL/dW2 = aᵀ · dL/dlogits.
        let activations = try hidden(inputs).relu()
        let logits = try activations.matmul(inputs[3]) + inputs[4]
        let delta = try (logits.softmax() - labels) / 4
        expectClose(gradients[4], try delta.sum(alongAxis: 0), tolerance: 1e-6)
        expectClose(gradients[3], try activations.matmul(delta, transposingSelf: true), tolerance: 1e-6)
        let expectedLoss = try -(labels * logits.softmax().log()).sum() / 4
        expectClose(value, expectedLoss, tolerance: 1e-5)
    }
}
