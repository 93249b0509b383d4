import Foundation
import Synapse
import Testing

/// `stepsPerEpoch` and `validationFrequency` in `fit`, as Keras's `steps_per_epoch` and
/// `validation_freq`.
@Suite("Steps per epoch and validation frequency")
struct FitScheduleTests {
    /// 10 rows of y = x₁ − x₂.
    static var x: Tensor { try! Tensor(shape: [10, 2], scalars: (0..<20).map { Float($0 % 7) / 7 - 0.4 }) }
    static var y: Tensor {
        let values = x.scalars
        return try! Tensor(shape: [10, 1], scalars: (0..<10).map { r in values[2 * r] - values[2 * r + 1] })
    }

    static func model() throws -> Sequential {
        let model = Sequential(seed: 9) { Input(2); Dense(3, activation: .tanh); Dense(1) }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        return model
    }

    /// Counts the batches of each epoch.
    final class BatchCounter: Callback {
        var batches: [Int] = []
        func epochWillBegin(_ epoch: Int, training: TrainingContext) throws { batches.append(0) }
        func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) throws { batches[batches.count - 1] += 1 }
    }

    /// Epochs of 2 batches walk through the 5 batches of a pass: 2, 2, then the 1 left (the data
    /// ran out), then a new pass. The weights are those of training on the same batches in one run.
    @Test func epochsGoOnWhereTheLastStopped() throws {
        let model = try Self.model()
        let counter = BatchCounter()
        let history = try model.fit(Self.x, Self.y, epochs: 5, batchSize: 2, shuffle: false, stepsPerEpoch: 2,
                                    verbose: 0, callbacks: [counter])
        #expect(counter.batches == [2, 2, 1, 2, 2])
        #expect(history.epochs == [0, 1, 2, 3, 4])
        // The same 9 batches as two passes of 5, less the last batch: epochs of 5, then 4 steps.
        let twin = try Self.model()
        try twin.fit(Self.x, Self.y, epochs: 1, batchSize: 2, shuffle: false, verbose: 0)
        try twin.fit(Self.x, Self.y, epochs: 1, batchSize: 2, shuffle: false, stepsPerEpoch: 4, verbose: 0)
        #expect(model.getWeights() == twin.getWeights())
    }

    /// One pass per epoch is what `stepsPerEpoch` of the number of batches gives, shuffled alike.
    @Test func aFullPassPerEpochIsTheDefault() throws {
        let a = try Self.model(), b = try Self.model()
        let first = try a.fit(Self.x, Self.y, epochs: 3, batchSize: 3, verbose: 0)
        let second = try b.fit(Self.x, Self.y, epochs: 3, batchSize: 3, stepsPerEpoch: 4, verbose: 0)
        #expect(first == second)
        #expect(a.getWeights() == b.getWeights())
    }

    /// Validation every 2 epochs: after epochs 2 and 4 (1-based); NaN in the history elsewhere, and
    /// no `val_` entries in those epochs' logs.
    @Test func validationEveryFewEpochs() throws {
        let model = try Self.model()
        final class ValidationLogs: Callback {
            var hadValidation: [Bool] = []
            func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws { hadValidation.append(logs["val_loss"] != nil) }
        }
        let recorder = ValidationLogs()
        let history = try model.fit(Self.x, Self.y, epochs: 4, batchSize: 4, validationSplit: 0.2, validationFrequency: 2,
                                    verbose: 0, callbacks: [recorder])
        #expect(recorder.hadValidation == [false, true, false, true])
        let validation = try #require(history["val_loss"])
        #expect(validation.count == 4)
        #expect(validation[0].isNaN && validation[2].isNaN)
        let loss = try #require(history["loss"])
        #expect(loss.allSatisfy { $0.isFinite })
        // The last value is the held-out rows' loss after training.
        let heldOut = try model.evaluate(Self.x.rows(8..<10), Self.y.rows(8..<10))
        expectValue(validation[3], heldOut.loss)
    }

    @Test func badArgumentsAreRefused() throws {
        let model = try Self.model()
        expectError(SynapseError.invalidArgument, mentioning: ["stepsPerEpoch", "0"]) {
            try model.fit(Self.x, Self.y, stepsPerEpoch: 0, verbose: 0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["validationFrequency", "-1"]) {
            try model.fit(Self.x, Self.y, validationFrequency: -1, verbose: 0)
        }
    }
}
