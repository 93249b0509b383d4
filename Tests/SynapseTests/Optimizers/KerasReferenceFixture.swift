import Foundation
import Synapse
import Testing

/// `Fixtures/keras_optimizers.json`, written by `scripts/keras_optimizer_reference.py` from Keras 3
/// itself: five steps of every optimizer (defaults and each option) on one tiny problem, and each
/// learning-rate schedule at chosen steps.
struct KerasReferenceFixture: Decodable, Sendable {
    /// The problem: minimise sum((x·kernel + bias − t)²) from the given kernel and bias.
    struct Problem: Decodable, Sendable {
        let x: [[Float]]
        let t: [[Float]]
        let kernel: [[Float]]
        let bias: [Float]
        let steps: Int
    }

    /// The state after one step, and the learning rate Keras reported before it.
    struct Step: Decodable, Sendable {
        let learningRate: Float
        let kernel: [[Float]]
        let bias: [Float]
        enum CodingKeys: String, CodingKey { case learningRate = "learning_rate", kernel, bias }
    }

    /// One optimizer run: the Keras class, its arguments (Keras's names) and the five states.
    struct OptimizerCase: Decodable, Sendable {
        let name: String
        let optimizer: String
        let config: [String: JSONValue]
        let steps: [Step]
    }

    /// One schedule: its Keras class, arguments, and values at `steps`.
    struct ScheduleCase: Decodable, Sendable {
        let name: String
        let schedule: String
        let config: [String: JSONValue]
        let steps: [Int]
        let values: [Float]
    }

    let kerasVersion: String
    let problem: Problem
    let optimizers: [OptimizerCase]
    let schedules: [ScheduleCase]

    enum CodingKeys: String, CodingKey {
        case kerasVersion = "keras_version", problem, optimizers, schedules
    }

    /// The fixture, found next to this source file.
    static func load() throws -> KerasReferenceFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras_optimizers.json")
        return try JSONDecoder().decode(KerasReferenceFixture.self, from: Data(contentsOf: url))
    }
}

/// Expects `actual` within a relative error of `relative` of `expected`, or within
/// `relative · floor` where |expected| < `floor` (values near 0).
func expectRelativelyClose(_ actual: [Float], _ expected: [Float], relative: Float = 1e-5, floor: Float = 0.1,
                           _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what()): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let allowed = relative * Swift.max(Swift.abs(e), floor)
        if !(Swift.abs(a - e) <= allowed) {
            Issue.record("\(what()), value \(i): \(a), Keras \(e) (relative error \(Swift.abs(a - e) / Swift.max(Swift.abs(e), floor)))",
                         sourceLocation: sourceLocation)
        }
    }
}

/// Expects a Synapse configuration value to equal Keras's (numbers compared as `Float`).
func expectSameConfiguration(_ synapse: JSONValue?, _ keras: JSONValue, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    switch (synapse, keras) {
    case (.number(let a)?, .number(let b)):
        #expect(Float(a) == Float(b), "\(what): \(a), Keras \(b)", sourceLocation: sourceLocation)
    case (.array(let a)?, .array(let b)) where a.count == b.count:
        for (i, (x, y)) in zip(a, b).enumerated() { expectSameConfiguration(x, y, "\(what)[\(i)]", sourceLocation: sourceLocation) }
    case (.object(let a)?, .object(let b)):
        for (key, value) in b { expectSameConfiguration(a[key], value, "\(what).\(key)", sourceLocation: sourceLocation) }
    default:
        #expect(synapse == keras, "\(what): \(String(describing: synapse)), Keras \(keras)", sourceLocation: sourceLocation)
    }
}
