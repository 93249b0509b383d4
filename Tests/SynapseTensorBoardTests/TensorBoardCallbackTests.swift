import Foundation
import Synapse
import SynapseTensorBoard
import Testing

@Suite("TensorBoard callback")
struct TensorBoardCallbackTests {
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9], [0.9, 0.1], [0.3, 0.3], [1, 0.5], [0, 0.7]])
    let y = Tensor([[0], [1], [1], [0], [1], [1], [0], [0], [1], [0]])

    func classifier() throws -> Sequential {
        let model = Sequential(seed: 3) {
            Input(2)
            Dense(4, activation: .tanh)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.5), metrics: [.accuracy])
        return model
    }

    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "synapse-tensorboard-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The one event file of a run.
    func run(_ directory: String) throws -> TensorBoardEventReader {
        let files = try TensorBoardEventReader.eventFiles(in: directory)
        #expect(files.count == 1)
        let file = try #require(files.first)
        #expect((file as NSString).lastPathComponent.hasPrefix("events.out.tfevents."))
        return try TensorBoardEventReader(contentsOf: file)
    }

    @Test func scalarsAndHistogramsMatchTheTraining() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try classifier()
        let callback = try TensorBoard(logDirectory: folder + "/logs", updateFrequency: .batches(2), histogramFrequency: 2)
        // 8 training rows in batches of 4: 2 batches per epoch, 6 in all.
        let history = try model.fit(x, y, epochs: 3, batchSize: 4, validationSplit: 0.2, verbose: 0, callbacks: [callback])

        let train = try run(folder + "/logs/train")
        let validation = try run(folder + "/logs/validation")
        #expect(!train.isTruncated && !validation.isTruncated)
        #expect(train.events.first?.fileVersion == "brain.Event:2")
        #expect(validation.events.first?.fileVersion == "brain.Event:2")

        for key in ["loss", "accuracy"] {
            let trained = train.scalars(tag: "epoch_" + key)
            #expect(trained.map(\.step) == [0, 1, 2])
            #expect(trained.map(\.value) == history[key], "\(key)")
            let validated = validation.scalars(tag: "epoch_" + key)
            #expect(validated.map(\.step) == [0, 1, 2])
            #expect(validated.map(\.value) == history["val_" + key], "val_\(key)")
        }
        #expect(train.scalars(tag: "epoch_learning_rate").map(\.value) == [0.5, 0.5, 0.5])
        #expect(!validation.tags.contains("epoch_learning_rate"))
        #expect(!train.tags.contains { $0.hasPrefix("epoch_val_") })
        // Every second batch, at the global batch count; the second batch of each epoch ends the epoch,
        // so its running values are the epoch's.
        #expect(train.scalars(tag: "batch_loss").map(\.step) == [2, 4, 6])
        #expect(train.scalars(tag: "batch_loss").map(\.value) == history["loss"])
        #expect(train.scalars(tag: "batch_accuracy").map(\.value) == history["accuracy"])

        // Histograms at epochs 0 and 2, of every parameter and every gradient, counting every value.
        let parameters = model.parameters
        #expect(parameters.map(\.path) == ["dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"])
        for parameter in parameters {
            let tag = parameter.path.replacingOccurrences(of: ".", with: "/")
            let values = train.histograms(tag: tag)
            let gradients = train.histograms(tag: tag + "/gradient")
            #expect(values.map(\.step) == [0, 2], "\(tag)")
            #expect(gradients.map(\.step) == [0, 2], "\(tag)")
            for (_, histogram) in values + gradients {
                #expect(histogram.num == Double(parameter.count))
                #expect(histogram.bucket.reduce(0, +) == Double(parameter.count))
                #expect(histogram.bucket.count == 30)
            }
            // The last histogram is of the trained values.
            let final = parameter.value.scalars
            #expect(values.last?.histogram.min == Double(final.min()!))
            #expect(values.last?.histogram.max == Double(final.max()!))
            #expect(values.last?.histogram.sum == final.reduce(0.0) { $0 + Double($1) })
        }
        #expect(validation.tags == ["epoch_accuracy", "epoch_loss"])
    }

    /// Under a data-parallel strategy only the chief writes event files (the filtering itself is
    /// tested with the core's strategies).
    @Test func onlyTheChiefWritesEventFiles() throws {
        #expect(try TensorBoard(logDirectory: "logs").runsOnChiefOnly)
    }

    @Test func withoutValidationThereIsNoValidationRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let history = try classifier().fit(x, y, epochs: 2, batchSize: 5, verbose: 0,
                                           callbacks: [try TensorBoard(logDirectory: folder)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["train"])
        let train = try run(folder + "/train")
        #expect(train.tags == ["epoch_accuracy", "epoch_learning_rate", "epoch_loss"])
        #expect(train.scalars(tag: "epoch_loss").map(\.value) == history["loss"])
    }

    @Test func aCorruptedChecksumIsAFileError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try classifier().fit(x, y, epochs: 2, verbose: 0, callbacks: [try TensorBoard(logDirectory: folder)])
        let file = try #require(try TensorBoardEventReader.eventFiles(in: folder + "/train").first)
        let original = try #require(FileManager.default.contents(atPath: file))
        let events = try TensorBoardEventReader(contentsOf: file).events.count
        #expect(events == 4)   // the file version, the graph, two epochs

        // A byte of the last record's data changed: its data checksum no longer matches.
        var corrupted = original
        corrupted[corrupted.count - 6] ^= 0x01
        try corrupted.write(to: URL(fileURLWithPath: file))
        #expect { try TensorBoardEventReader(contentsOf: file) } throws: { error in
            guard case SynapseError.fileError(let message) = error else { return false }
            return message.contains("data checksum of record 4") && message.contains(file)
        }

        // A changed length is caught by the length checksum.
        corrupted = original
        corrupted[0] ^= 0x01
        try corrupted.write(to: URL(fileURLWithPath: file))
        #expect { try TensorBoardEventReader(contentsOf: file) } throws: { error in
            guard case SynapseError.fileError(let message) = error else { return false }
            return message.contains("length checksum of record 1")
        }

        // A truncated last record (a crash while writing) leaves the records before it readable.
        try original.dropLast(3).write(to: URL(fileURLWithPath: file))
        let truncated = try TensorBoardEventReader(contentsOf: file)
        #expect(truncated.isTruncated)
        #expect(truncated.events.count == events - 1)
    }

    @Test func theGraphHasANodePerInputAndLayerCall() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A residual block whose Dense layer is called twice.
        let input = Input(shape: [2], name: "features")
        let shared = Dense(2, activation: .tanh, name: "shared")
        let first = try shared(input)
        let second = try shared(first)
        let sum = try Add(name: "sum")([first, second])
        let output = try Dense(1, activation: .sigmoid, name: "out")(sum)
        let model = try Model(inputs: [input], outputs: [output])
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD())
        try model.fit(x, y, epochs: 1, verbose: 0, callbacks: [try TensorBoard(logDirectory: folder)])

        let graph = try #require(try run(folder + "/train").graph())
        #expect(graph.node.map(\.name) == ["features", "shared", "shared_1", "sum", "out"])
        #expect(graph.node.map(\.op) == ["InputLayer", "Dense", "Dense", "Add", "Dense"])
        #expect(graph.node.map(\.input) == [[], ["features"], ["shared"], ["shared", "shared_1"], ["sum"]])

        // writeGraph: false writes none.
        let other = folder + "/without"
        try model.fit(x, y, epochs: 1, verbose: 0, callbacks: [try TensorBoard(logDirectory: other, writeGraph: false)])
        #expect(try run(other + "/train").graph() == nil)
    }

    @Test func invalidArgumentsThrow() {
        #expect(throws: SynapseError.self) { try TensorBoard(logDirectory: "") }
        #expect(throws: SynapseError.self) { try TensorBoard(updateFrequency: .batches(0)) }
        #expect(throws: SynapseError.self) { try TensorBoard(histogramFrequency: -1) }
        #expect(throws: SynapseError.self) { try TensorBoardEventReader(contentsOf: "/nonexistent/events.out.tfevents.0.x") }
    }

    @Test func anUnwritableFolderFailsBeforeTraining() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A file where the log folder should be.
        #expect(FileManager.default.createFile(atPath: folder + "/logs", contents: Data()))
        let model = try classifier()
        #expect { try model.fit(x, y, epochs: 1, verbose: 0, callbacks: [try TensorBoard(logDirectory: folder + "/logs")]) } throws: { error in
            guard case SynapseError.fileError(let message) = error else { return false }
            return message.contains(folder + "/logs")
        }
        #expect(model.epochsTrained == 0)
    }
}
