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
        try requireRegularFile(atPath: path, kind: kind)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SynapseError.fileError("\(kind) '\(path)': cannot read it: \(error.localizedDescription)")
        }
        return [UInt8](data)
    }

    /// Checks, without opening it, that `path` names a regular file: opening a FIFO for reading would
    /// block until a writer comes, and a device or a folder is no file to read.
    ///
    /// - Parameter kind: what the caller expects the file to be ("IDX file"), used in messages.
    /// - Throws: ``SynapseError/fileError(_:)`` if nothing is at `path`, or something other than a
    ///   regular file (following symbolic links).
    static func requireRegularFile(atPath path: String, kind: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            let reason = code == ENOENT ? "no such file" : String(cString: strerror(code))
            throw SynapseError.fileError("\(kind) '\(path)': cannot open it: \(reason)")
        }
        try requireRegularFile(mode: info.st_mode, path: path, kind: kind)
    }

    /// Checks that a file's `st_mode` is that of a regular file; messages as ``requireRegularFile(atPath:kind:)``.
    static func requireRegularFile(mode: mode_t, path: String, kind: String) throws {
        switch mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw SynapseError.fileError("\(kind) '\(path)': expected a file, found a folder")
        default: throw SynapseError.fileError("\(kind) '\(path)': expected a regular file, found a device, pipe or socket")
        }
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
