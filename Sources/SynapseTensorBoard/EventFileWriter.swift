import Foundation
import Synapse
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a TensorBoard event file, `events.out.tfevents.<unix seconds>.<host name>`, in a directory
/// (one "run" of TensorBoard). The first record is the file version, `brain.Event:2`.
///
/// Records are kept in memory until ``flush()``, which appends them to the file in one write, so
/// a crash leaves every record flushed before it and at most one truncated record at the end (which
/// TensorBoard, and ``TensorBoardEventReader``, tolerate).
///
/// ```swift
/// let writer = try EventFileWriter(directory: "logs/train")
/// try writer.addScalar(0.25, tag: "epoch_loss", step: 0)
/// try writer.close()
/// ```
public final class EventFileWriter {
    /// The event file.
    public let path: String
    private let handle: FileHandle
    private var pending = Data()
    private var isClosed = false

    /// Creates the directory if needed and the event file in it, and writes the file-version event.
    /// When a file of that name exists (two writers started within the same second), `.1`, `.2`, …
    /// is added to the name.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the directory or file when either cannot be created.
    public init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SynapseError.fileError("EventFileWriter: cannot create the directory '\(directory)': \((error as NSError).localizedDescription)")
        }
        let now = Date().timeIntervalSince1970
        let base = (directory as NSString).appendingPathComponent("events.out.tfevents.\(Int(now)).\(EventFileWriter.hostName())")
        var path = base
        var suffix = 0
        while FileManager.default.fileExists(atPath: path) {
            suffix += 1
            path = "\(base).\(suffix)"
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw SynapseError.fileError("EventFileWriter: cannot create the event file '\(path)'")
        }
        self.path = path
        self.handle = handle
        var version = Tensorflow_Event()
        version.wallTime = now
        version.fileVersion = "brain.Event:2"
        try write(version)
        try flush()
    }

    /// A writer dropped without ``close()`` (a `fit` that ended with an error) still writes what it holds.
    deinit {
        if !isClosed { try? close() }
    }

    /// Adds `event` (written at the next ``flush()``).
    ///
    /// - Throws: ``SynapseError/invalidState(_:)`` after ``close()``.
    public func write(_ event: Tensorflow_Event) throws {
        guard !isClosed else {
            throw SynapseError.invalidState("EventFileWriter: '\(path)' is closed; create a new writer to write more events")
        }
        let data: Data
        do {
            data = try event.serializedData()
        } catch {
            throw SynapseError.invalidData("EventFileWriter: cannot encode an event for '\(path)': \(error)")
        }
        pending.append(EventRecord.framed(data))
    }

    /// Adds a summary of `values` at `step`, stamped with the current time (nothing when `values` is empty).
    ///
    /// - Throws: ``SynapseError/invalidState(_:)`` after ``close()``.
    public func write(_ values: [Tensorflow_Summary.Value], step: Int) throws {
        guard !values.isEmpty else { return }
        var event = Tensorflow_Event()
        event.wallTime = Date().timeIntervalSince1970
        event.step = Int64(step)
        event.summary.value = values
        try write(event)
    }

    /// Adds one scalar at `step`.
    ///
    /// - Throws: ``SynapseError/invalidState(_:)`` after ``close()``.
    public func addScalar(_ value: Float, tag: String, step: Int) throws {
        try write([.scalar(value, tag: tag)], step: step)
    }

    /// Appends the events added since the last flush to the file.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func flush() throws {
        guard !pending.isEmpty, !isClosed else { return }
        do {
            try handle.write(contentsOf: pending)
        } catch {
            throw SynapseError.fileError("EventFileWriter: cannot write to '\(path)': \((error as NSError).localizedDescription)")
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file; later calls do nothing.
    public func close() throws {
        guard !isClosed else { return }
        try flush()
        isClosed = true
        do {
            try handle.close()
        } catch {
            throw SynapseError.fileError("EventFileWriter: cannot close '\(path)': \((error as NSError).localizedDescription)")
        }
    }

    /// This machine's name, as TensorFlow puts it in event file names.
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}

extension Tensorflow_Summary.Value {
    /// A scalar summary value.
    public static func scalar(_ value: Float, tag: String) -> Self {
        var summary = Self()
        summary.tag = tag
        summary.simpleValue = value
        return summary
    }

    /// A histogram summary value of `values` (see ``Tensorflow_HistogramProto/init(values:bucketCount:)``).
    public static func histogram(of values: [Float], tag: String) -> Self {
        var summary = Self()
        summary.tag = tag
        summary.histo = Tensorflow_HistogramProto(values: values)
        return summary
    }
}
