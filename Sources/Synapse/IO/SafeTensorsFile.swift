/// Named tensors and string metadata, as stored in a `.safetensors` file.
///
/// [safetensors](https://huggingface.co/docs/safetensors) is the tensor file format of Hugging Face,
/// readable by Python's `safetensors`, PyTorch, numpy, JAX and many others. A file is:
///
/// 1. 8 bytes: `N`, the header length, a little-endian unsigned 64-bit integer;
/// 2. `N` bytes: a UTF-8 JSON object mapping each tensor name to
///    `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, plus an optional
///    `"__metadata__"` object of string keys and string values; Synapse pads it with spaces to a
///    multiple of 8 bytes so that the data that follows is aligned;
/// 3. the data section: every tensor's values, little-endian, row-major, laid out back to back with
///    no gaps and no overlaps; `data_offsets` are relative to the start of this section.
///
/// Synapse writes `F32` only. It reads `F32` exactly and converts `F64`, `F16`, `BF16`, `I64`, `I32`,
/// `I16`, `I8`, `U64`, `U32`, `U16`, `U8` and `BOOL` to `Float` (F16, BF16, 8- and 16-bit integers and
/// BOOL exactly; F64 and 32/64-bit integers rounded to the nearest `Float`; BOOL as 0 or 1). Any other
/// dtype is an error.
///
/// ```swift
/// var file = SafeTensorsFile(metadata: ["format": "synapse"])
/// file["dense_1.kernel"] = kernel
/// file["dense_1.bias"] = bias
/// try file.write(to: "model.safetensors")          // atomic: a crash never leaves half a file
///
/// let loaded = try SafeTensorsFile.read(from: "model.safetensors")
/// loaded["dense_1.kernel"]                          // the same values, bit for bit
/// ```
///
/// Reading never trusts the file: every length, offset and shape is checked against the actual size
/// before it is used, and anything malformed throws ``SynapseError/fileError(_:)`` naming the file
/// and the problem.
///
/// Two values are equal when their tensors, order and metadata are; tensors compare with `==`, so a
/// file holding a NaN is not equal to itself (compare `scalars.map(\.bitPattern)` for exactness).
public struct SafeTensorsFile: Equatable {
    /// The tensors, by name.
    public var tensors: [String: Tensor]

    /// The order in which the tensors' data is laid out in the file.
    ///
    /// After ``read(from:)`` or ``decode(_:source:)`` this lists every tensor in the order of its data
    /// in the file. When writing, tensors are laid out in this order, followed by any tensor that
    /// `order` does not mention, sorted by name. Naming a tensor twice, or naming one that is not in
    /// ``tensors``, makes ``encoded()`` and ``write(to:)`` throw. The subscript keeps `order` up to date.
    public var order: [String]

    /// Free-form string metadata, stored in the file's `"__metadata__"` entry.
    public var metadata: [String: String]

    /// The largest header Synapse reads or writes, in bytes (the limit of the reference implementation).
    public static let maximumHeaderByteCount = 100_000_000

    /// The header key that holds ``metadata``; it cannot be used as a tensor name.
    public static let metadataKey = "__metadata__"

    /// Creates a file's contents from tensors and metadata.
    ///
    /// - Parameters:
    ///   - tensors: the tensors, by name.
    ///   - order: the layout order of the tensors' data; `nil` lays them out sorted by name.
    ///   - metadata: string metadata to store with them.
    public init(tensors: [String: Tensor] = [:], order: [String]? = nil, metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.order = order ?? tensors.keys.sorted()
        self.metadata = metadata
    }

    /// The tensor named `name`; setting a new name appends it to ``order``, setting `nil` removes it.
    public subscript(name: String) -> Tensor? {
        get { tensors[name] }
        set {
            if let tensor = newValue {
                if tensors.updateValue(tensor, forKey: name) == nil && !order.contains(name) {
                    order.append(name)
                }
            } else {
                tensors[name] = nil
                order.removeAll { $0 == name }
            }
        }
    }

    /// Reads and validates the safetensors file at `path`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file, if it is missing or unreadable, or if
    ///   anything in it is malformed: a file shorter than 8 bytes, a header length beyond the file,
    ///   a header that is not a JSON object of well-formed entries, an unsupported dtype, a bad shape,
    ///   offsets that disagree with the shape, fall outside the data, overlap or leave gaps, or a name
    ///   that appears twice.
    public static func read(from path: String) throws -> SafeTensorsFile {
        let bytes = try readWholeFile(atPath: path)
        return try decode(bytes, source: "safetensors file '\(path)'")
    }

    /// Decodes and validates the bytes of a safetensors file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: what to call the bytes in error messages, such as the name of the file they came from.
    /// - Throws: ``SynapseError/fileError(_:)`` beginning with `source`, for the problems listed
    ///   under ``read(from:)``.
    public static func decode(_ bytes: [UInt8], source: String = "safetensors data") throws -> SafeTensorsFile {
        try bytes.withUnsafeBytes { try decode(buffer: $0, source: source) }
    }

    /// The complete file contents: header length, padded JSON header and `F32` data.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if ``order`` names a tensor twice or names one
    ///   that does not exist, if a tensor is named `"__metadata__"`, or if the header would exceed
    ///   ``maximumHeaderByteCount``.
    public func encoded() throws -> [UInt8] {
        try encode(op: "SafeTensorsFile.encoded()")
    }

    /// Writes the file to `path` atomically (see ``AtomicFileWriter``): the data goes to a temporary
    /// file in the same folder, which is flushed to disk and then renamed over `path`. If anything
    /// fails, the temporary file is removed and whatever was at `path` before is left untouched.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for the problems listed under ``encoded()``, and
    ///   ``SynapseError/fileError(_:)`` naming the file if it cannot be written.
    public func write(to path: String) throws {
        let bytes = try encode(op: "SafeTensorsFile.write(to: '\(path)')")
        try AtomicFileWriter.write(bytes, to: path)
    }
}
