import CZlib

/// Gzip compression and decompression of bytes in memory, with the system zlib.
///
/// Synapse's readers use it to open `.gz` data sets transparently; it is public for programs and
/// tests that need to produce or check such files.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number `1f 8b` (whatever the file is called).
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of gzip data (several members one after another decompress as one
    /// stream, as with `gunzip`; zero bytes after the last member are ignored).
    ///
    /// - Parameters:
    ///   - maximumCount: the most bytes the result may hold; data that decompresses to more is
    ///     rejected once that many bytes have been produced, so a small malicious input cannot make
    ///     the process allocate without bound.
    ///   - source: how to name the data in error messages.
    /// - Throws: ``SynapseError/fileError(_:)`` if the data is not gzip, is corrupt or truncated, or
    ///   decompresses to more than `maximumCount` bytes.
    public static func decompress(_ bytes: [UInt8], maximumCount: Int, source: String = "gzip data") throws -> [UInt8] {
        guard isCompressed(bytes) else {
            throw SynapseError.fileError("\(source): not gzip data: expected the magic bytes 1f 8b, found \(bytes.isEmpty ? "no bytes" : bytes.prefix(2).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " "))")
        }
        let stream = try GzipByteSource(compressed: bytes, source: source)
        var output: [UInt8] = []
        try stream.read(upTo: maximumCount, into: &output)
        if output.count == maximumCount, try stream.read(into: &output, maxCount: 1) > 0 {
            throw SynapseError.fileError("\(source): decompresses to more than the allowed \(maximumCount) bytes")
        }
        return output
    }
}

/// The decompressed bytes of gzip data, produced only as they are asked for.
///
/// Several gzip members one after another decompress as one stream, as `gunzip` does; zero bytes
/// after the last member (padding) are ignored; anything else after it is an error.
final class GzipByteSource: ByteSource {
    private let input: [UInt8]
    private let source: String
    private var position = 0
    private let stream: UnsafeMutablePointer<z_stream>
    private var finished = false
    private var produced = 0
    private var scratch: [UInt8]

    /// Starts decompressing `compressed`; `source` names the data in error messages.
    init(compressed: [UInt8], source: String) throws {
        // The stream is set up before any property is stored, so that a failure here never reaches
        // `deinit` (which would end and free it a second time).
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 32: a 32 KiB window, and a gzip (or zlib) header detected automatically.
        let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw SynapseError.fileError("\(source): cannot start gzip decompression (zlib status \(status))")
        }
        self.stream = stream
        self.input = compressed
        self.source = source
        self.scratch = [UInt8](repeating: 0, count: 1 << 16)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    var remainingCount: Int? { nil }

    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        var total = 0
        while total < maxCount && !finished {
            let want = Swift.min(maxCount - total, scratch.count)
            let (status, got) = inflateStep(outputCount: want)
            if got > 0 {
                buffer.append(contentsOf: scratch[0..<got])
                total += got
                produced += got
            }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                try finishMember()
            case Z_BUF_ERROR where got == 0:
                // No progress possible: all input is consumed but the stream has not ended.
                throw SynapseError.fileError("\(source): gzip data is truncated: the compressed stream ends before its end marker (after \(produced) decompressed bytes)")
            case Z_BUF_ERROR:
                continue
            case Z_DATA_ERROR, Z_NEED_DICT:
                throw SynapseError.fileError("\(source): gzip data is corrupt at or before compressed byte \(position): \(zlibMessage ?? "invalid deflate data") (after \(produced) decompressed bytes)")
            case Z_MEM_ERROR:
                throw SynapseError.fileError("\(source): zlib ran out of memory while decompressing")
            default:
                throw SynapseError.fileError("\(source): gzip decompression failed with zlib status \(status)")
            }
        }
        return total
    }

    private var zlibMessage: String? {
        stream.pointee.msg.map { String(cString: $0) }
    }

    /// One call of `inflate` writing at most `outputCount` bytes into `scratch`.
    private func inflateStep(outputCount: Int) -> (status: Int32, produced: Int) {
        let available = Swift.min(input.count - position, Int(UInt32.max))
        return input.withUnsafeBufferPointer { inBuffer in
            scratch.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress.map { $0 + position })
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = UInt32(outputCount)
                let status = inflate(stream, Z_NO_FLUSH)
                position += available - Int(stream.pointee.avail_in)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return (status, outputCount - Int(stream.pointee.avail_out))
            }
        }
    }

    /// After a member's end marker: start the next member, or check that only padding follows.
    private func finishMember() throws {
        let rest = input[position...]
        if rest.count >= 2 && rest[position] == 0x1F && rest[position + 1] == 0x8B {
            let status = inflateReset(stream)
            guard status == Z_OK else {
                throw SynapseError.fileError("\(source): cannot restart gzip decompression for the next member (zlib status \(status))")
            }
            return
        }
        if let garbage = rest.firstIndex(where: { $0 != 0 }) {
            throw SynapseError.fileError("\(source): \(input.count - garbage) unexpected bytes after the end of the gzip stream (at compressed byte \(garbage)); expected another gzip member or the end of the file")
        }
        finished = true
    }
}
