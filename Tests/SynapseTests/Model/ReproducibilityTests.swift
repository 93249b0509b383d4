import Foundation
import Synapse
import Testing

/// A model's seed fixes its initial weights, shuffling and dropout masks: `fit` is reproducible.
@Suite("Reproducibility")
struct ReproducibilityTests {
    static var x: Tensor { try! Tensor.randomUniform([12, 3], low: -1, high: 1, seed: 21) }
    static var y: Tensor { Tensor([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2]) }

    static func train(seed: UInt64) throws -> (model: Sequential, history: History) {
        let model = Sequential(seed: seed) {
            Input(3)
            Dense(8, activation: .relu)
            Dropout(0.3)
            Dense(3, activation: .softmax)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        let history = try model.fit(x, y, epochs: 5, batchSize: 5, shuffle: true, validationSplit: 0.25, verbose: 0)
        return (model, history)
    }

    @Test func sameSeedGivesIdenticalHistoriesAndWeights() throws {
        let first = try Self.train(seed: 42)
        let second = try Self.train(seed: 42)
        #expect(first.history == second.history)
        #expect(first.history.epochs == [0, 1, 2, 3, 4])
        #expect(first.history.keys == ["accuracy", "loss", "val_accuracy", "val_loss"])
        #expect(first.model.parameters.count == second.model.parameters.count)
        for (a, b) in zip(first.model.parameters, second.model.parameters) {
            #expect(a.value == b.value, "\(a.path)")
        }
        #expect(try first.model.predict(Self.x) == second.model.predict(Self.x))
    }

    @Test func differentSeedsDiffer() throws {
        let first = try Self.train(seed: 42)
        let other = try Self.train(seed: 43)
        #expect(first.history["loss"] != other.history["loss"])
        #expect(first.model.parameters[0].value != other.model.parameters[0].value)
    }

    @Test func theSeedAloneFixesInitialWeights() throws {
        func weights(_ seed: UInt64) -> [Tensor] {
            Sequential(seed: seed) {
                Input(4)
                Dense(3)
                Dense(2)
            }.parameters.map(\.value)
        }
        #expect(weights(5) == weights(5))
        #expect(weights(5) != weights(6))
        // Layers of the same shape at different positions are initialised differently.
        let model = Sequential(seed: 5) {
            Input(3)
            Dense(3)
            Dense(3)
        }
        #expect(model.parameters[0].value != model.parameters[2].value)
    }

    @Test func withoutShufflingRowsComeInOrder() throws {
        // With shuffle: false the first batch is row 0.
        let recorder = RecordingCallback()
        let model = Sequential(seed: 1) {
            Input(3)
            Dense(3, activation: .softmax)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(learningRate: 0))
        try model.fit(Self.x, Self.y, epochs: 1, batchSize: 1, shuffle: false, verbose: 0, callbacks: [recorder])
        let expectedFirst = try #require(model.evaluate(Self.x.rows(0..<1), Self.y.rows(0..<1))["loss"])
        expectValue(try #require(recorder.batchLogs.first?["loss"]), expectedFirst, tolerance: 1e-6)
    }
}
