import Foundation
import Synapse
import Testing

/// Metrics are saved by name with their hyper-parameters; built-in metrics come back on load, and a
/// custom metric makes loading fail with an error that names it and says what to do instead.
@Suite("Metric saving")
struct MetricSavingTests {
    static func temporaryPath() throws -> String {
        let folder = NSTemporaryDirectory() + "synapse-metric-saving-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/model.safetensors"
    }

    static func model(metrics: [Metric]) throws -> Sequential {
        let model = Sequential(seed: 3) {
            Input(4)
            Dense(6, activation: .relu)
            Dense(3, activation: .softmax)
        }
        try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD(), metrics: metrics)
        return model
    }

    @Test func builtInMetricsRoundTripWithTheirHyperParameters() throws {
        let metrics: [Metric] = [
            .accuracy, .binaryAccuracy(threshold: 0.7), .categoricalAccuracy,
            .topKCategoricalAccuracy(k: 2), .precision(threshold: 0.3), .recall, .auc(numThresholds: 50),
            .meanAbsoluteError, .meanSquaredError, .rootMeanSquaredError,
        ]
        let path = try Self.temporaryPath()
        try Self.model(metrics: metrics).save(to: path)
        let loaded = try #require(try Sequential.load(from: path).compiled)
        #expect(loaded.metrics == metrics)
        #expect(loaded.metrics.map(\.configuration) == metrics.map(\.configuration))
        #expect(loaded.metrics.map(\.name) == ["accuracy", "binary_accuracy", "categorical_accuracy", "top_k_categorical_accuracy",
                                              "precision", "recall", "auc", "mean_absolute_error", "mean_squared_error",
                                              "root_mean_squared_error"])

        let sparse: [Metric] = [.sparseCategoricalAccuracy, .sparseTopKCategoricalAccuracy(k: 3)]
        try Self.model(metrics: sparse).save(to: path)
        #expect(try Sequential.load(from: path).compiled?.metrics == sparse)
    }

    @Test func theSavedConfigurationUsesKerasNames() throws {
        let path = try Self.temporaryPath()
        try Self.model(metrics: [.topKCategoricalAccuracy(k: 2), .auc, Metric(MeanPrediction())]).save(to: path)
        let text = try #require(try SafeTensorsFile.read(from: path).metadata["model_config"])
        #expect(text.contains(#"{"config":{"k":2},"name":"top_k_categorical_accuracy"}"#))
        #expect(text.contains(#"{"config":{"num_thresholds":200},"name":"auc"}"#))
        #expect(text.contains(#"{"custom":true,"name":"mean_prediction"}"#))
    }

    @Test func aCustomMetricIsSavedByNameAndLoadingSaysItCannotBeRebuilt() throws {
        let path = try Self.temporaryPath()
        let model = try Self.model(metrics: [.accuracy, Metric(MeanPrediction())])
        try model.save(to: path)
        expectError(SynapseError.fileError, mentioning: [path, "custom metric 'mean_prediction'", "loadWeights(from:)"]) {
            _ = try Sequential.load(from: path)
        }
        // The documented way out: build and compile in code, then load the weights.
        let rebuilt = try Self.model(metrics: [.accuracy, Metric(MeanPrediction())])
        try rebuilt.loadWeights(from: path)
        let x = try Tensor.randomNormal([5, 4], seed: 9)
        #expect(try rebuilt.predict(x) == model.predict(x))
    }

    @Test func unknownOrInvalidSavedMetricsAreFileErrors() throws {
        let path = try Self.temporaryPath()
        try Self.model(metrics: [.topKCategoricalAccuracy(k: 2)]).save(to: path)
        var file = try SafeTensorsFile.read(from: path)
        let text = try #require(file.metadata["model_config"])
        let edits: [(String, [String])] = [
            (#""name":"top_k_categorical_accuracy""#.replacingOccurrences(of: "top_k_categorical_accuracy", with: "f2_score"),
             ["unknown metric 'f2_score'", "known metrics", "auc"]),
            (#""name":"top_k_categorical_accuracy""#, ["metric 'top_k_categorical_accuracy'", "k must be a whole number in 1…2147483647, found 0"]),
        ]
        for (index, (name, fragments)) in edits.enumerated() {
            var edited = text.replacingOccurrences(of: #""name":"top_k_categorical_accuracy""#, with: name)
            if index == 1 { edited = edited.replacingOccurrences(of: #"{"k":2}"#, with: #"{"k":0}"#) }
            file.metadata["model_config"] = edited
            try file.write(to: path)
            expectError(SynapseError.fileError, mentioning: [path] + fragments) { _ = try Sequential.load(from: path) }
        }
    }

    /// Files written before metrics had a configuration stored binary accuracy's threshold on its own.
    @Test func theEarlierThresholdFieldIsStillRead() throws {
        let path = try Self.temporaryPath()
        try Self.model(metrics: [.binaryAccuracy(threshold: 0.7)]).save(to: path)
        var file = try SafeTensorsFile.read(from: path)
        let text = try #require(file.metadata["model_config"])
        let current = try #require(text.range(of: #"{"config":{"threshold":0.699999988079071},"name":"binary_accuracy"}"#))
        file.metadata["model_config"] = text.replacingCharacters(in: current, with: #"{"name":"binary_accuracy","threshold":0.7}"#)
        try file.write(to: path)
        #expect(try Sequential.load(from: path).compiled?.metrics == [.binaryAccuracy(threshold: 0.7)])
    }
}
