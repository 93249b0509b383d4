/// The one error type Synapse throws.
///
/// Every case carries a message that names the operation, layer or file involved, what was expected
/// and what was found, so that a failure can be understood without a debugger.
public enum SynapseError: Error, Equatable, CustomStringConvertible {
    /// Operand shapes that cannot be combined (broadcasting, matrix products, concatenation, …).
    case shapeMismatch(String)
    /// An argument outside its valid range: an axis, a count, a rate, a batch size.
    case invalidArgument(String)
    /// Data that cannot be used: NaN values, labels out of range, empty data sets.
    case invalidData(String)
    /// A file that cannot be read or written, or whose contents are malformed.
    case fileError(String)
    /// A model used in a way its state does not allow (for example `fit` before `compile`).
    case invalidState(String)

    /// The human-readable message.
    public var message: String {
        switch self {
        case .shapeMismatch(let m), .invalidArgument(let m), .invalidData(let m),
             .fileError(let m), .invalidState(let m):
            return m
        }
    }

    public var description: String {
        switch self {
        case .shapeMismatch(let m): return "Shape mismatch: \(m)"
        case .invalidArgument(let m): return "Invalid argument: \(m)"
        case .invalidData(let m): return "Invalid data: \(m)"
        case .fileError(let m): return "File error: \(m)"
        case .invalidState(let m): return "Invalid state: \(m)"
        }
    }
}

extension SynapseError {
    /// The error as a ``SynapseError/fileError(_:)`` whose message begins with `source` (what names
    /// the file), for errors met while reading a file's contents.
    func asFileError(of source: String) -> SynapseError {
        message.hasPrefix(source) ? .fileError(message) : .fileError("\(source): \(message)")
    }
}
