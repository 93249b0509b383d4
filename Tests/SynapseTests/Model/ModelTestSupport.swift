import Foundation
import Synapse
import Testing

// Helpers for the Keras-workflow tests (layers, losses, optimizers, metrics, model, callbacks).
// Everything goes through Synapse's public API.

/// Expects every value of `actual` within `tolerance` of `expected` (relative above magnitude 1).
func expectValues(_ actual: Tensor, _ expected: [Float], shape: [Int]? = nil, tolerance: Float = 1e-5,
                  _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    if let shape {
        #expect(actual.shape == shape, "shape \(actual.shape), expected \(shape) \(comment)", sourceLocation: sourceLocation)
    }
    guard actual.count == expected.count else {
        Issue.record("\(actual.count) values, expected \(expected.count): \(actual) \(comment)", sourceLocation: sourceLocation)
        return
    }
    for (i, (a, e)) in zip(actual.scalars, expected).enumerated() {
        let allowed = tolerance * Swift.max(1, Swift.abs(e))
        if !(Swift.abs(a - e) <= allowed) {
            Issue.record("value \(i): \(a), expected \(e) (±\(allowed)) \(comment)", sourceLocation: sourceLocation)
        }
    }
}

/// Expects `actual` within `tolerance` of `expected` (relative above magnitude 1).
func expectValue(_ actual: Float, _ expected: Float, tolerance: Float = 1e-5, _ comment: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let allowed = tolerance * Swift.max(1, Swift.abs(expected))
    #expect(Swift.abs(actual - expected) <= allowed, "\(actual), expected \(expected) (±\(allowed)) \(comment)",
            sourceLocation: sourceLocation)
}

/// Expects `body` to throw the `SynapseError` case built by `expectedCase` (for example
/// `SynapseError.invalidData`), with a message containing every fragment.
func expectError(_ expectedCase: (String) -> SynapseError, mentioning fragments: [String] = [],
                 sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(expectedCase("…")), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SynapseError {
        #expect(error == expectedCase(error.message), "wrong case: \(error), expected \(expectedCase("…"))",
                sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.message.contains(fragment), "message \"\(error.message)\" lacks \"\(fragment)\"",
                    sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a SynapseError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs the gradient checker on `function` and expects it to pass for every input.
func expectGradientCheck(at inputs: [Tensor], step: Float = 1e-2, absoluteTolerance: Double = 1e-3,
                         relativeTolerance: Double = 1e-2, _ comment: String = "",
                         sourceLocation: SourceLocation = #_sourceLocation,
                         of function: ([Tensor]) throws -> Tensor) throws {
    let report = try checkGradients(at: inputs, step: step, absoluteTolerance: absoluteTolerance,
                                    relativeTolerance: relativeTolerance, of: function)
    #expect(report.inputs.count == inputs.count, sourceLocation: sourceLocation)
    #expect(report.passed, "\(comment)\n\(report)", sourceLocation: sourceLocation)
}

/// The first `Dense` layer of a model.
func firstDense(_ model: Sequential, sourceLocation: SourceLocation = #_sourceLocation) throws -> Dense {
    try #require(model.layers.compactMap { $0 as? Dense }.first, sourceLocation: sourceLocation)
}

/// Sets a built `Dense` layer's kernel (rows = input features) and bias.
func setWeights(_ dense: Dense, kernel: [[Float]], bias: [Float]? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
    let k = try #require(dense.kernel, "\(dense.name) is not built", sourceLocation: sourceLocation)
    try k.assign(Tensor(kernel))
    if let bias {
        let b = try #require(dense.bias, "\(dense.name) has no bias", sourceLocation: sourceLocation)
        try b.assign(Tensor(bias))
    }
}

/// Records the hooks `fit` calls, in order, with what each one saw.
final class RecordingCallback: Callback {
    var events: [String] = []
    var epochLogs: [Logs] = []
    var batchLogs: [Logs] = []
    var learningRates: [Float] = []
    /// Called at the end of each epoch; return `true` to stop training.
    var stopAfterEpoch: ((Int) -> Bool)?

    init(stopAfterEpoch: ((Int) -> Bool)? = nil) { self.stopAfterEpoch = stopAfterEpoch }

    func trainingWillBegin(_ training: TrainingContext) { events.append("trainingWillBegin") }
    func epochWillBegin(_ epoch: Int, training: TrainingContext) {
        events.append("epochWillBegin(\(epoch))")
        learningRates.append(training.model.compiled?.optimizer.learningRate ?? .nan)
    }
    func batchWillBegin(_ batch: Int, training: TrainingContext) { events.append("batchWillBegin(\(batch))") }
    func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
        events.append("batchDidEnd(\(batch))")
        batchLogs.append(logs)
    }
    func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        events.append("epochDidEnd(\(epoch))")
        epochLogs.append(logs)
        if stopAfterEpoch?(epoch) == true { training.stopTraining = true }
    }
    func trainingDidEnd(_ training: TrainingContext) { events.append("trainingDidEnd") }
}

/// Plain-Float logistic sigmoid.
func referenceSigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

/// Plain-Float softmax of one row.
func referenceSoftmax(_ row: [Float]) -> [Float] {
    let m = row.max()!
    let e = row.map { exp($0 - m) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
}
