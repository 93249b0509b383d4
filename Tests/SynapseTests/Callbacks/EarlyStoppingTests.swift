import Foundation
import Synapse
import Testing

/// EarlyStopping against scripted monitored values, so that the epoch it stops at and the weights it
/// restores are known in advance.
@Suite("EarlyStopping")
struct EarlyStoppingTests {
    /// Fits up to `epochs` epochs with `val_loss` (or `key`) scripted, and returns the history, the
    /// weights at the end of each epoch and the messages.
    func run(_ stopper: (MessageLog) throws -> EarlyStopping, script: [Float], key: String = "val_loss",
             epochs: Int = 20) throws -> (history: History, snapshots: [[Tensor]], model: Sequential, messages: MessageLog, stopper: EarlyStopping) {
        let model = try tinyRegressionModel()
        let messages = MessageLog()
        let early = try stopper(messages)
        let recorder = WeightRecorder()
        let history = try model.fit(callbackX, callbackY, epochs: epochs, batchSize: 4, verbose: 0,
                                    callbacks: [ScriptedLogs([key: script]), recorder, early])
        return (history, recorder.snapshots, model, messages, early)
    }

    @Test func stopsAfterPatienceEpochsWithoutImprovement() throws {
        // Best at epoch 2 (0.6); epochs 3 and 4 do not improve, so patience 2 stops after epoch 4.
        let result = try run({ try EarlyStopping(patience: 2, verbose: 1, write: $0.write) },
                             script: [1.0, 0.8, 0.6, 0.7, 0.65, 0.1, 0.1])
        #expect(result.history.epochs == [0, 1, 2, 3, 4])
        #expect(result.stopper.stoppedEpoch == 4)
        #expect(result.stopper.best == 0.6)
        #expect(result.stopper.bestEpoch == 2)
        #expect(result.messages.lines == ["Epoch 5: early stopping"])
        // Without restoreBestWeights the model keeps the last epoch's weights.
        #expect(weights(of: result.model) == result.snapshots[4])
    }

    @Test func restoresTheWeightsOfTheBestEpoch() throws {
        let model = try tinyRegressionModel()
        let parametersBefore = model.parameters.map(ObjectIdentifier.init)
        let messages = MessageLog()
        let recorder = WeightRecorder()
        let early = try EarlyStopping(patience: 2, verbose: 1, restoreBestWeights: true, write: messages.write)
        try model.fit(callbackX, callbackY, epochs: 20, batchSize: 4, verbose: 0,
                      callbacks: [ScriptedLogs(["val_loss": [1.0, 0.8, 0.6, 0.7, 0.65]]), recorder, early])
        #expect(messages.lines == ["Epoch 5: early stopping", "Restoring model weights from the end of the best epoch: 3."])
        #expect(recorder.snapshots.count == 5)
        #expect(recorder.snapshots[2] != recorder.snapshots[4], "training changed the weights after the best epoch")
        #expect(weights(of: model) == recorder.snapshots[2])
        // The same Parameter objects, holding the best values.
        #expect(model.parameters.map(ObjectIdentifier.init) == parametersBefore)
        // The restored weights are the ones the model now predicts with.
        let reference = try tinyRegressionModel()
        for (parameter, value) in zip(reference.parameters, recorder.snapshots[2]) { try parameter.assign(value) }
        #expect(try model.predict(callbackX) == reference.predict(callbackX))
    }

    @Test func restoresTheBestWeightsAlsoWhenTrainingRanToTheEnd() throws {
        let model = try tinyRegressionModel()
        let messages = MessageLog()
        let recorder = WeightRecorder()
        let early = try EarlyStopping(patience: 5, verbose: 1, restoreBestWeights: true, write: messages.write)
        try model.fit(callbackX, callbackY, epochs: 4, batchSize: 4, verbose: 0,
                      callbacks: [ScriptedLogs(["val_loss": [0.9, 0.5, 0.7, 0.8]]), recorder, early])
        #expect(early.stoppedEpoch == nil)
        #expect(messages.lines == ["Restoring model weights from the end of the best epoch: 2."])
        #expect(weights(of: model) == recorder.snapshots[1])
    }

    @Test func patienceZeroStopsAtTheFirstEpochWithoutImprovement() throws {
        let result = try run({ try EarlyStopping(write: $0.write) }, script: [1.0, 0.9, 0.95, 0.5])
        #expect(result.history.epochs == [0, 1, 2])
        // verbose defaults to 0, as in Keras.
        #expect(result.messages.text == "")
    }

    @Test func minDeltaIgnoresSmallImprovements() throws {
        // 0.95 beats 1.0 by less than 0.1: no improvement, so patience 1 stops at epoch 1.
        let strict = try run({ try EarlyStopping(minDelta: 0.1, patience: 1, write: $0.write) }, script: [1.0, 0.95, 0.93, 0.5])
        #expect(strict.history.epochs == [0, 1])
        #expect(strict.stopper.best == 1.0)
        // A negative minDelta counts by its size, as Keras's abs(min_delta).
        #expect(try EarlyStopping(minDelta: -0.1).minDelta == 0.1)
        let lenient = try run({ try EarlyStopping(patience: 1, write: $0.write) }, script: [1.0, 0.95, 0.93, 0.94])
        #expect(lenient.history.epochs == [0, 1, 2, 3])
    }

    @Test func accuracyIsMaximisedInAutoMode() throws {
        let script: [Float] = [0.5, 0.6, 0.55, 0.58, 0.7]
        let auto = try run({ try EarlyStopping(monitor: "val_accuracy", patience: 1, write: $0.write) },
                           script: script, key: "val_accuracy")
        #expect(auto.history.epochs == [0, 1, 2])
        #expect(auto.stopper.best == 0.6)
        // Told to minimise, the same values stop as soon as they rise.
        let minimise = try run({ try EarlyStopping(monitor: "val_accuracy", patience: 0, mode: .min, write: $0.write) },
                               script: script, key: "val_accuracy")
        #expect(minimise.history.epochs == [0, 1])
        // And a loss told to be maximised stops when it falls.
        let maximise = try run({ try EarlyStopping(patience: 0, mode: .max, write: $0.write) }, script: [0.5, 0.4, 0.3])
        #expect(maximise.history.epochs == [0, 1])
    }

    @Test func aBaselineNotBeatenKeepsTheWaitRunning() throws {
        // Better values that never beat the baseline 0.5 do not reset the wait: with patience 2 the
        // first epoch without improvement (1) has waited 2 epochs already.
        let withBaseline = try run({ try EarlyStopping(patience: 2, baseline: 0.5, write: $0.write) },
                                   script: [0.9, 0.95, 0.97, 0.99, 1.0])
        #expect(withBaseline.history.epochs == [0, 1])
        let withoutBaseline = try run({ try EarlyStopping(patience: 2, write: $0.write) },
                                      script: [0.9, 0.95, 0.97, 0.99, 1.0])
        #expect(withoutBaseline.history.epochs == [0, 1, 2])
        // Beating the baseline resets the wait as usual.
        let beaten = try run({ try EarlyStopping(patience: 2, baseline: 0.5, write: $0.write) },
                             script: [0.4, 0.45, 0.47, 0.49, 0.3])
        #expect(beaten.history.epochs == [0, 1, 2])
    }

    @Test func startFromEpochIgnoresTheWarmUp() throws {
        // Epochs 0–2 are warm-up: their rising values are not looked at.
        let warm = try run({ try EarlyStopping(patience: 1, restoreBestWeights: true, startFromEpoch: 3, write: $0.write) },
                           script: [1, 2, 3, 4, 0.5, 0.6, 0.7])
        #expect(warm.history.epochs == [0, 1, 2, 3, 4, 5])
        #expect(warm.stopper.bestEpoch == 4)
        #expect(weights(of: warm.model) == warm.snapshots[4])
        let cold = try run({ try EarlyStopping(patience: 1, write: $0.write) }, script: [1, 2, 3, 4, 0.5, 0.6, 0.7])
        #expect(cold.history.epochs == [0, 1])
    }

    @Test func aMissingMonitorWarnsOnceAndDoesNotStop() throws {
        let model = try tinyRegressionModel()
        let messages = MessageLog()
        let early = try EarlyStopping(patience: 0, verbose: 1, restoreBestWeights: true, write: messages.write)
        let history = try model.fit(callbackX, callbackY, epochs: 3, batchSize: 4, verbose: 0, callbacks: [early])
        #expect(history.epochs == [0, 1, 2])
        #expect(messages.lines == ["Warning: Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss"])
        #expect(early.stoppedEpoch == nil)
    }

    @Test func oneInstanceServesSeveralFits() throws {
        let model = try tinyRegressionModel()
        let early = try EarlyStopping(patience: 1)
        let first = try model.fit(callbackX, callbackY, epochs: 10, batchSize: 4, verbose: 0,
                                  callbacks: [ScriptedLogs(["val_loss": [0.2, 0.3, 0.4]]), early])
        #expect(first.epochs == [0, 1])
        // A fresh run: the best of the first (0.2) is forgotten.
        let second = try model.fit(callbackX, callbackY, epochs: 10, batchSize: 4, verbose: 0,
                                   callbacks: [ScriptedLogs(["val_loss": [0.9, 0.8, 0.85, 0.7]]), early])
        #expect(second.epochs == [0, 1, 2])
        #expect(early.best == 0.8)
    }

    @Test func monitorsRealValidationLoss() throws {
        // With a learning rate that makes training diverge, val_loss rises from the start.
        let model = try tinyRegressionModel(optimizer: SGD(learningRate: 1.6))
        let recorder = WeightRecorder()
        let early = try EarlyStopping(patience: 1, restoreBestWeights: true)
        let history = try model.fit(callbackX, callbackY, epochs: 30, batchSize: 8, validationData: (callbackX, callbackY),
                                    verbose: 0, callbacks: [recorder, early])
        let losses = try #require(history["val_loss"])
        let best = try #require(early.bestEpoch)
        #expect(losses[best] == losses.min())
        #expect(history.epochs.count < 30)
        #expect(weights(of: model) == recorder.snapshots[best])
        #expect(try model.evaluate(callbackX, callbackY, batchSize: 8)["loss"] == losses[best])
    }

    @Test func invalidArgumentsAreRejected() {
        expectSynapseError(.invalidArgument, mentioning: ["EarlyStopping", "patience", "-1"]) { _ = try EarlyStopping(patience: -1) }
        expectSynapseError(.invalidArgument, mentioning: ["EarlyStopping", "startFromEpoch", "-2"]) { _ = try EarlyStopping(startFromEpoch: -2) }
        expectSynapseError(.invalidArgument, mentioning: ["EarlyStopping", "monitor"]) { _ = try EarlyStopping(monitor: "") }
        expectSynapseError(.invalidArgument, mentioning: ["EarlyStopping", "baseline", "nan"]) { _ = try EarlyStopping(baseline: .nan) }
        expectSynapseError(.invalidArgument, mentioning: ["EarlyStopping", "minDelta"]) { _ = try EarlyStopping(minDelta: .infinity) }
    }
}

/// The direction `.auto` infers from a monitored key, seen through EarlyStopping's starting best.
@Suite("Monitor mode")
struct MonitorModeTests {
    @Test(arguments: ["accuracy", "val_accuracy", "binary_accuracy", "val_top_k_categorical_accuracy", "auc", "val_auc",
                      "precision", "recall", "f1_score", "r2_score", "val_cosine_similarity"])
    func higherIsBetter(key: String) throws {
        #expect(try EarlyStopping(monitor: key).best == -.infinity)
        #expect(try EarlyStopping(monitor: key, mode: .min).best == .infinity)
    }

    @Test(arguments: ["loss", "val_loss", "mean_squared_error", "val_mean_absolute_error", "root_mean_squared_error", "reconstruction_loss"])
    func lowerIsBetter(key: String) throws {
        #expect(try EarlyStopping(monitor: key).best == .infinity)
        #expect(try EarlyStopping(monitor: key, mode: .max).best == -.infinity)
    }
}
