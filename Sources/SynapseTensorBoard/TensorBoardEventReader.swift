import Foundation
import Synapse
import SwiftProtobuf

/// Reads a TensorBoard event file: checks each record's framing and checksums and decodes its `Event`.
///
/// As TensorBoard does, it reads up to a truncated last record (what a crash while writing leaves)
/// and says so in ``isTruncated``; a checksum that does not match is an error.
///
/// ```swift
/// let file = try TensorBoardEventReader.eventFiles(in: "logs/train")[0]
/// let reader = try TensorBoardEventReader(contentsOf: file)
/// for (step, loss) in reader.scalars(tag: "epoch_loss") { print(step, loss) }
/// ```
public struct TensorBoardEventReader {
    /// The file read.
    public let path: String
    /// Every event in the file, in order; the first is the file version (`brain.Event:2`).
    public let events: [Tensorflow_Event]
    /// Whether the file ends with an incomplete record, which was left out of ``events``.
    public let isTruncated: Bool

    /// Reads and decodes every record of the file at `path`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be read, when a length
    ///   or data checksum does not match (giving the record's number and offset), or when a record's
    ///   data is not an `Event`.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynapseError.fileError("TensorBoardEventReader: cannot read '\(path)'")
        }
        self.path = path
        let bytes = [UInt8](data)
        var events: [Tensorflow_Event] = []
        var offset = 0
        var truncated = false
        while offset < bytes.count {
            let record = events.count + 1
            guard bytes.count - offset >= EventRecord.headerSize else { truncated = true; break }
            let lengthBytes = bytes[offset..<(offset + 8)]
            let lengthCheck = EventRecord.integer(UInt32.self, from: bytes[(offset + 8)..<(offset + 12)])
            guard CRC32C.masked(lengthBytes) == lengthCheck else {
                throw SynapseError.fileError("TensorBoardEventReader: '\(path)': the length checksum of record \(record) (at byte \(offset)) is \(hex(lengthCheck)), expected \(hex(CRC32C.masked(lengthBytes))); the file is corrupted")
            }
            let length = EventRecord.integer(UInt64.self, from: lengthBytes)
            let start = offset + EventRecord.headerSize
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= EventRecord.footerSize else {
                truncated = true
                break
            }
            let end = start + Int(length)
            let payload = bytes[start..<end]
            let dataCheck = EventRecord.integer(UInt32.self, from: bytes[end..<(end + 4)])
            guard CRC32C.masked(payload) == dataCheck else {
                throw SynapseError.fileError("TensorBoardEventReader: '\(path)': the data checksum of record \(record) (at byte \(offset), \(length) bytes) is \(hex(dataCheck)), expected \(hex(CRC32C.masked(payload))); the file is corrupted")
            }
            do {
                events.append(try Tensorflow_Event(serializedBytes: Array(payload)))
            } catch {
                throw SynapseError.fileError("TensorBoardEventReader: '\(path)': record \(record) (at byte \(offset)) is not a tensorflow.Event: \(error)")
            }
            offset = end + EventRecord.footerSize
        }
        self.events = events
        isTruncated = truncated
    }

    /// The event files (`*tfevents*`) in `directory`, sorted by name (hence by creation time).
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` when the directory cannot be listed.
    public static func eventFiles(in directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SynapseError.fileError("TensorBoardEventReader: cannot list '\(directory)': \((error as NSError).localizedDescription)")
        }
        return names.filter { $0.contains("tfevents") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The summary values of every event, with the event's step, in file order.
    public var summaryValues: [(step: Int64, value: Tensorflow_Summary.Value)] {
        events.flatMap { event in event.summary.value.map { (step: event.step, value: $0) } }
    }

    /// The tags of the summary values, each once, sorted.
    public var tags: [String] { Set(summaryValues.map(\.value.tag)).sorted() }

    /// The first graph in the file, if any.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when the graph's bytes are not a `GraphDef`.
    public func graph() throws -> Tensorflow_GraphDef? {
        guard let event = events.first(where: { if case .graphDef? = $0.what { true } else { false } }) else { return nil }
        do {
            return try Tensorflow_GraphDef(serializedBytes: Array(event.graphDef))
        } catch {
            throw SynapseError.fileError("TensorBoardEventReader: '\(path)': the graph is not a tensorflow.GraphDef: \(error)")
        }
    }

    /// The scalars recorded under `tag`, in file order.
    public func scalars(tag: String) -> [(step: Int64, value: Float)] {
        summaryValues.compactMap { entry in
            guard entry.value.tag == tag, case .simpleValue(let value)? = entry.value.value else { return nil }
            return (entry.step, value)
        }
    }

    /// The histograms recorded under `tag`, in file order.
    public func histograms(tag: String) -> [(step: Int64, histogram: Tensorflow_HistogramProto)] {
        summaryValues.compactMap { entry in
            guard entry.value.tag == tag, case .histo(let histogram)? = entry.value.value else { return nil }
            return (entry.step, histogram)
        }
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
