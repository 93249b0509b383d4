import Foundation
import SynapseTestSupport

/// Runs the built `synapse-distributed-example` alone or under `mpirun`, from the package root.
enum MPIRun {
    /// What one run produced.
    struct Result {
        var status: Int32
        var output: String
        var errors: String
        var seconds: Double
    }

    /// A failure of the harness itself (a missing executable).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What a rank writes with `--output`.
    struct Report: Decodable, Equatable {
        var ranks: Int
        var history: [String: [Float]]
        var evaluation: [String: Float]
        var weights: [[Float]]
    }

    /// The package root, found from this file's location (Tests/SynapseDistributedTests/…).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The example executable: next to the test bundle (`.build/<config>/`).
    static func example() throws -> URL { try BuiltExecutable.locate("synapse-distributed-example") }

    /// `mpirun` on the PATH.
    static func mpirun() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("mpirun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure(description: "mpirun was not found on the PATH (\(path)); install openmpi-bin (make deps)")
    }

    /// Runs the example with `arguments` as `ranks` MPI ranks, or as one process without MPI when
    /// `ranks` is nil.
    static func example(ranks: Int?, _ arguments: [String]) throws -> Result {
        let process = Process()
        if let ranks {
            process.executableURL = try mpirun()
            process.arguments = ["--oversubscribe", "-np", "\(ranks)"] + (getuid() == 0 ? ["--allow-run-as-root"] : [])
                + [try example().path] + arguments
        } else {
            process.executableURL = try example()
            process.arguments = ["--single"] + arguments
        }
        process.currentDirectoryURL = packageRoot
        let folder = FileManager.default.temporaryDirectory
        let outputURL = folder.appendingPathComponent("mpirun-\(UUID().uuidString).out")
        let errorURL = folder.appendingPathComponent("mpirun-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil),
              FileManager.default.createFile(atPath: errorURL.path, contents: nil) else {
            throw Failure(description: "could not create the output files in \(folder.path)")
        }
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let start = Date()
        try process.run()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        return Result(status: process.terminationStatus,
                      output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
                      errors: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "", seconds: seconds)
    }

    /// Trains with `arguments` and returns every rank's report, rank 0's first.
    static func reports(ranks: Int?, _ arguments: [String]) throws -> [Report] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).json").path
        let paths = [path] + (1..<max(ranks ?? 1, 1)).map { "\(path).rank\($0)" }
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        let result = try example(ranks: ranks, arguments + ["--output", path])
        guard result.status == 0 else {
            throw Failure(description: "the example exited with \(result.status): \(result.errors)\(result.output)")
        }
        return try paths.map { try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: $0))) }
    }
}
