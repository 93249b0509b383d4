import Foundation

/// Reading and writing IDX files, the format of the MNIST data set.
///
/// An IDX file is a big-endian header followed by the values in row-major order. The header is a
/// four-byte magic number — two zero bytes, a byte naming the element type (``DataType``) and a byte
/// giving the number of dimensions — then each dimension as a 32-bit unsigned integer.
/// For example `0x00000803` starts a file of unsigned bytes in three dimensions (MNIST's images,
/// `[count, rows, columns]`) and `0x00000801` a file of unsigned bytes in one dimension (its labels).
///
/// Files compressed with gzip are decompressed transparently, recognised by their first two bytes
/// (`1f 8b`) rather than by their name. The values must fill the declared shape exactly: a file with
/// fewer bytes (truncated) or more bytes (extra data) than its header declares is rejected, and a
/// reader never allocates more than the data actually present.
///
/// ```swift
/// let labels = try IDX.read(contentsOf: "Data/mnist/t10k-labels-idx1-ubyte.gz")  // shape [10000]
/// ```
public enum IDX {
    /// The type of the values stored in an IDX file: the third byte of its magic number.
    public enum DataType: UInt8, CaseIterable, Sendable, CustomStringConvertible {
        /// Unsigned 8-bit integers (code `0x08`).
        case uint8 = 0x08
        /// Signed 8-bit integers (code `0x09`).
        case int8 = 0x09
        /// Signed 16-bit big-endian integers (code `0x0B`).
        case int16 = 0x0B
        /// Signed 32-bit big-endian integers (code `0x0C`).
        case int32 = 0x0C
        /// IEEE 754 single-precision big-endian floats (code `0x0D`).
        case float32 = 0x0D
        /// IEEE 754 double-precision big-endian floats (code `0x0E`).
        case float64 = 0x0E

        /// The number of bytes one value takes.
        public var byteWidth: Int {
            switch self {
            case .uint8, .int8: return 1
            case .int16: return 2
            case .int32, .float32: return 4
            case .float64: return 8
            }
        }

        /// The type's name, as used in messages (`"uint8"`, `"float32"`, …).
        public var description: String {
            switch self {
            case .uint8: return "uint8"
            case .int8: return "int8"
            case .int16: return "int16"
            case .int32: return "int32"
            case .float32: return "float32"
            case .float64: return "float64"
            }
        }
    }

    /// The contents of an IDX file: its values and the type they were stored as.
    public struct Contents {
        /// The type the values were stored as.
        public var dataType: DataType
        /// The values as `Float`, with the shape the header declares.
        public var tensor: Tensor

        /// Creates contents from a stored type and values.
        public init(dataType: DataType, tensor: Tensor) {
            self.dataType = dataType
            self.tensor = tensor
        }
    }

    /// Reads the IDX file at `path` (gzip-compressed or not) as a tensor of `Float` values with the
    /// shape its header declares.
    ///
    /// Integer types convert exactly up to 2²⁴ in magnitude (larger `int32` values round to the
    /// nearest `Float`); `float64` values are rounded to `Float`. NaN and infinite floats are returned
    /// as stored; use ``validateFinite(_:name:)`` to reject them.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` if the file is missing or unreadable, its magic number
    ///   is not an IDX one, its gzip data is corrupt or truncated, or its data is shorter or longer
    ///   than its header declares; ``SynapseError/invalidData(_:)`` if a `float64` value does not
    ///   fit in a `Float`.
    public static func read(contentsOf path: String) throws -> Tensor {
        try readContents(of: path).tensor
    }

    /// Reads the IDX file at `url`; see ``read(contentsOf:)-(String)``.
    public static func read(contentsOf url: URL) throws -> Tensor {
        try readContents(of: url.path).tensor
    }

    /// Reads the IDX file at `path` together with the type its values were stored as.
    ///
    /// - Throws: as ``read(contentsOf:)-(String)``.
    public static func readContents(of path: String) throws -> Contents {
        let bytes = try FileBytes.read(atPath: path, kind: "IDX file")
        return try decode(bytes, source: "IDX file '\(path)'")
    }

    /// Decodes the bytes of an IDX file already in memory (gzip-compressed or not).
    ///
    /// - Parameter source: how to name the data in error messages.
    /// - Throws: as ``read(contentsOf:)-(String)``.
    public static func decode(_ bytes: [UInt8], source: String = "IDX data") throws -> Contents {
        if Gzip.isCompressed(bytes) {
            let stream = try GzipByteSource(compressed: bytes, source: source + " (gzip-compressed)")
            return try IDXDecoder(source: source + " (gzip-compressed)", bytes: stream).decode()
        }
        return try IDXDecoder(source: source, bytes: StoredByteSource(bytes)).decode()
    }
}
