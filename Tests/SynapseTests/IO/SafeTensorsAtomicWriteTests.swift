import Foundation
import Synapse
import Testing

/// ``AtomicFileWriter`` and ``SafeTensorsFile/write(to:)``: a failed write leaves the old file intact
/// and no temporary file behind.
@Suite struct SafeTensorsAtomicWriteTests {
    typealias T = SafeTensorsTesting

    static func contents(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func writesNewFileAndReplacesOldOne() throws {
        try T.withTemporaryFolder { folder in
            let path = folder + "/log.csv"
            try AtomicFileWriter.write([1, 2, 3], to: path)
            #expect(try Self.contents(path) == [1, 2, 3])
            try AtomicFileWriter.write(Data([4, 5]), to: path)
            #expect(try Self.contents(path) == [4, 5])
            try AtomicFileWriter.write("épique\n", to: path)
            #expect(try Self.contents(path) == Array("épique\n".utf8))
            try AtomicFileWriter.write([UInt8](), to: path)
            #expect(try Self.contents(path) == [])
            #expect(T.contents(of: folder) == ["log.csv"])
        }
    }

    @Test func missingFolderThrowsAndLeavesNothingBehind() throws {
        try T.withTemporaryFolder { folder in
            let path = folder + "/no/such/folder/model.safetensors"
            T.expectFileError("'\(path)'", "does not exist") {
                try SafeTensorsFile(tensors: ["w": Tensor([1])]).write(to: path)
            }
            #expect(T.contents(of: folder) == [])
        }
    }

    @Test func destinationThatIsAFolderIsLeftIntact() throws {
        try T.withTemporaryFolder { folder in
            // The rename over a non-empty folder fails after the temporary file has been written.
            let path = folder + "/model.safetensors"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try Data([7, 7]).write(to: URL(fileURLWithPath: path + "/inside"))
            T.expectFileError("'\(path)'", "folder") {
                try SafeTensorsFile(tensors: ["w": Tensor([1, 2, 3])]).write(to: path)
            }
            #expect(T.contents(of: folder) == ["model.safetensors"])
            #expect(T.contents(of: path) == ["inside"])
            #expect(try Self.contents(path + "/inside") == [7, 7])

            // The same with an empty folder, which rename could otherwise replace.
            let empty = folder + "/empty.safetensors"
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
            T.expectFileError("'\(empty)'") { try AtomicFileWriter.write([1], to: empty) }
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: empty, isDirectory: &isFolder) && isFolder.boolValue)
            #expect(T.contents(of: folder) == ["empty.safetensors", "model.safetensors"])
        }
    }

    @Test func parentThatIsAFileThrowsAndKeepsIt() throws {
        try T.withTemporaryFolder { folder in
            let old = folder + "/old.safetensors"
            try SafeTensorsFile(tensors: ["w": Tensor([1])]).write(to: old)
            let before = try Self.contents(old)
            T.expectFileError("is not a folder") { try AtomicFileWriter.write([1], to: old + "/x") }
            #expect(try Self.contents(old) == before)
            #expect(T.contents(of: folder) == ["old.safetensors"])
        }
    }

    @Test func pathNamingAFolderIsRejected() throws {
        try T.withTemporaryFolder { folder in
            T.expectFileError("names a folder") { try AtomicFileWriter.write([1], to: folder + "/") }
            T.expectFileError("names a folder") { try AtomicFileWriter.write([1], to: "") }
            T.expectFileError("names a folder") { try AtomicFileWriter.write([1], to: folder + "/..") }
            #expect(T.contents(of: folder) == [])
        }
    }

    @Test func encodingFailureLeavesTheOldFileUntouched() throws {
        try T.withTemporaryFolder { folder in
            let path = folder + "/model.safetensors"
            let good = SafeTensorsFile(tensors: ["w": Tensor([1, 2])], metadata: ["epoch": "1"])
            try good.write(to: path)
            let before = try Self.contents(path)
            let bad = SafeTensorsFile(tensors: ["w": Tensor([3])], order: ["w", "missing"])
            T.expectInvalidArgument("'missing'") { try bad.write(to: path) }
            #expect(try Self.contents(path) == before)
            #expect(try SafeTensorsFile.read(from: path) == good)
            #expect(T.contents(of: folder) == ["model.safetensors"])
        }
    }

    /// Permissions do not stop root, so this check only runs for other users.
    @Test(.enabled(if: geteuid() != 0, "root ignores folder permissions"))
    func readOnlyFolderKeepsTheOldFile() throws {
        try T.withTemporaryFolder { folder in
            let path = folder + "/model.safetensors"
            try AtomicFileWriter.write([1, 2, 3], to: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
            T.expectFileError("'\(path)'", "temporary file") { try AtomicFileWriter.write([4], to: path) }
            #expect(try Self.contents(path) == [1, 2, 3])
            #expect(T.contents(of: folder) == ["model.safetensors"])
        }
    }

    @Test func longFileNamesStillGetATemporaryFile() throws {
        try T.withTemporaryFolder { folder in
            let name = String(repeating: "é", count: 120) + ".safetensors"   // 252 bytes, near the limit
            try AtomicFileWriter.write([5], to: folder + "/" + name)
            #expect(T.contents(of: folder) == [name])
        }
    }
}
