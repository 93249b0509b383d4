/// Declares the shape of one input sample (without the batch axis), like `keras.Input`.
///
/// In a ``Sequential`` model it comes first; in the functional API it is the symbolic tensor that
/// layers are called on:
///
/// ```swift
/// Input(784)               // vectors of 784 features
/// Input(shape: [28, 28])   // 28 × 28 matrices
///
/// let input = Input(shape: [784])
/// let output = try Dense(10, activation: .softmax)(input)
/// ```
public final class Input: SymbolicTensor, Layer {
    public var name: String
    public var typeName: String { "InputLayer" }

    /// Vectors of `features` values.
    public convenience init(_ features: Int) { self.init(shape: [features]) }

    /// Samples of the given shape (batch axis excluded).
    public init(shape: [Int], name: String = "") {
        self.name = name
        super.init(shape: shape, node: nil, outputIndex: 0)
    }

    public var configuration: [String: JSONValue] { ["shape": .array(shape.map { .number(Double($0)) })] }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(shape: try configuration.shape("shape"), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard inputShape == shape else {
            throw SynapseError.shapeMismatch("\(name.isEmpty ? "Input" : name): expected samples of shape \(shape), found \(inputShape)")
        }
        return shape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard Array(input.shape.dropFirst()) == shape else {
            throw SynapseError.shapeMismatch("\(name.isEmpty ? "Input" : name): expected a batch of samples of shape \(shape), i.e. [batch] + \(shape), found \(input.shape)")
        }
        return input
    }
}
