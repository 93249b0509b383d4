import Foundation
import Synapse
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 10, defect 3: loading from something that is not a regular file is refused before the file
/// is opened. Opening a FIFO for reading used to block until a writer came, that is forever.
@Suite struct ModelFileTypeTests {
    /// Runs `body` on a FIFO; a watchdog opens the FIFO for writing if `body` still blocks after
    /// 20 seconds, so that a regression fails the test instead of hanging the run.
    /// Returns whether the watchdog had to step in.
    static func withFIFO(_ body: (String) -> Void) throws -> Bool {
        try ModelFiles.withFolder { folder in
            let path = folder + "/pipe.safetensors"
            #expect(mkfifo(path, 0o600) == 0)
            let finished = Flag(), rescued = Flag()
            let watchdog = Thread {
                let deadline = Date().addingTimeInterval(20)
                while !finished.isSet {
                    if Date() > deadline {
                        let fd = open(path, O_WRONLY | O_NONBLOCK)
                        if fd >= 0 { rescued.set(); close(fd) }
                    }
                    usleep(10_000)
                }
            }
            watchdog.start()
            body(path)
            finished.set()
            return rescued.isSet
        }
    }

    @Test func loadingFromAFIFOIsRefusedWithoutBlocking() throws {
        let rescued = try Self.withFIFO { path in
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "expected a regular file", "pipe"]) {
                _ = try Sequential.load(from: path)
            }
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "expected a regular file"]) {
                _ = try Model.load(from: path)
            }
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "expected a regular file"]) {
                _ = try SafeTensorsFile.read(from: path)
            }
            let model = Sequential { Input(2); Dense(1) }
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "expected a regular file"]) {
                try model.loadWeights(from: path)
            }
        }
        #expect(!rescued, "a reader blocked on the FIFO until the watchdog opened it for writing")
    }

    @Test func loadingFromAFolderOrAMissingFileNamesIt() throws {
        try ModelFiles.withFolder { folder in
            expectSynapseError(.fileError, mentioning: ["'\(folder)'", "expected a file, found a folder"]) {
                _ = try Sequential.load(from: folder)
            }
            expectSynapseError(.fileError, mentioning: ["'\(folder)/missing'", "no such file"]) {
                _ = try Sequential.load(from: folder + "/missing")
            }
        }
    }
}

/// A flag set once, read from another thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
