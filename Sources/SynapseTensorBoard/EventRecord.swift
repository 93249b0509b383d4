import Foundation

/// TensorFlow's record framing, in which event files store one serialized `Event` per record:
///
/// ```
/// UInt64 length (little endian) · UInt32 masked CRC-32C of those 8 bytes · data · UInt32 masked CRC-32C of the data
/// ```
enum EventRecord {
    /// The bytes before the data: the length and its checksum.
    static let headerSize = 12
    /// The bytes after the data: its checksum.
    static let footerSize = 4

    /// `data` framed as one record.
    static func framed(_ data: Data) -> Data {
        var record = Data(capacity: headerSize + data.count + footerSize)
        let length = littleEndianBytes(UInt64(data.count))
        record.append(contentsOf: length)
        record.append(contentsOf: littleEndianBytes(CRC32C.masked(length)))
        record.append(data)
        record.append(contentsOf: littleEndianBytes(CRC32C.masked(data)))
        return record
    }

    /// The little-endian bytes of `value`.
    static func littleEndianBytes<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        (0..<(Integer.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// The little-endian integer in `bytes` (of exactly its size).
    static func integer<Integer: FixedWidthInteger>(_ type: Integer.Type, from bytes: some Collection<UInt8>) -> Integer {
        bytes.reversed().reduce(Integer.zero) { ($0 << 8) | Integer(truncatingIfNeeded: $1) }
    }
}
