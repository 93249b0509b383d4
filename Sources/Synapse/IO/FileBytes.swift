import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a whole file into memory and writing one atomically, with errors that name the file.
enum FileBytes {
    /// The contents of the regular file at `path`.
    ///
    /// - Parameter kind: what the caller expects the file to be ("IDX file", "CSV file"), used in messages.
    /// - Throws: ``SynapseError/fileError(_:)`` if the file is missing, is a directory or another
    ///   non-regular file, or cannot be read.
    static func read(atPath path: String, kind: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            let reason = code == ENOENT ? "no such file" : String(cString: strerror(code))
            throw SynapseError.fileError("\(kind) '\(path)': cannot open it: \(reason)")
        }
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else {
            throw SynapseError.fileError("\(kind) '\(path)': expected a file, found a directory")
        }
        guard type == S_IFREG else {
            throw SynapseError.fileError("\(kind) '\(path)': expected a regular file, found a device, pipe or socket")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SynapseError.fileError("\(kind) '\(path)': cannot read it: \(error.localizedDescription)")
        }
        return [UInt8](data)
    }

    /// Writes `bytes` to `path` through a temporary file that is then renamed, so that a crash never
    /// leaves a half-written file behind.
    static func writeAtomically(_ bytes: [UInt8], toPath path: String, kind: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SynapseError.fileError("\(kind) '\(path)': cannot write it: \(error.localizedDescription)")
        }
    }
}
