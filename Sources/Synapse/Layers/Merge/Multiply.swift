/// Multiplies its inputs elementwise (Keras's `Multiply`).
///
/// ```swift
/// let merged = try Multiply()([a, b])
/// ```
public final class Multiply: ElementwiseMergeLayer {
    public var name: String
    public var typeName: String { "Multiply" }
    public var operation: MergeOperation { .multiply }

    /// A Multiply layer.
    public init(name: String = "") { self.name = name }

    public convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
}
