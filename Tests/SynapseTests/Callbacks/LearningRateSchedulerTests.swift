import Foundation
import Synapse
import Testing

@Suite("LearningRateScheduler")
struct LearningRateSchedulerTests {
    @Test func setsTheRateAtTheStartOfEveryEpoch() throws {
        let optimizer = SGD(learningRate: 0.1)
        let model = try tinyRegressionModel(optimizer: optimizer)
        var calls: [(epoch: Int, rate: Float)] = []
        let scheduler = LearningRateScheduler { epoch, rate in
            calls.append((epoch, rate))
            return epoch == 0 ? 0.5 : rate * 0.5
        }
        // A callback after the scheduler sees the new rate when the epoch begins.
        let recorder = RecordingCallback()
        let history = try model.fit(callbackX, callbackY, epochs: 3, verbose: 0, callbacks: [scheduler, recorder])
        #expect(calls.map(\.epoch) == [0, 1, 2])
        #expect(calls.map(\.rate) == [0.1, 0.5, 0.25])
        #expect(recorder.learningRates == [0.5, 0.25, 0.125])
        #expect(history["learning_rate"] == [0.5, 0.25, 0.125])
        #expect(optimizer.learningRate == 0.125)
    }

    @Test func theScheduledRateIsTheOneTheOptimizerUses() throws {
        // Epoch 0 at 0.2, epoch 1 at 0.05: the same as two fits with those constant rates.
        let model = try tinyRegressionModel(optimizer: SGD(learningRate: 1))
        try model.fit(callbackX, callbackY, epochs: 2, batchSize: 4, shuffle: false, verbose: 0,
                      callbacks: [LearningRateScheduler { epoch, _ in epoch == 0 ? 0.2 : 0.05 }])
        let constant = SGD(learningRate: 0.2)
        let reference = try tinyRegressionModel(optimizer: constant)
        try reference.fit(callbackX, callbackY, epochs: 1, batchSize: 4, shuffle: false, verbose: 0)
        constant.learningRate = 0.05
        try reference.fit(callbackX, callbackY, epochs: 1, batchSize: 4, shuffle: false, verbose: 0)
        #expect(weights(of: model) == weights(of: reference))
    }

    @Test func epochsCountFromInitialEpochWhenResuming() throws {
        let model = try tinyRegressionModel()
        var epochs: [Int] = []
        try model.fit(callbackX, callbackY, epochs: 5, initialEpoch: 3, verbose: 0,
                      callbacks: [LearningRateScheduler { epoch, rate in epochs.append(epoch); return rate }])
        #expect(epochs == [3, 4])
    }

    @Test func overridesTheOptimizersOwnEpochSchedule() throws {
        // DecaySGD sets its rate as each epoch begins; the scheduler runs after it.
        let optimizer = DecaySGD(initialRate: 0.1, decayAfter: 0, decayRate: 1)
        let model = try tinyRegressionModel(optimizer: optimizer)
        let history = try model.fit(callbackX, callbackY, epochs: 2, verbose: 0,
                                    callbacks: [LearningRateScheduler { _, _ in 0.01 }])
        #expect(history["learning_rate"] == [0.01, 0.01])
    }

    @Test func verboseMessages() throws {
        let messages = MessageLog()
        let scheduler = LearningRateScheduler({ epoch, _ in epoch == 0 ? 0.01 : 0.005 }, verbose: 1, write: messages.write)
        try tinyRegressionModel().fit(callbackX, callbackY, epochs: 2, verbose: 0, callbacks: [scheduler])
        #expect(messages.lines == [
            "Epoch 1: LearningRateScheduler setting learning rate to 0.01.",
            "Epoch 2: LearningRateScheduler setting learning rate to 0.005.",
        ])
        // Silent by default.
        let quiet = MessageLog()
        try tinyRegressionModel().fit(callbackX, callbackY, epochs: 2, verbose: 0,
                                      callbacks: [LearningRateScheduler({ _, rate in rate }, write: quiet.write)])
        #expect(quiet.text == "")
    }

    @Test func invalidRatesAndErrorsEndTraining() throws {
        let model = try tinyRegressionModel()
        expectSynapseError(.invalidArgument, mentioning: ["LearningRateScheduler", "-0.1", "epoch 1"]) {
            try model.fit(callbackX, callbackY, epochs: 3, verbose: 0,
                          callbacks: [LearningRateScheduler { epoch, rate in epoch == 1 ? -0.1 : rate }])
        }
        #expect(model.epochsTrained == 1)
        expectSynapseError(.invalidArgument, mentioning: ["LearningRateScheduler", "nan"]) {
            try model.fit(callbackX, callbackY, epochs: 1, verbose: 0, callbacks: [LearningRateScheduler { _, _ in .nan }])
        }
        struct ScheduleFailure: Error {}
        #expect(throws: ScheduleFailure.self) {
            try model.fit(callbackX, callbackY, epochs: 1, verbose: 0, callbacks: [LearningRateScheduler { _, _ in throw ScheduleFailure() }])
        }
    }
}
