import Foundation
import Synapse
import Testing

/// The layers' kernels must compute what the autodiff tape computes: the same losses,
/// metrics and weights, step after step, for every output/loss pairing it handles.
@Suite("Layer kernels against the tape")
struct KernelParityTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let hidden: Activation
        let output: Activation
        let units: Int
        let loss: Loss
        let labels: Labels
        let dropout: Float
        let useBias: Bool
        var description: String { name }
    }

    enum Labels: Sendable { case sparse, oneHot, binary, regression }

    static let cases: [Case] = [
        Case(name: "relu → softmax, sparse CE", hidden: .relu, output: .softmax, units: 4, loss: .sparseCategoricalCrossEntropy, labels: .sparse, dropout: 0, useBias: true),
        Case(name: "tanh → softmax, one-hot CE", hidden: .tanh, output: .softmax, units: 4, loss: .categoricalCrossEntropy, labels: .oneHot, dropout: 0, useBias: true),
        Case(name: "sigmoid → sigmoid, BCE", hidden: .sigmoid, output: .sigmoid, units: 1, loss: .binaryCrossEntropy, labels: .binary, dropout: 0, useBias: true),
        Case(name: "elu → tanh, MSE", hidden: .elu, output: .tanh, units: 3, loss: .meanSquaredError, labels: .regression, dropout: 0, useBias: true),
        Case(name: "gelu → linear, CE from logits", hidden: .gelu, output: .linear, units: 4, loss: .sparseCategoricalCrossEntropy(fromLogits: true), labels: .sparse, dropout: 0, useBias: true),
        Case(name: "swish → linear, BCE from logits", hidden: .swish, output: .linear, units: 2, loss: .binaryCrossEntropy(fromLogits: true), labels: .binary, dropout: 0, useBias: true),
        Case(name: "softplus → softmax, MSE", hidden: .softplus, output: .softmax, units: 3, loss: .meanSquaredError, labels: .regression, dropout: 0, useBias: false),
        Case(name: "leaky relu + dropout → softmax", hidden: .leakyReLU(alpha: 0.1), output: .softmax, units: 4, loss: .sparseCategoricalCrossEntropy, labels: .sparse, dropout: 0.3, useBias: true),
        Case(name: "relu + dropout → sigmoid, MSE", hidden: .relu, output: .sigmoid, units: 2, loss: .meanSquaredError, labels: .regression, dropout: 0.5, useBias: true),
    ]

    private static func data(_ c: Case) throws -> (Tensor, Tensor) {
        let rows = 23 // batches of 8, 8 and 7
        let x = try Tensor.randomNormal([rows, 5], seed: 3)
        switch c.labels {
        case .sparse: return (x, Tensor((0..<rows).map { Float(($0 * 5) % c.units) }))
        case .oneHot: return (x, try oneHot(labels: Tensor((0..<rows).map { Float(($0 * 3) % c.units) }), classCount: c.units))
        case .binary: return (x, try Tensor(shape: [rows, c.units], scalars: (0..<rows * c.units).map { Float(($0 * 7) % 3 == 0 ? 1 : 0) }))
        case .regression: return (x, try Tensor.randomUniform([rows, c.units], low: 0, high: 1, seed: 4))
        }
    }

    private static func model(_ c: Case, fused: Bool) throws -> Sequential {
        let model = Sequential(seed: 7) {
            Input(5)
            Dense(6, activation: c.hidden, useBias: c.useBias)
            if c.dropout > 0 { Dropout(c.dropout) }
            Dense(5, activation: c.hidden)
            Dense(c.units, activation: c.output, useBias: c.useBias)
        }
        model.usesKernels = fused
        try model.compile(loss: c.loss, optimizer: SGD(learningRate: 0.1, momentum: 0.5), metrics: [.accuracy])
        return model
    }

    @Test(arguments: cases)
    func trainingMatchesTheAutodiffPath(_ c: Case) throws {
        let (x, y) = try Self.data(c)
        let fused = try Self.model(c, fused: true), graph = try Self.model(c, fused: false)
        let a = try fused.fit(x, y, epochs: 3, batchSize: 8, validationSplit: 0.2, verbose: 0)
        let b = try graph.fit(x, y, epochs: 3, batchSize: 8, validationSplit: 0.2, verbose: 0)
        for key in b.keys {
            let fusedValues = try #require(a[key]), graphValues = try #require(b[key])
            for (u, v) in zip(fusedValues, graphValues) {
                #expect(abs(u - v) <= 1e-5 * max(1, abs(v)), "\(key): fused \(u) vs autodiff \(v)")
            }
        }
        for (p, q) in zip(fused.parameters, graph.parameters) {
            let largest = zip(p.value.scalars, q.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(largest <= 1e-5, "\(p.path) differs by \(largest)")
        }
        let fusedPredictions = try fused.predict(x), graphPredictions = try graph.predict(x)
        let largest = zip(fusedPredictions.scalars, graphPredictions.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(largest <= 1e-5)
    }

    @Test func regularisationMatchesTheAutodiffPath() throws {
        let x = try Tensor.randomNormal([20, 5], seed: 8)
        let y = Tensor((0..<20).map { Float($0 % 3) })
        func model(fused: Bool) throws -> Sequential {
            let model = Sequential(seed: 4) {
                Input(5)
                Dense(6, activation: .relu, kernelRegularizer: .l1l2(l1: 0.01, l2: 0.02), biasRegularizer: .l1(0.05))
                Dense(3, activation: .softmax, kernelRegularizer: .l2(0.03))
            }
            model.usesKernels = fused
            try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(learningRate: 0.01))
            return model
        }
        let fused = try model(fused: true), graph = try model(fused: false)
        let a = try fused.fit(x, y, epochs: 3, batchSize: 6, verbose: 0)["loss"]!
        let b = try graph.fit(x, y, epochs: 3, batchSize: 6, verbose: 0)["loss"]!
        for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-5 * max(1, abs(v)), "fused \(u) vs autodiff \(v)") }
        for (p, q) in zip(fused.parameters, graph.parameters) {
            let largest = zip(p.value.scalars, q.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(largest <= 1e-5, "\(p.path) differs by \(largest)")
        }
        #expect(try abs(fused.evaluate(x, y)["loss"]! - graph.evaluate(x, y)["loss"]!) <= 1e-5)
    }

    @Test func frozenParametersStayFrozen() throws {
        let c = Self.cases[0]
        let (x, y) = try Self.data(c)
        let model = try Self.model(c, fused: true)
        let bias = model.parameters[1]
        bias.isTrainable = false
        try bias.assign(Tensor(shape: [6], repeating: 0.25))
        try model.fit(x, y, epochs: 2, batchSize: 8, verbose: 0)
        #expect(bias.value.scalars == [Float](repeating: 0.25, count: 6))
        #expect(model.parameters[0].value != (try Self.model(c, fused: true)).parameters[0].value)
    }

    @Test func changingBatchSizesReusesNothingStale() throws {
        let c = Self.cases[1]
        let (x, y) = try Self.data(c)
        let fused = try Self.model(c, fused: true), graph = try Self.model(c, fused: false)
        for batch in [8, 5, 23, 8] {
            let u = try fused.fit(x, y, epochs: 1, batchSize: batch, verbose: 0)["loss"]![0]
            let v = try graph.fit(x, y, epochs: 1, batchSize: batch, verbose: 0)["loss"]![0]
            #expect(abs(u - v) <= 1e-5, "batch \(batch): \(u) vs \(v)")
        }
    }
}
