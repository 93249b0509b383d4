import Foundation
import Synapse
import Testing

/// Every built-in metric against values Keras computed on the same predictions and labels
/// (`Fixtures/keras_metrics.json`, written by `scripts/keras_metric_reference.py`): over all rows at
/// once, and in two uneven batches (two `update_state` calls in Keras, two updates here).
///
/// Tolerance: relative error ≤ 1e-5 for every metric, AUC included. Keras accumulates in float32
/// and Synapse in double precision, so the last bits may differ; the counts behind precision,
/// recall and AUC are whole numbers in both, and AUC's buckets are computed in `Float` as
/// TensorFlow computes them, so no prediction falls on a different side of a threshold.
@Suite("Keras metric reference")
struct KerasMetricReferenceTests {
    struct Fixture: Decodable {
        let keras: String
        let cases: [Case]
    }

    struct Case: Decodable {
        let name: String
        let predictions: [[Float]]
        let labels: JSONValue
        let split: Int
        let metrics: [Entry]
    }

    struct Entry: Decodable {
        let id: String
        let kerasName: String
        let whole: Float
        let batched: Float
        enum CodingKeys: String, CodingKey { case id, kerasName = "keras_name", whole, batched }
    }

    static func loadFixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras_metrics.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The fixture's case names, for parameterised tests (none if the fixture cannot be read, which
    /// `fixtureCoversEveryBuiltInMetric` reports).
    static let caseNames: [String] = (try? loadFixture())?.cases.map(\.name) ?? []

    static func fixtureCase(_ name: String) throws -> Case {
        try #require(try loadFixture().cases.first { $0.name == name })
    }

    /// The Synapse metric for each fixture id.
    static let metrics: [String: Metric] = [
        "binary_accuracy": .binaryAccuracy,
        "binary_accuracy_t0.7": .binaryAccuracy(threshold: 0.7),
        "categorical_accuracy": .categoricalAccuracy,
        "sparse_categorical_accuracy": .sparseCategoricalAccuracy,
        "top_k_categorical_accuracy": .topKCategoricalAccuracy,
        "top_k_categorical_accuracy_k1": .topKCategoricalAccuracy(k: 1),
        "top_k_categorical_accuracy_k2": .topKCategoricalAccuracy(k: 2),
        "sparse_top_k_categorical_accuracy": .sparseTopKCategoricalAccuracy,
        "sparse_top_k_categorical_accuracy_k1": .sparseTopKCategoricalAccuracy(k: 1),
        "sparse_top_k_categorical_accuracy_k2": .sparseTopKCategoricalAccuracy(k: 2),
        "precision": .precision,
        "recall": .recall,
        "precision_t0.3": .precision(threshold: 0.3),
        "recall_t0.3": .recall(threshold: 0.3),
        "auc": .auc,
        "auc_n7": .auc(numThresholds: 7),
        "mean_absolute_error": .meanAbsoluteError,
        "mean_squared_error": .meanSquaredError,
        "root_mean_squared_error": .rootMeanSquaredError,
    ]

    static func tensor(_ value: JSONValue) throws -> Tensor {
        func rows(_ value: JSONValue) throws -> [[Float]] {
            guard case .array(let rows) = value else { throw SynapseError.invalidData("expected rows") }
            return try rows.map { row in
                guard case .array(let items) = row else { throw SynapseError.invalidData("expected a row") }
                return try items.map { item in
                    guard case .number(let n) = item else { throw SynapseError.invalidData("expected a number") }
                    return Float(n)
                }
            }
        }
        if case .array(let items) = value, case .number? = items.first {
            return Tensor(try items.map { item -> Float in
                guard case .number(let n) = item else { throw SynapseError.invalidData("expected a number") }
                return Float(n)
            })
        }
        return try Tensor(rows: try rows(value))
    }

    /// The metric's value after one update per batch, through the public protocol.
    static func value(of metric: Metric, batches: [(Tensor, Tensor)]) throws -> Float {
        func run<F: MetricFunction>(_ function: F) throws -> Float {
            var state = function.makeState()
            for (predictions, labels) in batches {
                try function.update(&state, predictions: predictions, labels: labels)
            }
            return function.result(state)
        }
        return try run(metric.function)
    }

    static func expectRelative(_ actual: Float, _ expected: Float, tolerance: Float = 1e-5, _ comment: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let allowed = tolerance * Swift.abs(expected)
        #expect(Swift.abs(actual - expected) <= allowed, "\(comment): \(actual), Keras \(expected) (±\(allowed))",
                sourceLocation: sourceLocation)
    }

    @Test func fixtureCoversEveryBuiltInMetric() throws {
        let fixture = try Self.loadFixture()
        #expect(Set(fixture.cases.flatMap { $0.metrics.map(\.id) }) == Set(Self.metrics.keys))
        #expect(fixture.cases.count >= 10)
        #expect(Self.caseNames.count == fixture.cases.count)
    }

    @Test(arguments: caseNames)
    func matchesKeras(caseName: String) throws {
        let c = try Self.fixtureCase(caseName)
        let predictions = Tensor(c.predictions), labels = try Self.tensor(c.labels)
        let rows = predictions.shape[0]
        let batches = [(try predictions.rows(0..<c.split), try labels.rows(0..<c.split)),
                       (try predictions.rows(c.split..<rows), try labels.rows(c.split..<rows))]
        for entry in c.metrics {
            let metric = try #require(Self.metrics[entry.id], "no Synapse metric for \(entry.id)")
            #expect(metric.name == entry.kerasName, "\(caseName)/\(entry.id): log key")
            let whole = try Self.value(of: metric, batches: [(predictions, labels)])
            Self.expectRelative(whole, entry.whole, "\(caseName)/\(entry.id) over all rows")
            let batched = try Self.value(of: metric, batches: batches)
            Self.expectRelative(batched, entry.batched, "\(caseName)/\(entry.id) in batches of \(c.split) and \(rows - c.split)")
        }
    }

    /// `.accuracy` resolves to the accuracy Keras's `compile` picks for the same shapes.
    @Test(arguments: caseNames)
    func accuracyResolvesAsKeras(caseName: String) throws {
        let c = try Self.fixtureCase(caseName)
        let predictions = Tensor(c.predictions), labels = try Self.tensor(c.labels)
        let resolved: String
        if predictions.shape.last == 1 { resolved = "binary_accuracy" }
        else if labels.rank < predictions.rank || labels.shape.last == 1 { resolved = "sparse_categorical_accuracy" }
        else { resolved = "categorical_accuracy" }
        guard let entry = c.metrics.first(where: { $0.id == resolved }) else { return }
        let accuracy = try Self.value(of: .accuracy, batches: [(predictions, labels)])
        Self.expectRelative(accuracy, entry.whole, "\(caseName): accuracy as \(resolved)")
    }

    /// The same values come out of `evaluate` on a model whose outputs are the fixture's
    /// predictions, whatever the batch size (every epoch value is exact, never a mean of batch means).
    @Test(arguments: caseNames)
    func evaluateMatchesKerasInAnyBatching(caseName: String) throws {
        let c = try Self.fixtureCase(caseName)
        let predictions = Tensor(c.predictions), labels = try Self.tensor(c.labels)
        let width = predictions.shape[1]
        let model = try AccuracyTests.identityModel(width)
        let sparse = labels.rank == 1 || (labels.shape.last == 1 && width > 1)
        for entry in c.metrics {
            // One metric at a time: some share a name (precision at two thresholds).
            let metric = try #require(Self.metrics[entry.id])
            try model.compile(loss: sparse ? .sparseCategoricalCrossEntropy : .meanSquaredError, optimizer: SGD(), metrics: [metric])
            for batchSize in [1, 4, c.split, 64] {
                let scores = try model.evaluate(predictions, labels, batchSize: batchSize)
                let value = try #require(scores[metric.name])
                Self.expectRelative(value, entry.whole, "\(caseName)/\(entry.id) evaluated in batches of \(batchSize)")
            }
        }
    }
}
