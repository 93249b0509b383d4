extension IDX {
    /// The bytes of an IDX file holding `tensor`'s values stored as `dataType`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if the tensor is a scalar, has more than 255
    ///   dimensions or a dimension above 2³²−1; ``SynapseError/invalidData(_:)`` if a value cannot
    ///   be stored exactly as an integer `dataType` (not a whole number, or out of its range).
    public static func encode(_ tensor: Tensor, as dataType: DataType = .uint8) throws -> [UInt8] {
        guard (1...255).contains(tensor.rank) else {
            throw SynapseError.invalidArgument("IDX.encode: an IDX file holds 1 to 255 dimensions, found shape \(tensor.shape)")
        }
        if let big = tensor.shape.first(where: { $0 > Int(UInt32.max) }) {
            throw SynapseError.invalidArgument("IDX.encode: dimensions must be at most \(UInt32.max), found \(big) in shape \(tensor.shape)")
        }
        var bytes: [UInt8] = [0, 0, dataType.rawValue, UInt8(tensor.rank)]
        bytes.reserveCapacity(4 + 4 * tensor.rank + tensor.count * dataType.byteWidth)
        for d in tensor.shape { appendBigEndian(UInt32(d), to: &bytes) }
        let range = integerRange(of: dataType)
        for (index, value) in tensor.scalars.enumerated() {
            if let range {
                guard value.rounded() == value, range.contains(Double(value)) else {
                    throw SynapseError.invalidData("IDX.encode: value \(value) at index \(index) cannot be stored as \(dataType) (whole numbers in \(Int(range.lowerBound))...\(Int(range.upperBound)))")
                }
            }
            switch dataType {
            case .uint8: bytes.append(UInt8(value))
            case .int8: bytes.append(UInt8(bitPattern: Int8(value)))
            case .int16:
                let bits = UInt16(bitPattern: Int16(value))
                bytes.append(UInt8(bits >> 8)); bytes.append(UInt8(bits & 0xFF))
            case .int32: appendBigEndian(UInt32(bitPattern: Int32(value)), to: &bytes)
            case .float32: appendBigEndian(value.bitPattern, to: &bytes)
            case .float64:
                let bits = Double(value).bitPattern
                appendBigEndian(UInt32(bits >> 32), to: &bytes)
                appendBigEndian(UInt32(bits & 0xFFFF_FFFF), to: &bytes)
            }
        }
        return bytes
    }

    /// Writes `tensor` to an IDX file at `path`, optionally gzip-compressed.
    ///
    /// The file is written under a temporary name and then renamed, so a crash never leaves a
    /// half-written file.
    ///
    /// - Parameters:
    ///   - dataType: how to store the values; integer types need whole numbers in their range.
    ///   - compressed: whether to gzip the file (conventionally named `….gz`).
    /// - Throws: as ``encode(_:as:)``, and ``SynapseError/fileError(_:)`` if the file cannot be written.
    public static func write(_ tensor: Tensor, toPath path: String, as dataType: DataType = .uint8,
                             compressed: Bool = false) throws {
        var bytes = try encode(tensor, as: dataType)
        if compressed { bytes = try Gzip.compress(bytes) }
        try FileBytes.writeAtomically(bytes, toPath: path, kind: "IDX file")
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value >> 24)); bytes.append(UInt8((value >> 16) & 0xFF))
        bytes.append(UInt8((value >> 8) & 0xFF)); bytes.append(UInt8(value & 0xFF))
    }

    /// The values an integer type holds, or nil for floating-point types.
    private static func integerRange(of dataType: DataType) -> ClosedRange<Double>? {
        switch dataType {
        case .uint8: return 0...255
        case .int8: return -128...127
        case .int16: return -32768...32767
        case .int32: return -2_147_483_648...2_147_483_647
        case .float32, .float64: return nil
        }
    }
}
