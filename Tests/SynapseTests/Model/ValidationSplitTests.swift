import Foundation
import Synapse
import Testing

/// `validationSplit` holds out the last rows, taken before shuffling.
@Suite("Validation split")
struct ValidationSplitTests {
    // Eight rows whose losses all differ, so that any other choice of rows gives another value.
    let x = Tensor([[1, 0], [0, 1], [2, 1], [-1, 3], [0.5, 0.5], [3, -2], [-2, -1], [4, 0.25]])
    let y = Tensor([[0.5], [-1], [2], [0], [1.5], [-3], [4], [-0.5]])

    func model(seed: UInt64 = 6) -> Sequential {
        Sequential(seed: seed) {
            Input(2)
            Dense(1)
        }
    }

    @Test func theLastRowsAreValidatedWithAFrozenModel() throws {
        // With a learning rate of 0 the model does not change, so val_loss must equal evaluate on
        // exactly the rows held out: the last 2 of 8 for a split of 0.25.
        let model = model()
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0))
        let recorder = RecordingCallback()
        let history = try model.fit(x, y, epochs: 1, batchSize: 1, shuffle: true, validationSplit: 0.25,
                                    verbose: 0, callbacks: [recorder])
        // Six training batches of one row.
        #expect(recorder.batchLogs.count == 6)
        let lastRows = try #require(model.evaluate(x.rows(6..<8), y.rows(6..<8))["loss"])
        let firstRows = try #require(model.evaluate(x.rows(0..<6), y.rows(0..<6))["loss"])
        let valLoss = try #require(history["val_loss"]?.first)
        let loss = try #require(history["loss"]?.first)
        expectValue(valLoss, lastRows, tolerance: 1e-6)
        expectValue(loss, firstRows, tolerance: 1e-6)
        // Any other pair of rows would have been told apart.
        for start in 0..<6 {
            let other = try #require(model.evaluate(x.rows(start..<start + 2), y.rows(start..<start + 2))["loss"])
            #expect(Swift.abs(other - valLoss) > 1e-3, "rows \(start)..<\(start + 2)")
        }
        #expect(history.keys == ["loss", "val_loss"])
    }

    @Test func trainingUsesOnlyTheFirstRows() throws {
        // Training with a split of 0.25 must be identical, shuffles included, to training on the
        // first 6 rows alone; and the reported val_loss is the final model's loss on the last 2.
        let split = model()
        try split.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.02), metrics: [])
        let history = try split.fit(x, y, epochs: 4, batchSize: 2, validationSplit: 0.25, verbose: 0)

        let alone = model()
        try alone.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.02))
        let aloneHistory = try alone.fit(x.rows(0..<6), y.rows(0..<6), epochs: 4, batchSize: 2, verbose: 0)

        for (a, b) in zip(split.parameters, alone.parameters) {
            #expect(a.value == b.value, "\(a.path)")
        }
        #expect(history["loss"] == aloneHistory["loss"])
        let after = try #require(split.evaluate(x.rows(6..<8), y.rows(6..<8))["loss"])
        expectValue(try #require(history["val_loss"]?.last), after, tolerance: 1e-6)
        #expect(history["val_loss"]?.count == 4)
    }

    @Test func splitRoundsTheTrainingPartUp() throws {
        // Keras: split_at = ceil(rows · (1 − split)); 10 rows at 0.25 → 8 training rows, 2 validation.
        let x10 = try Tensor(shape: [10, 2], scalars: (0..<20).map { Float($0) / 10 })
        let y10 = try Tensor(shape: [10, 1], scalars: (0..<10).map { Float($0) })
        let model = model()
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0))
        let recorder = RecordingCallback()
        let history = try model.fit(x10, y10, epochs: 1, batchSize: 1, validationSplit: 0.25, verbose: 0, callbacks: [recorder])
        #expect(recorder.batchLogs.count == 8)
        let lastRows = try #require(model.evaluate(x10.rows(8..<10), y10.rows(8..<10))["loss"])
        expectValue(try #require(history["val_loss"]?.first), lastRows, tolerance: 1e-6)
    }

    @Test func validationDataIsUsedAsGiven() throws {
        let model = model()
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.01), metrics: [.accuracy])
        let vx = Tensor([[1, 1], [2, 2], [0, -1]]), vy = Tensor([1, 0, 1])
        let history = try model.fit(x, y, epochs: 2, batchSize: 4, validationData: (vx, vy), verbose: 0)
        let scores = try model.evaluate(vx, vy)
        expectValue(try #require(history["val_loss"]?.last), try #require(scores["loss"]), tolerance: 1e-6)
        #expect(history["val_accuracy"]?.last == scores["accuracy"])
        #expect(history.keys == ["accuracy", "loss", "val_accuracy", "val_loss"])
    }

    @Test func splitsThatLeaveAnEmptySideAreRejected() throws {
        let model = model()
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        expectError(SynapseError.invalidArgument, mentioning: ["validationSplit", "1.0", "[0, 1)"]) {
            try model.fit(x, y, validationSplit: 1.0, verbose: 0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["validationSplit", "-0.5"]) {
            try model.fit(x, y, validationSplit: -0.5, verbose: 0)
        }
        // 5% of 8 rows is no row at all.
        expectError(SynapseError.invalidArgument, mentioning: ["validationSplit", "8 rows", "0 for validation"]) {
            try model.fit(x, y, validationSplit: 0.05, verbose: 0)
        }
        #expect(model.epochsTrained == 0)
    }
}
