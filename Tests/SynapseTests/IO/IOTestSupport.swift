import Foundation
import Synapse
import Testing

/// Helpers shared by the IO tests.
enum IOTest {
    /// The kinds of ``SynapseError``, to say which one a test expects.
    enum Kind: Equatable {
        case shapeMismatch, invalidArgument, invalidData, fileError, invalidState
    }

    static func kind(of error: SynapseError) -> Kind {
        switch error {
        case .shapeMismatch: return .shapeMismatch
        case .invalidArgument: return .invalidArgument
        case .invalidData: return .invalidData
        case .fileError: return .fileError
        case .invalidState: return .invalidState
        }
    }

    /// Expects `body` to throw a ``SynapseError`` of `kind` whose message contains every fragment.
    static func expectError(_ kind: Kind, mentioning fragments: [String] = [],
                            sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) {
        let error = #expect(throws: SynapseError.self, sourceLocation: sourceLocation) { try body() }
        guard let error else { return }
        #expect(Self.kind(of: error) == kind, "wrong error kind: \(error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.message.contains(fragment), "message lacks '\(fragment)': \(error.message)",
                    sourceLocation: sourceLocation)
        }
    }

    /// A new empty directory, removed when `body` returns.
    static func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("synapse-io-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// Writes `bytes` to `path`.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes `text` to `path` as UTF-8.
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The package root, found from this file's location (Tests/SynapseTests/IO/…).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }
}
