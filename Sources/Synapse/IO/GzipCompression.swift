import CZlib

extension Gzip {
    /// `bytes` compressed into one gzip member with the system zlib.
    ///
    /// - Parameter level: zlib's compression level, 0 (none) to 9 (smallest); 6 is zlib's default.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for a level outside −1...9.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        // windowBits 15 + 16: a 32 KiB window with a gzip header and trailer.
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw SynapseError.invalidArgument("gzip: cannot start compression at level \(level) (zlib status \(status))")
        }
        defer { deflateEnd(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var position = 0
        var result: Int32 = Z_OK
        try bytes.withUnsafeBufferPointer { inBuffer in
            while result != Z_STREAM_END {
                let available = Swift.min(bytes.count - position, Int(UInt32.max))
                let flush = position + available == bytes.count ? Z_FINISH : Z_NO_FLUSH
                let produced = chunk.withUnsafeMutableBufferPointer { outBuffer -> Int in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress.map { $0 + position })
                    stream.pointee.avail_in = UInt32(available)
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    result = deflate(stream, flush)
                    position += available - Int(stream.pointee.avail_in)
                    return outBuffer.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                    throw SynapseError.invalidState("gzip: compression failed with zlib status \(result)")
                }
            }
        }
        return output
    }
}
