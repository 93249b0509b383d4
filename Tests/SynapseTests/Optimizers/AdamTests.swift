import Foundation
import Synapse
import Testing

@Suite("Adam")
struct AdamTests {
    @Test func kerasDefaults() {
        let adam = Adam()
        #expect(adam.learningRate == 1e-3)
        #expect(adam.beta1 == 0.9)
        #expect(adam.beta2 == 0.999)
        #expect(adam.epsilon == 1e-7)
        #expect(adam.name == "Adam")
    }

    /// Keras's Adam: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
    /// w ← w − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε), in Double. As in Keras, the powers βᵗ are
    /// taken of the float32 β (`ops.cast(self.beta_2, dtype)`) while 1 − β comes from the decimal
    /// value in double precision (`1 - self.beta_2` in Python).
    static func expectedTrajectory(rate: Double, epsilon: Double, steps: Int) -> [Float] {
        let (b1, b2) = (0.9, 0.999)
        let (p1, p2) = (Double(Float(b1)), Double(Float(b2)))
        var w = Double(QuadraticProblem.start), m = 0.0, v = 0.0
        var values: [Float] = []
        for t in 1...steps {
            let g = 2 * (w - 3)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            let correctedRate = rate * (1 - pow(p2, Double(t))).squareRoot() / (1 - pow(p1, Double(t)))
            w -= correctedRate * m / (v.squareRoot() + epsilon)
            values.append(Float(w))
        }
        return values
    }

    @Test func updatesMatchTheKerasFormula() throws {
        let values = try QuadraticProblem.trajectory(Adam(learningRate: 0.1), steps: 3)
        expectValues(Tensor(values), Self.expectedTrajectory(rate: 0.1, epsilon: 1e-7, steps: 3), tolerance: 1e-6)
        // The first step moves by lr in the direction against the gradient.
        expectValue(values[0], 1.1, tolerance: 1e-6)
    }

    @Test func epsilonIsAddedToTheUncorrectedRoot() throws {
        // With a large ε the two textbook placements differ: Keras gives 1 + 0.0316·0.4/(0.1265 + 0.1)
        // ≈ 1.055848, the paper's m̂/(√v̂ + ε) would give 1 + 0.1·4/4.1 ≈ 1.09756.
        let values = try QuadraticProblem.trajectory(Adam(learningRate: 0.1, epsilon: 0.1), steps: 3)
        expectValues(Tensor(values), Self.expectedTrajectory(rate: 0.1, epsilon: 0.1, steps: 3), tolerance: 1e-6)
        expectValue(values[0], 1.0558482, tolerance: 1e-6)
    }

    @Test func stateIsPerParameter() throws {
        let adam = Adam(learningRate: 0.1)
        let a = Parameter(name: "a", value: Tensor([1]))
        let b = Parameter(name: "b", value: Tensor([1, 1]))
        // b sees a gradient of 0 at the first step, so its moments stay 0 until the second.
        try adam.apply([Tensor([-4]), Tensor([0, 0])], to: [a, b])
        #expect(b.value == Tensor([1, 1]))
        try adam.apply([Tensor([-4]), Tensor([-4, 4])], to: [a, b])
        // Step t = 2 for b: m = ±0.4, v = 0.016.
        let correctedRate = 0.1 * (1 - pow(Double(Float(0.999)), 2.0)).squareRoot() / (1 - pow(Double(Float(0.9)), 2.0))
        let move = Float(correctedRate * 0.4 / (0.016.squareRoot() + 1e-7))
        expectValues(b.value, [1 + move, 1 - move], tolerance: 1e-6)
        #expect(adam.iterations == 2)
    }
}
