/// Averages its inputs elementwise (Keras's `Average`).
///
/// ```swift
/// let merged = try Average()([a, b])
/// ```
public final class Average: ElementwiseMergeLayer {
    public var name: String
    public var typeName: String { "Average" }
    public var operation: MergeOperation { .average }

    /// A Average layer.
    public init(name: String = "") { self.name = name }

    public convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
}
