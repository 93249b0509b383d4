import Foundation
import Synapse
import Testing

@Suite("ModelCheckpoint")
struct ModelCheckpointTests {
    /// Fits `epochs` epochs with `val_loss` scripted and the checkpoint callback, returning the
    /// weights at the end of each epoch.
    @discardableResult
    func fit(_ model: Sequential, _ checkpoint: ModelCheckpoint, script: [String: [Float]], epochs: Int) throws -> [[Tensor]] {
        let recorder = WeightRecorder()
        try model.fit(callbackX, callbackY, epochs: epochs, batchSize: 4, verbose: 0,
                      callbacks: [ScriptedLogs(script), recorder, checkpoint])
        return recorder.snapshots
    }

    @Test func filesAreNamedFromTheTemplate() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let messages = MessageLog()
        let template = folder.file("ckpt-{epoch:02d}-{val_loss:.2f}.safetensors")
        let checkpoint = try ModelCheckpoint(path: template, verbose: 1, write: messages.write)
        let model = try tinyRegressionModel()
        let snapshots = try fit(model, checkpoint, script: ["val_loss": [0.5, 0.404, 0.456]], epochs: 3)
        let names = ["ckpt-01-0.50.safetensors", "ckpt-02-0.40.safetensors", "ckpt-03-0.46.safetensors"]
        #expect(try folder.contents() == names)
        #expect(checkpoint.savedPaths == names.map(folder.file))
        #expect(messages.lines == names.enumerated().map { "Epoch \($0.offset + 1): saving model to \(folder.file($0.element))" })
        // Each file is a full model holding that epoch's weights.
        for (epoch, name) in names.enumerated() {
            let loaded = try Sequential.load(from: folder.file(name))
            #expect(weights(of: loaded) == snapshots[epoch])
        }
    }

    @Test func templateFormats() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let template = folder.file("{{run}}-{epoch}-{epoch:3d}-{epoch:.1f}-{val_loss}-{val_loss:.3e}-{val_loss:08.3f}-{loss:.2g}.weights")
        let checkpoint = try ModelCheckpoint(path: template, saveWeightsOnly: true)
        try fit(try tinyRegressionModel(), checkpoint, script: ["val_loss": [0.25], "loss": [1234.5]], epochs: 1)
        #expect(try folder.contents() == ["{run}-1-  1-1.0-0.25-2.500e-01-0000.250-1.2e+03.weights"])
    }

    @Test func saveBestOnlyWritesOnlyImprovements() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let messages = MessageLog()
        let path = folder.file("best.safetensors")
        let checkpoint = try ModelCheckpoint(path: path, verbose: 1, saveBestOnly: true, write: messages.write)
        let model = try tinyRegressionModel()
        let snapshots = try fit(model, checkpoint, script: ["val_loss": [0.5, 0.4, 0.45, 0.42]], epochs: 4)
        #expect(messages.lines == [
            "Epoch 1: val_loss improved from inf to 0.50000, saving model to \(path)",
            "Epoch 2: val_loss improved from 0.50000 to 0.40000, saving model to \(path)",
            "Epoch 3: val_loss did not improve from 0.40000",
            "Epoch 4: val_loss did not improve from 0.40000",
        ])
        #expect(checkpoint.savedPaths == [path, path])
        #expect(checkpoint.best == 0.4)
        // The file holds the best epoch's model, not the last one.
        let best = try Sequential.load(from: path)
        #expect(weights(of: best) == snapshots[1])
        #expect(weights(of: model) != snapshots[1])
        #expect(try best.predict(callbackX).count == 8)
    }

    @Test func saveBestOnlyWithATemplateKeepsOneFilePerImprovement() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let checkpoint = try ModelCheckpoint(path: folder.file("acc-{epoch}-{val_accuracy:.2f}.safetensors"),
                                             monitor: "val_accuracy", saveBestOnly: true)
        try fit(try tinyRegressionModel(), checkpoint, script: ["val_accuracy": [0.5, 0.75, 0.7, 0.8, 0.8]], epochs: 5)
        // val_accuracy is maximised in auto mode; an equal value is not an improvement.
        #expect(try folder.contents() == ["acc-1-0.50.safetensors", "acc-2-0.75.safetensors", "acc-4-0.80.safetensors"])
        // Kept across fits: a resumed run saves only what beats 0.8.
        try fit(try tinyRegressionModel(), checkpoint, script: ["val_accuracy": [0.79, 0.85]], epochs: 2)
        #expect(try folder.contents().count == 4)
        #expect(try folder.contents().contains("acc-2-0.85.safetensors"))
    }

    @Test func weightsOnlyFilesLoadWithLoadWeights() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("weights-{epoch}.safetensors")
        let checkpoint = try ModelCheckpoint(path: path, saveWeightsOnly: true)
        let model = try tinyRegressionModel()
        let snapshots = try fit(model, checkpoint, script: [:], epochs: 2)
        // A fresh model of the same architecture (other initial weights) takes the saved weights.
        let fresh = try tinyRegressionModel(seed: 99)
        #expect(weights(of: fresh) != snapshots[0])
        try fresh.loadWeights(from: folder.file("weights-1.safetensors"))
        #expect(weights(of: fresh) == snapshots[0])
        try fresh.loadWeights(from: folder.file("weights-2.safetensors"))
        #expect(try fresh.predict(callbackX) == model.predict(callbackX))
        // A weights-only file has no configuration to rebuild a model from.
        expectSynapseError(.fileError) { _ = try Sequential.load(from: folder.file("weights-2.safetensors")) }
    }

    @Test func initialValueThresholdMustBeBeaten() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let checkpoint = try ModelCheckpoint(path: folder.file("e{epoch}.safetensors"), saveBestOnly: true, initialValueThreshold: 0.3)
        try fit(try tinyRegressionModel(), checkpoint, script: ["val_loss": [0.5, 0.35, 0.2]], epochs: 3)
        #expect(try folder.contents() == ["e3.safetensors"])
    }

    @Test func missingFoldersAreCreated() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let checkpoint = try ModelCheckpoint(path: folder.file("runs/a/epoch-{epoch}/model.safetensors"))
        try fit(try tinyRegressionModel(), checkpoint, script: [:], epochs: 2)
        #expect(FileManager.default.fileExists(atPath: folder.file("runs/a/epoch-1/model.safetensors")))
        #expect(FileManager.default.fileExists(atPath: folder.file("runs/a/epoch-2/model.safetensors")))
    }

    @Test func aMissingMonitorWarnsAndSaves() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let messages = MessageLog()
        let checkpoint = try ModelCheckpoint(path: folder.file("m{epoch}.safetensors"), saveBestOnly: true, write: messages.write)
        try fit(try tinyRegressionModel(), checkpoint, script: [:], epochs: 2)
        #expect(try folder.contents() == ["m1.safetensors", "m2.safetensors"])
        #expect(messages.lines == ["Warning: Can save best model only with val_loss available. Available metrics are: loss"])
    }

    @Test func unknownTemplateKeysAreReported() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let model = try tinyRegressionModel()
        let checkpoint = try ModelCheckpoint(path: folder.file("ckpt-{epoch:02d}-{val_los:.2f}.safetensors"))
        expectSynapseError(.invalidArgument, mentioning: ["ModelCheckpoint", "{val_los}", "{epoch}", "{loss}", "{val_loss}"]) {
            try model.fit(callbackX, callbackY, epochs: 3, batchSize: 4, verbose: 0,
                          callbacks: [ScriptedLogs(["val_loss": [0.5, 0.4, 0.3]]), checkpoint])
        }
        #expect(model.epochsTrained == 1)
        #expect(try folder.contents() == [])
        // An integer format for a fractional value is refused too.
        let integer = try ModelCheckpoint(path: folder.file("{loss:02d}.safetensors"))
        expectSynapseError(.invalidArgument, mentioning: ["ModelCheckpoint", "{loss:02d}", "integer"]) {
            try model.fit(callbackX, callbackY, epochs: 1, verbose: 0, callbacks: [integer])
        }
    }

    @Test func malformedTemplatesAreRejectedAtOnce() {
        let cases: [(String, String)] = [
            ("ckpt-{epoch.safetensors", "closing"),
            ("ckpt-}{epoch}.safetensors", "lone '}'"),
            ("ckpt-{}.safetensors", "key name"),
            ("ckpt-{0}.safetensors", "key name"),
            ("ckpt-{epoch:>5}.safetensors", "not supported"),
            ("ckpt-{epoch!r}.safetensors", "not supported"),
            ("ckpt-{epoch:.2d}.safetensors", "precision"),
        ]
        for (template, fragment) in cases {
            expectSynapseError(.invalidArgument, mentioning: ["ModelCheckpoint", template, fragment]) {
                _ = try ModelCheckpoint(path: template)
            }
        }
        expectSynapseError(.invalidArgument, mentioning: ["ModelCheckpoint", "path"]) { _ = try ModelCheckpoint(path: "") }
        expectSynapseError(.invalidArgument, mentioning: ["ModelCheckpoint", "runs/"]) { _ = try ModelCheckpoint(path: "runs/") }
        expectSynapseError(.invalidArgument, mentioning: ["ModelCheckpoint", "monitor"]) { _ = try ModelCheckpoint(path: "a", monitor: "") }
    }

    @Test func unwritablePathsFailBeforeTraining() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // A "folder" that is a file.
        let blocker = folder.file("not-a-folder")
        try AtomicFileWriter.write("x", to: blocker)
        let model = try tinyRegressionModel()
        expectSynapseError(.fileError, mentioning: ["ModelCheckpoint", blocker]) {
            try model.fit(callbackX, callbackY, epochs: 2, verbose: 0,
                          callbacks: [try ModelCheckpoint(path: blocker + "/ckpt-{epoch}.safetensors")])
        }
        #expect(model.epochsTrained == 0)
        // A path that names an existing folder.
        try FileManager.default.createDirectory(atPath: folder.file("taken"), withIntermediateDirectories: false)
        expectSynapseError(.fileError, mentioning: ["ModelCheckpoint", folder.file("taken"), "folder"]) {
            try model.fit(callbackX, callbackY, epochs: 2, verbose: 0, callbacks: [try ModelCheckpoint(path: folder.file("taken"))])
        }
        #expect(model.epochsTrained == 0)
        // A folder in the template itself, met only when saving, is reported with the epoch.
        expectSynapseError(.fileError, mentioning: ["ModelCheckpoint", "epoch 1", blocker]) {
            try model.fit(callbackX, callbackY, epochs: 2, verbose: 0,
                          callbacks: [try ModelCheckpoint(path: blocker + "/{epoch}/ckpt.safetensors")])
        }
    }
}
