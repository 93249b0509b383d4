import Foundation
import Synapse
import Testing

/// Every activation's values against plain-Swift formulas, and its gradient against finite differences.
@Suite("Activations")
struct ActivationTests {
    /// Points away from 0 (the kink of ReLU, leaky ReLU and ELU), on both sides, small and large.
    static let points: [Float] = [-3.5, -1.2, -0.4, -0.05, 0.07, 0.5, 1.3, 4]

    /// Each activation with its plain-Float reference.
    static var cases: [(Activation, (Float) -> Float)] { [
        (.linear, { $0 }),
        (.relu, { Swift.max($0, 0) }),
        (.sigmoid, { 1 / (1 + exp(-$0)) }),
        (.tanh, { Foundation.tanh($0) }),
        (.leakyReLU(alpha: 0.3), { $0 > 0 ? $0 : 0.3 * $0 }),
        (.leakyReLU, { $0 > 0 ? $0 : 0.2 * $0 }),
        (.elu(alpha: 1.5), { $0 > 0 ? $0 : 1.5 * (exp($0) - 1) }),
        (.elu, { $0 > 0 ? $0 : exp($0) - 1 }),
        (.gelu, { 0.5 * $0 * (1 + erf($0 / Float(2).squareRoot())) }),
        (.gelu(approximate: true), { x in
            0.5 * x * (1 + Foundation.tanh((2 / Float.pi).squareRoot() * (x + 0.044715 * x * x * x)))
        }),
        (.softplus, { log(1 + exp($0)) }),
        (.swish, { $0 / (1 + exp(-$0)) }),
    ] }

    @Test func elementwiseValues() throws {
        let x = try Tensor(shape: [2, 4], scalars: Self.points)
        for (activation, reference) in Self.cases {
            let y = try activation(x)
            expectValues(y, Self.points.map(reference), shape: [2, 4], tolerance: 1e-5, "\(activation)")
        }
    }

    @Test func knownValues() throws {
        let x = Tensor([-1, 0, 1])
        #expect(try Activation.relu(x) == Tensor([0, 0, 1]))
        #expect(try Activation.linear(x) == x)
        expectValues(try Activation.sigmoid(x), [0.26894142, 0.5, 0.7310586])
        expectValues(try Activation.tanh(x), [-0.7615942, 0, 0.7615942])
        expectValues(try Activation.gelu(x), [-0.15865526, 0, 0.8413447])
        expectValues(try Activation.softplus(x), [0.31326169, 0.6931472, 1.3132616])
        expectValues(try Activation.swish(x), [-0.26894142, 0, 0.7310586])
        expectValues(try Activation.elu(x), [-0.63212055, 0, 1])
        expectValues(try Activation.leakyReLU(x), [-0.2, 0, 1])
    }

    /// `keras.activations.gelu(x, approximate=True)`, Keras 3.15.1.
    @Test func approximateGELUMatchesKeras() throws {
        let x = Tensor([-3, -1, -0.5, 0, 0.5, 1, 3])
        let keras: [Float] = [-0.00363734, -0.158808, -0.15428598, 0, 0.34571403, 0.841192, 2.9963627]
        expectValues(try Activation.gelu(approximate: true)(x), keras, tolerance: 1e-6)
        expectValues(x.gelu(approximate: true), keras, tolerance: 1e-6)
        #expect(Activation.gelu == .gelu(approximate: false))
        #expect(Activation.gelu(approximate: true).description == "gelu(approximate: true)")
    }

    @Test func approximateGELURoundTripsThroughConfiguration() throws {
        for activation in [Activation.gelu, .gelu(approximate: true)] {
            let value = activation.configurationValue
            #expect(try Activation(configurationValue: value, owner: "test") == activation)
        }
        #expect(Activation.gelu.configurationValue == .string("gelu"))
    }

    @Test func softmaxIsTakenAlongTheLastAxis() throws {
        let rows: [[Float]] = [[1, 2, 3], [-1, 0, 5], [1000, 1000, 999]]
        let y = try Activation.softmax(Tensor(rows))
        expectValues(y, rows.flatMap(referenceSoftmax), shape: [3, 3], tolerance: 1e-6)
        let sums = try y.sum(alongAxis: -1)
        expectValues(sums, [1, 1, 1], tolerance: 1e-6)
    }

    @Test func softplusIsStableForLargeInputs() throws {
        let y = try Activation.softplus(Tensor([-100, 100]))
        expectValues(y, [0, 100], tolerance: 1e-6)
        #expect(y.scalars.allSatisfy { $0.isFinite })
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let x = try Tensor(shape: [2, 4], scalars: Self.points)
        let weights = try Tensor(shape: [2, 4], scalars: [0.3, -1.1, 0.7, 2, -0.4, 1.5, -0.9, 0.25])
        for (activation, _) in Self.cases {
            // Every point is further than the step (1e-2) from the kink at 0.
            try expectGradientCheck(at: [x], "\(activation)") { t in
                try (activation(t[0]) * weights).sum()
            }
        }
        try expectGradientCheck(at: [x], "softmax") { t in
            try (Activation.softmax(t[0]) * weights).sum()
        }
    }

    @Test func gradientsMatchHandDerivatives() throws {
        let x = Tensor(Self.points)
        let s = Self.points.map(referenceSigmoid)
        let derivatives: [(Activation, [Float])] = [
            (.relu, Self.points.map { $0 > 0 ? 1 : 0 }),
            (.sigmoid, s.map { $0 * (1 - $0) }),
            (.tanh, Self.points.map { 1 - Foundation.tanh($0) * Foundation.tanh($0) }),
            (.leakyReLU(alpha: 0.3), Self.points.map { $0 > 0 ? 1 : 0.3 }),
            (.elu(alpha: 1.5), Self.points.map { $0 > 0 ? 1 : 1.5 * exp($0) }),
            (.softplus, s),
            (.swish, zip(Self.points, s).map { x, s in s + x * s * (1 - s) }),
            (.gelu, Self.points.map { x in
                0.5 * (1 + erf(x / Float(2).squareRoot())) + x * exp(-x * x / 2) / Float(2 * Float.pi).squareRoot()
            }),
        ]
        for (activation, expected) in derivatives {
            let (_, gradient) = try valueWithGradient(at: x) { try activation($0).sum() }
            expectValues(gradient, expected, shape: [8], tolerance: 1e-5, "\(activation)")
        }
    }

    @Test func kerasNames() {
        #expect(Activation.relu.name == "relu")
        #expect(Activation.leakyReLU(alpha: 0.1).name == "leaky_relu")
        #expect(Activation.elu.description == "elu(alpha: 1.0)")
        #expect(Activation.softmax.description == "softmax")
    }
}
