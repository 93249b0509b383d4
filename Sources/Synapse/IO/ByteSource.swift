/// Bytes read front to back, either as stored or as they are decompressed.
///
/// Sources hand out bytes in bounded chunks so that a reader can stop as soon as the data disagrees
/// with what a header declared, instead of decompressing (and allocating) whatever a file claims.
protocol ByteSource: AnyObject {
    /// Appends at most `maxCount` bytes to `buffer` and returns how many it appended; 0 only at the end.
    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int

    /// The exact number of bytes left, when it is known without reading them.
    var remainingCount: Int? { get }
}

extension ByteSource {
    /// Appends up to `count` bytes to `buffer`, fewer only if the source ends first; returns how many.
    @discardableResult
    func read(upTo count: Int, into buffer: inout [UInt8]) throws -> Int {
        var total = 0
        while total < count {
            let n = try read(into: &buffer, maxCount: Swift.min(count - total, 1 << 20))
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// Reads and discards the rest of the source, counting at most `limit` bytes;
    /// returns the count and whether the source had more than that.
    func countRemaining(limit: Int) throws -> (count: Int, exceedsLimit: Bool) {
        if let known = remainingCount { return (known, false) }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1 << 16)
        var total = 0
        while total <= limit {
            scratch.removeAll(keepingCapacity: true)
            let n = try read(into: &scratch, maxCount: 1 << 16)
            if n == 0 { return (total, false) }
            total += n
        }
        return (total, true)
    }
}

/// The bytes of an uncompressed file, already in memory.
final class StoredByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset: Int

    init(_ bytes: [UInt8], startingAt offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remainingCount: Int? { bytes.count - offset }

    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let n = Swift.min(maxCount, bytes.count - offset)
        guard n > 0 else { return 0 }
        buffer.append(contentsOf: bytes[offset..<(offset + n)])
        offset += n
        return n
    }
}
