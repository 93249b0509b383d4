import Foundation
import Synapse
import Testing

/// A training loop written by hand — batches, a loss from `model(x, training: true)`, gradients from
/// `valueWithGradient(at:of:)` and `optimizer.apply` — behaves as `fit` does.
@Suite("Custom training loop")
struct CustomTrainingLoopTests {
    /// y = sin(3·x₁) + x₂², 64 rows.
    static func data() throws -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: 11)
        var x: [[Float]] = []
        for _ in 0..<64 { x.append([generator.nextUniform(low: -1, high: 1), generator.nextUniform(low: -1, high: 1)]) }
        return (Tensor(x), Tensor(x.map { [sin(3 * $0[0]) + $0[1] * $0[1]] }))
    }

    static func model(seed: UInt64 = 5) -> Sequential {
        Sequential(seed: seed) {
            Input(2)
            Dense(16, activation: .tanh)
            Dense(1)
        }
    }

    /// One step of the hand-written loop; returns the batch loss.
    @discardableResult
    static func step(_ model: Sequential, _ optimizer: any Optimizer, x: Tensor, y: Tensor) throws -> Float {
        let parameters = model.trainableParameters
        let (loss, gradients) = try valueWithGradient(at: parameters) {
            try Loss.meanSquaredError(labels: y, predictions: model(x, training: true))
        }
        try optimizer.apply(gradients, to: parameters)
        return try loss.item()
    }

    @Test func theLossDecreases() throws {
        let (x, y) = try Self.data()
        let model = Self.model()
        let optimizer = Adam(learningRate: 0.02)
        var epochLosses: [Float] = []
        for epoch in 0..<150 {
            var sum: Float = 0
            var rows = 0
            for batch in try Batches(x: x, y: y, batchSize: 16, shuffle: true, seed: UInt64(epoch)) {
                let loss = try Self.step(model, optimizer, x: batch.x, y: batch.y)
                sum += loss * Float(batch.x.shape[0])
                rows += batch.x.shape[0]
            }
            epochLosses.append(sum / Float(rows))
        }
        #expect(epochLosses.allSatisfy { $0.isFinite })
        #expect(epochLosses.last! < 0.1 * epochLosses.first!, "\(epochLosses.last!) vs \(epochLosses.first!)")
        // The loss on the whole set agrees with the model's own evaluation.
        let finalLoss = try Loss.meanSquaredError(labels: y, predictions: model(x)).item()
        try model.compile(loss: .meanSquaredError, optimizer: optimizer)
        expectValue(try model.evaluate(x, y, batchSize: 64)["loss"]!, finalLoss, tolerance: 1e-5)
    }

    /// The same steps by hand and by `fit` (batches in order, no shuffling) give the same weights.
    @Test(arguments: ["SGD", "SGD+momentum", "Adam"])
    func manualStepsEqualFitSteps(optimizerName: String) throws {
        func optimizer() -> any Optimizer {
            switch optimizerName {
            case "SGD": SGD(learningRate: 0.1)
            case "SGD+momentum": SGD(learningRate: 0.05, momentum: 0.9)
            default: Adam(learningRate: 0.01)
            }
        }
        let (x, y) = try Self.data()
        let manual = Self.model()
        let fitted = Self.model()
        #expect(weights(of: manual) == weights(of: fitted))

        let manualOptimizer = optimizer()
        var losses: [Float] = []
        for batch in try Batches(x: x, y: y, batchSize: 16) {
            losses.append(try Self.step(manual, manualOptimizer, x: batch.x, y: batch.y))
        }
        let fitOptimizer = optimizer()
        try fitted.compile(loss: .meanSquaredError, optimizer: fitOptimizer)
        let history = try fitted.fit(x, y, epochs: 1, batchSize: 16, shuffle: false, verbose: 0)

        #expect(manualOptimizer.iterations == 4 && fitOptimizer.iterations == 4)
        for (a, b) in zip(weights(of: manual), weights(of: fitted)) {
            expectValues(a, b.scalars, shape: b.shape, tolerance: 1e-5)
        }
        // fit's epoch loss is the mean of the batch losses (equal batches).
        expectValue(history["loss"]![0], losses.reduce(0, +) / 4, tolerance: 1e-5)
    }

    @Test func oneManualStepEqualsOneFitStep() throws {
        let (x, y) = try Self.data()
        let manual = Self.model()
        let fitted = Self.model()
        let loss = try Self.step(manual, SGD(learningRate: 0.1), x: x, y: y)
        try fitted.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let history = try fitted.fit(x, y, epochs: 1, batchSize: 64, shuffle: false, verbose: 0)
        expectValue(history["loss"]![0], loss, tolerance: 1e-5)
        for (a, b) in zip(weights(of: manual), weights(of: fitted)) {
            expectValues(a, b.scalars, shape: b.shape, tolerance: 1e-5)
        }
    }
}
