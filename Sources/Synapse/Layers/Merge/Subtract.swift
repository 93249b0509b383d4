/// Subtracts its second input from its first (Keras's `Subtract`; exactly two inputs).
///
/// ```swift
/// let merged = try Subtract()([a, b])
/// ```
public final class Subtract: ElementwiseMergeLayer {
    public var name: String
    public var typeName: String { "Subtract" }
    public var operation: MergeOperation { .subtract }

    /// A Subtract layer.
    public init(name: String = "") { self.name = name }

    public convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
}
