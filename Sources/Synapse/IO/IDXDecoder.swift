/// Parses an IDX header from a byte source, then reads exactly the values it declares.
struct IDXDecoder {
    /// Names the data in error messages.
    let source: String
    let bytes: any ByteSource

    /// At most this many extra bytes are counted (not kept) for an "extra bytes" message.
    static let extraByteCountLimit = 1 << 26

    func decode() throws -> IDX.Contents {
        var header: [UInt8] = []
        let magicCount = try bytes.read(upTo: 4, into: &header)
        guard magicCount == 4 else {
            throw SynapseError.fileError("\(source): truncated: expected a 4-byte IDX magic number, found only \(magicCount) bytes")
        }
        let magic = header.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let magicText = "0x" + String(magic, radix: 16, uppercase: true).leftPadded(to: 8)
        guard header[0] == 0, header[1] == 0 else {
            throw SynapseError.fileError("\(source): not an IDX file: expected a magic number of the form 0x0000TTDD (TT the type, DD the dimension count), found \(magicText)")
        }
        guard let dataType = IDX.DataType(rawValue: header[2]) else {
            let codes = IDX.DataType.allCases.map { "0x" + String($0.rawValue, radix: 16, uppercase: true).leftPadded(to: 2) }
            throw SynapseError.fileError("\(source): unknown IDX data type 0x\(String(header[2], radix: 16, uppercase: true).leftPadded(to: 2)) in magic number \(magicText); expected one of \(codes.joined(separator: ", "))")
        }
        let rank = Int(header[3])
        guard rank >= 1 else {
            throw SynapseError.fileError("\(source): IDX magic number \(magicText) declares 0 dimensions; expected at least 1")
        }

        header.removeAll(keepingCapacity: true)
        let dimensionBytes = try bytes.read(upTo: 4 * rank, into: &header)
        guard dimensionBytes == 4 * rank else {
            throw SynapseError.fileError("\(source): truncated header: magic number \(magicText) declares \(rank) dimensions (\(4 * rank) bytes of sizes), found only \(dimensionBytes) bytes")
        }
        let shape = (0..<rank).map { d in
            Int(header[(4 * d)..<(4 * d + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        let valueCount = try Self.count(of: shape, source: source)
        let (byteCount, overflow) = valueCount.multipliedReportingOverflow(by: dataType.byteWidth)
        guard !overflow else {
            throw SynapseError.fileError("\(source): header declares shape \(shape) of \(dataType), more bytes than can be addressed")
        }

        let payload = try readPayload(byteCount: byteCount, shape: shape, dataType: dataType)
        let scalars = try Self.convert(payload, dataType: dataType, source: source)
        return IDX.Contents(dataType: dataType, tensor: Tensor(uncheckedShape: shape, scalars: scalars))
    }

    /// The number of values in `shape` (checked by ``Shape/checkedCount(_:what:)``), or a file error.
    static func count(of shape: [Int], source: String) throws -> Int {
        do {
            return try Shape.checkedCount(shape, what: "header declares shape \(shape)")
        } catch let error as SynapseError {
            throw error.asFileError(of: source)
        }
    }

    /// Reads exactly `byteCount` bytes of values and checks that nothing follows them.
    private func readPayload(byteCount: Int, shape: [Int], dataType: IDX.DataType) throws -> [UInt8] {
        let declared = "header declares shape \(shape) of \(dataType) = \(byteCount) bytes of data"
        if let remaining = bytes.remainingCount, remaining != byteCount {
            throw remaining < byteCount
                ? SynapseError.fileError("\(source): truncated: \(declared), found only \(remaining)")
                : SynapseError.fileError("\(source): \(remaining - byteCount) extra bytes: \(declared), found \(remaining)")
        }
        var payload: [UInt8] = []
        // Reserve no more than the data can be trusted to hold; the array grows as bytes arrive.
        payload.reserveCapacity(Swift.min(byteCount, bytes.remainingCount ?? (1 << 24)))
        let found = try bytes.read(upTo: byteCount, into: &payload)
        guard found == byteCount else {
            throw SynapseError.fileError("\(source): truncated: \(declared), found only \(found)")
        }
        let (extra, exceedsLimit) = try bytes.countRemaining(limit: Self.extraByteCountLimit)
        guard extra == 0 else {
            let amount = exceedsLimit ? "more than \(extra)" : "\(extra)"
            throw SynapseError.fileError("\(source): \(amount) extra bytes: \(declared), but \(amount) more bytes follow them")
        }
        return payload
    }

    /// The big-endian values in `payload` as `Float`s.
    static func convert(_ payload: [UInt8], dataType: IDX.DataType, source: String) throws -> [Float] {
        let count = payload.count / dataType.byteWidth
        var nonFiniteIndex: Int?
        let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            payload.withUnsafeBufferPointer { p in
                switch dataType {
                case .uint8:
                    for i in 0..<count { out[i] = Float(p[i]) }
                case .int8:
                    for i in 0..<count { out[i] = Float(Int8(bitPattern: p[i])) }
                case .int16:
                    for i in 0..<count {
                        out[i] = Float(Int16(bitPattern: UInt16(p[2 * i]) << 8 | UInt16(p[2 * i + 1])))
                    }
                case .int32:
                    for i in 0..<count { out[i] = Float(Int32(bitPattern: bigEndian32(p, at: 4 * i))) }
                case .float32:
                    for i in 0..<count { out[i] = Float(bitPattern: bigEndian32(p, at: 4 * i)) }
                case .float64:
                    for i in 0..<count {
                        let high = UInt64(bigEndian32(p, at: 8 * i)), low = UInt64(bigEndian32(p, at: 8 * i + 4))
                        let value = Double(bitPattern: high << 32 | low)
                        out[i] = Float(value)
                        if value.isFinite && !out[i].isFinite && nonFiniteIndex == nil { nonFiniteIndex = i }
                    }
                }
            }
            initialized = count
        }
        if let index = nonFiniteIndex {
            throw SynapseError.invalidData("\(source): float64 value at index \(index) is outside Float's range (±\(Float.greatestFiniteMagnitude))")
        }
        return values
    }

    @inline(__always)
    private static func bigEndian32(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
    }
}

private extension String {
    /// The string with zeros in front, to at least `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
