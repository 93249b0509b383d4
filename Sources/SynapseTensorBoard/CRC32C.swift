/// CRC-32C (Castagnoli), the checksum TensorFlow's record files use, and its "masked" form.
///
/// Written here rather than taken from a library: it is a 256-entry table and a loop, and the one
/// Swift package that offers it (swift-crypto's internals) is not public API.
///
/// ```swift
/// CRC32C.checksum(Array("123456789".utf8))   // 0xE3069283, the standard check value
/// ```
public enum CRC32C {
    /// The reflected Castagnoli polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78
    /// What TensorFlow adds to a rotated checksum (`kMaskDelta` in TensorFlow's crc32c.h).
    static let maskDelta: UInt32 = 0xA282_EAD8

    /// The byte-at-a-time table: entry `b` is the checksum register after shifting `b` through.
    private static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The masked checksum TensorFlow stores in a record, `((crc >> 15) | (crc << 17)) &+ 0xa282ead8`,
    /// so that a checksum of data holding checksums stays well distributed.
    public static func masked<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ maskDelta
    }
}
