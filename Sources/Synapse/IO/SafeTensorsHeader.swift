/// What a `.safetensors` file holds, read from its header without converting any value: each
/// tensor's name, dtype (as the file stores it) and shape, and the metadata.
///
/// ```swift
/// let header = try SafeTensorsHeader.read(from: "model.safetensors")
/// for tensor in header.tensors { print(tensor.name, tensor.dataType, tensor.shape) }
/// // dense.kernel F32 [4, 16]
/// header.metadata["format"]   // "synapse"
/// ```
///
/// The file is checked exactly as ``SafeTensorsFile/read(from:)`` checks it (offsets, sizes, gaps,
/// overlaps, dtypes Synapse can read), so a header that reads is a file that loads.
public struct SafeTensorsHeader: Equatable, Sendable {
    /// One tensor's entry in the header.
    public struct TensorInfo: Equatable, Sendable {
        /// The tensor's name, such as `dense_1.kernel`.
        public let name: String
        /// The dtype as the file names it: `F32`, `F16`, `BF16`, `I64`, …
        public let dataType: String
        /// The tensor's shape; `[]` for a scalar.
        public let shape: [Int]
        /// The byte range of its values within the data section, as `data_offsets` gives it.
        public let dataOffsets: Range<Int>

        /// The number of elements: the product of ``shape``.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// The tensors, in the order of their data in the file.
    public let tensors: [TensorInfo]
    /// The file's `__metadata__` entries.
    public let metadata: [String: String]

    /// Reads and validates the header of the safetensors file at `path`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file, as ``SafeTensorsFile/read(from:)``.
    public static func read(from path: String) throws -> SafeTensorsHeader {
        let bytes = try SafeTensorsFile.readWholeFile(atPath: path)
        let layout = try bytes.withUnsafeBytes {
            try SafeTensorsFile.decodeLayout(buffer: $0, source: "safetensors file '\(path)'")
        }
        let tensors = layout.entries.map {
            TensorInfo(name: $0.name, dataType: $0.dataType.rawValue, shape: $0.shape, dataOffsets: $0.begin..<$0.end)
        }
        return SafeTensorsHeader(tensors: tensors, metadata: layout.metadata)
    }
}
