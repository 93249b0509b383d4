import Foundation
import Synapse
import Testing

/// The vectorised update kernels (C, one version per instruction set, chosen when the program
/// loads) against Keras's formulas written out element by element in Swift: the same bits, for every
/// length around the vector widths. Equality, not closeness, checks that the wide versions neither
/// fuse a·b + c into one rounding nor approximate the square root, so a model trains to the same
/// weights on every x86-64 CPU.
@Suite("Optimizer update kernels")
struct OptimizerKernelTests {
    static let counts = [1, 3, 15, 16, 17, 31, 33, 64, 1_037]

    /// Gradients with magnitudes from 1 down to 1e-6 and some zeros.
    static func gradient(count: Int, seed: UInt64) throws -> [Float] {
        let values = try uniformTensor([count], seed: seed).scalars
        return values.indices.map { i in i % 11 == 5 ? 0 : values[i] * Float(Foundation.pow(10, -Double(i % 7))) }
    }

    /// Runs `steps` updates of `optimizer` on one parameter of `count` values and, beside it, `reference`
    /// on a copy of the same values; returns both.
    static func run(_ optimizer: any Optimizer, count: Int, steps: Int = 4,
                    reference: (_ w: inout [Float], _ g: [Float], _ step: Int) -> Void) throws -> (actual: [Float], expected: [Float]) {
        let start = try uniformTensor([count], seed: 40 + UInt64(count))
        let parameter = Parameter(name: "w", value: start)
        var expected = start.scalars
        for step in 1...steps {
            let g = try gradient(count: count, seed: 100 * UInt64(step) + UInt64(count))
            try optimizer.apply([Tensor(g)], to: [parameter])
            reference(&expected, g, step)
        }
        return (parameter.value.scalars, expected)
    }

    static func expectSameBits(_ actual: [Float], _ expected: [Float], _ what: String, count: Int) {
        let differing = zip(actual, expected).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(what), \(count) values: \(differing) differ")
    }

    /// Adam's reference: m ← m + (g − m)(1 − β1), v ← v + (g² − v)(1 − β2), v̂ ← max(v̂, v) with
    /// AMSGrad, w ← w − m·α/(√v + ε) with the correctly rounded √; the decoupled decay first, if any.
    static func adamReference(learningRate lr: Float, beta1: Float, beta2: Float, epsilon: Float, oneMinusBeta1 c1: Float,
                              oneMinusBeta2 c2: Float, amsgrad: Bool, weightDecay: Float?, count: Int)
        -> (inout [Float], [Float], Int) -> Void {
        var m = [Float](repeating: 0, count: count), v = m, vMax = m
        return { w, g, step in
            if let weightDecay {
                let factor = weightDecay * lr
                for i in w.indices { w[i] = w[i] - w[i] * factor }
            }
            let t = Double(step)
            let alpha = Float(Double(lr) * (1 - Foundation.pow(Double(beta2), t)).squareRoot() / (1 - Foundation.pow(Double(beta1), t)))
            for i in w.indices {
                m[i] = m[i] + (g[i] - m[i]) * c1
                v[i] = v[i] + (g[i] * g[i] - v[i]) * c2
                var vi = v[i]
                if amsgrad {
                    vi = vMax[i] < vi ? vi : vMax[i]
                    vMax[i] = vi
                }
                w[i] = w[i] - m[i] * alpha / (vi.squareRoot() + epsilon)
            }
        }
    }

    @Test(arguments: counts) func adamMatchesTheScalarFormula(count: Int) throws {
        let defaults = try Self.run(Adam(), count: count,
                                    reference: Self.adamReference(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7,
                                                                  oneMinusBeta1: Float(1 - 0.9), oneMinusBeta2: Float(1 - 0.999),
                                                                  amsgrad: false, weightDecay: nil, count: count))
        Self.expectSameBits(defaults.actual, defaults.expected, "Adam()", count: count)
        let amsgrad = try Self.run(Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.5, epsilon: 0.01, amsgrad: true), count: count,
                                   reference: Self.adamReference(learningRate: 0.05, beta1: 0.8, beta2: 0.5, epsilon: 0.01,
                                                                 oneMinusBeta1: Float(1 - 0.8), oneMinusBeta2: Float(1 - 0.5),
                                                                 amsgrad: true, weightDecay: nil, count: count))
        Self.expectSameBits(amsgrad.actual, amsgrad.expected, "Adam(amsgrad: true)", count: count)
        let adamW = try Self.run(AdamW(), count: count,
                                 reference: Self.adamReference(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7,
                                                               oneMinusBeta1: Float(1 - 0.9), oneMinusBeta2: Float(1 - 0.999),
                                                               amsgrad: false, weightDecay: 0.004, count: count))
        Self.expectSameBits(adamW.actual, adamW.expected, "AdamW()", count: count)
    }

    @Test(arguments: counts) func sgdMatchesTheScalarFormula(count: Int) throws {
        let plain = try Self.run(SGD(learningRate: 0.1), count: count) { w, g, _ in
            for i in w.indices { w[i] = w[i] - 0.1 * g[i] }
        }
        Self.expectSameBits(plain.actual, plain.expected, "SGD()", count: count)
        for nesterov in [false, true] {
            var velocity = [Float](repeating: 0, count: count)
            let (lr, mu): (Float, Float) = (0.05, 0.9)
            let result = try Self.run(SGD(learningRate: lr, momentum: mu, nesterov: nesterov), count: count) { w, g, _ in
                for i in w.indices {
                    velocity[i] = mu * velocity[i] - lr * g[i]
                    w[i] = w[i] + (nesterov ? mu * velocity[i] - lr * g[i] : velocity[i])
                }
            }
            Self.expectSameBits(result.actual, result.expected, "SGD(momentum: 0.9, nesterov: \(nesterov))", count: count)
        }
    }
}
