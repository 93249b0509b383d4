/// How a convolution or pooling window treats the edges of its input, with Keras's names.
public enum Padding: String, Sendable, CaseIterable {
    /// No padding: the window only visits positions where it fits entirely;
    /// output size ⌊(input − extent) / stride⌋ + 1.
    case valid
    /// Zeros around the input so that the output size is ⌈input / stride⌉. When the padding is odd,
    /// the extra zero goes at the end (right, bottom), as TensorFlow and Keras do.
    case same
    /// For 1-D convolutions: all padding at the start, so that output step t sees inputs up to t only.
    case causal

    /// The padding named by a configuration value (`"valid"`, `"same"`, `"causal"`).
    init(configurationValue value: JSONValue?, owner: String, allowed: [Padding]) throws {
        guard case .string(let text)? = value ?? .string("valid"), let padding = Padding(rawValue: text.lowercased()),
              allowed.contains(padding) else {
            throw SynapseError.fileError("\(owner): padding must be one of \(allowed.map { "'\($0.rawValue)'" }.joined(separator: ", ")), found \(value.map { "\($0)" } ?? "nothing")")
        }
        self = padding
    }

    /// The value saved in configurations.
    var configurationValue: JSONValue { .string(rawValue) }
}
