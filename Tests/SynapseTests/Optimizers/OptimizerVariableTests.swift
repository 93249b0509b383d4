import Foundation
import Synapse
import Testing

/// Optimizer state read by Keras 3's names: `variable(named:for:)`, `variables(for:)`, `iterations`.
@Suite("Optimizer variables")
struct OptimizerVariableTests {
    /// `Input(2); Dense(1)`: a kernel [2, 1] and a bias [1].
    static func tinyModel() throws -> (model: Sequential, kernel: Parameter, bias: Parameter) {
        let model = Sequential(seed: 1) {
            Input(2)
            Dense(1)
        }
        let parameters = model.trainableParameters
        let kernel = try #require(parameters.first { $0.shape == [2, 1] })
        let bias = try #require(parameters.first { $0.shape == [1] })
        return (model, kernel, bias)
    }

    @Test func adamMomentumsAndVelocitiesAreTheHandComputedMoments() throws {
        let (_, kernel, bias) = try Self.tinyModel()
        let adam = Adam()
        #expect(adam.variableNames == ["momentum", "velocity"])
        #expect(try adam.variable(named: "momentums", for: kernel) == nil)
        #expect(adam.variables(for: kernel).isEmpty)
        // Kernel gradients g1 = [1, −2], g2 = [0.5, 1], g3 = [−1, 0]; bias gradients 2, 2, 2.
        let kernelGradients: [[Float]] = [[1, -2], [0.5, 1], [-1, 0]]
        for g in kernelGradients {
            try adam.apply([try Tensor(shape: [2, 1], scalars: g), Tensor([2])], to: [kernel, bias])
        }
        #expect(adam.iterations == 3)
        // m ← 0.9·m + 0.1·g: [0.1, −0.2] → [0.14, −0.08] → [0.026, −0.072].
        // v ← 0.999·v + 0.001·g²: [0.001, 0.004] → [0.001249, 0.004996] → [0.002247751, 0.004991004].
        let m = try #require(try adam.variable(named: "momentums", for: kernel))
        let v = try #require(try adam.variable(named: "velocities", for: kernel))
        expectValues(m, [0.026, -0.072], shape: [2, 1], tolerance: 1e-7)
        expectValues(v, [0.002247751, 0.004991004], shape: [2, 1], tolerance: 1e-9)
        // Keras's variable names read the same tensors; the dictionary is keyed by them.
        #expect(try adam.variable(named: "momentum", for: kernel) == m)
        let all = adam.variables(for: kernel)
        #expect(Set(all.keys) == ["momentum", "velocity"])
        #expect(all["velocity"] == v)
        // Bias: m = 0.2·(1 + 0.9 + 0.81) = 0.542 … (0.1·2)(1 + 0.9 + 0.81) = 0.542; v = 0.004·(1 + 0.999 + 0.998001).
        expectValues(try #require(try adam.variable(named: "momentums", for: bias)), [0.542], tolerance: 1e-6)
        expectValues(try #require(try adam.variable(named: "velocities", for: bias)), [0.004 * 2.997001], tolerance: 1e-8)
    }

    @Test func unknownNamesThrowListingTheKnownOnes() throws {
        let (_, kernel, _) = try Self.tinyModel()
        expectSynapseError(.invalidArgument, mentioning: ["Adam", "\"m\"", "momentum", "velocities"]) {
            _ = try Adam().variable(named: "m", for: kernel)
        }
        expectSynapseError(.invalidArgument, mentioning: ["iterations"]) {
            _ = try Adam().variable(named: "iterations", for: kernel)
        }
        // SGD keeps momenta only with momentum, as Keras.
        #expect(SGD().variableNames.isEmpty)
        expectSynapseError(.invalidArgument, mentioning: ["SGD", "no per-parameter variables", "momentums"]) {
            _ = try SGD().variable(named: "momentums", for: kernel)
        }
    }

    @Test func everyOptimizerUsesKerasNames() {
        #expect(SGD(momentum: 0.9).variableNames == ["momentum"])
        #expect(Adam(amsgrad: true).variableNames == ["momentum", "velocity", "velocity_hat"])
        #expect(AdamW().variableNames == ["momentum", "velocity"])
        #expect(RMSprop().variableNames == ["velocity"])
        #expect(RMSprop(momentum: 0.5, centered: true).variableNames == ["velocity", "momentum", "average_gradient"])
        #expect(Adagrad().variableNames == ["accumulator"])
        #expect(Adadelta().variableNames == ["accumulated_grad", "accumulated_delta_var"])
        #expect(Adamax().variableNames == ["momentum", "norm"])
        #expect(Nadam().variableNames == ["momentum", "velocity"])
        #expect(DecaySGD(initialRate: 0.1, decayAfter: 1, decayRate: 0.5).variableNames.isEmpty)
    }

    @Test func listNamesReachTheSameVariables() throws {
        let (_, kernel, bias) = try Self.tinyModel()
        let gradients = [try Tensor(shape: [2, 1], scalars: [1, -2]), Tensor([0.5])]
        let cases: [(any Optimizer, [String: String])] = [
            (SGD(momentum: 0.9), ["momentums": "momentum"]),
            (Adam(amsgrad: true), ["velocity_hats": "velocity_hat"]),
            (RMSprop(momentum: 0.5, centered: true), ["velocities": "velocity", "momentums": "momentum", "average_gradients": "average_gradient"]),
            (Adagrad(), ["accumulators": "accumulator"]),
            (Adadelta(), ["accumulated_grads": "accumulated_grad", "accumulated_delta_vars": "accumulated_delta_var"]),
            (Adamax(), ["m": "momentum", "u": "norm"]),
            (Nadam(), ["momentums": "momentum", "velocities": "velocity"]),
        ]
        for (optimizer, names) in cases {
            try optimizer.apply(gradients, to: [kernel, bias])
            for (list, variable) in names {
                let byList = try #require(try optimizer.variable(named: list, for: kernel), "\(optimizer.name) \(list)")
                #expect(byList == optimizer.variables(for: kernel)[variable], "\(optimizer.name) \(list)")
                #expect(byList.shape == [2, 1])
            }
        }
        // SGD with momentum 0.9 after one step: momentum = −lr·g = −0.01·[1, −2].
        let sgd = SGD(momentum: 0.9)
        try sgd.apply(gradients, to: [kernel, bias])
        expectValues(try #require(try sgd.variable(named: "momentums", for: kernel)), [-0.01, 0.02], tolerance: 1e-8)
        // Adagrad's accumulator starts at 0.1: 0.1 + g².
        let adagrad = Adagrad()
        try adagrad.apply(gradients, to: [kernel, bias])
        expectValues(try #require(try adagrad.variable(named: "accumulators", for: kernel)), [1.1, 4.1], tolerance: 1e-6)
    }

    /// Through `fit`, whose update runs over the model's flat parameter block. With a learning rate
    /// of 0 the weights, and so the full-batch gradient g, stay fixed: after two steps
    /// m = 0.1·g + 0.09·g = 0.19·g and v = (0.001·0.999 + 0.001)·g² = 0.001999·g².
    @Test func fitCountsIterationsAndFillsTheSameVariables() throws {
        let (model, kernel, bias) = try Self.tinyModel()
        let x = Tensor([[1, 2], [-1, 0.5], [0.3, -0.7], [2, 1]])
        let y = Tensor([[1], [0], [2], [-1]])
        let (_, gradients) = try valueWithGradient(at: [kernel, bias]) { try Loss.meanSquaredError(model(x, training: true), y) }
        let adam = Adam(learningRate: 0)
        try model.compile(loss: .meanSquaredError, optimizer: adam)
        _ = try model.fit(x, y, epochs: 2, batchSize: 4, verbose: 0)
        #expect(adam.iterations == 2)
        for (parameter, g) in zip([kernel, bias], gradients) {
            let m = try #require(try adam.variable(named: "momentums", for: parameter))
            let v = try #require(try adam.variable(named: "velocities", for: parameter))
            expectValues(m, g.scalars.map { 0.19 * $0 }, shape: parameter.shape, tolerance: 1e-6)
            expectValues(v, g.scalars.map { 0.001999 * $0 * $0 }, shape: parameter.shape, tolerance: 1e-7)
        }
        _ = try model.fit(x, y, epochs: 1, batchSize: 2, verbose: 0)
        #expect(adam.iterations == 4)
    }
}
