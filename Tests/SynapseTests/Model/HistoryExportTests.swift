import Foundation
import Synapse
import Testing

/// History export: JSON (`{"epoch": [...], key: [...]}`) and CSV (Keras `CSVLogger` layout), and
/// reading JSON back.
@Suite struct HistoryExportTests {
    static func sample() throws -> History {
        try History(epochs: [0, 1], values: [
            "loss": [0.5, 0.25], "accuracy": [0.75, 0.875],
            "val_loss": [0.625, 0.375], "val_accuracy": [0.5, 1],
        ])
    }

    /// Runs `body` with a fresh folder that is removed afterwards.
    static func withTemporaryFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("synapse-history-\(UInt64.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    /// Expects equal epochs, keys and bit-identical values (so NaN and −0 compare too).
    static func expectIdentical(_ a: History, _ b: History, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.epochs == b.epochs, sourceLocation: sourceLocation)
        #expect(a.keys == b.keys, sourceLocation: sourceLocation)
        for key in a.keys {
            #expect(a[key]?.map(\.bitPattern) == b[key]?.map(\.bitPattern), "\(key): \(a[key] ?? []) vs \(b[key] ?? [])",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func csvHasEpochThenKerasKeyOrder() throws {
        #expect(try Self.sample().csv() == """
            epoch,accuracy,loss,val_accuracy,val_loss
            0,0.75,0.5,0.5,0.625
            1,0.875,0.25,1.0,0.375

            """)
    }

    @Test func csvWritesNonFiniteValuesAsPythonDoes() throws {
        let history = try History(epochs: [3], values: ["loss": [.nan], "val_loss": [-.infinity], "accuracy": [.infinity]])
        #expect(history.csv() == "epoch,accuracy,loss,val_loss\n3,inf,nan,-inf\n")
    }

    @Test func csvQuotesAwkwardKeys() throws {
        let history = try History(epochs: [0], values: ["loss": [1], #"top,"5""#: [0.5]])
        #expect(history.csv().hasPrefix(#"epoch,loss,"top,""5""""# + "\n"))
    }

    @Test func jsonLayout() throws {
        let text = String(decoding: try Self.sample().jsonData(), as: UTF8.self)
        #expect(text == """
            {
              "epoch": [0, 1],
              "accuracy": [0.75, 0.875],
              "loss": [0.5, 0.25],
              "val_accuracy": [0.5, 1.0],
              "val_loss": [0.625, 0.375]
            }

            """)
        #expect(try JSONSerialization.jsonObject(with: Self.sample().jsonData()) is [String: Any])
    }

    @Test func jsonRoundTripsEveryFloatExactly() throws {
        let awkward: [Float] = [0.1, 1.0 / 3.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -0.0,
                                123_456.79, 2.3841858e-07, .nan, .infinity, -.infinity]
        let history = try History(epochs: Array(5..<15), values: [
            "loss": awkward, "val_loss": awkward.reversed(), "odd \"key\"\\ with\ttab": awkward,
        ])
        let data = history.jsonData()
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any], "standard JSON, no bare NaN")
        Self.expectIdentical(try History(jsonData: data), history)
    }

    @Test func filesRoundTrip() throws {
        try Self.withTemporaryFolder { folder in
            let history = try Self.sample()
            try history.writeJSON(to: folder + "/history.json")
            try history.writeCSV(to: folder + "/history.csv")
            Self.expectIdentical(try History.readJSON(from: folder + "/history.json"), history)
            #expect(try String(contentsOfFile: folder + "/history.csv", encoding: .utf8) == history.csv())
            // Writing again replaces the file, leaving no temporary file behind.
            try History().writeCSV(to: folder + "/history.csv")
            #expect(try String(contentsOfFile: folder + "/history.csv", encoding: .utf8) == "epoch\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["history.csv", "history.json"])
        }
    }

    @Test func readsKerasHistoryDumpedByPython() throws {
        // json.dump(history.history, f): no "epoch" entry; epochs are then numbered from 0.
        let history = try History(jsonData: Data(#"{"loss": [0.5, 0.25], "val_loss": [0.75, null]}"#.utf8))
        #expect(history.epochs == [0, 1])
        #expect(history["loss"] == [0.5, 0.25])
        #expect(history["val_loss"]?.first == 0.75)
        #expect(history["val_loss"]?.last?.isNaN == true)
    }

    @Test func malformedJSONThrowsFileErrors() throws {
        for text in ["", "[1, 2]", #"{"loss": "high"}"#, #"{"epoch": [0.5], "loss": [1]}"#, "{\"loss\": [1,"] {
            #expect(throws: SynapseError.self, "\(text)") { try History(jsonData: Data(text.utf8)) }
            do {
                _ = try History(jsonData: Data(text.utf8), source: "run7.json")
            } catch let error as SynapseError {
                guard case .fileError(let message) = error else {
                    Issue.record("expected a file error for \(text), got \(error)")
                    continue
                }
                #expect(message.contains("run7.json"))
            }
        }
        #expect(throws: SynapseError.self) { try History.readJSON(from: "/nonexistent/history.json") }
    }

    @Test func mismatchedLengthsAreRejected() throws {
        #expect(throws: SynapseError.invalidArgument(#"History: expected one value per epoch (2) for "val_loss", found 1"#)) {
            try History(epochs: [0, 1], values: ["loss": [1, 2], "val_loss": [1]])
        }
        #expect(throws: SynapseError.self) { try History(jsonData: Data(#"{"epoch": [0, 1], "loss": [1]}"#.utf8)) }
        #expect(throws: SynapseError.self) { try History(epochs: [0], values: ["epoch": [1]]) }
        #expect(throws: SynapseError.self) { try History(epochs: [0], values: ["": [1]]) }
    }

    @Test func writingIntoAMissingFolderThrowsAFileError() throws {
        #expect {
            try Self.sample().writeJSON(to: "/nonexistent-synapse-folder/history.json")
        } throws: { error in
            guard case .fileError(let message)? = error as? SynapseError else { return false }
            return message.contains("/nonexistent-synapse-folder/history.json")
        }
    }
}
