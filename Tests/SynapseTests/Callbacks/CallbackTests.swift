import Foundation
import Synapse
import Testing

@Suite("Callbacks")
struct CallbackTests {
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]])
    let y = Tensor([[0], [1], [1], [0], [1]])

    func model() throws -> Sequential {
        let model = Sequential(seed: 2) {
            Input(2)
            Dense(4, activation: .tanh)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        return model
    }

    @Test func hooksAreCalledInOrder() throws {
        let recorder = RecordingCallback()
        // 4 training rows (the last is held out), batches of 3 → 2 steps per epoch.
        try model().fit(x, y, epochs: 2, batchSize: 3, validationSplit: 0.2, verbose: 0, callbacks: [recorder])
        let epoch = { (e: Int) in
            ["epochWillBegin(\(e))", "batchWillBegin(0)", "batchDidEnd(0)", "batchWillBegin(1)", "batchDidEnd(1)", "epochDidEnd(\(e))"]
        }
        #expect(recorder.events == ["trainingWillBegin"] + epoch(0) + epoch(1) + ["trainingDidEnd"])
        // Batch logs hold the running training values; epoch logs add the validation ones.
        #expect(recorder.batchLogs.allSatisfy { Set($0.keys) == ["loss", "accuracy"] })
        #expect(recorder.epochLogs.allSatisfy { Set($0.keys) == ["loss", "accuracy", "val_loss", "val_accuracy"] })
        // The epoch's logs equal the batch logs after its last batch, plus validation.
        #expect(recorder.epochLogs[0]["loss"] == recorder.batchLogs[1]["loss"])
        #expect(recorder.epochLogs[1]["accuracy"] == recorder.batchLogs[3]["accuracy"])
    }

    @Test func callbacksRunInTheOrderGiven() throws {
        final class Named: Callback {
            let name: String
            let log: (String) -> Void
            init(_ name: String, log: @escaping (String) -> Void) { self.name = name; self.log = log }
            func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) { log(name) }
        }
        var order: [String] = []
        let callbacks = ["a", "b", "c"].map { name in Named(name) { order.append($0) } }
        try model().fit(x, y, epochs: 1, verbose: 0, callbacks: callbacks)
        #expect(order == ["a", "b", "c"])
    }

    @Test func stopTrainingAfterAnEpoch() throws {
        let model = try model()
        let recorder = RecordingCallback(stopAfterEpoch: { $0 == 1 })
        let history = try model.fit(x, y, epochs: 10, batchSize: 2, verbose: 0, callbacks: [recorder])
        #expect(history.epochs == [0, 1])
        #expect(history["loss"]?.count == 2)
        #expect(model.epochsTrained == 2)
        #expect(recorder.events.last == "trainingDidEnd")
        #expect(recorder.events.filter { $0.hasPrefix("epochDidEnd") } == ["epochDidEnd(0)", "epochDidEnd(1)"])
    }

    @Test func stopTrainingDuringABatchEndsTheEpochEarly() throws {
        final class StopAfterFirstBatch: Callback {
            var batches = 0
            func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
                batches += 1
                training.stopTraining = true
            }
        }
        let stopper = StopAfterFirstBatch()
        let history = try model().fit(x, y, epochs: 5, batchSize: 2, verbose: 0, callbacks: [stopper])
        #expect(stopper.batches == 1)
        #expect(history.epochs == [0])
    }

    @Test func theContextShowsTheRunAndItsHistory() throws {
        final class Inspector: Callback {
            var seen: [(epochs: Int, steps: Int, historyLength: Int)] = []
            var models: [ObjectIdentifier] = []
            func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
                seen.append((training.epochs, training.stepsPerEpoch, training.history.epochs.count))
                models.append(ObjectIdentifier(training.model))
                #expect(training.history["loss"]?.last == logs["loss"])
            }
        }
        let model = try model()
        let inspector = Inspector()
        let history = try model.fit(x, y, epochs: 3, batchSize: 2, verbose: 0, callbacks: [inspector])
        #expect(inspector.seen.map(\.epochs) == [3, 3, 3])
        #expect(inspector.seen.map(\.steps) == [3, 3, 3])
        // The epoch is in the history by the time epochDidEnd runs.
        #expect(inspector.seen.map(\.historyLength) == [1, 2, 3])
        #expect(inspector.models.allSatisfy { $0 == ObjectIdentifier(model) })
        #expect(history.epochs == [0, 1, 2])
    }

    @Test func entriesAddedAtEpochEndReachTheHistoryAndEveryCallback() throws {
        final class AddsEntry: Callback {
            var order: [String] = []
            func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) {
                order.append("willEnd(\(epoch)) history: \(training.history.epochs.count)")
                logs["double_loss"] = 2 * logs["loss"]!
            }
        }
        let adder = AddsEntry()
        // The recorder comes first, yet sees the entry, because every epochWillEnd runs before any epochDidEnd.
        let recorder = RecordingCallback()
        let history = try model().fit(x, y, epochs: 2, batchSize: 2, verbose: 0, callbacks: [recorder, adder])
        #expect(adder.order == ["willEnd(0) history: 0", "willEnd(1) history: 1"])
        #expect(history.keys == ["accuracy", "double_loss", "loss"])
        #expect(history["double_loss"] == history["loss"]!.map { 2 * $0 })
        #expect(recorder.epochLogs.map { $0["double_loss"] } == history["double_loss"]!)
    }

    @Test func anErrorFromAHookEndsTraining() throws {
        struct Refused: Error {}
        final class Refuses: Callback {
            func batchWillBegin(_ batch: Int, training: TrainingContext) throws { if batch == 1 { throw Refused() } }
        }
        let model = try model()
        let recorder = RecordingCallback()
        #expect(throws: Refused.self) {
            try model.fit(x, y, epochs: 3, batchSize: 2, verbose: 0, callbacks: [recorder, Refuses()])
        }
        #expect(recorder.events == ["trainingWillBegin", "epochWillBegin(0)", "batchWillBegin(0)", "batchDidEnd(0)", "batchWillBegin(1)"])
    }

    @Test func resumingWithInitialEpoch() throws {
        let model = try model()
        try model.fit(x, y, epochs: 2, verbose: 0)
        #expect(model.epochsTrained == 2)
        let recorder = RecordingCallback()
        let history = try model.fit(x, y, epochs: 4, initialEpoch: model.epochsTrained, verbose: 0, callbacks: [recorder])
        #expect(history.epochs == [2, 3])
        #expect(recorder.events.filter { $0.hasPrefix("epochWillBegin") } == ["epochWillBegin(2)", "epochWillBegin(3)"])
        #expect(model.epochsTrained == 4)
    }
}
