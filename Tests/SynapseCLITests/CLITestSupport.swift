import Foundation
import SynapseTestSupport
import Testing

/// Runs the built `synapse` binary, as a user would, in a temporary folder.
enum CLI {
    /// What one run of the command produced.
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The package root, found from this file's location (Tests/SynapseCLITests/…).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The bundled Iris data set.
    static var iris: String { packageRoot + "/Data/iris/iris.csv" }

    /// The `synapse` executable: next to the test bundle (`.build/<config>/synapse`).
    static func executable() throws -> URL { try BuiltExecutable.locate("synapse") }

    /// Runs `synapse` with `arguments` in `folder` and waits for it to finish.
    static func run(_ arguments: [String], in folder: String) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        // Files rather than pipes, so that a long output can never fill a pipe and block the command.
        let outputURL = URL(fileURLWithPath: folder).appendingPathComponent(".stdout-\(UUID().uuidString)")
        let errorURL = URL(fileURLWithPath: folder).appendingPathComponent(".stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil),
              FileManager.default.createFile(atPath: errorURL.path, contents: nil) else {
            throw CLIError("cannot create the output files in \(folder)")
        }
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let output = try FileHandle(forWritingTo: outputURL), errors = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        return Result(status: process.terminationStatus,
                      output: try String(contentsOf: outputURL, encoding: .utf8),
                      errors: try String(contentsOf: errorURL, encoding: .utf8))
    }

    /// A new empty folder, removed when `body` returns.
    static func withTemporaryFolder<R>(_ body: (String) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// The rows of a CSV file without quoted fields, split into cells (header included).
    static func rows(ofCSV text: String) -> [[String]] {
        text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The value printed on a `name: value` line of `text`.
    static func value(named name: String, in text: String) -> Double? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix(name + ": ") {
            return Double(line.dropFirst(name.count + 2))
        }
        return nil
    }
}

/// A failure of the test harness itself.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
