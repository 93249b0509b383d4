import Foundation
import Synapse
import Testing

/// Issue 10, defect 8: temporary files left by interrupted saves (the writer was killed before it could
/// rename or remove its file) are removed by a later save to the same path, once their writer is gone.
@Suite struct StaleTemporaryFileTests {
    typealias T = SafeTensorsTesting

    /// The process id of a process that has exited (and been reaped).
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// Leaves `name` in `folder` as an interrupted writer would have.
    static func leave(_ name: String, in folder: String) throws {
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    @Test func aSaveRemovesStaleTemporaryFilesOfItsOwnNamingOnly() throws {
        let dead = try Self.deadProcessID()
        let alive = ProcessInfo.processInfo.processIdentifier
        try T.withTemporaryFolder { folder in
            let stale = [".model.safetensors.tmp-\(dead)-1f2e3d", ".model.safetensors.tmp-\(dead)-0"]
            let kept = [
                ".model.safetensors.tmp-\(alive)-abc",     // a writer of this process, still alive
                ".other.safetensors.tmp-\(dead)-abc",      // another file's temporary file
                ".model.safetensors.tmp-\(dead)-xyz",      // not of the writer's naming (not hex)
                "model.safetensors.tmp-\(dead)-abc",       // not hidden: not the writer's naming
            ]
            for name in stale + kept { try Self.leave(name, in: folder) }
            let model = Sequential { Input(2); Dense(1) }
            try model.save(to: folder + "/model.safetensors")
            #expect(T.contents(of: folder) == (kept + ["model.safetensors"]).sorted())
            #expect(try Sequential.load(from: folder + "/model.safetensors").parameters.count == 2)
        }
    }

    /// The callbacks' files are written the same way: a CSV log cleans up after an interrupted writer.
    @Test func aCSVLogRemovesStaleTemporaryFiles() throws {
        let dead = try Self.deadProcessID()
        try T.withTemporaryFolder { folder in
            try Self.leave(".log.csv.tmp-\(dead)-99", in: folder)
            try AtomicFileWriter.write("epoch,loss\n", to: folder + "/log.csv")
            #expect(T.contents(of: folder) == ["log.csv"])
        }
    }
}
