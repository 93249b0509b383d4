import Foundation
import Synapse
import Testing

@Suite("SGD")
struct SGDTests {
    @Test func kerasDefaults() {
        let sgd = SGD()
        #expect(sgd.learningRate == 0.01)
        #expect(sgd.momentum == 0)
        #expect(sgd.nesterov == false)
        #expect(sgd.name == "SGD")
        #expect(sgd.configuration["learning_rate"] == .number(Double(Float(0.01))))
    }

    @Test func plainUpdates() throws {
        // w ← w − lr·g: 1 → 1.4 → 1.72 → 1.976.
        let values = try QuadraticProblem.trajectory(SGD(learningRate: 0.1), steps: 3)
        expectValues(Tensor(values), [1.4, 1.72, 1.976], tolerance: 1e-6)
    }

    @Test func momentumUpdates() throws {
        // v ← 0.9·v − lr·g, w ← w + v.
        let values = try QuadraticProblem.trajectory(SGD(learningRate: 0.1, momentum: 0.9), steps: 3)
        var w = QuadraticProblem.start, v: Float = 0
        var expected: [Float] = []
        for _ in 0..<3 {
            v = 0.9 * v - 0.1 * QuadraticProblem.gradient(w)
            w += v
            expected.append(w)
        }
        expectValues(Tensor(values), expected, tolerance: 1e-6)
        expectValues(Tensor(values), [1.4, 2.08, 2.876], tolerance: 1e-6)
    }

    @Test func nesterovUpdates() throws {
        // v ← 0.9·v − lr·g, w ← w + 0.9·v − lr·g.
        let values = try QuadraticProblem.trajectory(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), steps: 3)
        var w = QuadraticProblem.start, v: Float = 0
        var expected: [Float] = []
        for _ in 0..<3 {
            let g = QuadraticProblem.gradient(w)
            v = 0.9 * v - 0.1 * g
            w += 0.9 * v - 0.1 * g
            expected.append(w)
        }
        expectValues(Tensor(values), expected, tolerance: 1e-6)
        expectValues(Tensor(values), [1.76, 2.5552, 3.216704], tolerance: 1e-6)
    }

    @Test func momentumIsKeptPerParameter() throws {
        let sgd = SGD(learningRate: 0.1, momentum: 0.5)
        let a = Parameter(name: "a", value: Tensor([0, 0]))
        let b = Parameter(name: "b", value: Tensor([0]))
        try sgd.apply([Tensor([1, -1]), Tensor([2])], to: [a, b])
        try sgd.apply([Tensor([1, -1]), Tensor([0])], to: [a, b])
        // a: v = −0.1, then −0.05 − 0.1 = −0.15; w = −0.25. b: v = −0.2, then −0.1; w = −0.3.
        expectValues(a.value, [-0.25, 0.25], tolerance: 1e-6)
        expectValues(b.value, [-0.3], tolerance: 1e-6)
        #expect(sgd.iterations == 2)
    }
}
