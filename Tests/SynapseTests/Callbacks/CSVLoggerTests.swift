import Foundation
import Synapse
import Testing

@Suite("CSVLogger")
struct CSVLoggerTests {
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

    func read(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Expects the rows (after the header) to hold the history's epochs and values exactly.
    func expectRows(_ rows: ArraySlice<[String]>, match history: History, keys: [String],
                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rows.count == history.epochs.count, sourceLocation: sourceLocation)
        for (row, (index, epoch)) in zip(rows, history.epochs.enumerated()) {
            #expect(row.first == String(epoch), sourceLocation: sourceLocation)
            #expect(Array(row.dropFirst()).map { Float($0) } == keys.map { history[$0]?[index] },
                    "row \(row)", sourceLocation: sourceLocation)
        }
    }

    @Test func theFileMatchesTheHistory() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("log.csv")
        let history = try classifier().fit(x, y, epochs: 3, batchSize: 4, validationSplit: 0.2, verbose: 0,
                                           callbacks: [try CSVLogger(path: path)])
        let rows = try read(path)
        let keys = ["accuracy", "loss", "val_accuracy", "val_loss"]
        #expect(rows.first == ["epoch"] + keys)
        expectRows(rows.dropFirst(), match: history, keys: keys)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\n"))
    }

    @Test func everyEpochIsOnDiskWhenItEnds() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("log.csv")
        var lineCounts: [Int] = []
        // The file exists (empty) as soon as training begins, and grows by one row per epoch.
        let check = LambdaCallback(onEpochBegin: { _ in lineCounts.append((try? self.read(path).count) ?? -1) },
                                   onEpochEnd: { _, _ in lineCounts.append((try? self.read(path).count) ?? -1) })
        try classifier().fit(x, y, epochs: 3, verbose: 0, callbacks: [try CSVLogger(path: path), check])
        #expect(lineCounts == [0, 2, 2, 3, 3, 4])
        // No temporary files are left behind.
        #expect(try folder.contents() == ["log.csv"])
    }

    @Test func appendingContinuesTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("log.csv")
        let model = try classifier()
        let first = try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [try CSVLogger(path: path)])
        let second = try model.fit(x, y, epochs: 4, initialEpoch: 2, verbose: 0,
                                   callbacks: [try CSVLogger(path: path, append: true)])
        let rows = try read(path)
        #expect(rows.first == ["epoch", "accuracy", "loss"])
        #expect(rows.filter { $0.first == "epoch" }.count == 1)
        expectRows(rows[1...2], match: first, keys: ["accuracy", "loss"])
        expectRows(rows[3...], match: second, keys: ["accuracy", "loss"])
        #expect(rows.map { $0[0] } == ["epoch", "0", "1", "2", "3"])
        // Without append, the file starts over.
        try model.fit(x, y, epochs: 5, initialEpoch: 4, verbose: 0, callbacks: [try CSVLogger(path: path)])
        #expect(try read(path).map { $0[0] } == ["epoch", "4"])
    }

    @Test func appendingToAMissingOrEmptyFileWritesTheHeader() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("new.csv")
        try classifier().fit(x, y, epochs: 1, verbose: 0, callbacks: [try CSVLogger(path: path, append: true)])
        #expect(try read(path).map { $0[0] } == ["epoch", "0"])
        try AtomicFileWriter.write("", to: path)
        try classifier().fit(x, y, epochs: 1, verbose: 0, callbacks: [try CSVLogger(path: path, append: true)])
        #expect(try read(path).map { $0[0] } == ["epoch", "0"])
    }

    @Test func customSeparatorAndAddedKeys() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("log.tsv")
        let history = try classifier().fit(x, y, epochs: 2, verbose: 0, callbacks: [
            try CSVLogger(path: path, separator: "\t"), try ReduceLROnPlateau(monitor: "loss"),
        ])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "epoch\taccuracy\tlearning_rate\tloss")
        #expect(lines.dropFirst().map { $0.split(separator: "\t")[2] } == ["0.5", "0.5"])
        #expect(history["learning_rate"] == [0.5, 0.5])
    }

    @Test func missingValuesAndNonFiniteValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("log.csv")
        // The columns come from the first epoch; a key missing later is NA.
        final class Dropper: Callback {
            func epochWillEnd(_ epoch: Int, logs: inout Logs, training: TrainingContext) {
                if epoch == 0 { logs["extra"] = .nan; logs["z"] = -.infinity } else { logs["extra"] = .infinity }
            }
        }
        try classifier().fit(x, y, epochs: 2, verbose: 0, callbacks: [Dropper(), try CSVLogger(path: path)])
        let rows = try read(path)
        #expect(rows[0] == ["epoch", "accuracy", "extra", "loss", "z"])
        #expect(rows[1][2] == "nan" && rows[1][4] == "-inf")
        #expect(rows[2][2] == "inf" && rows[2][4] == "NA")
    }

    @Test func badPathsAndSeparatorsAreReported() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let model = try classifier()
        let missing = folder.file("no/such/folder/log.csv")
        expectSynapseError(.fileError, mentioning: ["CSVLogger", missing]) {
            try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [try CSVLogger(path: missing)])
        }
        #expect(model.epochsTrained == 0)
        expectSynapseError(.fileError, mentioning: ["CSVLogger", folder.path]) {
            try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [try CSVLogger(path: folder.path)])
        }
        expectSynapseError(.invalidArgument, mentioning: ["CSVLogger", "separator"]) { _ = try CSVLogger(path: "a.csv", separator: "") }
        expectSynapseError(.invalidArgument, mentioning: ["CSVLogger", "separator"]) { _ = try CSVLogger(path: "a.csv", separator: "\"") }
        expectSynapseError(.invalidArgument, mentioning: ["CSVLogger", "path"]) { _ = try CSVLogger(path: "") }
    }
}
