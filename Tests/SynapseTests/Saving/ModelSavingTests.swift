import Foundation
import Synapse
import Testing

/// A fresh temporary folder for one test.
private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "synapse-saving-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A small classification problem: 40 rows of 6 features, 3 classes.
private func smallProblem() throws -> (x: Tensor, y: Tensor) {
    let x = try Tensor.randomNormal([40, 6], seed: 11)
    let labels = (0..<40).map { Float(($0 * 7) % 3) }
    return (x, Tensor(labels))
}

private func makeModel(optimizer: any Optimizer) throws -> Sequential {
    let model = Sequential(name: "saved", seed: 5) {
        Input(6)
        Dense(8, activation: .tanh)
        Dropout(0)
        Dense(3, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: optimizer, metrics: [.accuracy])
    return model
}

@Suite struct ModelSavingTests {
    @Test func saveThenLoadPredictsBitIdentically() throws {
        let folder = try temporaryFolder()
        let (x, y) = try smallProblem()
        let model = try makeModel(optimizer: Adam(learningRate: 0.01))
        try model.fit(x, y, epochs: 2, batchSize: 8, verbose: 0)
        let path = folder + "/model.safetensors"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(try loaded.predict(x) == model.predict(x))
        #expect(loaded.name == "saved")
        #expect(loaded.layers.map(\.typeName) == ["Dense", "Dropout", "Dense"])
        #expect(loaded.parameters.map(\.path) == ["dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"])
        #expect(loaded.epochsTrained == 2)
        let settings = try #require(loaded.compiled)
        #expect(settings.loss == .sparseCategoricalCrossEntropy)
        #expect(settings.metrics == [.accuracy])
        #expect(settings.optimizer is Adam)
        #expect(settings.optimizer.iterations == 10)
        #expect(settings.optimizer.learningRate == 0.01)
        // No temporary files are left next to the model.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.safetensors"])
    }

    @Test(arguments: ["adam", "momentum", "decay"])
    func resumedTrainingMatchesUninterruptedTraining(optimizerName: String) throws {
        func optimizer() -> any Optimizer {
            switch optimizerName {
            case "adam": return Adam(learningRate: 0.01)
            case "momentum": return SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
            default: return DecaySGD(initialRate: 0.1, decayAfter: 1, decayRate: 0.5)
            }
        }
        let (x, y) = try smallProblem()
        let uninterrupted = try makeModel(optimizer: optimizer())
        let full = try uninterrupted.fit(x, y, epochs: 4, batchSize: 8, verbose: 0)

        let first = try makeModel(optimizer: optimizer())
        try first.fit(x, y, epochs: 2, batchSize: 8, verbose: 0)
        let path = try temporaryFolder() + "/checkpoint.safetensors"
        try first.save(to: path)
        let resumed = try Sequential.load(from: path)
        let rest = try resumed.fit(x, y, epochs: 4, batchSize: 8, initialEpoch: resumed.epochsTrained, verbose: 0)

        #expect(rest.epochs == [2, 3])
        #expect(rest["loss"]! == Array(full["loss"]![2...]))
        #expect(try resumed.predict(x) == uninterrupted.predict(x))
    }

    @Test func weightsOnlyRoundTripByName() throws {
        let folder = try temporaryFolder()
        let (x, y) = try smallProblem()
        let trained = try makeModel(optimizer: SGD(learningRate: 0.1))
        try trained.fit(x, y, epochs: 1, batchSize: 8, verbose: 0)
        try trained.saveWeights(to: folder + "/weights.safetensors")
        let fresh = try makeModel(optimizer: SGD())
        #expect(try fresh.predict(x) != trained.predict(x))
        try fresh.loadWeights(from: folder + "/weights.safetensors")
        #expect(try fresh.predict(x) == trained.predict(x))
        // A whole-model file also serves as a weights file.
        try trained.save(to: folder + "/model.safetensors")
        let other = try makeModel(optimizer: SGD())
        try other.loadWeights(from: folder + "/model.safetensors")
        #expect(try other.predict(x) == trained.predict(x))
    }

    @Test func optimizerStateIsStoredUnderItsOwnNames() throws {
        let (x, y) = try smallProblem()
        let model = try makeModel(optimizer: Adam())
        try model.fit(x, y, epochs: 1, batchSize: 40, verbose: 0)
        let path = try temporaryFolder() + "/m.safetensors"
        try model.save(to: path)
        let file = try SafeTensorsFile.read(from: path)
        #expect(file.tensors["optimizer/m/dense.kernel"]?.shape == [6, 8])
        #expect(file.tensors["optimizer/v/dense_1.bias"]?.shape == [3])
        #expect(file.metadata["format"] == "synapse")
        #expect(file.metadata["format_version"] == "1")
        #expect(file.metadata["model_config"]?.contains("\"Dense\"") == true)
    }
}

@Suite struct ModelLoadingErrorTests {
    /// Saves a model, lets `edit` change its file, and returns the error loading it throws.
    private func loadingError(_ edit: (inout SafeTensorsFile) throws -> Void) throws -> SynapseError? {
        let path = try temporaryFolder() + "/m.safetensors"
        let model = try makeModel(optimizer: SGD())
        _ = try model.predict(try Tensor.zeros([1, 6]))
        try model.save(to: path)
        var file = try SafeTensorsFile.read(from: path)
        try edit(&file)
        try file.write(to: path)
        do {
            _ = try Sequential.load(from: path)
            return nil
        } catch let error as SynapseError {
            return error
        }
    }

    private func config(_ file: SafeTensorsFile) -> String { file.metadata["model_config"]! }

    @Test func missingFileIsAFileError() {
        #expect(throws: SynapseError.self) { try Sequential.load(from: "/nonexistent/model.safetensors") }
    }

    @Test func missingTensorIsNamed() throws {
        let error = try loadingError { file in
            file = SafeTensorsFile(tensors: file.tensors.filter { $0.key != "dense_1.kernel" }, metadata: file.metadata)
        }
        #expect(error?.message.contains("'dense_1.kernel' is missing") == true, "\(String(describing: error))")
    }

    @Test func wrongShapeIsNamed() throws {
        let error = try loadingError { file in
            var tensors = file.tensors
            tensors["dense.bias"] = try Tensor.zeros([9])
            file = SafeTensorsFile(tensors: tensors, metadata: file.metadata)
        }
        #expect(error?.message.contains("'dense.bias' has shape [9], expected [8]") == true, "\(String(describing: error))")
    }

    @Test func unknownLayerTypeIsNamed() throws {
        let error = try loadingError { file in
            file.metadata["model_config"] = config(file).replacingOccurrences(of: "\"Dropout\"", with: "\"Wormhole\"")
        }
        #expect(error?.message.contains("unknown layer type 'Wormhole'") == true, "\(String(describing: error))")
    }

    @Test func newerFormatVersionIsRefused() throws {
        let error = try loadingError { file in file.metadata["format_version"] = "99" }
        #expect(error?.message.contains("format version 99 is newer") == true, "\(String(describing: error))")
    }

    @Test func invalidConfigurationJSONIsAFileError() throws {
        let error = try loadingError { file in file.metadata["model_config"] = "{not json" }
        guard case .fileError(let message)? = error else {
            Issue.record("expected a file error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("model configuration is not valid"))
    }

    @Test func foreignSafetensorsFileIsRefused() throws {
        let error = try loadingError { file in file.metadata = [:] }
        #expect(error?.message.contains("not a Synapse model") == true, "\(String(describing: error))")
    }

    @Test func badHyperParameterIsAFileError() throws {
        let error = try loadingError { file in
            file.metadata["model_config"] = config(file).replacingOccurrences(of: "\"units\":8", with: "\"units\":-8")
        }
        #expect(error?.message.contains("units") == true, "\(String(describing: error))")
    }
}
