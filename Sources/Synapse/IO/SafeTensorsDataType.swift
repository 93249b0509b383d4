/// The element types Synapse can read from a safetensors file, and how each becomes a `Float`.
///
/// | dtype | bytes | conversion to `Float` |
/// | --- | --- | --- |
/// | F32 | 4 | exact, bit for bit (NaN payloads included) |
/// | F64 | 8 | rounded to nearest; out-of-range values become ±infinity |
/// | F16 | 2 | exact (IEEE half precision, subnormals, infinities and NaN included) |
/// | BF16 | 2 | exact (the upper 16 bits of an F32) |
/// | I64, U64, I32, U32 | 8, 4 | rounded to nearest when beyond 2^24 in magnitude |
/// | I16, U16, I8, U8 | 2, 1 | exact |
/// | BOOL | 1 | 0 for a zero byte, 1 for any other byte |
///
/// Other safetensors dtypes (F8_E4M3, F8_E5M2, complex and sub-byte types, …) are rejected.
enum SafeTensorsDataType: String, CaseIterable {
    case f32 = "F32"
    case f64 = "F64"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case i8 = "I8"
    case u64 = "U64"
    case u32 = "U32"
    case u16 = "U16"
    case u8 = "U8"
    case bool = "BOOL"

    /// The size of one element in bytes.
    var byteCount: Int {
        switch self {
        case .f64, .i64, .u64: return 8
        case .f32, .i32, .u32: return 4
        case .f16, .bf16, .i16, .u16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// The dtype names accepted, for error messages.
    static var supportedList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Converts `count` little-endian elements starting at `bytes[offset]` to `Float`s.
    ///
    /// The caller has checked that `offset + count * byteCount <= bytes.count`.
    func floats(from bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, initialized in
            let size = byteCount
            func load<T: FixedWidthInteger>(_ i: Int, as _: T.Type) -> T {
                T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + i * size, as: T.self))
            }
            switch self {
            case .f32:
                #if _endian(little)
                UnsafeMutableRawBufferPointer(out).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count * size)]))
                #else
                for i in 0..<count { out[i] = Float(bitPattern: load(i, as: UInt32.self)) }
                #endif
            case .f64: for i in 0..<count { out[i] = Float(Double(bitPattern: load(i, as: UInt64.self))) }
            case .f16: for i in 0..<count { out[i] = Self.float(fromHalf: load(i, as: UInt16.self)) }
            case .bf16: for i in 0..<count { out[i] = Float(bitPattern: UInt32(load(i, as: UInt16.self)) << 16) }
            case .i64: for i in 0..<count { out[i] = Float(load(i, as: Int64.self)) }
            case .i32: for i in 0..<count { out[i] = Float(load(i, as: Int32.self)) }
            case .i16: for i in 0..<count { out[i] = Float(load(i, as: Int16.self)) }
            case .i8: for i in 0..<count { out[i] = Float(load(i, as: Int8.self)) }
            case .u64: for i in 0..<count { out[i] = Float(load(i, as: UInt64.self)) }
            case .u32: for i in 0..<count { out[i] = Float(load(i, as: UInt32.self)) }
            case .u16: for i in 0..<count { out[i] = Float(load(i, as: UInt16.self)) }
            case .u8: for i in 0..<count { out[i] = Float(load(i, as: UInt8.self)) }
            case .bool: for i in 0..<count { out[i] = load(i, as: UInt8.self) == 0 ? 0 : 1 }
            }
            initialized = count
        }
    }

    /// The value of an IEEE 754 half-precision number given by its bits.
    static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            // Infinity or NaN (the payload is kept in the top mantissa bits).
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            // Normal: rebias the exponent from 15 to 127.
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }
}
