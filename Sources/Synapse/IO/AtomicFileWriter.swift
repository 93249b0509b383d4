import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash or an error never leaves a half-written file behind.
///
/// The bytes go to a new temporary file in the destination's folder (named
/// `.<name>.tmp-<process id>-<random>`), which is written completely, flushed to disk with `fsync`
/// and closed; only then is it renamed over the destination, which POSIX guarantees to be atomic.
/// Readers therefore see either the old file or the new one, never a mixture. If any step fails the
/// temporary file is removed, the destination is left exactly as it was, and a
/// ``SynapseError/fileError(_:)`` naming the file and the failed step is thrown.
///
/// If the destination is a symbolic link, the link itself is replaced, not the file it points to. The
/// new file gets the default permissions for new files (as reduced by the process's umask).
///
/// A writer that is killed mid-write cannot remove its temporary file. So each write first removes
/// the temporary files of the same destination whose writer is gone: files named as above whose
/// process id names no running process, and which no writer holds locked (a writer locks its
/// temporary file while it writes, which also covers writers in other PID namespaces). Every
/// ``ModelCheckpoint``, ``CSVLogger`` and `save` writes through here, so none of them piles up
/// temporary files across interrupted runs.
///
/// ```swift
/// try AtomicFileWriter.write(Array("epoch,loss\n".utf8), to: "log.csv")
/// ```
public enum AtomicFileWriter {
    /// Atomically replaces (or creates) the file at `path` with `bytes`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming `path` if the folder does not exist, the file
    ///   cannot be created, written, flushed or renamed into place (for example because `path` is a
    ///   folder, or the disk is full).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write(buffer: $0, to: path) }
    }

    /// Atomically replaces (or creates) the file at `path` with `data`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming `path`, as the `[UInt8]` variant does.
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(buffer: $0, to: path) }
    }

    /// Atomically replaces (or creates) the file at `path` with `text` encoded as UTF-8.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming `path`, as the `[UInt8]` variant does.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// The folder holding `path` and the file's own name within it.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func write(buffer: UnsafeRawBufferPointer, to path: String) throws {
        func failure(_ problem: String) -> SynapseError { .fileError("cannot write '\(path)': \(problem)") }
        func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

        let (folder, name) = split(path)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw failure("the path names a folder, not a file")
        }

        // Create a new temporary file next to the destination, so that the rename stays within one
        // file system. The name is shortened if needed to stay within the 255-byte name limit.
        var stem = name
        while stem.utf8.count > 128 { stem.removeLast() }
        var temporaryPath = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            let random = String(UInt64.random(in: .min ... .max), radix: 16)
            temporaryPath = "\(folder)/.\(stem).tmp-\(getpid())-\(random)"
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw failure("the folder '\(folder)' does not exist") }
            if code == ENOTDIR { throw failure("'\(folder)' is not a folder") }
            throw failure("cannot create a temporary file in '\(folder)': \(reason(code))")
        }
        // Held until the file is closed (or the process dies): tells cleaners the writer is alive.
        _ = flock(fd, LOCK_EX | LOCK_NB)
        removeStaleTemporaryFiles(in: folder, stem: stem)

        // From here on, any failure removes the temporary file.
        var isOpen = true
        do {
            var written = 0
            while written < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + written, buffer.count - written)
                if n > 0 {
                    written += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    throw failure("writing the temporary file failed after \(written) of \(buffer.count) bytes: \(n < 0 ? reason(errno) : "no progress")")
                }
            }
            // EINVAL means the file system does not support fsync (nothing to flush); anything else is a
            // genuine failure to get the bytes onto the disk.
            if fsync(fd) != 0 && errno != EINVAL {
                throw failure("flushing the temporary file to disk failed: \(reason(errno))")
            }
            isOpen = false
            if close(fd) != 0 {
                throw failure("closing the temporary file failed: \(reason(errno))")
            }
            if rename(temporaryPath, path) != 0 {
                let code = errno
                if code == EISDIR || code == ENOTEMPTY || code == EEXIST {
                    throw failure("it is a folder")
                }
                throw failure("renaming the temporary file into place failed: \(reason(code))")
            }
        } catch {
            if isOpen { close(fd) }
            unlink(temporaryPath)
            throw error
        }

        // Make the rename itself durable. Failing here cannot corrupt anything, so it is not an error.
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }
}

extension AtomicFileWriter {
    /// Removes the temporary files `.<stem>.tmp-<pid>-<hex>` in `folder` left by writers that are gone:
    /// no process has that id (or it is not ours to signal, which still means it exists: kept), and
    /// nobody holds the file locked. Failures are ignored: cleaning up is a courtesy, not the write.
    static func removeStaleTemporaryFiles(in folder: String, stem: String) {
        let prefix = ".\(stem).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, pid != getpid(), !parts[1].isEmpty,
                  parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            let path = "\(folder)/\(name)"
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            unlink(path)
        }
    }
}

/// The C `write` call (named apart from `AtomicFileWriter.write(_:to:)`).
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
