import Foundation
import Synapse
import Testing

@Suite("ReduceLROnPlateau")
struct ReduceLROnPlateauTests {
    /// Fits with SGD at `rate` and `val_loss` scripted; returns the history and the messages.
    func run(rate: Float = 1, script: [Float], epochs: Int? = nil, key: String = "val_loss",
             _ make: (MessageLog) throws -> ReduceLROnPlateau) throws -> (history: History, optimizer: SGD, messages: MessageLog) {
        let optimizer = SGD(learningRate: rate)
        let model = try tinyRegressionModel(optimizer: optimizer)
        let messages = MessageLog()
        let history = try model.fit(callbackX, callbackY, epochs: epochs ?? script.count, batchSize: 8, verbose: 0,
                                    callbacks: [ScriptedLogs([key: script]), try make(messages)])
        return (history, optimizer, messages)
    }

    @Test func lowersTheRateAfterPatienceEpochs() throws {
        // Best at epoch 1; epochs 2 and 3 do not improve → lowered at the end of epoch 3 (patience 2),
        // then again at the end of epoch 5.
        let result = try run(script: [1.0, 0.9, 0.9, 0.95, 0.92, 0.91]) {
            try ReduceLROnPlateau(factor: 0.5, patience: 2, verbose: 1, write: $0.write)
        }
        #expect(result.history["learning_rate"] == [1, 1, 1, 1, 0.5, 0.5])
        #expect(result.optimizer.learningRate == 0.25)
        #expect(result.messages.lines == [
            "Epoch 4: ReduceLROnPlateau reducing learning rate to 0.5.",
            "Epoch 6: ReduceLROnPlateau reducing learning rate to 0.25.",
        ])
    }

    @Test func kerasMessageForATenfoldReduction() throws {
        let result = try run(rate: 0.001, script: [0.5, 0.5]) {
            try ReduceLROnPlateau(patience: 1, verbose: 1, write: $0.write)
        }
        // The Float product is 0.000100000005; messages show a Float's 7 significant digits.
        let reduced = Float(0.001) * Float(0.1)
        #expect(result.optimizer.learningRate == reduced)
        #expect(result.messages.lines == ["Epoch 2: ReduceLROnPlateau reducing learning rate to 0.0001."])
    }

    @Test func improvementsSmallerThanMinDeltaDoNotCount() throws {
        // 0.99995 is within the default minDelta (1e-4) of 1.0.
        let result = try run(script: [1.0, 0.99995, 0.9]) { _ in try ReduceLROnPlateau(factor: 0.5, patience: 1) }
        #expect(result.history["learning_rate"] == [1, 1, 0.5])
        let coarse = try run(script: [1.0, 0.9, 0.7]) { _ in try ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 0.15) }
        #expect(coarse.history["learning_rate"] == [1, 1, 0.5])
    }

    @Test func cooldownSpacesTheReductions() throws {
        let flat = [Float](repeating: 1, count: 8)
        let eager = try run(script: flat) { _ in try ReduceLROnPlateau(factor: 0.5, patience: 1) }
        #expect(eager.history["learning_rate"] == [1, 1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625])
        // After each reduction, two epochs of cooldown during which waiting does not count.
        let patient = try run(script: flat) { _ in try ReduceLROnPlateau(factor: 0.5, patience: 1, cooldown: 2) }
        #expect(patient.history["learning_rate"] == [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125])
        // An improvement during cooldown still becomes the new best: 0.7 after 0.5 is no improvement.
        let improving = try run(script: [1, 1, 0.5, 0.7, 0.7, 0.7]) { _ in try ReduceLROnPlateau(factor: 0.5, patience: 1, cooldown: 2) }
        #expect(improving.history["learning_rate"] == [1, 1, 0.5, 0.5, 0.25, 0.25])
    }

    @Test func neverBelowMinLR() throws {
        let result = try run(rate: 0.01, script: [1, 1, 1, 1]) { _ in try ReduceLROnPlateau(patience: 0, minLR: 0.005) }
        #expect(result.history["learning_rate"] == [0.01, 0.01, 0.005, 0.005])
        #expect(result.optimizer.learningRate == 0.005)
    }

    @Test func accuracyIsMaximisedInAutoMode() throws {
        let result = try run(script: [0.5, 0.6, 0.55, 0.7], key: "val_accuracy") { _ in
            try ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1)
        }
        #expect(result.history["learning_rate"] == [1, 1, 1, 0.5])
    }

    @Test func theLoweredRateIsTheOneTheOptimizerUses() throws {
        // Two epochs at rate 1 then a reduction to 0.5: the third epoch must match a model trained
        // with SGD(0.5) from the same weights.
        let model = try tinyRegressionModel(optimizer: SGD(learningRate: 1))
        let recorder = WeightRecorder()
        try model.fit(callbackX, callbackY, epochs: 3, batchSize: 8, shuffle: false, verbose: 0,
                      callbacks: [ScriptedLogs(["val_loss": [1, 1, 1]]), recorder,
                                  try ReduceLROnPlateau(factor: 0.5, patience: 1)])
        let reference = try tinyRegressionModel(optimizer: SGD(learningRate: 0.5))
        for (parameter, value) in zip(reference.parameters, recorder.snapshots[1]) { try parameter.assign(value) }
        try reference.fit(callbackX, callbackY, epochs: 1, batchSize: 8, shuffle: false, verbose: 0)
        #expect(weights(of: model) == weights(of: reference))
    }

    @Test func theRateAppearsInEveryCallbacksLogsAndTheProgressBarEvenThoseListedBefore() throws {
        let model = try tinyRegressionModel(optimizer: SGD(learningRate: 0.001))
        var seen: [Float?] = []
        var output = ""
        let bar = ProgressBar(verbose: 2, isTerminal: false) { output += $0 }
        try model.fit(callbackX, callbackY, epochs: 2, batchSize: 8, verbose: 0, callbacks: [
            bar, LambdaCallback(onEpochEnd: { _, logs in seen.append(logs["learning_rate"]) }),
            try ReduceLROnPlateau(monitor: "loss"),
        ])
        #expect(seen == [0.001, 0.001])
        // As in Keras, Float(0.001) is just above the 1e-3 at which the bar switches to scientific notation.
        #expect(output.contains(" - learning_rate: 0.0010 - loss: "), "\(output)")
    }

    @Test func aMissingMonitorWarnsOnceButTheRateIsStillLogged() throws {
        let optimizer = SGD(learningRate: 0.1)
        let model = try tinyRegressionModel(optimizer: optimizer)
        let messages = MessageLog()
        let history = try model.fit(callbackX, callbackY, epochs: 3, verbose: 0,
                                    callbacks: [try ReduceLROnPlateau(patience: 0, write: messages.write)])
        #expect(history["learning_rate"] == [0.1, 0.1, 0.1])
        #expect(messages.lines == ["Warning: Learning rate reduction is conditioned on metric `val_loss` which is not available. Available metrics are: learning_rate,loss."])
    }

    @Test func invalidArgumentsAreRejected() {
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "factor", "less than 1", "1.0"]) { _ = try ReduceLROnPlateau(factor: 1) }
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "factor", "1.5"]) { _ = try ReduceLROnPlateau(factor: 1.5) }
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "factor", "-0.5"]) { _ = try ReduceLROnPlateau(factor: -0.5) }
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "patience", "-1"]) { _ = try ReduceLROnPlateau(patience: -1) }
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "cooldown", "-3"]) { _ = try ReduceLROnPlateau(cooldown: -3) }
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "minLR", "-0.1"]) { _ = try ReduceLROnPlateau(minLR: -0.1) }
        expectSynapseError(.invalidArgument, mentioning: ["ReduceLROnPlateau", "monitor"]) { _ = try ReduceLROnPlateau(monitor: "") }
    }
}
