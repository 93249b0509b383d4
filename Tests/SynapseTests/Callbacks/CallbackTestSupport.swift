import Foundation
import Synapse
import Testing

// Helpers for the tests of the built-in callbacks. Everything goes through Synapse's public API.

/// Eight rows of a small regression problem.
var callbackX: Tensor { Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9], [0.9, 0.1], [0.3, 0.3]]) }
var callbackY: Tensor { Tensor([[0], [1], [1], [2], [1], [1.1], [1], [0.6]]) }

/// A 2-3-1 regression model with mean squared error and the given optimizer (SGD 0.1 by default).
func tinyRegressionModel(optimizer: any Optimizer = SGD(learningRate: 0.1), seed: UInt64 = 4) throws -> Sequential {
    let model = Sequential(seed: seed) {
        Input(2)
        Dense(3, activation: .tanh)
        Dense(1)
    }
    try model.compile(loss: .meanSquaredError, optimizer: optimizer)
    return model
}

/// Writes scripted values into each epoch's logs before the history records them, so that a test
/// knows exactly what a monitoring callback sees (`values[key]![i]` for the i-th epoch trained).
final class ScriptedLogs: Callback {
    let values: [String: [Float]]
    private var epochsSeen = 0
    init(_ values: [String: [Float]]) { self.values = values }
    func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) {
        for (key, series) in values where epochsSeen < series.count { logs[key] = series[epochsSeen] }
        epochsSeen += 1
    }
}

/// Keeps a copy of every parameter's value at the end of each epoch.
final class WeightRecorder: Callback {
    var snapshots: [[Tensor]] = []
    func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        snapshots.append(training.model.parameters.map(\.value))
    }
}

/// Collects what callbacks write; pass `messages.write` as a callback's `write`.
final class MessageLog {
    private(set) var text = ""
    func write(_ message: String) { text += message }
    /// The text split into lines (each message ends with a line break).
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

/// The model's parameter values.
func weights(of model: Sequential) -> [Tensor] { model.parameters.map(\.value) }

/// A fresh, empty folder under the temporary directory, removed by `cleanUp`.
struct TemporaryFolder {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "synapse-callbacks-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    /// The names of the files in the folder, sorted.
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}
